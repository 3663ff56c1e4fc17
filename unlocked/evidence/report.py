"""The paperwork around the artifacts: the tool's report, the hash list, the README.

``report.json`` imitates the summary page an extraction tool prints (the tool,
"ExtractKit", is invented). ``hashes.sha256`` is a ``sha256sum``-format list of
every other file, for chain of custody: ``sha256sum -c hashes.sha256`` run in
the evidence folder re-checks them all.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from ..data import sha256
from . import clock, persona
from .timeline import DEFAULT_SEED, Timeline

TOOL = {"name": "ExtractKit", "version": "9.2", "build": "9.2.0.418",
        "vendor": "invented for this module; not a real product"}
HASH_LIST = "hashes.sha256"

IPHONE_START_LOCAL = datetime(2026, 10, 30, 14, 5, 33)
IPHONE_END_LOCAL = datetime(2026, 10, 30, 15, 12, 9)


def _t(local: datetime) -> str:
    return clock.iso_local(persona.local_to_ms(local))


def report(timeline: Timeline, artifacts: dict[str, str]) -> dict[str, object]:
    """The extraction summary as a dictionary (written as ``report.json``).

    ``artifacts`` maps each device's artifact paths (relative to the evidence
    root) to a short description.
    """
    tl = timeline

    def device_block(device: persona.Device, start: datetime, end: datetime, counts: dict[str, int]) -> dict:
        return {
            "item": device.item,
            "device": {"make": device.make, "model": device.model, "os_version": device.os_version,
                       "owner_identifier": device.owner_identifier},
            "acquisition_type": device.acquisition,
            "lock_state_at_acquisition": device.lock_state,
            "passcode": "obtained by the tool (method not disclosed by the vendor)",
            "extraction_start": _t(start),
            "extraction_end": _t(end),
            "evidence_folder": device.root + "/",
            "artifacts": {path: text for path, text in artifacts.items() if path.startswith(device.root + "/")},
            "record_counts": counts,
        }

    android_counts = {
        "sms_live": sum(1 for m in tl.android_messages() if not m.deleted),
        "calls": len(tl.calls),
        "contacts": len(persona.CONTACTS),
        "web_visits": len(tl.visits),
        "installed_packages": len(tl.apps),
        "location_points": len(tl.locations),
        "photos": len(tl.photos),
    }
    iphone_counts = {"imessages": len(tl.iphone_messages())}
    return {
        "report_type": "Extraction summary",
        "tool": TOOL,
        "case": {
            "case_number": persona.WARRANT.case_number,
            "agency": "Velmora Police, Digital Forensics Unit (invented)",
            "examiner_id": "EX-417",
            "legal_authority": persona.WARRANT.as_dict(),
        },
        "time_zone_of_this_report": clock.TIMEZONE_NAME,
        "custody_log": [
            {"time": _t(persona.SEIZED_LOCAL),
             "event": "Both phones seized at the owner's home; placed in signal-blocking bags"},
            {"time": _t(persona.LAB_RECEIVED_LOCAL), "event": "Received by the Digital Forensics Unit"},
            {"time": _t(persona.EXTRACTION_START_LOCAL), "event": "ITEM-01 extraction started"},
            {"time": _t(persona.EXTRACTION_END_LOCAL), "event": "ITEM-01 extraction finished"},
            {"time": _t(IPHONE_START_LOCAL), "event": "ITEM-02 extraction started"},
            {"time": _t(IPHONE_END_LOCAL), "event": "ITEM-02 extraction finished"},
            {"time": _t(persona.RETURNED_LOCAL), "event": "Both phones returned to the owner"},
        ],
        "extractions": [
            device_block(persona.ANDROID, persona.EXTRACTION_START_LOCAL, persona.EXTRACTION_END_LOCAL,
                         android_counts),
            device_block(persona.IPHONE, IPHONE_START_LOCAL, IPHONE_END_LOCAL, iphone_counts),
        ],
        "tool_exports": {
            "folder": "tool_exports/",
            "note": "Tables parsed by the tool from ITEM-01 (locations, photo EXIF, installed apps).",
        },
        "hash_algorithm": "SHA-256",
        "hash_list": HASH_LIST,
    }


def report_json(timeline: Timeline, artifacts: dict[str, str]) -> str:
    return json.dumps(report(timeline, artifacts), indent=2, ensure_ascii=False) + "\n"


def hash_list(root: Path) -> str:
    """``sha256sum``-format lines for every file under ``root`` except the list itself, sorted by path."""
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != HASH_LIST)
    return "".join(f"{sha256(p)}  {p.relative_to(root).as_posix()}\n" for p in files)


def verify_hash_list(root: Path) -> list[str]:
    """Paths whose hash no longer matches (or that are missing); empty if all is well."""
    problems = []
    for line in (root / HASH_LIST).read_text(encoding="utf-8").splitlines():
        digest, _, rel = line.partition("  ")
        target = root / rel
        if not target.is_file() or sha256(target) != digest:
            problems.append(rel)
    return problems


# ============================================================================ README


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


def readme(timeline: Timeline, sizes: dict[str, int]) -> str:
    """The README of the evidence folder (generated, so it always matches the files)."""
    tl = timeline
    w = persona.WARRANT
    listing = "\n".join(f"| `{path}` | {_size(size)} |" for path, size in sorted(sizes.items()))
    named = " and ".join(f"{persona.CONTACTS_BY_KEY[k].given_name} {persona.CONTACTS_BY_KEY[k].family_name} "
                      f"(`{persona.CONTACTS_BY_KEY[k].phone}`)" for k in w.named)
    seed_note = ", the default" if tl.seed == DEFAULT_SEED else ""
    return f"""# Synthetic phone extraction — everything here is fictional

