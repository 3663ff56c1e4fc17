"""Gather the discussion answers of a class's hand-ins into one CSV file.

    python -m unlocked.responses submissions/* --out responses.csv

A hand-in is the ``NN_name-responses.md`` file a notebook's last cell writes, or the
saved notebook (``.ipynb``) itself. A structured answer that ``discuss()`` did not
accept is marked ``no`` in the ``accepted`` column and not counted as answered. A
submission that is broken, empty or neither kind of file is named and skipped; the
others are still collected, and the summary counts both. The CSV is written
atomically, never over a notebook, and over an existing file only if it is an
earlier report of this collector (or with ``--force``). Bad arguments end with
one message and exit status 2.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from ..safety import cli_error, explain_os_error, atomic_write
from . import collect, counts_as_answered, read_hand_in

PROG = "python -m unlocked.responses"
FIELDS = ["file", "notebook", "id", "kind", "question", "answer", "accepted", "note"]
#: The first line of every report this collector writes: how it recognises its own files
#: (and of the reports it wrote before the ``accepted`` and ``note`` columns).
HEADER = ",".join(FIELDS)
OWN_HEADERS = (HEADER, ",".join(FIELDS[:-2]))
ACCEPTED = {True: "yes", False: "no", None: ""}

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading ``=``, ``+``, ``-`` or ``@`` gets a ``'`` in front."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def to_csv(rows: list[dict[str, str]]) -> str:
    """The report as CSV text, every cell neutralised for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: neutralise(str(row[key])) for key in FIELDS} for row in rows)
    return buffer.getvalue()


def _is_own_report(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.readline().rstrip("\r\n") in OWN_HEADERS
    except (OSError, UnicodeDecodeError):
        return False


def _note(item: dict) -> str:
    """What the grader should know that the answer column does not say."""
    if item.get("note"):
        return f"discuss() said: {item['note']}"
    if item.get("text_below"):
        return f"The answer cell is empty; the learner wrote this in a cell added under it: {item['text_below']}"
    return ""


def _why_unreadable(path: Path) -> str | None:
    """Why ``path`` is not a readable notebook, or ``None`` if it is one."""
    if not path.exists():
        return "no such file"
    if path.is_dir():
        return f"a folder; give the files in it, e.g. {path / '*'}"
    if path.suffix not in (".ipynb", ".md"):
        return "neither a notebook (.ipynb) nor a hand-in file (-responses.md)"
    try:
        if path.stat().st_size == 0:
            return "the file is empty"
    except OSError as error:
        return error.strerror or "cannot be read"
    return None


def main(argv: list[str] | None = None) -> int:
    """Collect the answers; return 0, or exit with status 2 and one message on bad arguments."""
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path,
                        help="the hand-ins: -responses.md files or saved notebooks (.ipynb)")
    parser.add_argument("--out", type=Path, default=Path("responses.csv"),
                        help="the CSV file to write (default responses.csv)")
    parser.add_argument("--force", action="store_true",
                        help="replace --out even if it is not an earlier report of this collector")
    args = parser.parse_args(argv)
    out: Path = args.out
    if out.suffix.lower() == ".ipynb":
        cli_error(f"--out {out} is a notebook name; the report is a CSV file, e.g. --out responses.csv", PROG)
    if out.is_dir():
        cli_error(f"--out {out} is a folder; name a file in it, e.g. --out {out / 'responses.csv'}", PROG)
    if out.exists() and not args.force and not _is_own_report(out):
        cli_error(f"{out} exists and is not a report of this collector, so it is not replaced; "
                  "choose another --out, or add --force to replace it", PROG)

    rows, read, skipped, answered = [], 0, [], 0
    for notebook in args.notebooks:
        reason = _why_unreadable(notebook)
        if reason is None:
            hand_in = notebook.suffix == ".md"
            try:
                items = read_hand_in(notebook) if hand_in else collect(notebook)
            except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
                reason = ("not a hand-in file written by export_responses" if hand_in
                          else "not a readable notebook (damaged or not saved completely)")
            except OSError as error:
                reason = error.strerror or "cannot be read"
        if reason is not None:
            skipped.append(notebook)
            print(f"Skipped {notebook}: {reason}.", file=sys.stderr)
            continue
        read += 1
        answered += sum(map(counts_as_answered, items))
        rows += [item | {"file": str(notebook), "accepted": ACCEPTED[item.get("accepted")], "note": _note(item)}
                 for item in items]
    if not read:
        cli_error(f"none of the {len(args.notebooks)} files given is a readable hand-in; nothing written", PROG)
    try:
        atomic_write(out, to_csv(rows))
    except OSError as error:
        cli_error(explain_os_error(error, f"write {out}"), PROG)
    refused = sum(row["accepted"] == "no" for row in rows)
    summary = f"Wrote {len(rows)} discussions ({answered} answered) from {read} hand-in{'s' if read != 1 else ''} to {out}"
    if refused:
        summary += (f"; {refused} structured {'answer' if refused == 1 else 'answers'} that discuss() did not "
                    f"accept {'is' if refused == 1 else 'are'} marked no in the accepted column")
    if skipped:
        summary += f"; skipped {len(skipped)} that could not be read (named above)"
    print(summary + ".")
    return 0
