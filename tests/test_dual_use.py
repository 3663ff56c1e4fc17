"""Notebook 03 ("Dual use"): the coded data hold their own rules, and every expected answer
follows the data rather than a typed-in value."""

import json
import re

import pandas as pd
import pytest

from unlocked import feedback
from unlocked.data import load
from unlocked.exercises import dual_use
from unlocked.paths import ROOT

SCENARIOS = load("dual_use_scenarios")
INSTRUMENTS = load("governance_instruments")
EXITS = load("vendor_exits")


def test_scenarios_are_invented_and_coded_on_the_six_principles():
    assert SCENARIOS["invented"].all()
    assert 12 <= len(SCENARIOS) <= 20
    assert tuple(load("rights_principles")["principle"]) == dual_use.PRINCIPLES
    assert set(SCENARIOS["subject"]) >= {"suspect", "victim", "witness", "journalist", "activist"}


def test_the_coded_reading_follows_the_scoring_rule_on_every_row():
    for row in SCENARIOS.itertuples():
        assert row.coded_reading == dual_use.coded_reading(pd.Series(row._asdict())), row.scenario_id


def test_every_reading_occurs_and_the_classified_cases_exist():
    assert set(SCENARIOS["coded_reading"]) == {"lawful", "unlawful", "depends"}
    classified = dual_use.classifications()
    assert set(classified) == set(dual_use.SCENARIOS_TO_CLASSIFY) <= set(SCENARIOS["scenario_id"])
    assert set(classified.values()) == {"lawful", "unlawful", "depends"}


def test_failing_scenarios_are_the_unlawful_ones():
    unlawful = SCENARIOS.loc[SCENARIOS["coded_reading"] == "unlawful", "scenario_id"]
    assert sorted(dual_use.failing_scenarios()) == sorted(unlawful)


def test_instrument_coding_is_consistent():
    assert len(INSTRUMENTS) >= 14
    assert INSTRUMENTS["instrument_id"].is_monotonic_increasing
    assert INSTRUMENTS["date"].is_monotonic_increasing, "instrument ids should follow date order"
    binding_kinds = {"treaty", "court ruling", "sanctions listing", "executive order"}
    soft_kinds = {"soft law", "voluntary code"}
    for row in INSTRUMENTS.itertuples():
        if row.kind in binding_kinds:
            assert row.binding, row.instrument_id
        if row.kind in soft_kinds:
            assert not row.binding, row.instrument_id
        assert row.coverage_note.strip()


def test_exit_dates_and_precisions_agree():
    unknown = EXITS["trigger_precision"] == "unknown"
    assert (EXITS["trigger_date"].isna() == unknown).all()
    known = EXITS[~unknown]
    assert (known["trigger_date"] <= known["announced"]).all()


@pytest.fixture
def altered(monkeypatch):
    """Make dual_use.load return edited copies of the tables, to see the answers follow them."""
    tables = {name: load(name).copy() for name in
              ("dual_use_scenarios", "governance_instruments", "vendor_exits", "rights_principles")}
    monkeypatch.setattr(dual_use, "load", lambda name: tables[name].copy())
    return tables


def test_expected_answers_follow_the_data(altered):
    before = (dual_use.full_share(), dual_use.failing_scenarios(), dual_use.coverage_counts(),
              dual_use.days_to_exit().median(), dual_use.classifications())
    scenarios = altered["dual_use_scenarios"]
    first = scenarios["scenario_id"] == "C01"
    scenarios.loc[first, "remedy"] = "not met"
    scenarios.loc[first, "coded_reading"] = "unlawful"
    scenarios.loc[scenarios["scenario_id"] == "C04", "coded_reading"] = "lawful"
    scenarios.loc[first, "scope"] = "full"
    instruments = altered["governance_instruments"]
    instruments.loc[instruments["instrument_id"] == "G07", "covers_extraction"] = "yes"
    exits = altered["vendor_exits"]
    exits.loc[exits["exit_id"] == "X06", "announced"] = pd.Timestamp("2025-12-16")
    after = (dual_use.full_share(), dual_use.failing_scenarios(), dual_use.coverage_counts(),
             dual_use.days_to_exit().median(), dual_use.classifications())
    assert after[0] > before[0]
    assert "C01" in after[1] and "C01" not in before[1]
    assert after[2]["covers_extraction"] == before[2]["covers_extraction"] + 1
    assert after[3] != before[3]
    assert after[4]["C04"] == "lawful" != before[4]["C04"]


@pytest.mark.parametrize("exercise_id", sorted(i for i, e in feedback.EXERCISES.items()
                                               if i.startswith("03.") and isinstance(e, feedback.Check)))
def test_slips_differ_from_the_answer(exercise_id):
    exercise = feedback.EXERCISES[exercise_id]
    expected = exercise.expected()
    for message, slipped in exercise.slips:
        assert message.strip()
        assert slipped() != expected, f"{exercise_id}: the slip '{message}' gives the right answer"


NOTEBOOK = ROOT / "notebooks" / "03_dual_use.ipynb"


def _learner_markdown() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells
                     if c["cell_type"] == "markdown" and "sources" not in c.get("metadata", {}).get("tags", []))
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("#"))


@pytest.mark.parametrize("term", sorted(load("glossary").query("first_notebook == '03'")["term"]))
def test_terms_introduced_in_03_are_defined_in_bold_at_first_use(term):
    text = _learner_markdown()
    found = re.search(r"(?<![\w-])" + re.escape(term).replace(r"\ ", r"\s+") + r"(?![\w-])", text, re.I)
    assert found, f"{term!r} is in the glossary for 03 but not used in its text"
    assert text[max(0, found.start() - 2):found.start()] == "**" and \
        text[found.end():found.end() + 2] == "**", f"first use of {term!r} is not in bold"


def test_going_further_has_no_exercise_calls():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    inside = False
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and re.search(r"^## ", text, re.M):
            inside = bool(re.search(r"^## Going further", text, re.M))
        if inside and cell["cell_type"] == "code":
            assert not re.search(r"\b(check|discuss)\(", text)


def test_the_classification_feedback_says_how_many_differ_never_which():
    # Check 2 computes which cases fail from the same coding: the feedback must not give it away.
    expected = dual_use.classifications()
    flipped = dict(expected, **{sid: "lawful" for sid in list(expected)[:2] if expected[sid] != "lawful"})
    differ = [sid for sid in expected if flipped[sid] != expected[sid]]
    assert differ
    fb = feedback.discuss("03.classify_scenarios", flipped,
                          "the warrant decided it, since a judge signed before the search began")
    assert fb.status == "recorded"
    count = "one item" if len(differ) == 1 else f"{feedback._count_words(len(differ))} items"
    assert f"differs from yours on {count}" in fb.comparison
    assert not any(sid in fb.comparison for sid in expected), fb.comparison
    assert "section 2" in fb.comparison and "notes" not in fb.comparison


@pytest.mark.parametrize("exercise_id", sorted(i for i in feedback.EXERCISES if i.startswith("03.")))
def test_hints_name_the_idea_and_at_most_one_method(exercise_id):
    exercise = feedback.EXERCISES[exercise_id]
    texts = [exercise.hint] + [message for message, _ in getattr(exercise, "slips", ())]
    for text in texts:
        methods = re.findall(r"\.(?:[a-z_]+)\(|\.dt\.\w+|\.loc\[", text)
        assert len(methods) <= 1, f"{exercise_id} spells out a chain of code: {text}"
