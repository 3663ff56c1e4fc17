"""Property-based tests: throw anything at every exercise of the module.

For each registered check and discussion, hypothesis tries 1,000 values (see the
profile in conftest.py): plain values, wrong types, NaN/NA/NaT, empty and huge
containers, tables, and objects whose every operation raises. Whatever comes in,
the learner gets a Feedback, never an exception, and never the expected answer.
"""

import dataclasses
import datetime as dt
import numbers
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unlocked import feedback
from unlocked.feedback import Check, Discussion, Feedback, check, discuss

feedback._lookup("", Check)  # registers every exercise of the module
CHECKS = sorted(i for i, ex in feedback.EXERCISES.items() if isinstance(ex, Check))
DISCUSSIONS = sorted(i for i, ex in feedback.EXERCISES.items() if isinstance(ex, Discussion))


class Hostile:
    """An object that raises on every operation a checker might try."""

    def _boom(self, *args, **kwargs):
        raise RuntimeError("hostile")

    __eq__ = __ne__ = __lt__ = __gt__ = __le__ = __ge__ = _boom
    __hash__ = __len__ = __iter__ = __bool__ = __float__ = __int__ = __index__ = _boom
    __str__ = __repr__ = __format__ = __getitem__ = __contains__ = _boom


class HostileStr(str):
    def casefold(self):
        raise RuntimeError("hostile")

    def split(self, *args):
        raise RuntimeError("hostile")


def huge_int():
    return 10**5000  # too long even to print


def huge_list():
    return list(range(200_000))


def claim_string():
    return HostileStr("claim")


def an_iterator():
    return iter([1, 2])


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.binary(),
    st.complex_numbers(), st.decimals(), st.fractions(), st.datetimes(), st.dates(),
    st.timedeltas(), st.integers(-(2**62), 2**62).map(np.int64), st.floats(width=32).map(np.float32),
    st.sampled_from([..., pd.NA, pd.NaT, np.nan, np.inf, -np.inf, np.datetime64("NaT"),
                     "", " ", "…", "...", "NaN", int, len, print, range(10**12)]),
    # Values that would break hypothesis's own reporting are made at draw time.
    st.sampled_from([huge_int, huge_list, object, Hostile, claim_string, an_iterator])
    .map(lambda make: make()),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6), st.tuples(inner, inner), st.sets(st.integers() | st.text()),
        st.dictionaries(st.text(max_size=8), inner, max_size=5),
        st.lists(st.integers() | st.text(), max_size=6).map(pd.Series),
        st.lists(st.floats(), max_size=6).map(lambda xs: pd.DataFrame({"value": xs})),
        st.lists(st.text(max_size=5), max_size=6).map(pd.Index),
        st.lists(st.integers(-100, 100), max_size=6).map(np.array),
    ),
    max_leaves=8,
)


def leaks(expected, text: str) -> bool:
    """Does ``text`` give away ``expected``?"""
    # The HTML's own styling (padding: 0.4em ...) is not a message: an expected 0.4 is not given away by it.
    text = re.sub(r'style="[^"]*"', "", text)
    if isinstance(expected, (bool, np.bool_)):
        return False  # "True"/"False" appear in type descriptions; nothing to give away
    if isinstance(expected, numbers.Integral):
        return re.search(rf"(?<![\d.]){int(expected)}(?!\d)", text) is not None
    if isinstance(expected, numbers.Real):
        return any(form in text for form in {repr(float(expected)), f"{float(expected):.2f}"})
    if isinstance(expected, str):
        return expected.casefold() in text.casefold()
    if isinstance(expected, (pd.Timestamp, dt.date)):
        return pd.Timestamp(expected).strftime("%Y-%m-%d") in text
    if isinstance(expected, (pd.Series, dict)):
        pairs = dict(expected).items()
        return bool(pairs) and all(f"{k}" in text and f"{v}" in text for k, v in pairs)
    if isinstance(expected, (list, tuple, set, frozenset, pd.Index, np.ndarray)):
        items = [str(item) for item in expected]
        return bool(items) and all(item in text for item in items)
    return False


