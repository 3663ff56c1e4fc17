"""The cohort's plan: who the phones belong to, what happened to each, and when.

Everything the files record is decided here, from the seed, before any file is
written: the owner record and custody window of every phone, the USB devices
its kernel saw, the screen going on and off, the apps installed, and the
ground truth (what really happened) that only the answer checks read.

The story is fixed for every seed (how many phones of each kind, see
:data:`PLAN`); the seed decides who is who, the times, the devices and the apps.
Nothing here is an exploit: an emulated device appears only as the lines a
kernel log prints when *any* USB device is plugged in.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
DEFAULT_SEED = 2026

#: USB interface classes (USB-IF class codes) the cohort's devices use.
CLASS_CODES = {"audio": 0x01, "HID": 0x03, "hub": 0x09, "video": 0x0E}

#: The story, the same for every seed: (scenario, how many phones).
#: ``tampered`` scenarios are phones unlocked while in custody.
PLAN: tuple[tuple[str, int], ...] = (
    ("clean", 14),
    ("own webcam", 4),
    ("car kit", 4),
    ("desk dock", 3),
    ("developer", 4),
    ("examiner's app", 3),
    ("unlocked", 6),
    ("unlocked + app", 5),
    ("unlocked, log rotated", 2),
    ("unlocked + app, log rotated", 1),
    # Four phones whose logs do not settle the question on their own (section 6 of notebook 06).
    ("ambiguous: nothing left", 1),
    ("ambiguous: two devices in custody", 1),
    ("ambiguous: unknown app", 1),
    ("ambiguous: dock just after return", 1),
)

TAMPERED = {"unlocked", "unlocked + app", "unlocked, log rotated", "unlocked + app, log rotated",
            "ambiguous: nothing left", "ambiguous: unknown app"}
WITH_APP = {"unlocked + app", "unlocked + app, log rotated", "ambiguous: unknown app"}
ROTATED = {"unlocked, log rotated", "unlocked + app, log rotated", "ambiguous: nothing left",
           "ambiguous: unknown app"}

NOTES = {
    "clean": "Never tampered with; nothing unusual plugged in.",
    "own webcam": "The owner uses a USB webcam with the phone at home: one video device, screen unlocked.",
    "car kit": "The owner's car kit: one audio device while driving, screen unlocked.",
    "desk dock": ("The owner's desk dock: a hub, a camera, a headset and a keyboard enumerate within "
                  "seconds, a burst, but days before or after custody, with the screen unlocked."),
    "developer": "The owner develops apps and installs test builds over adb: apps with no installer, outside custody.",
    "examiner's app": ("The consensual examination's own collection app, installed over adb after the phone "
                       "came back: no installer, at the time of the examination."),
    "unlocked": "Unlocked in custody: a burst of emulated video, audio and HID devices while the screen was locked.",
    "unlocked + app": "Unlocked in custody by a device burst, then given a sideloaded app on the indicator list.",
    "unlocked, log rotated": ("Unlocked in custody by a device burst, but the kernel log was overwritten "
                              "before the examination: no trace survives."),
    "unlocked + app, log rotated": ("Unlocked in custody and given an app on the indicator list; the kernel "
                                    "log of the custody period was overwritten, the app remains."),
    "ambiguous: nothing left": ("Unlocked in custody, the owner saw mobile data switched off afterwards; "
                                "the kernel log was overwritten, so nothing in the files shows it."),
    "ambiguous: two devices in custody": ("Not tampered with: an officer charged the phone in a car, whose "
                                          "kit enumerated as two devices while the screen was locked."),
    "ambiguous: unknown app": ("Unlocked in custody and given a new spyware variant that no indicator lists, "
                               "installed with no installer; the kernel log was overwritten."),
    "ambiguous: dock just after return": ("Not tampered with: the owner put the phone on a desk dock a few "
                                          "minutes after getting it back, a burst just after the window."),
}

#: Invented towns, each in a real time zone (the zone is what the lesson needs).
TOWNS: tuple[tuple[str, str], ...] = (
    ("Velmora", "Europe/Vienna"),
    ("Ostrava Nova", "Europe/Helsinki"),
    ("Port Castelo", "Europe/Lisbon"),
    ("Harrowgate Mill", "Europe/London"),
)

FIRST = ("Ana", "Bojan", "Cleo", "Dario", "Edda", "Filip", "Greta", "Hugo", "Ines", "Jovan", "Kira", "Luka",
         "Mila", "Nenad", "Olga", "Pavel", "Rada", "Sava", "Tea", "Uros", "Vera", "Zoran", "Lea", "Ivo",
         "Maja", "Teo", "Nina", "Oskar", "Petra", "Rok")
LAST = ("Arnel", "Brask", "Corvin", "Dalen", "Elvik", "Farrow", "Gorsk", "Halden", "Iskar", "Jarnel",
        "Kestrel", "Lorvan", "Marek", "Norvel", "Orlin", "Pellan", "Quist", "Roven", "Sallow", "Tarnik",
        "Ulden", "Varga", "Wendel", "Zorek")
ROLES = ("student", "journalist", "activist", "lawyer", "researcher", "trade unionist")
MODELS = ("Lumo A5", "Lumo A7", "Pellio 12", "Pellio 13 Lite", "Corvus X2", "Corvus Note 4")

#: Apps from an app store (installer com.android.vending), invented names.
STORE_APPS = ("org.velmora.transit", "com.fieldnotes.reader", "org.openmaps.offline", "com.ledger.budget",
              "com.quietchat.messenger", "org.pressroom.feeds", "com.stepcount.tracker", "org.recipebox.main",
              "com.weatherwise.forecast", "org.podline.player", "com.scanpal.documents", "org.trainline.tickets",
              "com.photoframe.editor", "org.studyhall.flashcards", "com.radioflow.stream")
#: Apps that come with the phone (system apps: no installer is normal for them).
SYSTEM_APPS = ("com.android.settings", "com.android.phone", "com.android.systemui", "com.android.providers.telephony",
               "com.android.shell", "com.android.vending", "com.android.chrome", "com.lumo.launcher",
               "com.lumo.camera", "com.lumo.gallery")
DEV_APPS = ("org.ownbuild.notes", "org.ownbuild.weather", "org.ownbuild.sandbox", "org.ownbuild.demo")
EXAMINER_APP = "org.consentcheck.collector"
#: The indicator list's spyware (invented): package names on the list ...
IOC_PACKAGES = ("com.sysupdate.helper", "com.accessibility.helper", "org.lark.sync")
#: ... and a package name that is not on it, signed with a listed certificate.
RENAMED_PACKAGE = "com.battery.optimizer"
#: A new variant: neither its name nor its certificate is on the list.
UNLISTED_PACKAGE = "com.display.calibration"
#: Server addresses of the invented spyware, from the documentation ranges (RFC 5737).
IOC_SERVERS = ("192.0.2.41", "198.51.100.17", "203.0.113.88")
MALWARE_NAME = "GreyLark"


def fake_sha256(*parts: object) -> str:
    """A stable, meaningless 64-hex-digit value (no real file or certificate has it)."""
    return hashlib.sha256("|".join(str(p) for p in ("unlocked-cohort", *parts)).encode()).hexdigest()


IOC_CERTS = tuple(fake_sha256("ioc-cert", i) for i in range(2))
IOC_APK_HASHES = tuple(fake_sha256("ioc-apk", name) for name in IOC_PACKAGES)


@dataclass(frozen=True)
class UsbDevice:
    """One USB device the phone's kernel enumerated (as host)."""

    time: datetime          # UTC
    usb_class: str          # key of CLASS_CODES
    vendor: int
    product: int
    speed: str              # "high-speed" or "full-speed"
    manufacturer: str | None = None
    name: str | None = None
    lasts_s: float = 2.0    # seconds until "USB disconnect"


