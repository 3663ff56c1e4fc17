"""What the public course site carries (the browser tests look at how it renders)."""

import os
import re

from tools import build_site
from unlocked.paths import ROOT


def test_the_site_never_carries_answers():
    published = build_site.pages()
    assert "instructor/answers.md" not in published
    assert not any(page.startswith("instructor/") and page.endswith(".ipynb") for page in published)
    for page, source in published.items():
        if page.startswith("instructor/"):
            text = source.read_text(encoding="utf-8")
            # A solutions paragraph, or a check followed by its number, belongs in answers.md.
            assert "**Solutions.**" not in text and not re.search(r"\bCheck \d: \d", text), page


def test_the_guide_points_to_the_answers_page():
    guide = (ROOT / "instructor" / "README.md").read_text(encoding="utf-8")
    assert "(answers.md)" in guide and (ROOT / "instructor" / "answers.md").is_file()


def test_the_learners_branch_recipe_runs_the_notebooks(tmp_path):
    """The guide's recipe for a copy without the answer notebooks leaves notebooks that run."""
    import shutil
    import subprocess

    import nbformat
    import pytest
    from nbclient import NotebookClient

    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of the module")
    guide = (ROOT / "instructor" / "README.md").read_text(encoding="utf-8")
    recipe = re.search(r"```bash\n\s*(git switch -c learners\n.+?)\n\s*```", guide, flags=re.S)[1]
    steps = [line.strip() for line in recipe.splitlines() if not line.strip().startswith("git push")]
    copy = tmp_path / "unlocked"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(copy)], check=True)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": os.environ["PATH"]}
    for step in steps:
        subprocess.run(["bash", "-c", step], cwd=copy, check=True, env=env)
    assert not any((copy / name).exists() for name in ("instructor", "source", "tests", "tools"))
    assert not [p for p in copy.rglob("*.ipynb") if "BEGIN SOLUTION" in p.read_text(encoding="utf-8")]
    notebook = nbformat.read(copy / "notebooks" / "00_start_here.ipynb", as_version=4)
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(copy / "notebooks")}}).execute()
    errors = [o for cell in notebook.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
