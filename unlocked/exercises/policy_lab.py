"""Exercises of notebook 07, "Policy lab", and the weighing helper it uses.

``rank_safeguards(weights)`` scores every safeguard under a learner's own weights for five
criteria. A learner can pass anything at all: a dict with a key misspelt, a list of the wrong
length, negative numbers, all zeros, NaN, text, None. Each of these ends in one
``LearnerError`` that says what is wrong and gives a hint (shown without a traceback); a valid
set of weights gives a table.

The scores themselves are the module's coding (``data/safeguards.csv``, 1 weak to 3 strong),
not facts: the lesson is how a ranking moves when the weights move.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..data import load
from ..errors import LearnerError
from ..feedback import Check, Discussion, register

#: The five criteria, in the order a list of weights gives them.
CRITERIA = ("prevents_abuse", "preserves_lawful_use", "enforceable", "cost", "who_pays")
#: The cases each safeguard is coded against, in the order of the figure.
CASES = ("serbia", "botswana", "kenya", "butler")
#: The earliest misuse among the decision points, as Amnesty reported it (Slaviša Milanov's phone, D05).
FIRST_MISUSE = "2024-02-21"
#: The example weights that ``my_weights`` starts with in section 4 (a test keeps the notebook's equal).
EXAMPLE_WEIGHTS = {"prevents_abuse": 3, "preserves_lawful_use": 2, "enforceable": 2, "cost": 0, "who_pays": 1}
#: The weights of Check 4 (section 4): their top differs from the top under the example weights
#: and under every profile of the sensitivity chart, so that it must be computed, not read off.
CHECK_WEIGHTS = {"prevents_abuse": 2, "preserves_lawful_use": 0, "enforceable": 2, "cost": 1, "who_pays": 0}
#: Weight profiles of the sensitivity figure: each puts one criterion first (weight 3, the others 1).
PROFILES = {"equal weights": dict.fromkeys(CRITERIA, 1),
            **{f"{criterion} first": {c: 3 if c == criterion else 1 for c in CRITERIA} for criterion in CRITERIA}}
#: Safeguard ids (a test keeps them equal to the data's).
SAFEGUARD_IDS = tuple(f"P{n:02d}" for n in range(1, 15))
#: Stakeholder groups a learner can speak for in the role play (the data's enum).
GROUPS = ("vendor", "Serbian authorities", "civil society", "donor", "implementing agency", "platform",
          "law-enforcement association")

_EXAMPLE = ('e.g. rank_safeguards({"prevents_abuse": 3, "preserves_lawful_use": 2, "enforceable": 2, '
            '"cost": 1, "who_pays": 1})')


# ---------------------------------------------------------------- weighing


def _number(value: Any, name: str) -> float:
    """One weight as a float, or a LearnerError saying what is wrong with it."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        kind = "nothing (None)" if value is None else "text" if isinstance(value, str) else "not a number"
        raise LearnerError(f"The weight for {name} is {kind}. Hint: give every weight as a number "
                           f"without quotes, such as 2 or 0.5; {_EXAMPLE}.")
    try:
        number = float(value)
    except (OverflowError, ValueError, TypeError):  # e.g. an integer with thousands of digits
        raise LearnerError(f"The weight for {name} is too large to use. Hint: give an ordinary "
                           "number such as 1 or 2.") from None
    if math.isnan(number) or math.isinf(number):
        raise LearnerError(f"The weight for {name} is not a finite number (NaN or infinity). Hint: "
                           "give an ordinary number such as 1 or 2.")
    if number < 0:
        raise LearnerError(f"The weight for {name} is negative. Hint: a weight says how much a "
                           "criterion counts, from 0 (not at all) upwards; to count a criterion "
                           "against a safeguard, give it 0 instead.")
    return number


def _shown_key(key: Any) -> str:
    try:
        return str(key)[:30]
    except Exception:  # e.g. an integer too long to write out
        return f"a {type(key).__name__}"


