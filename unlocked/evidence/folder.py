"""Which evidence folder the lesson reads, and its files after a hash check.

By default the module's own ``data/evidence``; an instructor can point every
notebook and check at a student's own variant instead, from a terminal in the
module's folder::

    .venv/bin/python -m unlocked.evidence --seed 7 --out ~/evidence-7
    UNLOCKED_EVIDENCE_DIR=~/evidence-7 make lab

A relative folder name is read from the module's folder (where ``make lab``
runs), not from the notebook's folder, where Jupyter runs the kernel.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import paths
from ..data import read_manifest, sha256, verified_path
from ..errors import DataFileError, data_file_loaded
from .generator import DEFAULT_OUT
from .report import HASH_LIST


#: Set this to a folder made by ``python -m unlocked.evidence --out DIR`` to use it instead.
ENV_VAR = "UNLOCKED_EVIDENCE_DIR"


def evidence_root() -> Path:
    """The evidence folder the notebook and its checks use.

    ``data/evidence`` unless the environment variable ``UNLOCKED_EVIDENCE_DIR``
    names another folder made by ``python -m unlocked.evidence --out DIR``
    (a relative name is read from the module's folder: the kernel runs in the
    notebook's folder, but the instructor typed the name in the module's folder).
    """
    chosen = os.environ.get(ENV_VAR, "").strip()
    if not chosen:
        return DEFAULT_OUT
    # paths.ROOT, not the working directory: the kernel's working directory is notebooks/.
    root = (paths.ROOT / Path(chosen).expanduser()).resolve()
    if not (root / HASH_LIST).is_file():
        raise DataFileError(
            f"{ENV_VAR} is set to {chosen!r} (the folder {root}), but that folder holds no "
            f"{HASH_LIST}, so it is not an evidence folder. Make one with:\n"
            "    python -m unlocked.evidence --seed N --out FOLDER\n"
            f"or unset {ENV_VAR} to use the module's own data/evidence.",
            file=ENV_VAR,
        )
    return root


def evidence_file(name: str) -> Path:
    """The path of one file of the evidence, after checking it against a hash list.

    ``name`` is the file's path inside the evidence folder, e.g.
    ``"report.json"``. The module's own evidence is checked against
    ``data/SHA256SUMS``; another folder against its own ``hashes.sha256``.
    """
    root = evidence_root()
    if root == DEFAULT_OUT:
        return verified_path(f"evidence/{name}")
    path = root / name
    if name == HASH_LIST:
        return path
    listed = read_manifest(root / HASH_LIST)
    if name not in listed:
        raise DataFileError(f"{name} is not listed in the evidence folder's {HASH_LIST}.", file=name)
    if not path.is_file() or sha256(path) != listed[name]:
        raise DataFileError(
            f"{name} in the evidence folder is missing or no longer matches its hash in {HASH_LIST}. "
            "Generate the folder again with: python -m unlocked.evidence --seed N --out FOLDER",
            file=name,
        )
    data_file_loaded(name)
    return path
