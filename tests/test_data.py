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


def _use_module_at(root, monkeypatch):
    """Point the data loader at a copy of the module under ``root``."""
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(data, "DATA", root / "data")
    monkeypatch.setattr(data, "MANIFEST", root / "data" / "SHA256SUMS")


@pytest.fixture
def scratch_data(tmp_path, monkeypatch):
    """A copy of the module's data/ folder that a test may damage."""
    root = tmp_path / "module"
    shutil.copytree(paths.DATA, root / "data")
    _use_module_at(root, monkeypatch)
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


@pytest.fixture
def fresh_session():
    """Forget data-file failures that earlier tests showed in this process's IPython shell."""
    from unlocked import errors

    errors._failed_files.clear()
    yield
    errors._failed_files.clear()


def test_the_learner_sees_the_message_without_a_traceback(capsys, fresh_session):
    from IPython.core.interactiveshell import InteractiveShell

    from unlocked.errors import install_handler

    shell = InteractiveShell.instance()
    install_handler()
    shell.run_cell("from unlocked.errors import DataFileError\nraise DataFileError('data/x.csv is missing')")
    err = capsys.readouterr().err
    assert "data/x.csv is missing" in err and "Traceback" not in err
    assert err.startswith("Problem: ")


def test_an_undefined_name_gets_the_usual_error_and_a_hint(capsys, fresh_session):
    from IPython.core.interactiveshell import InteractiveShell

    from unlocked.errors import SKIPPED_CELL_HINT, install_handler

    shell = InteractiveShell.instance()
    install_handler()
    shell.run_cell("events_we_never_loaded.head()")
    captured = capsys.readouterr()
    assert "events_we_never_loaded" in captured.out + captured.err
    assert SKIPPED_CELL_HINT in captured.err and SKIPPED_CELL_HINT.startswith("Hint: ")


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
    from unlocked.sources import labels

    # Each entry: its readable label first, its id last (to look up a dataset's source_ids).
    assert all(f"- **{labels()[i]}.**" in text and f"id `{i}`" in text for i in some)
    assert text.count("\n") == 1


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


# ---------------------------------------------------------------- issue #8: every failure is a message

def test_no_emoji_in_learner_error_messages():
    from unlocked import errors

    for text in (errors.SKIPPED_CELL_HINT, errors.missing_name_message("x")):
        assert text.isascii(), text


def test_after_a_failed_load_an_undefined_name_is_one_message(capsys, fresh_session):
    """A data file fails its check; a later cell that uses the name gets one line, no traceback."""
    from IPython.core.interactiveshell import InteractiveShell

    from unlocked.errors import install_handler

    shell = InteractiveShell.instance()
    install_handler()
    shell.run_cell("from unlocked.errors import DataFileError\n"
                   "raise DataFileError('data/x.csv is missing', file='data/x.csv')")
    capsys.readouterr()
    shell.run_cell("events_never_loaded.head()")
    captured = capsys.readouterr()
    assert captured.err.strip() == (
        "Problem: this cell needs `events_never_loaded`, which a loading step above did not create "
        "because a data file failed its check; see the message there.")
    assert "Traceback" not in captured.out + captured.err


def test_a_file_that_loads_again_clears_the_remembered_failure(scratch_data, fresh_session):
    from unlocked import errors

    errors._failed_files.add("data/sources.csv")
    data.load("sources")
    assert not errors.a_data_file_failed()


@pytest.mark.parametrize("line", [
    "not a checksum line",
    "abc123  sources.csv",
    "0" * 64 + "sources.csv",
])
def test_a_damaged_manifest_line_is_named(scratch_data, line):
    manifest = scratch_data / "SHA256SUMS"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    lines[2] = line
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="Line 3 of the checksum list data/SHA256SUMS is damaged"):
        data.load("sources")


def test_a_manifest_that_is_not_text_is_named(scratch_data):
    (scratch_data / "SHA256SUMS").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DataFileError, match="SHA256SUMS is damaged"):
        data.load("sources")


def test_a_folder_where_a_file_should_be_is_named(scratch_data):
    (scratch_data / "sources.csv").unlink()
    (scratch_data / "sources.csv").mkdir()
    with pytest.raises(DataFileError, match="folder where the data file data/sources.csv should be"):
        data.load("sources")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_an_unreadable_file_is_named(scratch_data):
    (scratch_data / "sources.csv").chmod(0)
    with pytest.raises(DataFileError, match="data/sources.csv cannot be read: you do not have permission"):
        data.load("sources")


