"""Rewrite data/SHA256SUMS after an author deliberately changes a data file.

    python -m tools.update_manifest

Lists every file under data/ (except the list itself) with its SHA-256, in the
format ``sha256sum -c SHA256SUMS`` reads inside data/. It takes no arguments, and
writes the list atomically (``unlocked.safety.atomic_write``): a full disk leaves
the earlier list as it was.
"""

from __future__ import annotations

import shlex
import sys

from unlocked.data import sha256
from unlocked.paths import DATA, MANIFEST, relative
from unlocked.safety import atomic_write, cli_error, explain_os_error

PROG = "python -m tools.update_manifest"


def data_files() -> list[str]:
    """Every data file the manifest must cover, as paths relative to data/."""
    return sorted(
        path.relative_to(DATA).as_posix()
        for path in DATA.rglob("*")
        if path.is_file() and path != MANIFEST and not path.name.startswith(".")
    )


def manifest_text() -> str:
    return "".join(f"{sha256(DATA / name)}  {name}\n" for name in data_files())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    if argv:
        cli_error(f"it takes no arguments (it lists every file under data/), not {shlex.join(argv)[:80]}", PROG)
    try:
        atomic_write(MANIFEST, manifest_text())
    except OSError as error:
        cli_error(explain_os_error(error, f"write {relative(MANIFEST)}"), PROG)
    print(f"wrote {relative(MANIFEST)} ({len(data_files())} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