def validate_weights(weights: Any) -> dict[str, float]:
    """The weights as a dict of the five criteria, or a LearnerError with a hint.

    Accepted: a dict (or Series) with exactly the five criteria as keys, or a list/tuple of
    five numbers in the order of ``CRITERIA``. Every weight is a finite number, none is
    negative, and at least one is above zero.
    """
    if weights is ... or weights is None:
        raise LearnerError("No weights yet. Hint: replace the ... with a dict that gives each of "
                           f"the five criteria a number, {_EXAMPLE}.")
    if isinstance(weights, pd.Series):
        weights = weights.to_dict()
    if isinstance(weights, Mapping):
        keys = [key for key in weights]
        wrong = [_shown_key(key) for key in keys if key not in CRITERIA][:3]
        missing = [c for c in CRITERIA if c not in keys]
        if wrong or missing:
            parts = ([f"not a criterion: {', '.join(map(repr, wrong))}"] if wrong else []) + (
                [f"missing: {', '.join(missing)}"] if missing else [])
            raise LearnerError("The weights need exactly the five criteria as keys ("
                               + "; ".join(parts) + "). Hint: the keys are " + ", ".join(CRITERIA)
                               + ", spelt as in the table, in quotes.")
        values = {c: _number(weights[c], c) for c in CRITERIA}
    elif isinstance(weights, (list, tuple, np.ndarray)):
        if len(weights) != len(CRITERIA):
            raise LearnerError(f"A list of weights needs exactly {len(CRITERIA)} numbers, one per "
                               "criterion in this order: " + ", ".join(CRITERIA) + ". Hint: a dict "
                               f"is clearer, {_EXAMPLE}.")
        values = {c: _number(w, c) for c, w in zip(CRITERIA, list(weights))}
    else:
        kind = ("text" if isinstance(weights, str) else "a single number"
                if isinstance(weights, numbers.Number) else "neither a dict nor a list")
        raise LearnerError(f"The weights are {kind}: give one number per criterion, as a dict. "
                           f"Hint: {_EXAMPLE}.")
    if not any(values.values()):
        raise LearnerError("All the weights are zero, so nothing would count. Hint: give at "
                           "least one criterion a weight above 0.")
    return values


def rank_safeguards(weights: Any) -> pd.DataFrame:
    """Score every safeguard under your weights and rank them (1 = best).

    ``weights`` gives each criterion a number, 0 or more: a dict with the keys
    prevents_abuse, preserves_lawful_use, enforceable, cost and who_pays, or a list of five
    numbers in that order. A safeguard's score is the weighted mean of its five scores (1 to
    3), so it stays between 1 and 3 whatever the weights add up to. The result is a table with
    safeguard_id, short_name, decides, score and rank, best first. Ties share a rank, the next
    rank skips (2, 2, 4), and tied safeguards are listed by safeguard_id.
    """
    values = validate_weights(weights)
    table = load("safeguards")
    scores = table[list(CRITERIA)].astype(float)
    total = sum(values.values())
    score = sum(scores[c] * w for c, w in values.items()) / total
    ranked = table[["safeguard_id", "short_name", "decides"]].assign(score=score.round(2))
    ranked = ranked.sort_values(["score", "safeguard_id"], ascending=[False, True], kind="stable")
    ranked["rank"] = ranked["score"].rank(ascending=False, method="min").astype(int)
    return ranked.reset_index(drop=True)


def top_under(weights: Mapping[str, float]) -> str:
    """The id of the safeguard ranked first under ``weights`` (the first by id among ties)."""
    return str(rank_safeguards(dict(weights))["safeguard_id"].iloc[0])


# ---------------------------------------------------------------- answers


def points_before_misuse(inclusive: bool = False) -> int:
    """Decision points dated before the earliest misuse among them (``inclusive``: the slip ``<=``)."""
    dates = load("decision_points")["date"]
    limit = pd.Timestamp(FIRST_MISUSE)
    return int((dates <= limit).sum() if inclusive else (dates < limit).sum())


def own_institutions(deciders: tuple[str, ...] = ("buying state", "courts")) -> int:
    """Safeguards the buying state's own institutions decide (its government and its courts)."""
    return int(load("safeguards")["decides"].isin(deciders).sum())


