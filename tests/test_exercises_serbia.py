"""Exercises of notebooks 00 and 01: each named slip is a real wrong answer, and opinions are not graded."""

import pandas as pd
import pytest

import unlocked.exercises  # noqa: F401  (importing it registers every exercise)
from unlocked.feedback import EXERCISES, Check, Discussion

IDS = sorted(i for i in EXERCISES if i.startswith(("00.", "01.")))


def same(a, b) -> bool:
    if isinstance(a, pd.Series) or isinstance(b, pd.Series):
        return dict(pd.Series(a)) == dict(pd.Series(b))
    return a == b


@pytest.mark.parametrize("exercise_id", [i for i in IDS if isinstance(EXERCISES[i], Check)])
def test_every_slip_differs_from_the_right_answer(exercise_id):
    exercise = EXERCISES[exercise_id]
    right = exercise.expected()
    for message, slipped in exercise.slips:
        assert message.strip() and not same(slipped(), right), f"{exercise_id}: {message}"


def test_the_day_precision_slip_is_named():
    # Notebook 01, Check 2: forgetting the day-precision filter is the slip the lesson is about.
    assert any("date_precision" in message for message, _ in EXERCISES["01.days_to_decision"].slips)


def test_the_share_is_asked_to_three_decimals():
    assert EXERCISES["01.high_confidence_share"].decimals == 3


@pytest.mark.parametrize("exercise_id", [i for i in IDS if isinstance(EXERCISES[i], Discussion)])
def test_discussions_of_00_and_01_are_recorded_not_graded(exercise_id):
    # Positions (and the coded reading of statement types) have no single factual answer.
    assert EXERCISES[exercise_id].graded is False
