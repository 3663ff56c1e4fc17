"""Notebook 02's checks compute their answers from the evidence folder, so another seed passes too.

An instructor can give each student their own extraction::

    python -m unlocked.evidence --seed N --out DIR
    UNLOCKED_EVIDENCE_DIR=DIR jupyter lab

These tests generate seed 7 into a temporary folder and point the exercises at it.
For every check of notebook 02 they compare the expected value with an
independent computation from the generator's ground truth for that seed, and
with the default evidence where the two seeds should differ. They also run the
instructor notebook on the variant: the learner's code and the checks must agree.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from unlocked import feedback
from unlocked.errors import DataFileError
from unlocked.data import sha256
from unlocked import evidence
from unlocked.evidence import DEFAULT_SEED, build_timeline, generate, ground_truth, persona
from unlocked.exercises import extraction
from unlocked.feedback import Check, check
from unlocked.paths import DATA, ROOT

SEED = 7
ENV = evidence.ENV_VAR
CHECKS_02 = sorted(i for i, ex in feedback.EXERCISES.items() if i.startswith("02.") and isinstance(ex, Check))


def expected(exercise_id: str):
    return feedback.EXERCISES[exercise_id].expected()


def on_story_day(truth: pd.DataFrame, artifact: str) -> int:
    rows = truth[(truth["artifact"] == artifact) & ~truth["deleted"]]
    day = extraction.STORY_DAY
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


#: Each 02 check, worked out without the exercise module: from the generator's ground truth for a seed.
INDEPENDENT = {
    "02.failing_files": lambda seed: sorted([extraction.CALLLOG, extraction.SMS_DB]),
    "02.sms_on_story_day": lambda seed: on_story_day(ground_truth(seed), "android_sms"),
    "02.imessages_on_story_day": lambda seed: on_story_day(ground_truth(seed), "ios_message"),
    "02.visits_on_story_day": lambda seed: on_story_day(ground_truth(seed), "chrome_visit"),
    "02.people_reachable": people,
    "02.warrant_share": share,
    "02.recovered_deleted": lambda seed: len(build_timeline(seed).deleted_messages()),
}
#: Checks whose answer is the same in every seed by design (the story is fixed; the seed moves the rest).
SAME_IN_EVERY_SEED = {"02.failing_files", "02.recovered_deleted", "02.people_reachable"}


@pytest.fixture(scope="module")
def variant(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("variant") / "evidence", seed=SEED)


@pytest.fixture(scope="module")
def defaults() -> dict:
    """Every 02 check's expected value for the committed evidence."""
    return {i: expected(i) for i in CHECKS_02}


def same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a == pytest.approx(b, abs=1e-12)
    if isinstance(a, list):
        return sorted(a) == sorted(b)
    return a == b


def test_every_check_of_notebook_02_is_covered():
    assert CHECKS_02 and set(CHECKS_02) == set(INDEPENDENT)


def test_the_default_folder_is_the_committed_evidence(monkeypatch, defaults):
    monkeypatch.delenv(ENV, raising=False)
    assert evidence.evidence_root() == DATA / "evidence"
    monkeypatch.setenv(ENV, "  ")
    assert evidence.evidence_root() == DATA / "evidence"
    for exercise_id, value in defaults.items():
        assert same(value, INDEPENDENT[exercise_id](DEFAULT_SEED)), exercise_id


@pytest.mark.parametrize("exercise_id", sorted(INDEPENDENT))
def test_each_check_follows_the_variant_folder(exercise_id, variant, defaults, monkeypatch):
    monkeypatch.setenv(ENV, str(variant))
    value = expected(exercise_id)
    assert same(value, INDEPENDENT[exercise_id](SEED)), exercise_id
    if exercise_id in SAME_IN_EVERY_SEED:
        assert same(value, defaults[exercise_id])
    else:
        assert not same(value, defaults[exercise_id]), f"{exercise_id} should differ between seeds"
        # The check accepts the variant's answer, and no longer the default's.
        assert check(exercise_id, value).correct
        assert not check(exercise_id, defaults[exercise_id]).correct


def test_answers_are_read_from_the_folder_not_from_the_seed(variant, tmp_path, monkeypatch):
    """Change the variant's files: the expected answers change with them."""
    changed = tmp_path / "changed"
    shutil.copytree(variant, changed)
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
    outcome = check("02.sms_on_story_day", 3)
    assert outcome.status == "problem" and ENV in outcome.message and "--seed" in outcome.message


def test_a_relative_folder_is_read_from_the_module_folder(variant, monkeypatch):
    """The kernel runs in notebooks/, but the instructor named the folder from the module's folder."""
    from unlocked import paths

    monkeypatch.setattr(paths, "ROOT", variant.parent)
    (variant.parent / "notebooks").mkdir(exist_ok=True)
    monkeypatch.chdir(variant.parent / "notebooks")
    monkeypatch.setenv(ENV, variant.name)
    assert evidence.evidence_root() == variant.resolve()
    assert expected("02.sms_on_story_day") == INDEPENDENT["02.sms_on_story_day"](SEED)


def test_the_instructor_notebook_passes_its_own_checks_on_the_variant(variant, tmp_path):
    """Learner code and checks read the same folder: on seed 7 every check still says correct."""
    nb = nbformat.read(ROOT / "instructor" / "02_inside_an_extraction.ipynb", as_version=4)
    env = {ENV: str(variant), "UNLOCKED_RESPONSES_DIR": str(tmp_path)}
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "instructor")}}).execute(env=os.environ | env)
    verdicts = []
    for cell in nb.cells:
        if cell.cell_type == "code" and ("check(" in cell.source or "discuss(" in cell.source):
            shown = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
            verdicts.append(shown)
    assert len(verdicts) >= 8
    assert all(v.startswith("✅") for v in verdicts), verdicts
    # And the variant's numbers, not the default's, reached the notebook's tables and figure descriptions.
    text = json.dumps(nb, default=str)
    tl = build_timeline(SEED)
    variant_records = len(tl.calls) + len(tl.visits) + len(tl.locations) + sum(not m.deleted for m in tl.messages)
    default_records = len(extraction.timeline())  # this process still reads the committed evidence
    assert variant_records != default_records
    assert f"{variant_records} records in all" in text and f"{default_records} records in all" not in text
