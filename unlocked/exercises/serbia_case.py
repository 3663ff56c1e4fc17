"""Exercises of notebook 01, "The Serbia case"."""

import pandas as pd

from ..data import load
from ..feedback import Check, Discussion, register

# The statements that learners classify in section 2. S10 is left out on purpose:
# section 5 reads it against the primary source instead.
STATEMENTS_TO_CLASSIFY = ("S02", "S04", "S05", "S07", "S08", "S09", "S11")


def involvement() -> pd.DataFrame:
    """One row per event and actor: the events table with its ``actors`` list exploded."""
    events = load("serbia_events")
    return events.assign(actor=events["actors"].str.split(";")).explode("actor")


def days_from_report_to_decision() -> int:
    """Days from Amnesty's earliest day-dated report to Cellebrite's latest vendor action."""
    rows = involvement()
    daily = rows[rows["date_precision"] == "day"]
    report = daily.loc[(daily["actor"] == "amnesty") & (daily["category"] == "report"), "date"].min()
    decision = daily.loc[
        (daily["actor"] == "cellebrite") & (daily["category"] == "vendor action"), "date"
    ].max()
    return int((decision - report).days)


def days_without_the_day_filter() -> int:
    """The slip of Check 2: the same rule without keeping only the rows dated to the day."""
    rows = involvement()
    report = rows.loc[(rows["actor"] == "amnesty") & (rows["category"] == "report"), "date"].min()
    decision = rows.loc[
        (rows["actor"] == "cellebrite") & (rows["category"] == "vendor action"), "date"
    ].max()
    return int((decision - report).days)


def days_open() -> pd.Series:
    """For each CVE, days from first reported exploitation to the Android patch level."""
    vulns = load("serbia_vulnerabilities").set_index("cve_id")
    return (vulns["android_patch_level"] - vulns["first_exploitation_reported"]).dt.days


def statement_types() -> dict[str, str]:
    """The type the dataset gives each statement that learners classify."""
    statements = load("serbia_statements").set_index("statement_id")
    return {sid: str(statements.loc[sid, "statement_type"]) for sid in STATEMENTS_TO_CLASSIFY}


register(Check(
    "01.events_by_category",
    lambda: load("serbia_events")["category"].value_counts(),
    hint="Call .value_counts() on the category column of events.",
    slips=(
        ("Those are counts of involved, which has one row per event and actor; count the rows of "
         "events, one per event.", lambda: involvement()["category"].value_counts()),
        ("Those are shares of all events (value_counts(normalize=True)); the question asks for "
         "counts: call .value_counts() without normalize.",
         lambda: load("serbia_events")["category"].value_counts(normalize=True)),
    ),
))
register(Check(
    "01.days_to_decision",
    days_from_report_to_decision,
    hint=(
        "Build the rule one step at a time: first the rows dated to the day, then one filter for "
        "each of the two dates. Look at each date before you subtract them."
    ),
    slips=(
        ("That span starts from a report dated only to the month: keep the rows whose "
         'date_precision is "day" first, then look for the earliest report.',
         days_without_the_day_filter),
    ),
))
register(Check(
    "01.high_confidence_share",
    lambda: float((load("novispy_capabilities")["confidence"] == "high").mean()),
    hint='Compare the confidence column with "high"; .mean() of True/False values gives the share.',
    decimals=3,
    slips=(
        ("That is the number of high-confidence capabilities; the question asks for their share of "
         "all capabilities (.mean() instead of .sum()).",
         lambda: int((load("novispy_capabilities")["confidence"] == "high").sum())),
    ),
))
register(Check(
    "01.days_open",
    days_open,
    hint=(
        "Work on whole columns at once, no loop needed: one date column minus the other gives every "
        "flaw's span, and the labels come from the CVE ids."
    ),
    slips=(
        ("Your spans are negative: subtract the earlier date (first_exploitation_reported) from the "
         "later one (android_patch_level).", lambda: -days_open()),
    ),
))
register(Discussion(
    "01.statement_types",
    ("claim", "finding", "denial", "decision"),
    hint=(
        'Give a dict with one entry per statement id listed above, each set to "claim", '
        '"finding", "denial" or "decision".'
    ),
    expected=statement_types,
    # Not graded: the dataset's labels are a coded reading of paraphrased statements, and some
    # (S04, S07, S09) can reasonably be read otherwise. The learner's labels are recorded and the
    # coded reading is shown for comparison.
    graded=False,
))
register(Discussion(
    "01.headline",
    ("supported", "partly supported", "not supported"),
    hint='Set choice to one of the three options exactly as written, e.g. choice = "supported".',
    graded=False,
    reading=(
        "Cellebrite's statement of 25 February 2025 named no country, agency or duration. The Record "
        "based 'Serbia' on a further statement of 26 February, which it paraphrased as Cellebrite no "
        "longer licensing its product to Serbia; 'over abuse' is Amnesty's finding, which Cellebrite "
        "did not state as its own."
    ),
))
register(Discussion(
    "01.vendor_response",
    ("adequate", "a first step", "inadequate"),
    hint=('Set choice to one of the three options exactly as written, e.g. choice = "adequate" '
          '("a first step" is Amnesty\'s phrase for the decision).'),
    graded=False,
    reading=(
        "Amnesty called withdrawing the licences 'a critical first step' and asked Cellebrite to revamp "
        "its due diligence before reinstating any customer in Serbia (26 February 2025). Cellebrite "
        "said it had investigated each claim under its ethics and integrity policies, and named no "
        "customer (25 February 2025)."
    ),
))
