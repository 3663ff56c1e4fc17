"""Shared test set-up."""

import hashlib
import importlib

from hypothesis import settings

# The environment is isolated (UNLOCKED_* removed, hand-ins to a scratch folder) by the
# conftest.py at the module's root, which every pytest run loads.

# Fuzzing: many examples, and the same ones on every run so CI is repeatable.
# 150 tries per exercise: the module has about seventy exercises, and the whole suite must stay
# within ten minutes on two cores (at 300 tries the fuzz tests alone took two of them). The
# strategies draw NaN, hostile objects and wrong types among those tries.
FUZZ_EXAMPLES = 150
settings.register_profile("unlocked", max_examples=FUZZ_EXAMPLES, derandomize=True, deadline=None)
settings.load_profile("unlocked")


import pytest

#: The seeded generators that write a whole folder (see unlocked.safety.GeneratedFolder).
GENERATORS = ("evidence", "cohort")


def hashes(folder) -> dict:
    """Every file under ``folder`` (relative path, sorted) and its SHA-256."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(params=GENERATORS)
def generator(request):
    """Each generator's module in turn: ``unlocked.evidence.generator``, ``unlocked.cohort.generator``."""
    return importlib.import_module(f"unlocked.{request.param}.generator")


@pytest.fixture(scope="session")
def generated_folder(tmp_path_factory):
    """``generated_folder(kind, seed)``: a fresh generation, made once per run and shared by
    every test that reads it (tests that change a folder work on a copy)."""
    made = {}

    def make(kind: str, seed: int):
        if (kind, seed) not in made:
            generate = importlib.import_module(f"unlocked.{kind}.generator").generate
            made[kind, seed] = generate(tmp_path_factory.mktemp(f"{kind}{seed}") / kind, seed=seed)
        return made[kind, seed]

    return make


@pytest.fixture(autouse=True)
def fresh_tries():
    """Each test starts as a fresh kernel would: no earlier tries remembered."""
    from unlocked import feedback

    feedback.forget_tries()
    yield
    feedback.forget_tries()


@pytest.fixture(autouse=True)
def no_open_figures():
    """Each test starts with no matplotlib figure open, as a fresh kernel would: a chart a
    test draws and leaves open must not change what a later test on the same worker sees."""
    import matplotlib.pyplot as plt

    plt.close("all")
    yield
    plt.close("all")


def pytest_terminal_summary(terminalreporter):
    """One line, not one per test, when the browser tests could not run here."""
    skipped = terminalreporter.stats.get("skipped", [])
    if any(report.nodeid.startswith("tests/browser/") for report in skipped):
        from tests.browser.support import why_no_browser

        reason = why_no_browser()
        if reason:
            terminalreporter.write_line(f"Browser tests skipped: {reason}")


def _constant(value):
    return lambda: value


def _once(compute):
    try:
        return _constant(compute())
    except Exception:  # a slip that cannot be worked out is skipped by check() itself
        return compute


@pytest.fixture
def freeze(monkeypatch):
    """Replace an exercise by one whose answer and slips are worked out once: fuzzing and
    probing make thousands of calls, and the data do not change meanwhile."""
    import dataclasses

    from unlocked import feedback

    def make(exercise_id):
        exercise = feedback.EXERCISES[exercise_id]
        value = exercise.expected() if exercise.expected else None
        changes = {"expected": _constant(value)} if exercise.expected else {}
        if isinstance(exercise, feedback.Check):
            changes["slips"] = tuple((message, _once(compute)) for message, compute in exercise.slips)
        monkeypatch.setitem(feedback.EXERCISES, exercise_id, dataclasses.replace(exercise, **changes))
        return value

    return make
