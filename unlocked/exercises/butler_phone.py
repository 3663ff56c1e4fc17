"""Exercises of notebook 04, "The Butler phone"."""

from typing import Any

import pandas as pd

from ..data import load
from ..text import print_wrapped
from ..feedback import Check, Discussion, register

#: The events that learners classify by basis in section 1 (one of each kind, and more, so that
#: elimination does not give the last one away).
EVENTS_TO_CLASSIFY = ("B04", "B05", "B08", "B09", "B10")

ANONYMOUS = "anonymous-source reporting"
#: The kinds of source a Butler event can rest on, in the order the notebook gives them.
BASES = ("official statement", "court or congressional record", "named-source reporting", ANONYMOUS)
#: The last day the timeline chart shows: the first seven weeks after the attack.
CHART_END = "2024-08-31"


def days_to_announcement(use_first_statement: bool = False) -> int:
    """Days from the attack to the FBI's announcement that it had opened the phone.

    The announcement is the latest official statement on the topic "access" (the
    earlier one said the FBI could not get in); ``use_first_statement`` gives the
    slip of taking the earliest one instead.
    """
    events = load("butler_events")
    attack = events.loc[events["topic"] == "attack", "date"].min()
    official = events[(events["basis"] == "official statement") & (events["topic"] == "access")]
    said = official["date"].min() if use_first_statement else official["date"].max()
    return int((said - attack).days)


def announcement_spans(reduced: str) -> list:
    """Check 1's answer left as a column of time spans, when only one side was reduced to one date.

    ``reduced`` names that side: "attack" (every official statement on access minus the attack's
    date) or "announcement" (the latest statement minus the attack row, a one-row column).
    The values only: a learner's column carries labels of its own, which a slip must not
    depend on.
    """
    events = load("butler_events")
    attack = events.loc[events["topic"] == "attack", "date"]
    official = events[(events["basis"] == "official statement") & (events["topic"] == "access")]
    spans = official["date"] - attack.min() if reduced == "attack" else official["date"].max() - attack
    return list(spans)


def anonymous_share(including_named: bool = False, charted_only: bool = False) -> float:
    """Share of Butler events that rest on anonymous-source reporting.

    ``including_named`` gives the slip of counting all reporting; ``charted_only`` the slip of
    taking the share over the events the figure shows (dated to the day, up to 31 August 2024).
    """
    events = load("butler_events")
    if charted_only:
        events = events[(events["date_precision"] == "day") & (events["date"] <= CHART_END)]
    basis = events["basis"]
    if including_named:
        return float(basis.isin([ANONYMOUS, "named-source reporting"]).mean())
    return float((basis == ANONYMOUS).mean())


def days_to_access(keep_all_precisions: bool = False) -> pd.Series:
    """For each case with an announced access and a day-exact incident date, the days between them."""
    cases = load("lawful_access_cases")
    if not keep_all_precisions:
        cases = cases[cases["incident_date_precision"] == "day"]
    cases = cases.dropna(subset=["access_announced"]).set_index("case_id")
    return (cases["access_announced"] - cases["incident_date"]).dt.days


def unlabelled_days(keep_all_precisions: bool = False, whole_days: bool = True) -> list:
    """Check 3's values without their case_id labels (a Series still labelled by row number)."""
    days = days_to_access(keep_all_precisions)
    return list(days if whole_days else pd.to_timedelta(days, unit="D"))


def chain_flaws() -> pd.DataFrame:
    """The three Linux-kernel USB flaws of the exploit chain Amnesty reported in Serbia (December
    2024), from notebook 01's vulnerability table, with the two dates section 5 uses."""
    vulns = load("serbia_vulnerabilities")
    chain = vulns[vulns["component"].str.startswith("Linux kernel")]
    return chain[["cve_id", "first_exploitation_reported", "android_patch_level"]].reset_index(drop=True)


