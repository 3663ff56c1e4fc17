"""Android artifacts: ``mmssms.db``, ``calllog.db``, ``contacts2.db`` and ``packages.xml``.

Table and column names follow the Android providers that write these files
(the Telephony and Contacts providers and the package manager). Only the
columns a forensic reader uses are kept; README.md lists what was left out.
Times are Unix milliseconds, as on a phone (``packages.xml``: the same, in hex).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from xml.sax.saxutils import quoteattr

from . import clock, persona
from .persona import CONTACTS, CONTACTS_BY_KEY
from .sqlitefile import building, create, insert
from .timeline import LAST_DAY, App, Call, Message, Timeline

# Where each file sits in the extraction, relative to the device's folder.
MMSSMS = "data/data/com.android.providers.telephony/databases/mmssms.db"
CALLLOG = "data/data/com.android.providers.contacts/databases/calllog.db"
CONTACTS2 = "data/data/com.android.providers.contacts/databases/contacts2.db"
PACKAGES_XML = "data/system/packages.xml"

METADATA = (
    "CREATE TABLE android_metadata (locale TEXT)",
)

# ============================================================================ mmssms.db

MMSSMS_SCHEMA = METADATA + (
    "CREATE TABLE canonical_addresses (_id INTEGER PRIMARY KEY AUTOINCREMENT, address TEXT)",
    "CREATE TABLE threads (_id INTEGER PRIMARY KEY AUTOINCREMENT, date INTEGER DEFAULT 0, "
    "message_count INTEGER DEFAULT 0, recipient_ids TEXT, snippet TEXT, snippet_cs INTEGER DEFAULT 0, "
    "read INTEGER DEFAULT 1, archived INTEGER DEFAULT 0, type INTEGER DEFAULT 0, error INTEGER DEFAULT 0, "
    "has_attachment INTEGER DEFAULT 0)",
    "CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, person INTEGER, "
    "date INTEGER, date_sent INTEGER DEFAULT 0, protocol INTEGER, read INTEGER DEFAULT 0, "
    "status INTEGER DEFAULT -1, type INTEGER, reply_path_present INTEGER, subject TEXT, body TEXT, "
    "service_center TEXT, locked INTEGER DEFAULT 0, sub_id INTEGER DEFAULT -1, "
    "error_code INTEGER DEFAULT -1, creator TEXT, seen INTEGER DEFAULT 0)",
    "CREATE INDEX typeThreadIdIndex ON sms (type, thread_id)",
    # MMS live in pdu/part/addr; this phone has none, but the tables exist, as on a real device.
    "CREATE TABLE pdu (_id INTEGER PRIMARY KEY AUTOINCREMENT, thread_id INTEGER, date INTEGER, "
    "date_sent INTEGER DEFAULT 0, msg_box INTEGER, read INTEGER DEFAULT 0, m_id TEXT, sub TEXT, "
    "ct_t TEXT, m_type INTEGER, seen INTEGER DEFAULT 0)",
    "CREATE TABLE part (_id INTEGER PRIMARY KEY AUTOINCREMENT, mid INTEGER, seq INTEGER DEFAULT 0, "
    "ct TEXT, name TEXT, text TEXT, _data TEXT)",
    "CREATE TABLE addr (_id INTEGER PRIMARY KEY, msg_id INTEGER, contact_id INTEGER, address TEXT, "
    "type INTEGER, charset INTEGER)",
)

SMS_COLUMNS = ("_id", "thread_id", "address", "person", "date", "date_sent", "protocol", "read", "status",
               "type", "reply_path_present", "subject", "body", "service_center", "locked", "sub_id",
               "error_code", "creator", "seen")

#: ``sms.type`` codes (Telephony.TextBasedSmsColumns).
SMS_TYPES = {1: "inbox (received)", 2: "sent", 3: "draft", 4: "outbox", 5: "failed", 6: "queued"}


def _sms_row(m: Message, thread_id: int) -> tuple[object, ...]:
    incoming = not m.outgoing
    return (
        m.id, thread_id, m.address, None, m.t,
        m.sent_t if incoming else 0,          # phones leave date_sent at 0 for their own messages
        0 if incoming else None,
        1 if (m.outgoing or m.read_t) else 0,
        -1, 1 if incoming else 2,
        0 if incoming else None, None, m.text,
        persona.SMS_CENTRE if incoming else None,
        0, 1, 0, "com.android.messaging", 1,
    )


def write_mmssms(path: Path, timeline: Timeline) -> None:
    """Write ``mmssms.db``, then delete the owner's deleted messages the way a phone does.

    Deleting is the *last* write: any later insert could reuse the freed space
    and overwrite the text a learner is meant to recover.
    """
    messages = timeline.android_messages()
    live = [m for m in messages if not m.deleted]
    # One thread and one canonical address per correspondent, numbered by first contact.
    addresses: list[str] = []
    for m in messages:
        if m.address not in addresses:
            addresses.append(m.address)
    thread_of = {a: i for i, a in enumerate(addresses, start=1)}
    threads = []
    for address in addresses:
        in_thread = [m for m in live if m.address == address]
        last = in_thread[-1]
        threads.append((
            thread_of[address], last.t, len(in_thread), str(thread_of[address]), last.text, 0,
            0 if any(not m.outgoing and not m.read_t for m in in_thread) else 1, 0, 0, 0, 0,
        ))
    with building(path) as con:
        create(con, MMSSMS_SCHEMA)
        insert(con, "android_metadata", ("locale",), [("en_GB",)])
        insert(con, "canonical_addresses", ("_id", "address"), [(thread_of[a], a) for a in addresses])
        insert(con, "threads", ("_id", "date", "message_count", "recipient_ids", "snippet", "snippet_cs",
                                "read", "archived", "type", "error", "has_attachment"), threads)
        insert(con, "sms", SMS_COLUMNS, [_sms_row(m, thread_of[m.address]) for m in messages])
        deleted = [m.id for m in timeline.deleted_messages()]
        con.execute("BEGIN")
        con.executemany("DELETE FROM sms WHERE _id = ?", [(i,) for i in deleted])
        con.execute("COMMIT")
    _check_recoverable(path, timeline)


def _check_recoverable(path: Path, timeline: Timeline) -> None:
    """Fail loudly if a deleted message is not, in fact, left in the file's free space."""
    raw = Path(path).read_bytes()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        bodies = {row[0] for row in con.execute("SELECT body FROM sms")}
    finally:
        con.close()
    for m in timeline.deleted_messages():
        if m.text.encode("utf-8") not in raw or m.text in bodies:
            raise RuntimeError(f"deleted SMS {m.id} is not recoverable as intended")


