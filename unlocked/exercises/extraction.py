"""Exercises of notebook 02, "Inside an extraction".

Every expected answer is worked out from an *evidence folder*, the way the
notebook works it out, so a check stays right whatever the folder holds:

* by default the committed synthetic extraction, ``data/evidence/``;
* or the folder named by the environment variable ``UNLOCKED_EVIDENCE_DIR``.
  An instructor can give each student their own variant::

      python -m unlocked.evidence --seed 7 --out my-evidence
      UNLOCKED_EVIDENCE_DIR=my-evidence jupyter lab

  The notebook reads the same folder (its set-up calls
  :func:`unlocked.evidence.evidence_root`),
  so learner and checker always look at the same files.

The functions here only compute expected values; the lesson's own pandas work
stays visible in the notebook. Where the notebook does something step by step
(tampering with a scratch copy, building the timeline, carving deleted text),
the function below does the same steps and must stay in step with it: the
instructor version of the notebook passing its own checks is the test of that.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import random
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from ..data import read_manifest, sha256
from ..errors import LearnerError
from ..evidence import HASH_LIST, evidence_file, evidence_root
from ..evidence.layout import APPS, CALLLOG, CONTACTS2, HISTORY, LOCATIONS, MMSSMS, SMS_DB
# Notebook 02 imports what it needs from this module, SENSITIVE_CATEGORIES and the evidence helpers included.
from ..evidence.persona import DOMAINS, GROUP_CATEGORY, SENDER_IDS, SENSITIVE_CATEGORIES  # noqa: F401
from ..feedback import Check, Discussion, register


# The three epochs of section 3.
APPLE_EPOCH = pd.Timestamp("2001-01-01", tz="UTC")
WEBKIT_EPOCH = pd.Timestamp("1601-01-01", tz="UTC")

#: The day the fictional newspaper ran its story (section 3 counts records on it, by UTC date).
STORY_DAY = pd.Timestamp("2026-09-25", tz="UTC")

#: Every SMS record ends with the app that wrote it (the ``creator`` column): section 6 searches for it.
SMS_MARKER = b"com.android.messaging"


# ============================================================================ the evidence folder


def _folder_state() -> tuple:
    """The evidence folder, and the size and modification time of its hash list and each file it lists.

    Anything unreadable gives a key of its own, so the function runs and says what is wrong.
    """
    root = evidence_root()
    try:
        listing = (root / HASH_LIST).read_text(encoding="utf-8")
        names = [HASH_LIST] + [line.split(maxsplit=1)[1] for line in listing.splitlines() if line.strip()]
        return (str(root), listing, *((os.stat(root / name).st_mtime_ns, os.stat(root / name).st_size)
                                      for name in names))
    except (OSError, IndexError, UnicodeDecodeError):
        return (object(),)


def per_folder(function: Callable) -> Callable:
    """Remember a function's result for as long as the evidence folder's files stay as they are.

    A check's expected answer and its slips read the same tables: without this, a wrong
    answer would query every database several times. Any change to a file (or another
    folder) gives a fresh computation, with the files' hashes checked again.
    """
    cache: dict = {}

    @functools.wraps(function)
    def remembered(*args, **kwargs):
        key = (_folder_state(), args, tuple(sorted(kwargs.items())))
        if key not in cache:
            if len(cache) >= 64:
                cache.clear()
            cache[key] = function(*args, **kwargs)
        value = cache[key]
        return value.copy() if hasattr(value, "copy") else value

    return remembered



def query(name: str, sql: str) -> pd.DataFrame:
    """Run one SQL query on an evidence database opened read-only."""
    path = evidence_file(name)
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return pd.read_sql(sql, con)
    finally:
        con.close()


@per_folder
def report() -> dict:
    """The tool's extraction report (``report.json``)."""
    return json.loads(evidence_file("report.json").read_text(encoding="utf-8"))


def tool_report() -> dict:
    """The tool's extraction report, ``report.json`` (hash-checked), as a dictionary."""
    return report()


