"""Every command-line tool, driven with bad arguments, exits 2 with one message and no traceback.

The tools run as a user runs them, in a fresh Python process from another folder
(``python -m ...``), so warnings printed at start-up count too.
"""

from __future__ import annotations

import errno
import importlib
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from unlocked.paths import ROOT


def run(*arguments: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("UNLOCKED_")}
    clean["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, *arguments], cwd=cwd, env=clean | (env or {}),
                          capture_output=True, text=True, timeout=120)


def assert_one_message(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3, result.stderr  # argparse: usage + error
    for word in words:
        assert word in result.stderr, result.stderr


def folder_with_a_stranger(tmp_path: Path) -> str:
    folder = tmp_path / "kept"
    folder.mkdir()
    (folder / "hashes.sha256").write_text("", encoding="utf-8")
    (folder / "thesis.txt").write_text("mine", encoding="utf-8")
    return str(folder)


def drive(main, arguments: list[str], capsys) -> tuple[int, str]:
    """Run a tool's ``main`` in this process: its exit status and what it printed to stderr."""
    try:
        status = main(arguments)
    except SystemExit as stop:
        status = stop.code
    return status, capsys.readouterr().err


# Each tool runs once as a separate process (start-up warnings count too); the many bad
# arguments are then driven in this process, which is the same code without 3 s of start-up each.

def test_the_generators_as_a_process(tmp_path, generator):
    name = generator.FOLDER.name
    assert_one_message(run("-m", f"unlocked.{name}", "--seed", "-7", cwd=tmp_path), "whole number")
    assert list(tmp_path.iterdir()) == []


def test_the_collector_as_a_process_without_a_runtime_warning(tmp_path):
    import nbformat

    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("x")]), tmp_path / "a.ipynb")
    result = run("-W", "error", "-m", "unlocked.responses", "a.ipynb", "missing.ipynb", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "Skipped missing.ipynb: no such file.\n"
    assert (tmp_path / "responses.csv").is_file()


@pytest.mark.parametrize("arguments, words", [
    (["--seed", "abc"], ["whole number from 0 to 4294967295", "'abc'"]),
    (["--seed", "-7"], ["whole number from 0 to 4294967295"]),
    (["--seed", "4294967296"], ["whole number"]),
    (["--seed", "1e3"], ["whole number"]),
    (["--out", ""], ["--out needs a folder name"]),
    (["--out", "x", "--into-module-data"], ["not allowed with"]),
    (["--bogus"], ["unrecognized arguments"]),
    (["--out", "FILE/sub"], ["a file is in the way"]),
    (["--out", "STRANGER"], ["thesis.txt", "did not write"]),
    (["--out", "SHIPPED"], ["module's data folder", "make NAME"]),
])
def test_the_generators(generator, tmp_path, monkeypatch, capsys, arguments, words):
    """The evidence generator (notebook 02) and the cohort generator (notebook 06) share one command line."""
    cli = importlib.import_module(f"{generator.__package__}.__main__")
    name = generator.FOLDER.name
    monkeypatch.chdir(tmp_path)
    (tmp_path / "FILE").write_text("x", encoding="utf-8")
    names = {"SHIPPED": str(generator.DEFAULT_OUT)}
    arguments = [folder_with_a_stranger(tmp_path) if a == "STRANGER" else names.get(a, a) for a in arguments]
    status, err = drive(cli.main, arguments, capsys)
    assert err.startswith(f"usage: python -m unlocked.{name}") or err.startswith(f"python -m unlocked.{name}: error:")
    assert_one_message(subprocess.CompletedProcess([], status, "", err), *(w.replace("NAME", name) for w in words))
    assert (tmp_path / "FILE").read_text(encoding="utf-8") == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) in (["FILE"], ["FILE", "kept"])


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.ENOSPC])
def test_the_generators_on_a_folder_they_cannot_write(generator, tmp_path, monkeypatch, capsys, code):
    cli = importlib.import_module(f"{generator.__package__}.__main__")

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(cli, "generate", refuse)
    status, err = drive(cli.main, ["--out", str(tmp_path / "out")], capsys)
    assert_one_message(subprocess.CompletedProcess([], status, "", err),
                       f"Could not write the {generator.FOLDER.name} into")