def longest_open(shortest: bool = False, wrong_order: bool = False) -> int:
    """Days the longest-open flaw of the Serbia chain stayed exploited without an Android fix.

    ``shortest`` gives the slip of taking the smallest window; ``wrong_order`` the slip of
    subtracting the later date from the earlier one (then the "largest" window is the
    shortest one, negated).
    """
    vulns = chain_flaws()
    days = (vulns["android_patch_level"] - vulns["first_exploitation_reported"]).dt.days
    if wrong_order:
        days = -days
    return int(days.min() if shortest else days.max())


def bases() -> dict[str, str]:
    """The basis the dataset gives each event that learners classify."""
    events = load("butler_events").set_index("event_id")
    return {eid: str(events.loc[eid, "basis"]) for eid in EVENTS_TO_CLASSIFY}


register(Check(
    "04.days_to_announcement",
    days_to_announcement,
    hint=(
        'Two dates. The attack: the row whose topic is "attack". The announcement: among the official '
        'statements whose topic is "access", the latest (the earlier one said the FBI could not get '
        "in). Count from the attack to the announcement, so that the days are positive."
    ),
    slips=((
        "That is the day the FBI said it could not get in. The announcement that it had "
        "gained access came later: take the latest official statement on access.",
        lambda: days_to_announcement(use_first_statement=True),
    ),) + tuple((
        # A column of time spans (one side not reduced to one date): the generic message
        # suggests .dt.days, which keeps a column; the question wants one number. (A column
        # of whole days already hears "reduce it to the single value".)
        "Your answer is a column of time spans, but the question wants one number: a single span "
        "in whole days. Reduce each side to one date before you subtract (the attack's date, and "
        "the date of the announcement alone), then take .days of that one span.",
        lambda reduced=reduced: announcement_spans(reduced),
    ) for reduced in ("attack", "announcement")),
))
register(Check(
    "04.anonymous_share",
    anonymous_share,
    hint=(
        'Which rows: those whose basis is "anonymous-source reporting", written exactly so. Out of '
        "which: every row of events, all twelve, not only those in the chart. The share is the first "
        "count divided by the second."
    ),
    decimals=3,
    slips=((
        "You counted named-source reporting too. A reporter quoting a named person is not an "
        "anonymous source: keep only anonymous-source reporting.",
        lambda: anonymous_share(including_named=True),
    ), (
        "That is the share among the events in the chart only. The question asks about every "
        "event in butler_events, including the two known only to the month: use every row of events.",
        lambda: anonymous_share(charted_only=True),
    )),
))
register(Check(
    "04.days_to_access",
    days_to_access,
    hint=(
        'Which rows: the cases whose incident date is known to the day and whose access_announced is '
        "not missing (.notna() gives True where a value is present); both conditions at once. Which "
        "dates: from incident_date to access_announced, later minus earlier. Which labels: each "
        "count belongs to its case_id."
    ),
    slips=((
        "One of your cases has an incident date known only to the year, so its count of days "
        'means nothing: keep only the cases whose incident_date_precision is "day".',
        lambda: days_to_access(keep_all_precisions=True),
    ), (
        # The generic message ("some labels are missing...") does not say which labels: a
        # Series still labelled by row number has the right days under the wrong labels.
        "Your days are right, but each should be labelled by its case_id (the Series' index, the "
        "names shown on its left), not by a row number: make case_id the index before you subtract.",
        unlabelled_days,
    ), (
        "The Series should be labelled by case_id (make it the index before you subtract), and its "
        "values should be whole days: a column of time spans gives them with .dt.days.",
        lambda: unlabelled_days(whole_days=False),
    ), (
        "Two things: the Series should be labelled by case_id (make it the index before you "
        "subtract), and one of your cases has an incident date known only to the year, so its "
        'count of days means nothing: keep only the cases whose incident_date_precision is "day".',
        lambda: unlabelled_days(keep_all_precisions=True),
    )),
))
register(Check(
    "04.longest_open",
    longest_open,
    hint=(
        "One window per flaw, from its first reported use to the patch level that fixed it (later "
        "minus earlier, so every window is positive), in whole days; the question wants the longest "
        "of the three, one number."
    ),
    slips=((
        "That is the shortest time a flaw stayed open, not the longest: use .max().",
        lambda: longest_open(shortest=True),
    ), (
        "Check the order of subtraction: later minus earlier. A window runs from the first reported "
        "exploitation to the patch level, so subtract first_exploitation_reported from "
        "android_patch_level; every window is then a positive number of days.",
        lambda: longest_open(wrong_order=True),
    )),
))
register(Discussion(
    "04.basis",
    BASES,
    hint=(
        "Ask of each event who speaks, and for whom: a government agency, or an official speaking for "
        "it, on the record (official statement); testimony or a filing (court or congressional record), "
        "an official's too; a named person who does not speak for a government, such as a company's "
        "executive (named-source reporting); or people, or documents from a source, that a journalist "
        "does not name (anonymous-source reporting, even when the outlet itself is named). Give a "
        'dict with one entry per event id, as in the comment above choice '
        '({"B04": "...", "B05": "...", ...}), each label written as in the list above the exercise.'
    ),
    expected=bases,
    graded=True,
))
register(Discussion(
    "04.legitimate_use",
    ("meets the tests", "meets some; the rest cannot be checked", "does not meet the tests"),
    hint='Set choice to one of the three options exactly as written, e.g. choice = "meets the tests".',
    reading=(
        "The module's coded reading is \"meets some; the rest cannot be checked\". Necessity and "
        "proportionality look met: a grave crime, a possible accomplice to rule out, a phone the FBI's "
        "own agents could not open, and one dead suspect's devices. The FBI and Cellebrite present such "
        "use as lawful, under the courts' authority, and no source in this notebook argues that this "
        "search was unlawful. But no source states the warrant, and nobody has disclosed the method: "
        "on the public record, legality and oversight cannot be checked from outside. Reasoned answers "
        "of the other two kinds are possible: say which test rests on an assumption."
    ),
))


