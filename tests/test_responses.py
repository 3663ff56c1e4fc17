"""Exporting discussion answers from a saved notebook."""

import nbformat
import pytest

from unlocked.paths import ROOT
from unlocked.responses import PROMPT_PLACEHOLDER, collect, export_responses, main


def write(path, *cells):
    nbformat.write(nbformat.v4.new_notebook(cells=list(cells)), path)
    return path


def notebook(tmp_path, answer="I think the warrant was too broad."):
    return write(
        tmp_path / "07_policy_lab.ipynb",
        nbformat.v4.new_markdown_cell("Was the warrant proportionate?"),
        nbformat.v4.new_markdown_cell(answer, metadata={"tags": ["response"]}),
        nbformat.v4.new_markdown_cell("Choose a position."),
        nbformat.v4.new_code_cell('choice = "yes"\nbecause = "it was"\ndiscuss("x", choice, because)',
                                  metadata={"tags": ["discussion"]}),
        nbformat.v4.new_markdown_cell(PROMPT_PLACEHOLDER, metadata={"tags": ["response"]}),
    )


def test_collect_pairs_each_answer_with_its_question(tmp_path):
    items = collect(notebook(tmp_path))
    assert [i["question"] for i in items] == ["Was the warrant proportionate?", "Choose a position.", "Choose a position."]
    assert [i["kind"] for i in items] == ["open", "structured", "open"]
    assert items[2]["answer"] == ""


def test_the_question_is_the_prompt_under_the_last_heading_not_the_whole_section(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("## 3. A section\n\nLong context.\n\n### Open discussion: why?\n\nSay why."),
        nbformat.v4.new_markdown_cell("", metadata={"tags": ["response"]}),
    ])
    path = tmp_path / "03_x.ipynb"
    nbformat.write(nb, path)
    assert [i["question"] for i in collect(path)] == ["### Open discussion: why?\n\nSay why."]


def test_export_writes_a_markdown_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path / "out"))
    fb = export_responses(notebook(tmp_path).name)
    assert fb.status == "saved" and "2 answers written" in fb.message and "(1 still to answer)" in fb.message
    assert "Saved: " in repr(fb)
    text = (tmp_path / "out" / "07_policy_lab-responses.md").read_text(encoding="utf-8")
    assert "> I think the warrant was too broad." in text and "> Choice: yes\n> Because: it was" in text
    assert "*(not answered yet)*" in text


def test_a_renamed_copy_is_pointed_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # Its own folder: the session's shared one is where notebook 07's own hand-in cell writes
    # under nbval, and a file left there by this test would change that cell's output.
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path / "out"))
    path = notebook(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "07_policy_lab-Copy1.ipynb"))
    result = export_responses(path.name)
    assert result.status == "saved" and 'export_responses("07_policy_lab-Copy1.ipynb")' in result.hint
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))
    assert not export_responses(path.name).hint
    # Answers written only in the copy: the original has none, and the message says where they are.
    blank = write(tmp_path / "06_x.ipynb", nbformat.v4.new_markdown_cell("### Open discussion: why?"),
                  nbformat.v4.new_markdown_cell(PROMPT_PLACEHOLDER, metadata={"tags": ["response"]}))
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "06_x-Copy1.ipynb"))
    result = export_responses(blank.name)
    assert result.status == "unanswered" and 'export_responses("06_x-Copy1.ipynb")' in result.hint


def test_export_explains_bad_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for bad in (None, 3, "notes.txt", ["a.ipynb"]):
        assert export_responses(bad).status == "problem"
    assert "no notebook called" in export_responses("missing.ipynb").message
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    assert "could not be read" in export_responses("broken.ipynb").message


