"""Build the course site: a static website of the module that needs no kernel.

    python -m tools.build_site                 # or: make site
    python -m tools.build_site --out DIR       # somewhere else (the tests build into a temp folder)
    python -m tools.build_site --hub URL       # real class-hub links instead of a template

What goes in, from the module's own files (nothing is executed, nothing is fetched):

* README.md as the landing page;
* every learner notebook in ``notebooks/`` with its stored outputs, and under its title
  the links that open it on Binder or on a class JupyterHub (from tools/launch.py);
* the data documentation (``data/README.md``, ``data/evidence/README.md``);
* the instructor guide's planning pages (``instructor/*.md``), never the instructor
  notebooks or ``instructor/answers.md``: the site is public, the answers are not.

A relative link to a file the site does not carry (CONTRIBUTING.md, a CSV) becomes a link
to that file in the public repository; a relative link to nothing fails the build. Sphinx
runs with warnings as errors, and afterwards every link and anchor inside the site is
checked. External links are never fetched.
"""

from __future__ import annotations

import argparse
import html.parser
import re
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat

from tools import launch
from unlocked.paths import ROOT

CONF = ROOT / "site"
DEFAULT_OUT = ROOT / "_build" / "site"
#: Instructor pages that give answers away: the public site links to them in the repository
#: instead of showing them.
UNPUBLISHED = {"answers.md"}


def pages() -> dict[str, Path]:
    """Site path (as in the repository) -> the module file it comes from."""
    chosen = {"index.md": ROOT / "README.md"}
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        chosen[f"notebooks/{notebook.name}"] = notebook
    for name in ("data/README.md", "data/evidence/README.md"):
        if (ROOT / name).is_file():
            chosen[name] = ROOT / name
    for guide in sorted((ROOT / "instructor").glob("*.md")):  # planning pages only, no .ipynb
        if guide.name not in UNPUBLISHED:
            chosen[f"instructor/{guide.name}"] = guide
    return chosen


_LINK = re.compile(r"(\]\()([^)\s]+)(\))")


def rewrite_links(text: str, page: str, site: set[str]) -> str:
    """Point relative Markdown links of ``page`` (its repository path) at the right place."""
    repo_path = "README.md" if page == "index.md" else page
    here = Path(repo_path).parent

    def replace(match: re.Match) -> str:
        target = match[2]
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#", target):
            return match[0]  # external, or an anchor on the same page
        path, _, anchor = target.partition("#")
        resolved = Path(*[p for p in (here / path).as_posix().split("/") if p])
        parts: list[str] = []
        for part in resolved.parts:
            if part == "..":
                if not parts:
                    raise SystemExit(f"{repo_path}: the link {target} leaves the module")
                parts.pop()
            elif part != ".":
                parts.append(part)
        name = "/".join(parts)
        site_name = "index.md" if name == "README.md" else name
        if site_name in site:
            rel = Path(*[".."] * len(Path(page).parent.parts), site_name).as_posix()
            return f"{match[1]}{rel}{'#' + anchor if anchor else ''}{match[3]}"
        if (ROOT / name).exists():
            kind = "tree" if (ROOT / name).is_dir() else "blob"
            url = launch.file_url(name).replace("/blob/", f"/{kind}/", 1)
            return f"{match[1]}{url}{'#' + anchor if anchor else ''}{match[3]}"
        raise SystemExit(f"{repo_path}: the link {target} points at nothing in the module")

    return _LINK.sub(replace, text)


def launch_cell(path: str, hub: str | None) -> str:
    binder = launch.binder_url(path)
    if hub:
        hub_line = f"[Open it on your class JupyterHub]({launch.nbgitpuller_url(path, hub)})."
    else:
        hub_line = ("On a class JupyterHub: your instructor shares a link of this form, with "
                    f"the hub's address in place of `<your-hub>`:\n`{launch.nbgitpuller_url(path)}`")
    return ("**Run this notebook yourself.** This page shows it with its outputs; to run its "
            "cells and answer the checks, open it in JupyterLab:\n\n"
            f"- [Open it on Binder]({binder}), with nothing to install (a session closes after "
            "about ten idle minutes: download your answers before you leave).\n"
            f"- {hub_line}\n")