@dataclass(frozen=True)
class App:
    name: str
    installer: str | None
    system: bool
    installed: datetime     # UTC
    version: int
    certificate: str
    apk_sha256: str


@dataclass
class Phone:
    """One phone of the cohort, with everything its files will record."""

    phone_id: str
    scenario: str
    owner: str
    role: str
    town: str
    zone: str
    model: str
    android: int
    taken: datetime         # UTC
    returned: datetime      # UTC
    boot: datetime          # UTC
    examined: datetime      # UTC: the consensual examination began
    log_starts: datetime    # UTC: earliest kernel line still in the ring buffer
    devices: list[UsbDevice] = field(default_factory=list)
    apps: list[App] = field(default_factory=list)
    screen: list[tuple[datetime, str]] = field(default_factory=list)  # (UTC, "on"/"off"/"unlocked")
    noticed: str = "nothing unusual"  # what the owner reported after getting the phone back

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def local(self, t: datetime) -> datetime:
        """Wall-clock time on the phone (naive), for logcat and the package list."""
        return t.astimezone(self.tz).replace(tzinfo=None)

    @property
    def captured(self) -> datetime:
        """When the logs were collected: a few minutes into the examination."""
        return self.examined + timedelta(minutes=4)

    @property
    def tampered(self) -> bool:
        return self.scenario in TAMPERED