def test_an_unreadable_file_is_named_even_for_root(scratch_data, monkeypatch):
    real_open = open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("sources.csv"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(DataFileError, match="data/sources.csv cannot be read: you do not have permission"):
        data.verified_path("sources.csv")


def test_a_crlf_checkout_is_diagnosed(scratch_data):
    """A Windows checkout with core.autocrlf=true: the message names the line endings and the fix."""
    target = scratch_data / "sources.csv"
    target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))
    with pytest.raises(DataFileError) as caught:
        data.load("sources")
    message = str(caught.value)
    assert "data/sources.csv has Windows line endings (CR LF)" in message
    assert "core.autocrlf false" in message and "checkout HEAD -- data/sources.csv" in message


def test_the_line_endings_fix_works_on_a_real_crlf_checkout(scratch_data, tmp_path, monkeypatch):
    """Check a module out with core.autocrlf=true and no .gitattributes, then run the printed commands."""
    module = scratch_data.parent
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", str(module)], check=True)
    subprocess.run([*git, "-C", str(module), "add", "."], check=True)
    subprocess.run([*git, "-C", str(module), "commit", "-qm", "data"], check=True)
    clone = tmp_path / "windows"
    subprocess.run([*git, "-c", "core.autocrlf=true", "clone", "-q", "--config", "core.autocrlf=true",
                    str(module), str(clone)], check=True)
    assert b"\r\n" in (clone / "data" / "sources.csv").read_bytes()
    _use_module_at(clone, monkeypatch)
    with pytest.raises(DataFileError) as caught:
        data.verified_path("sources.csv")
    commands = [line.strip() for line in str(caught.value).splitlines() if line.startswith("    git")]
    assert len(commands) == 3
    for command in commands:
        subprocess.run(command, shell=True, check=True, cwd=tmp_path)
    assert data.verified_path("sources.csv")


def test_restore_commands_are_quoted_for_the_shell(tmp_path, monkeypatch):
    """A module folder with a space, quotes and $ in its name: the pasted command still works."""
    root = tmp_path / "my module $HOME \"quoted\" 'x'"
    shutil.copytree(paths.DATA, root / "data")
    _use_module_at(root, monkeypatch)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", str(root)], check=True)
    subprocess.run([*git, "-C", str(root), "add", "."], check=True)
    subprocess.run([*git, "-C", str(root), "commit", "-qm", "data"], check=True)
    (root / "data" / "sources.csv").write_text("tampered", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        data.verified_path("sources.csv")
    command = next(line for line in str(caught.value).splitlines() if line.startswith("    git")).strip()
    subprocess.run(["bash", "-c", command], check=True, cwd=tmp_path)
    assert data.verified_path("sources.csv")


def test_hashing_streams_the_file(tmp_path):
    """A large file is hashed block by block: memory use does not grow with its size."""
    import hashlib
    import tracemalloc

    big = tmp_path / "big.bin"
    with open(big, "wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # 64 MB of zeros, sparse on disk
    tracemalloc.start()
    digest = data.sha256(big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2 * 1024 * 1024
    assert digest == hashlib.sha256(bytes(64 * 1024 * 1024)).hexdigest()


@pytest.mark.parametrize("content", [b"a\r\nb\r\n", b"\r\n" * 70000, b"x" * 65535 + b"\r\nend", b"lone\rcr\r"])
def test_the_crlf_hash_equals_the_hash_of_the_converted_bytes(tmp_path, content):
    import hashlib

    path = tmp_path / "f"
    path.write_bytes(content)
    assert data.sha256(path, crlf_as_lf=True) == hashlib.sha256(content.replace(b"\r\n", b"\n")).hexdigest()


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


def test_every_registered_source_is_cited_somewhere():
    # Issue #9: the registry holds what the module cites, and nothing else.
    from unlocked.sources import cited_ids

    known = set(SOURCES.index)
    used = set()
    for notebook in (paths.ROOT / "source").glob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            used |= set(cited_ids(text)) | (set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", text)) & known)
    for table in paths.DATA.rglob("*.csv"):
        frame = pd.read_csv(table, dtype=str)
        for column in (c for c in frame.columns if "source" in c):
            used |= {i for cell in frame[column].dropna() for i in split_ids(cell)}
    for module in (paths.ROOT / "unlocked").rglob("*.py"):
        used |= set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", module.read_text(encoding="utf-8"))) & known
    assert not known - used, f"cited nowhere: {sorted(known - used)}"
