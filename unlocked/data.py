"""Load the module's datasets, checking each file against its SHA-256 checksum first.

The checksums live in ``data/SHA256SUMS`` (the format ``sha256sum -c`` reads), and
each table's fields and types in ``data/datapackage.json`` (a Frictionless Data
Package). A file that is missing or has changed stops the lesson with one message
that names the file and says how to get it back, instead of a pandas traceback
about a half-read file.
"""

from __future__ import annotations

import errno
import hashlib
import json
import re
import shlex
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import DataFileError, LearnerError, data_file_loaded
from . import paths
from .paths import DATA, DESCRIPTOR, MANIFEST, relative

# Frictionless field types mapped to how pandas should read them.
_PANDAS_DTYPES = {"integer": "Int64", "number": "float64"}

# One line of a sha256sum list: 64 hex digits, a space, a space or "*" (binary mode), the name.
_MANIFEST_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")

_BLOCK = 1 << 16  # files are hashed 64 KB at a time: a 1 GB file needs no more memory than a small one


def _git(*arguments: str) -> str:
    # Quoted for the shell, so a module folder with spaces, quotes or $ pastes safely.
    return " ".join(["git", "-C", shlex.quote(str(paths.ROOT)), *arguments])


def _restore_hint(rel: str) -> str:
    # -C names the module's folder, so the command works from any terminal folder.
    return (
        "To get the original back, run this in a terminal (File > New > Terminal):\n"
        f"    {_git('checkout', '--', shlex.quote(rel))}\n"
        "(No git? Download the module again, or ask your instructor.)"
    )


def _line_endings_hint(rel: str) -> str:
    # A plain `git checkout` would not rewrite the file: git believes it is unchanged.
    # Dropping it from git's index first makes git write it afresh, with the new setting.
    quoted = shlex.quote(rel)
    return (
        "To fix it, run these in a terminal (File > New > Terminal):\n"
        f"    {_git('config', 'core.autocrlf', 'false')}\n"
        f"    {_git('rm', '--cached', '--quiet', '--', quoted)}\n"
        f"    {_git('checkout', 'HEAD', '--', quoted)}\n"
        "(No git? Download the module again as a ZIP file, or ask your instructor.)"
    )


def sha256(path: Path, crlf_as_lf: bool = False) -> str:
    """The SHA-256 fingerprint of a file, as 64 hexadecimal characters.

    The file is read in blocks, so its size does not matter. With ``crlf_as_lf``
    every Windows line ending (CR LF) is read as a Unix one (LF) first: the
    fingerprint the file had before a Windows checkout converted it.
    """
    digest = hashlib.sha256()
    carry = b""  # a CR at the end of a block may belong to a CR LF split across two blocks
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            if crlf_as_lf:
                block = carry + block
                carry = b"\r" if block.endswith(b"\r") else b""
                block = block[:-1] if carry else block
                block = block.replace(b"\r\n", b"\n")
            digest.update(block)
    digest.update(carry)
    return digest.hexdigest()


def read_manifest(manifest: Path | None = None) -> dict[str, str]:
    """Map each file listed in a ``sha256sum``-style list (default: the module's) to its hash."""
    manifest = manifest or MANIFEST
    rel = relative(manifest)
    if manifest.is_dir():
        raise DataFileError(
            f"There is a folder where the checksum list {rel} should be, so no data file can be "
            f"trusted. Move that folder away, then restore the file.\n{_restore_hint(rel)}", file=rel)
    if not manifest.is_file():
        raise DataFileError(
            f"The checksum list {rel} is missing, so no data file can be "
            f"trusted.\n{_restore_hint(rel)}", file=rel
        )
    try:
        text = manifest.read_text(encoding="utf-8")
    except OSError as error:
        raise DataFileError(_unreadable(rel, error), file=rel) from None
    except UnicodeDecodeError:
        raise DataFileError(
            f"The checksum list {rel} is damaged (it is not text), so no data file can be "
            f"trusted.\n{_restore_hint(rel)}", file=rel) from None
    expected = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _MANIFEST_LINE.fullmatch(line.rstrip("\r"))
        if match is None:
            raise DataFileError(
                f"Line {number} of the checksum list {rel} is damaged (it should be a 64-character "
                f"checksum, two spaces and a file name), so no data file can be trusted."
                f"\n{_restore_hint(rel)}", file=rel)
        expected[match.group(2)] = match.group(1).lower()
    return expected


