"""The course site (make site) in a real browser: axe-core on every page, figures with their
alternative text and captions, feedback boxes announced to screen readers, launch links
from tools/launch.py. The site is built fresh into a temporary folder and served on loopback.
"""

import functools
import http.server
import re
import subprocess
import sys
import threading

import nbformat
import pytest

import support
from tools import build_site, launch

PAGES = [re.sub(r"\.(md|ipynb)$", ".html", page) for page in build_site.pages()] + ["genindex.html", "search.html"]


@pytest.fixture(scope="module")
def site(browser, tmp_path_factory):
    # As `make site` runs it: in its own process (pytest turns library deprecation warnings into
    # errors; Sphinx's own warnings are errors there anyway, through -W).
    out = tmp_path_factory.mktemp("site")
    built = subprocess.run([sys.executable, "-m", "tools.build_site", "--out", str(out)], cwd=build_site.ROOT,
                           capture_output=True, text=True)
    assert built.returncode == 0, f"make site failed:\n{built.stdout[-3000:]}\n{built.stderr[-3000:]}"
    html_dir = out / "html"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(html_dir))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def site_pages(browser, site):
    """``visit(name)``: (page, requests beyond loopback, HTTP status) for the site page ``name``.

    ``visit(name, scan=True)`` also has axe-core scanning it (``support.axe_result`` waits for
    the result) and loads the next page with its scan started, so two pages are scanned at
    once (axe-core's colour checks take seconds on a notebook's page). A notebook's page stays
    open after its accessibility test for the test of its figures and links, which closes it.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened, scanned = {}, set()

    def load(name, scan):
        page = context.new_page()
        beyond = support.record_requests(page)
        response = page.goto(f"{site}/{name}")
        if response and response.ok:
            page.wait_for_load_state("load")
            if scan:
                support.start_axe(page)
        opened[name] = page, beyond, response and response.status

    def visit(name, scan=False):
        """The page ``name``; with ``scan``, axe-core is running in it, and in the next page."""
        if name not in opened:
            load(name, scan)
        if scan:
            scanned.add(name)
            following = PAGES[PAGES.index(name) + 1:PAGES.index(name) + 2] if name in PAGES else []
            for later in following:
                if later not in opened and later not in scanned:
                    load(later, scan=True)
        return opened[name]

    def done(name):
        opened.pop(name)[0].close()

    visit.done = done
    yield visit
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_site_page_is_accessible(site_pages, artefacts, name):
    notebook = name.startswith("notebooks/")
    page, beyond, status = site_pages(name, scan=True)
    try:
        assert status == 200, f"{name}: HTTP {status}"
        result = support.axe_result(page)
        if name == "index.html" or notebook:
            page.screenshot(path=str(artefacts / f"site-{name.replace('/', '-')}.png"))
        wider = page_widths(page)
    finally:
        if not notebook:
            site_pages.done(name)
    assert not result["violations"], f"axe-core {result['version']} on {name}:\n" + support.describe_violations(result["violations"])
    # Nothing makes the page scroll sideways, on a laptop or a phone (WCAG 1.4.10 Reflow);
    # wide tables scroll inside their own box instead.
    assert not wider, f"{name} is wider than the window: " + ", ".join(f"{w} px wide at {v} px" for v, w in wider.items())
    # Only the badge image of the README points outside; nothing was fetched from there.
    assert all("mybinder.org/badge_logo.svg" in url for url in beyond), beyond


@pytest.mark.parametrize("name", [p for p in PAGES if p.startswith("notebooks/")])
def test_notebook_page_shows_figures_feedback_and_launch_links(site_pages, name):
    page, _, status = site_pages(name)
    try:
        assert status == 200, f"{name}: HTTP {status}"
        check_figures_feedback_and_links(page, name)
    finally:
        site_pages.done(name)


def check_figures_feedback_and_links(page, name):
    images = page.eval_on_selector_all(".cell_output img", """imgs => imgs.map(img => ({
        alt: img.getAttribute('alt'), figcaption: !!(img.closest('figure') && img.closest('figure').querySelector('figcaption')),
        rendered: img.complete && img.naturalWidth > 0}))""")
    assert all(i["alt"] and i["figcaption"] and i["rendered"] for i in images), images
    notebook = nbformat.read(build_site.ROOT / name.replace(".html", ".ipynb"), as_version=4)
    assert len(images) == sum(len(re.findall(r"\bshow_figure\(", cell.source))
                              for cell in notebook.cells if cell.cell_type == "code")
    boxes = page.eval_on_selector_all(".cell_output [role=status]", "els => els.map(e => e.innerText)")
    assert boxes and all(box.startswith(("Not answered yet", "Saved", "Recorded")) for box in boxes), boxes
    links = page.eval_on_selector_all("a", "as => as.map(a => a.href)")
    assert launch.binder_url(name.replace(".html", ".ipynb")) in links
    assert launch.nbgitpuller_url(name.replace(".html", ".ipynb")) in page.inner_text("body")


def page_widths(page) -> dict[int, int]:
    """{window width: page width} wherever the page is wider than the window (1280 and 400 px)."""
    wider = {}
    for width in (400, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        drawn = page.evaluate("document.documentElement.scrollWidth")
        if drawn > width:
            wider[width] = drawn
    return wider
