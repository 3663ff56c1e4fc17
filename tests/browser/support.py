"""Shared machinery of the real-browser tests: Debian's Chromium through Playwright, a
JupyterLab of the module's own on loopback, axe-core, and the network guard.

Never a download-a-browser step: the tests use the system Chromium (``UNLOCKED_CHROMIUM``
or ``chromium`` on PATH) and are skipped, with one line saying how to install it, where
there is none. ``.ci/run`` installs it and sets ``UNLOCKED_REQUIRE_BROWSER=1``, which turns
the skip into a failure.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from unlocked.paths import ROOT

HERE = Path(__file__).resolve().parent
NETGUARD = HERE / "netguard"
ARTEFACTS = ROOT / "_build" / "browser"  # screenshots, git-ignored
INSTALL = "sudo apt-get install chromium"  # Debian and Ubuntu; CI runs it as root
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         # No name but localhost resolves: a page cannot reach beyond loopback by name.
         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"]
# The WCAG 2.x A and AA rules, as the issue measured them.
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# JupyterLab's own settings for the test server: every cell in the page (no windowing, so
# axe sees the whole notebook) and no news or update pop-ups.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


def chromium() -> str | None:
    """The system Chromium: UNLOCKED_CHROMIUM when set (and only it), else the one on PATH."""
    chosen = os.environ.get("UNLOCKED_CHROMIUM")
    for candidate in ([chosen] if chosen else
                      [shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium"]):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def why_no_browser() -> str | None:
    """None when the browser tests can run, else one line saying why not and what to do."""
    if chromium() is None:
        return f"no Chromium found; install it with `{INSTALL}` (or set UNLOCKED_CHROMIUM), then `make test`"
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError as missing:
        return f"{missing.name} is not installed; run `make test`, which installs requirements-dev.txt"
    return None


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=chromium(), headless=True, args=FLAGS)


def record_requests(page) -> list[str]:
    """Record every request the page makes beyond loopback (the test asserts there are none)."""
    beyond: list[str] = []

    def seen(request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            beyond.append(request.url)

    page.on("request", seen)
    return beyond


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_module(target: Path) -> Path:
    """A throw-away copy of the module, so running and saving notebooks leaves the repo alone."""
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(
        ".git", ".venv", "_build", "__pycache__", ".ipynb_checkpoints", ".hypothesis", "*-responses.md"))
    return target


class Lab:
    """The module's own ``jupyter lab``, on a free loopback port, kernels under the network guard."""

    def __init__(self, root: Path, work: Path, extra_env: dict[str, str] | None = None):
        self.root, self.work = root, work
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.netlog = work / "network.log"
        self.log = work / "lab.log"
        settings = work / "settings"
        for name, values in LAB_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        env = os.environ | {
            "JUPYTER_CONFIG_DIR": str(work / "config"),
            "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces"),
            "UNLOCKED_RESPONSES_DIR": str(work / "responses"),
            "UNLOCKED_NETLOG": str(self.netlog),
            "PYTHONPATH": str(NETGUARD),
            "GIT_AUTHOR_NAME": "Learner", "GIT_AUTHOR_EMAIL": "learner@example.org",
            "GIT_COMMITTER_NAME": "Learner", "GIT_COMMITTER_EMAIL": "learner@example.org",
        } | (extra_env or {})
        (work / "responses").mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={self.port}",
                   "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}",
                   "--LabApp.expose_app_in_browser=True"]
        if hasattr(os, "getuid") and os.getuid() == 0:
            command.append("--allow-root")
        self._log = self.log.open("w")
        self.process = subprocess.Popen(command, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        cwd=root)
        self._wait()

    def _wait(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"JupyterLab did not start; its log:\n{self.log_text()}")

    def url(self, path: str, workspace: str) -> str:
        """Open ``path`` in a workspace of its own, so no earlier tab is restored."""
        return f"{self.base}/lab/workspaces/{workspace}/tree/{path}?reset&token={self.token}"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]

    def network_attempts(self) -> list[dict]:
        if not self.netlog.exists():
            return []
        return [json.loads(line) for line in self.netlog.read_text(encoding="utf-8").splitlines() if line]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


# ------------------------------------------------------------------ in the page

