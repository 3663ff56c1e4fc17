"""Every instructor notebook in a real JupyterLab: Run All, and every check says "Correct"
(discussions "Correct" or "Recorded"), with no error, every figure drawn, and nothing
reached beyond loopback. A screenshot of each is kept in _build/browser/. (axe-core scans the
learner versions, which carry the same content without the answers.)
"""

import pytest

import support

lab, lab_page = support.lab_fixtures("instructor")


@pytest.mark.parametrize("notebook", support.notebooks("instructor"), ids=lambda p: p.name)
def test_instructor_notebook_runs_in_jupyterlab(lab, lab_page, artefacts, notebook):
    page, beyond = lab_page
    support.check_notebook(page, beyond, lab, f"instructor/{notebook.name}", "instructor", artefacts, scan=False)
