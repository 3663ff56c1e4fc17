"""Writing SQLite files that are byte-for-byte the same every time.

A SQLite file is deterministic if the same statements run in the same order
with the same settings. The settings that matter are pinned here:

* ``page_size = 4096`` and ``auto_vacuum = NONE`` before the first table, as on
  phones, so free pages stay in the file instead of being handed back;
* ``journal_mode = DELETE``: the rollback journal is removed at each commit, so
  no ``-wal``/``-shm``/``-journal`` file is left beside the database;
* ``secure_delete = OFF``: deleting a row marks its space free but leaves the
  bytes in place — which is exactly why forensic tools can recover deleted
  messages, and why some builds switch it on.

Two header fields would still differ between machines: bytes 96–99 record the
version of the SQLite library that last wrote the file, and bytes 92–95 the
change counter at that moment. :func:`normalise_header` pins both, so a
fresh generation on another computer matches the committed files.

The database is built under a temporary name and moved into place at the end,
so a half-written file never carries the real name.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

#: What we write into the header's "SQLite version" field (3.40.1), whatever library ran.
PINNED_SQLITE_VERSION = 3_040_001
PAGE_SIZE = 4096


@contextmanager
def building(path: Path) -> Iterator[sqlite3.Connection]:
    """Open a new database under a temporary name; on success, fix its header and move it to ``path``.

    The connection is in autocommit mode: callers group their writes with
    ``BEGIN``/``COMMIT`` (see :func:`insert`), so the number of transactions —
    which the header counts — is decided by our code, not by a driver default.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    for leftover in (tmp, Path(str(tmp) + "-journal")):
        if leftover.exists():
            leftover.unlink()
    con = sqlite3.connect(tmp, isolation_level=None)
    try:
        con.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        con.execute("PRAGMA auto_vacuum = NONE")
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute("PRAGMA secure_delete = OFF")
        con.execute("PRAGMA encoding = 'UTF-8'")
        yield con
    finally:
        con.close()
    normalise_header(tmp)
    os.replace(tmp, path)


def create(con: sqlite3.Connection, statements: Iterable[str]) -> None:
    """Run schema statements (``CREATE TABLE …``) in one transaction."""
    con.execute("BEGIN")
    for statement in statements:
        con.execute(statement)
    con.execute("COMMIT")


def insert(con: sqlite3.Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Insert rows into ``table`` in one transaction, in the order given."""
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    con.execute("BEGIN")
    con.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))
    con.execute("COMMIT")


def normalise_header(path: Path) -> None:
    """Pin the two header fields that depend on the SQLite library, not on the data."""
    with open(path, "r+b") as f:
        header = bytearray(f.read(100))
        change_counter = header[24:28]
        header[92:96] = change_counter  # "version-valid-for": the counter when the version was stored
        header[96:100] = struct.pack(">I", PINNED_SQLITE_VERSION)
        f.seek(0)
        f.write(header)
