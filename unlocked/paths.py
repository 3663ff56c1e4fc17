"""Where the module's folders are.

Every path is worked out from this file's own location, so the helpers find the
data whatever folder a notebook (or a test, or a terminal) is running from.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
MANIFEST = DATA / "SHA256SUMS"
DESCRIPTOR = DATA / "datapackage.json"


def relative(path: Path) -> str:
    """Show a path the way a learner sees it in the file browser: from the module's root."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
