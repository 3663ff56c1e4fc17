"""Tests for notebook 06's cohort of synthetic phones (``unlocked.cohort``) and its exercises.

They check what the notebook promises: the files parse with the very code a
learner runs in the notebook, the ground truth agrees with what the logs show,
every check stays right for another seed, and the indicator file is valid STIX
2.1. What both generators promise (the same bytes from the same seed, the
committed copy is a fresh generation, everything is fictional, no folder lost)
is tested for both in tests/test_generators.py, test_safety.py and test_cli.py.

The parsing here is written out independently of ``unlocked.exercises.detecting_misuse``
where it matters (line formats, windows), so a mistake there cannot hide behind
the same mistake here.
"""

from __future__ import annotations

import ipaddress
import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from tests.conftest import hashes
from unlocked import feedback
from unlocked.cohort import DEFAULT_OUT, DEFAULT_SEED, ENV_VAR, PLAN, build_cohort
from unlocked.cohort.model import ROTATED, TAMPERED, WITH_APP, UNLISTED_PACKAGE
from unlocked.paths import ROOT

SEEDS = (DEFAULT_SEED, 7)
SOURCE = ROOT / "source" / "06_detecting_misuse.ipynb"
DOCUMENTATION_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]


@pytest.fixture(scope="module", params=SEEDS, ids=lambda s: f"seed{s}")
def cohort(request, generated_folder) -> tuple[int, Path]:
    """Each seed's cohort folder, generated once per run (tests/conftest.py)."""
    return request.param, generated_folder("cohort", request.param)


# ============================================================================ determinism
# (What both generators promise, and their data-safety rules: tests/test_generators.py, test_safety.py.)


def test_another_seed_gives_another_cohort(generated_folder):
    a, b = hashes(generated_folder("cohort", DEFAULT_SEED)), hashes(generated_folder("cohort", 7))
    assert a.keys() == b.keys()
    assert a["phones.csv"] != b["phones.csv"] and a["ground_truth.csv"] != b["ground_truth.csv"]
    assert a["indicators.stix2"] == b["indicators.stix2"]  # the published list does not depend on the phones


# ============================================================================ formats

DMESG_LINE = re.compile(r"^\[ *\d{1,}\.\d{6}\] \S.*$")
LOGCAT_LINE = re.compile(r"^\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} +\d+ +\d+ [VDIWEF] [\w.]+ *: .+$")


def test_line_formats(cohort):
    _, root = cohort
    for folder in sorted((root / "phones").iterdir()):
        dmesg = (folder / "dmesg.txt").read_text(encoding="utf-8").splitlines()
        assert dmesg[0] == "------ KERNEL LOG (dmesg) ------"
        assert dmesg[-1].endswith("was the duration of 'KERNEL LOG (dmesg)' ------")
        assert all(DMESG_LINE.match(line) for line in dmesg[1:-1])
        seconds = [float(line[1:line.index("]")]) for line in dmesg[1:-1]]
        assert seconds == sorted(seconds)
        logcat = (folder / "logcat.txt").read_text(encoding="utf-8").splitlines()
        assert logcat[0].startswith("------ SYSTEM LOG (logcat -v threadtime")
        assert all(LOGCAT_LINE.match(line) for line in logcat[1:]), folder.name
        apps = json.loads((folder / "packages.json").read_text(encoding="utf-8"))
        for app in apps:
            assert set(app) == {"name", "installer", "system", "first_install_time", "version_code", "apk_path",
                                "apk_sha256", "certificate_sha256"}
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", app["first_install_time"])
            assert re.fullmatch(r"[0-9a-f]{64}", app["certificate_sha256"])


