"""The iPhone's ``sms.db``: iMessage conversations on the owner's second phone.

Apple's clock starts on **2001-01-01 00:00 UTC** ("Mac absolute time"). Newer iOS
versions count ``message.date`` in nanoseconds from it, older ones in seconds; parsers
such as MVT's (``mvt/common/utils.py``) tell the two apart by size.
Who wrote a message is ``message.handle_id`` → ``handle.ROWID``;
``is_from_me = 1`` marks the owner's own messages. Conversations are ``chat``
rows, linked to messages by ``chat_message_join`` and to people by
``chat_handle_join``.
"""

from __future__ import annotations

import random
from pathlib import Path

from . import clock, persona
from .persona import CONTACTS_BY_KEY
from .sqlitefile import building, create, insert
from .timeline import Message, Timeline

SMS_DB = "private/var/mobile/Library/SMS/sms.db"

SCHEMA = (
    "CREATE TABLE _SqliteDatabaseProperties (key TEXT, value TEXT, UNIQUE(key))",
    "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, country TEXT, "
    "service TEXT NOT NULL, uncanonicalized_id TEXT, person_centric_id TEXT, UNIQUE (id, service))",
    "CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT, "
    "replace INTEGER DEFAULT 0, service_center TEXT, handle_id INTEGER DEFAULT 0, subject TEXT, country TEXT, "
    "attributedBody BLOB, version INTEGER DEFAULT 0, type INTEGER DEFAULT 0, service TEXT, account TEXT, "
    "account_guid TEXT, error INTEGER DEFAULT 0, date INTEGER, date_read INTEGER, date_delivered INTEGER, "
    "is_delivered INTEGER DEFAULT 0, is_finished INTEGER DEFAULT 0, is_emote INTEGER DEFAULT 0, "
    "is_from_me INTEGER DEFAULT 0, is_empty INTEGER DEFAULT 0, is_delayed INTEGER DEFAULT 0, "
    "is_auto_reply INTEGER DEFAULT 0, is_prepared INTEGER DEFAULT 0, is_read INTEGER DEFAULT 0, "
    "is_system_message INTEGER DEFAULT 0, is_sent INTEGER DEFAULT 0, has_dd_results INTEGER DEFAULT 0, "
    "is_service_message INTEGER DEFAULT 0, is_forward INTEGER DEFAULT 0, was_downgraded INTEGER DEFAULT 0, "
    "is_archive INTEGER DEFAULT 0, cache_has_attachments INTEGER DEFAULT 0, cache_roomnames TEXT, "
    "was_data_detected INTEGER DEFAULT 0, was_deduplicated INTEGER DEFAULT 0, "
    "is_audio_message INTEGER DEFAULT 0, is_played INTEGER DEFAULT 0, date_played INTEGER, "
    "item_type INTEGER DEFAULT 0, other_handle INTEGER DEFAULT 0, group_title TEXT, "
    "group_action_type INTEGER DEFAULT 0, share_status INTEGER DEFAULT 0, share_direction INTEGER DEFAULT 0, "
    "is_expirable INTEGER DEFAULT 0, expire_state INTEGER DEFAULT 0, message_action_type INTEGER DEFAULT 0, "
    "message_source INTEGER DEFAULT 0, associated_message_guid TEXT, associated_message_type INTEGER DEFAULT 0, "
    "balloon_bundle_id TEXT, payload_data BLOB, expressive_send_style_id TEXT, destination_caller_id TEXT, "
    "reply_to_guid TEXT, thread_originator_guid TEXT)",
    "CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, style INTEGER, "
    "state INTEGER, account_id TEXT, properties BLOB, chat_identifier TEXT, service_name TEXT, room_name TEXT, "
    "account_login TEXT, is_archived INTEGER DEFAULT 0, last_addressed_handle TEXT, display_name TEXT, "
    "group_id TEXT, is_filtered INTEGER DEFAULT 0, successful_query INTEGER, "
    "last_read_message_timestamp INTEGER DEFAULT 0)",
    "CREATE TABLE chat_handle_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE, "
    "handle_id INTEGER REFERENCES handle (ROWID) ON DELETE CASCADE, UNIQUE(chat_id, handle_id))",
    "CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE, "
    "message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, message_date INTEGER DEFAULT 0, "
    "PRIMARY KEY (chat_id, message_id))",
    "CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, "
    "created_date INTEGER DEFAULT 0, filename TEXT, mime_type TEXT, transfer_name TEXT, total_bytes INTEGER DEFAULT 0)",
    "CREATE TABLE message_attachment_join (message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, "
    "attachment_id INTEGER REFERENCES attachment (ROWID) ON DELETE CASCADE, UNIQUE(message_id, attachment_id))",
    "CREATE INDEX message_idx_handle ON message(handle_id, date)",
    "CREATE INDEX chat_message_join_idx_message_date_id_chat_id "
    "ON chat_message_join(chat_id, message_date, message_id)",
)

