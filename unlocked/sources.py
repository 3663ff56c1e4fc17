"""The source registry: every fact in the module points at one of its rows.

Authors cite sources in a source notebook's text as ``[@source-id]`` (several as
``[@one; @two]``) and in datasets in a ``source_ids`` column (ids separated by
``;``). The build turns each citation into a short readable label that links to
the source, such as "(Amnesty, Dec 2024)", and renders each notebook's "Sources
and further reading" section from the ids it cites; learners never see a raw id
in the text.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import pandas as pd

from .data import load

_BRACKET = re.compile(r"\[(@[^\]]+)\]")
_ID = re.compile(r"@([a-z0-9][a-z0-9-]*[a-z0-9])")
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

#: Short names for publishers whose full name would swamp a sentence.
SHORT_NAMES = {
    "Amnesty International": "Amnesty",
    "Amnesty International Security Lab": "Amnesty Security Lab",
    "Associated Press": "AP",
    "Android Open Source Project": "Android docs",
    "Balkan Investigative Reporting Network": "BIRN",
    "BIRN Serbia": "BIRN",
    "Federal Bureau of Investigation": "FBI",
    "Independent Journalists' Association of Serbia": "NUNS",
    "International Organization for Standardization": "ISO/IEC",
    "NIST National Vulnerability Database": "NVD",
    "National Institute of Standards and Technology": "NIST",
    "Supreme Court of the United States": "US Supreme Court",
    "UK Information Commissioner's Office": "UK ICO",
    "UN Special Rapporteur on the situation of human rights defenders": "UN Special Rapporteur",
    "Association of Chief Police Officers": "ACPO",
    "Youth Initiative for Human Rights": "YIHR",
}
_ACRONYM = re.compile(r"^[A-Z][A-Za-z/]{1,9}$")


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


def short_publisher(publisher: str) -> str:
    """A publisher's name as a citation label shows it: "Amnesty", "AP", "CISA"."""
    base, _, rest = publisher.partition(" (")
    inside = rest.rstrip(")")
    if base in SHORT_NAMES:
        return SHORT_NAMES[base]
    if _ACRONYM.match(inside) and sum(ch.isupper() for ch in inside) >= 2:
        return inside  # "US Cybersecurity ... Agency (CISA)" -> "CISA"
    return base


def _when(date: object) -> str:
    if not isinstance(date, str) or not date:
        return "undated"
    year, month = date[:4], date[5:7]
    return f"{_MONTHS[int(month) - 1]} {year}" if month else year


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    """A readable label for every source, unique across the registry.

    "Publisher, Mon YYYY" ("undated" for living documentation); where several sources would share a label, letters in
    the order of their dates tell them apart ("Amnesty, Dec 2024a", "…b").
    """
    table = registry().reset_index().sort_values(["date", "id"], na_position="first")
    plain = {row.id: f"{short_publisher(row.publisher)}, {_when(row.date)}" for row in table.itertuples()}
    counts = pd.Series(plain).value_counts()
    seen: dict[str, int] = {}
    result = {}
    for source_id, label in plain.items():
        if counts[label] > 1:
            seen[label] = seen.get(label, 0) + 1
            letter = "abcdefghijklmnopqrstuvwxyz"[seen[label] - 1]
            label += f" {letter}" if label.endswith("undated") else letter
        result[source_id] = label
    return result


def link(source_id: str) -> str:
    """A Markdown link to one source, labelled for reading: ``*[Amnesty, Dec 2024](url)*``.

    The link is set in italics (the ``*`` outside the brackets): in running text a link
    must differ from the words around it by more than its colour (WCAG 1.4.1), and
    JupyterLab shows links by colour alone.
    """
    return f"*[{labels()[source_id]}]({registry().at[source_id, 'url']})*"


def cite(text: str) -> str:
    """Replace every ``[@id]`` / ``[@a; @b]`` in Markdown text by linked, readable labels."""
    def replace(match: re.Match) -> str:
        return "(" + "; ".join(link(i) for i in _ID.findall(match[1])) + ")"

    return _BRACKET.sub(replace, text)


def cite_in_feedback(text: str, as_html: bool) -> str:
    """``[@id]`` citations in a feedback text as readable labels: linked in HTML, plain otherwise.

    ``text`` is already HTML-escaped when ``as_html``. Feedback must never fail, so if the
    registry cannot be read (a damaged data file) the citations stay as written.
    """
    try:
        known, urls = labels(), registry()["url"]
    except Exception:
        return text

    def label(source_id: str) -> str:
        if source_id not in known:
            return source_id
        if not as_html:
            return known[source_id]
        return f'<em><a href="{html.escape(urls[source_id], quote=True)}">{html.escape(known[source_id])}</a></em>'

    return _BRACKET.sub(lambda match: "(" + "; ".join(label(i) for i in _ID.findall(match[1])) + ")", text)


def render(ids: list[str]) -> str:
    """A Markdown list of the given sources, sorted by label, each with its id.

    The id stays visible here (and only here) so that a dataset's ``source_ids``
    can be looked up in the list. The title links to the source, in italics around the
    link so that the link stands out by its style, not by colour alone.
    """
    table = registry().loc[ids].reset_index()
    table["label"] = table["id"].map(labels())
    lines = []
    for row in table.sort_values(["label", "id"]).fillna({"date": "n.d."}).itertuples():
        lines.append(
            f"- **{row.label}.** {row.publisher} ({row.date}). *[{row.title}]({row.url})*. "
            f"{row.kind.capitalize()} source; id `{row.id}`."
        )
    return "\n".join(lines)
