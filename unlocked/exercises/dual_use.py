"""Exercises of notebook 03, "Dual use"."""

import pandas as pd

from ..data import load
from ..feedback import Check, Discussion, register

#: The six principles, in the order the scenarios table codes them.
PRINCIPLES = ("legality", "legitimate_aim", "necessity", "proportionality", "oversight", "remedy")

#: The scenarios learners classify in section 2: two coded lawful, two unlawful, one
#: that depends, and one (C09) on which courts themselves disagree.
SCENARIOS_TO_CLASSIFY = ("C04", "C08", "C09", "C13", "C15", "C18")

#: Trigger and announcement dates known at least to the month are good enough for a
#: span in days, give or take a month; year-level or unknown dates are not.
DATED_ENOUGH = ("day", "month")


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


def not_all_met() -> list[str]:
    """The slip: scenarios with any principle not "met", counting "contested" as failing."""
    scenarios = load("dual_use_scenarios")
    short = (scenarios[list(PRINCIPLES)] != "met").any(axis=1)
    return scenarios.loc[short, "scenario_id"].tolist()


def classifications() -> dict[str, str]:
    """The coded reading of each scenario that learners classify."""
    scenarios = load("dual_use_scenarios").set_index("scenario_id")
    return {sid: str(scenarios.loc[sid, "coded_reading"]) for sid in SCENARIOS_TO_CLASSIFY}


def coverage_counts(covering: tuple[str, ...] = ("yes",)) -> dict[str, int]:
    """How many instruments clearly cover extraction tools, and how many target remote spyware."""
    instruments = load("governance_instruments")
    return {
        "covers extraction": int(instruments["covers_extraction"].isin(covering).sum()),
        "targets remote spyware": int(instruments["targets_remote_spyware"].sum()),
    }


def days_to_exit() -> pd.Series:
    """Days from trigger to announced exit, for exits whose two dates are known to the month or better."""
    exits = load("vendor_exits")
    dated = exits[exits["announced_precision"].isin(DATED_ENOUGH)
                  & exits["trigger_precision"].isin(DATED_ENOUGH)]
    return (dated["announced"] - dated["trigger_date"]).dt.days


register(Check(
    "03.full_share",
    full_share,
    hint='Compare the scope column with "full"; .mean() of True/False values gives the share.',
    decimals=2,
    slips=(("That looks like the share of targeted extractions: which value of scope copies the "
            "whole phone?", lambda: 1 - full_share()),),
))
register(Check(
    "03.failing_scenarios",
    failing_scenarios,
    hint=(
        'Compare the six principle columns with "not met", use .any(axis=1) to mark the rows where '
        "at least one is, and keep the scenario_id of those rows as a list."
    ),
    slips=(('"contested" is not a failure: a scenario fails a principle only where it is coded '
            '"not met".', not_all_met),),
))
register(Discussion(
    "03.classify_scenarios",
    ("lawful", "unlawful", "depends"),
    hint=(
        'Give a dict with one entry per scenario id listed above, each set to "lawful", '
        '"unlawful" or "depends".'
    ),
    expected=classifications,
))
register(Check(
    "03.coverage_counts",
    coverage_counts,
    hint=(
        'Count the rows whose covers_extraction is "yes" (.sum() of a True/False column), and the '
        'rows where targets_remote_spyware is True; put both in a dict with the two labels shown.'
    ),
    slips=(('"unclear" is not "clearly covers": count only the instruments coded "yes".',
            lambda: coverage_counts(("yes", "unclear"))),),
))
register(Check(
    "03.median_days_to_exit",
    lambda: int(round(days_to_exit().median())),
    hint=(
        'Keep the exits whose announced_precision and trigger_precision are both "day" or "month" '
        "(.isin), subtract trigger_date from announced, take .dt.days and then .median()."
    ),
    decimals=0,
    slips=(("That is the mean; the median is the middle value, which one slow exit cannot pull up.",
            lambda: int(round(days_to_exit().mean()))),),
))
register(Discussion(
    "03.vendor_posture",
    ("reactive", "partly proactive", "proactive"),
    hint='Set choice to one of the three options exactly as written, e.g. choice = "reactive".',
    reading=(
        "In the module's table every exit came after its trigger: a petition reported by Haaretz, a US "
        "order, or a published investigation such as Amnesty's. Amnesty called Cellebrite's Serbia "
        "decision a first step and asked it to revamp its due diligence before reinstating any customer "
        "there."
    ),
))
