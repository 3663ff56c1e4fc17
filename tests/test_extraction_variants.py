"""Notebook 02's checks compute their answers from the evidence folder, and each variant has its own.

An instructor can give each student their own extraction::

    python -m unlocked.evidence --seed N --out DIR
    UNLOCKED_EVIDENCE_DIR=DIR jupyter lab

These tests work on the seeds the instructor guide documents (the module's own copy, seed 2026,
and 7, 11, 23, 42). For every check of notebook 02 they compare the expected value with an
independent computation from the generator's ground truth; they show that every answer differs
between the seeds (so a copied answer set passes at most one check of another variant), that each
common slip gives its own number and its own message, and that the instructor notebook passes its
own checks on a variant: the learner's code and the checks read the same folder.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import sqlite3
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from unlocked import evidence, feedback
from unlocked.data import read_manifest, sha256
from unlocked.errors import DataFileError
from unlocked.evidence import DEFAULT_SEED, build_timeline, generate, ground_truth, persona
from unlocked.exercises import extraction
from unlocked.feedback import Check, check
from unlocked.paths import DATA, ROOT

#: The seeds the instructor guide documents: the committed evidence first.
SEEDS = (DEFAULT_SEED, 7, 11, 23, 42)
SEED = 7  # the variant the instructor notebook is run on
ENV = evidence.ENV_VAR
CHECKS_02 = sorted(i for i, ex in feedback.EXERCISES.items() if i.startswith("02.") and isinstance(ex, Check))


def expected(exercise_id: str):
    return feedback.EXERCISES[exercise_id].expected()


def on_story_day(truth: pd.DataFrame, artifact: str) -> int:
    rows = truth[(truth["artifact"] == artifact) & ~truth["deleted"]]
    day = pd.Timestamp("2026-09-25", tz="UTC")
    return int(((rows["time_utc"] >= day) & (rows["time_utc"] < day + pd.Timedelta(days=1))).sum())


def people(seed: int) -> int:
    tl = build_timeline(seed)
    numbers = {c.phone for c in persona.CONTACTS if c.phone}
    numbers |= {m.address for m in tl.messages if m.address.startswith("+") and not m.deleted}
    numbers |= {c.number for c in tl.calls if c.number}
    return len(numbers)


def share(seed: int) -> float:
    truth = ground_truth(seed)
    extracted = truth[(truth["artifact"] != "photo") & ~truth["deleted"]]  # what the timeline holds
    return float(extracted["in_warrant_scope"].mean())


def damaged(folder: Path, scratch: Path) -> list[str]:
    """Mishandle a copy of the folder and list, with hashlib, the files that no longer match."""
    copy = scratch / "copy"
    shutil.copytree(folder, copy)
    extraction.mishandle(copy)
    listed = read_manifest(folder / evidence.HASH_LIST)
    return sorted(name for name, digest in listed.items()
                  if hashlib.sha256((copy / name).read_bytes()).hexdigest() != digest)


#: Each 02 check, worked out without the exercise module's code: from the generator's ground truth.
INDEPENDENT = {
    "02.imessages_on_story_day": lambda seed: on_story_day(ground_truth(seed), "ios_message"),
    "02.people_reachable": people,
    "02.warrant_share": share,
    "02.recovered_deleted": lambda seed: len({m.text for m in build_timeline(seed).deleted_messages()}),
}


class _Folder:
    """Point the exercises at one evidence folder for the duration of a ``with`` block."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.before = folder, None

    def __enter__(self):
        self.before = os.environ.get(ENV)
        os.environ[ENV] = str(self.folder)

    def __exit__(self, *exc):
        if self.before is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = self.before


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[int, Path]:
    out = {DEFAULT_SEED: DATA / "evidence"}
    for seed in SEEDS[1:]:
        out[seed] = generate(tmp_path_factory.mktemp(f"seed{seed}") / "evidence", seed=seed)
    return out


@pytest.fixture(scope="module")
def answers(folders) -> dict[int, dict[str, object]]:
    """Every 02 check's expected value, per seed."""
    result = {}
    for seed, folder in folders.items():
        with _Folder(folder):
            result[seed] = {i: expected(i) for i in CHECKS_02}
    return result