def test_the_module_has_exercises_to_fuzz():
    assert CHECKS and DISCUSSIONS


@pytest.mark.parametrize("exercise_id", CHECKS)
def test_check_survives_anything(exercise_id, freeze):
    expected = freeze(exercise_id)
    tried = []

    @given(VALUES)
    def survives(answer):
        tried.append(1)
        result = check(exercise_id, answer)
        assert isinstance(result, Feedback)
        assert result.status in {"correct", "incorrect", "unanswered"}
        shown = repr(result) + result._repr_html_()
        if not result.correct:
            assert not leaks(expected, shown), shown

    survives()
    assert len(tried) >= settings.default.max_examples


@pytest.mark.parametrize("exercise_id", DISCUSSIONS)
def test_discuss_survives_anything(exercise_id, freeze):
    exercise = feedback.EXERCISES[exercise_id]
    expected = freeze(exercise_id) if exercise.expected else None
    labels = st.sampled_from(exercise.options) | VALUES
    keys = st.sampled_from(sorted(expected)) if expected else st.text()
    choices = VALUES | labels | st.dictionaries(keys | st.text(max_size=5), labels, max_size=8)

    tried = []

    @given(choices, st.text() | VALUES)
    def survives(choice, because):
        tried.append(1)
        result = discuss(exercise_id, choice, because)
        assert isinstance(result, Feedback)
        assert result.status in {"correct", "incorrect", "unanswered", "recorded"}
        # A recorded answer is set beside the coded reading on purpose; a wrong one never is.
        if expected and result.status == "incorrect":
            assert not leaks(expected, repr(result) + result._repr_html_())

    survives()
    assert len(tried) >= settings.default.max_examples


def test_data_helpers_answer_any_name_with_a_learner_message():
    from unlocked.data import describe, load, verified_path
    from unlocked.errors import LearnerError

    @given(VALUES | st.text())
    def survives(name):
        for helper in (load, describe, verified_path):
            try:
                helper(name)
            except LearnerError as error:
                assert str(error)

    survives()


def test_export_responses_answers_anything_with_feedback(tmp_path, monkeypatch):
    from unlocked.responses import export_responses

    monkeypatch.chdir(tmp_path)

    @given(VALUES)
    def survives(notebook):
        assert isinstance(export_responses(notebook), Feedback)

    survives()


def test_positions_of_answers_anything_with_a_table_or_one_learner_message():
    """Notebook 07's role play: any group name gives that group's rows or a message listing the groups."""
    from unlocked.errors import LearnerError
    from unlocked.exercises.policy_lab import GROUPS, positions_of

    @given(st.one_of(VALUES, st.sampled_from(GROUPS)))
    def survives(value):
        try:
            table = positions_of(value)
        except LearnerError as error:
            message = str(error)
            assert "Hint:" in message and "Traceback" not in message and len(message.splitlines()) == 1
        else:
            assert len(table) >= 1 and list(table.columns) == ["position_id", "date", "stakeholder", "position"]

    survives()


def test_rank_safeguards_answers_any_weights_with_a_table_or_one_learner_message():
    """Notebook 07's learner-set weights: whatever comes in, a ranking or a message with a hint."""
    from unlocked.errors import LearnerError
    from unlocked.exercises.policy_lab import CRITERIA, rank_safeguards

    numbers_ = st.one_of(st.integers(-5, 5), st.floats(allow_nan=True, allow_infinity=True), SCALARS)
    weights = st.one_of(
        VALUES,
        st.lists(numbers_, max_size=7),
        st.dictionaries(st.sampled_from(CRITERIA) | st.text(max_size=8), numbers_, max_size=7),
        st.fixed_dictionaries({c: numbers_ for c in CRITERIA}),
    )

    @given(weights)
    def survives(value):
        try:
            ranked = rank_safeguards(value)
        except LearnerError as error:
            message = str(error)
            assert "Hint:" in message and "Traceback" not in message
            assert len(message.splitlines()) == 1
        else:
            assert list(ranked.columns) == ["safeguard_id", "short_name", "decides", "score", "rank"]
            assert ranked["score"].between(1, 3).all()

    survives()
