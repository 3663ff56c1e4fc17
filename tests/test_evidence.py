"""Tests for the synthetic phone extraction (``unlocked.evidence``).

They check what notebook 02 promises learners: the files are in real formats
with real epochs, they are reproducible from the seed (so the committed copy
is exactly what the generator makes), deleted messages really are recoverable
from free space, every identifier is fictional, and the answer key in
``unlocked.evidence.persona`` / ``ground_truth`` agrees with the files.

Decoding here is written out independently of ``unlocked.evidence.clock``, so
a mistake in the generator's epoch arithmetic cannot hide behind the same
mistake in the test.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # when run without the repository's pytest.ini
    sys.path.insert(0, str(ROOT))

from tests.conftest import hashes  # noqa: E402
from unlocked.evidence import DEFAULT_SEED, build_timeline, clock, ground_truth, persona  # noqa: E402
from unlocked.evidence import fiction  # noqa: E402
from unlocked.evidence import report as evidence_report  # noqa: E402

SEEDS = (DEFAULT_SEED, 7)

MMSSMS = "android/data/data/com.android.providers.telephony/databases/mmssms.db"
CALLLOG = "android/data/data/com.android.providers.contacts/databases/calllog.db"
CONTACTS2 = "android/data/data/com.android.providers.contacts/databases/contacts2.db"
HISTORY = "android/data/data/com.android.chrome/app_chrome/Default/History"
PACKAGES = "android/data/system/packages.xml"
SMS_DB = "iphone/private/var/mobile/Library/SMS/sms.db"
LOCATIONS = "tool_exports/location_points.csv"
PHOTOS = "tool_exports/photo_exif.csv"
APPS = "tool_exports/installed_apps.csv"

# The fictional period, written out by hand: 1 Sep 2026 00:00 CEST to 1 Nov 2026 00:00 CET.
START = pd.Timestamp("2026-09-01T00:00:00+02:00")
END = pd.Timestamp("2026-11-01T00:00:00+01:00")

UNIX = pd.Timestamp("1970-01-01", tz="UTC")
WEBKIT = pd.Timestamp("1601-01-01", tz="UTC")
MAC = pd.Timestamp("2001-01-01", tz="UTC")

# Named in the brief: none may appear anywhere in the fiction.
REAL_NAMES = ("Milanov", "Ristić", "Ristic", "Veljković", "Veljkovic", "Vučić", "Vucic",
              "Cellebrite", "NoviSpy", "Amnesty")


# ============================================================================ helpers and fixtures


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(path: Path, sql: str) -> pd.DataFrame:
    con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return pd.read_sql_query(sql, con)
    finally:
        con.close()


def pragma(path: Path, name: str) -> object:
    con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return con.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module", params=SEEDS, ids=lambda s: f"seed{s}")
def evidence(request, generated_folder) -> tuple[int, Path]:
    """Each seed's evidence folder, generated once per run (tests/conftest.py)."""
    return request.param, generated_folder("evidence", request.param)


@pytest.fixture(scope="module")
def timelines():
    return {seed: build_timeline(seed) for seed in SEEDS}


def in_period(stamps: pd.Series) -> bool:
    stamps = pd.Series(stamps)
    return bool(((stamps >= START) & (stamps < END)).all())


# ============================================================================ determinism
# (What both generators promise, and their data-safety rules: tests/test_generators.py, test_safety.py.)


def test_another_seed_gives_different_files(generated_folder):
    a, b = hashes(generated_folder("evidence", DEFAULT_SEED)), hashes(generated_folder("evidence", 7))
    assert a.keys() == b.keys()
    for name in (MMSSMS, CALLLOG, HISTORY, SMS_DB, LOCATIONS, PHOTOS):
        assert a[name] != b[name], name


def test_no_journal_wal_or_temporary_files_are_left(evidence):
    _, root = evidence
    leftovers = [p.name for p in root.rglob("*") if p.name.endswith(("-wal", "-shm", "-journal", ".building"))]
    assert leftovers == []
    assert [p.name for p in root.parent.iterdir()] == [root.name]  # no staging folder left beside it


# ============================================================================ formats

