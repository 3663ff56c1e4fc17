"""Never lose a user's file (issue #8): atomic writes, messages for OS errors, safe evidence generation.

Each test reproduces one way a careless, hurried or unlucky user could lose a file,
on a temporary folder.
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest

from unlocked import safety
from unlocked.evidence import DEFAULT_OUT, DEFAULT_SEED, generate
from unlocked.evidence import generator
from unlocked.evidence.report import HASH_LIST
from unlocked.paths import DATA
from unlocked.safety import RefusedError, atomic_write, explain_os_error


def full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- atomic_write


def test_atomic_write_writes_text_and_bytes_and_leaves_no_temporary_file(tmp_path):
    atomic_write(tmp_path / "a.md", "line\n")
    atomic_write(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "a.md").read_bytes() == b"line\n"  # no newline translation
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.bin"]


def test_atomic_write_gives_a_normal_file_mode(tmp_path):
    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.md", "x")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o644
    (tmp_path / "kept.md").write_text("x")
    (tmp_path / "kept.md").chmod(0o600)
    atomic_write(tmp_path / "kept.md", "y")
    assert (tmp_path / "kept.md").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("where", ["write", "replace"])
def test_a_full_disk_leaves_the_earlier_file_byte_identical(tmp_path, monkeypatch, where):
    target = tmp_path / "answers.md"
    target.write_bytes(b"my earlier hand-in\n")
    if where == "write":
        monkeypatch.setattr(os, "fsync", full_disk)
    else:
        monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError) as caught:
        atomic_write(target, "new answers")
    assert caught.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"my earlier hand-in\n"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.md"]  # no temporary file left behind


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "the disk is full"),
    (errno.EACCES, "you do not have permission"),
    (errno.EPERM, "does not allow"),
    (errno.EROFS, "read-only disk"),
    (errno.ENOENT, "the folder does not exist"),
    (errno.EIO, "Input/output error"),
])
def test_os_errors_are_explained_in_one_sentence_with_what_to_do(code, words):
    text = explain_os_error(OSError(code, os.strerror(code)), "save answers.md")
    assert text.startswith("Could not save answers.md: ") and words in text
    assert "\n" not in text and text.endswith(".")
    assert text.isascii()


def test_cli_error_exits_with_status_2_and_one_line(capsys):
    with pytest.raises(SystemExit) as caught:
        safety.cli_error("the seed must be a whole number", "tool")
    assert caught.value.code == 2
    assert capsys.readouterr().err == "tool: error: the seed must be a whole number\n"


# ---------------------------------------------------------------- evidence generation


@pytest.fixture(scope="module")
def earlier(tmp_path_factory) -> Path:
    """An evidence folder from an earlier run, to copy into each test's own folder."""
    return generate(tmp_path_factory.mktemp("earlier") / "evidence", seed=3)


def copy_of(folder: Path, to: Path) -> Path:
    import shutil

    shutil.copytree(folder, to)
    return to


def test_an_unrelated_file_survives_generation(earlier, tmp_path):
    """Issue #8, 1.1: --out DIR with a hash list used to delete everything else in DIR."""
    out = copy_of(earlier, tmp_path / "evidence")
    (out / "my-notes.txt").write_text("do not delete", encoding="utf-8")
    before = hashes(out)
    with pytest.raises(RefusedError, match="did not write \\(my-notes.txt\\)"):
        generate(out, seed=DEFAULT_SEED)
    assert hashes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence"]


def test_an_unrelated_empty_folder_survives_generation(earlier, tmp_path):
    out = copy_of(earlier, tmp_path / "evidence")
    (out / "android" / "my-folder").mkdir()
    with pytest.raises(RefusedError, match="android/my-folder"):
        generate(out, seed=DEFAULT_SEED)
    assert (out / "android" / "my-folder").is_dir()


def test_a_folder_with_a_damaged_hash_list_is_not_replaced(earlier, tmp_path):
    out = copy_of(earlier, tmp_path / "evidence")
    (out / HASH_LIST).write_text("garbage\n", encoding="utf-8")
    with pytest.raises(RefusedError):
        generate(out, seed=DEFAULT_SEED)
    assert (out / "report.json").is_file()


def test_a_folder_made_by_the_generator_is_replaced(earlier, tmp_path):
    out = copy_of(earlier, tmp_path / "evidence")
    generate(out, seed=DEFAULT_SEED)
    assert hashes(out) == hashes(DEFAULT_OUT)
    assert [p.name for p in tmp_path.iterdir()] == ["evidence"]


def test_a_failed_generation_keeps_the_earlier_folder(earlier, tmp_path, monkeypatch):
    out = copy_of(earlier, tmp_path / "evidence")
    before = hashes(out)
    monkeypatch.setattr(generator, "_write_all", full_disk)
    with pytest.raises(OSError):
        generate(out, seed=DEFAULT_SEED)
    assert hashes(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["evidence"]  # no staging folder left


def test_the_shipped_data_is_written_only_when_asked(tmp_path):
    """Issue #8, 1.2: data/ is written only with into_module_data=True (make evidence)."""
    before = hashes(DEFAULT_OUT)
    for target in (DEFAULT_OUT, DATA / "scratch", DATA):
        with pytest.raises(RefusedError, match="module's data folder"):
            generate(target, seed=7)
    with pytest.raises(RefusedError):
        generate(tmp_path / "elsewhere", seed=7, into_module_data=True)
    assert hashes(DEFAULT_OUT) == before
    assert not (DATA / "scratch").exists()


def test_the_command_line_default_is_a_new_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert generator.new_folder_name(7) == tmp_path / "evidence-seed-7"
    (tmp_path / "evidence-seed-7").mkdir()
    (tmp_path / "evidence-seed-7-1").mkdir()
    assert generator.new_folder_name(7) == tmp_path / "evidence-seed-7-2"


@pytest.mark.parametrize("seed", [-7, -1, 2**32, 1.5, "7", True, None])
def test_bad_seeds_are_refused(seed, tmp_path):
    """Python's random module gives N and -N the same stream: negative seeds are refused."""
    with pytest.raises(ValueError, match="whole number from 0 to 4294967295"):
        generate(tmp_path / "out", seed=seed)
    assert not (tmp_path / "out").exists()


def test_the_seed_range_ends_are_accepted():
    assert generator.check_seed(0) == 0 and generator.check_seed(2**32 - 1) == 2**32 - 1


def test_the_makefile_passes_the_flag_for_the_shipped_data():
    makefile = (DATA.parent / "Makefile").read_text(encoding="utf-8")
    assert "-m unlocked.evidence --into-module-data" in makefile
