"""Command line: ``python -m unlocked.evidence [--seed N] [--out DIR | --into-module-data]``.

Without ``--out`` the evidence goes to a new folder, ``evidence-seed-N``, in the
current folder: a user's run never touches the module's shipped ``data/evidence``.
Only ``make evidence`` passes ``--into-module-data`` to regenerate that copy.
Every failure is one message and exit status 2.
"""

from __future__ import annotations

from .generator import FOLDER, generate

PROG = FOLDER.prog


def main(argv: list[str] | None = None) -> int:
    return FOLDER.main(argv, generate)


if __name__ == "__main__":
    raise SystemExit(main())
