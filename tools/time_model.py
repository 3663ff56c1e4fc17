"""How long a first-time learner needs for a notebook's core path: the module's time model.

    python -m tools.time_model            # every learner notebook: stated time and estimate
    python -m tools.time_model 02         # only notebooks whose names start so

The estimate adds up what a learner meets on the **core path**: every cell of the
learner version except the optional ``## Going further`` section (and the sources
list at the end, which nobody reads through). Each kind of content has an allowance;
CONTRIBUTING.md ("The time model") says where the numbers come from. The model was
first calibrated on cold trials of notebooks 01 and 02 (measured 75–95 and 100–130
minutes), then recalibrated on cold trials of 01, 03 and 04 in December 2026, where the
exercises took longer than first allowed (about 70–75 minutes where the first model
said 59).

A test holds every notebook's stated **Time** at or above this estimate, and at or above
the latest cold trial recorded in tools/cold_trials.csv (a helper or colleague who has never
seen the notebook works through it as a learner and reports the minutes it took).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from unlocked.paths import ROOT

LEARNER = ROOT / "notebooks"
COLD_TRIALS = Path(__file__).with_name("cold_trials.csv")

#: Minutes per unit. Prose is read carefully (a cold learner, English perhaps not
#: their first language, new terms); printed output is skimmed; code is read, run
#: and its result looked at; exercises include a second attempt after feedback.
ALLOWANCE = {
    "prose_words_per_minute": 170,
    "output_words_per_minute": 400,
    "per_code_cell": 0.4,
    "per_code_line": 0.1,
    "per_check": 5.0,
    "per_structured_discussion": 4.5,
    "per_open_discussion": 6.0,
    "per_figure": 1.5,
}

GOING_FURTHER = "Going further"
_WORD = re.compile(r"\S+")
_HEADING2 = re.compile(r"^## (.+)$", re.M)


@dataclass(frozen=True)
class Estimate:
    """Minutes per kind of content on a notebook's core path, and their total."""

    notebook: str
    parts: dict[str, float]

    @property
    def minutes(self) -> float:
        return sum(self.parts.values())


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def core_cells(cells: list[dict]) -> list[dict]:
    """The cells on the core path: all but the Going further section and the sources list."""
    kept, skipping = [], False
    for cell in cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "markdown":
            heading = _HEADING2.search(_text(cell))
            if heading:
                skipping = heading[1].strip().startswith(GOING_FURTHER)
        if not skipping and "sources" not in tags:
            kept.append(cell)
    return kept


def _output_words(cell: dict) -> int:
    words = 0
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        text = output.get("text") or data.get("text/markdown") or data.get("text/plain") or ""
        words += len(_WORD.findall("".join(text) if isinstance(text, list) else text))
    return words


def estimate_cells(name: str, cells: list[dict]) -> Estimate:
    """The time model applied to a list of notebook cells (nbformat 4 dicts)."""
    a = ALLOWANCE
    prose = output = code_cells = code_lines = checks = structured = open_ = figures = 0
    for cell in core_cells(cells):
        text, tags = _text(cell), cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "markdown":
            if "response" in tags:
                open_ += 1
            else:
                prose += len(_WORD.findall(text))
        elif cell["cell_type"] == "code":
            code_cells += 1
            code_lines += sum(1 for line in text.split("\n")
                              if line.strip() and not line.strip().startswith("#"))
            checks += len(re.findall(r"\bcheck\(", text))
            structured += len(re.findall(r"\bdiscuss\(", text))
            figures += len(re.findall(r"\bshow_figure\(", text))
            output += _output_words(cell)
    return Estimate(name, {
        "reading": prose / a["prose_words_per_minute"],
        "outputs": output / a["output_words_per_minute"],
        "code": code_cells * a["per_code_cell"] + code_lines * a["per_code_line"],
        "checks": checks * a["per_check"],
        "structured discussions": structured * a["per_structured_discussion"],
        "open discussions": open_ * a["per_open_discussion"],
        "figures": figures * a["per_figure"],
    })


def estimate(path: Path) -> Estimate:
    """The core-path estimate for one built learner notebook."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return estimate_cells(Path(path).stem, nb["cells"])


def stated_minutes(path: Path) -> int | None:
    """The time a notebook states in its "Before you start" section."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        found = re.search(r"\*\*Time:\*\* about (\d+) minutes", _text(cell))
        if found:
            return int(found[1])
    return None


def cold_trial(path: Path) -> dict[str, str] | None:
    """The latest recorded cold trial of a notebook (by date, then file order), or None."""
    with COLD_TRIALS.open(encoding="utf-8", newline="") as file:
        trials = [row for row in csv.DictReader(file) if path.name.startswith(row["notebook"] + "_")]
    # Sorting is stable: of two trials on the same day, the later row is the later trial.
    return sorted(trials, key=lambda row: row["date"])[-1] if trials else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("prefixes", nargs="*", help="only notebooks whose names start so")
    args = parser.parse_args(argv)
    notebooks = [p for p in sorted(LEARNER.glob("*.ipynb"))
                 if not args.prefixes or p.name.startswith(tuple(args.prefixes))]
    if not notebooks:
        print("No learner notebook matches; run it as: python -m tools.time_model [NN ...]", file=sys.stderr)
        return 2
    for path in notebooks:
        result = estimate(path)
        parts = ", ".join(f"{k} {v:.0f}" for k, v in result.parts.items() if v >= 0.5)
        trial = cold_trial(path)
        cold = f", cold trial {trial['minutes']} min ({trial['date']})" if trial else ", never tried cold"
        print(f"{path.stem}: states {stated_minutes(path)} min, model {result.minutes:.0f} min ({parts}){cold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
