"""Exercises of notebook 04, "The Butler phone"."""

import pandas as pd

from ..data import load
from ..feedback import Check, Discussion, register

#: The events that learners classify by basis in section 1 (one of each kind, and more).
EVENTS_TO_CLASSIFY = ("B04", "B05", "B07", "B08", "B10")

ANONYMOUS = "anonymous-source reporting"


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


def anonymous_share(including_named: bool = False, charted_only: bool = False) -> float:
    """Share of Butler events that rest on anonymous-source reporting.

    ``including_named`` gives the slip of counting all reporting; ``charted_only`` the slip of
    taking the share over the events the figure shows (dated to the day, up to 31 August 2024).
    """
    events = load("butler_events")
    if charted_only:
        events = events[(events["date_precision"] == "day") & (events["date"] <= "2024-08-31")]
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


def longest_open(shortest: bool = False) -> int:
    """Days the longest-open flaw of the Serbia case stayed exploited without an Android fix."""
    vulns = load("serbia_vulnerabilities")
    days = (vulns["android_patch_level"] - vulns["first_exploitation_reported"]).dt.days
    return int(days.min() if shortest else days.max())


def bases() -> dict[str, str]:
    """The basis the dataset gives each event that learners classify."""
    events = load("butler_events").set_index("event_id")
    return {eid: str(events.loc[eid, "basis"]) for eid in EVENTS_TO_CLASSIFY}


register(Check(
    "04.days_to_announcement",
    days_to_announcement,
    hint=(
        'Take the date of the row whose topic is "attack" (.min() makes it one date), and the latest '
        'date (.max()) among the official statements whose topic is "access"; subtract the two '
        "dates, and use .days."
    ),
    slips=((
        "That is the day the FBI said it could not get in. The announcement that it had "
        "gained access came later: take the latest official statement on access.",
        lambda: days_to_announcement(use_first_statement=True),
    ),),
))
register(Check(
    "04.anonymous_share",
    anonymous_share,
    hint='Compare the basis column with "anonymous-source reporting"; .mean() of True/False values gives the share.',
    decimals=3,
    slips=((
        "You counted named-source reporting too. A reporter quoting a named person is not an "
        "anonymous source: keep only anonymous-source reporting.",
        lambda: anonymous_share(including_named=True),
    ), (
        "That is the share among the events in the chart only. The question asks about every "
        "event in butler_events, including the two known only to the month: use events, not daily.",
        lambda: anonymous_share(charted_only=True),
    )),
))
register(Check(
    "04.days_to_access",
    days_to_access,
    hint=(
        'Keep the cases whose incident_date_precision is "day", drop those without an '
        "access_announced date, set case_id as the index, subtract incident_date from "
        "access_announced and take .dt.days."
    ),
    slips=((
        "One of your cases has an incident date known only to the year, so its count of days "
        'means nothing: keep only the cases whose incident_date_precision is "day".',
        lambda: days_to_access(keep_all_precisions=True),
    ),),
))
register(Check(
    "04.longest_open",
    longest_open,
    hint=(
        "Subtract first_exploitation_reported from android_patch_level, take .dt.days, "
        "and then the largest value with .max()."
    ),
    slips=((
        "That is the shortest time a flaw stayed open, not the longest: use .max().",
        lambda: longest_open(shortest=True),
    ),),
))
register(Discussion(
    "04.basis",
    ("official statement", "court or congressional record", "named-source reporting", ANONYMOUS),
    hint=(
        "Ask of each event who speaks: an agency on the record (official statement), testimony "
        "or a filing (court or congressional record), a person a journalist names (named-source "
        'reporting) or people a journalist does not name (anonymous-source reporting). Give a dict '
        'with one entry per event id, e.g. {"B04": "official statement", ...}.'
    ),
    expected=bases,
    graded=True,
))
register(Discussion(
    "04.legitimate_use",
    ("meets the tests", "meets some; the rest cannot be checked", "does not meet the tests"),
    hint='Set choice to one of the three options exactly as written, e.g. choice = "meets the tests".',
    reading=(
        "The FBI and Cellebrite present such use as lawful, under the courts' authority, and no source "
        "in this notebook argues that this search was unlawful. But no source states the warrant, and "
        "nobody has disclosed the method: on the public record, legality and oversight cannot be "
        "checked from outside."
    ),
))
