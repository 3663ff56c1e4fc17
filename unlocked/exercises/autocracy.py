"""Exercises of notebook 05, "The autocracy criticism", and the screening helper it uses.

``screen(rule)`` runs a learner's customer-screening rule over the reported cases and the
reference democracies. A learner's function can fail in every way a function can: it may
raise, return something other than True/False, or never finish. Each of these ends in one
``LearnerError`` that says what happened and what to change (shown without a traceback),
and a rule that runs too long is stopped after a few seconds.
"""

from __future__ import annotations

import ctypes
import pprint
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..data import load
from ..errors import LearnerError
from ..feedback import Check, Discussion, register

#: The categories of each index that the notebook reads as democratic. Freedom House rates
#: freedom, not democracy; Free is the status a vendor would most plausibly read so.
DEMOCRATIC = {
    "fh": ("Free",),
    "vdem": ("electoral democracy", "liberal democracy"),
    "eiu": ("full democracy", "flawed democracy"),
}
#: V-Dem v15 has data up to this year; later cases are classified by it.
LAST_VDEM_YEAR = 2024
#: Countries a learner classifies in the first structured discussion.
TO_CLASSIFY = ("SRB", "BWA", "KEN", "HKG")
#: Seconds a learner's rule may run over all customers before it is stopped.
TIME_LIMIT = 3.0
#: What a learner's rule receives about each customer.
CUSTOMER_KEYS = ("iso3", "country", "year", "fh_status", "vdem_regime", "eiu_category")
#: What at_case_year shows: the case, the year it is rated in, V-Dem's 2024 and case-year categories.
CASE_YEAR_COLUMNS = ["case_id", "country", "year", "vdem_regime", "regime"]
#: The words in the decision column of screen()'s table, for a rule's True and False.
SOLD, REFUSED = "sold", "refused"


# ---------------------------------------------------------------- the data steps of the notebook


def abuse_cases() -> pd.DataFrame:
    """Reported cases the notebook counts as abuses: not reference cases, not low confidence."""
    cases = load("reported_cases")
    return cases[(cases["case_type"] != "reference_context") & (cases["confidence"] != "low")]


def democracy_columns(rated: pd.DataFrame) -> pd.DataFrame:
    """``rated`` with one True/False column per index: does it count the country as a democracy?

    ``fh_democracy`` is True where Freedom House says Free, ``vdem_democracy`` where V-Dem says
    electoral or liberal democracy, ``eiu_democracy`` where the EIU says full or flawed democracy.
    """
    return rated.assign(
        fh_democracy=rated["fh_status"].isin(DEMOCRATIC["fh"]),
        vdem_democracy=rated["vdem_regime"].isin(DEMOCRATIC["vdem"]),
        eiu_democracy=rated["eiu_category"].isin(DEMOCRATIC["eiu"]),
    )


def with_ratings(cases: pd.DataFrame) -> pd.DataFrame:
    """Cases joined to the latest rating of each index, with one True/False column per index.

    The registry's ``country`` and ``source_ids`` are dropped first, as in the notebook, so that
    no column comes out of the join with a suffix (``source_ids_x``, ``source_ids_y``)."""
    regimes = load("regimes").drop(columns=["country", "source_ids"])
    return democracy_columns(cases.merge(regimes, on="iso3", how="left", validate="many_to_one"))


def _joined_at_case_year(rated: pd.DataFrame, clip: bool = True) -> pd.DataFrame:
    """Rated cases, every column kept, joined to V-Dem's category (``regime``) in the year of
    each case, the year capped at V-Dem's last year."""
    year = rated["case_year"].clip(upper=LAST_VDEM_YEAR) if clip else rated["case_year"]
    history = load("vdem_history")[["iso3", "year", "regime"]]
    return rated.assign(year=year).merge(history, on=["iso3", "year"], validate="many_to_one")