def test_instructors_can_collect_many_notebooks_into_csv(tmp_path, capsys):
    out = tmp_path / "all.csv"
    assert main([str(notebook(tmp_path)), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("07_policy_lab.ipynb") >= 3
    assert "Wrote 3 discussions (2 answered) from 1 hand-in " in capsys.readouterr().out


# ---------------------------------------------------------------- issue #8: never lose a hand-in

import csv
import errno
import os

import pytest

from unlocked import safety
from unlocked.responses import collector


def structured(tmp_path, code, name="03_dual_use.ipynb"):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Choose a position."),
        nbformat.v4.new_code_cell(code, metadata={"tags": ["discussion"]}),
        nbformat.v4.new_markdown_cell("Explain."),
        nbformat.v4.new_markdown_cell(PROMPT_PLACEHOLDER, metadata={"tags": ["response"]}),
    ])
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


@pytest.fixture
def exported(tmp_path, monkeypatch):
    """A notebook with answers, exported once into tmp_path/out; returns (notebook, export file)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path / "out"))
    path = notebook(tmp_path)
    assert export_responses(path.name).status == "saved"
    return path, tmp_path / "out" / "07_policy_lab-responses.md"


def test_a_full_disk_leaves_the_earlier_export_byte_identical(exported, monkeypatch):
    path, target = exported
    earlier = target.read_bytes()
    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Q?"),
        nbformat.v4.new_markdown_cell("A new answer", metadata={"tags": ["response"]})]), path)

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    fb = export_responses(path.name)
    assert fb.status == "problem" and "the disk is full" in fb.message and "Free some space" in fb.message
    assert target.read_bytes() == earlier
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no temporary, no backup


@pytest.mark.parametrize("code, words", [
    (errno.EACCES, "you do not have permission"),
    (errno.EROFS, "read-only disk"),
])
def test_a_folder_that_cannot_be_written_gives_one_sentence(exported, monkeypatch, code, words):
    path, target = exported
    earlier = target.read_bytes()
    path.write_text(path.read_text(encoding="utf-8").replace("too broad", "far too broad"), encoding="utf-8")

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(safety.tempfile, "mkstemp", refuse)
    fb = export_responses(path.name)
    assert fb.status == "problem" and words in fb.message
    assert target.read_bytes() == earlier


def test_exporting_again_keeps_the_earlier_hand_in_and_says_so(exported):
    path, target = exported
    first = target.read_bytes()
    path.write_text(path.read_text(encoding="utf-8").replace("too broad", "far too broad"), encoding="utf-8")
    fb = export_responses(path.name)
    assert fb.status == "saved" and "The earlier file is kept as 07_policy_lab-responses-1.md" in fb.message
    assert (target.parent / "07_policy_lab-responses-1.md").read_bytes() == first
    assert "far too broad" in target.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("far too broad", "too wide"), encoding="utf-8")
    assert "kept as 07_policy_lab-responses-2.md" in export_responses(path.name).message
    # The same answers once more: nothing would be lost, so no extra copy.
    assert "kept as" not in export_responses(path.name).message
    assert len(list(target.parent.iterdir())) == 3


def test_an_unanswered_structured_discussion_is_not_an_answer(tmp_path, monkeypatch):
    """Issue #9: choice still `...` is shown as not answered yet, and nothing is handed in."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path / "out"))
    path = structured(tmp_path, 'choice = ...   # "yes" or "no"\nbecause = ""\ndiscuss("03.x", choice, because)')
    assert collect(path)[0]["answer"] == ""
    fb = export_responses(path.name)
    assert fb.status != "saved" and "nothing to hand in" in fb.message and "Saved" not in repr(fb)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_last_assignment_counts_and_only_real_answers_are_counted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path))
    code = ('choice = ...\nbecause = ""\n### BEGIN SOLUTION\nchoice = {"S02": "claim"}\n'
            'because = ("two " "parts")\n### END SOLUTION\ndiscuss("03.x", choice, because)')
    path = structured(tmp_path, code)
    assert collect(path)[0]["answer"] == "Choice: {'S02': 'claim'}\nBecause: two parts"
    fb = export_responses(path.name)
    assert fb.status == "saved" and fb.message.startswith("1 answer written") and "(1 still to answer)" in fb.message
    text = (tmp_path / "03_dual_use-responses.md").read_text(encoding="utf-8")
    assert "choice = ..." not in text and "*(not answered yet)*" in text


