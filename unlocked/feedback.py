"""Instant feedback on exercises: ``check`` for computed answers, ``discuss`` for
structured discussions.

Three promises to the learner, each tested with thousands of random inputs:

* any value whatsoever gets a message, never a traceback;
* a message says what is wrong and gives a hint, but never the expected answer
  (messages also avoid echoing the learner's own value, which could coincide with it);
* an answer still at its placeholder ``...`` is reported as "not answered yet".

Expected answers are computed from the data when the check runs, never typed in,
so they stay right if the data change or an instructor hands out a variant.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import numbers
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from .errors import LearnerError

PLACEHOLDER = ...  # what a learner's answer cell starts with

_TITLES = {
    "correct": "Correct",
    "incorrect": "Not yet",
    "unanswered": "Not answered yet",
    "problem": "The check could not run",
    "recorded": "Recorded",
    "saved": "Saved",
    "saved_check": "Saved, but check this",
}
# Okabe-Ito blue / vermillion / grey / orange / sky blue / green: told apart without colour
# vision too, and the title always says the same thing in words (no emoji: without an emoji
# font they show as empty boxes).
_COLOURS = {
    "correct": "#0072B2", "incorrect": "#D55E00", "unanswered": "#999999",
    "problem": "#E69F00", "recorded": "#56B4E9", "saved": "#009E73", "saved_check": "#E69F00",
}


@dataclass(frozen=True)
class Feedback:
    """The outcome of one check: a status, a message and (when not correct) a hint.

    status is one of: correct, incorrect, unanswered, problem (the check could not
    run, e.g. a damaged data file), recorded (a discussion answer where reasonable
    people differ: kept, not graded), saved (answers were written to a file), saved_check
    (written, but some answer will not count as the learner may think).
    ``comparison`` is what a recorded answer is set beside: how the sources see it.
    """

    status: str
    message: str
    hint: str = ""
    comparison: str = ""

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        text = f"{_TITLES[self.status]}: {self.message}"
        if self.hint:
            text += f"\n   Hint: {self.hint}"
        if self.comparison:
            shown = _cited(self.comparison, as_html=False)
            text += "\n   How the sources see it: " + shown.replace("\n", "\n   ")
        return text

    def _ipython_display_(self) -> None:
        # Shown once: check() shows its feedback at once, wherever it stands in the cell, and
        # the same object returned as the cell's last value is then not shown a second time.
        from IPython import get_ipython
        from IPython.display import display

        shell = get_ipython()
        run = shell.execution_count if shell is not None else None
        if run is not None and self.__dict__.get("_shown_in_run") == run:
            return  # already shown by this cell (a later cell that shows it again still can)
        object.__setattr__(self, "_shown_in_run", run)

        display({"text/plain": repr(self), "text/html": self._repr_html_()}, raw=True)

    def _repr_html_(self) -> str:
        hint = f"<br><strong>Hint:</strong> {html.escape(self.hint)}" if self.hint else ""
        if self.comparison:
            shown = _cited(html.escape(self.comparison), as_html=True).replace("\n", "<br>")
            hint += f"<br><strong>How the sources see it:</strong> {shown}"
        return (
            f'<div role="status" style="border-left: 6px solid {_COLOURS[self.status]}; '
            f'padding: 0.4em 0.8em; margin: 0.3em 0;">'
            f"<strong>{_TITLES[self.status]}:</strong> "
            f"{html.escape(self.message)}{hint}</div>"
        )


def _cited(text: str, as_html: bool) -> str:
    """How the sources see it, with its ``[@id]`` citations as readable (linked) labels."""
    from .sources import cite_in_feedback  # late: sources loads data, which imports feedback

    return cite_in_feedback(text, as_html)


# ---------------------------------------------------------------- exercise registry


@dataclass(frozen=True)
class Check:
    """An auto-checked exercise.

    ``expected`` computes the right answer from the data. Its type decides how an
    answer is compared: a whole number, a number (within ``tolerance``), text, a
    date, a collection (``ordered`` or not), a labelled Series / dict, or a table.
    """

    id: str
    expected: Callable[[], Any]
    hint: str
    tolerance: float = 1e-6
    ordered: bool = False
    #: For numbers: the precision the prompt asks for (e.g. 2 = "to two decimal places").
    #: An answer rounded to that many places is accepted.
    decimals: int | None = None
    #: Text (and list items) compared exactly, case and spaces included: for file paths and keys.
    exact: bool = False
    #: Common slips this exercise invites, each ``(message, compute_the_slipped_answer)``:
    #: an answer equal to a slipped answer gets that message (e.g. "local time, not UTC").
    slips: tuple[tuple[str, Callable[[], Any]], ...] = ()


@dataclass(frozen=True)
class Discussion:
    """A structured discussion: a checked choice plus a free-text justification.

    With ``expected`` unset, any of ``options`` is a valid position. With
    ``expected`` set, it computes from the data a mapping item -> option (the
    sources' or the coded reading), and the learner's choice must be a dict
    classifying every item.

    ``graded`` says whether one factual answer exists. Where reasonable people
    differ (the default), the answer is "Recorded" and the learner is shown how
    the sources see it, for comparison; only a graded discussion can be "Correct".
    """

    id: str
    options: tuple[str, ...]
    hint: str
    expected: Callable[[], Mapping[str, str]] | None = None
    min_words: int = 8
    graded: bool = False
    #: How the sources see the question, shown beside a recorded answer (attributed, in a
    #: sentence or two). For a classification without ``reasons``: what on the core path to
    #: look at again, said after the count (e.g. the principle each case may fail); not
    #: given, the learner is pointed to the evidence for the items they found hardest.
    reading: str = ""
    #: For a recorded classification: item -> why the coded reading labels it so. Given,
    #: the whole reading is shown with its reasons once an answer is recorded; not given,
    #: only how many items differ (never which: that would be a key to copy, not a reason).
    reasons: Callable[[], Mapping[str, str]] | None = None
    #: Shown after the coded reading once an answer is recorded: for example what really
    #: happened in a synthetic case, which the evidence alone cannot tell.
    afterword: Callable[[], str] | None = None
    #: What the reason must also do, asked only once it is long enough: given the (valid)
    #: choice and the reason, a message saying what is missing (e.g. "cite a position_id"),
    #: or None when nothing is.
    needs: Callable[[Any, str], str | None] | None = None


EXERCISES: dict[str, Check | Discussion] = {}


def register(exercise: Check | Discussion) -> Check | Discussion:
    """Add an exercise to the registry (exercise modules call this at import)."""
    if exercise.id in EXERCISES:
        raise ValueError(f"duplicate exercise id {exercise.id!r}")
    EXERCISES[exercise.id] = exercise
    return exercise


def _lookup(exercise_id: Any, kind: type) -> Check | Discussion | None:
    from . import exercises  # noqa: F401  (importing it registers every exercise)

    if type(exercise_id) is not str:
        return None
    found = EXERCISES.get(exercise_id)
    return found if isinstance(found, kind) else None


# ---------------------------------------------------------------- describing values


class _Mismatch(Exception):
    """Raised inside a comparison to report what is wrong with an answer.

    ``coarse`` is set when the message says *which way* an answer is off (too high,
    which items are missing): such detail helps a learner's first tries, but repeated
    it becomes an oracle that finds the answer by bisection without any thinking. After
    :data:`DETAILED_TRIES` wrong answer, later different ones get the coarse message.
    """

    def __init__(self, message: str, coarse: str | None = None, rounding: bool = False):
        super().__init__(message)
        self.coarse = coarse
        self.rounding = rounding  # the answer is the expected value rounded too coarsely


#: How many different wrong answers to one exercise get a directional message. One is
#: enough to catch a slip; more would let "too high / too low" find a number by bisection.
DETAILED_TRIES = 1
_NOT_YET = (
    "That is not it yet. After your first try the check stops saying what is off, so that it "
    "cannot be used to guess: work through the steps again from the data."
)


def _what_is(value: Any) -> str:
    """Name the kind of a value in a learner's words, without showing the value."""
    if value is None:
        return (
            "None, which usually means nothing was assigned: a function like print() "
            "or an in-place method returns None"
        )
    if isinstance(value, (bool, np.bool_)):
        return "True/False"
    if isinstance(value, pd.DataFrame):
        return "a DataFrame (a whole table)"
    if isinstance(value, pd.Series):
        return "a Series (a row or a column of a table: several labelled values)"
    if isinstance(value, (pd.Timedelta, dt.timedelta, np.timedelta64)):
        return "a time span (Timedelta)"
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date, np.datetime64)):
        return "a date"
    if isinstance(value, str):
        return "text (a string in quotes)"
    if isinstance(value, numbers.Integral):
        return "a whole number"
    if isinstance(value, numbers.Real):
        return "a number"
    if isinstance(value, Mapping):
        return "a dict"
    if isinstance(value, (pd.api.extensions.ExtensionArray, np.ndarray)):
        # Never a pandas class name such as StringArray: say what it is to the learner.
        return "an array of values (a column's values without their labels)"
    if isinstance(value, (list, tuple, set, frozenset)):
        return f"a {type(value).__name__}"
    if isinstance(value, pd.Index):
        return "an Index (a table's row or column labels)"
    if isinstance(value, (pd.core.groupby.GroupBy)):
        return "a grouping (add an aggregation such as .size() or .sum())"
    if callable(value) and not isinstance(value, type):
        return "a function (did you forget the brackets that call it?)"
    if type(value).__module__.split(".")[0] in ("pandas", "numpy"):
        return "a pandas or NumPy object of an unexpected kind"  # never an internal class name
    return f"an object of type {type(value).__name__}"


