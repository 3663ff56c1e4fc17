"""Write the whole cohort into a folder: :func:`generate`."""

from __future__ import annotations

import random
from pathlib import Path

from ..data import sha256
from ..paths import DATA
from ..safety import GeneratedFolder
from . import formats
from .model import DEFAULT_SEED, PLAN, build_cohort, ground_truth

#: Where the committed cohort lives (resolved from the package, never from the working directory).
#: Only ``make cohort`` (``--into-module-data``) writes here.
DEFAULT_OUT = DATA / "cohort"
HASH_LIST = "hashes.sha256"
PHONES = "phones.csv"
GROUND_TRUTH = "ground_truth.csv"
INDICATORS = "indicators.stix2"
PHONE_FILES = ("dmesg.txt", "logcat.txt", "packages.json")

#: The folder's safe replacement and its command line, shared with the evidence generator.
FOLDER = GeneratedFolder("cohort", DEFAULT_OUT, DEFAULT_SEED,
                         "Generate the cohort of synthetic, fictional phones used in notebook 06.",
                         hash_list=HASH_LIST)


def phone_file(phone_id: str, name: str) -> str:
    """Path of one phone's file inside a cohort folder, e.g. ``phones/P07/dmesg.txt``."""
    return f"phones/{phone_id}/{name}"


def hash_list(root: Path) -> str:
    """``sha256sum``-format lines for every file under ``root`` except the list itself, sorted by path."""
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != HASH_LIST)
    return "".join(f"{sha256(p)}  {p.relative_to(root).as_posix()}\n" for p in files)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _write_all(root: Path, seed: int) -> None:
    phones = build_cohort(seed)
    for phone in phones:
        # Each phone's files get their own random stream, so one phone's noise never shifts another's.
        rng = random.Random(f"{seed}:{phone.phone_id}")
        _write(root / phone_file(phone.phone_id, "dmesg.txt"), formats.kernel_log(phone, rng))
        _write(root / phone_file(phone.phone_id, "logcat.txt"), formats.logcat(phone, rng))
        _write(root / phone_file(phone.phone_id, "packages.json"), formats.packages_json(phone, rng))
    _write(root / PHONES, formats.phones_csv(phones))
    _write(root / GROUND_TRUTH, formats.ground_truth_csv(ground_truth(phones)))
    _write(root / INDICATORS, formats.stix_bundle())
    _write(root / "README.md", readme(seed, len(phones)))
    _write(root / HASH_LIST, hash_list(root))


def generate(out_dir: str | Path, seed: int = DEFAULT_SEED, *, into_module_data: bool = False) -> Path:
    """Generate the cohort for ``seed`` into the folder ``out_dir`` and return its path.

    The same guarantees as the evidence generator, from the same code
    (:meth:`unlocked.safety.GeneratedFolder.write`): the folder is built beside
    ``out_dir`` and swapped in only when complete; an existing ``out_dir`` is replaced
    only if it is empty or holds nothing but what an earlier generation wrote
    (otherwise :class:`~unlocked.safety.RefusedError`, and nothing is touched); the
    module's own ``data/`` is written only with ``into_module_data=True``, and then only
    ``data/cohort`` (``make cohort``). ``seed`` is a whole number from 0 to 2**32 - 1.
    """
    return FOLDER.write(out_dir, seed, _write_all, into_module_data=into_module_data)


def new_folder_name(seed: int, where: Path | None = None) -> Path:
    """A folder that does not exist yet, for the command line's default: ``cohort-seed-N`` (then -1, -2, ...)."""
    return FOLDER.new_folder_name(seed, where)


