"""Exercises of notebook 03, "Dual use"."""

import pandas as pd

from ..data import load
from ..feedback import Check, Discussion, register

#: The six principles, in the order the scenarios table codes them.
PRINCIPLES = ("legality", "legitimate_aim", "necessity", "proportionality", "oversight", "remedy")

#: The scenarios learners classify in section 2, before Check 2 computes which cases fail:
#: each has at least one principle coded "contested", or turns on an emergency exception,
#: so the classification asks for judgement (two coded "depends", three "unlawful" with
#: contested principles beside the failing one, one "lawful" emergency search).
SCENARIOS_TO_CLASSIFY = ("C04", "C09", "C13", "C15", "C16", "C18")


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

    The labels are the column names. ``since`` gives the slip of counting the chart's table,
    which leaves out instruments before 2010 (the 1966 Covenant).
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
        'Compare scenarios[columns] (the six principle columns) with "not met", use .any(axis=1) to '
        "mark the rows where at least one is, and keep the scenario_id of those rows as a list."
    ),
    slips=(('"contested" is not a failure: a scenario fails a principle only where it is coded '
            '"not met".', not_all_met),
           ("That is the True/False column itself, one value per scenario: use it to pick rows, "
            'scenarios.loc[fails, "scenario_id"], and give those ids as a list.', failing_mask),
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
           ("That counts the chart's table, timeline, which leaves out the 1966 Covenant: count "
            "over all 17 rows of instruments.", lambda: coverage_counts(since="2010-01-01"))),
))
register(Check(
    "03.median_days_to_exit",
    lambda: int(round(days_to_exit().median())),
    hint=(
        "Subtract the trigger_date column from the announced column, turn the spans into days with "
        ".dt.days, then take .median() (it skips the rows without a trigger date)."
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
        "reported by Haaretz, a US order, or a published investigation such as Amnesty's. Refusals made "
        "before any warning would rarely be reported, so this table cannot show them. Amnesty called "
        "Cellebrite's Serbia suspension a first step and asked it to revamp its due diligence before "
        "reinstating any customer there (Amnesty International Security Lab, 26 February 2025)."
    ),
))