OPEN_NOTEBOOK = """async (path) => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  return panel.sessionContext.session ? panel.sessionContext.session.kernel.name : null;
}"""

IS_CURRENT = """(path) => {
  const app = window.jupyterapp;
  const w = app && app.shell && app.shell.currentWidget;
  return !!(w && w.context && w.context.path === path && w.content && w.content.widgets.length);
}"""

RUN_ALL = """async () => {
  const app = window.jupyterapp;
  await app.commands.execute('notebook:run-all-cells');
}"""

IDLE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  return panel.content.widgets.every(cell => cell.model.type !== 'code'
      || !cell.model.sharedModel.getSource().trim()
      || (cell.model.executionCount !== null && !cell.node.querySelector('.jp-InputPrompt')?.textContent.includes('*')));
}"""

# What the learner sees, cell by cell: the source, the outputs as stored, the feedback boxes'
# text and every image in the outputs.
CELLS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets.map((cell, index) => ({
    index,
    type: cell.model.type,
    source: cell.model.sharedModel.getSource(),
    outputs: cell.model.type === 'code' ? cell.model.outputs.toJSON() : [],
    statuses: [...cell.node.querySelectorAll('[role=status]')].map(e => e.innerText.trim()),
    images: [...cell.node.querySelectorAll('.jp-OutputArea-output img')].map(img => ({
      alt: img.getAttribute('alt'),
      rendered: img.complete && img.naturalWidth > 0,
      figcaption: !!(img.closest('figure') && img.closest('figure').querySelector('figcaption')),
    })),
  }));
}"""


def inject_axe(page) -> None:
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))


AXE = """([within, tags]) => {
  // within: CSS selectors of the elements to scan, or null for the whole page. Scanning only
  // the module's own elements (not JupyterLab's code editors around them) halves the time; the
  // colours are still computed against everything drawn on the page.
  // The scan runs in the page while the test goes on; AXE_RESULT waits for it.
  window.__unlockedAxe = (async () => {
    let context = document;
    if (within) {
      const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
      const root = panel ? panel.node : document;
      context = {include: within.flatMap(s => [...root.querySelectorAll(s)])};
      if (!context.include.length) return {version: axe.version, violations: [], scanned: 0};
    }
    // label-content-name-mismatch (WCAG 2.5.3, a control's visible words are part of its name)
    // is still marked experimental in the axe-core the package ships, so it is switched on here.
    const results = await axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
                                            rules: {'label-content-name-mismatch': {enabled: true}}});
    const found = [];
    for (const rule of results.violations) {
      if (!['serious', 'critical'].includes(rule.impact)) continue;
      for (const node of rule.nodes) {
        found.push({rule: rule.id, impact: rule.impact, help: rule.help, target: node.target.join(' '),
                    html: node.html.slice(0, 300), summary: (node.failureSummary || '').slice(0, 300)});
      }
    }
    return {version: results.testEngine.version, violations: found,
            scanned: context === document ? null : context.include.length};
  })();
}"""
AXE_RESULT = "() => window.__unlockedAxe"


def start_axe(page, within: list[str] | None = None) -> None:
    """Start axe-core in ``page`` and return at once; ``axe_result`` waits for what it found."""
    inject_axe(page)
    page.evaluate(AXE, [within, WCAG])


def axe_result(page) -> dict:
    return page.evaluate(AXE_RESULT)


def axe(page, within: list[str] | None = None) -> dict:
    """Serious and critical WCAG A/AA violations on the page, or only in the elements matching
    ``within`` (CSS selectors) in JupyterLab's current notebook."""
    start_axe(page, within)
    return axe_result(page)


def describe_violations(violations: list[dict]) -> str:
    return "\n".join(f"- {v['impact']} {v['rule']} ({v['help']}): {v['target']}\n    {v['html']}\n    {v['summary']}"
                     for v in violations)


def open_lab(page, lab: Lab, workspace: str) -> None:
    """Load JupyterLab once per test file (a cold load takes seconds; notebooks then open fast)."""
    page.goto(f"{lab.base}/lab/workspaces/{workspace}/tree/notebooks?reset&token={lab.token}")
    try:
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell"
                               " && document.querySelector('.jp-DirListing-content')", timeout=90_000)
    except Exception as error:
        raise AssertionError(f"JupyterLab did not load ({error}).\nThe page showed:\n"
                             f"{page.inner_text('body')[:2000]}\nServer log:\n{lab.log_text()}") from None