def test_an_answer_cannot_break_out_of_its_block(tmp_path, monkeypatch):
    import markdown_it

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path))
    sneaky = "Fine.\n\n## Discussion 9\n\n```\n<!--\n\n# Grade: A"
    export_responses(notebook(tmp_path, answer=sneaky).name)
    text = (tmp_path / "07_policy_lab-responses.md").read_text(encoding="utf-8")
    tokens = markdown_it.MarkdownIt("commonmark").parse(text)
    headings = [tokens[i + 1].content.replace("\\", "") for i, t in enumerate(tokens) if t.type == "heading_open" and t.level == 0]
    assert headings == ["My answers: 07_policy_lab", "Discussion 1", "Discussion 2", "Discussion 3"]


def collect_cli(tmp_path, *args):
    return collector.main([str(a) for a in args])


def test_the_collector_skips_broken_submissions_by_name_and_counts_them(tmp_path, capsys):
    good = notebook(tmp_path)
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    (tmp_path / "empty.ipynb").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "wrong.ipynb").write_text('{"cells": 3}', encoding="utf-8")
    out = tmp_path / "all.csv"
    assert collect_cli(tmp_path, good, tmp_path / "broken.ipynb", tmp_path / "empty.ipynb",
                       tmp_path / "notes.txt", tmp_path / "wrong.ipynb", tmp_path / "gone.ipynb",
                       "--out", out) == 0
    captured = capsys.readouterr()
    for name in ("broken.ipynb", "empty.ipynb", "notes.txt", "wrong.ipynb", "gone.ipynb"):
        assert f"Skipped {tmp_path / name}" in captured.err
    assert "from 1 hand-in " in captured.out and "skipped 5" in captured.out
    assert "Traceback" not in captured.err
    assert len(list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))) == 3


def test_the_collector_refuses_to_overwrite_a_notebook_or_a_foreign_file(tmp_path, capsys):
    good = notebook(tmp_path)
    other = tmp_path / "other.ipynb"
    other.write_text("precious", encoding="utf-8")
    thesis = tmp_path / "thesis.csv"
    thesis.write_text("my,own,data\n", encoding="utf-8")
    for target in (other, thesis, tmp_path / "NEW.IPYNB"):
        with pytest.raises(SystemExit) as caught:
            collect_cli(tmp_path, good, "--out", target)
        assert caught.value.code == 2
    assert other.read_text(encoding="utf-8") == "precious"
    assert thesis.read_text(encoding="utf-8") == "my,own,data\n"
    err = capsys.readouterr().err
    assert "--force" in err and "notebook" in err
    # Its own earlier report is replaced; a foreign file only with --force.
    report = tmp_path / "report.csv"
    assert collect_cli(tmp_path, good, "--out", report) == 0
    assert collect_cli(tmp_path, good, "--out", report) == 0
    assert collect_cli(tmp_path, good, "--out", thesis, "--force") == 0
    assert thesis.read_text(encoding="utf-8").startswith(collector.HEADER)


def test_the_collector_neutralises_spreadsheet_formulas(tmp_path):
    nb = notebook(tmp_path, answer='=HYPERLINK("http://example.org","click")')
    out = tmp_path / "all.csv"
    collect_cli(tmp_path, nb, "--out", out)
    answers = [row["answer"] for row in csv.DictReader(out.read_text(encoding="utf-8").splitlines())]
    assert answers[0] == "'=HYPERLINK(\"http://example.org\",\"click\")"
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx"):
        assert collector.neutralise(cell) == "'" + cell
    assert collector.neutralise("plain") == "plain"


def test_a_full_disk_leaves_the_earlier_report_intact(tmp_path, monkeypatch, capsys):
    good = notebook(tmp_path)
    out = tmp_path / "all.csv"
    collect_cli(tmp_path, good, "--out", out)
    earlier = out.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(SystemExit) as caught:
        collect_cli(tmp_path, good, "--out", out)
    assert caught.value.code == 2 and "the disk is full" in capsys.readouterr().err
    assert out.read_bytes() == earlier