def hash_list() -> pd.DataFrame:
    """The tool's hash list, ``hashes.sha256``, as a table with the columns ``sha256`` and ``file``."""
    lines = evidence_file(HASH_LIST).read_text(encoding="utf-8").splitlines()
    return pd.DataFrame([line.split(maxsplit=1) for line in lines if line.strip()], columns=["sha256", "file"])


def evidence_tables() -> tuple[pd.DataFrame, ...]:
    """The notebook's other tables, read-only and hash-checked, with their clocks still encoded.

    In this order: ``calls`` (Android call log), ``imessages`` (iPhone messages, each
    with the other party of its chat), ``handles`` (the iPhone's message handles),
    ``address_book`` (every number and e-mail address with its contact group and the
    entry's last edit) and ``apps`` (the installed packages the tool exported).
    Each is one SQL query, like the notebook's query of the SMS table.
    """
    calls = query(CALLLOG, "SELECT _id, number, date, duration, type FROM calls ORDER BY _id")
    imessages = query(SMS_DB, """
        SELECT m.ROWID, m.date, h.id AS party, m.text FROM message AS m
        JOIN chat_message_join AS cm ON cm.message_id = m.ROWID
        JOIN handle AS h ON h.ROWID = (SELECT MIN(handle_id) FROM chat_handle_join WHERE chat_id = cm.chat_id)
        ORDER BY m.ROWID""")
    handles = query(SMS_DB, "SELECT ROWID, id FROM handle ORDER BY ROWID")
    book = query(CONTACTS2, """
        SELECT r.display_name, COALESCE(d.data4, d.data1) AS address, g.title AS group_title,
               c.contact_last_updated_timestamp AS updated
        FROM raw_contacts AS r JOIN contacts AS c ON c._id = r.contact_id
        JOIN data AS d ON d.raw_contact_id = r._id JOIN mimetypes AS m ON m._id = d.mimetype_id
        JOIN data AS gm ON gm.raw_contact_id = r._id JOIN mimetypes AS mg ON mg._id = gm.mimetype_id
        JOIN groups AS g ON g._id = CAST(gm.data1 AS INTEGER)
        WHERE m.mimetype IN ('vnd.android.cursor.item/phone_v2', 'vnd.android.cursor.item/email_v2')
          AND mg.mimetype = 'vnd.android.cursor.item/group_membership' ORDER BY d._id""")
    apps = pd.read_csv(evidence_file(APPS))
    return calls, imessages, handles, book, apps


# ============================================================================ section 2: hashes

#: The evidence's SQLite databases: the careless viewer of :func:`mishandle` opens one of them.
DATABASES = (MMSSMS, CALLLOG, CONTACTS2, HISTORY, SMS_DB)


