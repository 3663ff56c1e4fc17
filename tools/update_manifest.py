"""Rewrite data/SHA256SUMS after an author deliberately changes a data file.

    python -m tools.update_manifest

Lists every file under data/ (except the list itself) with its SHA-256, in the
format ``sha256sum -c SHA256SUMS`` reads inside data/.
"""

from unlocked.data import sha256
from unlocked.paths import DATA, MANIFEST


def data_files() -> list[str]:
    """Every data file the manifest must cover, as paths relative to data/."""
    return sorted(
        path.relative_to(DATA).as_posix()
        for path in DATA.rglob("*")
        if path.is_file() and path != MANIFEST and not path.name.startswith(".")
    )


def manifest_text() -> str:
    return "".join(f"{sha256(DATA / name)}  {name}\n" for name in data_files())


if __name__ == "__main__":
    MANIFEST.write_text(manifest_text(), encoding="utf-8")
    print(f"wrote {MANIFEST.relative_to(DATA.parent)} ({len(data_files())} files)")
