"""Chrome's ``History`` database: ``urls``, ``visits``, ``keyword_search_terms``.

Chrome counts time in **microseconds since 1601-01-01 00:00 UTC** (the
"WebKit" or Windows FILETIME epoch divided by ten). One row in ``urls`` per
address with running totals; one row in ``visits`` per time it was opened,
pointing back to ``urls.id``.
"""

from __future__ import annotations

from pathlib import Path

from . import clock
from .sqlitefile import building, create, insert
from .timeline import Timeline, Visit

HISTORY = "data/data/com.android.chrome/app_chrome/Default/History"

SCHEMA = (
    "CREATE TABLE meta (key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR)",
    "CREATE TABLE urls (id INTEGER PRIMARY KEY AUTOINCREMENT, url LONGVARCHAR, title LONGVARCHAR, "
    "visit_count INTEGER DEFAULT 0 NOT NULL, typed_count INTEGER DEFAULT 0 NOT NULL, "
    "last_visit_time INTEGER NOT NULL, hidden INTEGER DEFAULT 0 NOT NULL)",
    "CREATE TABLE visits (id INTEGER PRIMARY KEY AUTOINCREMENT, url INTEGER NOT NULL, "
    "visit_time INTEGER NOT NULL, from_visit INTEGER, external_referrer_url TEXT, "
    "transition INTEGER DEFAULT 0 NOT NULL, segment_id INTEGER, visit_duration INTEGER DEFAULT 0 NOT NULL, "
    "incremented_omnibox_typed_score BOOLEAN DEFAULT FALSE NOT NULL, opener_visit INTEGER, "
    "originator_cache_guid TEXT, originator_visit_id INTEGER, originator_from_visit INTEGER, "
    "originator_opener_visit INTEGER, is_known_to_sync BOOLEAN DEFAULT FALSE NOT NULL, "
    "consider_for_ntp_most_visited BOOLEAN DEFAULT FALSE NOT NULL, visited_link_id INTEGER DEFAULT 0 NOT NULL, "
    "app_id TEXT)",
    "CREATE INDEX visits_url_index ON visits (url)",
    "CREATE INDEX visits_time_index ON visits (visit_time)",
    "CREATE INDEX urls_url_index ON urls (url)",
    "CREATE TABLE keyword_search_terms (keyword_id INTEGER NOT NULL, url_id INTEGER NOT NULL, "
    "term LONGVARCHAR NOT NULL, normalized_term LONGVARCHAR NOT NULL)",
    "CREATE INDEX keyword_search_terms_index1 ON keyword_search_terms (keyword_id, normalized_term)",
)

#: Core page-transition types: ``transition & 0xFF``.
CORE_TRANSITIONS = {0: "LINK", 1: "TYPED", 2: "AUTO_BOOKMARK", 3: "AUTO_SUBFRAME", 4: "MANUAL_SUBFRAME",
                    5: "GENERATED", 6: "AUTO_TOPLEVEL", 7: "FORM_SUBMIT", 8: "RELOAD", 9: "KEYWORD",
                    10: "KEYWORD_GENERATED"}
#: Qualifier bits above the core type.
QUALIFIERS = {0x01000000: "FORWARD_BACK", 0x02000000: "FROM_ADDRESS_BAR", 0x04000000: "HOME_PAGE",
              0x08000000: "FROM_API", 0x10000000: "CHAIN_START", 0x20000000: "CHAIN_END",
              0x40000000: "CLIENT_REDIRECT", 0x80000000: "SERVER_REDIRECT"}

#: The default search engine's id in Chrome's keyword table (held in another file, "Web Data").
SEARCH_KEYWORD_ID = 2


def visit_time(v: Visit) -> int:
    """The visit's WebKit time; a few deterministic microseconds make it look like a real clock
    (except for a visit placed on an exact instant on purpose)."""
    return clock.webkit_us(v.t) + (0 if v.exact else (v.id * 7919) % 1000)


def write_history(path: Path, timeline: Timeline) -> None:
    """Write Chrome's ``History`` file from the timeline's visits."""
    url_ids: dict[str, int] = {}
    for v in timeline.visits:
        url_ids.setdefault(v.url, len(url_ids) + 1)
    urls = []
    for url, uid in url_ids.items():
        seen = [v for v in timeline.visits if v.url == url]
        typed = sum(1 for v in seen if v.transition & 0xFF == 1)
        urls.append((uid, url, seen[-1].title, len(seen), typed, visit_time(seen[-1]), 0))
    visits = [
        (v.id, url_ids[v.url], visit_time(v), v.from_visit, "", v.transition, 0, v.duration_ms * 1000,
         1 if v.transition & 0xFF == 1 else 0, 0, "", 0, 0, 0, 0, 1, 0, None)
        for v in timeline.visits
    ]
    terms, seen_terms = [], set()
    for v in timeline.visits:
        if v.search_term and v.url not in seen_terms:
            seen_terms.add(v.url)
            terms.append((SEARCH_KEYWORD_ID, url_ids[v.url], v.search_term, v.search_term.lower()))
    with building(path) as con:
        create(con, SCHEMA)
        insert(con, "meta", ("key", "value"),
               [("mmap_status", "-1"), ("version", "67"), ("last_compatible_version", "16")])
        insert(con, "urls", ("id", "url", "title", "visit_count", "typed_count", "last_visit_time", "hidden"),
               urls)
        insert(con, "visits", ("id", "url", "visit_time", "from_visit", "external_referrer_url", "transition",
                               "segment_id", "visit_duration", "incremented_omnibox_typed_score",
                               "opener_visit", "originator_cache_guid", "originator_visit_id",
                               "originator_from_visit", "originator_opener_visit", "is_known_to_sync",
                               "consider_for_ntp_most_visited", "visited_link_id", "app_id"), visits)
        insert(con, "keyword_search_terms", ("keyword_id", "url_id", "term", "normalized_term"), terms)
