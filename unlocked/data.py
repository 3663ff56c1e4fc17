"""Load the module's datasets, checking each file against its SHA-256 checksum first.

The checksums live in ``data/SHA256SUMS`` (the format ``sha256sum -c`` reads), and
each table's fields and types in ``data/datapackage.json`` (a Frictionless Data
Package). A file that is missing or has changed stops the lesson with one message
that names the file and says how to get it back, instead of a pandas traceback
about a half-read file.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import DataFileError, LearnerError
from . import paths
from .paths import DATA, DESCRIPTOR, MANIFEST, relative

# Frictionless field types mapped to how pandas should read them.
_PANDAS_DTYPES = {"integer": "Int64", "number": "float64"}


def _restore_hint(rel: str) -> str:
    # -C names the module's folder, so the command works from any terminal folder.
    return (
        "To get the original back, run this in a terminal (File > New > Terminal):\n"
        f'    git -C "{paths.ROOT}" checkout -- {rel}\n'
        "(No git? Download the module again, or ask your instructor.)"
    )


def sha256(path: Path) -> str:
    """The SHA-256 fingerprint of a file, as 64 hexadecimal characters."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(manifest: Path | None = None) -> dict[str, str]:
    """Map each file listed in a ``sha256sum``-style list (default: the module's) to its hash."""
    manifest = manifest or MANIFEST
    if not manifest.is_file():
        raise DataFileError(
            f"The checksum list {relative(manifest)} is missing, so no data file can be "
            f"trusted.\n{_restore_hint(relative(manifest))}"
        )
    expected = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            expected[name.lstrip("*")] = digest
    return expected


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
    if not path.is_file():
        raise DataFileError(f"The data file {rel} is missing.\n{_restore_hint(rel)}")
    if sha256(path) != expected:
        raise DataFileError(
            f"The data file {rel} has been changed or damaged: its SHA-256 checksum no "
            f"longer matches the one in {relative(MANIFEST)}, so the lesson will not "
            f"use it.\n{_restore_hint(rel)}"
        )
    return path


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
