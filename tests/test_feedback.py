"""Unit tests for check() and discuss(): what a learner sees for each kind of answer."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from unlocked import feedback
from unlocked.errors import DataFileError
from unlocked.feedback import Check, Discussion, check, discuss


@pytest.fixture
def exercise(monkeypatch):
    """Register a throwaway exercise whose expected answer is the given value."""

    def make(expected, **options):
        ex = Check("test.ex", lambda: expected, hint="Look at the data again.", **options)
        monkeypatch.setitem(feedback.EXERCISES, ex.id, ex)
        return ex.id

    return make


def test_placeholder_is_not_answered_yet(exercise):
    fb = check(exercise(3), ...)
    assert fb.status == "unanswered"
    assert "Not answered yet" in repr(fb)


def test_unknown_exercise_gets_a_message():
    fb = check("no.such.exercise", 3)
    assert fb.status == "problem" and "first argument" in fb.hint
    assert check(None, 3).status == "problem"
    assert discuss(["x"], "a", "b").status == "problem"


@pytest.mark.parametrize("answer", [3, np.int64(3), 3.0, np.float32(3.0)])
def test_whole_numbers_accept_any_numeric_type(exercise, answer):
    assert check(exercise(3), answer).correct


@pytest.mark.parametrize(
    "answer, words",
    [
        (4, "too high"),
        (2, "too low"),
        ("3", "without quotes"),
        (None, "None"),
        (True, "True/False"),
        (float("nan"), "missing"),
        (pd.NA, "missing"),
        (float("inf"), "infinite"),
        (pd.Timedelta(days=3), ".days"),
        (pd.Series([3]), "single value"),
        ([3], "list"),
    ],
)
def test_wrong_whole_numbers_say_what_is_wrong(exercise, answer, words):
    ex = exercise(3)
    fb = check(ex, answer)
    assert fb.status == "incorrect"
    assert words in fb.message
    assert fb.hint == ""  # the first wrong try: the diagnosis alone
    assert check(ex, 6).hint == "Look at the data again."  # a second, different try: the hint


def test_real_numbers_use_a_tolerance_and_spot_percentages(exercise):
    ex = exercise(0.25, tolerance=0.01)
    assert check(ex, 0.251).correct
    assert "percentage" in check(ex, 25).message
    assert "too low" in check(ex, 0.1).message
    assert "percentage instead" in check(exercise(25.0, tolerance=0.01), 0.25).message


def test_text_ignores_case_and_spacing(exercise):
    ex = exercise("Partly adequate")
    assert check(ex, "  partly   ADEQUATE ").correct
    assert check(ex, "adequate").status == "incorrect"
    assert "empty" in check(ex, "   ").message
    assert "text" in check(ex, 5).message


def test_booleans(exercise):
    ex = exercise(True)
    assert check(ex, True).correct and check(ex, np.bool_(True)).correct
    assert check(ex, False).status == "incorrect"
    assert "True or False" in check(ex, "True").message


@pytest.mark.parametrize(
    "answer", ["2024-12-16", pd.Timestamp("2024-12-16 13:00"), dt.date(2024, 12, 16),
               np.datetime64("2024-12-16"), pd.Timestamp("2024-12-16", tz="UTC")]
)
def test_dates_accept_common_forms(exercise, answer):
    assert check(exercise(pd.Timestamp("2024-12-16")), answer).correct


def test_wrong_dates(exercise):
    ex = exercise(pd.Timestamp("2024-12-16"))
    assert "too late" in check(ex, "2025-01-01").message
    feedback.forget_tries()  # (a first try each: only a first try is told which way)
    assert "too early" in check(ex, "2024-01-01").message
    assert "YYYY-MM-DD" in check(ex, "sixteenth of December").message
    assert "missing" in check(ex, pd.NaT).message


def test_unordered_collections(exercise):
    ex = exercise(["amnesty", "cellebrite"])
    assert check(ex, {"Cellebrite", "Amnesty"}).correct
    assert check(ex, pd.Series(["cellebrite", "amnesty"])).correct
    assert "missing" in check(ex, ["amnesty"]).message
    feedback.forget_tries()
    assert "do not belong" in check(ex, ["amnesty", "cellebrite", "google"]).message
    # A second different try is not told which items: no item-by-item oracle.
    assert "do not belong" not in check(ex, ["amnesty", "google"]).message
    assert "more than once" in check(ex, ["amnesty", "amnesty", "cellebrite"]).message
    assert "list of values" in check(ex, "amnesty, cellebrite").message


def test_ordered_collections(exercise):
    ex = exercise(["a", "b", "c"], ordered=True)
    assert check(ex, ("a", "b", "c")).correct
    assert "order" in check(ex, ["c", "b", "a"]).message


def test_labelled_values(exercise):
    ex = exercise(pd.Series({"report": 3, "patch": 4}))
    assert check(ex, {"patch": 4, "Report": 3}).correct
    assert "labels are missing" in check(ex, {"patch": 4}).message
    assert "values are not" in check(ex, {"patch": 4, "report": 2}).message


def test_tables(exercise):
    expected = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    ex = exercise(expected)
    assert check(ex, expected.iloc[::-1]).correct  # row order does not matter
    assert check(ex, expected.assign(extra=0)).correct  # extra columns are fine
    assert "too few rows" in check(ex, expected.head(1)).message
    assert "columns" in check(ex, expected[["a"]]).message
    assert "values differ" in check(ex, expected.assign(a=[1, 3])).message
    assert "DataFrame" in check(ex, expected["a"]).message


def test_messages_never_show_the_expected_value(exercise):
    ex = exercise(1234)
    for answer in (1233, 1235, "1234", [1234], pd.Series([1234]), 1234.5):
        fb = check(ex, answer)
        assert "1234" not in repr(fb) and "1234" not in fb._repr_html_()


def test_exotic_objects_get_a_message(exercise):
    class Hostile:
        def __eq__(self, other):
            raise RuntimeError("boom")

        __hash__ = None

        def __float__(self):
            raise RuntimeError("boom")

    fb = check(exercise(3), Hostile())
    assert fb.status == "incorrect" and "Hostile" in fb.message

    class NoClass:  # even asking for its class fails (too odd for hypothesis to draw)
        @property
        def __class__(self):
            raise RuntimeError("boom")

    for expected in (3, "text", ["a"], pd.Timestamp("2024-01-01"), pd.DataFrame({"a": [1]})):
        assert check(exercise(expected), NoClass()).status == "incorrect"


def test_a_damaged_data_file_is_reported_by_the_check(monkeypatch):
    def broken():
        raise DataFileError("The data file data/x.csv is missing.")

    monkeypatch.setitem(feedback.EXERCISES, "test.broken", Check("test.broken", broken, "h"))
    fb = check("test.broken", 3)
    assert fb.status == "problem" and "data/x.csv" in fb.message


def test_a_failing_checker_is_not_blamed_on_the_learner(monkeypatch):
    monkeypatch.setitem(feedback.EXERCISES, "test.bug", Check("test.bug", lambda: 1 / 0, "h"))
    assert check("test.bug", 3).status == "problem"


@pytest.fixture
def position(monkeypatch):
    ex = Discussion("test.position", ("yes", "no", "it depends"), hint="Pick one.", min_words=3)
    monkeypatch.setitem(feedback.EXERCISES, ex.id, ex)
    return ex.id


def test_discussion_choice_and_reason(position):
    assert discuss(position, ..., "").status == "unanswered"
    assert "one of these options" in discuss(position, "maybe", "because it is so").message
    assert "justify" in discuss(position, "Yes", "").message
    assert "justify" in discuss(position, "yes", ...).message
    fb = discuss(position, "IT DEPENDS", "because of the warrant")
    assert fb.status == "recorded" and not fb.correct  # an opinion is recorded, never "correct"


@pytest.fixture
def classification(monkeypatch):
    ex = Discussion(
        "test.classify", ("claim", "finding"), hint="Ask: what evidence is offered?",
        expected=lambda: {"s1": "claim", "s2": "finding"}, min_words=3,
    )
    monkeypatch.setitem(feedback.EXERCISES, ex.id, ex)
    return ex.id


def test_classification(classification):
    reason = "evidence was shown for one"
    fb = discuss(classification, {"S1": "Claim", "s2": "finding"}, reason)
    assert fb.status == "recorded" and "every item as you did" in fb.comparison
    # Without reasons, a recorded answer learns how many items differ, never which.
    feedback.forget_tries()
    fb = discuss(classification, {"s1": "finding", "s2": "finding"}, reason)
    assert fb.status == "recorded" and "one item" in fb.comparison and "s1" not in fb.comparison
    assert "every item" in discuss(classification, {"s1": "claim"}, reason).message
    assert "missing: s2" in discuss(classification, {"s1": "claim"}, reason).message
    assert "'s3'" in discuss(classification, {"s1": "claim", "s2": "claim", "s3": "x"}, reason).message
    assert "check s2" in discuss(classification, {"s1": "claim", "s2": "findings"}, reason).message
    assert "only these labels" in discuss(classification, {"s1": "claim", "s2": 3}, reason).message
    assert "dict" in discuss(classification, "claim", reason).message


def test_a_count_is_given_once_so_labels_cannot_be_searched_one_by_one(classification):
    reason = "evidence was shown for one"
    first = discuss(classification, {"s1": "finding", "s2": "finding"}, reason)
    assert "one item" in first.comparison
    # Flipping a label now would reveal which one differed: later answers are not compared ...
    for later in ({"s1": "claim", "s2": "finding"}, {"s1": "finding", "s2": "claim"}):
        fb = discuss(classification, later, reason)
        assert fb.status == "recorded" and "not compared again" in fb.comparison
    # ... while the first answer, run again, says what it said (a cell run twice is the same).
    assert discuss(classification, {"s1": "finding", "s2": "finding"}, reason).comparison == first.comparison
    # A justification that is too short is not a complete answer, and is not compared.
    feedback.forget_tries()
    assert not discuss(classification, {"s1": "claim", "s2": "claim"}, "no").comparison
    assert "every item as you did" in discuss(classification, {"s1": "claim", "s2": "finding"}, reason).comparison


def test_a_classification_with_reasons_shows_the_whole_reading_with_them(monkeypatch):
    ex = Discussion("test.reasons", ("claim", "finding"), hint="Ask: what evidence is offered?",
                    expected=lambda: {"s1": "claim", "s2": "finding"}, min_words=3,
                    reasons=lambda: {"s1": "no evidence is offered.", "s2": "a lab shows its method"})
    monkeypatch.setitem(feedback.EXERCISES, ex.id, ex)
    fb = discuss(ex.id, {"s1": "finding", "s2": "finding"}, "evidence was shown for one")
    assert fb.status == "recorded" and "one item" in fb.comparison
    assert "s1: claim (no evidence is offered)" in fb.comparison and "s2: finding (a lab shows" in fb.comparison
    agreed = discuss(ex.id, {"s1": "claim", "s2": "finding"}, "evidence was shown for one")
    assert "every item as you did" in agreed.comparison and "no evidence is offered" in agreed.comparison


def test_feedback_renders_as_text_and_html():
    fb = feedback.Feedback("incorrect", "Your number is too high.", "Count again <carefully>.")
    assert repr(fb).startswith("Not yet: Your number is too high.")
    assert "&lt;carefully&gt;" in fb._repr_html_() and 'role="status"' in fb._repr_html_()
    assert not fb


def test_an_exercise_with_an_uncomparable_expected_value_is_an_authoring_error():
    with pytest.raises(TypeError):
        feedback.comparison_for(object())


def test_every_registered_exercise_has_a_comparable_answer_and_a_hint():
    feedback._lookup("", Check)
    for exercise in feedback.EXERCISES.values():
        assert exercise.hint.strip()
        if isinstance(exercise, Check):
            feedback.comparison_for(exercise.expected())
        elif exercise.expected:
            assert set(exercise.expected().values()) <= set(exercise.options)


@pytest.fixture
def graded_classification(monkeypatch):
    ex = Discussion(
        "test.graded", ("claim", "finding"), hint="Ask: what evidence is offered?",
        expected=lambda: {"s1": "claim", "s2": "finding"}, min_words=3, graded=True,
    )
    monkeypatch.setitem(feedback.EXERCISES, ex.id, ex)
    return ex.id


def test_a_graded_classification_is_correct_or_says_how_much_differs_coarsely(graded_classification):
    reason = "evidence was shown for one"
    assert discuss(graded_classification, {"S1": "Claim", "s2": "finding"}, reason).correct
    fb = discuss(graded_classification, {"s1": "finding", "s2": "finding"}, reason)
    assert fb.status == "incorrect" and "One item is" in fb.message and not fb.comparison


def test_no_status_needs_an_emoji_font():
    for status in feedback._TITLES:
        shown = repr(feedback.Feedback(status, "m", "h")) + feedback.Feedback(status, "m")._repr_html_()
        assert all(ord(ch) < 0x2190 for ch in shown), shown


def test_the_same_answer_always_gets_the_same_message(exercise):
    ex = exercise(500)
    first = [check(ex, n).message for n in (100, 900, 300)]
    again = [check(ex, n).message for n in (100, 900, 300)]
    assert first == again  # a cell run twice says the same thing
    assert "too low" in first[0]
    assert "too" not in first[1] and "too" not in first[2]  # later tries: no direction


@pytest.mark.parametrize("answer", [0.67, 0.667, 0.6667, 2 / 3])
def test_answers_at_the_precision_asked_for_pass(exercise, answer):
    assert check(exercise(2 / 3, decimals=2), answer).correct


def test_rounding_too_early_is_named(exercise):
    fb = check(exercise(2 / 3, decimals=3), 0.67)
    assert fb.status == "incorrect" and "round" in fb.message and "three decimal places" in fb.message
    assert not check(exercise(2 / 3, decimals=2), 0.68).correct
    assert "percentage" in check(exercise(2 / 3, decimals=2), 66.67).message


def test_exact_text_and_items(exercise):
    ex = exercise("data/evidence/report.json", exact=True)
    assert check(ex, "data/evidence/report.json").correct
    for wrong in ("DATA/evidence/report.json", " data/evidence/report.json "):
        fb = check(ex, wrong)
        assert fb.status == "incorrect" and "capitals and spaces matter" in fb.message
    items = exercise(["a/b.db", "c/D.db"], exact=True)
    assert check(items, ["c/D.db", "a/b.db"]).correct
    assert "capitals and spaces matter" in check(items, ["A/B.db", "c/d.db"]).message


def test_slips_computed_from_the_data_are_named(monkeypatch):
    ex = Check("test.slip", lambda: 10, hint="Count again.",
               slips=(("That is the count in local time; the question asks for UTC.", lambda: 12),))
    monkeypatch.setitem(feedback.EXERCISES, ex.id, ex)
    assert "local time" in check(ex.id, 12).message
    assert "local time" not in check(ex.id, 11).message
    assert check(ex.id, 10).correct
    rounded = Check("test.slip2", lambda: 1 / 3, hint="Count again.", decimals=3,
                    slips=(("You counted the named sources too.", lambda: 5 / 12),))
    monkeypatch.setitem(feedback.EXERCISES, rounded.id, rounded)
    assert "named sources" in check(rounded.id, 0.417).message  # a rounded slip is still named


@pytest.mark.parametrize("answer, words", [
    (pd.Series(pd.to_timedelta([3], unit="D")), ".dt.days"),
    (pd.array(["a"], dtype="string"), "array of values"),
    (pd.Series([1, 2]).groupby([1, 1]), "grouping"),
    (len, "brackets"),
])
def test_common_slips_have_their_own_words_and_no_pandas_internals(exercise, answer, words):
    fb = check(exercise(3), answer)
    assert words in fb.message
    assert "StringArray" not in fb.message and "SeriesGroupBy" not in fb.message


@pytest.mark.parametrize("because, accepted", [
    ("x x x x x x x x x x", False),
    ("bla bla bla bla bla bla bla bla", False),
    ("a b c d e f g h i j", False),
    ("Police need warrants because phones hold whole lives", True),
    ("警察需要法院的搜查令才能打开手机", True),
    ("携帯電話には生活のすべてが入っているので令状が必要です", True),
    ("휴대폰 에는 삶의 모든 것이 들어 있으므로 영장이 필요합니다 정말로", True),
])
def test_justifications_count_different_words_in_any_script(position, because, accepted):
    fb = discuss(position, "yes", because)
    assert (fb.status == "recorded") is accepted, fb


@pytest.mark.parametrize("expected, answer, words", [
    (29, -29, "wrong way round"),
    (3, 2.5, "fractional part"),
    (1 / 3, 4, "between 0 and 1"),
    (1 / 3, -1 / 3, "wrong way round"),
])
def test_slips_that_every_exercise_invites_are_named(exercise, expected, answer, words):
    assert words in check(exercise(expected, decimals=3), answer).message


def test_a_coarse_answer_is_not_called_rounding_without_saying_what_else_it_may_be(exercise):
    fb = check(exercise(1 / 3, decimals=3), 0.3)
    assert "three decimal places" in fb.message and "divided" in fb.message


def test_label_problems_and_time_spans_are_told_on_every_try(exercise):
    ex = exercise(pd.Series({"a": 3, "b": 4}))
    check(ex, {"a": 1, "b": 1})  # a first wrong try
    assert "index" in check(ex, pd.Series([3, 4])).message
    spans = pd.Series(pd.to_timedelta([3, 4], unit="D"), index=["a", "b"])
    assert ".dt.days" in check(ex, spans).message


def test_a_call_missing_its_answer_gets_a_message():
    assert check("00.primary_sources").status == "problem"
    assert discuss("00.starting_position", "yes").status == "problem"


def test_the_hint_waits_for_a_second_different_try(exercise):
    ex = exercise(10)
    assert check(ex, 12).hint == "" and check(ex, 12).hint == ""  # same answer, same message
    assert check(ex, 13).hint == "Look at the data again."


def test_rounding_too_early_is_not_mistaken_for_a_slip(monkeypatch):
    ex = Check("test.round", lambda: 0.019471, hint="h", decimals=4,
               slips=(("Your share counts records that are not communications.", lambda: 0.01995),))
    monkeypatch.setitem(feedback.EXERCISES, ex.id, ex)
    assert "four decimal places" in check(ex.id, 0.02).message
    assert "not communications" in check(ex.id, 0.01995).message


def test_citations_in_how_the_sources_see_it_become_readable_links():
    fb = feedback.Feedback("recorded", "Kept.", comparison="Amnesty reported it [@amnesty-2024-digital-prison].")
    assert "[@" not in repr(fb) and "(Amnesty, Dec 2024" in repr(fb)
    assert '<a href="https://www.amnesty.org/' in fb._repr_html_() and "[@" not in fb._repr_html_()


def test_every_citation_in_feedback_resolves():
    from unlocked.sources import cited_ids, registry

    feedback._lookup("", Check)
    known = set(registry().index)
    for exercise in feedback.EXERCISES.values():
        if isinstance(exercise, Discussion):
            texts = [exercise.reading, *(exercise.reasons().values() if exercise.reasons else ())]
            texts += [exercise.afterword()] if exercise.afterword else []
            unknown = {i for text in texts for i in cited_ids(text)} - known
            assert not unknown, f"{exercise.id} cites unknown sources {unknown}"


def test_feedback_shows_even_when_the_check_is_not_the_cells_last_line(tmp_path):
    """In a kernel, check() shows its feedback at once; as the cell's last value it is not shown twice."""
    import nbclient
    import nbformat

    from unlocked.paths import ROOT

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(f"import sys; sys.path.insert(0, {str(ROOT)!r})\nfrom unlocked import check"),
        nbformat.v4.new_code_cell("fb = check('00.primary_sources', ...)\nprint('after')"),
        nbformat.v4.new_code_cell("check('00.primary_sources', ...)"),
        nbformat.v4.new_code_cell("fb"),
    ])
    nbclient.NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown = [[o.get("data", {}).get("text/plain", o.get("text", "")) for o in cell.outputs] for cell in nb.cells[1:]]
    assert shown[0][0].startswith("Not answered yet") and shown[0][1] == "after\n"
    assert len(shown[1]) == 1 and shown[1][0].startswith("Not answered yet")
    assert len(shown[2]) == 1  # a stored result shown again in a later cell