def at_case_year(rated: pd.DataFrame, clip: bool = True) -> pd.DataFrame:
    """Rated cases joined to V-Dem's category (``regime``) in the year of each case, the year
    capped at V-Dem's last year, beside the 2024 category (``vdem_regime``).

    Only the columns that comparison needs are kept (CASE_YEAR_COLUMNS), one row per case,
    indexed by ``case_id``, so that the table a learner looks at shows what the check asks about.
    """
    return _joined_at_case_year(rated, clip)[CASE_YEAR_COLUMNS].set_index("case_id")


def share_changed(joined: pd.DataFrame) -> float:
    """Share of rows whose V-Dem category in the case year differs from the 2024 category."""
    return float((joined["regime"] != joined["vdem_regime"]).mean())


def democracy_shares() -> pd.Series:
    rated = with_ratings(abuse_cases())
    return rated[["fh_democracy", "vdem_democracy", "eiu_democracy"]].mean()


def readings() -> dict[str, str]:
    """How the three indices' latest ratings classify each country to classify."""
    regimes = load("regimes").set_index("iso3")
    result = {}
    for iso3 in TO_CLASSIFY:
        row = regimes.loc[iso3]
        votes = {row["fh_status"] in DEMOCRATIC["fh"], row["vdem_regime"] in DEMOCRATIC["vdem"],
                 row["eiu_category"] in DEMOCRATIC["eiu"]}
        if votes == {True}:
            result[str(row["country"])] = "democracy"
        elif votes == {False}:
            result[str(row["country"])] = "not a democracy"
        else:
            result[str(row["country"])] = "depends on the index"
    return result


INDEX_NAMES = {"fh": "Freedom House", "vdem": "V-Dem", "eiu": "EIU"}


def reading_reasons() -> dict[str, str]:
    """For each country to classify: what the three latest ratings say, in one line.

    Shown beside the coded reading once a learner's classification is recorded, so that the
    comparison rests on the ratings themselves, not on a key.
    """
    regimes = load("regimes").set_index("iso3")
    reasons = {}
    for iso3 in TO_CLASSIFY:
        row = regimes.loc[iso3]
        ratings = {"fh": row["fh_status"], "vdem": row["vdem_regime"], "eiu": row["eiu_category"]}
        democratic = [INDEX_NAMES[k] for k, value in ratings.items() if value in DEMOCRATIC[k]]
        verdict = ("democratic for all three" if len(democratic) == 3
                   else "democratic for none" if not democratic
                   else "democratic for " + _listed(democratic) + " only")
        reasons[str(row["country"])] = (", ".join(f"{INDEX_NAMES[k]} {v}" for k, v in ratings.items())
                                        + f": {verdict}")
    return reasons


def _the(name: str) -> str:
    """A name as a sentence uses it: "the" before the EIU and the countries whose names need it."""
    return f"the {name}" if name in ("EIU", "Philippines") or name.startswith("United ") else name


