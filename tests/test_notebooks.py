"""Hygiene of every notebook: the shared anatomy, clean stored outputs, accessible figures.

The anatomy (also described in CONTRIBUTING.md) is checked on the sources; what a
learner or instructor opens is checked on the committed, executed versions.
"""

import json
import re
from pathlib import Path

import pytest

from unlocked.paths import ROOT

SOURCES = sorted((ROOT / "source").glob("*.ipynb"))
LEARNER = sorted((ROOT / "notebooks").glob("*.ipynb"))
ANSWERS = sorted((ROOT / "instructor").glob("*.ipynb"))

FRONT = ["Overview", "Learning objectives", "Before you start", "Set-up"]
BACK = ["Key points", "Hand in your answers", "Sources and further reading"]
EXERCISE_CALL = re.compile(r"\b(check|discuss)\(")
# A path on someone's machine, not the same letters inside a URL (upturn.org/work/...).
ABSOLUTE_PATH = re.compile(r"(?<![\w.:/-])(/home/|/root/|/work/|/tmp/|/Users/|[A-Z]:\\\\)")
MAX_OUTPUT_BYTES = 1_000_000


def cells(path: Path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cell["text"] = "".join(cell["source"])
        cell["tags"] = cell.get("metadata", {}).get("tags", [])
    return nb["cells"]


def headings(path: Path) -> list[tuple[int, str]]:
    found = []
    for cell in cells(path):
        if cell["cell_type"] == "markdown":
            in_code = False
            for line in cell["text"].split("\n"):
                in_code ^= line.startswith("```")
                match = re.match(r"(#{1,6}) (.+)", line)
                if match and not in_code:
                    found.append((len(match[1]), match[2].strip()))
    return found


def sections(path: Path) -> dict[str, list[dict]]:
    """The cells under each level-2 heading, keyed by that heading."""
    result, current = {}, None
    for cell in cells(path):
        if cell["cell_type"] == "markdown":
            match = re.search(r"^## (.+)$", cell["text"], re.M)
            if match:
                current = match[1].strip()
                result[current] = []
        if current is not None:
            result[current].append(cell)
    return result


def ids(paths):
    return [p.name for p in paths]


@pytest.mark.parametrize("source", SOURCES, ids=ids(SOURCES))
class TestAnatomy:
    def test_one_title_first_and_no_skipped_heading_levels(self, source):
        levels = headings(source)
        assert levels[0][0] == 1 and [lvl for lvl, _ in levels].count(1) == 1
        for (before, _), (after, text) in zip(levels, levels[1:]):
            assert after <= before + 1, f"heading {text!r} skips a level"

    def test_sections_come_in_the_shared_order(self, source):
        names = [text for level, text in headings(source) if level == 2]
        assert names[: len(FRONT)] == FRONT and names[-len(BACK):] == BACK
        middle = names[len(FRONT): -len(BACK)]
        # One optional "Going further" section may follow the numbered ones (CONTRIBUTING.md).
        if middle and middle[-1] == "Going further":
            middle = middle[:-1]
        assert len(middle) >= 2
        for number, name in enumerate(middle, start=1):
            assert name.startswith(f"{number}. "), f"section {name!r} should be numbered {number}"

    def test_objectives_prerequisites_time_and_content_note(self, source):
        parts = sections(source)
        objectives = "".join(c["text"] for c in parts["Learning objectives"])
        assert 3 <= len(re.findall(r"^- ", objectives, re.M)) <= 5
        start = "".join(c["text"] for c in parts["Before you start"])
        for label in ("**Prerequisites:**", "**Time:**", "**Content note:**"):
            assert label in start
        minutes = int(re.search(r"\*\*Time:\*\* about (\d+) minutes", start)[1])
        assert minutes >= 20  # tests/test_course_rules.py holds it to the model, the cold trials and a cap

    def test_every_numbered_section_ends_in_a_check_or_discussion(self, source):
        for name, content in sections(source).items():
            if re.match(r"\d+\. ", name):
                assert any(
                    EXERCISE_CALL.search(c["text"]) if c["cell_type"] == "code" else "response" in c["tags"]
                    for c in content
                ), f"section {name!r} has no check, discussion or response cell"

    def test_key_points_and_sources_cell(self, source):
        parts = sections(source)
        assert len(re.findall(r"^- ", "".join(c["text"] for c in parts["Key points"]), re.M)) >= 3
        assert any("sources" in c["tags"] for c in cells(source))

    def test_sources_have_no_outputs(self, source):
        assert all(not c.get("outputs") for c in cells(source) if c["cell_type"] == "code")


BUILT = LEARNER + ANSWERS


def outputs(path: Path):
    for cell in cells(path):
        for output in cell.get("outputs", []):
            yield cell, output


@pytest.mark.parametrize("notebook", BUILT, ids=[f"{p.parent.name}/{p.name}" for p in BUILT])
class TestBuiltNotebooks:
    def test_kernelspec_is_python3(self, notebook):
        meta = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]
        assert meta["kernelspec"]["name"] == "python3"

    def test_every_code_cell_ran_and_none_failed(self, notebook):
        for cell in cells(notebook):
            if cell["cell_type"] == "code" and cell["text"].strip():
                assert cell["execution_count"] is not None
        for _, output in outputs(notebook):
            assert output["output_type"] != "error"
            assert output.get("name") != "stderr", "warnings on stderr fail nbval: fix them at the source"

    def test_no_absolute_paths(self, notebook):
        text = notebook.read_text(encoding="utf-8")
        text = re.sub(r'"image/png": "[^"]*"|data:image/png;base64,[A-Za-z0-9+/=]*', "", text)
        assert not ABSOLUTE_PATH.search(text)

    def test_no_output_is_oversized(self, notebook):
        for _, output in outputs(notebook):
            assert len(json.dumps(output)) < MAX_OUTPUT_BYTES

    def test_every_figure_has_a_caption_and_description(self, notebook):
        for _, output in outputs(notebook):
            data = output.get("data", {})
            # A bare image (plt.show()) would reach screen readers as "image": show_figure only.
            assert "image/png" not in data, "show charts with show_figure(fig, caption, description)"
            markup = "".join(data.get("text/html", ""))
            if "<img" in markup:
                caption = "".join(data.get("text/plain", ""))
                assert caption.startswith("Figure: ") and "Text description: " in caption
                assert re.search(r'<figure[^>]*><img [^>]*alt="[^"]+"', markup) and "<figcaption>" in markup


