"""The files of the cohort, in the line formats real Android phones and tools write.

* ``dmesg.txt``: the kernel log section of a bug report. Each line starts with
  ``[seconds.microseconds]`` since the phone booted (``[%5lu.%06lu]``). A USB
  device plugged into the phone (the phone as USB host) prints the kernel's
  enumeration lines (``usb 1-1: new high-speed USB device number 5 using xhci-hcd``,
  ``New USB device found, idVendor=…, idProduct=…, bcdDevice=…``, ``New USB device
  strings: …``), a vendor notifier line with the device's class (modelled on
  Samsung kernels: ``usb_notify: call_device_notify USB device connected - Class :
  0xe, speed : 0x3``), the class driver's own line (``uvcvideo …: Found UVC …``,
  ``input: …`` and ``hid-generic …``) and, when unplugged, ``USB disconnect``.
* ``logcat.txt``: Android's system log in the default ``threadtime`` format,
  ``MM-DD HH:MM:SS.mmm  PID  TID L Tag: message``, in the phone's local time,
  with no year.
* ``packages.json``: the installed apps as a collection tool lists them
  (modelled on AndroidQF's ``packages.json``, simplified and flattened): name,
  installer (``null`` when none), system app or not, first install time as
  ``dumpsys package`` prints it (local time, no zone), APK and signing-certificate
  SHA-256.
* ``indicators.stix2``: a STIX 2.1 bundle of indicators for the invented spyware.

Every identifier is fictional: USB ids from the pid.codes test vendor 0x1209,
addresses from the documentation ranges, hashes that belong to no real file.
"""

from __future__ import annotations

import csv
import io
import json
import random
import uuid
from datetime import datetime, timedelta

from .model import (CLASS_CODES, IOC_APK_HASHES, IOC_CERTS, IOC_PACKAGES, IOC_SERVERS, MALWARE_NAME, UTC,
                    Phone, UsbDevice)

_SPEED_CODE = {"full-speed": 0x2, "high-speed": 0x3}
_HID_KIND = {"HID": "Keyboard"}


# ============================================================================ kernel log


def _ktime(phone: Phone, t: datetime) -> str:
    delta = t - phone.boot
    seconds = delta.days * 86_400 + delta.seconds
    return f"[{seconds:5d}.{delta.microseconds:06d}] "


def _device_lines(phone: Phone, device: UsbDevice, number: int, port: str) -> list[tuple[datetime, str]]:
    """The kernel lines for one device, each with its UTC time; the device's time is its 'found' line."""
    t = device.time
    us = timedelta(microseconds=1)
    ids = f"{device.vendor:04x}:{device.product:04x}"
    strings = device.name is not None
    lines = [
        (t - timedelta(microseconds=148_311), f"usb {port}: new {device.speed} USB device number {number} using xhci-hcd"),
        (t, f"usb {port}: New USB device found, idVendor={device.vendor:04x}, idProduct={device.product:04x}, "
            f"bcdDevice= 1.00"),
        (t + 17 * us, f"usb {port}: New USB device strings: Mfr={1 if strings else 0}, "
                      f"Product={2 if strings else 0}, SerialNumber=0"),
    ]
    if strings:
        lines += [(t + 25 * us, f"usb {port}: Product: {device.name}"),
                  (t + 31 * us, f"usb {port}: Manufacturer: {device.manufacturer}")]
    lines.append((t + timedelta(microseconds=1_204),
                  f"usb_notify: call_device_notify USB device connected - Class : "
                  f"0x{CLASS_CODES[device.usb_class]:x}, speed : 0x{_SPEED_CODE[device.speed]:x}"))
    label = device.name or "<unnamed>"
    if device.usb_class == "video":
        lines.append((t + timedelta(microseconds=40_377), f"uvcvideo {port}:1.0: Found UVC 1.00 device {label} ({ids})"))
    elif device.usb_class == "HID":
        hid = f"0003:{device.vendor:04X}:{device.product:04X}.{number:04X}"
        name = device.name or f"HID {ids}"
        lines += [
            (t + timedelta(microseconds=61_020),
             f"input: {name} as /devices/platform/xhci-hcd.0.auto/usb1/{port}/{port}:1.0/{hid}/input/input{number + 4}"),
            (t + timedelta(microseconds=61_902),
             f"hid-generic {hid}: input,hidraw{number % 4}: USB HID v1.11 Keyboard [{name}] on "
             f"usb-xhci-hcd.0.auto-{port.split('-', 1)[1]}/input0"),
        ]
    lines.append((t + timedelta(seconds=device.lasts_s), f"usb {port}: USB disconnect, device number {number}"))
    return lines