This folder imitates what a forensic extraction of two phones hands an examiner:
real file formats (SQLite databases with the real table and column names, real
timestamp encodings, a `packages.xml`), a tool report and a hash list.
**None of it is real.** The owner, her partner, family, sources, doctor, bank,
town, organisations and websites are invented. Phone numbers come only from the
ranges reserved for drama (UK +44 7700 900000–900999, North American
555-0100–0199), e-mail addresses only from `example.org/.com/.net`, web addresses
only from reserved names (`*.example`, `*.test`, `example.*`, RFC 2606).
Coordinates are arbitrary and lie over open water: they point to nobody's home.
The tool "ExtractKit" and its vendor do not exist.

Generated with seed {tl.seed}{seed_note}: `python -m unlocked.evidence --seed {tl.seed}`.
The same seed gives byte-identical files; regenerate rather than edit.

## The story in brief

* **Owner:** {persona.OWNER.name}, {persona.OWNER.job} at the {persona.OWNER.employer},
  in {persona.OWNER.town}. Android phone `{persona.OWNER.android_number}` (ITEM-01);
  an older iPhone used for iMessage only, Apple ID `{persona.OWNER.apple_id}` (ITEM-02).
* **Period:** 1 September to 30 October 2026 (seized 30 October, 06:40).
* **Time zone of the town:** {clock.TIMEZONE_NAME}. Summer time ends on
  25 October 2026, so local times before and after differ from UTC by different amounts.
* **Warrant {w.reference}:** {w.offence}. Scope: communications (SMS, iMessage,
  calls) between the owner and {named}, from {w.start_local:%d %B %Y %H:%M:%S} to
  {w.end_local:%d %B %Y %H:%M:%S} **local time**. Everything else on the phones is outside it.

## Files

| path | size |
|---|---|
{listing}

`android/` and `iphone/` mirror the phones' own file systems, so the paths are the
real ones. `tool_exports/` holds tables the tool produced by parsing.

## Timestamps: one clock, many encodings

