"""Exercises of notebook 06, "Detecting misuse".

Every expected answer is worked out from a *cohort folder* the way the notebook
works it out: by default the committed ``data/cohort/``, or the folder named by
``UNLOCKED_COHORT_DIR`` (an instructor's variant made with
``python -m unlocked.cohort --seed N --out DIR``). The functions below parse the
same files with the same regular expressions as the notebook, so a check stays
right for any seed; the instructor version of the notebook passing its own
checks is the test that the two agree.

Only the scoring (section 5) and the classification (section 6) read
``ground_truth.csv``; every rule reads only what an examination collects.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import pandas as pd

from ..cohort import HASH_LIST, cohort_file, cohort_root
from ..paths import MANIFEST
from ..feedback import Check, Discussion, register

#: The seconds of each device's enumeration line, and the class on its notifier line (one each per device).
FOUND = r"\[\s*(\d+\.\d+)\] usb \S+: New USB device found"
NOTIFY = r"USB device connected - Class : 0x([0-9a-f]+)"
#: The first line still in a kernel log.
FIRST_LINE = r"^\[\s*(\d+\.\d+)\]"
USB_CLASSES = {0x01: "audio", 0x03: "HID", 0x09: "hub", 0x0E: "video"}
#: A STIX comparison expression: [object:property = 'value'].
PATTERN = re.compile(r"\[(?P<object>[\w-]+):(?P<property>.+?) = '(?P<value>[^']*)'\]")
#: A burst: this many USB devices or more.
BURST = 3
MOBILE_DATA_OFF = "mobile data switched off"
#: Section 5's worked example: how common tampering is among phones checked in a routine programme.
PREVALENCE = 0.05


# ============================================================================ reading the files


def to_utc(local_times: pd.Series, zones: pd.Series) -> pd.Series:
    """Local wall-clock times (text), each in its own time zone, as UTC timestamps.

    The notebook does the same one value at a time; here each zone is converted at once.
    """
    result = pd.Series(pd.NaT, index=local_times.index, dtype="datetime64[ns, UTC]")
    for zone in zones.unique():
        mine = zones == zone
        result[mine] = pd.to_datetime(local_times[mine]).dt.tz_localize(zone).dt.tz_convert("UTC")
    return result


def _read_phones() -> pd.DataFrame:
    """The owner records, with the custody window in UTC (``taken_utc``, ``returned_utc``)."""
    table = pd.read_csv(cohort_file("phones.csv"))
    table["boot_time_utc"] = pd.to_datetime(table["boot_time_utc"], utc=True)
    table["taken_utc"] = to_utc(table["taken_local"], table["time_zone"])
    table["returned_utc"] = to_utc(table["returned_local"], table["time_zone"])
    return table


def featured_phone() -> str:
    """The phone section 2 reads first: the first whose owner saw mobile data switched off."""
    table = pd.read_csv(cohort_file("phones.csv"))
    return str(table.loc[table["owner_noticed"] == MOBILE_DATA_OFF, "phone_id"].iloc[0])


def usb_devices(phone_id: str) -> pd.DataFrame:
    """Every USB device in one phone's kernel log: seconds since boot and class."""
    text = cohort_file(f"phones/{phone_id}/dmesg.txt").read_text(encoding="utf-8")
    found = re.findall(FOUND, text)
    classes = re.findall(NOTIFY, text)
    return pd.DataFrame({"phone_id": phone_id, "seconds": [float(s) for s in found],
                         "usb_class": [USB_CLASSES.get(int(c, 16), "other") for c in classes]})


def log_starts(phone_id: str) -> float:
    """Seconds after boot of the oldest line left in a phone's kernel log."""
    text = cohort_file(f"phones/{phone_id}/dmesg.txt").read_text(encoding="utf-8")
    return float(re.search(FIRST_LINE, text, re.M)[1])


