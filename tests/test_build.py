"""The one-source, two-versions build: stripping, and the committed files being in sync."""

import nbformat
import pytest

from tools.build_notebooks import (
    ANSWERS, CODE_STUB, LEARNER, SOURCE, build, learner_version, out_of_sync, strip_solutions,
)
from unlocked.paths import ROOT

SOURCES = sorted(SOURCE.glob("*.ipynb"))


def test_strip_replaces_each_region_and_keeps_indentation():
    text = "x = ...\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\ncheck('a', x)"
    assert strip_solutions(text, CODE_STUB) == "x = ...\n# YOUR CODE HERE\ncheck('a', x)"
    nested = "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n### BEGIN SOLUTION\ny\n### END SOLUTION"
    assert strip_solutions(nested, "pass") == "def f():\n    pass\npass"


def test_text_without_markers_is_untouched():
    assert strip_solutions("a\n\nb  \n", "stub") == "a\n\nb  \n"


@pytest.mark.parametrize(
    "text", ["### BEGIN SOLUTION\nx", "x\n### END SOLUTION",
             "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION"]
)
def test_unbalanced_markers_are_authoring_errors(text):
    with pytest.raises(ValueError):
        strip_solutions(text, "stub")


def test_learner_version_drops_instructor_cells_and_solutions():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Rubric", metadata={"tags": ["instructor"]}),
        nbformat.v4.new_code_cell("n = ...\n### BEGIN SOLUTION\nn = 3\n### END SOLUTION\ncheck('x', n)"),
    ])
    learner = learner_version(nb)
    assert [c.source for c in learner.cells] == ["n = ...\n# YOUR CODE HERE\ncheck('x', n)"]
    assert len(nb.cells) == 2  # the source is left alone


def test_there_are_notebooks_to_build():
    assert SOURCES


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_committed_versions_are_what_the_build_makes(source):
    assert out_of_sync(source) == [], "run `make build` and commit the result"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_a_fresh_build_is_byte_identical_to_the_committed_files(source, tmp_path):
    # Stronger than nbval, which does not compare images: every byte, figures included.
    # The set-up cell looks for unlocked/ beside the notebooks' folder, as in the module.
    (tmp_path / "unlocked").symlink_to(ROOT / "unlocked", target_is_directory=True)
    build(source, tmp_path)
    for folder in (LEARNER, ANSWERS):
        fresh = (tmp_path / folder.name / source.name).read_bytes()
        assert fresh == (folder / source.name).read_bytes(), f"{folder.name}/{source.name}: run `make build`"


def test_no_notebook_lacks_a_source():
    built = {p.name for p in LEARNER.glob("*.ipynb")} | {p.name for p in ANSWERS.glob("*.ipynb")}
    assert built == {p.name for p in SOURCES}