def _is_missing(value: Any) -> bool:
    if value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    return isinstance(value, np.datetime64) and np.isnat(value)


_MISSING = (
    "Your answer is missing (NaN, NA or NaT), which usually means a calculation "
    "met empty values or a filter matched nothing."
)


# ---------------------------------------------------------------- comparisons
# Each returns normally when the answer is right and raises _Mismatch otherwise.
# The messages never contain the expected value, nor the learner's value.


def _as_number(value: Any, want: str) -> float:
    if _is_missing(value):
        raise _Mismatch(_MISSING)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        extra = ""
        if isinstance(value, (pd.Timedelta, dt.timedelta, np.timedelta64)):
            extra = " A time span has a .days attribute that gives a whole number of days."
        elif isinstance(value, pd.Series) and pd.api.types.is_timedelta64_dtype(value.dtype):
            extra = " A column of time spans gives whole days with .dt.days."
        elif isinstance(value, (pd.Series, pd.DataFrame, np.ndarray, list, tuple)):
            extra = (" Reduce it to the single value the question asks for (with the method it "
                     "names, such as .max(), .sum() or len()).")
        elif isinstance(value, str):
            extra = " Write the number without quotes."
        raise _Mismatch(f"The answer should be {want}, but yours is {_what_is(value)}.{extra}")
    number = float(value)
    if math.isinf(number):
        raise _Mismatch("Your answer is infinite: was something divided by zero?")
    return number


