"""Exercises of notebook 03, "Dual use"."""

from typing import Any

import pandas as pd

from ..data import load
from ..feedback import Check, Discussion, register
from ..text import print_wrapped

#: The six principles, in the order the scenarios table codes them.
PRINCIPLES = ("legality", "legitimate_aim", "necessity", "proportionality", "oversight", "remedy")

#: The scenarios learners classify in section 2, before Check 2 computes which cases fail:
#: each has a principle coded "contested", or turns on an emergency exception, so the
#: classification asks for judgement. C15 (a judge signed, yet unlawful) against C18 (no
#: warrant first, yet lawful) is the hardest contrast; C13 "depends", C04 is "unlawful".
SCENARIOS_TO_CLASSIFY = ("C04", "C13", "C15", "C18")


def coded_reading(row: pd.Series) -> str:
    """The reading the principle columns imply: any "not met" is unlawful, all "met" lawful."""
    values = [row[principle] for principle in PRINCIPLES]
    if "not met" in values:
        return "unlawful"
    return "lawful" if all(value == "met" for value in values) else "depends"


def full_share() -> float:
    """Share of scenarios in which the whole phone is copied."""
    return float((load("dual_use_scenarios")["scope"] == "full").mean())


def failing_scenarios() -> list[str]:
    """Ids of the scenarios that fail at least one principle (coded "not met")."""
    scenarios = load("dual_use_scenarios")
    fails = (scenarios[list(PRINCIPLES)] == "not met").any(axis=1)
    return scenarios.loc[fails, "scenario_id"].tolist()


def failing_mask() -> list[bool]:
    """The slip: the True/False column itself, one value per row, instead of the ids it picks."""
    scenarios = load("dual_use_scenarios")
    return (scenarios[list(PRINCIPLES)] == "not met").any(axis=1).tolist()


def failing_row_numbers() -> list[int]:
    """The slip: the row numbers (the index) of the failing scenarios instead of their ids."""
    scenarios = load("dual_use_scenarios")
    fails = (scenarios[list(PRINCIPLES)] == "not met").any(axis=1)
    return scenarios.index[fails].tolist()


def any_text(give: str = "ids") -> list:
    """The slip: .any(axis=1) on the text columns themselves, where any non-empty text counts as True.

    Every row then passes, so the answer is every scenario id (``give="ids"``), or the True/False
    column itself (``"mask"``) or every row number (``"rows"``) for the slips made on top of it.
    """
    scenarios = load("dual_use_scenarios")
    passes = scenarios[list(PRINCIPLES)].any(axis=1)
    if give == "mask":
        return passes.tolist()
    return scenarios.index[passes].tolist() if give == "rows" else scenarios.loc[passes, "scenario_id"].tolist()


def not_all_met() -> list[str]:
    """The slip: scenarios with any principle not "met", counting "contested" as failing."""
    scenarios = load("dual_use_scenarios")
    short = (scenarios[list(PRINCIPLES)] != "met").any(axis=1)
    return scenarios.loc[short, "scenario_id"].tolist()


def classifications() -> dict[str, str]:
    """The coded reading of each scenario that learners classify."""
    scenarios = load("dual_use_scenarios").set_index("scenario_id")
    return {sid: str(scenarios.loc[sid, "coded_reading"]) for sid in SCENARIOS_TO_CLASSIFY}


def coverage_counts(covering: tuple[str, ...] = ("yes",), since: str | None = None) -> dict[str, int]:
    """How many instruments clearly cover extraction tools, and how many target remote spyware.

    The labels are the column names. ``since`` gives the slip of counting from 2010 on, which
    leaves out the 1966 Covenant (drawn left of the chart's broken time axis).
    """
    instruments = load("governance_instruments")
    if since is not None:
        instruments = instruments[instruments["date"] >= since]
    return {
        "covers_extraction": int(instruments["covers_extraction"].isin(covering).sum()),
        "targets_remote_spyware": int(instruments["targets_remote_spyware"].sum()),
    }


def days_to_exit() -> pd.Series:
    """Days from what preceded each exit to its announcement, for the exits with a dated trigger.

    A month-level date stands for the first of its month. Rows without a trigger date give
    a missing span, which .median() skips, so no filter is needed.
    """
    exits = load("vendor_exits")
    return (exits["announced"] - exits["trigger_date"]).dt.days.dropna()


