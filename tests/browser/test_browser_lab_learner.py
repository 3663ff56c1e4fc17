"""Every learner notebook in a real JupyterLab, in a real browser, as a learner meets it.

Open it, Run All, wait for the kernel: no error, every check and discussion shows its
"Not answered yet" box, every figure is drawn with its alternative text and caption, axe-core
finds no serious or critical WCAG A/AA violation in the module's own content, and neither the
kernel nor the page tried to reach beyond loopback. A screenshot of each notebook is kept in
_build/browser/. Notebooks are found in the folder, so new ones are tested as they land.
"""

import pytest

import support

lab, lab_page = support.lab_fixtures("learner")


@pytest.mark.parametrize("notebook", support.notebooks("learner"), ids=lambda p: p.name)
def test_learner_notebook_runs_in_jupyterlab(lab, lab_page, artefacts, notebook):
    page, beyond = lab_page
    support.check_notebook(page, beyond, lab, f"notebooks/{notebook.name}", "learner", artefacts, scan=True)
