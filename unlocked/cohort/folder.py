"""Which cohort folder the lesson reads, and its files after a hash check.

By default the module's own ``data/cohort``; an instructor can point notebook 06
and its checks at another seed's cohort::

    python -m unlocked.cohort --seed 7 --out my-cohort
    UNLOCKED_COHORT_DIR=my-cohort jupyter lab
"""

from __future__ import annotations

import os
from pathlib import Path

from ..data import read_manifest, sha256, verified_path
from ..errors import DataFileError
from ..paths import ROOT
from .generator import DEFAULT_OUT, HASH_LIST

#: Set this to a folder made by ``python -m unlocked.cohort --out DIR`` to use it instead.
ENV_VAR = "UNLOCKED_COHORT_DIR"


def cohort_root() -> Path:
    """The cohort folder the notebook and its checks use (``data/cohort`` unless ``UNLOCKED_COHORT_DIR`` is set).

    A relative folder name is read from the module's main folder.
    """
    chosen = os.environ.get(ENV_VAR, "").strip()
    if not chosen:
        return DEFAULT_OUT
    root = Path(chosen).expanduser()
    root = (root if root.is_absolute() else ROOT / root).resolve()
    if not (root / HASH_LIST).is_file():
        raise DataFileError(
            f"{ENV_VAR} is set to {chosen!r}, but that folder holds no {HASH_LIST}, so it is not "
            "a cohort folder. Make one with:\n"
            "    python -m unlocked.cohort --seed N --out FOLDER\n"
            f"or unset {ENV_VAR} to use the module's own data/cohort."
        )
    return root


def cohort_file(name: str) -> Path:
    """The path of one file of the cohort, e.g. ``"phones/P07/dmesg.txt"``, after checking its hash.

    The module's own cohort is checked against ``data/SHA256SUMS``; another
    folder against its own ``hashes.sha256``.
    """
    root = cohort_root()
    if root == DEFAULT_OUT:
        return verified_path(f"cohort/{name}")
    if not isinstance(name, str):
        raise DataFileError('Give the file\'s path inside the cohort folder in quotes, e.g. "phones.csv".')
    listed = read_manifest(root / HASH_LIST)
    if name not in listed:
        raise DataFileError(f"{name} is not listed in the cohort folder's {HASH_LIST}. Check the spelling.")
    path = root / name
    if not path.is_file() or sha256(path) != listed[name]:
        raise DataFileError(
            f"{name} in the cohort folder is missing or no longer matches its hash in {HASH_LIST}. "
            "Generate the folder again with: python -m unlocked.cohort --seed N --out FOLDER"
        )
    return path