register(Check(
    "03.full_share",
    full_share,
    hint='Compare the scope column with "full"; .mean() of True/False values gives the share.',
    decimals=2,
    slips=(("That looks like the share of targeted extractions: which value of scope copies the "
            "whole phone?", lambda: 1 - full_share()),
           ('Your comparison matched no row at all: check the spelling of the column name and of '
            '"full" (lower case, in quotes).', lambda: 0.0)),
))
register(Check(
    "03.failing_scenarios",
    failing_scenarios,
    hint=(
        'Compare all six principle columns with "not met" at once; .any(axis=1) then marks each row '
        "with at least one. Pick those rows as in notebook 01 and give their scenario ids."
    ),
    slips=(*((("That is every case: .any(axis=1) on the text columns counts any non-empty text, "
               '"met" included, as True. Compare the principle columns with the value that means '
               "failure first, then ask which rows have any True."), lambda give=give: any_text(give))
             for give in ("ids", "rows", "mask")),
           ('"contested" is not a failure: a scenario fails a principle only where it is coded '
            '"not met".', not_all_met),
           ("That is the True/False column itself, one value per scenario: use it to pick the "
            "failing rows, then give their scenario ids.", failing_mask),
           ('Those look like row numbers (the index), not scenario ids: pick the "scenario_id" '
            "column of the failing rows.", failing_row_numbers)),
))
register(Discussion(
    "03.classify_scenarios",
    ("lawful", "unlawful", "depends"),
    hint=(
        "Give a dict with one entry per scenario id printed above, each set to one of the three "
        "labels the prompt names, in quotes."
    ),
    expected=classifications,
    reading=("Re-read, in section 2, each principle for the cases you hesitated on, and the coding rule "
            "in the prompt."),
))
register(Check(
    "03.coverage_counts",
    coverage_counts,
    hint=(
        'Count the rows whose covers_extraction is "yes" (.sum() of a True/False column), and the '
        'rows where targets_remote_spyware is True; put both in a dict whose labels are the two '
        'column names, "covers_extraction" and "targets_remote_spyware".'
    ),
    slips=(('"unclear" is not "clearly covers": count only the instruments coded "yes".',
            lambda: coverage_counts(("yes", "unclear"))),
           ("That count leaves out the 1966 Covenant, at the far left of the chart: count over "
            "all 17 rows of instruments.", lambda: coverage_counts(since="2010-01-01"))),
))
register(Check(
    "03.median_days_to_exit",
    lambda: int(round(days_to_exit().median())),
    hint=(
        "Subtracting one date column from the other gives a time span per row; .dt.days turns spans "
        "into numbers of days, as in notebook 01. You need the middle one of these."
    ),
    decimals=0,
    slips=(("That is the mean; the median is the middle value, which one slow exit cannot pull up.",
            lambda: float(days_to_exit().mean())),
           ("That is the mean; the median is the middle value, which one slow exit cannot pull up.",
            lambda: int(round(days_to_exit().mean())))),
))
register(Discussion(
    "03.vendor_posture",
    ("reactive", "partly proactive", "proactive"),
    hint='Set choice to one of the three options exactly as written, e.g. choice = "reactive".',
    reading=(
        "In the four exits with a dated trigger, each was announced after what preceded it: a petition "
        "reported by Haaretz, a US order, or a published investigation such as Amnesty's (the first two "
        'are described under Going further, in "What the vendors said"). Refusals made '
        "before any warning would rarely be reported, so this table cannot show them. Amnesty called "
        "Cellebrite's Serbia suspension a first step and asked it to revamp its due diligence before "
        "reinstating any customer there (Amnesty International Security Lab, 26 February 2025)."
    ),
))


# ------------------------------------------------------------------ plumbing for the notebook
# Kept out of the notebook so that its code stays about the data: printing the cases to classify,
# and the two charts (each returns the figure, its caption and its text description, ready for
# show_figure(*...)). The notebook points learners to help() on the charts, not to this file,
# which also computes the expected answers.


def show_cases(scenarios: pd.DataFrame, ids: tuple[str, ...] = SCENARIOS_TO_CLASSIFY) -> None:
    """Print each chosen case: its id, authorisation and scope, then its summary."""
    for row in scenarios[scenarios["scenario_id"].isin(ids)].itertuples():
        print_wrapped(f"{row.scenario_id} ({row.authorisation}, {row.scope}): {row.summary}\n")