LEARNER_NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", LEARNER_NOTEBOOKS, ids=lambda p: p.name)
def test_every_hand_in_question_is_a_short_prompt(path):
    # The hand-in shows each answer under its question: a page of section prose there buries it.
    for item in collect(path):
        words = len(item["question"].split())
        assert 5 <= words <= 120, f"{item['id']}: the question above this answer has {words} words"


# ---------------------------------------------------------------- optional discussions in Going further

def with_going_further(tmp_path, core_answer="The warrant was too broad for this.", extra=PROMPT_PLACEHOLDER):
    return write(
        tmp_path / "02_inside_an_extraction.ipynb",
        nbformat.v4.new_markdown_cell("## 7. Discussion\n\n### Open discussion: proportionate?"),
        nbformat.v4.new_markdown_cell(core_answer, metadata={"tags": ["response"]}),
        nbformat.v4.new_markdown_cell("## Going further\n\nThis section is optional.\n\n### A chart"),
        nbformat.v4.new_markdown_cell("### Open discussion: deleted before a border check"),
        nbformat.v4.new_markdown_cell(extra, metadata={"tags": ["response"]}),
        nbformat.v4.new_markdown_cell("## Key points\n\n- one"),
        nbformat.v4.new_markdown_cell("## Hand in\n\n### Last word"),
        nbformat.v4.new_markdown_cell(PROMPT_PLACEHOLDER, metadata={"tags": ["response"]}),
    )


def test_discussions_under_going_further_are_marked_optional(tmp_path):
    items = collect(with_going_further(tmp_path))
    # Only the one between "## Going further" and the next "##" heading is optional.
    assert [item["optional"] for item in items] == [False, True, False]


def test_an_empty_optional_discussion_is_counted_apart(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path / "out"))
    path = with_going_further(tmp_path)
    fb = export_responses(path.name)
    assert fb.status == "saved"
    assert "(1 still to answer, plus 1 optional one, in Going further)" in fb.message
    text = (tmp_path / "out" / f"{path.stem}-responses.md").read_text(encoding="utf-8")
    assert "## Discussion 2 (optional, in Going further)" in text and "## Discussion 3\n" in text


def test_a_learner_who_skipped_only_going_further_is_told_the_core_is_complete(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path / "out"))
    path = with_going_further(tmp_path)
    nb = nbformat.read(path, as_version=4)
    nb.cells[-1].source = "My last word on it, written in full."
    nbformat.write(nb, path)
    fb = export_responses(path.name)
    assert "(every core discussion answered; 1 optional one, in Going further, still to answer)" in fb.message
    assert "0 still to answer" not in fb.message


# ---------------------------------------------------------------- a cold instructor trial (December 2026)
# The notebooks tell learners to hand in the -responses.md file, so the collector reads it;
# filler that discuss() turns away is handed in as such; an answer typed into a new cell
# under the answer cell is pointed out instead of silently lost.

from unlocked import feedback
from unlocked.responses import NOT_ACCEPTED, read_hand_in

GOOD_REASON = "V-Dem codes elections and liberties separately, so its labels explain themselves best."


def pick_a_rule(tmp_path, because, name="05_autocracy_criticism.ipynb"):
    return structured(tmp_path, f'choice = "V-Dem"\nbecause = {because!r}\ndiscuss("05.pick_a_rule", choice, because)', name)


def test_a_hand_in_file_reads_back_as_the_notebook_does(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path / "out"))
    path = with_going_further(tmp_path, core_answer="Line one.\n\n> a quote\n## Discussion 9\n**Answer:**",
                              extra="An optional answer.")
    assert export_responses(path.name).status == "saved"
    back = read_hand_in(tmp_path / "out" / f"{path.stem}-responses.md")
    keys = ("notebook", "id", "kind", "question", "answer", "optional")
    assert [{k: item[k] for k in keys} for item in back] == [{k: item[k] for k in keys} for item in collect(path)]


