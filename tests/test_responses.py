"""Exporting discussion answers from a saved notebook."""

import nbformat

from unlocked.responses import PROMPT_PLACEHOLDER, collect, export_responses, main


def notebook(tmp_path, answer="I think the warrant was too broad."):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Was the warrant proportionate?"),
        nbformat.v4.new_markdown_cell(answer, metadata={"tags": ["response"]}),
        nbformat.v4.new_markdown_cell("Choose a position."),
        nbformat.v4.new_code_cell('choice = "yes"\nbecause = "it was"\ndiscuss("x", choice, because)',
                                  metadata={"tags": ["discussion"]}),
        nbformat.v4.new_markdown_cell(PROMPT_PLACEHOLDER, metadata={"tags": ["response"]}),
    ])
    path = tmp_path / "07_policy_lab.ipynb"
    nbformat.write(nb, path)
    return path


def test_collect_pairs_each_answer_with_its_question(tmp_path):
    items = collect(notebook(tmp_path))
    assert [i["question"] for i in items] == ["Was the warrant proportionate?", "Choose a position.", "Choose a position."]
    assert [i["kind"] for i in items] == ["open", "structured", "open"]
    assert items[2]["answer"] == ""


def test_export_writes_a_markdown_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNLOCKED_RESPONSES_DIR", str(tmp_path / "out"))
    fb = export_responses(notebook(tmp_path).name)
    assert fb.status == "saved" and "3 answers written" in fb.message and "(1 still empty)" in fb.message
    assert repr(fb).startswith("💾 Saved: ")
    text = (tmp_path / "out" / "07_policy_lab-responses.md").read_text(encoding="utf-8")
    assert "too broad" in text and "```python" in text and "*(not answered)*" in text


def test_export_explains_bad_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for bad in (None, 3, "notes.txt", ["a.ipynb"]):
        assert export_responses(bad).status == "problem"
    assert "no notebook called" in export_responses("missing.ipynb").message
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    assert "could not be read" in export_responses("broken.ipynb").message


def test_instructors_can_collect_many_notebooks_into_csv(tmp_path, capsys):
    out = tmp_path / "all.csv"
    main([str(notebook(tmp_path)), "--out", str(out)])
    assert out.read_text(encoding="utf-8").count("07_policy_lab.ipynb") >= 3
    assert "Wrote 3 answers" in capsys.readouterr().out