# ============================================================================ calllog.db

CALLS_SCHEMA = METADATA + (
    "CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT, "
    "presentation INTEGER NOT NULL DEFAULT 1, post_dial_digits TEXT NOT NULL DEFAULT '', "
    "via_number TEXT NOT NULL DEFAULT '', date INTEGER, duration INTEGER, data_usage INTEGER, "
    "type INTEGER, features INTEGER NOT NULL DEFAULT 0, subscription_component_name TEXT, "
    "subscription_id TEXT, phone_account_address TEXT, phone_account_hidden INTEGER NOT NULL DEFAULT 0, "
    "sub_id INTEGER DEFAULT -1, new INTEGER, name TEXT, numbertype INTEGER, numberlabel TEXT, "
    "countryiso TEXT, voicemail_uri TEXT, is_read INTEGER, geocoded_location TEXT, lookup_uri TEXT, "
    "matched_number TEXT, normalized_number TEXT, photo_id INTEGER NOT NULL DEFAULT 0, photo_uri TEXT, "
    "formatted_number TEXT, last_modified INTEGER DEFAULT 0)",
)

CALL_COLUMNS = ("_id", "number", "presentation", "date", "duration", "data_usage", "type", "features",
                "subscription_component_name", "subscription_id", "phone_account_address", "sub_id", "new",
                "name", "numbertype", "numberlabel", "countryiso", "is_read", "geocoded_location",
                "matched_number", "normalized_number", "formatted_number", "last_modified")

