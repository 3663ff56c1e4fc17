"""Collect a learner's discussion answers from a saved notebook into one file.

Open-discussion answers are written in Markdown cells tagged ``response``;
structured discussions are code cells tagged ``discussion``. ``export_responses``
gathers them, each under the question it answers, into a Markdown file the
learner can hand in. Instructors can run the same on a folder of submitted
notebooks from a terminal::

    python -m unlocked.responses submissions/*.ipynb --out responses.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import os
from pathlib import Path
from typing import Any

from .feedback import Feedback

PROMPT_PLACEHOLDER = "*Write your answer here.*"


def collect(notebook: Path) -> list[dict[str, str]]:
    """Every discussion in a notebook: its id, question, and the learner's answer."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    found, question = [], ""
    for cell in cells:
        text = "".join(cell.get("source", ""))
        tags = cell.get("metadata", {}).get("tags", [])
        if "response" in tags or "discussion" in tags:
            answer = "" if text.strip() == PROMPT_PLACEHOLDER else text.strip()
            found.append({
                "notebook": Path(notebook).name,
                "id": cell.get("id", ""),
                "kind": "structured" if cell.get("cell_type") == "code" else "open",
                "question": question,
                "answer": answer,
            })
        elif cell.get("cell_type") == "markdown":
            question = text.strip()
    return found


def _as_markdown(notebook: Path, items: list[dict[str, str]]) -> str:
    parts = [f"# My answers: {notebook.stem}\n"]
    for number, item in enumerate(items, start=1):
        answer = item["answer"] or "*(not answered)*"
        if item["kind"] == "structured":
            answer = f"```python\n{answer}\n```"
        parts.append(f"## Discussion {number}\n\n{item['question']}\n\n**Answer:**\n\n{answer}\n")
    return "\n".join(parts)


def export_responses(notebook: Any) -> Feedback:
    """Write your discussion answers from ``notebook`` (save it first!) to a Markdown file.

    The file appears next to the notebook, named ``<notebook>-responses.md``
    (or in the folder named by the UNLOCKED_RESPONSES_DIR environment variable).
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
    except (ValueError, KeyError, OSError):
        return Feedback("problem", f"{path.name} could not be read as a notebook.",
                        "Save it again (Ctrl+S / Cmd+S) and retry.")
    folder = Path(os.environ.get("UNLOCKED_RESPONSES_DIR", path.parent))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{path.stem}-responses.md"
    target.write_text(_as_markdown(path, items), encoding="utf-8")
    empty = sum(not item["answer"] for item in items)
    return Feedback(
        "saved",
        f"{_answers(len(items))} written to {target.name} ({empty} still empty). "
        "Only what was saved "
        "to disk is included: press Ctrl+S (Cmd+S) first if you changed anything since.",
    )


def _answers(n: int) -> str:
    return "1 answer" if n == 1 else f"{n} answers"



def main(argv: list[str] | None = None) -> None:
    """Gather the discussion answers of many notebooks into one CSV file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("responses.csv"))
    args = parser.parse_args(argv)
    rows = [item | {"file": str(nb)} for nb in args.notebooks for item in collect(nb)]
    with open(args.out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "notebook", "id", "kind", "question", "answer"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"Wrote {len(rows)} answers from {len(args.notebooks)} notebooks to {args.out}")


if __name__ == "__main__":
    main()