def all_devices(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The USB devices of every phone, with their wall-clock time in UTC (boot time + seconds)."""
    if table is None:
        return _cached(_state())[1].copy()
    devices = pd.concat([usb_devices(p) for p in table["phone_id"]], ignore_index=True)
    devices = devices.merge(table[["phone_id", "boot_time_utc", "taken_utc", "returned_utc"]], on="phone_id")
    devices["time_utc"] = devices["boot_time_utc"] + pd.to_timedelta(devices["seconds"], unit="s")
    return devices


def packages(phone_id: str) -> pd.DataFrame:
    """One phone's package list."""
    records = json.loads(cohort_file(f"phones/{phone_id}/packages.json").read_text(encoding="utf-8"))
    return pd.DataFrame(records).assign(phone_id=phone_id)


def all_apps(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The apps of every phone, with the first install time in UTC."""
    if table is None:
        return _cached(_state())[2].copy()
    apps = pd.concat([packages(p) for p in table["phone_id"]], ignore_index=True)
    apps = apps.merge(table[["phone_id", "time_zone", "taken_utc", "returned_utc"]], on="phone_id")
    apps["installed_utc"] = to_utc(apps["first_install_time"], apps["time_zone"])
    return apps


def indicators() -> pd.DataFrame:
    """The STIX bundle's indicators, each pattern split into object, property and value."""
    bundle = json.loads(cohort_file("indicators.stix2").read_text(encoding="utf-8"))
    table = pd.DataFrame([o for o in bundle["objects"] if o["type"] == "indicator"])[["name", "pattern"]]
    return table.join(table["pattern"].str.extract(PATTERN))


def ground_truth() -> pd.DataFrame:
    table = pd.read_csv(cohort_file("ground_truth.csv"))
    for column in ("tampered", "app_installed", "kernel_log_rotated", "ambiguous"):
        table[column] = table[column].astype(bool)
    return table


def _state() -> tuple:
    """Which cohort folder is in use, and the state of its hash lists (cheap to look at).

    Reading 150 files takes a second or more on a slow machine, and a check's common
    slips are worked out on every wrong answer, so the tables and answers are kept
    per state: a regenerated folder (new hash list) or another folder is read afresh.
    """
    root = cohort_root()
    lists = (root / HASH_LIST, MANIFEST)
    return str(root), tuple((p.stat().st_mtime_ns, p.stat().st_size) if p.is_file() else None for p in lists)


_ANSWERS: dict[tuple, object] = {}


def _per_state(compute):
    """Remember ``compute``'s results for each state of the cohort folder and each argument."""
    def remembered(*args, **kwargs):
        key = (compute.__name__, _state(), args, tuple(sorted(kwargs.items())))
        if key not in _ANSWERS:
            if len(_ANSWERS) > 256:
                _ANSWERS.clear()
            _ANSWERS[key] = compute(*args, **kwargs)
        value = _ANSWERS[key]
        return value.copy() if isinstance(value, (pd.DataFrame, list, dict)) else value
    remembered.__name__ = compute.__name__
    remembered.__doc__ = compute.__doc__
    return remembered


@lru_cache(maxsize=2)
def _cached(state: tuple) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    table = _read_phones()
    return table, all_devices(table), all_apps(table)


def phones() -> pd.DataFrame:
    """The owner records, with the custody window in UTC (``taken_utc``, ``returned_utc``)."""
    return _cached(_state())[0].copy()


# ============================================================================ plumbing for the notebook
#
# The notebook shows the lesson's own pandas work (the regular expressions, the time zones,
# the custody window, the matching); these functions do the rest, so that a learner reads
# less code. Each returns a fresh table, so a notebook cell that calls one can run again.


def log_excerpt(phone_id: str, width: int = 100) -> str:
    """The kernel log lines of a phone's first USB device, from its enumeration to its disconnection.

    Whole lines only; a line longer than ``width`` characters is cut and ends in ``[cut]``
    (the lines the notebook's regular expressions read are all shorter).
    """
    lines = cohort_file(f"phones/{phone_id}/dmesg.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "USB device number" in line)
    end = next((i for i in range(start + 1, len(lines)) if "USB device number" in lines[i]), len(lines))
    return "\n".join(line if len(line) <= width else line[:width - 6] + " [cut]" for line in lines[start:end])


def read_indicators() -> pd.DataFrame:
    """The STIX bundle's indicators: name, pattern, and the pattern's object, property and value."""
    return indicators()


def read_apps(table: pd.DataFrame) -> pd.DataFrame:
    """Every phone's ``packages.json``, one row per app, with ``installed_utc`` (the local
    ``first_install_time`` converted with the phone's time zone) and the phone's custody window."""
    return all_apps(table)


def score_rules() -> pd.DataFrame:
    """Per phone: what the naive and the careful rule say, and whether it was really tampered with."""
    return rules()


def rule_shares(table: pd.DataFrame) -> pd.DataFrame:
    """Each rule's sensitivity (share of tampered phones flagged) and false-alarm rate (share of untouched ones)."""
    tampered = table["tampered"].astype(bool)
    return pd.DataFrame({rule: {"sensitivity": table.loc[tampered, rule].mean(),
                                "false-alarm rate": table.loc[~tampered, rule].mean()}
                         for rule in ("naive", "careful")})


def unclear_phones() -> pd.DataFrame:
    """The four phones of section 6, one row each.

    Every time is in hours after the police took the phone (0; negative is before), so a
    row reads left to right against the custody hours in its first column. Times are text
    with two decimals; devices that appeared at the same time are listed together.
    """
    table = phones().set_index("phone_id")
    chosen = ground_truth().loc[lambda t: t["ambiguous"], "phone_id"].tolist()
    devices, apps = all_devices(), all_apps()
    rows = {}
    for phone in chosen:
        taken = table.at[phone, "taken_utc"]
        hours = lambda t: f"{(t - taken) / pd.Timedelta(hours=1):.2f}"  # noqa: E731
        seen = devices[devices["phone_id"] == phone]
        at = {}
        for usb_class, moment in zip(seen["usb_class"], seen["time_utc"]):
            at.setdefault(hours(moment), []).append(usb_class)
        sideloaded = apps[(apps["phone_id"] == phone) & apps["installer"].isna() & ~apps["system"].astype(bool)]
        starts = table.at[phone, "boot_time_utc"] + pd.to_timedelta(log_starts(phone), unit="s")
        rows[phone] = {
            "police held it (h)": f"0 to {hours(table.at[phone, 'returned_utc'])}",
            "oldest kernel log line (h)": hours(starts),
            "USB devices (h: classes)": "; ".join(f"{h}: {', '.join(c)}" for h, c in at.items()) or "none in the log",
            "app with no installer (h: name)": "; ".join(f"{hours(t)}: {n}" for n, t in
                                                        zip(sideloaded["name"], sideloaded["installed_utc"])) or "none",
            "owner noticed": table.at[phone, "owner_noticed"],
        }
    result = pd.DataFrame.from_dict(rows, orient="index")
    result.index.name = "phone_id"
    return result


# ============================================================================ the answers


@_per_state
def first_device_utc(local: bool = False, unconverted: bool = False, form: str = "%Y-%m-%d %H:%M:%S") -> str:
    """When the featured phone's first USB device appeared, as UTC text (or a slip's version).

    ``form`` is the text's format: ``"str"`` and ``"iso"`` give pandas' own texts (with the
    fraction of a second and the offset), ``"rounded"`` rounds to the nearest second first.
    """
    phone = featured_phone()
    table = phones().set_index("phone_id")
    seconds = usb_devices(phone)["seconds"].min()
    if unconverted:
        moment = pd.Timestamp(0, tz="UTC") + pd.to_timedelta(seconds, unit="s")
    else:
        moment = table.at[phone, "boot_time_utc"] + pd.to_timedelta(seconds, unit="s")
    if local:
        moment = moment.tz_convert(table.at[phone, "time_zone"])
    if form == "str":
        return str(moment)
    if form == "iso":
        return moment.isoformat()
    if form == "rounded":
        return moment.round("s").strftime("%Y-%m-%d %H:%M:%S")
    return moment.strftime(form)


def _inside(times: pd.Series, start: pd.Series, end: pd.Series) -> pd.Series:
    return (times >= start) & (times < end)


@_per_state
def burst_phones(window_as_utc: bool = False, minimum: int = BURST, window: bool = True) -> list[str]:
    """Phones with at least three USB devices inside their custody window (or a slip's version).

    ``window=False`` counts every device in the log, whenever it appeared.
    """
    if not window_as_utc:
        devices = all_devices()
    else:  # the local times read as if they were UTC
        table = phones()
        table["taken_utc"] = pd.to_datetime(table["taken_local"]).dt.tz_localize("UTC")
        table["returned_utc"] = pd.to_datetime(table["returned_local"]).dt.tz_localize("UTC")
        devices = all_devices(table)
    if window:
        devices = devices[_inside(devices["time_utc"], devices["taken_utc"], devices["returned_utc"])]
    counts = devices.groupby("phone_id").size()
    return sorted(counts[counts >= minimum].index)


@_per_state
def ioc_phones(names_only: bool = False) -> list[str]:
    """Phones with an app whose package name or signing certificate is on the indicator list."""
    table = indicators()
    names = set(table.loc[(table["object"] == "app") & (table["property"] == "id"), "value"])
    certs = set(table.loc[(table["object"] == "app") & (table["property"] == "cert.sha256"), "value"])
    apps = all_apps()
    hit = apps["name"].isin(names) if names_only else apps["name"].isin(names) | apps["certificate_sha256"].isin(certs)
    return sorted(apps.loc[hit, "phone_id"].unique())


@_per_state
def sideloaded_phones(window: bool = True, local_as_utc: bool = False) -> list[str]:
    """Phones with a non-system app that no installer installed, first installed in custody."""
    apps = all_apps()
    if local_as_utc:
        apps["installed_utc"] = pd.to_datetime(apps["first_install_time"]).dt.tz_localize("UTC")
    chosen = apps["installer"].isna() & ~apps["system"].astype(bool)
    if window:
        chosen &= _inside(apps["installed_utc"], apps["taken_utc"], apps["returned_utc"])
    return sorted(apps.loc[chosen, "phone_id"].unique())


@_per_state
def rules() -> pd.DataFrame:
    """Per phone: what the naive and the careful rule say, and the ground truth."""
    table = phones()
    devices = all_devices()
    apps = all_apps()
    ids = table["phone_id"]
    any_burst = set(devices.groupby("phone_id").size().loc[lambda n: n >= BURST].index)
    no_installer = apps["installer"].isna() & ~apps["system"].astype(bool)
    any_sideload = set(apps.loc[no_installer, "phone_id"])
    naive = ids.isin(any_burst | any_sideload)
    careful = ids.isin(set(burst_phones()) | set(sideloaded_phones()) | set(ioc_phones()))
    truth = ground_truth().set_index("phone_id")["tampered"]
    return pd.DataFrame({"phone_id": ids, "naive": naive.values, "careful": careful.values,
                         "tampered": truth.loc[ids].values})


def outcome_counts(flagged: pd.Series, tampered: pd.Series) -> dict[str, int]:
    return {"true positives": int((flagged & tampered).sum()), "false positives": int((flagged & ~tampered).sum()),
            "false negatives": int((~flagged & tampered).sum()), "true negatives": int((~flagged & ~tampered).sum())}


@_per_state
def naive_false_positives(kind: str = "false positives") -> int:
    table = rules()
    if kind == "flagged":
        return int(table["naive"].sum())
    return outcome_counts(table["naive"], table["tampered"])[kind]


@_per_state
def flagged_share(prevalence: float | None = PREVALENCE) -> float:
    """P(tampered | flagged by the naive rule) when a share ``prevalence`` of phones is tampered with."""
    table = rules()
    counts = outcome_counts(table["naive"], table["tampered"])
    sensitivity = counts["true positives"] / (counts["true positives"] + counts["false negatives"])
    false_alarm = counts["false positives"] / (counts["false positives"] + counts["true negatives"])
    if prevalence is None:  # the cohort's own mix: how many flagged phones really were tampered with
        return counts["true positives"] / (counts["true positives"] + counts["false positives"])
    return prevalence * sensitivity / (prevalence * sensitivity + (1 - prevalence) * false_alarm)


@_per_state
def naive_sensitivity() -> float:
    table = rules()
    counts = outcome_counts(table["naive"], table["tampered"])
    return counts["true positives"] / (counts["true positives"] + counts["false negatives"])


#: How the module reads each kind of unclear phone from the files alone: what an examiner can
#: say. It is compared with the learner's answer; what really happened is told afterwards.
EVIDENCE_READING = {
    "ambiguous: nothing left": "cannot tell",
    "ambiguous: two devices in custody": "cannot tell",
    "ambiguous: unknown app": "tampered",
    "ambiguous: dock just after return": "not tampered",
}
#: What really happened to each kind, in a few words (from the generator's ground truth).
WHAT_HAPPENED = {
    "ambiguous: nothing left": "was tampered with, but its kernel log had rotated, overwriting the custody hours",
    "ambiguous: two devices in custody": "was not: an officer charged it in a car",
    "ambiguous: unknown app": "was tampered with: unlocked and given a spyware variant no list names yet",
    "ambiguous: dock just after return": "was not: the owner put it on a desk dock",
}


def _unclear_scenarios() -> dict[str, str]:
    truth = ground_truth()
    return dict(truth.loc[truth["ambiguous"], ["phone_id", "scenario"]].itertuples(index=False))


@_per_state
def ambiguous_reading() -> dict[str, str]:
    """The four unclear phones as the evidence in their files reads (the coded reading)."""
    return {phone: EVIDENCE_READING[scenario] for phone, scenario in sorted(_unclear_scenarios().items())}


@_per_state
def ambiguous_reasons() -> dict[str, str]:
    """One line per unclear phone: why the evidence reads as :func:`ambiguous_reading` says."""
    table = phones().set_index("phone_id")
    devices, apps = all_devices(), all_apps()
    reasons = {}
    for phone, scenario in sorted(_unclear_scenarios().items()):
        taken, returned = table.at[phone, "taken_utc"], table.at[phone, "returned_utc"]
        hours = lambda t: (t - taken) / pd.Timedelta(hours=1)  # noqa: E731
        seen = devices.loc[devices["phone_id"] == phone, "time_utc"]
        if scenario == "ambiguous: nothing left":
            starts = table.at[phone, "boot_time_utc"] + pd.to_timedelta(log_starts(phone), unit="s")
            reasons[phone] = (f"its kernel log starts {(starts - returned) / pd.Timedelta(hours=1):.1f} h after "
                              "the return, so it holds nothing from the custody hours, and no app arrived then: what "
                              "the owner noticed is a reason to look, not proof")
        elif scenario == "ambiguous: two devices in custody":
            reasons[phone] = (f"two devices appeared together {hours(seen.min()):.1f} h into custody, so something "
                              "was plugged in, but audio and HID without video are fewer than a burst and look "
                              "like a car kit")
        elif scenario == "ambiguous: unknown app":
            mine = apps[(apps["phone_id"] == phone) & apps["installer"].isna() & ~apps["system"].astype(bool)]
            reasons[phone] = (f"an app with no installer arrived {hours(mine['installed_utc'].min()):.1f} h into "
                              "custody, when the owner did not have the phone, though no indicator names it")
        else:
            minutes = (seen[seen >= returned].min() - returned) / pd.Timedelta(minutes=1)
            reasons[phone] = (f"its burst, with a hub, came {minutes:.0f} minutes after the recorded return, when "
                              "the owner had the phone back, as a desk dock would, if the recorded time is right")
    return reasons


@_per_state
def what_happened() -> str:
    """What really happened to the four unclear phones: the synthetic cohort's ground truth."""
    told = " ".join(f"{phone} {WHAT_HAPPENED[scenario]}." for phone, scenario in sorted(_unclear_scenarios().items()))
    return ("What really happened (only an invented cohort can tell you): " + told + " A real "
            "examination rarely learns this: reading the evidence is the most its report can do.")


# ============================================================================ registering

#: What check 1 says to a time that keeps the fraction of a second (it never shows the value).
FRACTION = ("That time keeps the fraction of a second (and perhaps a +00:00 offset); the question asks for "
            "whole seconds, as YYYY-MM-DD HH:MM:SS with the fraction dropped (.strftime does that).")
register(Check(
    "06.first_device_utc",
    first_device_utc,
    exact=True,
    hint=("Kernel seconds are counted from the moment the phone started, not from any calendar date: "
          "which device came first, and where in phones is the moment its count began?"),
    slips=(
        ("That is the phone's local time; the question asks for UTC.", lambda: first_device_utc(local=True)),
        ("Those seconds were counted from 1 January 1970; kernel seconds count from the phone's last boot.",
         lambda: first_device_utc(unconverted=True)),
        (FRACTION, lambda: first_device_utc(form="%Y-%m-%d %H:%M:%S.%f")),
        (FRACTION, lambda: first_device_utc(form="str")),
        (FRACTION, lambda: first_device_utc(form="iso")),
        ("That time is rounded to the nearest second; the question asks for the fraction of a second to be "
         "dropped, as .strftime does.", lambda: first_device_utc(form="rounded")),
    ),
))
register(Check(
    "06.burst_phones",
    burst_phones,
    hint=("Keep the devices whose time_utc is at or after taken_utc and before returned_utc, count them per "
          "phone, and list the phone ids whose count is three or more."),
    slips=(
        ("Those windows were read as if the local times were UTC; convert each with its own time zone.",
         lambda: burst_phones(window_as_utc=True)),
        ("That list leaves out a phone with exactly three devices in custody: a burst is three or more "
         "(>= 3, not > 3).", lambda: burst_phones(minimum=BURST + 1)),
        ("That list includes phones with only one or two devices in custody; a burst is three or more.",
         lambda: burst_phones(minimum=1)),
        ("That list counts a phone's devices at any time, so a dock plugged in outside custody counts too; "
         "keep only the bursts inside the custody window (time_utc at or after taken_utc, before returned_utc).",
         lambda: burst_phones(window=False)),
    ),
))
register(Check(
    "06.ioc_phones",
    ioc_phones,
    hint=("An app matches on either of two tests, its name or its certificate; a phone counts once, however "
          "many of its apps match."),
    slips=(("That list matches package names only; a renamed app can still carry a listed certificate.",
            lambda: ioc_phones(names_only=True)),),
))
register(Check(
    "06.sideloaded_in_custody",
    sideloaded_phones,
    hint=("Three conditions together: installer missing (.isna()), not a system app, and installed inside the "
          "custody window, as in check 2. Each phone id once."),
    slips=(
        ("That list ignores the custody window: developers and the examiner install apps with no installer too.",
         lambda: sideloaded_phones(window=False)),
        ("Those install times were read as UTC; the package list writes them in the phone's local time "
         "(first_install_time is that text): compare installed_utc with the window.",
         lambda: sideloaded_phones(local_as_utc=True)),
    ),
))
register(Check(
    "06.naive_false_positives",
    naive_false_positives,
    hint=("A false positive is a phone the rule flags although it was not tampered with: both conditions at "
          "once, then count the phones (True counts as 1)."),
    slips=(("That counts every phone the rule flagged; count only those that were not tampered with.",
            lambda: naive_false_positives("flagged")),
           ("That is the number of tampered phones the rule missed (false negatives).",
            lambda: naive_false_positives("false negatives"))),
))
register(Check(
    "06.flagged_share",
    flagged_share,
    decimals=2,
    hint=("Split the 10,000 phones into tampered and untouched first. Each rate applies to its own group: how "
          "many of each group does the rule flag? Then: what share of all flagged phones were tampered with?"),
    slips=(("That uses the cohort's own mix of phones; the question is about a programme where only 5% are "
            "tampered with.", lambda: flagged_share(None)),
           ("That is the rule's sensitivity: the share of tampered phones it flags, not the share of flagged "
            "phones that were tampered with.", naive_sensitivity)),
))
register(Discussion(
    "06.trace_kinds",
    ("device burst", "indicator match", "both together"),
    hint='Set choice to one of the three options exactly as written, e.g. choice = "both together".',
    reading=("Amnesty reported both kinds: traces of the USB exploit chain in device logs, and spyware found "
             "with published indicators; it also said it was unclear whether each logged device was part of the "
             "exploit. An indicator names a known tool; a burst in custody shows when the phone was attacked."),
))
register(Discussion(
    "06.ambiguous_phones",
    ("tampered", "not tampered", "cannot tell"),
    expected=ambiguous_reading,
    reasons=ambiguous_reasons,
    afterword=what_happened,
    hint=('Give a dict with each of the four phone ids as a key and "tampered", "not tampered" or '
          '"cannot tell" as its value.'),
))
