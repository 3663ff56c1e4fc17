"""A safety net: scan files for anything that could be real personal data.

The generator only uses reserved, fictional identifiers. This module checks
that promise on every file, so a slip (a real-looking number in a template, a
real domain in a URL) fails the tests instead of reaching learners.

What counts as a problem:

* a phone-number-like string outside the ranges reserved for drama:
  UK +44 7700 900000–900999 (national 07700 900000–900999) and North American
  NPA-555-0100…0199;
* an e-mail address whose domain is not ``example.org``, ``example.com`` or ``example.net``;
* a web address (``scheme://host``) or a bare domain name outside the reserved
  names (``*.example``, ``*.test``, ``*.invalid``, ``*.localhost``, and
  ``example.org/.com/.net`` with their subdomains);
* a name from the real case (:data:`REAL_NAMES`).

SQLite files are checked twice. Every text value in every table is read with
SQL and checked strictly. Then the raw bytes are checked too, because deleted
rows and stale fragments live outside the tables — but in raw bytes text
columns sit back to back, and half-overwritten fragments abound, so that pass
tolerates what gluing produces (a reserved number cut short or followed by
the next column's digits, a reserved e-mail domain running into the next word,
truncated host names, package names that look like domains).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

#: Real people and organisations of the case the module teaches; none may appear in the fiction.
REAL_NAMES: tuple[str, ...] = (
    "Milanov", "Ristić", "Ristic", "Veljković", "Veljkovic", "Vučić", "Vucic",
    "Cellebrite", "NoviSpy", "Amnesty", "UFED", "GrayKey", "Grayshift", "Pegasus", "NSO Group",
    "Serbia", "Srbija", "Belgrade", "Beograd",
)

RESERVED_EMAIL_DOMAINS = ("example.org", "example.com", "example.net")
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
# Top-level domains in common use; a host ending in one of these is a real-world name.
_TLDS = ("com", "org", "net", "info", "io", "biz", "co", "uk", "eu", "rs", "de", "fr", "gov", "edu",
         "me", "tv", "news", "app", "dev", "ai")

# A candidate must not be glued on its left to letters, digits, '_', '.', '-', '/', ':' or '+'
# (it would be part of a hash, a UUID, a date, a decimal or a path) ...
_LEFT = r"(?<![\w.\-/:+])"
# ... nor, in clean text, on its right.
_RIGHT = r"(?![\w.\-/:])"
_PHONE_SHAPES = (
    r"(?<![\w+])\+\d[\d ()\-]{5,18}\d",            # international: +44 7700 900123, +1-202-555-0142
    _LEFT + r"\(?\d{3}\)?[ .\-]\d{3}[ .\-]\d{4}",   # North American: 202-555-0142, (202) 555-0142
    _LEFT + r"0\d{4} ?\d{6}",                       # UK national: 07700 900123
    _LEFT + r"\d{7,12}",                            # a bare run of digits
)
_PHONES_STRICT = tuple(re.compile(p + ("" if i == 0 else _RIGHT)) for i, p in enumerate(_PHONE_SHAPES))
# In raw bytes the right side may be glued to the next column, but a following '-', '.', ':'
# or '/' still means a UUID, a date or a path rather than a phone number.
# A bare run must stay unglued on the right even there: glued to letters it is part of a
# hash or an identifier (a UUID group such as "8834257C").
_PHONES_RAW = tuple(re.compile(p + ("", r"(?![\-.:/])", r"(?![\-.:/])", _RIGHT)[i])
                    for i, p in enumerate(_PHONE_SHAPES))
# Digit templates of the reserved ranges ("N": any digit), international and national.
_TEMPLATES_INTL = ("447700900NNN", "1NNN55501NN")
_TEMPLATES_NATIONAL = ("07700900NNN", "NNN55501NN", "1NNN55501NN", "55501NN")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)")
_URL_HOST = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.\-]*://([A-Za-z0-9.\-]+)")
_DOMAIN = re.compile(r"(?<![\w.@\-/])((?:[A-Za-z0-9\-]+\.)+(?:" + "|".join(_TLDS) + r"))(?![\w.\-])")


def is_reserved_number(text: str) -> bool:
    """Whether a phone-number-like string is in a range reserved for fiction.

    >>> is_reserved_number("+44 7700 900123"), is_reserved_number("+1-202-555-0142")
    (True, True)
    >>> is_reserved_number("+44 7911 123456")
    False
    """
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.lstrip().startswith("+"):
        if digits.startswith("44"):
            return len(digits) == 12 and digits.startswith("447700900")
        if digits.startswith("1"):  # +1 NPA 555 01XX
            return len(digits) == 11 and digits[4:7] == "555" and digits[7:9] == "01"
        return False
    if len(digits) == 11 and digits.startswith("0"):
        return digits.startswith("07700900")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return digits[3:6] == "555" and digits[6:8] == "01"
    if len(digits) == 7:
        return digits[:3] == "555" and digits[3:5] == "01"
    return False


def _fits(digits: str, template: str) -> bool:
    return all(t == "N" or t == d for d, t in zip(digits, template))


def _reserved_fragment(text: str) -> bool:
    """In raw bytes: a reserved number cut short (a stale fragment) or running into other digits."""
    digits = "".join(ch for ch in text if ch.isdigit())
    templates = _TEMPLATES_INTL if text.lstrip().startswith("+") else _TEMPLATES_NATIONAL
    return any(_fits(digits, t) for t in templates)


def is_reserved_host(host: str) -> bool:
    """Whether a host name is reserved for examples and documentation (RFC 2606 / 6761)."""
    host = host.lower().rstrip(".")
    if host.endswith(RESERVED_SUFFIXES) or host in {"example", "test", "invalid", "localhost"}:
        return True
    return any(host == d or host.endswith("." + d) for d in RESERVED_EMAIL_DOMAINS)


def _real_world_host(host: str) -> bool:
    return host.lower().rsplit(".", 1)[-1] in _TLDS and "." in host


def scan_text(text: str, *, raw: bool = False) -> list[str]:
    """Every problem found in a text, as short messages; empty if it is clean.

    ``raw=True`` applies the tolerances for bytes read straight from a database
    file (see the module's description).
    """
    problems: list[str] = []
    covered: list[tuple[int, int]] = []
    for pattern in (_PHONES_RAW if raw else _PHONES_STRICT):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in covered):
                continue  # already judged as part of a longer number
            covered.append((start, end))
            found = match.group(0)
            if not (is_reserved_number(found) or (raw and _reserved_fragment(found))):
                problems.append(f"phone-like {found!r}")
    for match in _EMAIL.finditer(text):
        domain = match.group(1).lower()
        if raw:
            bad = not domain.startswith(RESERVED_EMAIL_DOMAINS) and _real_world_host(domain)
        else:
            bad = domain not in RESERVED_EMAIL_DOMAINS
        if bad:
            problems.append(f"e-mail {match.group(0)!r}")
    for match in _URL_HOST.finditer(text):
        host = match.group(1)
        if host and not is_reserved_host(host) and (not raw or _real_world_host(host)):
            problems.append(f"web address {match.group(0)!r}")
    for match in _DOMAIN.finditer(text):
        host = match.group(1)
        # In raw bytes, stale fragments of package names ("…com.android.me…") look like
        # domains; there only names that start with "www." count.
        if not is_reserved_host(host) and (not raw or host.lower().startswith("www.")):
            problems.append(f"domain {host!r}")
    lowered = text.casefold()
    for name in REAL_NAMES:
        if name.casefold() in lowered:
            problems.append(f"real name {name!r}")
    return problems


def scan_bytes(data: bytes) -> list[str]:
    """Scan raw bytes (a database file, say) with the raw-byte tolerances."""
    return scan_text(data.decode("utf-8", errors="replace"), raw=True)


def is_sqlite(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(16) == b"SQLite format 3\x00"


def scan_sqlite(path: Path) -> list[str]:
    """Strict check of every text value in every table of a SQLite file."""
    problems: list[str] = []
    con = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, str):
                        problems += [f"{table}: {p}" for p in scan_text(value)]
            schema = con.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
            problems += scan_text(schema or "")
    finally:
        con.close()
    return problems


def scan_file(path: Path) -> list[str]:
    """All problems in one file: SQLite files cell by cell and byte by byte, others as text."""
    data = Path(path).read_bytes()
    if data.startswith(b"SQLite format 3\x00"):
        return scan_sqlite(path) + scan_bytes(data)
    return scan_text(data.decode("utf-8", errors="replace"))


def scan_tree(root: Path) -> dict[str, list[str]]:
    """Problems per file under ``root`` (paths relative to it); only files with problems appear."""
    found = {}
    for path in sorted(p for p in Path(root).rglob("*") if p.is_file()):
        problems = scan_file(path)
        if problems:
            found[path.relative_to(root).as_posix()] = problems
    return found