| where | column(s) | unit and epoch | decode in pandas |
|---|---|---|---|
| `mmssms.db`, `calllog.db`, `contacts2.db` | `date`, `date_sent`, `last_modified`, `contact_last_updated_timestamp` | milliseconds since 1970-01-01 UTC | `pd.to_datetime(x, unit="ms", utc=True)` |
| Chrome `History` | `visit_time`, `last_visit_time` | microseconds since **1601-01-01** UTC | `pd.Timestamp("1601-01-01", tz="UTC") + pd.to_timedelta(x, unit="us")` |
| iPhone `sms.db` | `date`, `date_read`, `date_delivered`, `message_date`, `last_read_message_timestamp` | nanoseconds since **2001-01-01** UTC | `pd.Timestamp("2001-01-01", tz="UTC") + pd.to_timedelta(x, unit="ns")` |
| `packages.xml` | `ft`, `it`, `ut` | milliseconds since 1970, written in **hexadecimal** | `int(x, 16)` then as above |
| `installed_apps.csv` | `first_install_time_ms`, `last_update_time_ms` | milliseconds since 1970 | as above |
| `location_points.csv` | `timestamp_utc` | ISO 8601 text in UTC (`Z`) | `pd.to_datetime(x, utc=True)` |
| `photo_exif.csv` | `DateTimeOriginal` + `OffsetTimeOriginal` | the camera's **local** clock as text `YYYY:MM:DD HH:MM:SS`, offset separate | `pd.to_datetime(x, format="%Y:%m:%d %H:%M:%S")`, then subtract the offset for UTC |

A value of `0` means "not set" (for example `sms.date_sent` of the owner's own
messages, `message.date_read` of unread or sent iMessages).

## Android (ITEM-01)