@pytest.mark.parametrize("notebook", LEARNER, ids=ids(LEARNER))
def test_learner_version_shows_no_answers_and_waits_for_them(notebook):
    for cell in cells(notebook):
        assert "### BEGIN SOLUTION" not in cell["text"] and "instructor" not in cell["tags"]
        if cell["cell_type"] == "code" and EXERCISE_CALL.search(cell["text"]):
            shown = "".join("".join(o.get("data", {}).get("text/plain", "")) for o in cell["outputs"])
            assert "Not answered yet" in shown, cell["text"]


@pytest.mark.parametrize("notebook", ANSWERS, ids=ids(ANSWERS))
def test_answer_version_passes_its_own_checks(notebook):
    for cell in cells(notebook):
        if cell["cell_type"] == "code" and EXERCISE_CALL.search(cell["text"]):
            shown = "".join("".join(o.get("data", {}).get("text/plain", "")) for o in cell["outputs"])
            # Graded exercises are correct; discussions where people differ are recorded.
            assert shown.startswith(("Correct", "Recorded")), cell["text"]


@pytest.mark.parametrize("guide", ["README.md", "instructor/README.md", "source/00_start_here.ipynb"])
def test_guides_list_every_notebook_with_its_time(guide):
    path = ROOT / guide
    text = ("\n".join(c["text"] for c in cells(path)) if path.suffix == ".ipynb"
            else path.read_text(encoding="utf-8"))
    for source in SOURCES:
        number = source.name[:2]
        minutes = re.search(r"\*\*Time:\*\* about (\d+) minutes",
                            "".join(c["text"] for c in cells(source)))[1]
        row = re.search(rf"^\| {number} \|.*$", text, re.M)
        assert row, f"{guide} has no row for notebook {number}"
        assert f"| {minutes} min |" in row[0], f"{guide}: notebook {number} takes about {minutes} minutes"


#: The widest printed line a learner should meet: JupyterLab's output area breaks longer lines
#: at its edge, in the middle of a word (issue #15). Print paragraphs with print_wrapped.
MAX_PRINTED_LINE = 100
#: Notebooks another helper is revising in this round: reported, not failed, until they are merged.
PRINTED_LINES_PENDING = ()


def long_printed_lines(notebook: Path) -> list[str]:
    """Where a cell prints a line longer than MAX_PRINTED_LINE: "cell N (first line of code): width"."""
    found = []
    for index, cell in enumerate(cells(notebook)):
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                widths = [len(line) for line in "".join(output["text"]).splitlines()]
                if widths and max(widths) > MAX_PRINTED_LINE:
                    found.append(f"cell {index} ({cell['text'].splitlines()[0][:60]}): {max(widths)} characters")
    return found


@pytest.mark.parametrize("notebook", LEARNER, ids=ids(LEARNER))
def test_printed_lines_break_between_words(notebook):
    found = long_printed_lines(notebook)
    if found and notebook.name.startswith(PRINTED_LINES_PENDING):
        pytest.skip(f"{notebook.name} prints long lines, to fix after the merge: " + "; ".join(found))
    assert not found, (f"{notebook.name} prints lines over {MAX_PRINTED_LINE} characters, which JupyterLab breaks "
                       "mid-word; print paragraphs with print_wrapped (unlocked/text.py): " + "; ".join(found))


def test_print_wrapped_breaks_between_words_and_keeps_indents(capsys):
    from unlocked import print_wrapped

    words = "Amnesty said the traces showed a forensic product had been used before the spyware was installed. "
    print_wrapped(f"S02 (amnesty, 2024-12-16): {words * 3}\n    Note: {words * 2}", "https://example.org/" + "a" * 90)
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines[:-1]) <= 80
    assert all(line.startswith("    ") for line in lines[lines.index("    Note: Amnesty said the traces showed a "
                                                                    "forensic product had been used before") + 1:])
    assert lines[-1].endswith("https://example.org/" + "a" * 90)  # one long word is never cut
    assert " ".join(" ".join(lines).split()).count("installed.") == 5