# ---------------------------------------------------------------- printing and the two charts
# Plumbing kept out of the notebook so that its code stays about the data; each chart function
# returns the figure, its caption and its text description, ready for show_figure(*...).


def as_known(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` for display, each dated column written only as precisely as it is known.

    A column ``c`` with a partner ``c_precision`` ("day", "month" or "year") shows 2024-07-13,
    2024-07 or 2014; a date known to the month is stored as its first day, which would
    otherwise show as a real day.
    """
    shown = table.copy()
    formats = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
    for column in table.columns:
        precision = f"{column}_precision"
        if precision in table.columns and pd.api.types.is_datetime64_any_dtype(table[column]):
            shown[column] = [
                "" if pd.isna(day) else day.strftime(formats.get(str(kind), "%Y-%m-%d"))
                for day, kind in zip(table[column], table[precision])
            ]
    return shown


def print_events(events: pd.DataFrame, event_ids: list[str]) -> None:
    """Print the id and the text of each of the given events, one paragraph each."""
    for row in events[events["event_id"].isin(event_ids)].itertuples():
        print_wrapped(f"{row.event_id}: {row.event}\n")


def timeline_chart(events: pd.DataFrame) -> tuple[Any, str, str]:
    """The events dated to the day up to CHART_END, one lane per basis, labelled by event id."""
    import matplotlib.pyplot as plt

    from ..figures import MARKERS, PALETTE

    daily = events[(events["date_precision"] == "day") & (events["date"] <= CHART_END)]

    fig, ax = plt.subplots(figsize=(10, 4.5))
    for lane, (kind, marker, colour) in enumerate(zip(BASES, MARKERS, PALETTE)):
        group = daily[daily["basis"] == kind]
        ax.scatter(group["date"], [lane] * len(group), marker=marker, s=90, color=colour, edgecolor="black")
        for turn, (day, ids) in enumerate(group.groupby("date")["event_id"]):
            above = turn % 2 == 0   # alternate labels above and below, so neighbours do not overlap
            ax.annotate(" ".join(ids), (day, lane), xytext=(0, 10 if above else -10),
                        textcoords="offset points", ha="center", va="bottom" if above else "top", fontsize=8)
    weeks = pd.date_range("2024-07-13", CHART_END, freq="7D")
    ax.set_xticks(weeks, [f"{day.day} {day:%b}" for day in weeks])
    ax.set_yticks(range(len(BASES)), BASES)
    ax.set_ylim(len(BASES) - 0.4, -0.6)
    ax.set_xlabel("Date (2024), weekly ticks from the day of the attack")
    ax.set_title("The Butler phone: who said what, July and August 2024")
    caption = ("Events of the Butler case dated to the day, 13 July to 31 August 2024, one row per basis "
               "(B09 and B12, dated only to the month, are not shown).")
    description = (
        "Official statements: the attack (13 July), two FBI statements (14 July), the announcement "
        "of access (15 July), an update (28 August). Named-source reporting: Cellebrite's executive "
        "(17 July). Anonymous-source reporting: the phone's contents and Cellebrite's role (17 and "
        "18 July). Congressional record: the FBI director's testimony (24 July)."
    )
    return fig, caption, description


def access_chart(cases: pd.DataFrame) -> tuple[Any, str, str]:
    """Days from incident to announced access per case (log scale), marker by who opened the phone."""
    import matplotlib.pyplot as plt

    from ..figures import MARKERS, PALETTE

    spans = (cases["access_announced"] - cases["incident_date"]).dt.days
    counted = (cases["incident_date_precision"] == "day") & spans.notna()
    lane = pd.Series(range(len(cases)), index=cases.index)
    fig, ax = plt.subplots(figsize=(9, 4.5))
    for style, opener in enumerate(["in-house", "vendor, per reporting"]):
        rows = counted & (cases["opened_by"] == opener)
        ax.scatter(spans[rows], lane[rows], marker=MARKERS[style], color=PALETTE[style], s=110,
                   edgecolor="black", label=f"opened by: {opener}")
    for y, days in zip(lane[~counted], spans[~counted]):
        reason = "no access announced" if pd.isna(days) else "incident date known only to the year"
        ax.annotate(reason, (1.1, y), va="center", fontsize=9, style="italic")
    ax.set_xscale("log")
    ax.set_xlim(1, 1000)
    ax.set_xticks([1, 10, 100, 1000], ["1", "10", "100", "1000"])
    ax.set_yticks(lane, cases["case_name"])
    ax.set_ylim(len(cases) - 0.5, -0.5)
    ax.set_xlabel("Days from the incident to the announcement of access (log scale)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    ax.set_title("Locked phones in six US cases, 2014 to 2024")
    caption = ("Days from the incident to the announcement that the phone had been opened (log scale); "
               "marker shape and colour give who opened it. Cases without a count say why.")
    return fig, caption, access_description(cases)


#: How the access chart's description names who opened a phone (its ``opened_by`` values).
OPENERS = {"in-house": "opened in-house", "vendor, per reporting": "opened by a vendor (per reporting)"}
_SMALL = "zero one two three four five six seven eight nine ten eleven twelve".split()


def _about(days: int) -> str:
    """A span in words, as a reader takes it from a log-scale chart (never the exact day count,
    which is Check 3's answer)."""
    if days < 7:
        return "under a week"
    weeks, months = round(days / 7), round(days / 30.44)
    if days < 60:
        return f"about {_SMALL[weeks]} weeks"
    return f"about {_SMALL[months] if months < len(_SMALL) else months} months"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def access_description(cases: pd.DataFrame) -> str:
    """The access chart's text description, built from the rows it draws: each counted case
    with its span and who opened the phone, then the cases without a count and why."""
    spans = (cases["access_announced"] - cases["incident_date"]).dt.days
    counted = (cases["incident_date_precision"] == "day") & spans.notna()
    parts = ["Time from the incident to the announcement of access, case by case."]
    parts += [f"{row.case_name}: {_about(int(spans[i]))}, {OPENERS.get(row.opened_by, row.opened_by)}."
              for i, row in cases[counted].iterrows()]
    vague = cases[~counted & spans.notna()]["case_name"].tolist()
    never = cases[spans.isna()]["case_name"].tolist()
    if vague:
        parts.append(f"{_listed(vague)}: no count, as the incident date is known only to the year.")
    if never:
        parts.append(f"{_listed(never)}: no access announced.")
    return " ".join(parts)