def mishandle(copy: str | Path) -> None:
    """Do to a scratch copy of an evidence folder what careless handling does, without saying where.

    One or two of the listed files get one byte flipped in their middle (a faulty
    cable or stick, say), and a database viewer opens one of the SQLite databases
    read-write and switches it to write-ahead logging, which rewrites its header.
    Which files, is decided by the copy's own hash list: the same folder always
    gets the same damage (so re-running the step gives the same answer), and each
    seed's folder gets its own.
    """
    copy = Path(copy)
    hash_list = (copy / HASH_LIST).read_bytes()
    dice = random.Random(hashlib.sha256(hash_list).hexdigest())
    names = sorted(read_manifest(copy / HASH_LIST))
    flipped = dice.sample(names, dice.choice((1, 2)))
    for name in flipped:
        target = copy / name
        data = bytearray(target.read_bytes())
        data[len(data) // 2] ^= 0xFF
        target.write_bytes(bytes(data))
    viewed = dice.choice([name for name in DATABASES if name not in flipped])
    viewer = sqlite3.connect(copy / viewed)
    try:
        viewer.execute("PRAGMA journal_mode=WAL")
    finally:
        viewer.close()


@per_folder
def failing_files() -> list[str]:
    """The files of the hash list whose SHA-256 no longer matches after :func:`mishandle`."""
    root = evidence_root()
    listed = read_manifest(evidence_file(HASH_LIST))
    for name in listed:  # a damaged original would make the answer meaningless: say so instead
        evidence_file(name)
    with tempfile.TemporaryDirectory(prefix="unlocked-02-check-") as scratch:
        copy = Path(scratch) / "evidence"
        shutil.copytree(root, copy)
        mishandle(copy)
        return [name for name, digest in listed.items() if sha256(copy / name) != digest]


# ============================================================================ section 3: three clocks


@per_folder
def sms_messages() -> pd.DataFrame:
    """Android SMS with their time decoded from Unix milliseconds."""
    sms = query(MMSSMS, "SELECT _id, address, date, type, body FROM sms ORDER BY _id")
    return sms.assign(time_utc=pd.to_datetime(sms["date"], unit="ms", utc=True))


@per_folder
def imessages() -> pd.DataFrame:
    """iMessages with the other side of each conversation and the time decoded from Apple nanoseconds.

    The other side is the chat's first member (for the group chat, that labels the whole group).
    """
    messages = query(SMS_DB, """
        SELECT m.ROWID, m.date, m.is_from_me, h.id AS party
        FROM message AS m
        JOIN chat_message_join AS cm ON cm.message_id = m.ROWID
        JOIN handle AS h
          ON h.ROWID = (SELECT MIN(handle_id) FROM chat_handle_join WHERE chat_id = cm.chat_id)
        ORDER BY m.ROWID""")
    return messages.assign(time_utc=APPLE_EPOCH + pd.to_timedelta(messages["date"], unit="ns"))


@per_folder
def calls() -> pd.DataFrame:
    """The Android call log with times decoded from Unix milliseconds."""
    log = query(CALLLOG, "SELECT _id, number, date, duration, type FROM calls ORDER BY _id")
    return log.assign(time_utc=pd.to_datetime(log["date"], unit="ms", utc=True))


@per_folder
def web_visits() -> pd.DataFrame:
    """Chrome visits with their address and the time decoded from WebKit microseconds."""
    visits = query(HISTORY, """
        SELECT v.id, u.url, u.title, v.visit_time
        FROM visits AS v JOIN urls AS u ON u.id = v.url
        ORDER BY v.id""")
    return visits.assign(time_utc=WEBKIT_EPOCH + pd.to_timedelta(visits["visit_time"], unit="us"))


@per_folder
def locations() -> pd.DataFrame:
    """The tool's export of location points, with times as UTC datetimes."""
    points = pd.read_csv(evidence_file(LOCATIONS))
    return points.assign(time_utc=pd.to_datetime(points["timestamp_utc"], utc=True))


#: The town's offset from UTC in September (CEST): the local-time slips below use it.
TOWN_OFFSET = pd.Timedelta(hours=2)


def on_story_day(times: pd.Series, *, start: pd.Timestamp = STORY_DAY, inclusive_end: bool = False) -> int:
    """How many of these UTC times fall on the story day (by UTC date, the span [midnight, next midnight)).

    ``start`` and ``inclusive_end`` compute the slips: the day in town time, or ``<=`` for ``<``.
    """
    end = start + pd.Timedelta(days=1)
    before_end = times <= end if inclusive_end else times < end
    return int(((times >= start) & before_end).sum())


@per_folder
def story_day_count(artifact: str, *, local: bool = False, inclusive_end: bool = False) -> int:
    """Records of ``artifact`` ("iMessage" or "web visit") on the story day; the keywords compute the slips."""
    times = (imessages() if artifact == "iMessage" else web_visits())["time_utc"]
    start = STORY_DAY - TOWN_OFFSET if local else STORY_DAY
    return on_story_day(times, start=start, inclusive_end=inclusive_end)


def story_day_slips(artifact: str) -> tuple[tuple[str, Callable[[], int]], ...]:
    """The two slips a story-day count invites, each with the answer it gives."""
    return (
        ("That is the count for 25 September in town time (UTC+2), not by UTC date. Compare the "
         "UTC times with story_day and story_day + one_day, without converting them to town time.",
         lambda: story_day_count(artifact, local=True)),
        ("Your count includes a record at exactly midnight at the end of the day: that instant "
         "belongs to the next day. Use < (not <=) for the end of the span.",
         lambda: story_day_count(artifact, inclusive_end=True)),
    )


# ============================================================================ section 4: one timeline


@per_folder
def address_book() -> pd.DataFrame:
    """Every number and e-mail address in the address book, with its group and when its entry was last edited."""
    book = query(CONTACTS2, """
        SELECT r.display_name, COALESCE(d.data4, d.data1) AS address, g.title AS group_title,
               c.contact_last_updated_timestamp AS updated
        FROM raw_contacts AS r
        JOIN contacts AS c ON c._id = r.contact_id
        JOIN data AS d ON d.raw_contact_id = r._id
        JOIN mimetypes AS m ON m._id = d.mimetype_id
        JOIN data AS gm ON gm.raw_contact_id = r._id
        JOIN mimetypes AS mg ON mg._id = gm.mimetype_id
        JOIN groups AS g ON g._id = CAST(gm.data1 AS INTEGER)
        WHERE m.mimetype IN ('vnd.android.cursor.item/phone_v2', 'vnd.android.cursor.item/email_v2')
          AND mg.mimetype = 'vnd.android.cursor.item/group_membership'
        ORDER BY d._id""")
    return book.assign(time_utc=pd.to_datetime(book["updated"], unit="ms", utc=True))


def address_categories() -> dict[str, str]:
    """Category of every phone number and e-mail address in the address book, from its group."""
    categories = {row.address: GROUP_CATEGORY[row.group_title] for row in address_book().itertuples()}
    return categories | dict(SENDER_IDS)


def site_category(url: str) -> str:
    """Category of a web address, from its host name."""
    return DOMAINS.get(urlsplit(url).hostname or "", ("everyday", ""))[0]


@per_folder
def timeline() -> pd.DataFrame:
    """Everything with a time, from every artifact, as one table (the notebook's ``timeline``)."""
    categories = address_categories()
    parts = []
    for artifact, frame, id_column, party in (
        ("SMS", sms_messages(), "_id", "address"),
        ("iMessage", imessages(), "ROWID", "party"),
        ("call", calls(), "_id", "number"),
    ):
        parties = frame[party].fillna("")
        parts.append(pd.DataFrame({
            "artifact": artifact, "record_id": frame[id_column].astype(str), "time_utc": frame["time_utc"],
            "party": parties, "category": parties.map(lambda a: categories.get(a, "unknown")),
        }))
    visits = web_visits()
    parts.append(pd.DataFrame({
        "artifact": "web visit", "record_id": visits["id"].astype(str), "time_utc": visits["time_utc"],
        "party": visits["url"].map(lambda u: urlsplit(u).hostname or ""),
        "category": visits["url"].map(site_category),
    }))
    points = locations()
    parts.append(pd.DataFrame({
        "artifact": "location", "record_id": points["point_id"].astype(str), "time_utc": points["time_utc"],
        "party": "", "category": "location",
    }))
    book = address_book()
    parts.append(pd.DataFrame({
        "artifact": "contact", "record_id": book["address"], "time_utc": book["time_utc"],
        "party": book["address"], "category": book["group_title"].map(GROUP_CATEGORY),
    }))
    return pd.concat(parts, ignore_index=True)


def extraction_timeline() -> pd.DataFrame:
    """Every record with a time, from every artifact, as one table with each clock decoded to UTC.

    One row per record: ``artifact``, ``record_id``, ``time_utc``, ``party`` (a number, a
    sender name or a website's host name) and ``category`` (from the owner's contact
    groups, the SMS sender names and the websites' host names). Address-book entries are
    timed by their last edit.
    """
    return timeline()


@per_folder
def people_reachable(*, only_numbers: bool = True) -> int:
    """Distinct phone numbers in the address book, the SMS, the iMessage handles and the call log.

    ``only_numbers=False`` computes the slip: every distinct value, sender names and e-mail addresses too.
    """
    numbers = pd.concat([
        query(CONTACTS2, """
            SELECT d.data4 AS number FROM data AS d JOIN mimetypes AS m ON m._id = d.mimetype_id
            WHERE m.mimetype = 'vnd.android.cursor.item/phone_v2'""")["number"],
        query(MMSSMS, "SELECT address AS number FROM sms")["number"],
        query(SMS_DB, "SELECT id AS number FROM handle")["number"],
        query(CALLLOG, "SELECT number FROM calls")["number"],
    ])
    if not only_numbers:
        return int(numbers.nunique())
    return int(numbers[numbers.fillna("").str.startswith("+")].nunique())


# ============================================================================ section 5: the warrant


def warrant() -> tuple[list[str], pd.Timestamp, pd.Timestamp]:
    """The named numbers, and the window as UTC instants [start, end), read from ``report.json``.

    The scope's last second (23:59:59) is inside the window, so the window
    ends at the next whole second.
    """
    authority = report()["case"]["legal_authority"]
    numbers = [person["number"] for person in authority["named_persons"]]
    return (numbers, pd.Timestamp(authority["window_start"]).tz_convert("UTC"),
            pd.Timestamp(authority["window_end_inclusive"]).tz_convert("UTC") + pd.Timedelta(seconds=1))


COMMUNICATIONS = ("SMS", "iMessage", "call")


def in_warrant_scope(records: pd.DataFrame, *, any_artifact: bool = False, inclusive_end: bool = False,
                     utc_dates: bool = False) -> pd.Series:
    """True for communications with a named person inside the window (town time).

    The keyword arguments compute the slips: no filter on the artifact, ``<=`` for
    ``<`` at the window's end, or the window's town-time dates read as UTC dates.
    """
    numbers, start, end = warrant()
    if utc_dates:
        start, end = start + TOWN_OFFSET, end + TOWN_OFFSET
    kind = pd.Series(True, index=records.index) if any_artifact else records["artifact"].isin(COMMUNICATIONS)
    before_end = records["time_utc"] <= end if inclusive_end else records["time_utc"] < end
    return kind & records["party"].isin(numbers) & (records["time_utc"] >= start) & before_end


@per_folder
def warrant_share(**slip: bool) -> float:
    """The share of all timeline records that the warrant covers (``slip``: see :func:`in_warrant_scope`)."""
    records = timeline()
    return float(in_warrant_scope(records, **slip).mean())


@per_folder
def warrant_share_of_communications() -> float:
    """The slip of dividing by the communications only, not by every record."""
    records = timeline()
    return float(in_warrant_scope(records).sum() / records["artifact"].isin(COMMUNICATIONS).sum())


# ============================================================================ section 6: deleted messages


def find_all(data: bytes, marker: bytes) -> Iterator[int]:
    """Every position where ``marker`` starts in ``data``, first to last (overlaps included).

    Notebook 02 loops over it in section 6, so the learner never writes the search loop.
    """
    if not isinstance(data, (bytes, bytearray)) or not isinstance(marker, (bytes, bytearray)) or not marker:
        raise LearnerError(
            "find_all needs the file's bytes and a non-empty bytes marker, e.g. find_all(raw, marker): "
            "run the cells of section 6 from the top, which define raw and marker."
        )
    start = 0
    while (hit := data.find(marker, start)) != -1:
        yield hit
        start = hit + 1


def carve_sms_bodies(raw: bytes, centre: bytes) -> list[str]:
    """Text of every SMS record whose bytes are still in a raw ``mmssms.db``, live or deleted.

    Each record ends with its ``creator`` (``com.android.messaging``). Just before
    it comes the body (then, for received messages, the SMS centre's number), and
    before the body the status −1, stored as the single byte 0xFF, which UTF-8
    text never contains; a sent message's type (2) adds the byte 0x02. ``centre``
    is the SMS centre's number as stored in the database.
    """
    bodies = []
    for hit in find_all(raw, SMS_MARKER):
        before = raw[max(0, hit - 600):hit]
        body = before.rsplit(b"\xff", 1)[-1].removeprefix(b"\x02").removesuffix(centre)
        bodies.append(body.decode("utf-8", errors="replace"))
    return bodies


@per_folder
def recovered_deleted(*, subtract_live: bool = True, distinct: bool = True) -> int:
    """Messages whose text is in the raw database bytes but in no live row of ``sms``.

    The keyword arguments compute the slips: counting every carved text (live ones
    too), or counting every place the marker occurs.
    """
    raw = evidence_file(MMSSMS).read_bytes()
    live = query(MMSSMS, "SELECT body, service_center FROM sms")
    # Read from the data, as the notebook does, not from the generator's constants.
    centre = live["service_center"].dropna().iloc[0].encode("utf-8")
    carved = carve_sms_bodies(raw, centre)
    if not distinct:
        return len(carved)
    if not subtract_live:
        return len(set(carved))
    return len(set(carved) - set(live["body"]))


# ============================================================================ registering

register(Check(
    "02.failing_files",
    failing_files,
    hint=(
        "A file fails when the fingerprint of its copy in the scratch folder differs from the one the "
        "hash list gives for it. Walk through the file and sha256 columns of listed together, hash each "
        "file in the copy, and keep the names of those that differ, written exactly as listed writes them."
    ),
    exact=True,
    slips=(
        ("Your list is empty: every file you hashed still matches. Hash the files in the scratch copy "
         "(copy / name), not the originals in EVIDENCE.", lambda: []),
    ),
))
register(Check(
    "02.imessages_on_story_day",
    lambda: story_day_count("iMessage"),
    hint=(
        "Apple's counts are nanoseconds since APPLE_EPOCH: turn the whole column into durations "
        "(pd.to_timedelta, as the cell above does for one value) and add them to the epoch. Then count the "
        "times in the half-open day from story_day up to, not including, the next midnight. Dates decades "
        "too early mean the wrong epoch."
    ),
    slips=story_day_slips("iMessage"),
))
register(Check(
    "02.people_reachable",
    people_reachable,
    hint=(
        "Stack the four columns into one Series (pd.concat), keep only the values that are phone numbers "
        "(the .str accessor can test how a text begins; withheld numbers are missing values, which need "
        "filling first), then count the distinct values."
    ),
    slips=(
        ("Your count includes values that are not phone numbers (sender names such as banks, e-mail "
         "addresses): keep only the values that start with \"+\".",
         lambda: people_reachable(only_numbers=False)),
    ),
))
register(Check(
    "02.warrant_share",
    warrant_share,
    hint=(
        "A record is in scope if its artifact is SMS, iMessage or call, its party is one of named, and its "
        "time_utc is at or after window_start and before window_end. The share is the number of records "
        "in scope divided by the number of all records in timeline."
    ),
    decimals=4,
    slips=(
        ("Your share counts records that are not communications: the address book has entries for the "
         "named people too. Keep only the artifacts \"SMS\", \"iMessage\" and \"call\".",
         lambda: warrant_share(any_artifact=True)),
        ("Your share includes a record at exactly window_end, the first instant after the window. "
         "Use < (not <=) for the end.", lambda: warrant_share(inclusive_end=True)),
        ("You read the window's dates as UTC dates. The warrant gives them in town time (UTC+2): "
         "compare time_utc with window_start and window_end, which carry their offset.",
         lambda: warrant_share(utc_dates=True)),
        ("You divided by the communications only; the question asks for the share of all records "
         "in timeline.", warrant_share_of_communications),
    ),
))
register(Check(
    "02.recovered_deleted",
    recovered_deleted,
    hint=(
        "carved already holds every text found in the file. Take away the texts of the live table "
        "(set difference, with -), and count what is left."
    ),
    slips=(
        ("You counted every text found in the file, the live messages too. Take away the texts of the "
         "live table before counting.", lambda: recovered_deleted(subtract_live=False)),
        ("You counted every place the marker occurs. Some are old copies of live messages: collect the "
         "texts in a set and subtract the live ones.", lambda: recovered_deleted(distinct=False)),
    ),
))
register(Discussion(
    "02.extraction_level",
    ("logical", "file system", "full file system", "physical"),
    hint='Set choice to one of the four options exactly as written, e.g. choice = "physical".',
    reading=(
        "The module's reading is \"logical\": Cellebrite describes a logical extraction as what the "
        "operating system hands over, calls and messages included, which is what this warrant covers. "
        "\"File system\" can be argued if deleted messages with the two people might matter, at the price "
        "of every database's deleted rows. No level copies only two people over two weeks: each copies "
        "whole categories, so the narrowing has to happen afterwards. The UK Information Commissioner "
        "found in 2020 that police often took an overly wide approach to extracting phone data."
    ),
))