def kernel_log(phone: Phone, rng: random.Random) -> str:
    """The bug report's ``KERNEL LOG (dmesg)`` section for one phone."""
    lines: list[tuple[datetime, str]] = [
        (phone.boot, "Booting Linux on physical CPU 0x0000000000 [0x412fd050]"),
        (phone.boot + timedelta(microseconds=1), "Linux version 5.10.210-android13 (synthetic kernel for a teaching module)"),
        (phone.boot + timedelta(seconds=1, microseconds=402_117), "usbcore: registered new interface driver usbhid"),
        (phone.boot + timedelta(seconds=1, microseconds=402_951), "usbhid: USB HID core driver"),
        (phone.boot + timedelta(seconds=1, microseconds=733_504), "usbcore: registered new interface driver uvcvideo"),
        (phone.boot + timedelta(seconds=2, microseconds=118_286), "usbcore: registered new interface driver snd-usb-audio"),
    ]
    # The battery service writes a status line to the kernel log every so often.
    t, level = phone.boot + timedelta(minutes=rng.randint(10, 40)), rng.randint(60, 100)
    while t < phone.captured:
        level = max(5, min(100, level + rng.randint(-6, 4)))
        lines.append((t + timedelta(microseconds=rng.randint(0, 999_999)),
                      f"healthd: battery l={level} v={3600 + level * 6} t={rng.randint(240, 340) / 10:.1f} h=2 "
                      f"st={rng.choice((2, 3, 3, 3))} c={rng.randint(-900, 900)} cc={rng.randint(40, 400)} chg="))
        t += timedelta(minutes=rng.randint(40, 130))
    number, behind_hub = 1, 0
    for device in phone.devices:
        number += 1
        if device.usb_class == "hub":
            port, behind_hub = "1-1", 0
        elif device.manufacturer == "Kestrel Labs":  # the dock's own devices sit behind its hub
            behind_hub += 1
            port = f"1-1.{behind_hub}"
        else:
            port = "1-1"
        lines += _device_lines(phone, device, number, port)
    kept = sorted((t, text) for t, text in lines if phone.log_starts <= t <= phone.captured)
    body = "".join(_ktime(phone, t) + text + "\n" for t, text in kept)
    return ("------ KERNEL LOG (dmesg) ------\n" + body
            + f"------ 0.{rng.randint(20, 90):03d}s was the duration of 'KERNEL LOG (dmesg)' ------\n")


# ============================================================================ logcat


def _logline(phone: Phone, t: datetime, pid: int, tid: int, level: str, tag: str,
             message: str) -> tuple[datetime, str]:
    """(when, line): events planned on whole seconds get a stable sub-second part, as log lines have."""
    if not t.microsecond:
        spread = pid * 7 + tid * 13 + t.day * 17 + t.hour * 37 + t.minute * 61 + t.second * 31
        t += timedelta(milliseconds=spread % 1000)
    local = phone.local(t)
    return t, f"{local:%m-%d %H:%M:%S}.{local.microsecond // 1000:03d} {pid:5d} {tid:5d} {level} {tag:<8s}: {message}\n"


def logcat(phone: Phone, rng: random.Random) -> str:
    """The ``SYSTEM LOG`` section of a bug report for one phone (threadtime format, local time)."""
    system_pid = rng.randint(1100, 1900)
    ui_pid = system_pid + rng.randint(300, 900)
    entries: list[tuple[datetime, str]] = []
    for t, state in phone.screen:
        if state == "on":
            entries.append(_logline(phone, t, system_pid, system_pid + 31, "I", "PowerManagerService",
                                    "Waking up from Asleep (uid=1000, reason=WAKE_REASON_POWER_BUTTON, "
                                    "details=android.policy:POWER)..."))
        elif state == "off":
            entries.append(_logline(phone, t, system_pid, system_pid + 31, "I", "PowerManagerService",
                                    "Going to sleep due to timeout (uid 1000)..."))
            shown = entries[-1][0] + timedelta(milliseconds=212, microseconds=1)
            entries.append(_logline(phone, shown, ui_pid, ui_pid, "D", "KeyguardViewMediator", "handleShow"))
        else:
            entries.append(_logline(phone, t, ui_pid, ui_pid, "D", "KeyguardViewMediator", "handleHide"))
            app = rng.choice([a.name for a in phone.apps if not a.system])
            later = t + timedelta(seconds=rng.randint(3, 40))
            entries.append(_logline(phone, later, system_pid, system_pid + 77, "I", "ActivityManager",
                                    f"Start proc {rng.randint(5000, 29000)}:{app}/u0a{rng.randint(150, 320)} "
                                    "for top-activity"))
    for app in phone.apps:
        if not app.system and phone.boot <= app.installed:
            entries.append(_logline(
                phone, app.installed, system_pid, system_pid + 140, "I", "PackageManager",
                f"START INSTALL PACKAGE: observer{{{rng.randint(10**5, 10**6 - 1)}}} "
                f"stagedDir{{/data/app/vmdl{rng.randint(10**5, 10**6 - 1)}.tmp}} stagedCid{{null}} "
                f"pkg{{{app.name}}} Request from{{{app.installer or 'null'}}}"))
    kept = sorted(entry for entry in entries if phone.log_starts <= entry[0] <= phone.captured)
    return ("------ SYSTEM LOG (logcat -v threadtime -v printable -d *:v) ------\n"
            + "".join(text for _, text in kept))


