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


register(Check(
    "00.primary_sources",
    lambda: int((load("sources")["kind"] == "primary").sum()),
    hint='Compare the kind column with "primary"; .sum() counts the True values.',
))
register(Check(
    "00.days_to_decision",
    days_from_report_to_decision,
    hint="Subtract the earlier date from the later one; the result's .days is a whole number.",
))
register(Check(
    "00.less_than_high",
    lambda: int((key_events()["confidence"] != "high").sum()),
    hint='Count the key events whose confidence is not "high" (the != operator).',
))
register(Discussion(
    "00.starting_position",
    ("yes", "only with safeguards", "no"),
    hint='Set choice to one of the three options, exactly as written, e.g. choice = "no".',
))
