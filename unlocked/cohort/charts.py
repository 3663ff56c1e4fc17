"""The three charts of notebook 06, with their captions and text descriptions.

The notebook computes the tables; these functions only draw them, so that the
lesson's code stays about the data. Each ``*_WORDS`` dict holds the caption and
description to pass to :func:`unlocked.show_figure` (``show_figure(fig, **WORDS)``).
The descriptions say what a sighted reader takes away without giving any check's answer.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ..figures import MARKERS, PALETTE

HOUR = pd.Timedelta(hours=1)

CUSTODY_WORDS = {
    "caption": ("USB devices in each phone's kernel log (one row per phone that has any), in hours after the police "
                "took the phone; the grey bar is the custody window. Marker shape and colour give the class."),
    "description": (
        "Grey bars a few hours long start at zero. Several phones have a tight cluster of three to nine devices of "
        "three classes (video, audio, HID) inside their bar, within its first hour. Other phones show single "
        "devices, or a four-device cluster with a hub, well outside their bar; one phone has two devices inside its "
        "bar, and one a cluster just after its bar ends."),
}

RULES_WORDS = {
    "caption": ("Share of tampered phones each rule flags (sensitivity, left) and of untouched phones (false-alarm "
                "rate, right): hatched orange bars the naive rule, plain blue the careful one, each labelled."),
    "description": (
        "Both rules flag about four in five tampered phones; neither flags them all. The naive rule also flags "
        "about a third of the untouched phones, the careful rule none."),
}

BASE_RATE_WORDS = {
    "caption": ("Share of flagged phones really tampered with, against the base rate (0.5% to 50%): naive rule solid "
                "orange, careful rule dashed blue, assuming its false-alarm rate were 3 in 34."),
    "description": (
        "Both curves start near zero. The naive rule's stays low: at a base rate of a few percent most of its flags "
        "are false, and it passes one half only at about three in ten. The careful rule's passes one half at about "
        "one in ten."),
}


def custody_chart(devices: pd.DataFrame, phones: pd.DataFrame) -> plt.Figure:
    """USB devices per phone, in hours after the phone was taken, over a grey bar for the custody window."""
    shown = phones[phones["phone_id"].isin(devices["phone_id"])].reset_index(drop=True)
    row_of = dict(zip(shown["phone_id"], shown.index))
    fig, ax = plt.subplots(figsize=(9, 7))
    ax.barh(shown.index, (shown["returned_utc"] - shown["taken_utc"]) / HOUR, height=0.8, color="0.85",
            label="in police hands")
    groups = list(devices.groupby("usb_class"))
    for index, ((name, group), marker, colour) in enumerate(zip(groups, MARKERS, PALETTE)):
        # Each class a little above or below its phone's row, so a cluster shows its classes side by side.
        nudge = (index - (len(groups) - 1) / 2) * 0.18
        ax.scatter((group["time_utc"] - group["taken_utc"]) / HOUR, group["phone_id"].map(row_of) + nudge, marker=marker,
                   color=colour, s=36, edgecolor="black", linewidth=0.4, zorder=3, label=name)
    ax.set_yticks(shown.index, shown["phone_id"])
    ax.set_xlabel("Hours after the police took the phone")
    ax.legend(loc="upper left")
    ax.set_title("USB devices in each kernel log, around the custody window")
    return fig


def rules_chart(shares: pd.DataFrame) -> plt.Figure:
    """Sensitivity and false-alarm rate (rows of ``shares``) of the naive and careful rules (its columns)."""
    fig, ax = plt.subplots(figsize=(7, 4))
    for offset, rule, colour, hatch in ((-0.2, "naive", PALETTE[1], "//"), (0.2, "careful", PALETTE[0], "")):
        bars = ax.bar([x + offset for x in range(len(shares))], shares[rule], width=0.4, color=colour, hatch=hatch,
                      edgecolor="black", label=f"{rule} rule")
        ax.bar_label(bars, fmt="%.2f")
    ax.set_xticks(range(len(shares)), shares.index)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("Share of phones flagged")
    ax.legend()
    ax.set_title("Sensitivity and false alarms of the two rules")
    return fig


def flagged_share(base_rate: float, sensitivity: float, false_alarm_rate: float) -> float:
    """Share of flagged items that really have the condition, for a given base rate."""
    true_alarms = base_rate * sensitivity
    return true_alarms / (true_alarms + (1 - base_rate) * false_alarm_rate)


def base_rate_chart(shares: pd.DataFrame, untouched: int) -> plt.Figure:
    """How the share of flagged phones really tampered with grows with the base rate, for both rules.

    The careful rule flagged no untouched phone, so its curve uses 3 / ``untouched``, the
    "rule of three" upper bound on a rate observed as zero.
    """
    base_rates = [i / 200 for i in range(1, 101)]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    lines = (("naive rule", shares.at["sensitivity", "naive"], shares.at["false-alarm rate", "naive"], "-",
              PALETTE[1]),
             (f"careful rule (3 in {untouched})", shares.at["sensitivity", "careful"], 3 / untouched, "--",
              PALETTE[0]))
    for label, sensitivity, rate, style, colour in lines:
        ax.plot(base_rates, [flagged_share(b, sensitivity, rate) for b in base_rates], style, color=colour,
                label=label)
    ax.set_xlabel("Base rate: share of checked phones that were tampered with")
    ax.set_ylabel("Share of flagged phones really tampered with")
    ax.set_ylim(0, 1)
    ax.legend(loc="lower right")
    ax.set_title("A flag means less when tampering is rare")
    return fig