def test_the_generators_default_is_a_new_folder_they_name(generator, tmp_path, monkeypatch, capsys):
    cli = importlib.import_module(f"{generator.__package__}.__main__")
    name = generator.FOLDER.name
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--seed", "5"]) == 0
    assert f"to {tmp_path / f'{name}-seed-5'} with seed 5" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == [f"{name}-seed-5"]


@pytest.mark.parametrize("arguments, words", [
    ([], ["the following arguments are required: notebooks"]),
    (["NB", "--out", "x.ipynb"], ["is a notebook name"]),
    (["NB", "--out", "FOREIGN"], ["not a report of this collector", "--force"]),
    (["NB", "--out", "."], ["is a folder"]),
    (["NB", "--out", "missing/r.csv"], ["the folder does not exist"]),
    (["--bogus", "NB"], ["unrecognized arguments"]),
])
def test_the_responses_collector(tmp_path, monkeypatch, capsys, arguments, words):
    import nbformat

    from unlocked.responses.collector import main

    monkeypatch.chdir(tmp_path)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("x")]), tmp_path / "a.ipynb")
    (tmp_path / "mine.csv").write_text("precious\n", encoding="utf-8")
    names = {"NB": "a.ipynb", "FOREIGN": "mine.csv"}
    status, err = drive(main, [names.get(a, a) for a in arguments], capsys)
    assert_one_message(subprocess.CompletedProcess([], status, "", err), *words)
    assert (tmp_path / "mine.csv").read_text(encoding="utf-8") == "precious\n"


