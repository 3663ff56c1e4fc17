"""Command line: ``python -m unlocked.cohort [--seed N] [--out DIR | --into-module-data]``.

Without ``--out`` the cohort goes to a new folder, ``cohort-seed-N``, in the current
folder: a user's run never touches the module's shipped ``data/cohort``. Only
``make cohort`` passes ``--into-module-data`` to regenerate that copy. Every
failure is one message and exit status 2.
"""

from __future__ import annotations

from .generator import FOLDER, generate

PROG = FOLDER.prog


def main(argv: list[str] | None = None) -> int:
    return FOLDER.main(argv, generate)


if __name__ == "__main__":
    raise SystemExit(main())