#: ``calls.type`` codes (CallLog.Calls).
CALL_TYPES = {1: "incoming", 2: "outgoing", 3: "missed", 4: "voicemail", 5: "rejected", 6: "blocked",
              7: "answered externally"}
#: ``calls.presentation`` codes.
PRESENTATIONS = {1: "allowed", 2: "restricted (withheld)", 3: "unknown", 4: "payphone"}


def typed_number(e164: str) -> str:
    """A number the way a person types it into the address book (``data.data1``)."""
    return _grouped(e164, uk_start="0")


def formatted_number(e164: str) -> str:
    """International display form, as the call log caches it."""
    return _grouped(e164, uk_start="+44 ")


def _grouped(e164: str, uk_start: str) -> str:
    # Only UK and North American numbers occur (ranges reserved for fiction); others stay as given.
    if e164.startswith("+44"):
        rest = e164[3:]
        return f"{uk_start}{rest[:4]} {rest[4:]}"
    if e164.startswith("+1"):
        rest = e164[2:]
        return f"+1 {rest[:3]}-{rest[3:6]}-{rest[6:]}"
    return e164


def _call_row(c: Call, last_day_start: int) -> tuple[object, ...]:
    contact = CONTACTS_BY_KEY.get(c.contact or "")
    missed = c.type == 3
    return (
        c.id, c.number, c.presentation, c.t, c.duration_s, 0, c.type, 0,
        "com.android.phone/com.android.services.telephony.TelephonyConnectionService", "1",
        persona.OWNER.android_number, 1,
        1 if (missed and c.t >= last_day_start) else 0,
        contact.display_name if contact else None,
        2 if contact else None, None, "ZZ",
        0 if (missed and c.t >= last_day_start) else 1, "",
        typed_number(contact.phone) if (contact and contact.phone) else None,
        c.number or None, formatted_number(c.number) if c.number else None,
        c.t + c.duration_s * 1000 + 700,
    )


def write_calllog(path: Path, timeline: Timeline) -> None:
    """Write ``calllog.db`` (table ``calls``)."""
    last_day_start = clock.local_ms(LAST_DAY, 0, 0)
    with building(path) as con:
        create(con, CALLS_SCHEMA)
        insert(con, "android_metadata", ("locale",), [("en_GB",)])
        insert(con, "calls", CALL_COLUMNS, [_call_row(c, last_day_start) for c in timeline.calls])


# ============================================================================ contacts2.db

