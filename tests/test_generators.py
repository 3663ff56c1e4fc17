"""What both seeded generators promise (the evidence of notebook 02, the cohort of notebook 06).

The same seed gives the same bytes, the committed copy in ``data/`` is exactly a fresh
generation with the default seed, a generation is quick and small, a folder made earlier
is replaced whole, the command line writes what ``generate`` writes, and every file is
fictional. Each test runs
against both generators (the ``generator`` fixture in conftest.py); what is particular to
one generator's files is tested in tests/test_evidence.py and tests/test_cohort.py, and the
data-safety rules of both in tests/test_safety.py and tests/test_cli.py.
"""

from __future__ import annotations

import importlib
import time

from tests.conftest import hashes
from unlocked.evidence import fiction
from unlocked.paths import ROOT

#: Seconds (on a free core) and bytes a generation may take, at most.
LIMITS = {"evidence": (5, 1_500_000), "cohort": (20, 1_600_000)}


def test_same_seed_gives_byte_identical_files(generator, generated_folder, tmp_path):
    again = generator.generate(tmp_path / "again", seed=generator.DEFAULT_SEED)
    assert hashes(again) == hashes(generated_folder(generator.FOLDER.name, generator.DEFAULT_SEED))


def test_another_seed_gives_the_same_files_with_other_content(generator, generated_folder):
    name = generator.FOLDER.name
    a, b = hashes(generated_folder(name, generator.DEFAULT_SEED)), hashes(generated_folder(name, 7))
    assert a.keys() == b.keys()
    assert a != b


def test_committed_copy_is_a_fresh_generation_with_the_default_seed(generator, generated_folder):
    name = generator.FOLDER.name
    assert generator.DEFAULT_OUT == ROOT / "data" / name
    assert generator.DEFAULT_OUT.is_dir(), f"data/{name}/ is missing: run `make {name}`"
    assert hashes(generator.DEFAULT_OUT) == hashes(generated_folder(name, generator.DEFAULT_SEED)), (
        f"data/{name}/ differs from a fresh generation: run `make {name}` "
        f"(python -m unlocked.{name} --into-module-data)")


def test_generation_is_quick_and_small(generator, tmp_path):
    seconds, size = LIMITS[generator.FOLDER.name]
    started = time.perf_counter()
    out = generator.generate(tmp_path / "timed", seed=3)
    assert time.perf_counter() - started < seconds
    assert sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) < size


def test_regenerating_replaces_the_earlier_folder_and_leaves_no_staging_folder(generator, generated_folder,
                                                                               tmp_path):
    target = tmp_path / "out"
    generator.generate(target, seed=7)
    generator.generate(target, seed=generator.DEFAULT_SEED)
    assert hashes(target) == hashes(generated_folder(generator.FOLDER.name, generator.DEFAULT_SEED))
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_the_command_line_writes_what_generate_writes(generator, generated_folder, tmp_path, capsys):
    cli = importlib.import_module(f"{generator.__package__}.__main__")
    assert cli.main(["--seed", "7", "--out", str(tmp_path / "cli")]) == 0
    assert "seed 7" in capsys.readouterr().out
    assert hashes(tmp_path / "cli") == hashes(generated_folder(generator.FOLDER.name, 7))


def test_the_folder_its_hash_list_and_the_readme_agree(generator, generated_folder):
    root = generated_folder(generator.FOLDER.name, 7)
    listed = dict(reversed(line.split("  ", 1)) for line in (root / "hashes.sha256").read_text().splitlines())
    files = hashes(root)
    files.pop("hashes.sha256")
    assert listed == files
    assert "--seed 7" in (root / "README.md").read_text(encoding="utf-8")


def test_everything_is_fictional(generator, generated_folder):
    for seed in (generator.DEFAULT_SEED, 7):
        assert fiction.scan_tree(generated_folder(generator.FOLDER.name, seed)) == {}, seed