def _listed(names: list[str]) -> str:
    """Names as a sentence lists them: "A", "A and B", "A, B and C" (with "the" where needed)."""
    names = [_the(name) for name in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# ---------------------------------------------------------------- screening a learner's rule


def customers() -> pd.DataFrame:
    """Every customer a rule is tried on: the abuse cases, in their year, and the reference
    democracies in V-Dem's last year, each with the three ratings a rule may read."""
    cases = _joined_at_case_year(with_ratings(abuse_cases()))
    abuses = pd.DataFrame({
        "customer": cases["case_id"], "group": "reported abuse", "iso3": cases["iso3"],
        "country": cases["country"], "year": cases["year"], "fh_status": cases["fh_status"],
        "vdem_regime": cases["regime"], "eiu_category": cases["eiu_category"],
    })
    regimes = load("regimes")
    reference = regimes[regimes["role"] == "reference"]
    history = load("vdem_history")
    last = history[history["year"] == LAST_VDEM_YEAR].set_index("iso3")["regime"]
    lawful = pd.DataFrame({
        "customer": reference["iso3"], "group": "reference democracy", "iso3": reference["iso3"],
        "country": reference["country"], "year": LAST_VDEM_YEAR, "fh_status": reference["fh_status"],
        "vdem_regime": reference["iso3"].map(last), "eiu_category": reference["eiu_category"],
    })
    return pd.concat([abuses, lawful], ignore_index=True).astype({"year": "int64"})


class _TooSlow(BaseException):
    """Raised inside a learner's rule when it has run past the time limit. A BaseException,
    like KeyboardInterrupt, so that a rule's own ``except Exception`` cannot swallow it."""


def _run_with_deadline(rule: Callable, rows: list[dict], seconds: float) -> list[Any]:
    """Call ``rule`` on every row; raise _TooSlow in it once ``seconds`` have passed.

    A watchdog thread raises the exception asynchronously in the calling thread, as an
    interrupt would, so it works in any thread and on any platform. Like Jupyter's own
    interrupt, it cannot stop a single call that never returns to Python (a huge sum()
    inside C code); the learner then uses Kernel > Interrupt.
    """
    target = ctypes.c_ulong(threading.get_ident())
    lock, state = threading.Lock(), {"running": True}

    finished = threading.Event()

    def stop():
        # Raise again every half second in case the rule catches the first one itself.
        while not finished.wait(seconds if stop.first else 0.5):
            stop.first = False
            with lock:
                if state["running"]:
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(_TooSlow))
    stop.first = True

    watchdog = threading.Thread(target=stop, daemon=True)
    watchdog.start()
    try:
        return [rule(dict(row)) for row in rows]
    finally:
        finished.set()
        with lock:
            state["running"] = False
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)  # drop one not yet raised


def _name(rule: Any) -> str:
    """The name a learner gave their rule, or "" for a lambda or an unnamed callable."""
    name = getattr(rule, "__name__", None)
    return name if isinstance(name, str) and name.isidentifier() else ""


def screen(rule: Callable[[dict], bool]) -> pd.DataFrame:
    """Try a customer-screening rule on every reported abuse and every reference democracy.

    ``rule`` is a function you write. It receives one customer as a dict with the keys
    ``iso3``, ``country``, ``year``, ``fh_status`` (Freedom House, latest), ``vdem_regime``
    (V-Dem, in that year) and ``eiu_category`` (EIU, latest), and returns True to sell or
    False to refuse. The result has one row per customer and a column ``decision`` that says
    "sold" or "refused" in words, so that a table of it (``pd.crosstab``) is read by its labels.
    """
    if rule is ... or not callable(rule):
        raise LearnerError(
            "screen() needs a function: define one with def, e.g. def my_rule(customer): ..., "
            "then pass its name without brackets: screen(my_rule)."
        )
    table = customers()
    rows = table[list(CUSTOMER_KEYS)].astype(object).to_dict("records")
    name = _name(rule)
    who = f"Your rule {name}()" if name else "Your rule"
    try:
        answers = _run_with_deadline(rule, rows, TIME_LIMIT)
    except _TooSlow:
        raise LearnerError(
            f"{who} was stopped after {TIME_LIMIT:.0f} seconds: it seems never to finish "
            "(a loop without an end?). A rule only needs to look at the customer it is given "
            "and return True or False."
        ) from None
    except RecursionError:
        raise LearnerError(f"{who} calls itself without end; return True or False instead.") from None
    except Exception as error:  # the learner's code failed: say where, not a traceback
        kind = type(error).__name__
        hint = (" The keys are: " + ", ".join(CUSTOMER_KEYS) + ".") if isinstance(error, KeyError) else ""
        raise LearnerError(
            f"{who} stopped with {kind} on one of the customers.{hint} Try it on one customer "
            f"first, e.g. {name or 'my_rule'}(screen_example()), and fix the line the error points to."
        ) from None
    if not all(isinstance(answer, (bool, np.bool_)) for answer in answers):
        raise LearnerError(
            f"{who} should return True (sell) or False (refuse) for every customer, but it "
            "returned something else for at least one (None means a return was missing)."
        )
    return table.assign(decision=[SOLD if answer else REFUSED for answer in answers])


