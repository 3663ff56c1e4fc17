"""Write the whole synthetic extraction into a folder: :func:`generate`."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..paths import DATA
from . import android, chrome, exports, ios, layout, report
from .timeline import DEFAULT_SEED, build_timeline

#: Where the committed evidence lives (resolved from the package, never from the working directory).
DEFAULT_OUT = DATA / "evidence"

#: Each artifact: path relative to the evidence root, and what it is (for report.json).
ARTIFACTS: dict[str, str] = {
    layout.MMSSMS: "SMS (Android Telephony provider, SQLite)",
    layout.CALLLOG: "Call log (Android, SQLite)",
    layout.CONTACTS2: "Address book (Android Contacts provider, SQLite)",
    layout.HISTORY: "Chrome browsing history (SQLite)",
    layout.PACKAGES: "Installed packages (Android package manager, XML)",
    layout.SMS_DB: "iMessage (iOS Messages, SQLite)",
}


def _write_all(root: Path, seed: int) -> None:
    timeline = build_timeline(seed)
    android.write_mmssms(root / layout.MMSSMS, timeline)
    android.write_calllog(root / layout.CALLLOG, timeline)
    android.write_contacts2(root / layout.CONTACTS2)
    chrome.write_history(root / layout.HISTORY, timeline)
    android.write_packages_xml(root / layout.PACKAGES, timeline)
    ios.write_sms_db(root / layout.SMS_DB, timeline)
    exports.write_exports(root / exports.FOLDER, timeline)
    (root / "report.json").write_text(report.report_json(timeline, ARTIFACTS), encoding="utf-8", newline="\n")
    sizes = {p.relative_to(root).as_posix(): p.stat().st_size for p in root.rglob("*") if p.is_file()}
    (root / "README.md").write_text(report.readme(timeline, sizes), encoding="utf-8", newline="\n")
    (root / report.HASH_LIST).write_text(report.hash_list(root), encoding="utf-8", newline="\n")


def generate(out_dir: str | Path | None = None, seed: int = DEFAULT_SEED) -> Path:
    """Generate the synthetic extraction for ``seed`` into ``out_dir`` and return its path.

    The folder is built next to ``out_dir`` under a temporary name and swapped
    in only when complete. An existing ``out_dir`` is replaced only if it is
    empty or is itself a generated evidence folder (it holds ``hashes.sha256``);
    anything else raises ``FileExistsError`` rather than deleting someone's files.
    """
    out = Path(out_dir).resolve() if out_dir is not None else DEFAULT_OUT
    if out.exists() and any(out.iterdir()) and not (out / report.HASH_LIST).is_file():
        raise FileExistsError(f"{out} exists and is not a generated evidence folder; choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    try:
        _write_all(staging, seed)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out