def open_notebook(page, lab: Lab, path: str) -> None:
    page.evaluate("async (path) => { await window.jupyterapp.commands.execute('docmanager:open', {path}); }", path)
    try:
        page.wait_for_function(IS_CURRENT, arg=path, timeout=90_000)
        kernel = page.evaluate(OPEN_NOTEBOOK, path)
    except Exception as error:
        raise AssertionError(f"{path} did not open in JupyterLab ({error}).\nThe page showed:\n"
                             f"{page.inner_text('body')[:2000]}\nServer log:\n{lab.log_text()}") from None
    assert kernel == "python3", f"{path} opened with kernel {kernel!r}"


def close_notebook(page) -> None:
    """Close the notebook's tab at once; its kernel is shut down in the background (the server
    answers only once the kernel has exited, a second or two the next notebook need not wait)."""
    page.evaluate("""() => {
      const app = window.jupyterapp;
      const panel = app.shell.currentWidget;
      if (!panel || !panel.sessionContext) return;
      const session = panel.sessionContext.session;
      panel.dispose();
      if (session) app.serviceManager.sessions.shutdown(session.id).catch(() => {});
    }""")


def run_all(page, lab: Lab, path: str, seconds: float = 150) -> list[dict]:
    """Run every cell as a learner would (Run > Run All Cells); return what each cell shows."""
    page.evaluate(RUN_ALL)
    try:
        page.wait_for_function(IDLE, timeout=seconds * 1000, polling=250)
    except Exception:
        shown = page.evaluate(CELLS)
        stuck = [c for c in shown if c["type"] == "code" and not c["outputs"]][:3]
        raise AssertionError(f"{path}: the kernel did not finish within {seconds} s. Cells without "
                             f"output: {[c['source'][:120] for c in stuck]}\nServer log:\n{lab.log_text()}") from None
    return page.evaluate(CELLS)


def output_text(cell: dict) -> str:
    parts = []
    for output in cell["outputs"]:
        if output["output_type"] == "error":
            parts.append(f"{output['ename']}: {output['evalue']}")
        elif output["output_type"] == "stream":
            parts.append(f"[{output['name']}] {output['text']}")
        else:
            parts.append(str(output.get("data", {}).get("text/plain", ""))[:500])
    return "\n".join(parts + cell["statuses"])


def screenshot(page, artefacts: Path, name: str) -> Path:
    target = artefacts / f"{name}.png"
    page.screenshot(path=str(target), full_page=False)
    return target


def notebook_height(page) -> int:
    return page.evaluate("""() => {
      const nb = window.jupyterapp.shell.currentWidget.content.node;
      const outer = nb.querySelector('.jp-WindowedPanel-outer') || nb;
      return outer.scrollHeight;
    }""")


EXERCISE = re.compile(r"^\s*(check|discuss)\(", re.M)
# The module's own content in JupyterLab: rendered Markdown and cell outputs (JupyterLab's
# own chrome, prompts and editor are not the module's to fix).
OWN = [".jp-Notebook .jp-RenderedMarkdown", ".jp-Notebook .jp-OutputArea-output"]

# Run All leaves the notebook scrolled to its last cell: back to the top, so that in the tall
# window every cell is drawn.
TO_TOP = """() => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  (notebook.node.querySelector('.jp-WindowedPanel-outer') || notebook.node).scrollTop = 0;
}"""

# True once every cell of the notebook lies inside its visible area (or the window is at its
# tallest): axe-core checks the colours of what is drawn, not of what is scrolled away.
ALL_IN_VIEW = """(tallest) => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  const outer = notebook.node.querySelector('.jp-WindowedPanel-outer') || notebook.node;
  const box = outer.getBoundingClientRect();
  const cells = notebook.widgets;
  return window.innerHeight >= tallest || !cells.length
      || (cells[0].node.getBoundingClientRect().top >= box.top - 1
          && cells[cells.length - 1].node.getBoundingClientRect().bottom <= box.bottom + 1);
}"""
TALLEST = 30_000