def readme(seed: int, n_phones: int) -> str:
    """The folder's own README: every file, its format and its clocks."""
    return f"""# A cohort of synthetic phones (notebook 06)

**Everything here is fictional.** {n_phones} invented Android phones, their invented owners,
towns, apps, USB devices and spyware ("GreyLark"), made by `python -m unlocked.cohort --seed {seed}`
(`make cohort` for the module's own copy).
Nothing here is an exploit: an emulated USB device appears only as the lines a kernel log
prints when any USB device is plugged in. USB ids use the pid.codes test vendor `1209`,
server addresses come from the documentation ranges (192.0.2.0/24, 198.51.100.0/24,
203.0.113.0/24), and every hash belongs to no real file or certificate.

The owners came forward after getting their phones back from the police and agreed to a
consensual examination; each phone's folder holds what that examination collected.

## Files

| File | What it is |
|---|---|
| `phones.csv` | one row per phone: owner record, what the owner noticed, the custody window in **local time** (`taken_local`, `returned_local`, in the zone `time_zone`), the last boot and the start of the examination in **UTC** |
| `phones/PNN/dmesg.txt` | the kernel log section of a bug report (`------ KERNEL LOG (dmesg) ------`) |
| `phones/PNN/logcat.txt` | the system log section of a bug report, `threadtime` format |
| `phones/PNN/packages.json` | the installed apps, one record each |
| `indicators.stix2` | a STIX 2.1 bundle (JSON): indicators of the invented spyware, one Malware object, relationships |
| `ground_truth.csv` | what really happened to each phone, for the answer checks; the examination's files do not contain it |
| `hashes.sha256` | SHA-256 of every other file (`sha256sum -c hashes.sha256` checks them) |

## Three clocks

- **Kernel log:** `[seconds.microseconds]` since the phone booted (the kernel's `[%5lu.%06lu]`).
  Wall-clock time = `boot_time_utc` + those seconds. The ring buffer keeps only the newest
  lines: on some phones the oldest line left is days after boot.
- **logcat:** `MM-DD HH:MM:SS.mmm` in the phone's **local time**, with **no year**, then
  process id, thread id, priority letter, tag and message.
- **packages.json:** `first_install_time` as `dumpsys package` prints it: `YYYY-MM-DD HH:MM:SS`
  in the phone's local time, with no zone.

## The kernel's USB lines

A device plugged into the phone (the phone as USB host) prints, in this order:

```
usb 1-1: new high-speed USB device number 5 using xhci-hcd
usb 1-1: New USB device found, idVendor=1209, idProduct=0a31, bcdDevice= 1.00
usb 1-1: New USB device strings: Mfr=0, Product=0, SerialNumber=0
usb_notify: call_device_notify USB device connected - Class : 0xe, speed : 0x3
uvcvideo 1-1:1.0: Found UVC 1.00 device <unnamed> (1209:0a31)
...
usb 1-1: USB disconnect, device number 5
```

`Product:` and `Manufacturer:` lines follow when the device has those strings. The
`usb_notify` line is modelled on the vendor notifier of Samsung kernels; its `Class` is the
USB class code: `0x1` audio, `0x3` HID (keyboards, buttons), `0x9` hub, `0xe` video. A video
device also prints the `uvcvideo` driver's line; a HID device the `input:` and `hid-generic` lines.

## packages.json

| Field | Meaning |
|---|---|
| `name` | the app's package name |
| `installer` | the app that installed it (`com.android.vending` is the Play Store); `null` when none did: system apps, and apps installed from a computer over adb |
| `system` | `true` for apps that came with the phone |
| `first_install_time` | local time, no zone |
| `version_code` | the app's version number |
| `apk_path`, `apk_sha256` | where the app's package file is, and its SHA-256 |
| `certificate_sha256` | SHA-256 of the certificate the app is signed with |

The format is modelled on the package list that AndroidQF collects, simplified to one flat
record per app.

## ground_truth.csv

`scenario` (what the generator made happen), `tampered` (unlocked while in custody),
`app_installed` (an app was put on it in custody), `kernel_log_rotated` (the kernel lines of
the custody period were overwritten before the examination), `ambiguous` (one of the four
phones notebook 06 asks you to classify), `note`.
"""
