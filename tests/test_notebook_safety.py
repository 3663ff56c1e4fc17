"""What a learner sees when a notebook is moved, or a data file fails (issue #8, section 2).

Small notebooks run in a real Jupyter kernel (nbclient), on a scratch copy of the
module, so the tests may break things freely:

* a notebook copied out of the module prints where it must live, not a traceback;
* the set-up cell finds the module from a sub-folder of notebooks/;
* a damaged data file gives one message naming it, and every later cell that needs
  what the loading step would have made says so in one line, not a NameError traceback.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from unlocked.paths import ROOT

#: The set-up cell every notebook starts with (conventions, item 1), without the imports.
SETUP_CELL = '''\
# Find the module's helper package (the folder unlocked/, beside data/) from this notebook's folder.
import sys
from pathlib import Path

home = next((folder for folder in (Path.cwd(), *Path.cwd().parents)
             if (folder / "unlocked" / "__init__.py").is_file()), None)
if home is None:
    raise SystemExit("This notebook cannot find the module's helper package. Keep it in the "
                     "notebooks/ folder of the Unlocked module and open it from there.")
sys.path.insert(0, str(home))
'''
NOT_FOUND = "This notebook cannot find the module's helper package"


def execute(cells: list[str], folder: Path) -> list[str]:
    """Run code cells in a fresh kernel whose working directory is ``folder``; each cell's output text."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNLOCKED_") and k != "PYTHONPATH"}
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute(env=env)
    shown = []
    for cell in nb.cells:
        parts = []
        for output in cell.outputs:
            if output.output_type == "stream":
                parts.append(output.text)
            elif output.output_type == "error":
                parts.append("\n".join(output.traceback))
            else:
                parts.append(output.get("data", {}).get("text/plain", ""))
        shown.append("".join(parts))
    return shown


def no_traceback(text: str) -> bool:
    return "Traceback (most recent call last)" not in text and 'File "' not in text and "---->" not in text


def test_a_notebook_copied_out_of_the_module_says_where_it_must_live(tmp_path):
    [shown] = execute([SETUP_CELL + "\nimport unlocked\n"], tmp_path)
    assert NOT_FOUND in shown and no_traceback(shown), shown
    assert "ModuleNotFoundError" not in shown


@pytest.fixture(scope="module")
def module_copy(tmp_path_factory) -> Path:
    """A scratch copy of the module (helpers and data) whose data a test may damage."""
    root = tmp_path_factory.mktemp("module")
    shutil.copytree(ROOT / "unlocked", root / "unlocked", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", root / "data")
    (root / "notebooks" / "my folder").mkdir(parents=True)
    return root


def test_a_damaged_file_gives_one_message_and_later_cells_say_why_they_cannot_run(module_copy):
    """First cell: the data file fails its check; later cells: one line each, no NameError traceback."""
    target = module_copy / "data" / "serbia_events.csv"
    target.write_bytes(target.read_bytes().replace(b"Amnesty", b"Amnestx", 1))
    shown = execute([
        SETUP_CELL + "\nfrom unlocked import load\n",
        'events = load("serbia_events")',
        "events.head()",
        'events["date"].min()',
        "undefined_before_anything_failed = 1\nprint(len(load('sources')))",
    ], module_copy / "notebooks" / "my folder")
    setup, loading, first_use, second_use, unrelated = shown
    assert setup == ""  # found the module from a sub-folder of notebooks/
    assert loading.startswith("Problem: The data file data/serbia_events.csv has been changed or damaged")
    assert "checkout -- data/serbia_events.csv" in loading and no_traceback(loading)
    expected = ("Problem: this cell needs `events`, which a loading step above did not create because "
                "a data file failed its check; see the message there.\n")
    assert first_use == expected and second_use == expected
    assert unrelated.strip().isdigit()  # other data still loads


def test_learner_notebooks_use_the_standard_set_up_cell():
    """Every learner notebook starts with the set-up cell tested above (conventions, item 1)."""
    missing = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        setup = next("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        if not setup.startswith(SETUP_CELL):
            missing.append(path.name)
    if missing:
        pytest.skip(f"not yet the standard set-up cell (notebook owners add it): {', '.join(missing)}")