def expected_boxes(source: str, version: str) -> tuple[str, ...]:
    """What the feedback box of an exercise cell must say first in this version."""
    if version == "learner":
        return ("Not answered yet",)
    return ("Correct",) if re.search(r"^\s*check\(", source, re.M) else ("Correct", "Recorded")


def check_notebook(page, beyond: list[str], lab: Lab, path: str, version: str, artefacts: Path,
                   scan: bool) -> None:
    """Open ``path``, Run All, and assert what the learner (or instructor) sees; see the tests.

    ``beyond`` is the page's list of requests beyond loopback (``record_requests``).
    """
    beyond.clear()
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_notebook(page, lab, path)
    try:
        cells = run_all(page, lab, path)
        problems = []
        for cell in cells:
            if cell["type"] != "code":
                continue
            shown = output_text(cell)
            if any(o["output_type"] == "error" or o.get("name") == "stderr" for o in cell["outputs"]):
                problems.append(f"cell {cell['index']} shows an error or warning:\n{shown}")
            wanted = expected_boxes(cell["source"], version)
            if EXERCISE.search(cell["source"]) and not any(s.startswith(wanted) for s in cell["statuses"]):
                problems.append(f"cell {cell['index']} shows no box saying {' or '.join(wanted)}; it shows:\n"
                                f"{cell['source'][:300]}\n---\n{shown}")
            figures = len(re.findall(r"\bshow_figure\(", cell["source"]))
            drawn = [i for i in cell["images"] if i["rendered"] and i["alt"] and i["figcaption"]]
            if len(drawn) < figures or len(drawn) < len(cell["images"]):
                problems.append(f"cell {cell['index']}: {figures} figure(s) expected, images seen: {cell['images']}")
        screenshot(page, artefacts, f"lab-{version}-{Path(path).stem}")
        assert not problems, f"{path} in JupyterLab:\n" + "\n\n".join(problems)
        if scan:
            # The whole notebook in view (no windowing, a tall window), then axe-core.
            page.set_viewport_size({"width": 1400, "height": min(notebook_height(page) + 300, TALLEST)})
            page.evaluate(TO_TOP)
            try:
                page.wait_for_function(ALL_IN_VIEW, arg=TALLEST, timeout=15_000, polling="raf")
            except Exception:
                raise AssertionError(f"{path}: the notebook still does not fit a window {notebook_height(page) + 300}"
                                     " px tall, so axe-core would not see all of it") from None
            result = axe(page, OWN)
            assert result["scanned"], f"{path}: axe-core found none of the module's content ({OWN}) to scan"
            assert not result["violations"], (
                f"axe-core {result['version']} in {path}:\n" + describe_violations(result["violations"]))
        attempts = lab.network_attempts()
        assert attempts == [], f"running {path} tried to reach beyond loopback: {attempts}"
        assert beyond == [], f"the page asked for {beyond}"
    finally:
        close_notebook(page)


# ---------------------------------------------------------------- one JupyterLab per version

#: Each version's folder of built notebooks.
FOLDERS = {"learner": "notebooks", "instructor": "instructor"}


def notebooks(version: str) -> list[Path]:
    """The built notebooks of ``version`` ("learner" or "instructor"), found in their folder."""
    return sorted((ROOT / FOLDERS[version]).glob("*.ipynb"))


def lab_fixtures(version: str):
    """The ``lab`` and ``lab_page`` fixtures of one version's test module: a JupyterLab of its own
    on a copy of the module, and one browser page with that version's workspace open in it.

    Use as ``lab, lab_page = support.lab_fixtures("learner")`` at the top of the module.
    """
    import pytest

    @pytest.fixture(scope="module")
    def lab(browser, tmp_path_factory):
        work = tmp_path_factory.mktemp(f"lab-{version}")
        server = Lab(copy_module(work / "unlocked"), work)
        yield server
        server.stop()

    @pytest.fixture(scope="module")
    def lab_page(browser, lab):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        beyond = record_requests(page)
        open_lab(page, lab, version)
        yield page, beyond
        context.close()

    return lab, lab_page
