"""Never lose a user's file (issue #8): atomic writes, messages for OS errors, safe generation of folders.

Each test reproduces one way a careless, hurried or unlucky user could lose a file,
on a temporary folder.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from unlocked import safety
from tests.conftest import hashes
from unlocked.evidence.report import HASH_LIST
from unlocked.paths import DATA
from unlocked.safety import RefusedError, atomic_write, explain_os_error


def full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


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


# ---------------------------------------------------------------- generated folders (evidence and cohort)
# Both generators replace folders through one helper, unlocked.safety.GeneratedFolder; each
# test runs against both (the `generator` fixture in conftest.py).


def test_both_generators_use_the_one_shared_helper(generator):
    assert isinstance(generator.FOLDER, safety.GeneratedFolder)
    assert generator.FOLDER.shipped == generator.DEFAULT_OUT == DATA / generator.FOLDER.name
    assert generator.FOLDER.hash_list == HASH_LIST


@pytest.fixture
def earlier(generator, generated_folder) -> Path:
    """A folder from an earlier run, to copy into each test's own folder."""
    return generated_folder(generator.FOLDER.name, 3)


def copy_of(folder: Path, to: Path) -> Path:
    import shutil

    shutil.copytree(folder, to)
    return to


def test_an_unrelated_file_survives_generation(generator, earlier, tmp_path):
    """Issue #8, 1.1: --out DIR with a hash list used to delete everything else in DIR."""
    out = copy_of(earlier, tmp_path / "out")
    (out / "my-notes.txt").write_text("do not delete", encoding="utf-8")
    before = hashes(out)
    with pytest.raises(RefusedError, match="did not write \\(my-notes.txt\\)"):
        generator.generate(out, seed=generator.DEFAULT_SEED)
    assert hashes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_unrelated_empty_folder_survives_generation(generator, earlier, tmp_path):
    out = copy_of(earlier, tmp_path / "out")
    ours = next(p for p in sorted(out.iterdir()) if p.is_dir())
    (ours / "my-folder").mkdir()
    with pytest.raises(RefusedError, match=f"{ours.name}/my-folder"):
        generator.generate(out, seed=generator.DEFAULT_SEED)
    assert (ours / "my-folder").is_dir()


def test_a_folder_with_a_damaged_hash_list_is_not_replaced(generator, earlier, tmp_path):
    out = copy_of(earlier, tmp_path / "out")
    (out / HASH_LIST).write_text("garbage\n", encoding="utf-8")
    with pytest.raises(RefusedError):
        generator.generate(out, seed=generator.DEFAULT_SEED)
    assert (out / "README.md").is_file()


def test_a_folder_it_did_not_make_is_refused_and_kept(generator, tmp_path):
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.txt").write_text("do not delete")
    with pytest.raises(RefusedError, match="did not write"):
        generator.generate(precious)
    assert (precious / "thesis.txt").read_text() == "do not delete"


def test_a_folder_made_by_the_generator_is_replaced(generator, earlier, tmp_path):
    out = copy_of(earlier, tmp_path / "out")
    generator.generate(out, seed=generator.DEFAULT_SEED)
    assert hashes(out) == hashes(generator.DEFAULT_OUT)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left


def test_a_failed_generation_keeps_the_earlier_folder(generator, earlier, tmp_path, monkeypatch):
    out = copy_of(earlier, tmp_path / "out")
    before = hashes(out)
    monkeypatch.setattr(generator, "_write_all", full_disk)
    with pytest.raises(OSError):
        generator.generate(out, seed=generator.DEFAULT_SEED)
    assert hashes(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left


def test_the_shipped_data_is_written_only_when_asked(generator, tmp_path):
    """Issue #8, 1.2: data/ is written only with into_module_data=True (make evidence, make cohort)."""
    shipped = generator.DEFAULT_OUT
    before = hashes(shipped)
    for target in (shipped, DATA / "scratch", DATA, shipped.parent / f"{shipped.name}-copy"):
        with pytest.raises(RefusedError, match="module's data folder"):
            generator.generate(target, seed=7)
    with pytest.raises(RefusedError):
        generator.generate(tmp_path / "elsewhere", seed=7, into_module_data=True)
    assert hashes(shipped) == before
    assert not (DATA / "scratch").exists() and not (shipped.parent / f"{shipped.name}-copy").exists()


def test_the_command_line_default_is_a_new_folder(generator, tmp_path, monkeypatch):
    name = generator.FOLDER.name
    monkeypatch.chdir(tmp_path)
    assert generator.new_folder_name(7) == tmp_path / f"{name}-seed-7"
    (tmp_path / f"{name}-seed-7").mkdir()
    (tmp_path / f"{name}-seed-7-1").mkdir()
    assert generator.new_folder_name(7) == tmp_path / f"{name}-seed-7-2"


@pytest.mark.parametrize("seed", [-7, -1, 2**32, 1.5, "7", True, None])
def test_bad_seeds_are_refused(generator, seed, tmp_path):
    """Python's random module gives N and -N the same stream: negative seeds are refused."""
    with pytest.raises(ValueError, match="whole number from 0 to 4294967295"):
        generator.generate(tmp_path / "out", seed=seed)
    assert not (tmp_path / "out").exists()


def test_the_seed_range_ends_are_accepted():
    assert safety.check_seed(0) == 0 and safety.check_seed(2**32 - 1) == 2**32 - 1


def test_the_makefile_passes_the_flag_for_the_shipped_data(generator):
    makefile = (DATA.parent / "Makefile").read_text(encoding="utf-8")
    assert f"-m unlocked.{generator.FOLDER.name} --into-module-data" in makefile