CONTACTS_SCHEMA = METADATA + (
    "CREATE TABLE accounts (_id INTEGER PRIMARY KEY AUTOINCREMENT, account_name TEXT, "
    "account_type TEXT, data_set TEXT)",
    "CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY AUTOINCREMENT, mimetype TEXT NOT NULL)",
    "CREATE TABLE groups (_id INTEGER PRIMARY KEY AUTOINCREMENT, package_id INTEGER, account_id INTEGER, "
    "sourceid TEXT, version INTEGER NOT NULL DEFAULT 1, dirty INTEGER NOT NULL DEFAULT 0, title TEXT, "
    "title_res INTEGER, notes TEXT, system_id TEXT, deleted INTEGER NOT NULL DEFAULT 0, "
    "group_visible INTEGER NOT NULL DEFAULT 0, should_sync INTEGER NOT NULL DEFAULT 1, "
    "auto_add INTEGER NOT NULL DEFAULT 0, favorites INTEGER NOT NULL DEFAULT 0, "
    "group_is_read_only INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE raw_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, account_id INTEGER, sourceid TEXT, "
    "version INTEGER NOT NULL DEFAULT 1, dirty INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0, "
    "contact_id INTEGER, aggregation_mode INTEGER NOT NULL DEFAULT 0, custom_ringtone TEXT, "
    "send_to_voicemail INTEGER NOT NULL DEFAULT 0, times_contacted INTEGER NOT NULL DEFAULT 0, "
    "last_time_contacted INTEGER, starred INTEGER NOT NULL DEFAULT 0, pinned INTEGER NOT NULL DEFAULT 0, "
    "display_name TEXT, display_name_alt TEXT, display_name_source INTEGER NOT NULL DEFAULT 0, sort_key TEXT)",
    "CREATE TABLE contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, name_raw_contact_id INTEGER, "
    "photo_id INTEGER, custom_ringtone TEXT, send_to_voicemail INTEGER NOT NULL DEFAULT 0, "
    "times_contacted INTEGER NOT NULL DEFAULT 0, last_time_contacted INTEGER, "
    "starred INTEGER NOT NULL DEFAULT 0, pinned INTEGER NOT NULL DEFAULT 0, "
    "has_phone_number INTEGER NOT NULL DEFAULT 0, lookup TEXT, status_update_id INTEGER, "
    "contact_last_updated_timestamp INTEGER)",
    "CREATE TABLE data (_id INTEGER PRIMARY KEY AUTOINCREMENT, package_id INTEGER, "
    "mimetype_id INTEGER NOT NULL, raw_contact_id INTEGER NOT NULL, is_read_only INTEGER NOT NULL DEFAULT 0, "
    "is_primary INTEGER NOT NULL DEFAULT 0, is_super_primary INTEGER NOT NULL DEFAULT 0, "
    "data_version INTEGER NOT NULL DEFAULT 0, data1 TEXT, data2 TEXT, data3 TEXT, data4 TEXT, data5 TEXT, "
    "data6 TEXT, data7 TEXT, data8 TEXT, data9 TEXT, data10 TEXT, data11 TEXT, data12 TEXT, data13 TEXT, "
    "data14 TEXT, data15 TEXT, data_sync1 TEXT, data_sync2 TEXT, data_sync3 TEXT, data_sync4 TEXT)",
)

#: ``mimetypes`` rows. What ``data.data1``… mean depends on the row's mimetype (see README).
MIMETYPES = (
    "vnd.android.cursor.item/email_v2",
    "vnd.android.cursor.item/name",
    "vnd.android.cursor.item/nickname",
    "vnd.android.cursor.item/note",
    "vnd.android.cursor.item/organization",
    "vnd.android.cursor.item/phone_v2",
    "vnd.android.cursor.item/postal-address_v2",
    "vnd.android.cursor.item/group_membership",
)
_MIME = {m.rsplit("/", 1)[1]: i for i, m in enumerate(MIMETYPES, start=1)}

DATA_COLUMNS = ("_id", "mimetype_id", "raw_contact_id", "is_primary", "is_super_primary", "data1", "data2",
                "data3", "data4")


def _contact_created(index: int, contact: persona.Contact) -> int:
    # The address book was synced onto the new phone at set-up; later contacts on the day they were met.
    if contact.added == persona.SETUP_LOCAL.date():
        return persona.local_to_ms(persona.SETUP_LOCAL) + (4 * 60 + index) * 1000
    return clock.local_ms(contact.added, 22, 5, index)


def contact_updated(index: int, contact: persona.Contact) -> int:
    """``contacts.contact_last_updated_timestamp``: the last edit, else when the entry was made (Unix ms)."""
    if contact.edited is not None:
        return persona.local_to_ms(contact.edited)
    return _contact_created(index, contact)