def _minutes(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(minutes=rng.randint(low, high))


def _exploit_burst(rng: random.Random, start: datetime, size: int | None = None) -> list[UsbDevice]:
    """Several emulated devices of alternating classes within a minute, no descriptor strings.

    ``size`` fixes how many (the shortest burst, one device of each class, is three).
    """
    n = rng.randint(6, 9)
    n = size or n
    classes = ["video", "audio", "HID"]
    rng.shuffle(classes)
    devices, t = [], start + timedelta(microseconds=rng.randint(0, 999_999))
    for i in range(n):
        devices.append(UsbDevice(t, classes[i % 3], 0x1209, rng.randint(0x0100, 0x0FFF),
                                 rng.choice(("high-speed", "full-speed")), lasts_s=round(rng.uniform(0.8, 3.0), 3)))
        t += timedelta(seconds=rng.uniform(3.5, 7.0))
    return devices


def _dock(rng: random.Random, start: datetime) -> list[UsbDevice]:
    """A desk dock: a hub, then a camera, a headset and a keyboard behind it, within seconds."""
    parts = [("hub", "Kestrel Labs", "DeskHub 4"), ("video", "Kestrel Labs", "DeskCam HD"),
             ("audio", "Kestrel Labs", "DeskHeadset"), ("HID", "Kestrel Labs", "DeskKeys")]
    devices, t = [], start + timedelta(microseconds=rng.randint(0, 999_999))
    for cls, maker, name in parts:
        devices.append(UsbDevice(t, cls, 0x1209, 0x0D00 + CLASS_CODES[cls], "high-speed", maker, name,
                                 lasts_s=rng.randint(1800, 7200)))
        t += timedelta(seconds=rng.uniform(0.3, 1.2))
    return devices


def _local_time(rng: random.Random, zone: str, day: datetime, hour_low: int, hour_high: int) -> datetime:
    """A UTC instant at a whole-minute local time between the hours on that day."""
    local = datetime(day.year, day.month, day.day, rng.randint(hour_low, hour_high - 1), rng.randint(0, 59),
                     tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


def clear_of_clock_change(t: datetime, zone: str) -> datetime:
    """``t``, moved on by whole days while a clock change falls within three hours of it.

    A local time near a change can be ambiguous (the repeated autumn hour);
    keeping every recorded local time clear of changes means each one names
    exactly one instant.
    """
    tz = ZoneInfo(zone)
    while (t - timedelta(hours=3)).astimezone(tz).utcoffset() != (t + timedelta(hours=3)).astimezone(tz).utcoffset():
        t += timedelta(days=1)
    return t


def _app(rng: random.Random, name: str, installer: str | None, system: bool, installed: datetime,
         certificate: str | None = None) -> App:
    return App(name, installer, system, installed, rng.randint(10, 9000),
               certificate or fake_sha256("cert", name), fake_sha256("apk", name, installed.isoformat()))


def build_cohort(seed: int = DEFAULT_SEED) -> list[Phone]:
    """Every phone of the cohort for ``seed``, sorted by phone id."""
    rng = random.Random(seed)
    scenarios = [name for name, count in PLAN for _ in range(count)]
    rng.shuffle(scenarios)
    owners = rng.sample([(f, l) for f in FIRST for l in LAST], len(scenarios))
    first_app_phone = True
    # Two boundary cases, so that common slips give a different answer from the right one:
    # the first "unlocked" phone's burst has exactly three devices (a burst is three *or more*),
    # and the first developer installed a test build shortly before the police took the phone,
    # in a town whose clock is ahead of UTC (read as UTC, that install falls inside custody).
    short_burst_phone = boundary_developer = True
    phones = []
    for number, scenario in enumerate(scenarios, start=1):
        town, zone = rng.choice(TOWNS)
        if scenario == "developer" and boundary_developer:
            town, zone = TOWNS[0]  # Vienna: one or two hours ahead of UTC in October and November
        day = datetime(2026, 10, 5, tzinfo=UTC) + timedelta(days=rng.randint(0, 40))
        if datetime(2026, 10, 21, tzinfo=UTC) <= day <= datetime(2026, 10, 29, tzinfo=UTC):
            day += timedelta(days=9)  # nothing from boot to examination near the night the clocks go back
        taken = _local_time(rng, zone, day, 8, 17)
        returned = taken + _minutes(rng, 150, 480)
        boot = taken - _minutes(rng, 6 * 60, 60 * 60)
        # The consensual examination: one to three days later, in office hours.
        examined = _local_time(rng, zone, returned + timedelta(days=rng.randint(1, 3)), 9, 17)
        owner = f"{owners[number - 1][0]} {owners[number - 1][1]}"
        phone = Phone(f"P{number:02d}", scenario, owner, rng.choice(ROLES), town, zone, rng.choice(MODELS),
                      rng.choice((12, 13, 14)), taken, returned, boot, examined, log_starts=boot)

        # Ordinary life: apps from the store and the phone's own, installed before it was taken.
        for name in SYSTEM_APPS:
            phone.apps.append(_app(rng, name, None, True, boot - timedelta(days=rng.randint(200, 400))))
        for name in rng.sample(STORE_APPS, rng.randint(5, 9)):
            phone.apps.append(_app(rng, name, "com.android.vending", False,
                                   taken - timedelta(days=rng.randint(3, 300), minutes=rng.randint(0, 1400))))
        # The screen: on and unlocked now and then, locked and off when the phone is taken.
        t = boot + _minutes(rng, 5, 30)
        while t < phone.captured:
            in_custody = taken <= t < returned
            if not in_custody:
                phone.screen += [(t, "on"), (t + timedelta(seconds=rng.randint(2, 9)), "unlocked"),
                                 (t + _minutes(rng, 2, 25), "off")]
            t += _minutes(rng, 90, 300)
        phone.screen.append((taken - timedelta(seconds=rng.randint(20, 90)), "off"))

        def owner_session(at: datetime) -> None:
            phone.screen.extend([(at - timedelta(seconds=40), "on"), (at - timedelta(seconds=30), "unlocked"),
                                 (at + timedelta(minutes=20), "off")])

        def outside_custody() -> datetime:
            """A moment in ordinary use: before the phone was taken, or after it came back."""
            if rng.random() < 0.5 and taken - boot > timedelta(hours=3):
                return boot + (taken - boot - timedelta(hours=2)) * rng.uniform(0.1, 0.9)
            return returned + (phone.captured - returned - timedelta(hours=1)) * rng.uniform(0.15, 0.9)

        if scenario == "own webcam":
            at = outside_custody()
            owner_session(at)
            phone.devices.append(UsbDevice(at, "video", 0x1209, 0x0C10, "high-speed", "Lumen", "Lumen HD Camera",
                                           lasts_s=rng.randint(600, 3600)))
        elif scenario == "car kit":
            at = outside_custody()
            owner_session(at)
            phone.devices.append(UsbDevice(at, "audio", 0x1209, 0x0C20, "full-speed", "Roadly", "Roadly Car Audio",
                                           lasts_s=rng.randint(900, 3600)))
        elif scenario == "desk dock":
            at = outside_custody()
            owner_session(at)
            phone.devices += _dock(rng, at)
        elif scenario == "developer":
            names = rng.sample(DEV_APPS, rng.randint(1, 3))
            for name in names:
                at = outside_custody()
                owner_session(at)
                phone.apps.append(_app(rng, name, None, False, at))
            if boundary_developer:
                boundary_developer = False
                at = taken - timedelta(minutes=rng.randint(25, 50), seconds=rng.randint(0, 59))
                owner_session(at)
                name = next(n for n in DEV_APPS if n not in names)
                phone.apps.append(_app(rng, name, None, False, at))
        elif scenario == "examiner's app":
            phone.apps.append(_app(rng, EXAMINER_APP, None, False, phone.examined + timedelta(minutes=2)))
        elif scenario == "ambiguous: two devices in custody":
            at = taken + (returned - taken) * rng.uniform(0.3, 0.7)
            phone.devices.append(UsbDevice(at, "audio", 0x1209, 0x0C20, "full-speed", None, None, lasts_s=1500))
            phone.devices.append(UsbDevice(at + timedelta(seconds=rng.uniform(1, 3)), "HID", 0x1209, 0x0C21,
                                           "full-speed", None, None, lasts_s=1500))
        elif scenario == "ambiguous: dock just after return":
            at = returned + _minutes(rng, 6, 25)
            owner_session(at)
            phone.devices += _dock(rng, at)

        if scenario in TAMPERED:
            burst_at = taken + _minutes(rng, 15, 60) + timedelta(seconds=rng.randint(0, 59))
            short = scenario == "unlocked" and short_burst_phone
            short_burst_phone = short_burst_phone and not short
            phone.devices += _exploit_burst(rng, burst_at, size=3 if short else None)
            phone.screen.append((burst_at + _minutes(rng, 3, 6), "unlocked"))
            if scenario in WITH_APP:
                at = burst_at + _minutes(rng, 8, 30) + timedelta(seconds=rng.randint(0, 59))
                if scenario == "ambiguous: unknown app":
                    name, cert = UNLISTED_PACKAGE, fake_sha256("cert", UNLISTED_PACKAGE)
                elif first_app_phone:  # the first such phone carries the renamed, listed-certificate variant
                    name, cert = RENAMED_PACKAGE, IOC_CERTS[1]
                    first_app_phone = False
                else:
                    name, cert = rng.choice(IOC_PACKAGES), IOC_CERTS[0]
                phone.apps.append(_app(rng, name, None, False, at, certificate=cert))
            phone.screen.append((burst_at + _minutes(rng, 40, 80), "off"))
        if scenario in ROTATED:
            # The ring buffer kept only the last stretch: the oldest line left is after the return.
            phone.log_starts = returned + (phone.captured - returned) * rng.uniform(0.3, 0.6)
        phone.apps = [replace(a, installed=clear_of_clock_change(a.installed, zone)) if a.installed < taken - timedelta(days=1)
                      else a for a in phone.apps]
        phone.devices.sort(key=lambda d: d.time)
        phone.screen.sort()
        phones.append(phone)
    _symptoms(rng, phones)
    return phones


#: What owners said they noticed when they got their phones back (the symptoms reported in Serbia).
MOBILE_DATA_OFF = "mobile data switched off"


def _symptoms(rng: random.Random, phones: list[Phone]) -> None:
    """What each owner noticed. The first phone whose owner saw mobile data switched off is the
    one notebook 06 reads first, so it is always a phone whose kernel log kept the burst."""
    visible = [p for p in phones if p.tampered and p.scenario not in ROTATED]
    for p in phones:
        if p.tampered and p.scenario not in ROTATED:
            p.noticed = rng.choice((MOBILE_DATA_OFF, "battery drains fast", "nothing unusual"))
        elif p.tampered:
            p.noticed = rng.choice(("battery drains fast", "nothing unusual"))
        else:
            p.noticed = rng.choice(("nothing unusual",) * 4 + ("battery drains fast",))
    # The phone read first is in a zone whose clock differs from UTC then, so local time and UTC differ.
    target = next(p for p in visible if p.taken.astimezone(p.tz).utcoffset())
    for p in phones:
        if p.phone_id < target.phone_id and p.noticed == MOBILE_DATA_OFF:
            p.noticed = "battery drains fast"
    target.noticed = MOBILE_DATA_OFF
    for p in phones:
        if p.scenario == "ambiguous: nothing left":
            p.noticed = "mobile data and Wi-Fi switched off"


def ground_truth(phones: list[Phone]) -> list[dict[str, object]]:
    """What really happened to each phone (for the answer checks, never read by the learner's rules)."""
    return [{
        "phone_id": p.phone_id,
        "scenario": p.scenario,
        "tampered": p.tampered,
        "app_installed": p.scenario in WITH_APP,
        "kernel_log_rotated": p.scenario in ROTATED,
        "ambiguous": p.scenario.startswith("ambiguous"),
        "note": NOTES[p.scenario],
    } for p in phones]