def serbia_not_butler(serbia: tuple[str, ...] = ("yes", "partly"), butler: bool = True) -> list[str]:
    """Safeguards that would at least partly have applied in Serbia and left the Butler access alone."""
    table = load("safeguards")
    keep = table["serbia"].isin(serbia)
    if butler:
        keep &= table["butler"] == "no"
    return table.loc[keep, "safeguard_id"].tolist()


def positions_of(group: Any) -> pd.DataFrame:
    """The dated, attributed positions of one stakeholder group (a narrow view for the role play)."""
    if not isinstance(group, str) or group.strip() not in GROUPS:
        shown = ("nothing (None)" if group is None else "nothing yet (...)" if group is ...
                 else " ".join(repr(group)[:40].split()) if isinstance(group, str)
                 else f"a value of type {type(group).__name__}")
        raise LearnerError(f"{shown[0].upper()}{shown[1:]} is not one of the stakeholder groups. Hint: give one of "
                           + ", ".join(f'"{g}"' for g in GROUPS) + ', in quotes, e.g. positions_of("donor").')
    table = load("stakeholder_positions")
    rows = table["stakeholder_group"] == group.strip()
    return table.loc[rows, ["position_id", "date", "stakeholder", "position"]].reset_index(drop=True)


_POSITION_ID = re.compile(r"(?<![A-Za-z0-9])K\d{2}(?!\d)", re.I)


def cites_a_position(group: Any, because: str) -> str | None:
    """What a role-play reason lacks: a position_id of the table (any group's), or None.

    The message names the ids that ``positions_of`` shows for the chosen group."""
    ids = set(load("stakeholder_positions")["position_id"])
    if {found.upper() for found in _POSITION_ID.findall(because)} & ids:
        return None
    chosen = next((g for g in GROUPS if " ".join(str(group).split()).casefold() == g.casefold()), "donor")
    shown = positions_of(chosen)["position_id"].tolist()
    listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return (f"Your reason is long enough; now cite the position it rests on by its position_id, "
            f"as the prompt asks: positions_of(\"{chosen}\") shows {listed} (another group's "
            "position, to answer it, counts too).")


def short_name_of(safeguard_id: str) -> str:
    table = load("safeguards").set_index("safeguard_id")
    return str(table.loc[safeguard_id, "short_name"])


# ---------------------------------------------------------------- figures


#: How the case chart shows each coded value: the data's own value with its meaning (so that a
#: learner filters on what the chart shows), a fill and a hatching, so that neither colour nor
#: pattern alone carries the meaning. The fill says only how much a safeguard applies, not
#: whether that is good: for the lawful Butler case "no" (does not apply) is wanted.
#: "#56B4E9" is the Okabe-Ito sky blue of unlocked.figures (not imported here: matplotlib loads lazily).
APPLIES = {"yes": ("yes: applies", "#56B4E9", "xx"), "partly": ("partly", "#D6ECF9", "//"),
           "no": ("no: does not apply", "#FFFFFF", "")}


