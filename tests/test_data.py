"""Data tests: checksums, the descriptor, types on load, friendly failures, and sources."""

import json
import re
import os
import shlex
import shutil
import subprocess
import sys

import pandas as pd
import pytest

import unlocked.data as data
from tools.update_manifest import manifest_text
from unlocked import paths
from unlocked.errors import DataFileError, LearnerError
from unlocked.sources import cited_ids, registry, render, split_ids

DESCRIPTOR = json.loads(paths.DESCRIPTOR.read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}


def test_manifest_lists_every_data_file_with_its_current_hash():
    assert paths.MANIFEST.read_text(encoding="utf-8") == manifest_text(), (
        "data/SHA256SUMS is out of date: after a deliberate change run `make manifest`"
    )


def test_data_package_is_valid():
    from frictionless import Package

    report = Package(str(paths.DESCRIPTOR)).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])


def test_every_csv_is_described():
    described = {r["path"] for r in DESCRIPTOR["resources"]}
    csvs = {p.relative_to(paths.DATA).as_posix() for p in paths.DATA.rglob("*.csv")}
    assert csvs <= described


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_load_applies_the_descriptor_types(name):
    table = data.load(name)
    fields = RESOURCES[name]["schema"]["fields"]
    assert list(table.columns) == [f["name"] for f in fields]
    for field in fields:
        column = table[field["name"]]
        if field["type"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(column)
        elif field["type"] == "boolean":
            assert column.dtype == "boolean"
        elif field["type"] == "integer":
            assert pd.api.types.is_integer_dtype(column)


def test_describe_lists_fields():
    name = sorted(RESOURCES)[0]
    assert list(data.describe(name)["field"]) == [f["name"] for f in RESOURCES[name]["schema"]["fields"]]


def test_unknown_dataset_names_the_real_ones():
    with pytest.raises(LearnerError, match="datasets are: .*sources"):
        data.load("serbia_event")


@pytest.fixture
def scratch_data(tmp_path, monkeypatch):
    """A copy of the module's data/ folder that a test may damage."""
    root = tmp_path / "module"
    shutil.copytree(paths.DATA, root / "data")
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(data, "DATA", root / "data")
    monkeypatch.setattr(data, "MANIFEST", root / "data" / "SHA256SUMS")
    data._resources.cache_clear()
    yield root / "data"
    data._resources.cache_clear()


def test_one_changed_byte_is_caught_and_named(scratch_data):
    target = scratch_data / "sources.csv"
    raw = bytearray(target.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    target.write_bytes(bytes(raw))
    with pytest.raises(DataFileError) as caught:
        data.load("sources")
    message = str(caught.value)
    assert "data/sources.csv has been changed or damaged" in message
    assert "checkout -- data/sources.csv" in message


def test_the_restore_command_in_the_message_works(scratch_data, tmp_path):
    module = scratch_data.parent
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", str(module)], check=True)
    subprocess.run([*git, "-C", str(module), "add", "."], check=True)
    subprocess.run([*git, "-C", str(module), "commit", "-qm", "data"], check=True)
    (scratch_data / "sources.csv").write_text("tampered", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        data.load("sources")
    command = next(line for line in str(caught.value).splitlines() if line.startswith("    git"))
    subprocess.run(shlex.split(command), check=True, cwd=tmp_path)  # from any folder
    assert len(data.load("sources")) > 0


def test_a_missing_file_is_named(scratch_data):
    (scratch_data / "sources.csv").unlink()
    with pytest.raises(DataFileError, match="data/sources.csv is missing"):
        data.load("sources")


def test_a_missing_manifest_is_named(scratch_data):
    (scratch_data / "SHA256SUMS").unlink()
    with pytest.raises(DataFileError, match="checksum list data/SHA256SUMS is missing"):
        data.load("sources")


def test_files_outside_the_manifest_are_refused(scratch_data):
    with pytest.raises(DataFileError, match="not one of the module's data files"):
        data.verified_path("notes.txt")


def test_the_learner_sees_the_message_without_a_traceback(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    from unlocked.errors import install_handler

    shell = InteractiveShell.instance()
    install_handler()
    shell.run_cell("from unlocked.errors import DataFileError\nraise DataFileError('data/x.csv is missing')")
    err = capsys.readouterr().err
    assert "data/x.csv is missing" in err and "Traceback" not in err


def test_an_undefined_name_gets_the_usual_error_and_a_hint(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    from unlocked.errors import SKIPPED_CELL_HINT, install_handler

    shell = InteractiveShell.instance()
    install_handler()
    shell.run_cell("events_we_never_loaded.head()")
    captured = capsys.readouterr()
    assert "events_we_never_loaded" in captured.out + captured.err
    assert SKIPPED_CELL_HINT in captured.err


# ---------------------------------------------------------------- the source registry

SOURCES = registry()


def test_source_registry_is_complete():
    assert SOURCES.index.is_unique
    assert set(SOURCES["kind"]) <= {"primary", "reporting", "analysis"}
    for column in ("title", "publisher", "url"):
        assert SOURCES[column].notna().all() and (SOURCES[column].str.strip() != "").all()
    assert SOURCES["url"].str.match(r"https?://").all()
    dated = SOURCES["date"].dropna()  # undated: living documentation pages
    assert dated.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").all() and len(dated) > len(SOURCES) / 2


@pytest.mark.parametrize(
    "name", sorted(n for n, r in RESOURCES.items()
                   if any(f["name"] == "source_ids" for f in r["schema"]["fields"]))
)
def test_every_dataset_row_cites_known_sources(name):
    table = data.load(name)
    for row, cell in table["source_ids"].items():
        ids = split_ids(cell)
        assert ids, f"{name} row {row} cites no source"
        assert set(ids) <= set(SOURCES.index), f"{name} row {row}: unknown {set(ids) - set(SOURCES.index)}"


def test_every_source_cited_in_a_notebook_resolves():
    for folder in ("source", "notebooks", "instructor"):
        for notebook in (paths.ROOT / folder).glob("*.ipynb"):
            cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
            for cell in cells:
                ids = cited_ids("".join(cell["source"]))
                unknown = set(ids) - set(SOURCES.index)
                assert not unknown, f"{folder}/{notebook.name} cites unknown sources {unknown}"


def test_citation_syntax():
    assert cited_ids("as reported [@a-1; @b-2] and [@a-1]. Mail me@x.org") == ["a-1", "b-2"]
    assert split_ids("a; b ;;") == ["a", "b"] and split_ids(pd.NA) == []


def test_render_lists_the_sources():
    some = list(SOURCES.index[:2])
    text = render(some)
    assert all(f"**[{i}]**" in text for i in some) and text.count("\n") == 1


def test_data_folder_stays_small():
    # Binder, nbgitpuller and every clone carry all of data/: keep it a few MB.
    total = sum(p.stat().st_size for p in paths.DATA.rglob("*") if p.is_file())
    assert total < 5_000_000


def test_helpers_find_the_data_from_any_working_directory(tmp_path):
    script = "import unlocked; print(len(unlocked.load('serbia_events')))"
    env = {**os.environ, "PYTHONPATH": str(paths.ROOT)}
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=True)
    assert int(result.stdout) == len(data.load("serbia_events"))


def test_the_data_readme_names_every_table():
    readme = (paths.DATA / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in RESOURCES)


def test_evidence_tables_are_described_as_the_generator_describes_them():
    # data/datapackage.json repeats the extraction's own descriptor: keep the two in step.
    from unlocked.evidence.exports import resources

    for resource in resources(prefix="evidence/tool_exports/"):
        assert RESOURCES[resource["name"]] == resource


def test_no_one_is_quoted_as_saying_democracies_only():
    # No source has these words; the vendor's own are "democratized nations" (The Record, 26 Feb 2025).
    quoted = re.compile(r"[\"“']\s*democracies only\s*[\"”']", re.I)
    texts = [p for p in paths.ROOT.rglob("*") if p.suffix in {".md", ".ipynb", ".csv", ".json", ".py"}
             and ".venv" not in p.parts and "tests" not in p.parts]

    def text(path):
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":  # the cells' text, not JSON's escaped quotes
            return "\n".join("".join(c["source"]) for c in json.loads(raw)["cells"])
        return raw

    offenders = [str(p.relative_to(paths.ROOT)) for p in texts if quoted.search(text(p))]
    assert not offenders