MESSAGE_COLUMNS = ("ROWID", "guid", "text", "handle_id", "country", "version", "service", "account",
                   "account_guid", "date", "date_read", "date_delivered", "is_delivered", "is_finished",
                   "is_from_me", "is_read", "is_sent", "cache_roomnames", "destination_caller_id")

#: ``chat.style``: 45 = one-to-one, 43 = group.
CHAT_STYLES = {45: "one-to-one", 43: "group"}


def _guid(rng: random.Random) -> str:
    """An uppercase UUID-shaped identifier drawn from the seeded generator (never from ``uuid``)."""
    h = f"{rng.getrandbits(128):032X}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _country(handle_id: str) -> str:
    return "us" if handle_id.startswith("+1") else "gb"


def write_sms_db(path: Path, timeline: Timeline) -> None:
    """Write the iPhone's ``sms.db`` from the timeline's iPhone messages."""
    rng = random.Random(f"unlocked-ios-{timeline.seed}")
    messages = timeline.iphone_messages()
    account_guid = _guid(rng)
    account = "E:" + persona.OWNER.apple_id

    # Handles in order of first appearance; one-to-one chats keyed by handle, plus the group.
    handles: dict[str, int] = {}
    chats: dict[str, dict] = {}

    def handle_for(address: str) -> int:
        return handles.setdefault(address, len(handles) + 1)

    def chat_key(m: Message) -> str:
        return "group" if m.chat else m.address

    for m in messages:
        if m.chat:
            for member in persona.GROUP_CHAT_MEMBERS:
                handle_for(CONTACTS_BY_KEY[member].phone or "")
        else:
            handle_for(m.address)
        key = chat_key(m)
        if key not in chats:
            chats[key] = {"id": len(chats) + 1, "messages": []}
        chats[key]["messages"].append(m)

    message_rows, joins = [], []
    for m in messages:
        if m.chat:
            handle = 0 if m.outgoing else handles[m.address]
        else:
            handle = handles[m.address]
        delivered = clock.mac_ns(m.t + rng.randint(400, 4000)) if m.outgoing else 0
        message_rows.append((
            m.id, _guid(rng), m.text, handle, None, 10, "iMessage", account, account_guid,
            clock.mac_ns(m.t), clock.mac_ns(m.read_t) if m.read_t else 0, delivered,
            1, 1, 1 if m.outgoing else 0, 1 if (m.read_t and not m.outgoing) else 0,
            1 if m.outgoing else 0, None, persona.OWNER.apple_id,
        ))
        joins.append((chats[chat_key(m)]["id"], m.id, clock.mac_ns(m.t)))

    chat_rows, chat_handles = [], []
    for key, chat in chats.items():
        read_times = [m.read_t for m in chat["messages"] if m.read_t]
        last_read = clock.mac_ns(max(read_times)) if read_times else 0
        if key == "group":
            identifier = f"chat{rng.getrandbits(64):016x}"
            chat_rows.append((chat["id"], f"iMessage;+;{identifier}", 43, 3, account_guid, identifier,
                              "iMessage", account, persona.GROUP_CHAT_NAME, _guid(rng), last_read))
            for member in persona.GROUP_CHAT_MEMBERS:
                chat_handles.append((chat["id"], handles[CONTACTS_BY_KEY[member].phone or ""]))
        else:
            chat_rows.append((chat["id"], f"iMessage;-;{key}", 45, 3, account_guid, key, "iMessage",
                              account, "", _guid(rng), last_read))
            chat_handles.append((chat["id"], handles[key]))

    with building(path) as con:
        create(con, SCHEMA)
        insert(con, "_SqliteDatabaseProperties", ("key", "value"),
               [("_ClientVersion", "14006"), ("counter_in_all", str(sum(1 for m in messages if not m.outgoing))),
                ("counter_out_all", str(sum(1 for m in messages if m.outgoing)))])
        insert(con, "handle", ("ROWID", "id", "country", "service", "uncanonicalized_id", "person_centric_id"),
               [(i, a, _country(a), "iMessage", None, None) for a, i in handles.items()])
        insert(con, "chat", ("ROWID", "guid", "style", "state", "account_id", "chat_identifier", "service_name",
                             "account_login", "display_name", "group_id", "last_read_message_timestamp"),
               chat_rows)
        insert(con, "chat_handle_join", ("chat_id", "handle_id"), chat_handles)
        insert(con, "message", MESSAGE_COLUMNS, message_rows)
        insert(con, "chat_message_join", ("chat_id", "message_id", "message_date"), joins)
