"""The one place that says where the module lives in public, and the launch links made from it.

A fork changes ``REPOSITORY`` (and ``BRANCH`` if it publishes another branch), then runs

    python -m tools.launch --write

which rewrites the links written out in README.md and instructor/README.md (GitHub shows
those files as they are, so they cannot be generated on the fly). The course site
(``make site``) and the tests take every launch link from the functions below, and a
test fails while a written-out link disagrees with them.
"""

from __future__ import annotations

import argparse
import re
import sys
from urllib.parse import quote

from unlocked.paths import ROOT

REPOSITORY = "unlocked-course/unlocked"  # owner/name on GitHub: the one line a fork changes
BRANCH = "main"
HUB_PLACEHOLDER = "https://<your-hub>"

# The files that write launch links out in full.
DOCUMENTS = ("README.md", "instructor/README.md")


def repository_url() -> str:
    """The address ``git clone`` takes, which nbgitpuller links name as ``repo=``."""
    return f"https://github.com/{REPOSITORY}"


def folder() -> str:
    """The folder a class hub's nbgitpuller clones the module into: the repository's name."""
    return REPOSITORY.rsplit("/", 1)[-1]


def file_url(path: str) -> str:
    """Where a file of the module can be read on the web (for links the site cannot host)."""
    return f"{repository_url()}/blob/{BRANCH}/{path}"


def binder_url(path: str) -> str:
    """A Binder link that builds the environment and opens ``path`` (from the module's root)."""
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?urlpath=lab/tree/{path}"


def nbgitpuller_url(path: str, hub: str = HUB_PLACEHOLDER, repo: str | None = None,
                    branch: str = BRANCH) -> str:
    """A class-hub link: nbgitpuller clones (or updates) the module, then opens ``path``.

    ``repo`` defaults to the public repository; the tests pass a local clone instead.
    The learner's own edits win over updates when nbgitpuller merges.
    """
    repo = repo or repository_url()
    name = re.sub(r"\.git$", "", repo.rstrip("/").rsplit("/", 1)[-1])
    return (f"{hub.rstrip('/')}/hub/user-redirect/git-pull?repo={quote(repo, safe=':/')}"
            f"&branch={quote(branch)}&urlpath=lab/tree/{name}/{path}")


# What a written-out link looks like, whatever repository and branch it names.
_BINDER = re.compile(r"https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/[\w./-]+\?urlpath=")
_PULLER = re.compile(r"repo=https://github\.com/[\w.-]+/[\w.-]+&branch=[\w./-]+&urlpath=lab/tree/[\w.-]+/")
# A Markdown link to the repository itself, or to its issues.
_REPOSITORY_LINK = re.compile(r"\]\(https://github\.com/[\w.-]+/[\w.-]+(/issues)?\)")


def expected_text(text: str) -> str:
    """``text`` with every written-out launch link pointed at REPOSITORY and BRANCH."""
    text = _BINDER.sub(f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?urlpath=", text)
    text = _REPOSITORY_LINK.sub(lambda link: f"]({repository_url()}{link[1] or ''})", text)
    return _PULLER.sub(f"repo={repository_url()}&branch={BRANCH}&urlpath=lab/tree/{folder()}/", text)


def stale_documents() -> list[str]:
    """The documents whose written-out launch links disagree with this file."""
    return [name for name in DOCUMENTS
            if (text := (ROOT / name).read_text(encoding="utf-8")) != expected_text(text)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the stale documents")
    args = parser.parse_args(argv)
    stale = stale_documents()
    for name in stale:
        if args.write:
            path = ROOT / name
            path.write_text(expected_text(path.read_text(encoding="utf-8")), encoding="utf-8")
            print(f"updated the launch links in {name}")
        else:
            print(f"{name}: launch links disagree with tools/launch.py (run: python -m tools.launch --write)")
    return 1 if stale and not args.write else 0


if __name__ == "__main__":
    sys.exit(main())
