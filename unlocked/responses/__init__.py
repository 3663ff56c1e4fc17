"""Collect a learner's discussion answers from a saved notebook into one file.

Open-discussion answers are written in Markdown cells tagged ``response``;
structured discussions are code cells tagged ``discussion``. ``export_responses``
gathers them, each under the question it answers, into a Markdown file the
learner can hand in. Instructors gather a class's hand-ins (those files, or the
submitted notebooks themselves) into one table from a terminal (see
:mod:`unlocked.responses.collector`)::

    python -m unlocked.responses submissions/* --out responses.csv

A structured answer that ``discuss()`` has not accepted (a reason of filler, say) is
handed in with that said beside it, and is not counted as answered.

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

from ..feedback import Feedback, preview_discuss
from ..safety import atomic_write, explain_os_error, next_free_name

PROMPT_PLACEHOLDER = "*Write your answer here.*"
#: The optional section of every notebook: discussions under it are counted apart.
OPTIONAL_SECTION = "Going further"
_SECTION = re.compile(r"^## +(.*)$", flags=re.MULTILINE)
#: What an unanswered discussion shows in the exported file.
NOT_ANSWERED = "*(not answered yet)*"
#: How the exported file marks a structured answer that discuss() has not accepted.
NOT_ACCEPTED = "*(Not accepted by discuss() yet:"
#: How the exported file shows text the learner wrote in a cell added under an empty answer cell.
TEXT_BELOW = "*(The answer cell is empty; a cell added under it says:)*"
#: Each discussion in the exported file carries its notebook, cell id and kind in a comment
#: that Markdown does not show, so the collector can read the file back.
_META = re.compile(r"^<!-- unlocked (\{.*\}) -->$", flags=re.MULTILINE)
_DISCUSSION = re.compile(r"^## Discussion \d+( \(optional, in [^)]*\))?[ \t]*$", flags=re.MULTILINE)


def _parts(tree: ast.Module) -> tuple[dict[str, ast.expr], ast.expr | None]:
    """What a structured-discussion cell assigns to ``choice`` and ``because`` (the last
    assignment counts, as it would when the cell runs), and the exercise id its
    ``discuss(...)`` call names."""
    values: dict[str, ast.expr] = {}
    exercise_id = None
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in ("choice", "because"):
                    values[target.id] = node.value
        elif (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
              and getattr(node.value.func, "id", None) == "discuss" and node.value.args):
            exercise_id = node.value.args[0]
    return values, exercise_id


def _structured_answer(code: str) -> tuple[str, bool | None, str]:
    """The learner's answer in a structured-discussion cell, as text ("" if not answered yet),
    whether ``discuss()`` accepts it, and if not, what it says.

    A choice still ``...`` means not answered. Acceptance is ``None`` where the cell alone
    cannot tell (a choice held in a variable, an exercise the module does not know, data it
    cannot read).
    """
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code.strip(), None, ""  # keep what the learner wrote; the instructor can read it
    values, exercise_id = _parts(tree)
    choice = values.get("choice")
    if choice is None or (isinstance(choice, ast.Constant) and choice.value is Ellipsis):
        return "", None, ""
    because = values.get("because")
    text = f"Choice: {_as_text(choice)}\nBecause: {_as_text(because) if because is not None else ''}"
    try:
        said = preview_discuss(ast.literal_eval(exercise_id), ast.literal_eval(choice),
                               ast.literal_eval(because) if because is not None else "")
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return text, None, ""
    if said.status in ("recorded", "correct"):
        return text, True, ""
    if said.status == "incorrect":
        return text, False, " ".join(said.message.split())
    return text, None, ""


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
    for number, cell in enumerate(cells):
        text = _source(cell)
        tags = cell.get("metadata", {}).get("tags", [])
        if "response" in tags or "discussion" in tags:
            structured = cell.get("cell_type") == "code"
            if structured:
                answer, accepted, note = _structured_answer(text)
            else:
                answer = "" if text.strip() == PROMPT_PLACEHOLDER else text.strip()
                accepted, note = None, ""
            found.append({
                "notebook": Path(notebook).name,
                "id": cell.get("id", ""),
                "kind": "structured" if structured else "open",
                "question": question,
                "answer": answer,
                "optional": optional,
                "accepted": accepted,
                "note": note,
                # An empty answer cell with text in a new cell under it: most likely the
                # answer, written in the wrong place (the hand-in reads only the answer cell).
                "text_below": "" if structured or answer else _text_below(cells[number + 1:]),
            })
        elif cell.get("cell_type") == "markdown":
            question = _prompt(text)
            sections = _SECTION.findall(text)
            if sections:
                optional = sections[-1].strip().startswith(OPTIONAL_SECTION)
    return found


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def _text_below(following: list[dict]) -> str:
    """Learner text in Markdown cells under an answer cell, before the next heading ("" if none).

    In the shipped notebooks an answer cell is always followed by a heading (a test keeps
    it so), so untagged prose there was added by the learner."""
    found = []
    for cell in following:
        text = _source(cell).strip()
        if cell.get("cell_type") != "markdown" or text.startswith("#") or cell.get("metadata", {}).get("tags"):
            break
        if text:
            found.append(text)
    return "\n\n".join(found)


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
        if item.get("accepted") is False:
            answer += f"\n\n{NOT_ACCEPTED} {item['note']})*"
        if item.get("text_below"):
            answer += f"\n\n{TEXT_BELOW}\n\n{quote_block(item['text_below'])}"
        label = f" (optional, in {OPTIONAL_SECTION})" if item.get("optional") else ""
        meta = json.dumps({"notebook": notebook.name, "id": item["id"], "kind": item["kind"]})
        meta = meta.replace("<", "\\u003c").replace(">", "\\u003e")  # "-->" cannot end it early
        parts.append(f"## Discussion {number}{label}\n<!-- unlocked {meta} -->\n\n{item['question']}\n\n"
                     f"**Answer:**\n\n{answer}\n")
    return "\n".join(parts)


def read_hand_in(path: Path) -> list[dict[str, Any]]:
    """The discussions of an exported ``*-responses.md`` file, as :func:`collect` gives them.

    Raises ``ValueError`` if the file holds no discussion of this module's hand-in format.
    """
    text = Path(path).read_text(encoding="utf-8").replace("\r\n", "\n")
    headings = list(_DISCUSSION.finditer(text))
    if not headings:
        raise ValueError("no discussions")
    default = re.sub(r"-responses(-\d+)?$", "", Path(path).stem) + ".ipynb"
    found = []
    for here, after in zip(headings, headings[1:] + [None]):
        body = text[here.end():after.start() if after else len(text)]
        meta_match = _META.search(body)
        meta = json.loads(meta_match[1]) if meta_match else {}
        if meta_match:
            body = body[:meta_match.start()] + body[meta_match.end():]
        question, marker, answer_part = body.rpartition("\n**Answer:**\n")
        if not marker:
            raise ValueError("a discussion without its answer")
        answer, rest = _unquote(answer_part)
        if not answer:
            rest = rest.removeprefix(NOT_ANSWERED).strip()
        below = ""
        if rest.startswith(TEXT_BELOW):
            below, rest = _unquote(rest[len(TEXT_BELOW):])
        note = rest[len(NOT_ACCEPTED):].strip().removesuffix(")*").strip() if rest.startswith(NOT_ACCEPTED) else ""
        kind = meta.get("kind") or ("structured" if answer.startswith("Choice: ") else "open")
        found.append({
            "notebook": meta.get("notebook") or default,
            "id": meta.get("id", ""),
            "kind": kind,
            "question": question.strip(),
            "answer": answer,
            "optional": bool(here[1]),
            "accepted": False if note else (None if kind == "open" or not answer else True),
            "note": note,
            "text_below": below,
        })
    return found


def _unquote(text: str) -> tuple[str, str]:
    """Undo :func:`quote_block` on the block quote that opens ``text``; return it and the rest."""
    lines = text.strip("\n").split("\n")
    quoted = []
    for line in lines:
        if not line.startswith(">"):
            break
        quoted.append(line[2:] if line.startswith("> ") else line[1:])
    return "\n".join(quoted).strip(), "\n".join(lines[len(quoted):]).strip()


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
    answered = sum(counts_as_answered(item) for item in items)
    if not items:
        return Feedback("unanswered", f"{path.name} has no discussion cells, so there is nothing to hand in.",
                        "Check that you named this notebook's own file.")
    if not answered:
        # Writing an empty file would hand in nothing, and could push a real earlier hand-in aside.
        return Feedback(
            "unanswered",
            f"There is nothing to hand in yet: none of the {len(items)} discussions in {path.name} "
            "has a saved answer, so no file was written." + _attention(items),
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
    attention = _attention(items, written=True)
    return Feedback(
        "saved_check" if attention else "saved",
        f"{_answers(answered)} written to {target.name} ({_still_empty(items)})."
        f"{attention}{kept_note} Only what was saved to disk is included: press Ctrl+S "
        "(Cmd+S) first if you changed anything since.",
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


def counts_as_answered(item: dict[str, Any]) -> bool:
    """An answer counts when there is one and discuss() did not turn it away."""
    return bool(item["answer"]) and item.get("accepted") is not False


def _attention(items: list[dict[str, Any]], written: bool = False) -> str:
    """Sentences naming the discussions whose answer will not count as the learner expects."""
    refused = [_title(item) for item in items if item.get("accepted") is False]
    below = [_title(item) for item in items if item.get("text_below")]
    said = ""
    if refused:
        said += (f" {_listed(refused)}: discuss() has not accepted your answer yet, so it does not "
                 f"count as answered{' (the file says so)' if written else ''}; run that cell again "
                 "and follow its feedback.")
    if below:
        said += (f" {_listed(below)}: the answer cell is empty, but there is text in a cell you "
                 "added under it. Only the cell that said \"Write your answer here\" is handed in: "
                 "move your answer into it.")
    return said


def _title(item: dict[str, Any]) -> str:
    """A discussion as the learner sees it in the notebook: its heading, in quotes."""
    first = item["question"].strip().split("\n", 1)[0].lstrip("#").strip() or "A discussion"
    shown = first if len(first) <= 70 else first[:69] + "\u2026"
    return f"\u201c{shown}\u201d"


def _listed(titles: list[str]) -> str:
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def _still_empty(items: list[dict[str, Any]]) -> str:
    """How many discussions still need an answer (empty, or not accepted by discuss()), the optional
    ones (in Going further) counted apart."""
    core = sum(not counts_as_answered(item) for item in items if not item.get("optional"))
    optional = sum(not counts_as_answered(item) for item in items if item.get("optional"))
    if not optional:
        return f"{core} still to answer"
    extra = f"{optional} optional {'one' if optional == 1 else 'ones'}, in {OPTIONAL_SECTION}"
    if not core:
        return f"every core discussion answered; {extra}, still to answer"
    return f"{core} still to answer, plus {extra}"


def _answers(n: int) -> str:
    return "1 answer" if n == 1 else f"{n} answers"


def main(argv: list[str] | None = None) -> int:
    """The collector's command line (kept here so ``from unlocked.responses import main`` works)."""
    from .collector import main as collector_main

    return collector_main(argv)