def test_an_empty_list_points_at_the_brackets_of_a_combined_filter(monkeypatch):
    ex = Check("test.list", lambda: ["P01", "P02"], hint="Filter, then list the ids.")
    monkeypatch.setitem(feedback.EXERCISES, ex.id, ex)
    fb = check(ex.id, [])
    assert not fb and "empty" in fb.message and "brackets" in fb.message


@pytest.mark.parametrize("min_words, words", [(3, "three"), (8, "eight"), (10, "ten"), (12, "twelve"),
                                              (15, "15"), (23, "23"), (120, "120")])
def test_a_short_reason_is_told_the_number_of_words_wanted(monkeypatch, min_words, words):
    # A cold trial met "at least many different words": every minimum is said as a number.
    ex = Discussion("test.long", ("yes", "no"), hint="Pick one.", min_words=min_words)
    monkeypatch.setitem(feedback.EXERCISES, ex.id, ex)
    fb = discuss(ex.id, "yes", "too short")
    assert f"at least {words} different words" in fb.message and "many" not in fb.message


def test_a_requirement_on_the_reason_is_asked_for_once_it_is_long_enough(monkeypatch):
    def needs(choice, because):
        if "K01" not in because:
            return f"Cite a position for {choice}."
        return None

    ex = Discussion("test.cite", ("yes", "no"), hint="Pick one.", min_words=3, needs=needs)
    monkeypatch.setitem(feedback.EXERCISES, ex.id, ex)
    assert "justify" in discuss(ex.id, "yes", "short").message  # length first
    fb = discuss(ex.id, "no", "because the record shows it")
    assert fb.status == "incorrect" and fb.message == "Cite a position for no." and fb.hint
    assert discuss(ex.id, "no", "because the record shows it (K01)").status == "recorded"
    broken = Discussion("test.broken_needs", ("yes",), hint="h", min_words=3, needs=lambda c, b: 1 / 0)
    monkeypatch.setitem(feedback.EXERCISES, broken.id, broken)
    assert discuss(broken.id, "yes", "because the record shows it").status == "recorded"


@pytest.mark.parametrize("expected", ["P08", 3])
def test_a_row_given_for_one_value_is_called_a_row_or_a_column(exercise, expected):
    # A cold trial passed a whole row (ranked.iloc[0]) and heard "a whole column or a list".
    row = pd.DataFrame({"safeguard_id": ["P08"], "score": [2.5]}).iloc[0]
    fb = check(exercise(expected), row)
    assert "a row or a column" in fb.message and "whole column" not in fb.message
    assert "P08" not in fb.message
