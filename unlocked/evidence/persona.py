"""The fictional phone owner, her world, and the warrant: fixed facts, no randomness.

Everything here is invented. Phone numbers come only from ranges reserved for
drama (UK +44 7700 900000–900999, North American 555-0100–0199), e-mail
addresses only from ``example.org/.com/.net``, websites only from reserved
names (``*.example``, ``*.test``, ``example.*``; RFC 2606). Coordinates are
arbitrary and deliberately placed over open water, so they point to nobody's
home.

The cast and the places do not depend on the seed; the seed only decides *when*
things happen and which everyday words are used. That keeps exercise answers
stable in kind ("how many messages with her doctor?") while their values can
vary per seed.

Categories
----------
Each contact belongs to one address-book group, and each group maps to one
*category*. Six categories are **sensitive** (special-category data in data
protection law, or protected journalistic and legal material): ``intimate``,
``health``, ``finance``, ``political``, ``source`` and ``legal``. A learner
can recover every category from the extraction itself: groups are in
``contacts2.db``, sender names and web addresses speak for themselves. The
functions at the bottom (:func:`category_of_address`, :func:`category_of_url`,
:func:`contacts_frame`) are the answer key for exercise code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

import pandas as pd

from . import clock

# --------------------------------------------------------------------------- categories

CATEGORIES: dict[str, str] = {
    "intimate": "partner and intimate life",
    "health": "health: doctor, pharmacy, clinic, symptoms",
    "finance": "money: bank, card payments, loan, debt",
    "political": "political activity: the Bridge Watch protest movement",
    "source": "confidential journalistic sources",
    "legal": "lawyer and client (legally privileged)",
    "family": "family",
    "friends": "friends",
    "work": "newsroom colleagues and public work material",
    "everyday": "shops, services, news, weather and the like",
    "unknown": "numbers not in the address book",
}

#: Categories whose exposure can harm the owner or others; the ethics lessons turn on these.
SENSITIVE_CATEGORIES: frozenset[str] = frozenset(
    {"intimate", "health", "finance", "political", "source", "legal"}
)

#: Address-book group title (as stored in ``contacts2.db`` table ``groups``) → category.
GROUP_CATEGORY: dict[str, str] = {
    "Partner": "intimate",
    "Family": "family",
    "Friends": "friends",
    "Work": "work",
    "Sources": "source",
    "Health": "health",
    "Money": "finance",
    "Bridge Watch": "political",
    "Legal": "legal",
    "Services": "everyday",
}

# --------------------------------------------------------------------------- the owner


@dataclass(frozen=True)
class Owner:
    """The person whose phones were seized."""

    name: str
    job: str
    employer: str
    town: str
    android_number: str
    apple_id: str


OWNER = Owner(
    name="Ilka Varden",
    job="reporter covering the town council",
    employer="Velmora Ledger (local newspaper, invented)",
    town="Velmora (an invented town)",
    android_number="+447700900417",
    apple_id="ilka.varden@example.org",
)

# --------------------------------------------------------------------------- contacts


@dataclass(frozen=True)
class Contact:
    """One person or service in the owner's life.

    ``display_name`` is what the owner typed into her address book (sources get
    initials or nicknames, as journalists do). ``phone`` is in E.164 form, the
    form Android stores in ``sms.address``. ``channels`` says where their
    conversations live: ``"sms"`` (Android), ``"imessage"`` (the iPhone),
    ``"call"`` (Android call log).
    """

    key: str
    display_name: str
    given_name: str
    family_name: str
    group: str
    phone: str | None
    email: str | None = None
    organization: str | None = None
    job_title: str | None = None
    note: str | None = None
    added: date = date(2026, 9, 1)
    #: When the owner last edited the entry (town time), if after the day it was added.
    edited: datetime | None = None
    starred: bool = False
    channels: tuple[str, ...] = ("sms", "call")

    @property
    def category(self) -> str:
        """The category of everything exchanged with this contact."""
        return GROUP_CATEGORY[self.group]


CONTACTS: tuple[Contact, ...] = (
    Contact("jonah", "Jonah ❤", "Jonah", "Prell", "Partner", "+447700900263",
            email="jonah.prell@example.net", starred=True),
    Contact("greta", "Mum", "Greta", "Varden", "Family", "+447700900351",
            note="Mill Lane 4, Brenna", starred=True),
    Contact("tobi", "Tobi", "Tobi", "Varden", "Family", "+13125550147",
            email="tobi.varden@example.com", channels=("imessage", "call")),
    Contact("ruth", "Ruth Ambler", "Ruth", "Ambler", "Work", "+447700900522",
            email="ruth.ambler@example.com", organization="Velmora Ledger", job_title="Editor"),
    Contact("petra", "Petra Quill", "Petra", "Quill", "Work", "+447700900538",
            email="petra.quill@example.com", organization="Velmora Ledger", job_title="Reporter"),
    Contact("sami", "Sami Lund", "Sami", "Lund", "Work", "+447700900547",
            organization="Velmora Ledger", job_title="Photographer"),
    Contact("dana", "Dana Whitlock", "Dana", "Whitlock", "Work", "+12025550188",
            email="dana.whitlock@example.net", organization="Harbor Wire (partner newsroom)",
            job_title="Investigations editor", channels=("call",)),
    Contact("hanne", "Hanne", "Hanne", "Ostrow", "Friends", "+447700900614"),
    Contact("mika", "Mika D", "Mika", "Daal", "Friends", "+447700900629"),
    Contact("dario", "D. (procurement)", "Dario", "Venn", "Sources", "+447700900731",
            note="Municipality, procurement office. Never by name.", added=date(2026, 9, 8),
            edited=datetime(2026, 9, 14, 9, 2, 31), channels=("imessage", "call")),
    Contact("ines", "I.H.", "Ines", "Harlow", "Sources", "+447700900746",
            organization="Town council", job_title="Councillor's aide",
            note="Met at press day. Protect.", added=date(2026, 9, 10),
            edited=datetime(2026, 9, 16, 18, 21, 7)),
    Contact("kit", "Kit", "Kit", "", "Sources", "+447700900758",
            note="Courthouse. Private number only.", added=date(2026, 10, 6),
            channels=("sms",)),
    Contact("boris", "B.T.", "Boris", "Tamm", "Sources", "+447700900769",
            email="boris.tamm@example.net", note="Ex-contractor, invoices",
            channels=("imessage",)),
    Contact("riis", "Dr Riis (practice)", "Selma", "Riis", "Health", "+447700900812",
            organization="Velmora Health Centre", job_title="General practitioner",
            channels=("call",)),
    Contact("pharmacy", "Riverside Pharmacy", "Riverside", "Pharmacy", "Health", "+447700900825"),
    Contact("olav", "Olav (Kestrel Bank)", "Olav", "Brandt", "Money", "+447700900836",
            organization="Kestrel Bank", job_title="Personal adviser", channels=("call",)),
    Contact("nora", "Nora F", "Nora", "Fenwick", "Bridge Watch", "+447700900871",
            organization="Bridge Watch"),
    Contact("anselm", "Anselm", "Anselm", "Roe", "Bridge Watch", "+447700900884",
            organization="Bridge Watch", channels=("imessage",)),
    Contact("marta", "Marta Quint (lawyer)", "Marta", "Quint", "Legal", "+447700900905",
            email="marta.quint@example.com", organization="Quint Media Law",
            channels=("imessage", "call")),
    Contact("crane", "Mr Crane (landlord)", "Aldous", "Crane", "Services", "+447700900917"),
    Contact("taxi", "Velmora Taxi", "Velmora", "Taxi", "Services", "+447700900930",
            channels=("call",)),
)

CONTACTS_BY_KEY: dict[str, Contact] = {c.key: c for c in CONTACTS}

#: Numbers that call but are not in the address book (sales calls, a withheld caller).
UNKNOWN_NUMBERS: tuple[str, ...] = ("+447700900999", "+12025550111")

#: One-off callers (wrong numbers, couriers, surveys): the seed decides how many call and which.
ONE_OFF_NUMBERS: tuple[str, ...] = tuple(f"+447700900{n}" for n in range(940, 990))

#: Alphanumeric SMS sender IDs (no phone number; the sender's name is the address).
SENDER_IDS: dict[str, str] = {
    "KESTRELBK": "finance",    # Kestrel Bank: card payments, codes, loan
    "VLMHEALTH": "health",     # Velmora Health Centre: appointment reminders
    "PARCELGO": "everyday",    # parcel delivery
    "NETCELL": "everyday",     # the mobile operator
}

#: The SMS centre number stamped on received SMS (also from the reserved range).
SMS_CENTRE = "+447700900000"

#: The group chat on the iPhone: its members (contact keys) and its display name.
GROUP_CHAT_NAME = "Bridge Watch 🌉"
GROUP_CHAT_MEMBERS: tuple[str, ...] = ("nora", "anselm")

# --------------------------------------------------------------------------- places

# Coordinates are kept as integers in millionths of a degree so that no rounding
# ever changes a byte. The town centre is arbitrary open water (see module doc).
TOWN_CENTRE_E6 = (44_487_000, 13_214_000)


@dataclass(frozen=True)
class Place:
    """A place the owner spends time at; lat/lon in millionths of a degree."""

    key: str
    name: str
    lat_e6: int
    lon_e6: int
    category: str

    @property
    def lat(self) -> float:
        return self.lat_e6 / 1_000_000

    @property
    def lon(self) -> float:
        return self.lon_e6 / 1_000_000


def _place(key: str, name: str, dlat: int, dlon: int, category: str) -> Place:
    return Place(key, name, TOWN_CENTRE_E6[0] + dlat, TOWN_CENTRE_E6[1] + dlon, category)


PLACES: tuple[Place, ...] = (
    _place("home", "Ilka's flat, Tanner Street", 4_200, -6_100, "everyday"),
    _place("partner", "Jonah's flat, Orchard Row", -11_300, 8_700, "intimate"),
    _place("newsroom", "Velmora Ledger newsroom", 1_100, 2_300, "work"),
    _place("town_hall", "Town Hall", -400, 900, "work"),
    _place("cafe", "Café Lumen, east bank", 6_500, 14_900, "source"),
    _place("clinic", "Velmora Health Centre", -5_200, -3_100, "health"),
    _place("hospital", "Velmora General Hospital, sleep clinic", -18_700, -12_400, "health"),
    _place("pharmacy", "Riverside Pharmacy", -4_900, -2_200, "health"),
    _place("bank", "Kestrel Bank branch", 300, 3_100, "finance"),
    _place("bridge", "Old Bridge Square", 2_700, 9_800, "political"),
    _place("mum", "Mum's house, Brenna village", 58_000, -29_000, "family"),
    _place("gym", "Hollis Gym", 7_100, -1_500, "everyday"),
    _place("market", "Corner Market", 3_500, -8_800, "everyday"),
    _place("park", "Riverside Park", -2_500, 5_200, "everyday"),
    _place("bar", "The Lantern (bar)", 1_800, 4_100, "friends"),
    _place("lawyer", "Quint Media Law office", -1_300, 1_700, "legal"),
)

PLACES_BY_KEY: dict[str, Place] = {p.key: p for p in PLACES}

# --------------------------------------------------------------------------- websites

#: Host name → (category, what the site is). Every host is a reserved name.
DOMAINS: dict[str, tuple[str, str]] = {
    "www.search.example": ("everyday", "web search engine"),
    "velmoraledger.example": ("work", "the owner's newspaper"),
    "cms.velmoraledger.example": ("work", "the newspaper's publishing system"),
    "www.nationalherald.example": ("everyday", "national news site"),
    "weather.example.com": ("everyday", "weather"),
    "recipes.example.net": ("everyday", "recipes"),
    "www.velmora.example": ("work", "the municipality: tenders and notices"),
    "council.velmora.example": ("work", "council minutes"),
    "www.healthfacts.example": ("health", "medical information"),
    "booking.velmorahealth.example": ("health", "health centre appointments"),
    "online.kestrelbank.example": ("finance", "online banking"),
    "loans.kestrelbank.example": ("finance", "loans"),
    "bridgewatch.example": ("political", "protest movement"),
    "www.petitions.example": ("political", "petitions"),
    "www.weekendescapes.example": ("intimate", "romantic weekend breaks"),
    "pressfreedom.example.org": ("work", "press-freedom advice for journalists"),
    "www.quintlaw.example": ("legal", "the owner's media lawyer"),
    "shop.example.com": ("everyday", "online shop"),
    "tickets.rail.test": ("everyday", "train tickets"),
}

# --------------------------------------------------------------------------- the warrant


@dataclass(frozen=True)
class Warrant:
    """The (fictional) legal authority for the extraction, and how narrow it is.

    The scope: communications (SMS, iMessage, calls) between the device owner and
    the two named people, sent or received in the window, *in town time*.
    ``end_local`` is the last second inside the window.
    """

    reference: str
    case_number: str
    court: str
    issued_local: datetime
    offence: str
    named: tuple[str, ...]
    start_local: datetime
    end_local: datetime

    @property
    def start_ms(self) -> int:
        """First Unix ms inside the window."""
        s = self.start_local
        return clock.local_ms(s.date(), s.hour, s.minute, s.second)

    @property
    def end_ms(self) -> int:
        """First Unix ms *after* the window (the window is [start_ms, end_ms))."""
        e = self.end_local
        return clock.local_ms(e.date(), e.hour, e.minute, e.second) + 1000

    @property
    def named_numbers(self) -> tuple[str, ...]:
        """Phone numbers of the named people, as the phone stores them."""
        return tuple(CONTACTS_BY_KEY[k].phone or "" for k in self.named)

    def covers(self, contact_key: str | None, unix_ms: int) -> bool:
        """Whether a communication with this contact at this instant is in scope."""
        return contact_key in self.named and self.start_ms <= unix_ms < self.end_ms

    def as_dict(self) -> dict[str, object]:
        """The warrant as it appears in the extraction report."""
        return {
            "reference": self.reference,
            "court": self.court,
            "issued": clock.iso_local(local_to_ms(self.issued_local)),
            "offence_under_investigation": self.offence,
            "scope": (
                "Communications (SMS, iMessage, calls) between the device owner and the "
                "persons named below, sent or received between "
                f"{self.start_local:%Y-%m-%d %H:%M:%S} and {self.end_local:%Y-%m-%d %H:%M:%S} "
                "local time (CEST, UTC+02:00). No other data."
            ),
            # The same window for machines: first and last second inside it, with their offset.
            "window_start": clock.iso_local(self.start_ms),
            "window_end_inclusive": clock.iso_local(self.end_ms - 1000),
            "named_persons": [
                {"name": f"{CONTACTS_BY_KEY[k].given_name} {CONTACTS_BY_KEY[k].family_name}",
                 "number": CONTACTS_BY_KEY[k].phone}
                for k in self.named
            ],
        }


WARRANT = Warrant(
    reference="VLM-W-2026-031",
    case_number="VLM-CR-2026-0412",
    court="Velmora District Court (invented)",
    issued_local=datetime(2026, 10, 28, 16, 20),
    offence="Unauthorised disclosure of tender document VM-2026-114 (Old Bridge renovation)",
    named=("dario", "ines"),
    start_local=datetime(2026, 9, 14, 0, 0, 0),
    end_local=datetime(2026, 9, 28, 23, 59, 59),
)

# --------------------------------------------------------------------------- devices and custody


@dataclass(frozen=True)
class Device:
    """A seized device as the (fictional) tool reports it."""

    item: str
    make: str
    model: str
    os_version: str
    owner_identifier: str
    acquisition: str
    lock_state: str
    root: str  # the folder of the evidence tree holding this device's files


ANDROID = Device("ITEM-01", "Nordel", "Vista 7 (fictional)", "Android 14",
                 OWNER.android_number, "Full file system", "AFU (after first unlock)", "android")
IPHONE = Device("ITEM-02", "Apple", "iPhone (older model, generic)", "iOS 16.7",
                OWNER.apple_id, "Full file system", "AFU (after first unlock)", "iphone")

#: The owner set up the new Android phone (town time); nothing on it is older.
SETUP_LOCAL = datetime(2026, 9, 1, 7, 2, 0)

#: Moments in custody (town time) — the report prints them; notebook 06 reasons with them.
SEIZED_LOCAL = datetime(2026, 10, 30, 6, 40)
LAB_RECEIVED_LOCAL = datetime(2026, 10, 30, 7, 55)
EXTRACTION_START_LOCAL = datetime(2026, 10, 30, 11, 2, 14)
EXTRACTION_END_LOCAL = datetime(2026, 10, 30, 13, 47, 51)
RETURNED_LOCAL = datetime(2026, 10, 31, 15, 20)

#: The innocuous-looking package a later notebook asks learners to question.
SUSPICIOUS_PACKAGE = "com.system.updatesvc"
#: When it was first installed (town time): in custody, before the logged extraction began.
SUSPICIOUS_INSTALL_LOCAL = datetime(2026, 10, 30, 10, 31, 7)

#: When the owner deleted the messages from "Kit" (town time), the evening before the seizure.
DELETION_LOCAL = datetime(2026, 10, 29, 22, 14, 0)


def local_to_ms(dt: datetime) -> int:
    """Unix ms of a naive town-time datetime."""
    return clock.local_ms(dt.date(), dt.hour, dt.minute, dt.second)


# --------------------------------------------------------------------------- answer-key functions


def normalise_number(text: str) -> str:
    """Digits of a phone number with a leading ``+`` (``"07700 900123"`` → ``"+447700900123"``)."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.strip().startswith("+"):
        return "+" + digits
    if digits.startswith("0"):  # UK national form
        return "+44" + digits[1:]
    if len(digits) == 10:  # North American national form
        return "+1" + digits
    return "+" + digits