class _Example(dict):
    """A plain dict that prints one key per line, so that it fits beside JupyterLab's file browser."""

    def __repr__(self) -> str:
        return pprint.pformat(dict(self), width=60, sort_dicts=False)


def screen_example() -> dict:
    """One customer as a screening rule receives it (the first reported abuse)."""
    return _Example(customers()[list(CUSTOMER_KEYS)].astype(object).iloc[0])


def vdem_rule(customer: dict) -> bool:
    """The rule the check asks for: sell where V-Dem rates the country a democracy that year."""
    return customer["vdem_regime"] in DEMOCRATIC["vdem"]


def _blocked(rule: Callable[[dict], bool]) -> int:
    table = customers()
    abuses = table[table["group"] == "reported abuse"]
    return int(sum(not rule(row) for row in abuses[list(CUSTOMER_KEYS)].to_dict("records")))


# ---------------------------------------------------------------- the exercises


register(Check(
    "05.wording_count",
    lambda: int(load("vendor_statements")["quote"]
                .str.contains("democrati[sz]ed nations", case=False, regex=True).fillna(False).sum()),
    hint=("Test each quote for the words so that both spellings match (one pattern in which one "
          "place may hold either letter, or one test per spelling), let a row with no quote count "
          "as no, then add up the yeses."),
    slips=(("You counted only the spelling with a z: one outlet printed the same sentence with an s "
            "(democratised). The pattern [sz] matches either letter.",
            lambda: int(load("vendor_statements")["quote"]
                        .str.contains("democratized nations", case=False, regex=False).fillna(False).sum())),),
))
register(Check(
    "05.types_without_low",
    lambda: load("reported_cases").loc[lambda t: t["confidence"] != "low", "case_type"].value_counts(),
    hint=("Filter first (drop the low-confidence rows), then count how often each case type "
          "occurs in what is left; the answer is a Series of counts."),
    slips=(("These are the counts for every row: the low-confidence rows are still in. Filter them "
            "out first.", lambda: load("reported_cases")["case_type"].value_counts()),),
))
register(Check(
    "05.democracy_shares",
    democracy_shares,
    decimals=2,
    hint=("The share of True values in a True/False column is its mean; take it for each of "
          "the three democracy columns of rated at once, as one Series."),
    slips=(("These are the shares over every case: the notebook asks about the abuse cases only "
            "(no reference cases, no low-confidence rows).",
            lambda: with_ratings(load("reported_cases"))[
                ["fh_democracy", "vdem_democracy", "eiu_democracy"]].mean()),),
))
register(Check(
    "05.share_changed",
    lambda: share_changed(at_case_year(with_ratings(abuse_cases()))),
    decimals=2,
    hint=("Use the table then, with one row per case: mark the rows where the category in the "
          "case year differs from the 2024 category, and take the share of such rows."),
    slips=(
        ("Some cases fell out of your join: V-Dem v15 ends in 2024, and a case from 2025 finds no "
         "row. Cap the year with .clip(upper=2024) before joining, and check len() after a join.",
         lambda: share_changed(at_case_year(with_ratings(abuse_cases()), clip=False))),
        ("Your join matched each case to every year of its country: join on both iso3 and year.",
         lambda: share_changed(with_ratings(abuse_cases()).merge(load("vdem_history"), on="iso3"))),
    ),
))
register(Check(
    "05.blocked_by_vdem_rule",
    lambda: _blocked(vdem_rule),
    hint=("Your rule should say yes only for V-Dem's two democratic categories; then, in the "
          "table screen returns, count the reported abuses whose decision is refused (a crosstab "
          "of group and decision, as above, shows the count)."),
    slips=(
        ("Your rule sells only to liberal democracies: the rule asked for electoral or liberal democracies.",
         lambda: _blocked(lambda c: c["vdem_regime"] == "liberal democracy")),
        ("That is the number of reported abuses the rule lets through, not the number it blocks.",
         lambda: len(customers().query("group == 'reported abuse'")) - _blocked(vdem_rule)),
    ),
))
register(Discussion(
    "05.counts_as_democracy",
    ("democracy", "not a democracy", "depends on the index"),
    hint=('Give a dict with one entry per country named above, each set to "democracy", '
          '"not a democracy" or "depends on the index".'),
    expected=readings,
    reasons=reading_reasons,
))
register(Discussion(
    "05.pick_a_rule",
    ("Freedom House", "V-Dem", "EIU", "no regime rule"),
    hint="Set choice to one of the four options, in quotes, spelled exactly as listed.",
))



