"""No oracle: a scripted prober must not reach an answer faster than thinking would.

Without limits, "too high / too low" finds a count by bisection in about 18 calls, and
"some items are missing / do not belong" finds a set item by item. The feedback tells a
learner which way they are off on their *first* wrong try only (enough to catch a slip),
and never names items. The budget below is what the probers get.

BUDGET = 20 check calls: more than an honest learner makes on one exercise (cold trials saw
at most five), and more than plain bisection needed before the limit (about 18 for the
module's counts). A prober that needs more than that has been given nothing a guesser lacks.
"""

import dataclasses
import itertools
import math
import numbers
import random

import pytest

from unlocked import feedback
from unlocked.feedback import Check, Discussion, check, discuss

BUDGET = 20

feedback._lookup("", Check)
NUMERIC = sorted(
    i for i, ex in feedback.EXERCISES.items() if isinstance(ex, Check)
    and isinstance(ex.expected(), numbers.Real) and not isinstance(ex.expected(), bool)
)
COLLECTIONS = sorted(
    i for i, ex in feedback.EXERCISES.items() if isinstance(ex, Check)
    and isinstance(ex.expected(), (list, tuple, set))
)
GRADED = sorted(
    i for i, ex in feedback.EXERCISES.items()
    if isinstance(ex, Discussion) and ex.graded and ex.expected is not None
)
REASON = "the sources give evidence for each of these items in their own words"


def bisect(exercise_id, expected, budget=BUDGET):
    """Bisect on the answer's scale, using every "too high / too low"; then scan outwards."""
    step = 10.0 ** -(feedback.EXERCISES[exercise_id].decimals or 0)
    if isinstance(expected, numbers.Integral):
        step = 1.0
    top = max(1.0, 2 ** math.ceil(math.log2(abs(expected) * 4 + 64))) if step >= 1 else 1.0
    low, high, calls, tried = 0.0, top, 0, set()
    while calls < budget:
        guess = round(round((low + high) / 2 / step) * step, 10)
        if guess in tried:
            break
        tried.add(guess)
        calls += 1
        result = check(exercise_id, int(guess) if step >= 1 else guess)
        if result.correct:
            return calls
        if "too high" in result.message:
            high = guess
        elif "too low" in result.message:
            low = guess
        else:
            break  # no direction any more: scan the interval left, from its middle outwards
    middle = round((low + high) / 2 / step)
    for offset in itertools.chain.from_iterable((k, -k) for k in itertools.count(1)):
        if calls >= budget:
            return None
        guess = round((middle + offset) * step, 10)
        if guess in tried or not low <= guess <= high:
            if abs(offset) * step > high - low:
                return None
            continue
        tried.add(guess)
        calls += 1
        if check(exercise_id, int(guess) if step >= 1 else guess).correct:
            return calls
    return None


@pytest.mark.parametrize("exercise_id", NUMERIC)
def test_bisection_does_not_find_a_number_within_the_budget(exercise_id, freeze):
    expected = freeze(exercise_id)
    if isinstance(expected, numbers.Integral) and abs(expected) < BUDGET:
        pytest.skip("a count this small is found as fast by counting as by probing")
    assert bisect(exercise_id, expected) is None


def test_the_prober_would_win_without_the_limit(monkeypatch):
    # The test can fail: with directions on every try, bisection finds the answer.
    ex = Check("probe.unlimited", lambda: 684, hint="Count again.")
    monkeypatch.setitem(feedback.EXERCISES, ex.id, ex)
    monkeypatch.setattr(feedback, "DETAILED_TRIES", 10**6)
    calls = bisect(ex.id, 684)
    assert calls is not None and calls <= BUDGET


@pytest.mark.parametrize("exercise_id", COLLECTIONS)
def test_item_by_item_probing_rarely_finds_a_set_within_the_budget(exercise_id, freeze):
    expected = list(freeze(exercise_id))
    decoys = [f"{item}.decoy{n}" for n, item in enumerate(expected * 5)]
    universe = sorted(set(expected) | set(decoys))

    def greedy(order):
        # Keep an item unless adding it brings "do not belong" (the old item-by-item oracle).
        feedback.forget_tries()
        kept = []
        for calls, item in enumerate(order, start=1):
            if calls > BUDGET:
                return False
            result = check(exercise_id, kept + [item])
            if result.correct:
                return True
            if "do not belong" not in result.message and "not it yet" not in result.message:
                kept.append(item)
        return False

    orders = [random.Random(seed).sample(universe, len(universe)) for seed in range(40)]
    wins = sum(greedy(order) for order in orders)
    # Luck alone (a right first pick) wins about len(expected)/len(universe) of the time.
    assert wins / len(orders) <= 0.25, f"{wins} of {len(orders)} probes found the set"


@pytest.mark.parametrize("exercise_id", GRADED)
def test_flipping_labels_does_not_solve_a_graded_classification(exercise_id, freeze):
    expected = freeze(exercise_id)
    options = feedback.EXERCISES[exercise_id].options
    guess = {key: options[0] for key in expected}
    calls = 0
    for key, label in itertools.product(list(expected), options):
        if calls >= BUDGET:
            break
        calls += 1
        trial = guess | {key: label}
        result = discuss(exercise_id, trial, REASON)
        if result.correct:
            pytest.fail(f"solved in {calls} calls")
        if "One item" in result.message:
            guess = trial
    assert calls >= BUDGET