EXPECTED_COLUMNS = {
    MMSSMS: {
        "sms": {"_id", "thread_id", "address", "person", "date", "date_sent", "protocol", "read", "status",
                "type", "reply_path_present", "subject", "body", "service_center", "locked", "seen"},
        "threads": {"_id", "date", "message_count", "recipient_ids", "snippet", "read"},
        "canonical_addresses": {"_id", "address"},
    },
    CALLLOG: {"calls": {"_id", "number", "presentation", "date", "duration", "type", "name", "countryiso",
                        "normalized_number", "new", "is_read"}},
    CONTACTS2: {
        "raw_contacts": {"_id", "contact_id", "display_name", "starred", "deleted"},
        "contacts": {"_id", "name_raw_contact_id", "lookup", "contact_last_updated_timestamp"},
        "data": {"_id", "mimetype_id", "raw_contact_id", "data1", "data2", "data3", "data4"},
        "mimetypes": {"_id", "mimetype"},
        "groups": {"_id", "title"},
    },
    HISTORY: {
        "urls": {"id", "url", "title", "visit_count", "typed_count", "last_visit_time", "hidden"},
        "visits": {"id", "url", "visit_time", "from_visit", "transition", "visit_duration"},
        "keyword_search_terms": {"keyword_id", "url_id", "term", "normalized_term"},
    },
    SMS_DB: {
        "message": {"ROWID", "guid", "text", "handle_id", "service", "date", "date_read", "date_delivered",
                    "is_from_me", "is_read"},
        "handle": {"ROWID", "id", "service", "country"},
        "chat": {"ROWID", "guid", "style", "chat_identifier", "display_name"},
        "chat_message_join": {"chat_id", "message_id", "message_date"},
        "chat_handle_join": {"chat_id", "handle_id"},
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED_COLUMNS))
def test_databases_open_with_the_real_tables_and_columns(evidence, name):
    _, root = evidence
    path = root / name
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert pragma(path, "integrity_check") == "ok"
    assert pragma(path, "page_size") == 4096
    assert pragma(path, "auto_vacuum") == 0
    assert pragma(path, "journal_mode") == "delete"
    for table, columns in EXPECTED_COLUMNS[name].items():
        present = set(query(path, f'PRAGMA table_info("{table}")')["name"])
        assert columns <= present, (table, columns - present)


def test_contacts_use_the_real_mimetypes(evidence):
    _, root = evidence
    mimetypes = set(query(root / CONTACTS2, "SELECT mimetype FROM mimetypes")["mimetype"])
    for kind in ("name", "phone_v2", "email_v2", "organization", "group_membership"):
        assert f"vnd.android.cursor.item/{kind}" in mimetypes


def test_type_codes_are_the_real_ones(evidence):
    _, root = evidence
    assert set(query(root / MMSSMS, "SELECT DISTINCT type FROM sms")["type"]) <= {1, 2, 3, 4, 5, 6}
    assert set(query(root / CALLLOG, "SELECT DISTINCT type FROM calls")["type"]) <= {1, 2, 3, 4, 5, 6, 7}
    assert set(query(root / SMS_DB, "SELECT DISTINCT style FROM chat")["style"]) <= {43, 45}
    cores = query(root / HISTORY, "SELECT transition FROM visits")["transition"] & 0xFF
    assert set(cores) <= set(range(11))


