"""Write the whole synthetic extraction into a folder: :func:`generate`."""

from __future__ import annotations

from pathlib import Path

from ..paths import DATA
from ..safety import MAX_SEED, GeneratedFolder, check_seed
from . import android, chrome, exports, ios, layout, report
from .timeline import DEFAULT_SEED, build_timeline

#: Where the committed evidence lives (resolved from the package, never from the working directory).
#: Only ``make evidence`` (``--into-module-data``) writes here.
DEFAULT_OUT = DATA / "evidence"

#: The folder's safe replacement and its command line, shared with the cohort generator.
FOLDER = GeneratedFolder("evidence", DEFAULT_OUT, DEFAULT_SEED,
                         "Generate the synthetic, fictional phone extraction used in notebook 02.",
                         hash_list=report.HASH_LIST)

__all__ = ["ARTIFACTS", "DEFAULT_OUT", "FOLDER", "MAX_SEED", "check_seed", "generate", "new_folder_name"]

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


def generate(out_dir: str | Path, seed: int = DEFAULT_SEED, *, into_module_data: bool = False) -> Path:
    """Generate the synthetic extraction for ``seed`` into the folder ``out_dir`` and return its path.

    Nothing is lost on the way (:meth:`unlocked.safety.GeneratedFolder.write`): the folder
    is built beside ``out_dir`` and swapped in only when complete; an existing ``out_dir``
    is replaced only if it is empty or holds nothing but what an earlier generation wrote
    (otherwise :class:`~unlocked.safety.RefusedError`, and nothing is touched); the
    module's own ``data/`` is written only with ``into_module_data=True``, and then only
    :data:`DEFAULT_OUT` (``make evidence``).

    ``seed`` is a whole number from 0 to :data:`MAX_SEED` (``ValueError`` otherwise).
    """
    return FOLDER.write(out_dir, seed, _write_all, into_module_data=into_module_data)


def new_folder_name(seed: int, where: Path | None = None) -> Path:
    """A folder that does not exist yet, for the command line's default: ``evidence-seed-N`` (then -1, -2, ...)."""
    return FOLDER.new_folder_name(seed, where)
