"""The class-hub route: a documented nbgitpuller link, followed in a real browser.

The module is served from this machine (a git repository reached by a file:// URL) to a
JupyterLab with nbgitpuller, as a class JupyterHub would run it. The link is made by
tools/launch.py, as the README's is; a hub's /hub/user-redirect/ would send the learner to
their own server, which here is the test's.
"""

import subprocess

import pytest

import support
from tools import launch
from unlocked.paths import ROOT

START = "notebooks/00_start_here.ipynb"
NOTE = "# My own note: keep this."
UPDATE = "An update from the instructor."


def git(folder, *args):
    return subprocess.run(["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@example.org",
                           "-c", "init.defaultBranch=main", *args], cwd=folder, check=True,
                          capture_output=True, text=True).stdout


def served_copy(target):
    """A repository holding the module as it is in this working tree, on branch main."""
    try:
        tracked = git(ROOT, "ls-files", "-z").split("\0")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("the module is not a git checkout here: the hub route needs one to serve")
    for name in filter(None, tracked):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(source.read_bytes())
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "The module as served to the class")
    return target


def follow(page, link, lab, path):
    page.goto(link)
    try:
        page.wait_for_function(support.IS_CURRENT, arg=path, timeout=90_000)
    except Exception as error:
        raise AssertionError(f"the link did not open {path} ({error}); the page showed:\n"
                             f"{page.inner_text('body')[:2000]}\nServer log:\n{lab.log_text()}") from None
    page.evaluate(support.OPEN_NOTEBOOK, path)


def test_class_hub_link_pulls_the_module_and_keeps_the_learners_edits(browser, tmp_path, artefacts):
    served = served_copy(tmp_path / "served" / launch.folder())
    home = tmp_path / "home"
    home.mkdir()
    lab = support.Lab(home, tmp_path / "lab")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    beyond = support.record_requests(page)
    try:
        link = launch.nbgitpuller_url(START, hub="https://hub.example.org", repo=served.as_uri())
        assert link.startswith("https://hub.example.org/hub/user-redirect/git-pull?")
        local = link.replace("https://hub.example.org/hub/user-redirect", lab.base) + f"&token={lab.token}"
        pulled = f"{launch.folder()}/{START}"

        # First visit: the module is cloned into the learner's home and the start notebook opens.
        follow(page, local, lab, pulled)
        cells = support.run_all(page, lab, pulled)
        setup = next(c for c in cells if "from unlocked import" in c["source"])
        assert "pip" not in setup["source"] and not setup["outputs"], support.output_text(setup)
        errors = [support.output_text(c) for c in cells if any(o["output_type"] == "error" for o in c["outputs"])]
        assert not errors, errors
        assert any(s.startswith("Not answered yet") for c in cells for s in c["statuses"])
        page.screenshot(path=str(artefacts / "hub-first-visit.png"))

        # The learner edits a cell and saves.
        page.evaluate("""async (note) => {
          const panel = window.jupyterapp.shell.currentWidget;
          const cell = panel.content.widgets.find(c => c.model.type === 'code'
              && c.model.sharedModel.getSource().includes('# YOUR CODE HERE'));
          cell.model.sharedModel.setSource(cell.model.sharedModel.getSource() + '\\n' + note);
          await window.jupyterapp.commands.execute('docmanager:save');
        }""", NOTE)
        saved = home / launch.folder() / START
        page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30_000)
        assert NOTE in saved.read_text(encoding="utf-8")

        # The instructor changes another file; the learner follows the same link again.
        with (served / "README.md").open("a", encoding="utf-8") as readme:
            readme.write(f"\n{UPDATE}\n")
        git(served, "commit", "-q", "-am", "Update for the class")
        follow(page, local, lab, pulled)
        assert UPDATE in (home / launch.folder() / "README.md").read_text(encoding="utf-8"), lab.log_text()
        assert NOTE in saved.read_text(encoding="utf-8"), "the learner's edit was lost"
        shown = page.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets
            .map(c => c.model.sharedModel.getSource()).join('\\n')""")
        assert NOTE in shown, "the reopened notebook does not show the learner's edit"
        page.screenshot(path=str(artefacts / "hub-second-visit.png"))
        assert lab.network_attempts() == [] and beyond == [], (lab.network_attempts(), beyond)
    finally:
        context.close()
        lab.stop()
