"""Every instructor notebook in a real JupyterLab: Run All, and every check says "Correct"
(discussions "Correct" or "Recorded"), with no error, every figure drawn, and nothing
reached beyond loopback. A screenshot of each is kept in _build/browser/. (axe-core scans the
learner versions, which carry the same content without the answers.)
"""

import pytest

import support
from unlocked.paths import ROOT

NOTEBOOKS = sorted((ROOT / "instructor").glob("*.ipynb"))


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    work = tmp_path_factory.mktemp("lab-instructor")
    server = support.Lab(support.copy_module(work / "unlocked"), work)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def lab_page(browser, lab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    beyond = support.record_requests(page)
    support.open_lab(page, lab, "instructor")
    yield page, beyond
    context.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_instructor_notebook_runs_in_jupyterlab(lab, lab_page, artefacts, notebook):
    page, beyond = lab_page
    support.check_notebook(page, beyond, lab, f"instructor/{notebook.name}", "instructor", artefacts, scan=False)