def same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a == pytest.approx(b, abs=1e-12)
    if isinstance(a, list):
        return sorted(a) == sorted(b)
    return a == b


def test_every_check_of_notebook_02_is_covered():
    assert CHECKS_02 and set(CHECKS_02) == set(INDEPENDENT) | {"02.failing_files"}


def test_the_default_folder_is_the_committed_evidence(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    assert evidence.evidence_root() == DATA / "evidence"
    monkeypatch.setenv(ENV, "  ")
    assert evidence.evidence_root() == DATA / "evidence"


@pytest.mark.parametrize("exercise_id", sorted(INDEPENDENT))
def test_each_check_agrees_with_the_ground_truth_in_every_seed(exercise_id, answers):
    for seed in SEEDS:
        assert same(answers[seed][exercise_id], INDEPENDENT[exercise_id](seed)), (exercise_id, seed)


def test_the_failing_files_are_those_the_mishandling_damaged(folders, answers, tmp_path):
    for seed, folder in folders.items():
        first, again = damaged(folder, tmp_path / f"{seed}a"), damaged(folder, tmp_path / f"{seed}b")
        assert first == again == sorted(answers[seed]["02.failing_files"]), seed
        assert 2 <= len(first) <= 3


def test_every_answer_differs_in_at_least_four_of_five_seeds(answers):
    for exercise_id in CHECKS_02:
        values = [answers[seed][exercise_id] for seed in SEEDS]
        distinct = []
        for value in values:
            if not any(same(value, seen) for seen in distinct):
                distinct.append(value)
        assert len(distinct) >= 4, (exercise_id, values)


def test_a_copied_answer_set_passes_at_most_one_check_of_another_variant(folders, answers):
    for mine, theirs in itertools.permutations(SEEDS, 2):
        with _Folder(folders[theirs]):
            passed = [i for i in CHECKS_02 if check(i, answers[mine][i]).correct]
        assert len(passed) <= 1, (mine, theirs, passed)


def test_each_variant_passes_its_own_answers_rounded_as_asked(folders, answers):
    for seed, folder in folders.items():
        with _Folder(folder):
            for exercise_id in CHECKS_02:
                assert check(exercise_id, answers[seed][exercise_id]).correct, (seed, exercise_id)
            assert check("02.warrant_share", round(answers[seed]["02.warrant_share"], 4)).correct


def test_each_slip_gives_its_own_number_and_is_named(folders, answers):
    """No artifact filter, <= for <, local time for UTC, ...: each is wrong, and its message says why."""
    for seed, folder in folders.items():
        with _Folder(folder):
            for exercise_id in CHECKS_02:
                exercise = feedback.EXERCISES[exercise_id]
                right = answers[seed][exercise_id]
                slipped = [(message, compute()) for message, compute in exercise.slips]
                for k, (message, value) in enumerate(slipped):
                    assert not same(value, right), (seed, exercise_id, message)
                    assert all(not same(value, other) for _, other in slipped[k + 1:]), (seed, exercise_id)
                    outcome = check(exercise_id, value)
                    assert not outcome.correct and outcome.message == message, (seed, exercise_id, outcome)


def test_the_time_zone_checks_fail_a_local_time_answer_and_say_why(folders):
    town = pd.Timedelta(hours=2)
    day = extraction.STORY_DAY
    for seed, folder in folders.items():
        with _Folder(folder):
            for exercise_id, times in (("02.imessages_on_story_day", extraction.imessages()["time_utc"]),):
                local = times + town  # town clock readings, compared with the town's date
                by_town_date = int((local.dt.strftime("%Y-%m-%d") == "2026-09-25").sum())
                assert by_town_date != extraction.on_story_day(times)
                outcome = check(exercise_id, by_town_date)
                assert not outcome.correct and "town time" in outcome.message
                assert (times == day + pd.Timedelta(days=1)).any(), "a record sits exactly on the next midnight"
            records = extraction.timeline()
            numbers, start, end = extraction.warrant()
            utc_days = records["time_utc"].dt.strftime("%Y-%m-%d")
            as_utc_dates = (records["artifact"].isin(extraction.COMMUNICATIONS) & records["party"].isin(numbers)
                            & (utc_days >= "2026-09-14") & (utc_days <= "2026-09-28")).mean()
            outcome = check("02.warrant_share", float(as_utc_dates))
            assert not outcome.correct and "town time" in outcome.message
            assert ((records["time_utc"] == end) & records["party"].isin(numbers)).any()


def test_paths_are_compared_exactly(answers):
    right = answers[DEFAULT_SEED]["02.failing_files"]
    assert check("02.failing_files", list(right)).correct
    assert not check("02.failing_files", [name.upper() for name in right]).correct
    assert not check("02.failing_files", [f" {name}" for name in right]).correct
    assert not check("02.failing_files", [f"data/evidence/{name}" for name in right]).correct


def test_answers_are_read_from_the_folder_not_from_the_seed(folders, tmp_path, monkeypatch):
    """Change the variant's files: the expected answers change with them."""
    changed = tmp_path / "changed"
    shutil.copytree(folders[SEED], changed)
    # VACUUM rebuilds mmssms.db from its live rows: no deleted message is left to recover.
    con = sqlite3.connect(changed / extraction.MMSSMS)
    con.execute("VACUUM")
    con.close()
    # A report edited after hashing fails its own hash list.
    report = changed / "report.json"
    report.write_text(report.read_text(encoding="utf-8").replace("ExtractKit", "ExtractKlt"), encoding="utf-8")
    listed = (changed / extraction.HASH_LIST).read_text(encoding="utf-8").splitlines()
    fresh = {extraction.MMSSMS: sha256(changed / extraction.MMSSMS)}
    (changed / extraction.HASH_LIST).write_text(
        "".join(f"{fresh.get(name, digest)}  {name}\n" for digest, name in (line.split(maxsplit=1) for line in listed)),
        encoding="utf-8")
    monkeypatch.setenv(ENV, str(changed))
    assert expected("02.recovered_deleted") == 0
    with pytest.raises(DataFileError, match="report.json"):
        extraction.evidence_file("report.json")
    outcome = check("02.failing_files", sorted([extraction.CALLLOG, extraction.SMS_DB]))
    assert outcome.status == "problem" and "report.json" in outcome.message


def test_a_folder_that_is_not_evidence_is_explained(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV, str(tmp_path))
    outcome = check("02.imessages_on_story_day", 3)
    assert outcome.status == "problem" and ENV in outcome.message and "--seed" in outcome.message


def test_a_relative_folder_is_read_from_the_module_folder(folders, monkeypatch):
    """The kernel runs in notebooks/, but the instructor named the folder from the module's folder."""
    from unlocked import paths

    variant = folders[SEED]
    monkeypatch.setattr(paths, "ROOT", variant.parent)
    (variant.parent / "notebooks").mkdir(exist_ok=True)
    monkeypatch.chdir(variant.parent / "notebooks")
    monkeypatch.setenv(ENV, variant.name)
    assert evidence.evidence_root() == variant.resolve()
    assert expected("02.imessages_on_story_day") == INDEPENDENT["02.imessages_on_story_day"](SEED)


def test_the_instructor_notebook_passes_its_own_checks_on_the_variant(folders, tmp_path):
    """Learner code and checks read the same folder: on seed 7 every check still passes."""
    nb = nbformat.read(ROOT / "instructor" / "02_inside_an_extraction.ipynb", as_version=4)
    env = {ENV: str(folders[SEED]), "UNLOCKED_RESPONSES_DIR": str(tmp_path)}
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "instructor")}}).execute(env=os.environ | env)
    verdicts = []
    for cell in nb.cells:
        if cell.cell_type == "code" and ("check(" in cell.source or "discuss(" in cell.source):
            verdicts.append("".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs))
    assert len(verdicts) == len(CHECKS_02) + 1
    assert all(v.startswith(("Correct", "Recorded")) for v in verdicts), verdicts
    # And the variant's numbers, not the default's, reached the notebook's tables and figure descriptions.
    text = json.dumps(nb, default=str)
    truth = ground_truth(SEED)
    variant_records = int(((truth["artifact"] != "photo") & ~truth["deleted"]).sum())
    default_records = len(extraction.timeline())  # this process still reads the committed evidence
    assert variant_records != default_records
    assert f"{variant_records} records in all" in text and f"{default_records} records in all" not in text
