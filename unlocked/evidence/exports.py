"""Tables the (fictional) extraction tool exports after parsing: locations, photo EXIF, apps.

Real phones keep locations in several app-specific databases and EXIF inside
each JPEG; shipping hundreds of images would blow the module's size budget.
So, as analysis tools do, these arrive as flat CSV tables, one row per record,
with the field names that the underlying formats use (EXIF tag names as
``exiftool`` prints them). :func:`descriptor` describes them in the
Frictionless Data Package format.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from . import clock
from .timeline import Timeline

FOLDER = "tool_exports"
LOCATIONS = "location_points.csv"
PHOTOS = "photo_exif.csv"
APPS = "installed_apps.csv"

CAMERA_MAKE = "Nordel"
CAMERA_MODEL = "Vista 7"


def degrees(value_e6: int) -> str:
    """Millionths of a degree as an unsigned decimal string (the sign goes into the N/S, E/W ref)."""
    value_e6 = abs(value_e6)
    return f"{value_e6 // 1_000_000}.{value_e6 % 1_000_000:06d}"


def signed_degrees(value_e6: int) -> str:
    """Millionths of a degree as a signed decimal string."""
    return ("-" if value_e6 < 0 else "") + degrees(value_e6)


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def locations_csv(timeline: Timeline) -> str:
    """One row per location fix: UTC time, signed decimal degrees, accuracy in metres, source."""
    rows = [[p.id, clock.iso_utc(p.t), signed_degrees(p.lat_e6), signed_degrees(p.lon_e6), p.accuracy_m, p.source]
            for p in timeline.locations]
    return _csv(["point_id", "timestamp_utc", "latitude", "longitude", "accuracy_m", "source"], rows)


def photos_csv(timeline: Timeline) -> str:
    """One row per picture with its EXIF fields; screenshots carry no camera, time or GPS tags."""
    rows = []
    for ph in timeline.photos:
        if ph.camera:
            taken, offset = clock.exif_datetime(ph.t)
            make, model, width, height = CAMERA_MAKE, CAMERA_MODEL, 4000, 3000
        else:
            taken = offset = make = model = ""
            width, height = 1080, 2400
        has_gps = ph.lat_e6 is not None and ph.lon_e6 is not None
        rows.append([
            ph.file_name, "/sdcard/DCIM/Camera" if ph.camera else "/sdcard/Pictures/Screenshots",
            make, model, taken, offset,
            degrees(ph.lat_e6) if has_gps else "", ("N" if ph.lat_e6 >= 0 else "S") if has_gps else "",
            degrees(ph.lon_e6) if has_gps else "", ("E" if ph.lon_e6 >= 0 else "W") if has_gps else "",
            width, height,
        ])
    return _csv(["FileName", "Directory", "Make", "Model", "DateTimeOriginal", "OffsetTimeOriginal",
                 "GPSLatitude", "GPSLatitudeRef", "GPSLongitude", "GPSLongitudeRef", "ImageWidth",
                 "ImageHeight"], rows)


def apps_csv(timeline: Timeline) -> str:
    """One row per installed package; times in Unix milliseconds, as Android's API reports them."""
    rows = [[a.package, a.label, a.version_name, a.version_code, a.installer or "", a.initiator,
             a.first_install, a.last_update, "true" if a.system else "false"] for a in timeline.apps]
    return _csv(["package_name", "app_label", "version_name", "version_code", "installer", "install_initiator",
                 "first_install_time_ms", "last_update_time_ms", "is_system"], rows)


def _field(name: str, type_: str, description: str, **extra: object) -> dict[str, object]:
    return {"name": name, "type": type_, "description": description, **extra}


def resources(prefix: str = "") -> list[dict[str, object]]:
    """Frictionless resource descriptors of the three CSVs; ``prefix`` is prepended to each path."""
    return [
        {
            "name": "evidence_location_points",
            "path": prefix + LOCATIONS,
            "title": "Location fixes (synthetic, fictional)",
            "format": "csv", "encoding": "utf-8",
            "schema": {"fields": [
                _field("point_id", "integer", "Row number in time order",
                       constraints={"required": True, "unique": True}),
                _field("timestamp_utc", "datetime", "When the fix was taken, UTC (ISO 8601 with Z)"),
                _field("latitude", "number", "Decimal degrees, north positive (arbitrary, fictional place)"),
                _field("longitude", "number", "Decimal degrees, east positive (arbitrary, fictional place)"),
                _field("accuracy_m", "integer", "Estimated accuracy radius in metres"),
                _field("source", "string", "How the fix was obtained",
                       constraints={"enum": ["gps", "wifi", "network"]}),
            ], "primaryKey": ["point_id"]},
        },
        {
            "name": "evidence_photo_exif",
            "path": prefix + PHOTOS,
            "title": "Photo EXIF metadata (synthetic, fictional)",
            "format": "csv", "encoding": "utf-8",
            "schema": {"fields": [
                _field("FileName", "string", "File name on the phone", constraints={"required": True, "unique": True}),
                _field("Directory", "string", "Folder on the phone"),
                _field("Make", "string", "Camera maker (empty for screenshots)"),
                _field("Model", "string", "Camera model (empty for screenshots)"),
                _field("DateTimeOriginal", "string",
                       "When taken, camera's local clock, 'YYYY:MM:DD HH:MM:SS', no time zone",
                       constraints={"pattern": r"(\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2})?"}),
                _field("OffsetTimeOriginal", "string", "UTC offset of DateTimeOriginal, e.g. +02:00"),
                _field("GPSLatitude", "number", "Unsigned decimal degrees; sign in GPSLatitudeRef"),
                _field("GPSLatitudeRef", "string", "N or S", constraints={"enum": ["N", "S"]}),
                _field("GPSLongitude", "number", "Unsigned decimal degrees; sign in GPSLongitudeRef"),
                _field("GPSLongitudeRef", "string", "E or W", constraints={"enum": ["E", "W"]}),
                _field("ImageWidth", "integer", "Pixels"),
                _field("ImageHeight", "integer", "Pixels"),
            ], "primaryKey": ["FileName"]},
        },
        {
            "name": "evidence_installed_apps",
            "path": prefix + APPS,
            "title": "Installed Android packages (synthetic, fictional)",
            "format": "csv", "encoding": "utf-8",
            "schema": {"fields": [
                _field("package_name", "string", "Android package name",
                       constraints={"required": True, "unique": True}),
                _field("app_label", "string", "Name shown under the icon"),
                _field("version_name", "string", "Version as shown to users"),
                _field("version_code", "integer", "Internal version number"),
                _field("installer", "string", "Store that installed it; empty if none"),
                _field("install_initiator", "string",
                       "Package that started the install (com.android.shell: a USB debugging connection)"),
                _field("first_install_time_ms", "integer", "First install, Unix milliseconds (UTC)"),
                _field("last_update_time_ms", "integer", "Last update, Unix milliseconds (UTC)"),
                _field("is_system", "boolean", "Preinstalled with the system"),
            ], "primaryKey": ["package_name"]},
        },
    ]


def descriptor() -> str:
    """``datapackage.json`` for the tool-export folder."""
    package = {
        "name": "unlocked-evidence-exports",
        "title": "Tool exports from a synthetic, fictional phone extraction",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International"}],
        "resources": resources(),
    }
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def write_exports(folder: Path, timeline: Timeline) -> None:
    """Write the three CSVs and their descriptor into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ((LOCATIONS, locations_csv(timeline)), (PHOTOS, photos_csv(timeline)),
                       (APPS, apps_csv(timeline)), ("datapackage.json", descriptor())):
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