def contact_for_address(address: str | None) -> Contact | None:
    """The contact behind a phone number or e-mail address, if she has one."""
    if not address:
        return None
    if "@" in address:
        for c in CONTACTS:
            if c.email and c.email.lower() == address.lower():
                return c
        return None
    if not any(ch.isdigit() for ch in address):
        return None
    number = normalise_number(address)
    for c in CONTACTS:
        if c.phone == number:
            return c
    return None


def category_of_address(address: str | None) -> str:
    """Category of a message or call partner: a number, an e-mail address or a sender ID.

    >>> category_of_address("+447700900812")
    'health'
    >>> category_of_address("KESTRELBK")
    'finance'
    """
    if address in SENDER_IDS:
        return SENDER_IDS[address]
    contact = contact_for_address(address)
    return contact.category if contact else "unknown"


def category_of_url(url: str) -> str:
    """Category of a web address, from its host name (``"everyday"`` if unknown)."""
    host = urlsplit(url).hostname or ""
    return DOMAINS.get(host, ("everyday", ""))[0]


def category_of_place(place_key: str) -> str:
    """Category of a place (e.g. ``"clinic"`` → ``"health"``)."""
    return PLACES_BY_KEY[place_key].category


def contacts_frame() -> pd.DataFrame:
    """One row per contact: how she saved them, their numbers, group and category."""
    rows = [
        {
            "key": c.key,
            "display_name": c.display_name,
            "name": f"{c.given_name} {c.family_name}".strip(),
            "phone": c.phone,
            "email": c.email,
            "group": c.group,
            "category": c.category,
            "sensitive": c.category in SENSITIVE_CATEGORIES,
            "warrant_named": c.key in WARRANT.named,
            "channels": ",".join(c.channels),
        }
        for c in CONTACTS
    ]
    return pd.DataFrame(rows)


def places_frame() -> pd.DataFrame:
    """One row per place with its coordinates (decimal degrees) and category."""
    return pd.DataFrame(
        [{"key": p.key, "name": p.name, "lat": p.lat, "lon": p.lon, "category": p.category}
         for p in PLACES]
    )
