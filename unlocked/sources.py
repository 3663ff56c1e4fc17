"""The source registry: every fact in the module points at one of its rows.

Notebooks cite sources in their text as ``[@source-id]`` (several as
``[@one; @two]``) and datasets in a ``source_ids`` column (ids separated by
``;``). The build renders each notebook's "Sources and further reading"
section from the ids it cites.
"""

from __future__ import annotations

import re

import pandas as pd

from .data import load

_BRACKET = re.compile(r"\[(@[^\]]+)\]")
_ID = re.compile(r"@([a-z0-9][a-z0-9-]*[a-z0-9])")


def cited_ids(text: str) -> list[str]:
    """Source ids cited in ``text``, in order of first mention, without repeats."""
    ids = [m for bracket in _BRACKET.findall(text) for m in _ID.findall(bracket)]
    return list(dict.fromkeys(ids))


def split_ids(cell: object) -> list[str]:
    """The ids in one ``source_ids`` cell of a dataset (``"a; b"`` -> ``["a", "b"]``)."""
    if not isinstance(cell, str):
        return []
    return [part.strip() for part in cell.split(";") if part.strip()]


def registry() -> pd.DataFrame:
    """All sources, indexed by id."""
    return load("sources").set_index("id")


def render(ids: list[str]) -> str:
    """A Markdown list of the given sources, sorted by publisher and date."""
    table = registry().loc[ids].reset_index()
    table = table.sort_values(["publisher", "date", "id"])
    lines = []
    for row in table.fillna({"date": "n.d."}).itertuples():
        lines.append(
            f"- **[{row.id}]** {row.publisher} ({row.date}). *{row.title}*. "
            f"<{row.url}> ({row.kind})"
        )
    return "\n".join(lines)