def _unreadable(rel: str, error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return (f"The data file {rel} cannot be read: you do not have permission to open it. "
                f"Give yourself read permission (for example: chmod u+r {shlex.quote(rel)}), "
                "or ask whoever manages the computer.")
    return (f"The data file {rel} cannot be read ({error.strerror or error}). "
            f"Restore it, then run this cell again.\n{_restore_hint(rel)}")


def verified_path(name: str) -> Path:
    """Return the path of a file under ``data/`` after checking it is intact.

    ``name`` is the file's path inside ``data/``, e.g. ``"serbia_events.csv"``.
    """
    if not isinstance(name, str):
        raise LearnerError('Give the file\'s path inside data/ in quotes, e.g. "serbia_events.csv".')
    path = DATA / name
    rel = relative(path)
    expected = read_manifest().get(name)
    if expected is None:
        raise DataFileError(
            f"{rel} is not one of the module's data files (it is not listed in "
            f"{relative(MANIFEST)}). Check the spelling of the file name."
        )
    check_file(path, expected, rel)
    data_file_loaded(rel)
    return path


def check_file(path: Path, expected: str, rel: str) -> None:
    """Raise a :class:`DataFileError` naming ``rel`` unless ``path`` is a readable file with hash ``expected``.

    The message names the cause (missing, a folder, unreadable, changed, or
    line endings converted by a Windows checkout) and how to get the file back.
    """
    if path.is_dir():
        raise DataFileError(
            f"There is a folder where the data file {rel} should be. Move or rename that folder, "
            f"then restore the file.\n{_restore_hint(rel)}", file=rel)
    if not path.is_file():
        raise DataFileError(f"The data file {rel} is missing.\n{_restore_hint(rel)}", file=rel)
    try:
        actual = sha256(path)
        converted = actual != expected and sha256(path, crlf_as_lf=True) == expected
    except OSError as error:
        raise DataFileError(_unreadable(rel, error), file=rel) from None
    if converted:
        raise DataFileError(
            f"The data file {rel} has Windows line endings (CR LF): git converted them when it "
            "checked the module out (the setting core.autocrlf=true), so its SHA-256 checksum no "
            f"longer matches the one in {relative(MANIFEST)}.\n{_line_endings_hint(rel)}", file=rel)
    if actual != expected:
        raise DataFileError(
            f"The data file {rel} has been changed or damaged: its SHA-256 checksum no "
            f"longer matches the one in {relative(MANIFEST)}, so the lesson will not "
            f"use it.\n{_restore_hint(rel)}", file=rel
        )


@lru_cache(maxsize=1)
def _resources() -> dict[str, dict]:
    descriptor = json.loads(verified_path(DESCRIPTOR.name).read_text(encoding="utf-8"))
    return {resource["name"]: resource for resource in descriptor["resources"]}


def dataset_names() -> list[str]:
    """Names of the tables that `load` can open."""
    return sorted(_resources())


def describe(name: str) -> pd.DataFrame:
    """A table of a dataset's fields: name, type and description."""
    fields = _resource(name)["schema"]["fields"]
    return pd.DataFrame(
        [(f["name"], f["type"], f.get("description", "")) for f in fields],
        columns=["field", "type", "description"],
    )


def _resource(name: str) -> dict:
    resources = _resources()
    if not isinstance(name, str) or name not in resources:
        # Only text is echoed back: other values may not even print.
        given = f"called {name[:60]!r}" if isinstance(name, str) else "without a name in quotes"
        raise LearnerError(
            f"There is no dataset {given}. The datasets are: " + ", ".join(sorted(resources))
        )
    return resources[name]


def load(name: str) -> pd.DataFrame:
    """Load a dataset by name (see ``dataset_names()``) as a pandas DataFrame.

    Columns get the types the data descriptor gives them: dates become
    datetimes, true/false columns become booleans, whole numbers nullable integers.
    """
    resource = _resource(name)
    path = verified_path(resource["path"])
    fields = resource["schema"]["fields"]
    # Everything without a numeric type is read as text first, then converted below,
    # so pandas never guesses (e.g. "true" or "2024-02" read as something else).
    dtypes = {f["name"]: _PANDAS_DTYPES.get(f["type"], "string") for f in fields}
    table = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    for field in fields:
        column = field["name"]
        if field["type"] in ("date", "datetime"):
            table[column] = pd.to_datetime(table[column], utc=field["type"] == "datetime")
        elif field["type"] == "boolean":
            table[column] = table[column].map({"true": True, "false": False}).astype("boolean")
    return table