def write_contacts2(path: Path) -> None:
    """Write ``contacts2.db``: one raw contact and one aggregate contact per person."""
    groups = list(persona.GROUP_CATEGORY)
    group_id = {title: i for i, title in enumerate(groups, start=1)}
    raw, aggregate, data = [], [], []
    for index, c in enumerate(CONTACTS, start=1):
        alt = f"{c.family_name}, {c.given_name}" if c.family_name else c.given_name
        raw.append((index, 1, index, 0, 0, c.display_name, alt, 40, c.display_name.upper(),
                    1 if c.starred else 0))
        aggregate.append((index, index, 1 if c.starred else 0, 1 if c.phone else 0,
                          f"0r{index}-{c.key}", contact_updated(index, c)))
        data.append((_MIME["name"], index, 1, 1, c.display_name, c.given_name, c.family_name or None, None))
        if c.phone:
            data.append((_MIME["phone_v2"], index, 1, 1, typed_number(c.phone), "2", None, c.phone))
        if c.email:
            data.append((_MIME["email_v2"], index, 0, 0, c.email, "1", None, None))
        if c.organization:
            data.append((_MIME["organization"], index, 0, 0, c.organization, "1", None, c.job_title))
        if c.note:
            data.append((_MIME["note"], index, 0, 0, c.note, None, None, None))
        data.append((_MIME["group_membership"], index, 0, 0, str(group_id[c.group]), None, None, None))
    data_rows = [(i, *row) for i, row in enumerate(data, start=1)]
    with building(path) as con:
        create(con, CONTACTS_SCHEMA)
        insert(con, "android_metadata", ("locale",), [("en_GB",)])
        insert(con, "accounts", ("_id", "account_name", "account_type", "data_set"),
               [(1, persona.OWNER.apple_id, "com.example.sync", None)])
        insert(con, "mimetypes", ("_id", "mimetype"), [(i, m) for i, m in enumerate(MIMETYPES, start=1)])
        insert(con, "groups", ("_id", "account_id", "title", "group_visible", "favorites"),
               [(group_id[t], 1, t, 1, 0) for t in groups])
        insert(con, "raw_contacts", ("_id", "account_id", "contact_id", "times_contacted", "last_time_contacted",
                                     "display_name", "display_name_alt", "display_name_source", "sort_key",
                                     "starred"), raw)
        insert(con, "contacts", ("_id", "name_raw_contact_id", "starred", "has_phone_number", "lookup",
                                 "contact_last_updated_timestamp"), aggregate)
        insert(con, "data", DATA_COLUMNS, data_rows)


# ============================================================================ packages.xml


def packages_xml(apps: tuple[App, ...]) -> str:
    """The package manager's list of installed packages, in the pre-Android-12 text XML form.

    ``ft`` first install, ``it`` install, ``ut`` last update: Unix ms in hex.
    ``installer`` is the store that installed it; ``installInitiator`` who asked
    (``com.android.shell`` means a computer over a USB debugging connection).
    """
    lines = ["<?xml version='1.0' encoding='utf-8' standalone='yes' ?>", "<packages>",
             '    <version sdkVersion="34" databaseVersion="3" '
             'fingerprint="Nordel/vista7/vista7:14/NDL14.2.0/47:user/release-keys" />']
    cert = 1
    for app in apps:
        if app.package == "android":
            code_path = "/system/framework/framework-res.apk"
        elif app.system:
            code_path = "/system/priv-app/" + app.package.rsplit(".", 1)[1].capitalize()
        else:
            code_path = f"/data/app/{app.package}-1"
        attrs = [("name", app.package), ("codePath", code_path),
                 ("ft", clock.hex_ms(app.first_install)), ("it", clock.hex_ms(app.first_install)),
                 ("ut", clock.hex_ms(app.last_update)), ("version", str(app.version_code)),
                 ("userId", str(app.user_id))]
        if app.installer:
            attrs.append(("installer", app.installer))
        attrs.append(("installInitiator", app.initiator))
        text = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs)
        lines.append(f"    <package {text}>")
        lines.append('        <sigs count="1" schemeVersion="3">')
        # system packages share the platform certificate (index 0); others bring their own
        lines.append(f'            <cert index="{0 if app.system else cert}" />')
        cert += 0 if app.system else 1
        lines.append("        </sigs>")
        if app.permissions:
            lines.append("        <perms>")
            for perm in app.permissions:
                lines.append(f'            <item name="{perm}" granted="true" flags="0" />')
            lines.append("        </perms>")
        lines.append("    </package>")
    lines.append("</packages>")
    return "\n".join(lines) + "\n"


def write_packages_xml(path: Path, timeline: Timeline) -> None:
    """Write ``packages.xml``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(packages_xml(timeline.apps), encoding="utf-8", newline="\n")