# ---------------------------------------------------------------- the notebook's first two charts
# Plumbing kept out of the notebook so that its code stays about the data; each function returns
# the figure, its caption and its text description, ready for show_figure(*...).

CASE_TYPES = ("targeted_use", "sale_or_customer", "reference_context")


def case_chart(cases: pd.DataFrame) -> tuple[Any, str, str]:
    """Cases by country (rows) and year; marker and colour by case type, hollow when low confidence."""
    import matplotlib.pyplot as plt

    from ..figures import MARKERS, PALETTE

    order = cases.groupby("country")["case_year"].min().sort_values(kind="stable").index
    y = cases["country"].map({country: i for i, country in enumerate(order)})
    # Cases of one country and year are shifted sideways so that none hides another.
    x = cases["case_year"] + cases.groupby(["country", "case_year"]).cumcount() * 0.25
    fig, ax = plt.subplots(figsize=(9, 6))
    for kind, marker, colour in zip(CASE_TYPES, MARKERS, PALETTE):
        for low in (False, True):
            rows = (cases["case_type"] == kind) & ((cases["confidence"] == "low") == low)
            ax.scatter(x[rows], y[rows], marker=marker, s=70, color="white" if low else colour,
                       edgecolor=colour, linewidth=1.5, label=kind + (" (low confidence)" if low else ""))
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlabel("Year of the case (case_year)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title("Reported cases by country and year")
    caption = (f"The {len(cases)} reported cases by country (rows, in order of each country's first "
               "case) and year; shape and colour give the case type, hollow markers low confidence.")
    description = _case_chart_description(cases, order)
    return fig, caption, description


def _case_chart_description(cases: pd.DataFrame, order: pd.Index) -> str:
    """The case chart in words, every count and name taken from the data."""
    def countries(rows: pd.Series) -> str:
        return _listed([c for c in order if c in set(cases.loc[rows, "country"])])

    low = cases["confidence"] == "low"
    reference = cases["case_type"] == "reference_context"
    by_year = cases["case_year"].value_counts()
    low_names = [f"{country}'s reference case" if kind == "reference_context" else country
                 for country, kind in cases.loc[low, ["country", "case_type"]].itertuples(index=False)]
    return (
        f"Cases run from {cases['case_year'].min()} to {cases['case_year'].max()}, {by_year.max()} of "
        f"the {len(cases)} in {by_year.idxmax()}. Targeted use of identifiable people's phones is "
        f"reported in {countries(cases['case_type'] == 'targeted_use')}; the other reports are of sales "
        f"or customer relationships, and the {reference.sum()} reference cases are in "
        f"{countries(reference)}. The hollow markers are the {low.sum()} low-confidence leads: "
        f"{_listed(low_names)}; without them {len(cases) - low.sum()} rows remain."
    )


def three_ways_chart(rated: pd.DataFrame) -> tuple[Any, str, str]:
    """One row per case, one column per index: does that index count the country as a democracy?"""
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    from ..figures import PALETTE

    grid = rated.set_index("case_id")[["fh_democracy", "vdem_democracy", "eiu_democracy"]].astype(bool)
    fig, ax = plt.subplots(figsize=(7, 8))
    ax.imshow(grid.to_numpy(dtype=int), cmap=ListedColormap([PALETTE[1], PALETTE[0]]),
              vmin=0, vmax=1, aspect="auto")
    for (row, column), value in np.ndenumerate(grid.to_numpy()):
        ax.text(column, row, "democracy" if value else "not", ha="center", va="center",
                color="white" if value else "black")
    ax.set_xticks(range(3), ["Freedom House\n(Free)", "V-Dem\n(electoral or\nliberal democracy)",
                             "EIU\n(full or flawed\ndemocracy)"])
    ax.set_yticks(range(len(grid)), [f"{case} {country}" for case, country in zip(grid.index, rated["country"])])
    ax.grid(False)
    ax.set_title(f"The same {len(grid)} cases, classified three ways")
    caption = (f"Each of the {len(grid)} abuse cases (rows) classified by the latest rating of Freedom "
               "House, V-Dem (2024) and the EIU (2024): democracy (blue) or not (orange).")
    votes = grid.sum(axis=1).set_axis(rated["country"].to_numpy())
    index_names = ["Freedom House", "V-Dem", "EIU"]

    def cases_of(country: str) -> str:
        n = int((votes.index == country).sum())
        return f"{_the(country)} ({n} case{'s' if n > 1 else ''})"

    split = {}
    for country, row in zip(rated["country"], grid.to_numpy()):
        if 0 < row.sum() < 3:
            split.setdefault(country, [n for n, v in zip(index_names, row) if v])
    everywhere = ", ".join(cases_of(c) for c in dict.fromkeys(votes.index[votes == 3]))
    disagree = "; ".join(f"{cases_of(c)}, democratic for {_listed(names)} only" for c, names in split.items())
    description = (
        f"Of the {len(grid)} rows, {(votes == 0).sum()} are not a democracy under any index and "
        f"{(votes == 3).sum()} a democracy under all three: {everywhere}. The indices disagree on "
        f"{((votes > 0) & (votes < 3)).sum()}: {disagree}."
    )
    return fig, caption, description


def report_chart(rated: pd.DataFrame) -> tuple[Any, str, str]:
    """Stacked bars: the rated cases counted by Freedom House status and case type
    (``pd.crosstab(rated["fh_status"], rated["case_type"])``)."""
    from ..figures import PALETTE

    counts = (pd.crosstab(rated["fh_status"], rated["case_type"])
              .reindex(index=["Free", "Partly Free", "Not Free"], columns=["targeted_use", "sale_or_customer"],
                       fill_value=0))
    ax = counts.plot.barh(stacked=True, color=PALETTE[:2], edgecolor="black", figsize=(9, 3.5))
    for container, hatch in zip(ax.containers, ["", "//"]):
        for bar in container:
            bar.set_hatch(hatch)
        ax.bar_label(container, label_type="center",
                     labels=[f"{value:.0f}" if value else "" for value in container.datavalues])
    ax.invert_yaxis()
    ax.set(xlabel="Number of abuse cases", ylabel="Freedom House status",
           title="Kinds of report by Freedom House status")
    ax.legend(title="Case type", loc="upper left", bbox_to_anchor=(1.01, 1))
    caption = (f"The {int(counts.to_numpy().sum())} abuse cases by their country's latest Freedom House "
               "status: sales or customer relationships (hatched) and targeted use of identifiable "
               "people's phones (plain).")
    description = " ".join(
        f"{status}: {row.sum()} cases, {row['targeted_use']} of targeted use and {row['sale_or_customer']} "
        "of sales." for status, row in counts.astype(int).iterrows()
    ) + (" Where freedom is lowest, reports are mostly about purchases found in leaks and budgets, not "
         "about the people the tools were used on.")
    return ax.figure, caption, description