def test_filler_that_discuss_turns_away_is_handed_in_as_such(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path / "out"))
    feedback.forget_tries()
    path = pick_a_rule(tmp_path, "x x x")
    item = collect(path)[0]
    assert item["answer"] and item["accepted"] is False and "different words" in item["note"]
    assert feedback._TRIES == {} and feedback._FIRST == {}  # the learner's tries are not touched
    said = export_responses(path.name)
    assert said.status == "unanswered" and "\u201cChoose a position.\u201d: discuss() has not accepted your answer yet" in said.message
    assert "the file says so" not in said.message  # no file was written
    # With a real answer elsewhere the file is written, and says which answer does not count yet.
    path.write_text(path.read_text(encoding="utf-8").replace(PROMPT_PLACEHOLDER, "My own paragraph."), encoding="utf-8")
    said = export_responses(path.name)
    assert said.status == "saved_check" and said.message.startswith("1 answer written") and "(the file says so)" in said.message
    text = (tmp_path / "out" / f"{path.stem}-responses.md").read_text(encoding="utf-8")
    assert f"{NOT_ACCEPTED} " in text
    assert [item["accepted"] for item in read_hand_in(tmp_path / "out" / f"{path.stem}-responses.md")] == [False, None]


def test_an_accepted_structured_answer_is_marked_so(tmp_path):
    item = collect(pick_a_rule(tmp_path, GOOD_REASON))[0]
    assert item["accepted"] is True and item["note"] == ""


def answer_in_added_cell(tmp_path, added, second="The buying state's courts."):
    """A notebook whose first answer cell is empty, with ``added`` in a new cell under it."""
    return write(
        tmp_path / "07_policy_lab.ipynb",
        nbformat.v4.new_markdown_cell("### Open discussion: what would you change?"),
        nbformat.v4.new_markdown_cell(PROMPT_PLACEHOLDER, metadata={"tags": ["response"]}),
        nbformat.v4.new_markdown_cell(added),
        nbformat.v4.new_markdown_cell("### Open discussion: who decides?"),
        nbformat.v4.new_markdown_cell(second, metadata={"tags": ["response"]}),
        nbformat.v4.new_markdown_cell("## Key points"),
    )


def test_an_answer_typed_into_a_new_cell_is_pointed_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path / "out"))
    path = answer_in_added_cell(tmp_path, "I would make the donor check audit logs.")
    said = export_responses(path.name)
    assert said.status == "saved_check" and "\u201cOpen discussion: what would you change?\u201d: the answer cell is empty, but there is text in a cell you added under it" in said.message


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_answer_cell_is_followed_by_a_heading(path):
    """What lets a hand-in tell a learner's added cell from the notebook's own prose."""
    cells = nbformat.read(path, as_version=4).cells
    for number, cell in enumerate(cells):
        if "response" in cell.metadata.get("tags", []):
            following = cells[number + 1] if number + 1 < len(cells) else None
            assert following is None or following.source.lstrip().startswith("#"), cell.id


def test_the_collector_reads_hand_in_files_and_notebooks_alike(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path / "hand-ins"))
    filler = pick_a_rule(tmp_path, "bla bla bla")
    filler.write_text(filler.read_text(encoding="utf-8").replace(PROMPT_PLACEHOLDER, "My paragraph."), encoding="utf-8")
    assert export_responses(filler.name).status == "saved_check"
    other = tmp_path / "other"
    other.mkdir()
    good = pick_a_rule(other, GOOD_REASON)
    (tmp_path / "hand-ins" / "stray.md").write_text("# Notes\n\nNothing here.\n", encoding="utf-8")
    out = tmp_path / "class.csv"
    assert collect_cli(tmp_path, tmp_path / "hand-ins" / "05_autocracy_criticism-responses.md", good,
                       tmp_path / "hand-ins" / "stray.md", "--out", out) == 0
    captured = capsys.readouterr()
    assert "stray.md: not a hand-in file written by export_responses" in captured.err
    assert "(2 answered) from 2 hand-ins" in captured.out and "1 structured answer that discuss() did not accept" in captured.out
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [(r["notebook"], r["kind"], r["accepted"]) for r in rows] == [
        ("05_autocracy_criticism.ipynb", "structured", "no"), ("05_autocracy_criticism.ipynb", "open", ""),
        ("05_autocracy_criticism.ipynb", "structured", "yes"), ("05_autocracy_criticism.ipynb", "open", ""),
    ]


