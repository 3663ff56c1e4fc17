"""Time in the fictional extraction: the period, the town's clock, and the epochs.

Every event in the generator is kept as one integer: **milliseconds since
1970-01-01 00:00 UTC** ("Unix ms"). Each artifact then encodes that instant the
way its real software does, and the functions here are those encodings:

=====================  =========================================  ===============
artifact               unit and epoch                              function
=====================  =========================================  ===============
Android SMS, calls     ms since 1970-01-01 UTC                     (the value itself)
Chrome ``History``     µs since 1601-01-01 UTC ("WebKit time")     :func:`webkit_us`
iOS ``sms.db``         ns since 2001-01-01 UTC ("Mac absolute")    :func:`mac_ns`
Android packages.xml   ms since 1970, written in hexadecimal       :func:`hex_ms`
photo EXIF             local wall-clock text + separate offset     :func:`exif_datetime`
=====================  =========================================  ===============

The town keeps Central European time: summer time (UTC+02:00) until
25 October 2026 01:00 UTC, standard time (UTC+01:00) after it. We write that
rule out by hand rather than asking the operating system's time-zone database,
so the output is the same on every machine.

Only integer arithmetic is used: floating point would make byte-identical
output depend on rounding.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

UTC = timezone.utc

#: Name of the town's time zone as it is written in the README.
TIMEZONE_NAME = "Central European Time (CEST, UTC+02:00, until 25 Oct 2026 03:00 local; CET, UTC+01:00, after)"

#: First instant of the fictional period: 1 September 2026, 00:00 local (CEST).
PERIOD_START = datetime(2026, 8, 31, 22, 0, tzinfo=UTC)
#: First instant after the period: 1 November 2026, 00:00 local (CET).
PERIOD_END = datetime(2026, 10, 31, 23, 0, tzinfo=UTC)

#: Summer time ends: clocks go back from 03:00 CEST to 02:00 CET.
DST_END = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)

_MS = 1000
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
WEBKIT_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)
MAC_EPOCH = datetime(2001, 1, 1, tzinfo=UTC)

#: Seconds from 1601-01-01 to 1970-01-01 (Chrome and Windows FILETIME users know this number).
WEBKIT_TO_UNIX_S = 11_644_473_600
#: Seconds from 1970-01-01 to 2001-01-01 (Apple's "Mac absolute time" offset).
UNIX_TO_MAC_S = 978_307_200


def ms(dt: datetime) -> int:
    """Unix milliseconds of an aware datetime (exact, no floating point)."""
    delta = dt - UNIX_EPOCH
    return (delta.days * 86_400 + delta.seconds) * _MS + delta.microseconds // 1000


def from_ms(unix_ms: int) -> datetime:
    """The aware UTC datetime of a Unix-millisecond value."""
    return UNIX_EPOCH + timedelta(milliseconds=unix_ms)


PERIOD_START_MS = ms(PERIOD_START)
PERIOD_END_MS = ms(PERIOD_END)
DST_END_MS = ms(DST_END)


def utc_offset_minutes(unix_ms: int) -> int:
    """Minutes the town's clock is ahead of UTC at that instant (120 or 60)."""
    return 120 if unix_ms < DST_END_MS else 60


def local_ms(day: date, hour: int, minute: int, second: int = 0) -> int:
    """Unix ms of a wall-clock time in the town.

    The repeated hour on 25 October (02:00–03:00 happens twice) is read as
    summer time; the generator never schedules anything in it.
    """
    naive = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)
    summer = naive < datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    return ms(naive) - (120 if summer else 60) * 60 * _MS


def to_local(unix_ms: int) -> datetime:
    """The town's wall-clock time (naive datetime) for a Unix-ms instant."""
    return (from_ms(unix_ms) + timedelta(minutes=utc_offset_minutes(unix_ms))).replace(tzinfo=None)


def offset_text(unix_ms: int) -> str:
    """The UTC offset as EXIF and ISO 8601 write it, e.g. ``+02:00``."""
    minutes = utc_offset_minutes(unix_ms)
    return f"+{minutes // 60:02d}:{minutes % 60:02d}"


def webkit_us(unix_ms: int) -> int:
    """Chrome/WebKit time: microseconds since 1601-01-01 00:00 UTC."""
    return (unix_ms + WEBKIT_TO_UNIX_S * _MS) * 1000


def mac_ns(unix_ms: int) -> int:
    """iMessage time as newer iOS versions store it: nanoseconds since 2001-01-01 00:00 UTC."""
    return (unix_ms - UNIX_TO_MAC_S * _MS) * 1_000_000


def hex_ms(unix_ms: int) -> str:
    """Android ``packages.xml`` time: Unix milliseconds written as lowercase hex."""
    return format(unix_ms, "x")


def iso_utc(unix_ms: int) -> str:
    """ISO 8601 in UTC with a ``Z``, to the second: ``2026-09-14T06:12:00Z``."""
    return from_ms(unix_ms).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_local(unix_ms: int) -> str:
    """ISO 8601 in town time with its offset: ``2026-10-30T11:02:14+01:00``."""
    return to_local(unix_ms).strftime("%Y-%m-%dT%H:%M:%S") + offset_text(unix_ms)


def exif_datetime(unix_ms: int) -> tuple[str, str]:
    """EXIF ``DateTimeOriginal`` (camera's local clock, no zone) and ``OffsetTimeOriginal``."""
    return to_local(unix_ms).strftime("%Y:%m:%d %H:%M:%S"), offset_text(unix_ms)


def in_period(unix_ms: int) -> bool:
    """True if the instant falls inside the fictional period."""
    return PERIOD_START_MS <= unix_ms < PERIOD_END_MS
