"""Re-running is safe: notebook 02's checks give the same verdict whatever order the cells ran in.

A learner runs cells twice, out of order, or goes back to an early check after the optional
section. The answer version is run top to bottom once; then every check cell is run again in
reverse order, the scratch-copy step and Check 1 are run again, and every verdict must be what it
was the first time (and every one "Correct", or "Recorded" for a discussion).
"""

from __future__ import annotations

import os

import nbformat
from nbclient import NotebookClient

from unlocked import feedback
from unlocked.exercises import extraction  # noqa: F401  (registers the exercises of 02)
from unlocked.paths import ROOT

NOTEBOOK = ROOT / "instructor" / "02_inside_an_extraction.ipynb"


def _verdict(cell) -> str:
    return "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs if o.get("output_type") != "stream")


def _errors(cell) -> list[str]:
    return [o.get("ename", "") for o in cell.outputs if o.get("output_type") == "error"]


def test_checks_of_notebook_02_give_the_same_verdict_in_a_second_order(tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(ROOT / "instructor")}})
    checks = [i for i, cell in enumerate(nb.cells)
              if cell.cell_type == "code" and ("check(" in cell.source or "discuss(" in cell.source)]
    copy_step = next(i for i, cell in enumerate(nb.cells) if "mishandle(copy)" in cell.source)
    env = os.environ | {"UNLOCKED_RESPONSES_DIR": str(tmp_path)}
    env.pop("UNLOCKED_EVIDENCE_DIR", None)
    with client.setup_kernel(env=env):
        for index, cell in enumerate(nb.cells):  # first order: top to bottom, Going further included
            client.execute_cell(cell, index)
        first = {i: _verdict(nb.cells[i]) for i in checks}
        for i in reversed(checks):  # second order: every check again, last to first
            client.execute_cell(nb.cells[i], i)
            assert not _errors(nb.cells[i]), (i, _errors(nb.cells[i]))
            assert _verdict(nb.cells[i]) == first[i], nb.cells[i].source
        client.execute_cell(nb.cells[copy_step], copy_step)  # a fresh scratch copy, then Check 1 again
        failing_check = next(i for i in checks if "02.failing_files" in nb.cells[i].source)
        client.execute_cell(nb.cells[failing_check], failing_check)
        assert _verdict(nb.cells[failing_check]) == first[failing_check]
    assert len(first) == sum(i.startswith("02.") for i in feedback.EXERCISES)  # every check and discussion of 02
    assert all(v.startswith(("Correct", "Recorded")) for v in first.values()), first
