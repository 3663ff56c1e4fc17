"""Build the two versions of every notebook from its one source in ``source/``.

    python -m tools.build_notebooks              # build and execute every notebook
    python -m tools.build_notebooks 01 02        # only notebooks whose names start so
    python -m tools.build_notebooks --check      # are the committed versions in sync?

For each ``source/NAME.ipynb`` (answers inside nbgrader's ``### BEGIN SOLUTION`` /
``### END SOLUTION`` markers, no outputs) the build writes:

* ``instructor/NAME.ipynb``, the answer version: everything, executed;
* ``notebooks/NAME.ipynb``, the learner version: solutions replaced by a stub,
  cells tagged ``instructor`` removed, executed.

Both get their "Sources and further reading" cell (tagged ``sources``) rendered
from the source registry, a normalised ``python3`` kernelspec, and outputs from a
fresh kernel, so a restart-and-run-all reproduces them exactly.

Solutions are stripped by ``strip_solutions`` below rather than by nbgrader's
ClearSolutions preprocessor: it reads the same markup, so instructors can still
import the sources into nbgrader, but it spares every learner and CI run nbgrader's
large dependency tree (a database layer, a server extension) for about
twenty lines of logic.
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from unlocked.paths import ROOT
from unlocked.responses import PROMPT_PLACEHOLDER
from unlocked.safety import cli_error

PROG = "python -m tools.build_notebooks"

SOURCE = ROOT / "source"
LEARNER = ROOT / "notebooks"
ANSWERS = ROOT / "instructor"

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
CODE_STUB = "# YOUR CODE HERE"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
LOADS = re.compile(r"""\bload\(\s*["']([\w-]+)["']""")


def strip_solutions(text: str, stub: str) -> str:
    """Replace each BEGIN/END SOLUTION region (markers included) by ``stub``.

    The stub keeps the indentation of the BEGIN marker. Unbalanced or nested
    markers are an authoring error and raise ValueError.
    """
    out, inside = [], False
    for number, line in enumerate(text.split("\n"), start=1):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise ValueError(f"line {number}: {BEGIN} inside another solution")
            inside = True
            out.append(line[: len(line) - len(line.lstrip())] + stub)
        elif marker == END:
            if not inside:
                raise ValueError(f"line {number}: {END} without {BEGIN}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{BEGIN} is never closed")
    return "\n".join(out)


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def learner_version(nb):
    """The notebook a learner opens: no solutions, no instructor notes."""
    nb = copy.deepcopy(nb)
    nb.cells = [cell for cell in nb.cells if "instructor" not in _tags(cell)]
    for cell in nb.cells:
        stub = CODE_STUB if cell.cell_type == "code" else PROMPT_PLACEHOLDER
        cell.source = strip_solutions(cell.source, stub)
    return nb


def answer_version(nb):
    """The instructor's notebook: the source as written, solutions and notes included."""
    return copy.deepcopy(nb)


def render_sources(nb):
    """Fill the cell tagged ``sources`` with the sources this version cites, and turn
    every ``[@id]`` in the text into a readable label linked to the source.

    Cited means: named as ``[@id]`` in a Markdown cell, or listed in the
    ``source_ids`` of a dataset that a code cell loads with ``load("name")``.
    """
    from unlocked.data import load
    from unlocked.sources import cite, cited_ids, render, split_ids

    ids = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "sources" not in _tags(cell):
            ids += cited_ids(cell.source)
        elif cell.cell_type == "code":
            for name in LOADS.findall(cell.source):
                table = load(name)
                if "source_ids" in table.columns:
                    ids += [i for cell_ids in table["source_ids"] for i in split_ids(cell_ids)]
    ids = list(dict.fromkeys(ids))
    for cell in nb.cells:
        if "sources" in _tags(cell):
            cell.source = (
                "## Sources and further reading\n\n"
                "These are the sources cited in this notebook's text and in the datasets it "
                "loads, so the list is longer than the citations you read: a dataset's "
                "`source_ids` column names them by the id shown at the end of each entry. "
                "The full registry is `data/sources.csv`.\n\n"
                + render(ids)
            )
        elif cell.cell_type == "markdown":
            cell.source = cite(cell.source)  # [@id] -> (Amnesty, Dec 2024), linked
    return nb


def normalise(nb):
    """Strip what varies between machines or runs, so builds compare exactly."""
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def execute(nb, folder: Path):
    """Run every cell in a fresh kernel, in ``folder``, as a learner would."""
    with tempfile.TemporaryDirectory() as scratch:
        # Responses exported while building are thrown away, not left in the repo;
        # PYTHONPATH lets the helpers import when building outside the module (tests).
        env = os.environ | {"UNLOCKED_RESPONSES_DIR": scratch, "PYTHONPATH": str(ROOT)}
        NotebookClient(
            nb, timeout=600, kernel_name="python3", record_timing=False,
            # A busy machine may deliver one print in several pieces: store them as one.
            coalesce_streams=True,
            resources={"metadata": {"path": str(folder)}},
        ).execute(env=env)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def versions(source: Path, root: Path = ROOT):
    """The (path, unexecuted notebook) pairs that ``source`` builds into, under ``root``."""
    nb = normalise(nbformat.read(source, as_version=4))
    return [
        (root / ANSWERS.name / source.name, render_sources(answer_version(nb))),
        (root / LEARNER.name / source.name, render_sources(learner_version(nb))),
    ]


def build(source: Path, root: Path = ROOT) -> None:
    """Build and run both versions of ``source`` into ``root`` (the module itself by default)."""
    for target, nb in versions(source, root):
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written once before running, so a cell that reads its own notebook
        # (export_responses) sees this build's cells, not the previous build's.
        nbformat.write(nb, target)
        execute(nb, target.parent)
        nbformat.validate(nb)
        nbformat.write(nb, target)
        print(f"built {target.relative_to(root).as_posix()}")


def out_of_sync(source: Path) -> list[str]:
    """Committed versions of ``source`` whose cells differ from a fresh build.

    Outputs are not compared here: nbval re-executes the committed notebooks and
    compares those.
    """
    stale = []
    for target, nb in versions(source):
        if not target.is_file() or normalise(nbformat.read(target, as_version=4)) != nb:
            stale.append(str(target.relative_to(ROOT)))
    return stale


def sources(prefixes: list[str]) -> list[Path]:
    found = sorted(SOURCE.glob("*.ipynb"))
    return [s for s in found if not prefixes or s.name.startswith(tuple(prefixes))]


def unknown_prefixes(prefixes: list[str]) -> list[str]:
    """The prefixes that name no source notebook (each must match at least one)."""
    names = [s.name for s in SOURCE.glob("*.ipynb")]
    return [p for p in prefixes if not any(name.startswith(p) for name in names)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    parser.add_argument("prefixes", nargs="*", help="only notebooks whose names start so")
    parser.add_argument("--check", action="store_true", help="report stale notebooks, build nothing")
    args = parser.parse_args(argv)
    unknown = unknown_prefixes(args.prefixes)
    if unknown:
        numbers = ", ".join(sorted({s.name[:2] for s in SOURCE.glob("*.ipynb")}))
        cli_error(f"no notebook in source/ starts with {', '.join(map(repr, unknown))}; "
                  f"the notebooks are {numbers}. Nothing was built.", PROG)
    if args.check:
        stale = [path for source in sources(args.prefixes) for path in out_of_sync(source)]
        for path in stale:
            print(f"out of date: {path} (run: make build)")
        return 1 if stale else 0
    for source in sources(args.prefixes):
        build(source)
    return 0


if __name__ == "__main__":
    sys.exit(main())