def test_every_timestamp_decodes_into_the_period(evidence):
    _, root = evidence

    def ms(path, sql):
        values = query(root / path, sql).iloc[:, 0]
        return UNIX + pd.to_timedelta(values[values != 0], unit="ms")

    def webkit(sql):
        return WEBKIT + pd.to_timedelta(query(root / HISTORY, sql).iloc[:, 0], unit="us")

    def mac(sql):
        values = query(root / SMS_DB, sql).iloc[:, 0]
        assert (values[values != 0] > 10**15).all()  # nanoseconds, as newer iOS versions store them
        return MAC + pd.to_timedelta(values[values != 0], unit="ns")

    checks = {
        "sms.date": ms(MMSSMS, "SELECT date FROM sms"),
        "sms.date_sent": ms(MMSSMS, "SELECT date_sent FROM sms"),
        "threads.date": ms(MMSSMS, "SELECT date FROM threads"),
        "calls.date": ms(CALLLOG, "SELECT date FROM calls"),
        "calls.last_modified": ms(CALLLOG, "SELECT last_modified FROM calls"),
        "contacts.updated": ms(CONTACTS2, "SELECT contact_last_updated_timestamp FROM contacts"),
        "urls.last_visit_time": webkit("SELECT last_visit_time FROM urls"),
        "visits.visit_time": webkit("SELECT visit_time FROM visits"),
        "message.date": mac("SELECT date FROM message"),
        "message.date_read": mac("SELECT date_read FROM message"),
        "message.date_delivered": mac("SELECT date_delivered FROM message"),
        "chat_message_join.message_date": mac("SELECT message_date FROM chat_message_join"),
        "chat.last_read": mac("SELECT last_read_message_timestamp FROM chat"),
    }
    packages = ET.parse(root / PACKAGES).getroot().findall("package")
    checks["packages.xml"] = pd.Series([UNIX + pd.Timedelta(milliseconds=int(p.get(attr), 16))
                                        for p in packages for attr in ("ft", "it", "ut")])
    apps = pd.read_csv(root / APPS)
    checks["installed_apps"] = UNIX + pd.to_timedelta(apps["first_install_time_ms"], unit="ms")
    checks["locations"] = pd.to_datetime(pd.read_csv(root / LOCATIONS)["timestamp_utc"], utc=True)
    photos = pd.read_csv(root / PHOTOS, dtype=str).dropna(subset=["DateTimeOriginal"])
    local = pd.to_datetime(photos["DateTimeOriginal"], format="%Y:%m:%d %H:%M:%S")
    offset = pd.to_timedelta(photos["OffsetTimeOriginal"].str[1:3].astype(int), unit="h")
    checks["photos"] = (local - offset).dt.tz_localize("UTC")
    rep = json.loads((root / "report.json").read_text(encoding="utf-8"))
    times = [e["time"] for e in rep["custody_log"]]
    times += [x[k] for x in rep["extractions"] for k in ("extraction_start", "extraction_end")]
    times.append(rep["case"]["legal_authority"]["issued"])
    checks["report.json"] = pd.Series([pd.Timestamp(t) for t in times])
    for name, stamps in checks.items():
        assert len(stamps) > 0, name
        assert in_period(stamps), name


def test_exif_offset_follows_the_end_of_summer_time(evidence):
    seed, root = evidence
    photos = pd.read_csv(root / PHOTOS, dtype=str).dropna(subset=["DateTimeOriginal"])
    before = photos["DateTimeOriginal"] < "2026:10:25 02:00:00"
    assert set(photos.loc[before, "OffsetTimeOriginal"]) == {"+02:00"}
    assert set(photos.loc[~before, "OffsetTimeOriginal"]) <= {"+01:00"}
    assert photos["GPSLatitudeRef"].isin(["N", "S"]).all() and photos["GPSLongitudeRef"].isin(["E", "W"]).all()


def test_files_say_what_the_timeline_says(evidence, timelines):
    seed, root = evidence
    tl = timelines[seed]
    live = [m for m in tl.android_messages() if not m.deleted]
    sms = query(root / MMSSMS, "SELECT _id, date, body FROM sms ORDER BY _id")
    assert list(sms["_id"]) == [m.id for m in live]
    assert list(sms["body"]) == [m.text for m in live]
    assert list(sms["date"]) == [m.t for m in live]
    message = query(root / SMS_DB, "SELECT ROWID, text, date, is_from_me FROM message ORDER BY ROWID")
    assert list(message["text"]) == [m.text for m in tl.iphone_messages()]
    assert list(message["date"]) == [(m.t - 978_307_200_000) * 1_000_000 for m in tl.iphone_messages()]
    assert len(query(root / CALLLOG, "SELECT _id FROM calls")) == len(tl.calls)
    assert len(query(root / HISTORY, "SELECT id FROM visits")) == len(tl.visits)
    assert len(pd.read_csv(root / LOCATIONS)) == len(tl.locations)
    assert len(pd.read_csv(root / PHOTOS)) == len(tl.photos)
    assert len(pd.read_csv(root / APPS)) == len(tl.apps) == len(ET.parse(root / PACKAGES).getroot().findall("package"))


