"""Every learner notebook in a real JupyterLab, in a real browser, as a learner meets it.

Open it, Run All, wait for the kernel: no error, every check and discussion shows its
"Not answered yet" box, every figure is drawn with its alternative text and caption, axe-core
finds no serious or critical WCAG A/AA violation in the module's own content, and neither the
kernel nor the page tried to reach beyond loopback. A screenshot of each notebook is kept in
_build/browser/. Notebooks are found in the folder, so new ones are tested as they land.
"""

import pytest

import support
from unlocked.paths import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    work = tmp_path_factory.mktemp("lab-learner")
    server = support.Lab(support.copy_module(work / "unlocked"), work)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def lab_page(browser, lab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    beyond = support.record_requests(page)
    support.open_lab(page, lab, "learner")
    yield page, beyond
    context.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_learner_notebook_runs_in_jupyterlab(lab, lab_page, artefacts, notebook):
    page, beyond = lab_page
    support.check_notebook(page, beyond, lab, f"notebooks/{notebook.name}", "learner", artefacts, scan=True)