def test_every_device_prints_one_found_and_one_class_line_in_order(cohort):
    _, root = cohort
    for folder in sorted((root / "phones").iterdir()):
        kinds = [("found" if "New USB device found" in line else "class")
                 for line in (folder / "dmesg.txt").read_text(encoding="utf-8").splitlines()
                 if "New USB device found" in line or "call_device_notify" in line]
        assert kinds == ["found", "class"] * (len(kinds) // 2)


def notebook_functions(folder: Path) -> dict:
    """The notebook's own code for reading the files, run against ``folder``."""
    nb = nbformat.read(SOURCE, as_version=4)
    wanted = ("def usb_devices(", "def to_utc(")
    namespace = {"pd": pd, "re": re, "json": json, "cohort_file": lambda name: folder / name}
    for cell in nb.cells:
        if cell.cell_type == "code" and any(w in cell.source for w in wanted):
            code = cell.source.split("\n\n\n")  # definitions first; the cell's later lines use notebook state
            exec("\n\n\n".join(part for part in code if part.lstrip().startswith(("def ", "USB_CLASSES"))), namespace)
    assert {"usb_devices", "to_utc"} <= set(namespace)
    return namespace


def test_the_files_parse_with_the_notebooks_own_code(cohort):
    seed, root = cohort
    code = notebook_functions(root)
    for phone in build_cohort(seed):
        parsed = code["usb_devices"](phone.phone_id)
        kept = [d for d in phone.devices if d.time >= phone.log_starts]
        assert list(parsed["usb_class"]) == [d.usb_class for d in kept]
        times = pd.Timestamp(phone.boot) + pd.to_timedelta(parsed["seconds"], unit="s")
        expected = pd.Series([pd.Timestamp(d.time) for d in kept], dtype="datetime64[ns, UTC]")
        assert ((times.reset_index(drop=True) - expected).abs() < pd.Timedelta(microseconds=2)).all()
    table = pd.read_csv(root / "phones.csv")
    taken = code["to_utc"](table["taken_local"], table["time_zone"])
    assert [t.to_pydatetime() for t in taken] == [p.taken for p in build_cohort(seed)]


# ============================================================================ ground truth against the logs


def test_ground_truth_matches_the_plan_and_the_logs(cohort):
    seed, root = cohort
    phones = build_cohort(seed)
    truth = pd.read_csv(root / "ground_truth.csv").set_index("phone_id")
    assert len(phones) == sum(n for _, n in PLAN) >= 40
    assert truth["scenario"].value_counts().to_dict() == dict(PLAN)
    assert truth["ambiguous"].sum() == 4
    code = notebook_functions(root)
    for phone in phones:
        row = truth.loc[phone.phone_id]
        assert row["tampered"] == (phone.scenario in TAMPERED)
        devices = code["usb_devices"](phone.phone_id)
        times = pd.Timestamp(phone.boot) + pd.to_timedelta(devices["seconds"], unit="s")
        in_window = int(((times >= phone.taken) & (times < phone.returned)).sum())
        apps = pd.DataFrame(json.loads((root / "phones" / phone.phone_id / "packages.json").read_text()))
        local = pd.to_datetime(apps["first_install_time"]).dt.tz_localize(phone.zone)
        sideloaded = apps[apps["installer"].isna() & ~apps["system"]
                          & (local >= phone.taken) & (local < phone.returned)]
        first_line = float(re.search(r"^\[\s*(\d+\.\d+)\]", (root / "phones" / phone.phone_id / "dmesg.txt")
                                     .read_text(), re.M)[1])
        log_start = pd.Timestamp(phone.boot) + pd.Timedelta(seconds=first_line)
        if row["kernel_log_rotated"]:
            assert log_start > phone.returned and in_window == 0
        else:
            assert log_start <= phone.taken
        if row["tampered"] and not row["kernel_log_rotated"]:
            assert in_window >= 3, phone.phone_id
        if not row["tampered"]:
            assert in_window < 3 and sideloaded.empty, phone.phone_id
        assert (not sideloaded.empty) == bool(row["app_installed"]), phone.phone_id


# ============================================================================ every check, on both seeds

#: What each check's answer must be, from the plan alone (the same for every seed).
EXPECTED_SIZES = {
    "06.burst_phones": sum(n for s, n in PLAN if s in TAMPERED and s not in ROTATED),
    "06.ioc_phones": sum(n for s, n in PLAN if s in WITH_APP) - 1,  # the unknown variant is on no list
    "06.sideloaded_in_custody": sum(n for s, n in PLAN if s in WITH_APP),
}


@pytest.fixture
def use_cohort(monkeypatch, cohort):
    seed, root = cohort
    monkeypatch.setenv(ENV_VAR, str(root))
    return seed, root


def test_every_check_is_right_for_the_cohort_in_use(use_cohort):
    seed, root = use_cohort
    feedback._lookup("", feedback.Check)
    phones = build_cohort(seed)
    exercises = {i: ex for i, ex in feedback.EXERCISES.items() if i.startswith("06.")}
    assert sum(isinstance(ex, feedback.Check) for ex in exercises.values()) >= 6
    assert sum(isinstance(ex, feedback.Discussion) for ex in exercises.values()) >= 2
    answers = {i: ex.expected() for i, ex in exercises.items() if isinstance(ex, feedback.Check)}
    for exercise_id, size in EXPECTED_SIZES.items():
        assert len(answers[exercise_id]) == size, exercise_id
    by_id = {p.phone_id: p for p in phones}
    assert all(by_id[p].scenario in TAMPERED and by_id[p].scenario not in ROTATED for p in answers["06.burst_phones"])
    assert all(by_id[p].scenario in WITH_APP for p in answers["06.sideloaded_in_custody"])
    assert not any(a.name == UNLISTED_PACKAGE for p in answers["06.ioc_phones"] for a in by_id[p].apps)
    assert answers["06.naive_false_positives"] == sum(
        n for s, n in PLAN if s in {"desk dock", "developer", "examiner's app", "ambiguous: dock just after return"})
    # The featured phone's first device, worked out here from the plan.
    table = pd.read_csv(root / "phones.csv")
    featured = by_id[table.loc[table["owner_noticed"] == "mobile data switched off", "phone_id"].iloc[0]]
    assert featured.scenario in TAMPERED and featured.scenario not in ROTATED
    assert answers["06.first_device_utc"] == featured.devices[0].time.strftime("%Y-%m-%d %H:%M:%S")
    tampered = sum(n for s, n in PLAN if s in TAMPERED)
    sensitivity = (tampered - 3) / tampered
    false_alarms = answers["06.naive_false_positives"] / (len(phones) - tampered)
    assert answers["06.flagged_share"] == pytest.approx(0.05 * sensitivity / (0.05 * sensitivity + 0.95 * false_alarms))
    # Each check passes with its answer and names its slips, which all differ from the answer here.
    for exercise_id, exercise in exercises.items():
        if isinstance(exercise, feedback.Check):
            assert feedback.check(exercise_id, answers[exercise_id]).correct, exercise_id
    for exercise_id in ("06.first_device_utc", "06.burst_phones", "06.ioc_phones", "06.naive_false_positives",
                        "06.flagged_share"):
        message, slipped = exercises[exercise_id].slips[0]
        assert slipped() != answers[exercise_id], exercise_id
        feedback.forget_tries()
        assert feedback.check(exercise_id, slipped()).message == message


def test_boundary_cases_make_the_named_slips_differ_from_the_answer(use_cohort):
    """`> 3` for a burst and install times read as UTC each give a wrong list, named as such."""
    seed, _ = use_cohort
    feedback._lookup("", feedback.Check)
    phones = {p.phone_id: p for p in build_cohort(seed)}
    for exercise_id, starts in (("06.burst_phones", "That list leaves out a phone with exactly three"),
                                ("06.sideloaded_in_custody", "Those install times were read as UTC")):
        exercise = feedback.EXERCISES[exercise_id]
        message, slipped = next((m, f) for m, f in exercise.slips if m.startswith(starts))
        assert slipped() != exercise.expected(), exercise_id
        feedback.forget_tries()
        assert feedback.check(exercise_id, slipped()).message == message
    # The phones that make them differ: a tampered phone with exactly three devices in custody, and a
    # developer whose sideloaded app, read as UTC, lands in custody.
    short = [p for p in phones.values() if p.scenario == "unlocked"
             and sum(p.taken <= d.time < p.returned for d in p.devices) == 3]
    assert len(short) == 1
    slipped = set(feedback.EXERCISES["06.sideloaded_in_custody"].slips[1][1]())
    assert {phones[p].scenario for p in slipped - set(feedback.EXERCISES["06.sideloaded_in_custody"].expected())} \
        == {"developer"}


def test_counting_devices_at_any_time_and_the_raw_install_text_are_named(use_cohort):
    """Check 2 counted over the whole log (a dock outside custody makes a burst) and check 4 compared
    first_install_time, the package list's local text, with the window: each gets its own named slip."""
    from unlocked.exercises.detecting_misuse import all_apps, all_devices

    feedback._lookup("", feedback.Check)
    devices = all_devices()
    counts = devices.groupby("phone_id").size()
    any_time = sorted(counts[counts >= 3].index)
    assert any_time != feedback.EXERCISES["06.burst_phones"].expected()
    feedback.forget_tries()
    told = feedback.check("06.burst_phones", any_time)
    assert not told.correct and "at any time" in told.message and "custody window" in told.message

    apps = all_apps()
    raw = apps["first_install_time"]
    chosen = apps["installer"].isna() & ~apps["system"] & (raw >= apps["taken_utc"]) & (raw < apps["returned_utc"])
    raw_list = sorted(apps.loc[chosen, "phone_id"].unique())
    assert raw_list != feedback.EXERCISES["06.sideloaded_in_custody"].expected()
    feedback.forget_tries()
    told = feedback.check("06.sideloaded_in_custody", raw_list)
    assert not told.correct and "first_install_time" in told.message and "installed_utc" in told.message


def test_a_time_with_the_fraction_of_a_second_is_named_without_the_answer(use_cohort):
    """Check 1 asks for whole seconds: pandas' own texts of the right moment (with microseconds, an
    offset, a T) and a time rounded up are each named as such, and no message shows the answer."""
    from unlocked.exercises.detecting_misuse import FRACTION, featured_phone, phones, usb_devices

    feedback._lookup("", feedback.Check)
    answer = feedback.EXERCISES["06.first_device_utc"].expected()
    table = phones().set_index("phone_id")
    moment = table.at[featured_phone(), "boot_time_utc"] + pd.to_timedelta(
        usb_devices(featured_phone())["seconds"].min(), unit="s")
    assert moment.microsecond or moment.nanosecond  # kernel seconds carry a fraction
    for slipped in (moment.strftime("%Y-%m-%d %H:%M:%S.%f"), str(moment), moment.isoformat(),
                    str(moment.tz_localize(None))):
        assert slipped != answer and slipped.startswith(answer[:10])
        feedback.forget_tries()
        told = feedback.check("06.first_device_utc", slipped)
        assert told.message == FRACTION and answer not in told.message + told.hint, slipped
    rounded = moment.round("s").strftime("%Y-%m-%d %H:%M:%S")
    if rounded != answer:
        feedback.forget_tries()
        assert "rounded" in feedback.check("06.first_device_utc", rounded).message


def test_the_unclear_phones_table_gives_every_time_from_the_same_moment(use_cohort):
    from unlocked.exercises.detecting_misuse import unclear_phones

    table = unclear_phones()
    assert len(table) == 4
    assert all("(h" in column for column in table.columns if column != "owner noticed")
    assert table["police held it (h)"].str.fullmatch(r"0 to \d+\.\d{2}").all()
    assert table["oldest kernel log line (h)"].str.fullmatch(r"-?\d+\.\d{2}").all()


def test_the_unclear_phones_are_read_from_the_evidence_and_the_truth_is_told_apart(use_cohort):
    # A learner judges from the files, so the coded reading is what the files show ("cannot tell" where
    # the log rotated); the ground truth is told separately, after the answer, as a lesson.
    seed, _ = use_cohort
    exercise = feedback.EXERCISES["06.ambiguous_phones"]
    reading, reasons, afterword = exercise.expected(), exercise.reasons(), exercise.afterword()
    phones = {p.phone_id: p for p in build_cohort(seed)}
    assert len(reading) == 4 and set(reasons) == set(reading)
    assert {phones[p].scenario for p in reading} == {s for s, _ in PLAN if s.startswith("ambiguous")}
    by_kind = {phones[p].scenario: label for p, label in reading.items()}
    assert by_kind == {"ambiguous: nothing left": "cannot tell", "ambiguous: two devices in custody": "cannot tell",
                       "ambiguous: unknown app": "tampered", "ambiguous: dock just after return": "not tampered"}
    for phone in reading:
        assert len(reasons[phone]) < 240
        told = "was tampered with" if phones[phone].tampered else "was not:"
        assert f"{phone} {told}" in afterword
    shown = feedback.discuss("06.ambiguous_phones", {p: "tampered" for p in reading},
                             "the logs and the custody record point different ways for each of these phones")
    assert shown.status == "recorded" and "notes" not in shown.comparison
    assert all(reasons[p].rstrip(".") in shown.comparison for p in reading) and afterword in shown.comparison


# ============================================================================ addresses, STIX
# (The fiction scan of every file, for both generators: tests/test_generators.py.)


def test_every_server_address_is_in_a_documentation_range(cohort):
    _, root = cohort
    for path in root.rglob("*"):
        if path.is_file():
            for found in re.findall(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])", path.read_text(encoding="utf-8")):
                address = ipaddress.ip_address(found)
                assert any(address in net for net in DOCUMENTATION_NETS), f"{path.name}: {found}"