def test_the_guides_collecting_recipe_works_as_written(tmp_path, monkeypatch):
    import re
    import shlex
    import subprocess
    import sys

    guide = (ROOT / "instructor" / "README.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Collecting answers"):]
    command = re.search(r"```bash\n(.+?)\n```", section, flags=re.S)[1].strip()
    assert command.startswith(".venv/bin/python -m unlocked.responses ")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path / "submissions"))
    assert export_responses(notebook(tmp_path).name).status == "saved"
    pick_a_rule(tmp_path / "submissions", GOOD_REASON)
    command = command.replace(".venv/bin/python", shlex.quote(sys.executable), 1)
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "from 2 hand-ins" in done.stdout
    rows = list(csv.DictReader((tmp_path / "responses.csv").read_text(encoding="utf-8").splitlines()))
    assert {row["notebook"] for row in rows} == {"07_policy_lab.ipynb", "05_autocracy_criticism.ipynb"}


def test_an_answer_in_an_added_cell_reaches_the_grader(tmp_path, monkeypatch):
    """Whether the learner hands in the file or the notebook, the grader sees the misplaced text."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path / "hand-ins"))
    path = answer_in_added_cell(tmp_path, "Audit logs.\n\nAnd a second paragraph.", second="The courts.")
    assert export_responses(path.name).status == "saved_check"
    hand_in = tmp_path / "hand-ins" / "07_policy_lab-responses.md"
    back = read_hand_in(hand_in)
    assert back[0]["answer"] == "" and back[0]["text_below"] == "Audit logs.\n\nAnd a second paragraph."
    assert back[1]["answer"] == "The courts." and back[1]["text_below"] == ""
    out = tmp_path / "class.csv"
    assert collect_cli(tmp_path, hand_in, path, "--out", out) == 0
    notes = [row["note"] for row in csv.DictReader(out.read_text(encoding="utf-8").splitlines())]
    assert notes[0] == notes[2] and "added under it: Audit logs." in notes[0] and notes[1] == notes[3] == ""


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_ANSWER_TEXT = st.lists(
    st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"), max_size=20)
    | st.sampled_from(["\n", "\r\n", "> ", "## Discussion 2", "**Answer:**", "<!-- -->", "*(", "#", "   "]),
    max_size=12).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=_ANSWER_TEXT)
def test_any_open_answer_reads_back_from_the_hand_in_file(tmp_path, monkeypatch, answer):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path / "out"))
    path = notebook(tmp_path, answer=answer)
    written = [item["answer"] for item in collect(path)]
    if export_responses(path.name).status not in ("saved", "saved_check"):
        return
    back = [item["answer"] for item in read_hand_in(tmp_path / "out" / "07_policy_lab-responses.md")]
    # The file keeps each line; only line endings and blank lines' spaces are normalised.
    normal = ["\n".join(line if line.strip() else "" for line in a.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()
              for a in written]
    assert back == normal


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_ANSWER_TEXT)
def test_any_markdown_file_is_read_or_refused_with_a_value_error(tmp_path, text):
    """What the collector relies on to name a stray file instead of crashing."""
    path = tmp_path / "x-responses.md"
    path.write_text("# My answers: x\n\n## Discussion 1\n" + text, encoding="utf-8")
    try:
        items = read_hand_in(path)
    except ValueError:
        return
    assert all(set(item) >= {"notebook", "id", "kind", "question", "answer", "accepted", "note"} for item in items)
