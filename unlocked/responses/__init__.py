"""Collect a learner's discussion answers from a saved notebook into one file.

Open-discussion answers are written in Markdown cells tagged ``response``;
structured discussions are code cells tagged ``discussion``. ``export_responses``
gathers them, each under the question it answers, into a Markdown file the
learner can hand in. Instructors can run the same on a folder of submitted
notebooks from a terminal (see :mod:`unlocked.responses.collector`)::

    python -m unlocked.responses submissions/*.ipynb --out responses.csv

Nothing is lost on the way: the file is written atomically (a full disk leaves
the earlier file as it was), and an earlier hand-in is kept under a numbered
name instead of being replaced.
"""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path
from typing import Any

from ..feedback import Feedback
from ..safety import atomic_write, explain_os_error, next_free_name

PROMPT_PLACEHOLDER = "*Write your answer here.*"
#: The optional section of every notebook: discussions under it are counted apart.
OPTIONAL_SECTION = "Going further"
_SECTION = re.compile(r"^## +(.*)$", flags=re.MULTILINE)
#: What an unanswered discussion shows in the exported file.
NOT_ANSWERED = "*(not answered yet)*"


def _structured_answer(code: str) -> str:
    """The learner's answer in a structured-discussion cell, as text; "" if not answered yet.

    The cell assigns ``choice`` (and ``because``); the last assignment counts, as
    it would when the cell runs. A choice still ``...`` means not answered.
    """
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code.strip()  # keep what the learner wrote; the instructor can read it
    values: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in ("choice", "because"):
                    values[target.id] = node.value
    choice = values.get("choice")
    if choice is None or (isinstance(choice, ast.Constant) and choice.value is Ellipsis):
        return ""
    because = values.get("because")
    return f"Choice: {_as_text(choice)}\nBecause: {_as_text(because) if because is not None else ''}"


def _as_text(node: ast.expr) -> str:
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return ast.unparse(node)  # e.g. a variable name: show the code as written
    return value if isinstance(value, str) else repr(value)


def collect(notebook: Path) -> list[dict[str, Any]]:
    """Every discussion in a notebook: its id, question, and the learner's answer ("" if none yet).

    ``optional`` is True for a discussion under the ``## Going further`` heading
    (up to the next ``##`` heading): the core path does not ask for it.
    """
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    found, question, optional = [], "", False
    for cell in cells:
        source = cell.get("source", "")
        text = source if isinstance(source, str) else "".join(source)
        tags = cell.get("metadata", {}).get("tags", [])
        if "response" in tags or "discussion" in tags:
            structured = cell.get("cell_type") == "code"
            if structured:
                answer = _structured_answer(text)
            else:
                answer = "" if text.strip() == PROMPT_PLACEHOLDER else text.strip()
            found.append({
                "notebook": Path(notebook).name,
                "id": cell.get("id", ""),
                "kind": "structured" if structured else "open",
                "question": question,
                "answer": answer,
                "optional": optional,
            })
        elif cell.get("cell_type") == "markdown":
            question = _prompt(text)
            sections = _SECTION.findall(text)
            if sections:
                optional = sections[-1].strip().startswith(OPTIONAL_SECTION)
    return found


def _prompt(text: str) -> str:
    """A discussion's own prompt: its cell from the last heading on.

    A section often opens with prose and ends with "### Open discussion: ...";
    the hand-in needs the question, not the whole section.
    """
    headings = [m.start() for m in re.finditer(r"^#{1,6} ", text, flags=re.MULTILINE)]
    return text[headings[-1]:].strip() if headings else text.strip()