def _off(number: float, expected: float, more: str = "too high", less: str = "too low") -> _Mismatch:
    return _Mismatch(f"Your number is {more if number > expected else less}.", coarse=_NOT_YET)


def _sign_slip(number: float, target: float) -> None:
    if target and math.isclose(number, -target, rel_tol=1e-9):
        raise _Mismatch("The size is right but the sign is not: did you subtract the wrong way round?")


def _compare_integer(answer: Any, expected: Any, exercise: Check) -> None:
    number = _as_number(answer, "a whole number")
    if number != int(expected):
        if not number.is_integer():
            raise _Mismatch("The answer should be a whole number (a count, or whole days); yours "
                            "has a fractional part.")
        _sign_slip(number, int(expected))
        raise _off(number, int(expected))


def _rounded_to(number: float, target: float, places: int) -> bool:
    return math.isclose(number, round(target, places), abs_tol=1e-9)


def _compare_real(answer: Any, expected: Any, exercise: Check) -> None:
    number, target = _as_number(answer, "a number"), float(expected)
    tol, places = exercise.tolerance, exercise.decimals
    if math.isclose(number, target, rel_tol=tol, abs_tol=tol):
        return
    if places is not None and abs(number - target) <= 0.5 * 10 ** -places + 1e-9:
        return  # rounded (or cut) to the precision the prompt asks for
    if target and math.isclose(number, target * 100, rel_tol=tol, abs_tol=max(tol * 100, 0.5 * 10 ** -(places or 6) * 100)):
        raise _Mismatch("That looks like a percentage; give a share between 0 and 1 instead.")
    if math.isclose(number * 100, target, rel_tol=tol, abs_tol=tol):
        raise _Mismatch("That looks like a share between 0 and 1; give a percentage instead.")
    if 0 <= target <= 1 and number > 1:
        raise _Mismatch("A share lies between 0 and 1: did you give a count instead of dividing it by the total?")
    _sign_slip(number, target)
    coarser = range(places if places is not None else 6)
    if any(_rounded_to(number, target, p) for p in coarser):
        wanted = f"to {_count_words(places)} decimal places" if places is not None else "without rounding"
        raise _Mismatch(f"Give the value {wanted}: a value rounded more coarsely cannot pass. (If "
                        "yours is not rounded, check what you divided by what.)", rounding=True)
    raise _off(number, target)