def governance_chart(instruments: pd.DataFrame) -> tuple[Any, str, str]:
    """Every instrument in date order: marker by coverage of extraction tools, filled if binding.

    The time axis is broken after the 1966 Covenant, so that the instruments since 2011 keep their
    spacing while the Covenant, which Check 3 counts, stays on the chart.
    """
    import matplotlib.pyplot as plt

    from ..figures import PALETTE

    timeline = instruments.sort_values("date").reset_index(drop=True)
    early = timeline["date"] < "2000-01-01"
    style = {"yes": ("o", PALETTE[0]), "unclear": ("s", PALETTE[1]), "no": ("X", PALETTE[3])}
    fig, (left, ax) = plt.subplots(1, 2, sharey=True, figsize=(10, 7), width_ratios=(1, 9),
                                   gridspec_kw={"wspace": 0.08})
    for (answer, binding), group in timeline.groupby(["covers_extraction", "binding"]):
        marker, colour = style[answer]
        for axis, part in ((left, group[early[group.index]]), (ax, group[~early[group.index]])):
            axis.scatter(part["date"], part.index, marker=marker, s=110, linewidth=2, edgecolor=colour,
                         facecolor=colour if binding else "white",
                         label=f"covers extraction: {answer}, {'binding' if binding else 'not binding'}")
    first, last = timeline.loc[early, "date"].min(), timeline.loc[~early, "date"]
    left.set_xlim(first - pd.DateOffset(years=1), first + pd.DateOffset(years=1))
    left.set_xticks([first], [str(first.year)])
    ax.set_xlim(last.min() - pd.DateOffset(months=6), last.max() + pd.DateOffset(months=6))
    left.spines["right"].set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.tick_params(left=False)
    for axis, x in ((left, 1), (ax, 0)):   # the usual diagonal marks of a broken axis
        axis.plot([x, x], [0, 1], transform=axis.transAxes, color="white", linewidth=6, clip_on=False)
        axis.text(x, 0, "//", transform=axis.transAxes, ha="center", va="center", fontsize=12)
    tag = timeline["targets_remote_spyware"].map({True: " [spyware]", False: ""})
    left.set_yticks(timeline.index, timeline["instrument_id"] + " " + timeline["short_name"] + tag)
    left.invert_yaxis()
    ax.set_xlabel("Date adopted, decided or announced (the axis is broken after 1966)")
    handles, names = ax.get_legend_handles_labels()
    ax.legend(handles, names, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title("Governance of surveillance tools and phone searches")
    caption = (
        f"All {len(timeline)} instruments by date; the time axis breaks after 1966. Circle: clearly covers "
        "phone-extraction tools; square: unclear; cross: no. Filled: binding. [spyware]: aimed at remote spyware.")
    description = (
        "The ICCPR, a binding treaty, stands alone in 1966. Soft law and court rulings follow from 2011; binding "
        "trade rules and sanctions come from 2021. Every [spyware] row is a square or a cross. The circles (the "
        "ICCPR, the UN Guiding Principles, two court rulings, the UK's extraction code) govern searches or ask "
        "companies to check buyers; none can stop a sale.")
    return fig, caption, description


def exits_chart(exits: pd.DataFrame) -> tuple[Any, str, str]:
    """Each exit in order of announcement: what preceded it (circle), the announcement (square)."""
    import matplotlib.pyplot as plt

    from ..figures import PALETTE

    order = exits.sort_values("announced").reset_index(drop=True)
    known = order[order["trigger_date"].notna()]
    vague = order[order["announced_precision"] == "year"]   # known only to the year
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.hlines(known.index, known["trigger_date"], known["announced"], color="grey", linewidth=2, zorder=1)
    ax.scatter(known["trigger_date"], known.index, marker="o", s=90, color=PALETTE[3],
               label="what preceded it", zorder=2)
    ax.scatter(order["announced"], order.index, marker="s", s=90, color=PALETTE[0],
               label="exit (or suspension) announced", zorder=2)
    ax.hlines(vague.index, vague["announced"], vague["announced"] + pd.offsets.YearEnd(0), color=PALETTE[0],
              linestyle="--", linewidth=2, label="known only to the year", zorder=1)
    ax.set_yticks(order.index, order["vendor"] + ": " + order["countries"].str.replace(";", ", "))
    ax.invert_yaxis()
    ax.legend(loc="upper right")
    ax.set_title("From what preceded it to the exit")
    caption = (
        "Six exits by MSAB and Cellebrite (Serbia: a suspension), by announcement: circle, what preceded it; "
        "square, the announcement; dashed line, known only to the year.")
    description = _exits_description(order)
    return fig, caption, description


def _about(days: int) -> str:
    """A span in words: about so many weeks up to three months, more than so many months after."""
    if days < 91:
        weeks = round(days / 7)
        return f"about {_WORDS.get(weeks, str(weeks))} week{'s' if weeks != 1 else ''}"
    months = int(days // 30.44)
    return f"more than {_WORDS.get(months, str(months))} month{'s' if months != 1 else ''}"


_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
          9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}


def _exits_description(order: pd.DataFrame) -> str:
    """The chart's text description, written from the rows so that it cannot drift from the data."""
    def place(row: Any) -> str:
        return row.countries.replace(";", " and ")

    vague = [f"{row.vendor}'s {place(row)} exit is known only to the year {row.announced.year}"
             for row in order[order["announced_precision"] == "year"].itertuples()]
    undated = [place(row) for row in order[order["trigger_date"].isna()
                                           & (order["announced_precision"] != "year")].itertuples()]
    known = order[order["trigger_date"].notna()]
    groups: dict[str, list[str]] = {}
    for row in known.itertuples():
        groups.setdefault(_about((row.announced - row.trigger_date).days), []).append(
            f"{row.vendor}, {place(row)}")
    spans = [f"{span} ({'; '.join(labels)})" for span, labels in groups.items()]
    spans = ", ".join(spans[:-1]) + " and " + spans[-1] if len(spans) > 1 else spans[0]
    first = "; ".join(vague + [f"{' and '.join(undated)} has no dated earlier event"] if undated else vague)
    return (f"{first}. In the {_WORDS.get(len(known), len(known))} rows with both dates, each exit came "
            f"after what preceded it: {spans}.")