def case_chart(safeguards: pd.DataFrame) -> tuple[Any, str, str]:
    """One row per safeguard, one column per case: would it plausibly have applied?"""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle

    grid = safeguards.set_index("short_name")[list(CASES)]
    fig, ax = plt.subplots(figsize=(9, 7.5))
    for (row, column), value in np.ndenumerate(grid.to_numpy()):
        word, fill, hatch = APPLIES[value]
        ax.add_patch(Rectangle((column - 0.5, row - 0.5), 1, 1, facecolor=fill, hatch=hatch,
                               edgecolor="#555555", linewidth=0.5))
        ax.text(column, row, word, ha="center", va="center", fontsize=9,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
    ax.axvline(len(CASES) - 1.5, color="black", linewidth=2.5)
    ax.set_xlim(-0.5, len(CASES) - 0.5)
    ax.set_ylim(len(grid) - 0.5, -0.5)
    ax.set_xticks(range(len(CASES)), ["Serbia\n2019-2025", "Botswana\n2020", "Kenya\n2025",
                                      "Butler 2024, lawful:\n\"no\" wanted"])
    ax.set_yticks(range(len(grid)), grid.index)
    ax.grid(False)
    ax.legend(handles=[Patch(facecolor=fill, hatch=hatch, edgecolor="#555555", label=word)
                       for word, fill, hatch in APPLIES.values()],
              loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=3, frameon=False)
    ax.set_title("Would the safeguard plausibly have applied?")
    counts = {case: (safeguards[case] != "no").sum() for case in CASES}
    caption = (f"The {len(safeguards)} safeguards (rows) against four cases (columns): would each "
               "plausibly have applied in time? Each cell shows the data's value (yes, partly or no), "
               "also shown by its hatching. In the abuse cases \"yes\" (applies) is wanted; in the "
               "lawful Butler case, \"no\" (does not apply).")
    description = (
        f"Serbia: {counts['serbia']} of {len(safeguards)} safeguards apply at least partly, only "
        f"donor due diligence fully. Botswana: {counts['botswana']}, Kenya: {counts['kenya']}, all "
        f"partly. Butler: {counts['butler']} would partly have touched the lawful access (warrant "
        "requirement, warrant check in the tool, patching), each as an extra step, not a block."
    )
    return fig, caption, description


def sensitivity_chart(weights: Any = None) -> tuple[Any, str, str]:
    """The rank of every safeguard under six weight profiles, and under ``weights`` if given."""
    import matplotlib.pyplot as plt

    profiles = dict(PROFILES)
    if weights is not None:
        profiles["your weights"] = validate_weights(weights)
    ranks = pd.DataFrame({name: rank_safeguards(w).set_index("short_name")["rank"]
                          for name, w in profiles.items()})
    ranks = ranks.loc[rank_safeguards(PROFILES["equal weights"])["short_name"]]
    fig, ax = plt.subplots(figsize=(9, 7))
    ax.imshow(ranks.to_numpy(), cmap="cividis", aspect="auto")
    for (row, column), value in np.ndenumerate(ranks.to_numpy()):
        ax.text(column, row, str(value), ha="center", va="center",
                color="black" if value > len(ranks) / 2 else "white")
    ax.set_xticks(range(len(profiles)), [name.replace("_", "\n").replace(" first", "\nfirst")
                                         .replace("equal weights", "equal\nweights") for name in profiles],
                  fontsize=9)
    ax.set_yticks(range(len(ranks)), ranks.index)
    ax.grid(False)
    ax.set_title("Rank of each safeguard under different weights (1 = best)")
    top3 = (ranks <= 3).sum(axis=1)
    steady = [name for name, n in top3.items() if n >= len(profiles) - 1]
    spread = (ranks.max(axis=1) - ranks.min(axis=1)).sort_values(ascending=False)
    caption = ("Rank of each safeguard (rows) under equal weights, under five profiles that each count "
               "one criterion three times as much"
               + (" and under your weights" if weights is not None else "")
               + "; darker is better. Ties share a rank (1, 1, 1, 4).")
    description = _top_three_sentence(top3, len(profiles)) + (
        f" The ranking moves most for {spread.index[0]} "
        f"(from rank {ranks.loc[spread.index[0]].min()} to {ranks.loc[spread.index[0]].max()}) and "
        f"{spread.index[1]} (from {ranks.loc[spread.index[1]].min()} to {ranks.loc[spread.index[1]].max()}): "
        "which safeguard comes first depends on which criterion you count most."
    )
    return fig, caption, description


def _top_three_sentence(top3: pd.Series, n_sets: int) -> str:
    """The safeguards most often in the top three, and under how many sets of weights, said
    plainly (e.g. "End-user undertaking is in the top three most often: under 6 of the 7 sets
    of weights.")."""
    most = int(top3.max())
    if most == 0:
        return "No safeguard is in the top three under any set of weights."
    listed = top3[top3 == most].index.tolist()
    names = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    verb = "is" if len(listed) == 1 else "are"
    under = f"all {n_sets}" if most == n_sets else f"{most} of the {n_sets}"
    return f"{names} {verb} in the top three most often: under {under} sets of weights."


# ---------------------------------------------------------------- the exercises


register(Check(
    "07.points_before_misuse",
    points_before_misuse,
    hint=("Comparing the date column with the misuse date gives True or False for each decision "
          "point; count the True values. Strictly before means the misuse itself does not count."),
    slips=(("That count includes the misuse itself (<= instead of <): the question asks for the "
            "chances to act before it.", lambda: points_before_misuse(inclusive=True)),),
))
register(Check(
    "07.own_institutions",
    own_institutions,
    hint=("The buying state's own institutions are two of the deciders: its government and its courts "
          "(a court is part of the state too). Count the safeguards decided by either of them, and by "
          "no one else."),
    slips=(('That counts only "buying state": the buying state\'s courts are its institutions too.',
            lambda: own_institutions(("buying state",))),
           ('That counts only "courts": the buying state\'s government decides some safeguards too.',
            lambda: own_institutions(("courts",)))),
))
register(Check(
    "07.serbia_not_butler",
    serbia_not_butler,
    hint=('Two conditions must both hold: the serbia column is "yes" or "partly", and the butler '
          'column is "no". Keep those rows and give their safeguard_id values as a list.'),
    exact=True,
    slips=(('That keeps only "yes" in Serbia: "partly" counts too.',
            lambda: serbia_not_butler(("yes",))),
           ("That leaves out the Butler condition: keep only the safeguards coded \"no\" for Butler.",
            lambda: serbia_not_butler(butler=False))),
))
register(Check(
    "07.top_under_weights",
    lambda: top_under(CHECK_WEIGHTS),
    hint=("The ranking depends on the weights, so use exactly the five given in Check 4, not your own "
          "or equal ones. The result lists the best safeguard first; the check wants its id (P and two "
          "digits), not its name."),
    exact=True,
    slips=(("That is the first safeguard under equal weights: use the weights given in the prompt.",
            lambda: top_under(PROFILES["equal weights"])),
           ("That is the first safeguard under the example weights my_weights starts with: use the "
            "weights given in Check 4.", lambda: top_under(EXAMPLE_WEIGHTS)),
           ("That is the safeguard's short name; the check wants its safeguard_id (P and two digits).",
            lambda: short_name_of(top_under(CHECK_WEIGHTS)))),
))
register(Discussion(
    "07.package",
    SAFEGUARD_IDS,
    hint=('Set choice to the id of the safeguard your package needs most, in quotes, e.g. choice = '
          '"P05"; in because, name the other two and say why the three work together.'),
    min_words=10,
    reading=(
        "Amnesty asked Cellebrite to revamp its due diligence before reinstating any Serbian customer, "
        "and asked that exports to Serbia stop until effective independent oversight exists, on 26 "
        "February 2025 [@amnesty-2025-02-cellebrite-halts]. Cellebrite points to its own vetting "
        "[@therecord-2025-02-cellebrite-serbia] and to suspending customers after review "
        "[@cellebrite-2025-02-statement]. Under equal weights "
        "the module's scores put vendor due diligence, the end-user undertaking and licence suspension "
        "first. Of these, vendor due diligence and licence suspension are voluntary, and licence "
        "suspension also acts only after the harm; only the end-user undertaking binds."
    ),
))
register(Discussion(
    "07.role_play",
    GROUPS,
    hint='Set choice to the stakeholder group you speak for, exactly as listed, e.g. choice = "donor".',
    min_words=10,
    needs=cites_a_position,
    reading=(
        "The positions on record pull apart. Cellebrite stresses that it licenses its tools for lawful "
        "investigations and suspends customers after its own review [@reuters-2024-12-16; "
        "@cellebrite-2025-02-statement]. The Serbian police and the Security Information Agency (BIA) "
        "denied any misuse [@ap-2024-12-16; @nuns-2024-12-ijas-statement]. Amnesty and Serbian groups "
        "ask for due diligence, investigation and independent oversight [@amnesty-2024-12-news; "
        "@amnesty-2025-02-cellebrite-halts; @partners-serbia-2024-12; @nuns-2024-12-ijas-statement]. "
        "Norway said it would seek "
        "clarification [@reuters-2024-12-16]. The platform makers fixed the flaws "
        "[@qualcomm-bulletin-2024-10; @android-bulletin-2025-02], and US police chiefs and prosecutors "
        "warned in 2015 against technical barriers to lawful access "
        "[@washingtontimes-2015-11-25-police-encryption]."
    ),
))
