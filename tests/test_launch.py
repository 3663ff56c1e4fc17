"""Launch links come from one place (tools/launch.py), so that a fork changes one line."""

import re

from tools import launch
from unlocked.paths import ROOT

START = "notebooks/00_start_here.ipynb"
SKIP = {".git", ".venv", "_build", "__pycache__", ".ipynb_checkpoints", ".hypothesis"}


def text_files():
    for path in ROOT.rglob("*"):
        if path.is_file() and not SKIP & set(path.relative_to(ROOT).parts) \
                and path.suffix in {".md", ".py", ".ipynb", ".cff", ".yml", ".txt", ".cfg", ".ini", ""}:
            yield path


def test_the_readme_links_are_the_generated_ones():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"]({launch.binder_url(START)})" in readme
    assert f"`{launch.nbgitpuller_url(START)}`" in readme


def test_no_document_disagrees_with_the_one_place():
    assert launch.stale_documents() == [], "run: python -m tools.launch --write"


def test_a_fork_changes_one_line(monkeypatch):
    monkeypatch.setattr(launch, "REPOSITORY", "a-school/unlocked-fork")
    monkeypatch.setattr(launch, "BRANCH", "autumn")
    for name in launch.DOCUMENTS:
        rewritten = launch.expected_text((ROOT / name).read_text(encoding="utf-8"))
        assert "unlocked-course" not in rewritten
        assert "mybinder.org/v2/gh/a-school/unlocked-fork/autumn?urlpath=lab/tree/notebooks/" in rewritten
        assert ("repo=https://github.com/a-school/unlocked-fork&branch=autumn"
                "&urlpath=lab/tree/unlocked-fork/notebooks/") in rewritten


def test_the_address_is_written_nowhere_else():
    owner_and_name = re.escape(launch.REPOSITORY)
    allowed = {ROOT / "tools" / "launch.py", *(ROOT / name for name in launch.DOCUMENTS)}
    elsewhere = [path.relative_to(ROOT).as_posix() for path in text_files()
                 if path not in allowed and re.search(owner_and_name, path.read_text(encoding="utf-8", errors="replace"))]
    assert elsewhere == [], "take the address from tools/launch.py"


def test_nbgitpuller_links_name_the_branch_and_the_cloned_folder():
    link = launch.nbgitpuller_url(START, hub="https://hub.example.org/", repo="file:///srv/x/unlocked.git")
    assert link == ("https://hub.example.org/hub/user-redirect/git-pull?repo=file:///srv/x/unlocked.git"
                    "&branch=main&urlpath=lab/tree/unlocked/notebooks/00_start_here.ipynb")