def test_the_indicator_bundle_is_valid_stix_2_1(cohort):
    import stix2  # dev-only dependency (requirements-dev.txt); learners never need it

    _, root = cohort
    text = (root / "indicators.stix2").read_text(encoding="utf-8")
    bundle = stix2.parse(text, allow_custom=False)
    kinds = [o.type for o in bundle.objects]
    assert kinds.count("malware") == 1 and kinds.count("indicator") == kinds.count("relationship") >= 10
    ids = {o.id for o in bundle.objects}
    for relationship in (o for o in bundle.objects if o.type == "relationship"):
        assert relationship.relationship_type == "indicates"
        assert relationship.source_ref in ids and relationship.target_ref in ids
    for indicator in (o for o in bundle.objects if o.type == "indicator"):
        assert indicator.spec_version == "2.1" and indicator.pattern_type == "stix"
    raw = json.loads(text)
    assert all(o["spec_version"] == "2.1" for o in raw["objects"])


def test_the_cohort_tables_are_described_in_the_data_package():
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"]: r for r in descriptor["resources"]}
    for name in ("phones.csv", "ground_truth.csv"):
        fields = [f["name"] for f in paths[f"cohort/{name}"]["schema"]["fields"]]
        assert fields == list(pd.read_csv(DEFAULT_OUT / name, nrows=0).columns)