def _normal_text(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def _compare_text(answer: Any, expected: Any, exercise: Check) -> None:
    if not isinstance(answer, str):
        extra = (" Take from it the one value the question asks for."
                 if isinstance(answer, (pd.Series, pd.DataFrame)) else "")
        raise _Mismatch(f"The answer should be text (in quotes), but yours is {_what_is(answer)}.{extra}")
    if not answer.strip():
        raise _Mismatch("Your answer is empty text.")
    if exercise.exact:
        if answer == expected:
            return
        if _normal_text(answer) == _normal_text(expected):
            raise _Mismatch("Nearly: here capitals and spaces matter (a file path or key is "
                            "exact). Copy it from the data rather than typing it.")
    elif _normal_text(answer) == _normal_text(expected):
        return
    raise _Mismatch("That is not the right answer (capitals and spaces do not matter).")


def _compare_bool(answer: Any, expected: Any, exercise: Check) -> None:
    if not isinstance(answer, (bool, np.bool_)):
        raise _Mismatch(f"The answer should be True or False, but yours is {_what_is(answer)}.")
    if bool(answer) != bool(expected):
        raise _Mismatch("That is not right: think about it the other way round.")


def _as_day(value: Any) -> pd.Timestamp:
    if _is_missing(value):
        raise _Mismatch(_MISSING)
    if isinstance(value, str):
        try:
            value = pd.Timestamp(value)
        except (ValueError, TypeError, OverflowError):
            raise _Mismatch("Your text could not be read as a date; write it like 'YYYY-MM-DD'.")
    if not isinstance(value, (pd.Timestamp, dt.date, np.datetime64)):
        raise _Mismatch(f"The answer should be a date, but yours is {_what_is(value)}.")
    stamp = pd.Timestamp(value)
    if stamp is pd.NaT:
        raise _Mismatch(_MISSING)
    return stamp.tz_localize(None).normalize() if stamp.tzinfo else stamp.normalize()


def _compare_date(answer: Any, expected: Any, exercise: Check) -> None:
    day, target = _as_day(answer), _as_day(expected)
    if day != target:
        raise _Mismatch(f"Your date is {'too late' if day > target else 'too early'}.", coarse=_NOT_YET)


_SEQUENCES = (list, tuple, set, frozenset, pd.Series, pd.Index, np.ndarray)


def _normal_item(item: Any, exact: bool = False) -> Any:
    if isinstance(item, str):
        return item if exact else _normal_text(item)
    if isinstance(item, (np.generic,)):
        return item.item()
    if isinstance(item, pd.Timestamp):
        return item.isoformat()
    return item


def _items(value: Any, exact: bool = False) -> list:
    if isinstance(value, (str, bytes, Mapping, pd.DataFrame)) or not isinstance(value, _SEQUENCES):
        raise _Mismatch(
            f"The answer should be a list of values, but yours is {_what_is(value)}."
        )
    if isinstance(value, np.ndarray) and value.ndim != 1:
        raise _Mismatch("The answer should be a flat list of values, not a grid.")
    return [_normal_item(item, exact) for item in value]


def _compare_collection(answer: Any, expected: Any, exercise: Check) -> None:
    given, target = _items(answer, exercise.exact), _items(expected, exercise.exact)
    if exercise.ordered and given == target:
        return
    try:
        given_set, target_set = set(given), set(target)
    except TypeError:
        raise _Mismatch("Some items in your list are not single values (e.g. lists inside a list).")
    if given_set == target_set:
        if exercise.ordered:
            raise _Mismatch("You have the right items, but not in the right order.")
        if len(given) != len(given_set) and len(target) == len(target_set):
            raise _Mismatch("You have the right items, but some appear more than once.")
        return
    if exercise.exact and {_normal_item(i) for i in given_set} == {_normal_item(i) for i in target_set}:
        raise _Mismatch("Nearly: here capitals and spaces matter (paths and keys are exact). "
                        "Copy the items from the data rather than typing them.")
    if not given_set and target_set:
        # Not a hint at the answer: an empty filter is a mistake in the code, most often one of
        # these two, which the answer alone cannot tell apart.
        raise _Mismatch("Your list is empty: no row passed your filter. Check that you compared with "
                        "values the column really holds (its .unique() lists them), and if you "
                        "combined conditions with & or |, put each condition in its own brackets: "
                        "(a == 1) & (b == 2).")
    problems = []
    if target_set - given_set:
        problems.append("some items are missing")
    if given_set - target_set:
        problems.append("some items do not belong")
    # Never which items: that would let anyone find the set by trying items one by one.
    raise _Mismatch("In your answer " + " and ".join(problems) + ".", coarse=_NOT_YET)


def _mapping(value: Any) -> dict:
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if not isinstance(value, Mapping):
        raise _Mismatch(
            f"The answer should be labelled values (a Series or a dict), but yours is {_what_is(value)}."
        )
    return {_normal_item(key): value[key] for key in value}


def _compare_mapping(answer: Any, expected: Any, exercise: Check) -> None:
    given, target = _mapping(answer), _mapping(expected)
    if set(given) != set(target):
        # The labels (a Series' index) are named by the question, so saying so gives nothing away.
        problems = []
        if set(target) - set(given):
            problems.append("some labels are missing")
        if set(given) - set(target):
            problems.append("some labels should not be there")
        raise _Mismatch("In your answer " + " and ".join(problems) + " (the labels are the "
                        "index: the names shown on the left of a Series).")
    for key, want in target.items():
        have = given[key]
        if isinstance(want, numbers.Real) and not isinstance(want, bool):
            ok = isinstance(have, numbers.Real) and not _is_missing(have) and math.isclose(
                float(have), float(want), rel_tol=exercise.tolerance, abs_tol=exercise.tolerance
            )
        else:
            ok = _normal_item(have) == _normal_item(want)
        if not ok:
            if isinstance(have, (pd.Timedelta, dt.timedelta, np.timedelta64)):
                raise _Mismatch("Your values are time spans; .dt.days turns a column of them "
                                "into whole days.")
            raise _Mismatch("The labels are right, but some of the values are not.")


def _compare_frame(answer: Any, expected: pd.DataFrame, exercise: Check) -> None:
    if not isinstance(answer, pd.DataFrame):
        raise _Mismatch(f"The answer should be a DataFrame (a table), but yours is {_what_is(answer)}.")
    missing = [c for c in expected.columns if c not in answer.columns]
    if missing:
        raise _Mismatch("Your table lacks some columns it needs: " + ", ".join(map(str, missing)) + ".")
    if len(answer) != len(expected):
        more = len(answer) > len(expected)
        raise _Mismatch(f"Your table has {'too many' if more else 'too few'} rows.", coarse=_NOT_YET)
    columns = list(expected.columns)

    def canonical(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame[columns].reset_index(drop=True)
        return frame.sort_values(columns, key=lambda col: col.astype(str)).reset_index(drop=True)

    try:
        pd.testing.assert_frame_equal(
            canonical(answer), canonical(expected), check_dtype=False,
            check_exact=False, atol=exercise.tolerance, rtol=exercise.tolerance,
        )
    except AssertionError:
        raise _Mismatch("Your table has the right shape, but some values differ.")


def comparison_for(expected: Any) -> Callable[[Any, Any, Check], None]:
    """Pick the comparison that fits the type of the expected answer."""
    if isinstance(expected, (bool, np.bool_)):
        return _compare_bool
    if isinstance(expected, numbers.Integral):
        return _compare_integer
    if isinstance(expected, numbers.Real):
        return _compare_real
    if isinstance(expected, str):
        return _compare_text
    if isinstance(expected, (pd.Timestamp, dt.date, np.datetime64)):
        return _compare_date
    if isinstance(expected, pd.DataFrame):
        return _compare_frame
    if isinstance(expected, (pd.Series, Mapping)):
        return _compare_mapping
    if isinstance(expected, _SEQUENCES):
        return _compare_collection
    raise TypeError(f"no comparison for expected answers of type {type(expected).__name__}")


# ---------------------------------------------------------------- remembering tries
# The same answer always gets the same message (a cell run twice says the same thing);
# a *new* wrong answer after DETAILED_TRIES others gets the coarse message.

_TRIES: dict[str, dict[Any, str]] = {}
_MAX_REMEMBERED = 500


def _answer_key(answer: Any) -> Any:
    """A hashable fingerprint of an answer, or None if it has none."""
    try:
        if isinstance(answer, (pd.DataFrame, pd.Series)):
            return (type(answer).__name__, answer.to_json(default_handler=str))
        if isinstance(answer, numbers.Real) and not isinstance(answer, (bool, np.bool_)):
            return ("missing",) if _is_missing(answer) else ("number", float(answer))
        text = repr(answer)
        return (type(answer).__name__, text) if len(text) < 100_000 else None
    except Exception:
        return None


def _tell(exercise_id: str, answer: Any, mismatch: _Mismatch) -> str:
    """The message for a wrong answer: detailed for the first tries, coarse after."""
    if mismatch.coarse is None:
        return str(mismatch)
    key = _answer_key(answer)
    seen = _TRIES.setdefault(exercise_id, {})
    if key is not None and key in seen:
        return seen[key]
    detailed = sum(message != mismatch.coarse for message in seen.values()) < DETAILED_TRIES
    message = str(mismatch) if detailed and key is not None else mismatch.coarse
    if key is not None and len(seen) < _MAX_REMEMBERED:
        seen[key] = message
    return message


# The first answer of a kind that an exercise remembers: a check's first wrong answer (which
# hears no hint yet), a recorded classification's first complete answer (the only one set beside
# the coded reading: a count given again for every change could be searched label by label).
_FIRST: dict[str, Any] = {}
_COMPARED_ONCE = ("the coded reading was set beside your first complete answer (run that answer "
                  "again to see the comparison); it is not compared again, so that it cannot be "
                  "found by changing one label at a time. Your reasons are what counts.")


def _first(exercise_id: str, answer: Any) -> bool:
    """Is ``answer`` the first this exercise was asked to remember (or that same answer again)?"""
    key = _answer_key(answer)
    first = _FIRST.setdefault(exercise_id, key)
    return key is not None and key == first


def forget_tries() -> None:
    """Start every exercise afresh (as a kernel restart does)."""
    _TRIES.clear()
    _FIRST.clear()


# ---------------------------------------------------------------- the public calls


def _unknown(exercise_id: Any, call: str) -> Feedback:
    return Feedback(
        "problem",
        f"This {call}() call names no known exercise.",
        f"Keep the first argument of {call}() exactly as it was given in the notebook.",
    )


def _expected(compute: Callable[[], Any]) -> tuple[Any, Feedback | None]:
    try:
        return compute(), None
    except LearnerError as error:  # e.g. a damaged data file: say so, with the fix
        return None, Feedback("problem", str(error))
    except Exception:
        return None, Feedback(
            "problem",
            "The checker itself failed while working out the answer from the data.",
            "Run the notebook from the top (Kernel > Restart and Run All); if it happens "
            "again, tell your instructor.",
        )


def _slip(exercise: Check, answer: Any, exact: bool = False) -> str | None:
    """The message of the first common slip that ``answer`` matches, if any.

    Compared at the precision the prompt asks for, so a rounded slip is still recognised;
    ``exact`` compares without that allowance.
    """
    plain = replace(exercise, slips=())
    if exact:
        plain = replace(plain, decimals=None, tolerance=1e-9)
    for message, compute in exercise.slips:
        try:
            slipped = compute()
            comparison_for(slipped)(answer, slipped, plain)
        except Exception:
            continue
        return message
    return None


_MISSING_ARGUMENT = object()


def _shown(feedback: Feedback) -> Feedback:
    """Show ``feedback`` now when running in a notebook, so that a line after the call
    (a print, another check) cannot hide it."""
    try:
        from IPython import get_ipython
    except ImportError:
        return feedback
    if get_ipython() is not None and type(get_ipython()).__name__ == "ZMQInteractiveShell":
        feedback._ipython_display_()
    return feedback


def check(exercise_id: str, answer: Any = _MISSING_ARGUMENT) -> Feedback:
    """Check your answer to an exercise and say what to do next.

    Call it as the notebook shows, e.g. ``check("00.key_events", n_key_events)``.
    """
    return _shown(_check(exercise_id, answer))


def _check(exercise_id: Any, answer: Any) -> Feedback:
    exercise = _lookup(exercise_id, Check)
    if exercise is None:
        return _unknown(exercise_id, "check")
    if answer is _MISSING_ARGUMENT:
        return Feedback("problem", "check() needs two things: the exercise's name and your answer.",
                        "Keep the cell's last line as the notebook gave it, e.g. check(\"04.x\", answer).")
    if answer is PLACEHOLDER:
        return Feedback("unanswered", "replace the ... with your code, then run the cell again.")
    expected, problem = _expected(exercise.expected)
    if problem is not None:
        return problem
    try:
        comparison_for(expected)(answer, expected, exercise)
    except _Mismatch as mismatch:
        # The hint says how to get there, so it waits for a second, different try: the
        # first try's diagnosis is often enough, and a hint shown at once invites copying.
        hint = "" if _first(exercise.id, answer) else exercise.hint
        # An answer that is exactly a slipped value is that slip, even if it also looks like a
        # coarse rounding (3/10 = 0.3); otherwise "rounded too early" beats a near slip.
        slip = _slip(exercise, answer, exact=True) or (None if mismatch.rounding else _slip(exercise, answer))
        if slip is not None:
            return Feedback("incorrect", slip, hint)
        return Feedback("incorrect", _tell(exercise.id, answer, mismatch), hint)
    except Exception:
        # The answer broke the comparison itself (an exotic object); still no traceback.
        return Feedback(
            "incorrect",
            f"Your answer could not be compared: it is {_what_is_safely(answer)}.",
            exercise.hint,
        )
    return Feedback("correct", "well done.")


def _what_is_safely(value: Any) -> str:
    try:
        return _what_is(value)
    except Exception:
        return "an unusual kind of object"


# Chinese, Japanese and Korean scripts: a character carries about a word's meaning
# in Chinese and Japanese, which do not put spaces between words.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W\d_{_CJK}]{{2,}}|\d+")


def _word_count(text: Any) -> int:
    """How many *different* words a justification uses.

    Different, so that filler ("x x x x", "bla bla bla") does not count; a word is
    two or more letters (or a number), and each Chinese or Japanese character
    counts as one, so no script is rejected for "too few words".
    """
    if not isinstance(text, str):
        return 0
    return len({token.casefold() for token in _TOKEN.findall(text)})


def discuss(exercise_id: str, choice: Any = _MISSING_ARGUMENT, because: Any = _MISSING_ARGUMENT) -> Feedback:
    """Record a structured discussion answer: a valid choice and a reason.

    ``choice`` is one of the options the notebook lists (or, for a classification,
    a dict that gives one option per item); ``because`` is your justification in
    your own words. Where reasonable people differ, the answer is recorded and set
    beside how the sources see it; only a question with one factual answer is
    marked correct.
    """
    return _shown(_discuss_call(exercise_id, choice, because))


def preview_discuss(exercise_id: Any, choice: Any, because: Any) -> Feedback:
    """What ``discuss()`` says to this answer, without counting it as a try.

    A hand-in uses it to mark a saved answer that ``discuss()`` has not accepted yet (a
    reason of filler, say); the learner's feedback in the notebook stays as it was.
    """
    tries = {key: dict(seen) for key, seen in _TRIES.items()}
    first = dict(_FIRST)
    try:
        return _discuss_call(exercise_id, choice, because)
    finally:
        _TRIES.clear()
        _TRIES.update(tries)
        _FIRST.clear()
        _FIRST.update(first)


def _discuss_call(exercise_id: Any, choice: Any, because: Any) -> Feedback:
    exercise = _lookup(exercise_id, Discussion)
    if exercise is None:
        return _unknown(exercise_id, "discuss")
    if choice is _MISSING_ARGUMENT or because is _MISSING_ARGUMENT:
        return Feedback("problem", "discuss() needs three things: the exercise's name, your choice "
                        "and your reason.", "Keep the cell's last line as the notebook gave it.")
    try:
        return _discuss(exercise, choice, because)
    except Exception:
        return Feedback(
            "incorrect",
            f"Your choice could not be read: it is {_what_is_safely(choice)}.",
            exercise.hint,
        )


def _discuss(exercise: Discussion, choice: Any, because: Any) -> Feedback:
    if choice is PLACEHOLDER:
        return Feedback("unanswered", "replace the ... after choice = with your choice.")
    options = ", ".join(repr(option) for option in exercise.options)
    allowed = {_normal_text(option) for option in exercise.options}
    comparison = exercise.reading
    if exercise.expected is None:
        if not isinstance(choice, str) or _normal_text(choice) not in allowed:
            return Feedback(
                "incorrect",
                f"Your choice should be one of these options, in quotes: {options}.",
                exercise.hint,
            )
    else:
        expected, problem = _expected(exercise.expected)
        if problem is not None:
            return problem
        if not isinstance(choice, Mapping):
            return Feedback(
                "incorrect",
                f"Your choice should be a dict that gives each item one of: {options}; "
                f"yours is {_what_is(choice)}.",
                exercise.hint,
            )
        given = {_normal_text(k): v for k, v in choice.items()}
        items = {_normal_text(k): str(k) for k in expected}
        if set(given) != set(items):
            # The item names are given by the notebook, so naming them gives nothing away.
            missing = [items[k] for k in items if k not in given]
            unknown = [str(k)[:40] for k in choice if _normal_text(k) not in items][:3]
            if len(missing) == len(items):
                parts = ["none of your names is an item of this exercise"]
            else:
                shown = ", ".join(missing[:3]) + (", …" if len(missing) > 3 else "")
                parts = [f"missing: {shown}"] if missing else []
            parts += [f"not an item of this exercise: {', '.join(map(repr, unknown))}"] if unknown else []
            return Feedback(
                "incorrect",
                "Classify every item once, using the item names given in the notebook ("
                + "; ".join(parts) + ").",
                exercise.hint,
            )
        odd = [items[k] for k, v in given.items() if not isinstance(v, str) or _normal_text(v) not in allowed]
        if odd:
            return Feedback("incorrect", f"Use only these labels, in quotes: {options} (check "
                            f"{', '.join(odd[:5])}).", exercise.hint)
        differ = [k for k, v in expected.items() if _normal_text(given[_normal_text(k)]) != _normal_text(v)]
        if exercise.graded and differ:
            mismatch = _Mismatch(f"{_band(len(differ))} classified differently from what the "
                                 "sources establish.", coarse=_NOT_YET)
            return Feedback("incorrect", _tell(exercise.id, choice, mismatch), exercise.hint)
    if because is PLACEHOLDER or _word_count(because) < exercise.min_words:
        return Feedback(
            "incorrect",
            "Your choice is valid; now justify it in a sentence or two of your own "
            f"(at least {_count_words(exercise.min_words)} different words) in because = \"...\".",
            "A good reason names the evidence or the principle your choice rests on.",
        )
    missing = _still_needed(exercise, choice, because)
    if missing:
        return Feedback("incorrect", missing, "A good reason rests on the record: name the row it "
                        "stands on by its id, as the prompt asks.")
    if exercise.expected is not None and not exercise.graded:
        reasons = exercise.reasons() if exercise.reasons else None
        if reasons or _first(exercise.id, choice):
            comparison = _reading(expected, differ, reasons, exercise.reading)
        else:
            comparison = _COMPARED_ONCE
        if exercise.afterword is not None:
            comparison += "\n" + exercise.afterword()
    if exercise.graded:
        return Feedback("correct", "your choice matches what the sources establish; it goes into "
                        "your hand-in once you save the notebook.")
    beside = ("the view below (and a classmate's, in a class)" if comparison
              else "a classmate's, or the key points below")
    return Feedback(
        "recorded",
        "your answer goes into your hand-in once you save the notebook. Reasonable people differ "
        f"here, so it is not marked right or wrong: set your reasons beside {beside}.",
        comparison=comparison,
    )


def _still_needed(exercise: Discussion, choice: Any, because: str) -> str | None:
    """What the exercise's ``needs`` says the reason still lacks (never an error: a failing
    requirement asks for nothing)."""
    if exercise.needs is None:
        return None
    try:
        missing = exercise.needs(choice, because)
    except Exception:
        return None
    return missing if isinstance(missing, str) and missing else None


def _band(n: int) -> str:
    # Coarse on purpose: an exact count would let anyone solve the table by flipping items.
    return "One item is" if n == 1 else "A few items are" if n <= 3 else "Several items are"


def _reading(expected: Mapping[str, str], differ: list[str], reasons: Mapping[str, str] | None,
             look_again: str = "") -> str:
    count = "one item" if len(differ) == 1 else f"{_count_words(len(differ))} items"
    if not reasons:
        if not differ:
            return "the module's coded reading classifies every item as you did."
        look = look_again or "Look again at the evidence for the items you found hardest."
        return (f"the module's coded reading differs from yours on {count}. It is one reading, not a "
                f"verdict. {look} Your reasons may be as good.")
    # With reasons, the whole reading is shown whatever the answer: the reasons are the lesson.
    shown = "; ".join(f"{key}: {label} ({reasons.get(key, '').rstrip('.')})" if reasons.get(key)
                      else f"{key}: {label}" for key, label in expected.items())
    agreement = (f"differs from yours on {count}" if differ else "classifies every item as you did")
    return (f"the module's coded reading {agreement}. It is one reading, not a verdict; here it is "
            f"with its reasons: {shown}.")


_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()


def _count_words(n: int) -> str:
    # Small numbers spelled out so that no digit in a message can be mistaken for an answer;
    # larger ones in digits, never vaguer than the number.
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)
