"""Exercises of notebook 00, "Start here"."""

import pandas as pd

from ..data import load
from ..feedback import Check, Discussion, register


def key_events() -> pd.DataFrame:
    events = load("serbia_events")
    return events[events["key_event"]]


def days_from_report_to_decision() -> int:
    key = key_events()
    report = key.loc[key["category"] == "report", "date"].min()
    decision = key.loc[key["category"] == "vendor action", "date"].max()
    return (decision - report).days


def days_from_latest_report_to_decision() -> int:
    """The slip of taking the latest report (.max()) instead of the earliest."""
    key = key_events()
    report = key.loc[key["category"] == "report", "date"].max()
    decision = key.loc[key["category"] == "vendor action", "date"].max()
    return (decision - report).days


register(Check(
    "00.primary_sources",
    lambda: int((load("sources")["kind"] == "primary").sum()),
    hint='Compare the kind column with "primary", in round brackets, then count the True values.',
    slips=(
        ('That is the number of news reports (kind "reporting"); the question asks for the '
         '"primary" sources.', lambda: int((load("sources")["kind"] == "reporting").sum())),
    ),
))
register(Check(
    "00.days_to_decision",
    days_from_report_to_decision,
    hint=("Take the earliest (.min()) report date and the latest (.max()) vendor-action date among "
          "the key events; subtract the earlier from the later, and use .days."),
    slips=(
        ("That starts from the latest report; the question starts from Amnesty's first report, "
         "the earliest one (.min()).", days_from_latest_report_to_decision),
    ),
))
register(Discussion(
    "00.starting_position",
    ("yes", "only with safeguards", "no"),
    hint='Set choice to one of the three options, exactly as written, e.g. choice = "no".',
    graded=False,
    reading=(
        "Cellebrite said in December 2024 that its tools are licensed for lawful investigations, with a "
        "warrant or consent [@reuters-2024-12-16]. Amnesty does not ask for a ban on forensic tools; in "
        "February 2025 it asked that no surveillance or forensic technology be exported to Serbia until "
        "independent oversight exists [@amnesty-2025-02-cellebrite-halts]."
    ),
))