### `mmssms.db` — text messages
* `sms`: one row per SMS. `_id`; `thread_id` → `threads._id`; `address` (the other
  party: a phone number in E.164 form, or a sender name such as a bank's);
  `date` (received, or sent for own messages), `date_sent` (when the sender's phone
  sent it; `0` for own messages); `type` 1 inbox (received), 2 sent, 3 draft,
  4 outbox, 5 failed, 6 queued; `read` 0/1; `seen`; `status` −1 = none;
  `protocol` 0 for received; `body` the text; `service_center` the SMS centre that
  delivered a received message; `person` is empty (modern phones leave it so).
* `threads`: one per conversation: `date` of the last message, `message_count`,
  `snippet` (last text), `recipient_ids` → `canonical_addresses._id`.
* `canonical_addresses`: `_id`, `address`.
* `pdu`, `part`, `addr` (MMS) exist but are empty: this phone has no MMS.
* **Deleted messages:** a message deleted on the phone is gone from `sms`, but,
  as on a real phone (no secure delete, no VACUUM, auto-vacuum off), its bytes
  stay in the file's free space until something overwrites them. Read the raw
  file (`Path(...).read_bytes()`) and search it to find such remains.

### `calllog.db` — calls
* `calls`: `number` (empty when withheld), `presentation` 1 allowed, 2 withheld,
  3 unknown, 4 payphone; `date`; `duration` in **seconds**; `type` 1 incoming,
  2 outgoing, 3 missed, 4 voicemail, 5 rejected, 6 blocked, 7 answered elsewhere;
  `name` the contact name cached at call time; `normalized_number` E.164;
  `matched_number` as typed in the address book; `formatted_number`; `new` 1 for
  missed calls not yet looked at; `countryiso` is `ZZ` ("unknown region"): the
  town belongs to no real country; `last_modified` (ms).

### `contacts2.db` — the address book
* `raw_contacts` (one per person: `display_name`, `starred`, `contact_id` →
  `contacts._id`), `contacts` (the aggregate: `lookup`, `has_phone_number`,
  `contact_last_updated_timestamp`), `groups` (`_id`, `title`: the owner's labels),
  `mimetypes` (`_id`, `mimetype`), `accounts`.
* `data`: one row per detail, `raw_contact_id` → `raw_contacts._id`,
  `mimetype_id` → `mimetypes._id`; what `data1`… mean depends on the mimetype:
  `…/name` data1 display name, data2 given, data3 family; `…/phone_v2` data1
  number as typed, data2 type (2 mobile), data4 normalised E.164; `…/email_v2`
  data1 address, data2 type (1 home); `…/organization` data1 company, data4 job
  title; `…/note` data1 free text; `…/group_membership` data1 → `groups._id`.
* `times_contacted`/`last_time_contacted` are 0, as Android 10 and later keep them.

### Chrome `History`
* `urls`: `id`, `url`, `title`, `visit_count`, `typed_count`, `last_visit_time`, `hidden`.
* `visits`: `id`; `url` → `urls.id`; `visit_time`; `from_visit` → `visits.id` of
  the page the link was followed from (0 = none); `transition`: the low byte is
  the core type (0 link, 1 typed, 5 generated — a search typed in the address bar,
  7 form submitted, 8 reload); higher bits are qualifiers (0x10000000 chain start,
  0x20000000 chain end); `visit_duration` in microseconds.
* `keyword_search_terms`: the words typed into the search engine (`term`), `url_id` → `urls.id`.
* `meta`: the schema version.

### `packages.xml` — installed packages
The package manager's list in its older text form (Android 12+ stores a binary
"ABX" form that tools convert to this). `<package name codePath ft it ut version
userId installer installInitiator>`; `ft` first install, `it` install, `ut` last
update, all hex milliseconds; `installer` the store that installed it (absent:
none); `installInitiator` `com.android.shell` means installed from a computer
over a USB debugging connection. `<perms>` lists the permissions it holds.

## iPhone (ITEM-02): `sms.db`
* `message`: `ROWID`, `guid`, `text`, `handle_id` → `handle.ROWID` (the other
  party; in the group chat, the sender; 0 for own messages there), `is_from_me`,
  `service` (`iMessage`), `date` (sent/received), `date_read`, `date_delivered`,
  `is_read`, `is_sent`, `is_delivered`.
* `handle`: `ROWID`, `id` (phone number or e-mail address), `country`, `service`.
* `chat`: `ROWID`, `guid`, `style` (45 one-to-one, 43 group), `chat_identifier`,
  `display_name` (group name), `last_read_message_timestamp`.
* `chat_message_join` (`chat_id`, `message_id`, `message_date`) and
  `chat_handle_join` (`chat_id`, `handle_id`) link them.
* `attachment`, `message_attachment_join`: empty.

## Tool exports (`tool_exports/`, described in `tool_exports/datapackage.json`)
* `location_points.csv`: `point_id`, `timestamp_utc`, `latitude`, `longitude`
  (signed decimal degrees), `accuracy_m`, `source` (`gps`, `wifi`, `network`).
* `photo_exif.csv`: EXIF fields as `exiftool` names them: `FileName`, `Directory`,
  `Make`, `Model`, `DateTimeOriginal`, `OffsetTimeOriginal`, `GPSLatitude` +
  `GPSLatitudeRef` (N/S), `GPSLongitude` + `GPSLongitudeRef` (E/W) — unsigned
  decimal degrees, the sign is in the Ref — `ImageWidth`, `ImageHeight`.
  Screenshots carry no camera, time or GPS tags: only their file name tells when.
* `installed_apps.csv`: `package_name`, `app_label`, `version_name`,
  `version_code`, `installer`, `install_initiator`, `first_install_time_ms`,
  `last_update_time_ms`, `is_system`.

## `report.json` and `hashes.sha256`
`report.json` is the tool's summary: devices, acquisition type (full file system),
lock state (AFU, after first unlock), tool and version, extraction start and end,
examiner, case number, the warrant's wording, and the custody log.
`hashes.sha256` lists the SHA-256 of every other file (`sha256sum -c hashes.sha256`
in this folder re-checks them).

## What is simplified
* Only the columns forensic readers use are kept; the real schemas have more
  columns, tables, indexes and triggers. No MMS, attachments, WhatsApp or e-mail.
* iMessage text is always in `message.text` (newer iOS versions often keep it
  only in the binary `attributedBody`).
* Locations, photo EXIF and app labels come as the tool's CSV exports instead of
  the many app databases and JPEG files they are parsed from. No images are included.
* `packages.xml` is the older text form; permissions are the requested ones.
* No device identifiers (IMEI, serial numbers) are given.
* The SQLite header's "library version" field is pinned so files are identical on every machine.
"""