def test_hash_list_covers_and_verifies_every_file(evidence, tmp_path):
    _, root = evidence
    listed = {}
    for line in (root / "hashes.sha256").read_text(encoding="utf-8").splitlines():
        value, rel = line.split("  ", 1)
        listed[rel] = value
    everything = {k: v for k, v in hashes(root).items() if k != "hashes.sha256"}
    assert listed == everything
    assert evidence_report.verify_hash_list(root) == []
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    target = copy / MMSSMS
    raw = bytearray(target.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    target.write_bytes(bytes(raw))
    assert evidence_report.verify_hash_list(copy) == [MMSSMS]


def test_report_reads_like_a_tool_summary(evidence):
    _, root = evidence
    rep = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert rep["tool"]["name"] == "ExtractKit" and rep["tool"]["version"]
    assert rep["case"]["case_number"] == persona.WARRANT.case_number
    assert rep["case"]["examiner_id"]
    assert rep["hash_algorithm"] == "SHA-256" and rep["hash_list"] == "hashes.sha256"
    for item in rep["extractions"]:
        assert item["acquisition_type"] == "Full file system"
        assert item["lock_state_at_acquisition"].startswith("AFU")
        assert {"make", "model", "os_version"} <= set(item["device"])
        assert pd.Timestamp(item["extraction_start"]) < pd.Timestamp(item["extraction_end"])
        for path in item["artifacts"]:
            assert (root / path).is_file(), path
    named = {p["number"] for p in rep["case"]["legal_authority"]["named_persons"]}
    assert named == set(persona.WARRANT.named_numbers)


def test_tool_exports_match_their_descriptor(evidence):
    frictionless = pytest.importorskip("frictionless")
    _, root = evidence
    result = frictionless.Package(str(root / "tool_exports" / "datapackage.json")).validate()
    assert result.valid, result.flatten(["resourceName", "rowNumber", "fieldName", "note"])


def test_readme_documents_the_seed_and_every_file(evidence):
    seed, root = evidence
    text = (root / "README.md").read_text(encoding="utf-8")
    assert f"--seed {seed}" in text and "fictional" in text
    for rel in hashes(root):
        if rel not in ("README.md", "hashes.sha256"):
            assert f"`{rel}`" in text, rel


# ============================================================================ fiction only
# (The fiction scan of every file, for both generators: tests/test_generators.py.)


def test_no_real_names_in_any_byte(evidence):
    _, root = evidence
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes().lower()
            for name in REAL_NAMES:
                assert name.lower().encode("utf-8") not in data, (path, name)


def test_every_number_and_address_in_the_databases_is_reserved(evidence):
    _, root = evidence
    numbers = list(query(root / MMSSMS, "SELECT address FROM sms")["address"])
    numbers += list(query(root / CALLLOG, "SELECT number FROM calls WHERE number != ''")["number"])
    numbers += list(query(root / CONTACTS2, "SELECT data1 FROM data d JOIN mimetypes m ON m._id = d.mimetype_id "
                                            "WHERE m.mimetype LIKE '%phone_v2'")["data1"])
    handles = list(query(root / SMS_DB, "SELECT id FROM handle")["id"])
    for value in numbers + handles:
        if "@" in value:
            assert value.split("@")[1] in {"example.org", "example.com", "example.net"}, value
        elif any(ch.isdigit() for ch in value):
            assert fiction.is_reserved_number(value), value
        else:
            assert value in persona.SENDER_IDS, value  # alphanumeric sender names
    for url in query(root / HISTORY, "SELECT url FROM urls")["url"]:
        assert fiction.is_reserved_host(urlsplit(url).hostname), url


@pytest.mark.parametrize("text", [
    "+44 7911 123456", "07911 123456", "+381 64 123 4567", "call 0641234567", "+1-202-555-0200",
    "(415) 555-2671", "someone@gmail.com", "https://www.realnews.com/a", "see www.realnews.org", "Amnesty",
])
def test_the_scan_catches_real_looking_data(text):
    assert fiction.scan_text(text)
    assert fiction.scan_bytes(b"\x00\x01" + text.encode("utf-8") + b"\x00")


def test_the_strict_scan_also_catches_bare_domains():
    # In raw database bytes only "www." names count (package names look like domains there).
    assert fiction.scan_text("see wikipedia.org")


@pytest.mark.parametrize("text", [
    "+447700900123", "+44 7700 900999", "07700 900000", "+1-202-555-0142", "(312) 555-0100", "555-0199",
    "ilka@example.org", "https://www.search.example/search?q=x", "https://weather.example.com/", "2026-09-14",
    "44.491188", "IMG_20260917_193210.jpg", "8834257C-FD53-4BC4-8A25-42434B000000", "1788243262172",
])
def test_the_scan_passes_fictional_data(text):
    assert fiction.scan_text(text) == []


# ============================================================================ deleted rows


def test_deleted_messages_survive_in_free_space_only(evidence, timelines):
    seed, root = evidence
    deleted = timelines[seed].deleted_messages()
    assert len(deleted) >= 3 and {m.contact for m in deleted} == {"kit"}
    raw = (root / MMSSMS).read_bytes()
    live_bodies = set(query(root / MMSSMS, "SELECT body FROM sms")["body"])
    snippets = set(query(root / MMSSMS, "SELECT snippet FROM threads")["snippet"])
    live_ids = set(query(root / MMSSMS, "SELECT _id FROM sms")["_id"])
    for m in deleted:
        assert m.text.encode("utf-8") in raw, m.id
        assert m.text not in live_bodies and m.text not in snippets, m.id
        assert m.id not in live_ids
    # The ids left a gap that an examiner can notice.
    assert max(live_ids) > min(m.id for m in deleted)


# ============================================================================ the answer key


def test_warrant_covers_a_small_share_and_both_named_people(timelines):
    for tl in timelines.values():
        comms = list(tl.messages) + list(tl.calls)
        share = sum(r.in_scope for r in comms) / len(comms)
        assert 0.04 <= share <= 0.11, share
        assert {r.contact for r in comms if r.in_scope} == set(persona.WARRANT.named)


def test_window_edges_punish_filtering_by_utc_date(timelines):
    # A message at 00:41 on 14 Sep town time is inside the window though its UTC date is 13 Sep;
    # one at 00:25 on 29 Sep is outside though its UTC date is 28 Sep.
    for tl in timelines.values():
        first = next(m for m in tl.messages if m.text.startswith("Can't sleep. Thinking"))
        late = next(m for m in tl.messages if m.text.startswith("He's asking everyone"))
        assert first.in_scope and clock.iso_utc(first.t).startswith("2026-09-13")
        assert not late.in_scope and clock.iso_utc(late.t).startswith("2026-09-28")


def test_categories_can_be_derived_from_the_extraction(evidence, timelines):
    seed, root = evidence
    groups = query(root / CONTACTS2, """
        SELECT p.data4 AS number, g.title FROM data p
        JOIN mimetypes mp ON mp._id = p.mimetype_id AND mp.mimetype LIKE '%phone_v2'
        JOIN data gm ON gm.raw_contact_id = p.raw_contact_id
        JOIN mimetypes mg ON mg._id = gm.mimetype_id AND mg.mimetype LIKE '%group_membership'
        JOIN groups g ON g._id = CAST(gm.data1 AS INTEGER)""")
    category_of = {row.number: persona.GROUP_CATEGORY[row.title] for row in groups.itertuples()}
    category_of.update(persona.SENDER_IDS)
    sms = query(root / MMSSMS, "SELECT _id AS id, address FROM sms")
    truth = ground_truth(seed).query("artifact == 'android_sms'").set_index("record_id")["category"]
    for row in sms.itertuples():
        assert category_of[row.address] == truth[row.id] == persona.category_of_address(row.address)


def test_every_sensitive_category_is_present(timelines):
    for seed in timelines:
        truth = ground_truth(seed)
        assert set(persona.SENSITIVE_CATEGORIES) <= set(truth["category"])
        assert truth["deleted"].sum() == len(timelines[seed].deleted_messages())
        assert set(truth.loc[truth["sensitive"], "category"]) <= persona.SENSITIVE_CATEGORIES


def test_suspicious_package_was_installed_while_in_custody(evidence):
    _, root = evidence
    apps = pd.read_csv(root / APPS).set_index("package_name")
    app = apps.loc[persona.SUSPICIOUS_PACKAGE]
    installed = UNIX + pd.Timedelta(milliseconds=int(app["first_install_time_ms"]))
    seized = pd.Timestamp(clock.iso_local(persona.local_to_ms(persona.SEIZED_LOCAL)))
    started = pd.Timestamp(clock.iso_local(persona.local_to_ms(persona.EXTRACTION_START_LOCAL)))
    assert seized < installed < started
    assert app["install_initiator"] == "com.android.shell" and pd.isna(app["installer"])
    # No user record on the phone is later than the seizure.
    assert pd.to_datetime(pd.read_csv(root / LOCATIONS)["timestamp_utc"], utc=True).max() < seized


# ============================================================================ epochs (property-based)


@given(st.integers(min_value=clock.PERIOD_START_MS, max_value=clock.PERIOD_END_MS - 1))
def test_epoch_encodings_agree_with_pandas(unix_ms):
    instant = UNIX + pd.Timedelta(milliseconds=unix_ms)
    assert WEBKIT + pd.Timedelta(microseconds=clock.webkit_us(unix_ms)) == instant
    assert MAC + pd.Timedelta(clock.mac_ns(unix_ms), unit="ns") == instant
    assert int(clock.hex_ms(unix_ms), 16) == unix_ms
    local, offset = clock.exif_datetime(unix_ms)
    utc_again = pd.Timestamp(local.replace(":", "-", 2)) - pd.Timedelta(hours=int(offset[1:3]))
    assert utc_again.tz_localize("UTC") == instant.floor("s")
