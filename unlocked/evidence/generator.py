"""Write the whole synthetic extraction into a folder: :func:`generate`."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..paths import DATA
from ..safety import RefusedError, next_free_name
from . import android, chrome, exports, ios, layout, report
from .timeline import DEFAULT_SEED, build_timeline

#: Where the committed evidence lives (resolved from the package, never from the working directory).
#: Only ``make evidence`` (``--into-module-data``) writes here.
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


#: Seeds are whole numbers in this range. Python's random module treats N and -N alike,
#: so negative seeds are refused rather than silently giving the same evidence as N.
MAX_SEED = 2**32 - 1


def check_seed(seed: object) -> int:
    """Return ``seed`` if it is a whole number from 0 to :data:`MAX_SEED`; else raise ``ValueError``."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        shown = repr(seed)[:40]
        raise ValueError(f"The seed must be a whole number from 0 to {MAX_SEED}, not {shown}.")
    return seed


def generated_files(folder: Path) -> set[str] | None:
    """The files a generation wrote into ``folder``: the names its hash list gives, and the list.

    ``None`` if ``folder`` holds no readable hash list (then it is not a generated folder).
    """
    try:
        lines = (folder / report.HASH_LIST).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    names = {line.partition("  ")[2] for line in lines if "  " in line}
    return names | {report.HASH_LIST}


def _refusal(out: Path) -> str | None:
    """Why ``out`` must not be replaced, or ``None`` if it may be (missing, empty, or all ours)."""
    if not out.exists():
        return None
    if not out.is_dir():
        return f"{out} is a file, not a folder; choose another --out."
    present = {p.relative_to(out).as_posix() for p in out.rglob("*")}
    if not present:
        return None
    ours = generated_files(out)
    if ours is None:
        return (f"{out} already holds files that the generator did not write; "
                "choose a new or empty folder for --out.")
    # The folders that hold our files are ours too; any other entry (even an empty folder) is not.
    folders = {parent.as_posix() for name in ours for parent in Path(name).parents if parent != Path(".")}
    others = sorted(present - ours - folders)
    if others:
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        return (f"{out} also holds files that the generator did not write ({shown}); move them away "
                "or choose a new or empty folder for --out.")
    return None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def generate(out_dir: str | Path, seed: int = DEFAULT_SEED, *, into_module_data: bool = False) -> Path:
    """Generate the synthetic extraction for ``seed`` into the folder ``out_dir`` and return its path.

    Nothing is lost on the way:

    * the folder is built beside ``out_dir`` under a temporary name and swapped in
      only when complete;
    * an existing ``out_dir`` is replaced only if it is empty or holds nothing but
      what an earlier generation wrote (the files its ``hashes.sha256`` names, and
      that list); otherwise :class:`~unlocked.safety.RefusedError` is raised and
      nothing is touched;
    * the module's own ``data/`` folder is written only with ``into_module_data=True``
      (then ``out_dir`` must be :data:`DEFAULT_OUT`, ``data/evidence``).

    ``seed`` is a whole number from 0 to :data:`MAX_SEED` (``ValueError`` otherwise).
    """
    check_seed(seed)
    out = Path(out_dir).expanduser().resolve()
    if into_module_data and out != DEFAULT_OUT:
        raise RefusedError(f"Only {DEFAULT_OUT} may be written into the module's data; not {out}.")
    if not into_module_data and _inside(out, DATA.resolve()):
        raise RefusedError(
            f"{out} is inside the module's data folder, which holds the shipped evidence; choose a "
            "folder outside it (to regenerate the shipped copy on purpose: make evidence).")
    reason = _refusal(out)
    if reason:
        raise RefusedError(reason)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    retired = out.parent / f"{staging.name}-old"
    try:
        _write_all(staging, seed)
        # Swap with two renames: at every moment either the old or the new folder is complete.
        if out.exists():
            out.rename(retired)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not out.exists():
            retired.rename(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    return out


def new_folder_name(seed: int, where: Path | None = None) -> Path:
    """A folder that does not exist yet, for the command line's default: ``evidence-seed-N`` (then -1, -2, ...)."""
    where = where or Path.cwd()
    first = where / f"evidence-seed-{seed}"
    if not first.exists():
        return first
    return next_free_name(first, f"evidence-seed-{seed}-{{}}")