def test_the_collector_with_only_unreadable_submissions(tmp_path, monkeypatch, capsys):
    from unlocked.responses.collector import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.ipynb").write_text("{", encoding="utf-8")
    (tmp_path / "empty.ipynb").write_bytes(b"")
    status, err = drive(main, ["broken.ipynb", "empty.ipynb"], capsys)
    assert status == 2 and "Traceback" not in err
    assert err.splitlines() == [
        "Skipped broken.ipynb: not a readable notebook (damaged or not saved completely).",
        "Skipped empty.ipynb: the file is empty.",
        "python -m unlocked.responses: error: none of the 2 files given is a readable hand-in; nothing written",
    ]
    assert not (tmp_path / "responses.csv").exists()


def test_tests_ignore_the_users_unlocked_variables():
    """A user who exported UNLOCKED_* for a class still gets clean tests (the root conftest.py)."""
    import importlib.util

    # Loaded by path: the name "conftest" is taken by tests/conftest.py here.
    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    root_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(root_conftest)
    environ = {"UNLOCKED_EVIDENCE_DIR": "/nowhere", "UNLOCKED_X": "1", "HOME": "/home/me",
               "JPY_SESSION_NAME": "/home/me/notebooks/03_dual_use-Copy1.ipynb",
               "UNLOCKED_REQUIRE_BROWSER": "1"}
    root_conftest.strip_unlocked_variables(environ)
    assert environ == {"HOME": "/home/me", "UNLOCKED_REQUIRE_BROWSER": "1"}
    # And in this very run: only the scratch folder the test set-up chose itself.
    allowed = {"UNLOCKED_RESPONSES_DIR"} | root_conftest.TEST_SETTINGS
    assert {name for name in os.environ if name.startswith("UNLOCKED_")} <= allowed
    assert "unlocked-responses-" in os.environ["UNLOCKED_RESPONSES_DIR"]


def test_the_instructor_recipe_works_as_written(tmp_path):
    """Run the per-student recipe from instructor/README.md, as written, from the module's folder.

    ``make lab`` is replaced by a stand-in that asks, from the notebooks/ folder (where
    Jupyter runs the kernel), which evidence folder the notebook would read: it reports
    what it was given, and the folder is then resolved as the kernel would, from notebooks/.
    """
    import unlocked.evidence as evidence

    guide = (ROOT / "instructor" / "README.md").read_text(encoding="utf-8")
    section = guide.split("## A phone extraction for each student", 1)[1]
    recipe = section.split("```bash\n", 1)[1].split("```", 1)[0]
    assert "in the module's folder" in section.split("```", 1)[0]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    make = bin_dir / "make"
    make.write_text('#!/bin/sh\nprintf "%s\\n" "$PWD" "$UNLOCKED_EVIDENCE_DIR" "$*"\n', encoding="utf-8")
    make.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    # The recipe calls .venv/bin/python: use this interpreter in its place.
    recipe = recipe.replace(".venv/bin/python", shlex.quote(sys.executable))
    result = subprocess.run(
        ["bash", "-c", recipe], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={k: v for k, v in os.environ.items() if not k.startswith("UNLOCKED_")}
        | {"HOME": str(home), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    folder, chosen, target = result.stdout.splitlines()[-3:]
    assert Path(folder) == ROOT and target == "lab"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT / "notebooks")
        patch.setenv(evidence.ENV_VAR, chosen)
        root = evidence.evidence_root()
    assert root.parent == home and (root / "hashes.sha256").is_file()


# ---------------------------------------------------------------- the authors' tools


@pytest.mark.parametrize("arguments, words", [
    (["99"], ["'99'", "the notebooks are 00, 01"]),
    (["01", "99"], ["'99'", "Nothing was built"]),  # refused before building 01
    (["--check", "9"], ["'9'", "the notebooks are"]),
    (["--bogus"], ["unrecognized arguments"]),
])
def test_the_notebook_builder(monkeypatch, capsys, arguments, words):
    from tools import build_notebooks

    built = []
    monkeypatch.setattr(build_notebooks, "build", built.append)
    status, err = drive(build_notebooks.main, arguments, capsys)
    assert_one_message(subprocess.CompletedProcess([], status, "", err), *words)
    assert built == []
    if not arguments[0].startswith("--bogus"):
        assert len(err.splitlines()) == 1 and err.startswith("python -m tools.build_notebooks: error: ")


def test_the_notebook_builder_builds_a_known_number(monkeypatch, capsys):
    from tools import build_notebooks

    built = []
    monkeypatch.setattr(build_notebooks, "build", built.append)
    assert build_notebooks.main(["01"]) == 0
    assert [p.name[:2] for p in built] == ["01"]


@pytest.fixture
def manifest(tmp_path, monkeypatch):
    """tools.update_manifest writing to a scratch copy of data/SHA256SUMS."""
    from tools import update_manifest

    target = tmp_path / "SHA256SUMS"
    target.write_bytes(b"the earlier list\n")
    monkeypatch.setattr(update_manifest, "MANIFEST", target)
    return update_manifest, target


@pytest.mark.parametrize("arguments", [["--bogus"], ["data"], ["--check", "x"]])
def test_the_manifest_tool_refuses_arguments(manifest, capsys, arguments):
    tool, target = manifest
    status, err = drive(tool.main, arguments, capsys)
    assert_one_message(subprocess.CompletedProcess([], status, "", err), "takes no arguments", arguments[0])
    assert len(err.splitlines()) == 1
    assert target.read_bytes() == b"the earlier list\n"


def test_the_manifest_tool_writes_atomically(manifest, monkeypatch, capsys):
    tool, target = manifest

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", full_disk)
        status, err = drive(tool.main, [], capsys)
    assert_one_message(subprocess.CompletedProcess([], status, "", err), "Could not write", "the disk is full")
    assert target.read_bytes() == b"the earlier list\n"
    assert [p.name for p in target.parent.iterdir()] == ["SHA256SUMS"]  # no temporary file left
    assert tool.main([]) == 0
    assert target.read_text(encoding="utf-8") == tool.manifest_text()