# ============================================================================ packages


def packages_json(phone: Phone, rng: random.Random) -> str:
    """The installed apps as a list of records (times as ``dumpsys package`` prints them: local, no zone)."""
    records = []
    for app in sorted(phone.apps, key=lambda a: (not a.system, a.name)):
        folder = "system/app" if app.system else f"data/app/~~{uuid.UUID(int=rng.getrandbits(128)).hex[:22]}=="
        records.append({
            "name": app.name,
            "installer": app.installer,
            "system": app.system,
            "first_install_time": f"{phone.local(app.installed):%Y-%m-%d %H:%M:%S}",
            "version_code": app.version,
            "apk_path": f"/{folder}/{app.name}/base.apk",
            "apk_sha256": app.apk_sha256,
            "certificate_sha256": app.certificate,
        })
    return json.dumps(records, indent=2) + "\n"


# ============================================================================ tables


def _iso_utc(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


PHONE_FIELDS = ("phone_id", "owner", "role", "town", "time_zone", "model", "android_version", "owner_noticed",
                "taken_local", "returned_local", "boot_time_utc", "examined_utc")


def phones_csv(phones: list[Phone]) -> str:
    """One row per phone: the owner record, the custody window in local time, boot and examination time."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PHONE_FIELDS)
    for p in phones:
        writer.writerow([p.phone_id, p.owner, p.role, p.town, p.zone, p.model, p.android, p.noticed,
                         f"{p.local(p.taken):%Y-%m-%d %H:%M}", f"{p.local(p.returned):%Y-%m-%d %H:%M}",
                         _iso_utc(p.boot), _iso_utc(p.examined)])
    return out.getvalue()


TRUTH_FIELDS = ("phone_id", "scenario", "tampered", "app_installed", "kernel_log_rotated", "ambiguous", "note")


def ground_truth_csv(rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TRUTH_FIELDS)
    for row in rows:
        writer.writerow([str(row[k]).lower() if isinstance(row[k], bool) else row[k] for k in TRUTH_FIELDS])
    return out.getvalue()


# ============================================================================ STIX 2.1

_NAMESPACE = uuid.UUID("6f1c2b9e-3d4a-5b6c-8d7e-9f0a1b2c3d4e")
_CREATED = "2026-09-15T08:00:00.000Z"


def _id(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(_NAMESPACE, f'{kind}:{key}')}"


def indicator_patterns() -> list[tuple[str, str]]:
    """(name, STIX pattern) of every indicator in the bundle."""
    found = [(f"{MALWARE_NAME} package name", f"[app:id = '{name}']") for name in IOC_PACKAGES]
    found += [(f"{MALWARE_NAME} signing certificate", f"[app:cert.sha256 = '{cert}']") for cert in IOC_CERTS]
    found += [(f"{MALWARE_NAME} APK file", f"[file:hashes.'SHA-256' = '{digest}']") for digest in IOC_APK_HASHES]
    found += [(f"{MALWARE_NAME} server", f"[ipv4-addr:value = '{ip}']") for ip in IOC_SERVERS]
    return found


def stix_bundle() -> str:
    """A STIX 2.1 bundle: one Malware object, its Indicators and an 'indicates' Relationship for each."""
    malware_id = _id("malware", MALWARE_NAME)
    objects: list[dict[str, object]] = [{
        "type": "malware", "spec_version": "2.1", "id": malware_id, "created": _CREATED, "modified": _CREATED,
        "name": MALWARE_NAME, "is_family": True, "malware_types": ["spyware"],
        "description": ("An invented Android spyware family for the Unlocked teaching module. It is not real: "
                        "its names, certificate hashes and server addresses exist only in this exercise."),
    }]
    for name, pattern in indicator_patterns():
        indicator_id = _id("indicator", pattern)
        objects.append({
            "type": "indicator", "spec_version": "2.1", "id": indicator_id, "created": _CREATED,
            "modified": _CREATED, "name": name, "indicator_types": ["malicious-activity"], "pattern": pattern,
            "pattern_type": "stix", "pattern_version": "2.1", "valid_from": _CREATED,
        })
        objects.append({
            "type": "relationship", "spec_version": "2.1", "id": _id("relationship", pattern), "created": _CREATED,
            "modified": _CREATED, "relationship_type": "indicates", "source_ref": indicator_id,
            "target_ref": malware_id,
        })
    bundle = {"type": "bundle", "id": _id("bundle", MALWARE_NAME), "objects": objects}
    return json.dumps(bundle, indent=2) + "\n"