TOCTREES = (
    ("Notebooks", "notebooks/"),
    ("Data", "data/"),
    ("For instructors", "instructor/"),
)


def stage(source: Path, hub: str | None) -> None:
    """Copy what the site shows into ``source``, laid out as in the repository."""
    chosen = pages()
    site = set(chosen)
    for page, original in chosen.items():
        target = source / page
        target.parent.mkdir(parents=True, exist_ok=True)
        if page.endswith(".ipynb"):
            nb = nbformat.read(original, as_version=4)
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    cell.source = rewrite_links(cell.source, page, site)
            # The launch links go right under the notebook's title.
            first = next(cell for cell in nb.cells if cell.cell_type == "markdown")
            lines = first.source.split("\n")
            at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
            first.source = "\n".join(lines[:at] + ["", launch_cell(page, hub)] + lines[at:])
            nbformat.write(nb, target)
        else:
            text = rewrite_links(original.read_text(encoding="utf-8"), page, site)
            if page == "index.md":
                for caption, prefix in TOCTREES:
                    entries = [p.rsplit(".", 1)[0] for p in chosen if p.startswith(prefix)]
                    if entries:
                        text += (f"\n\n```{{toctree}}\n:hidden:\n:caption: {caption}\n\n"
                                 + "\n".join(entries) + "\n```\n")
            target.write_text(text, encoding="utf-8")


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append(attrs[key])


def broken_links(html_dir: Path) -> list[str]:
    """Every link or image inside the site whose file or anchor does not exist."""
    parsed: dict[Path, _Links] = {}

    def parse(path: Path) -> _Links:
        if path not in parsed:
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8"))
            parsed[path] = parser
        return parsed[path]

    broken = []
    for page in sorted(p for p in html_dir.rglob("*.html") if "_static" not in p.parts):
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//") or parts.scheme == "data":
                continue  # external: never fetched
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(html_dir).as_posix()}: {link}"
            if not target.is_file():
                broken.append(f"{where} (no such file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parse(target).ids:
                broken.append(f"{where} (no such anchor)")
    return broken


def build(out: Path = DEFAULT_OUT, hub: str | None = None, quiet: bool = True) -> Path:
    """Build the site into ``out``/html and return that folder. Raises SystemExit on failure."""
    from sphinx.cmd.build import build_main

    source, html_dir = out / "source", out / "html"
    for folder in (source, html_dir, out / "doctrees"):
        shutil.rmtree(folder, ignore_errors=True)
    stage(source, hub)
    args = ["-b", "html", "-W", "--keep-going", "-n", "-c", str(CONF),
            "-d", str(out / "doctrees"), str(source), str(html_dir)]
    if build_main((["-q"] if quiet else []) + args) != 0:
        raise SystemExit("the site build failed: see the warnings above")
    broken = broken_links(html_dir)
    if broken:
        raise SystemExit("broken links inside the site:\n  " + "\n  ".join(broken))
    leaked = [p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*")
              if p.is_file() and p.suffix in {".html", ".ipynb", ".txt"}
              and "### BEGIN SOLUTION" in p.read_text(encoding="utf-8", errors="replace")]
    if leaked:
        raise SystemExit(f"the site shows solutions in {leaked}")
    return html_dir


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--hub", help="a class JupyterHub's address, e.g. https://hub.example.edu")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    html_dir = build(args.out, args.hub)
    pages_built = len([p for p in html_dir.rglob("*.html") if "_static" not in p.parts])
    print(f"site: {pages_built} pages, {size(html_dir) / 1e6:.1f} MB in {html_dir} "
          f"({time.perf_counter() - started:.0f} s); open {html_dir / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