def quote_block(text: str) -> str:
    """``text`` as a Markdown block quote: every line starts with ``>``.

    Whatever the answer contains (a heading, a code fence, an HTML comment), it
    ends where the quote ends and cannot change the rest of the file.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)


def _as_markdown(notebook: Path, items: list[dict[str, Any]]) -> str:
    title = re.sub(r"[\\`*_#\[\]<>]", lambda m: "\\" + m.group(), notebook.stem)
    parts = [f"# My answers: {title}\n"]
    for number, item in enumerate(items, start=1):
        answer = quote_block(item["answer"]) if item["answer"] else NOT_ANSWERED
        label = f" (optional, in {OPTIONAL_SECTION})" if item.get("optional") else ""
        parts.append(f"## Discussion {number}{label}\n\n{item['question']}\n\n**Answer:**\n\n{answer}\n")
    return "\n".join(parts)


def export_responses(notebook: Any) -> Feedback:
    """Write your discussion answers from ``notebook`` (save it first!) to a Markdown file.

    The file appears next to the notebook, named ``<notebook>-responses.md``
    (or in the folder named by the UNLOCKED_RESPONSES_DIR environment variable).
    If that file exists already, it is kept as ``<notebook>-responses-1.md``
    (then -2, -3, ...), never overwritten.
    """
    if not isinstance(notebook, (str, os.PathLike)) or not str(notebook).endswith(".ipynb"):
        return Feedback(
            "problem",
            "Give the notebook's file name, in quotes, ending in .ipynb.",
            'For example: export_responses("00_start_here.ipynb")',
        )
    path = Path(notebook)
    if not path.is_file():
        return Feedback(
            "problem",
            f"There is no notebook called {path.name} in this folder.",
            "Check the name in the file browser on the left; it must match exactly.",
        )
    try:
        items = collect(path)
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        return Feedback("problem", f"{path.name} could not be read as a notebook.",
                        "Save it again (Ctrl+S / Cmd+S) and retry.")
    answered = sum(bool(item["answer"]) for item in items)
    if not items:
        return Feedback("unanswered", f"{path.name} has no discussion cells, so there is nothing to hand in.",
                        "Check that you named this notebook's own file.")
    if not answered:
        # Writing an empty file would hand in nothing, and could push a real earlier hand-in aside.
        return Feedback(
            "unanswered",
            f"There is nothing to hand in yet: none of the {len(items)} discussions in {path.name} "
            "has a saved answer, so no file was written.",
            _other_notebook_note(path) or
            "Write your answers, save the notebook (Ctrl+S / Cmd+S), then run this cell again.",
        )
    folder = Path(os.environ.get("UNLOCKED_RESPONSES_DIR", path.parent))
    target = folder / f"{path.stem}-responses.md"
    text = _as_markdown(path, items)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        kept = _keep_earlier(target, text)
        atomic_write(target, text)
    except OSError as error:
        return Feedback("problem", explain_os_error(error, f"save {target.name}"),
                        "Your earlier file, if any, is unchanged.")
    kept_note = f" The earlier file is kept as {kept.name}." if kept else ""
    return Feedback(
        "saved",
        f"{_answers(answered)} written to {target.name} ({_still_empty(items)})."
        f"{kept_note} Only what was saved to disk is included: press Ctrl+S (Cmd+S) first if "
        "you changed anything since.",
        _other_notebook_note(path),
    )


def _other_notebook_note(exported: Path) -> str:
    """A hint when the learner works in a renamed copy (say "03_dual_use-Copy1.ipynb")
    but the cell still names the original, whose answers are not theirs."""
    # Jupyter Server tells the kernel which notebook it was started for.
    open_as = os.environ.get("JPY_SESSION_NAME", "")
    if not open_as.endswith(".ipynb") or Path(open_as).name == exported.name:
        return ""
    return (f"This notebook is open as {Path(open_as).name}. If you wrote your answers there, run "
            f'export_responses("{Path(open_as).name}") instead.')


def _keep_earlier(target: Path, text: str) -> Path | None:
    """Copy an earlier, different ``target`` to the next free ``<stem>-<k>.md``; return that path."""
    if not target.is_file():
        return None
    earlier = target.read_bytes()
    if earlier == text.encode("utf-8"):
        return None  # the same answers again: nothing would be lost
    backup = next_free_name(target, f"{target.stem}-{{}}{target.suffix}")
    atomic_write(backup, earlier)
    return backup


def _still_empty(items: list[dict[str, Any]]) -> str:
    """How many discussions are still empty, the optional ones (in Going further) counted apart."""
    core = sum(not item["answer"] for item in items if not item.get("optional"))
    optional = sum(not item["answer"] for item in items if item.get("optional"))
    if not optional:
        return f"{core} still empty"
    extra = f"{optional} optional {'one' if optional == 1 else 'ones'}, in {OPTIONAL_SECTION}"
    if not core:
        return f"every core discussion answered; {extra}, still empty"
    return f"{core} still empty, plus {extra}"


def _answers(n: int) -> str:
    return "1 answer" if n == 1 else f"{n} answers"


def main(argv: list[str] | None = None) -> int:
    """The collector's command line (kept here so ``from unlocked.responses import main`` works)."""
    from .collector import main as collector_main

    return collector_main(argv)
