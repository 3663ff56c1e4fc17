"""Git never converts the data, and keeps notebooks and scripts LF (issue #8, 1.6).

On Windows, git's core.autocrlf=true turns LF into CR LF in every text file it
checks out. Under data/ that would fail every checksum, so .gitattributes must
cover every file there with -text (or binary). These tests ask git itself.
"""

import shutil
import subprocess

import pytest

from unlocked.paths import DATA, ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs a git checkout")


def attributes(paths: list[str], *names: str) -> dict[tuple[str, str], str]:
    """``git check-attr`` for many paths: {(path, attribute): value}."""
    result = subprocess.run(["git", "-C", str(ROOT), "check-attr", "--stdin", *names],
                            input="\n".join(paths) + "\n", capture_output=True, text=True, check=True)
    found = {}
    for line in result.stdout.splitlines():
        path, name, value = line.rsplit(": ", 2)
        found[(path, name)] = value
    return found


def test_no_file_under_data_is_converted():
    files = sorted(p.relative_to(ROOT).as_posix() for p in DATA.rglob("*") if p.is_file())
    assert len(files) > 10
    text = attributes(files, "text")
    uncovered = [f for f in files if text[(f, "text")] != "unset"]
    assert not uncovered, f"add a rule to .gitattributes so git never converts: {uncovered}"


def test_a_new_data_file_would_be_covered_too():
    # Any name, at any depth, even one that a text rule elsewhere would match.
    names = ["data/new.csv", "data/deep/er/notes.md", "data/evidence/x/History", "data/script.py"]
    assert all(v == "unset" for v in attributes(names, "text").values())


def test_notebooks_and_scripts_keep_lf():
    files = [p.relative_to(ROOT).as_posix()
             for pattern in ("source/*.ipynb", "notebooks/*.ipynb", "instructor/*.ipynb",
                             "unlocked/**/*.py", "tools/*.py", "tests/*.py")
             for p in ROOT.glob(pattern)] + ["Makefile", ".ci/run"]
    eol = attributes(files, "eol")
    assert all(eol[(f, "eol")] == "lf" for f in files), [f for f in files if eol[(f, "eol")] != "lf"]
