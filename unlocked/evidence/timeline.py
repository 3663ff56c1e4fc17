"""The seeded life: every message, call, web visit, location point and photo.

:func:`build_timeline` turns a seed into a :class:`Timeline` — plain records in
Unix milliseconds, each already carrying the id it gets in its database and its
ground truth (category, in the warrant's scope or not, deleted or not). The
artifact writers only *encode* these records; they decide nothing. So the
answer to any exercise can be computed from the timeline, and a test can check
that the files say the same thing.

Randomness comes from one ``random.Random(seed)`` and nothing else (no clock,
no ``uuid``, no iteration over sets), and only its ``random()``-based methods
are used, never ones built on ``math.log``/``cos`` whose last digit can differ
between machines.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import quote_plus

import pandas as pd

from . import clock, persona, texts
from .persona import CONTACTS_BY_KEY, PLACES_BY_KEY, SENSITIVE_CATEGORIES, WARRANT

#: The seed used for the committed ``data/evidence/`` folder.
DEFAULT_SEED = 2026

FIRST_DAY = date(2026, 9, 1)
LAST_DAY = date(2026, 10, 29)  # the phone is seized early on 30 October
DAYS: tuple[date, ...] = tuple(
    FIRST_DAY + timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)
)
SEIZED_MS = persona.local_to_ms(persona.SEIZED_LOCAL)
SETUP_MS = persona.local_to_ms(persona.SETUP_LOCAL)
_UNREAD_AFTER = clock.local_ms(LAST_DAY, 22, 30)

# ============================================================================ records


@dataclass(frozen=True)
class Message:
    """One text message on either device.

    ``t`` is when the owner's phone sent or received it (Unix ms). On Android
    ``id`` is ``sms._id``; on the iPhone it is ``message.ROWID``.
    """

    id: int
    device: str            # "android" or "iphone"
    address: str           # phone number, e-mail or sender ID, as the device stores it
    contact: str | None    # persona contact key, None for services
    sender: str | None     # in the group chat: who wrote it (contact key), else None
    outgoing: bool
    t: int
    sent_t: int            # when the other side sent it (== t for outgoing)
    read_t: int            # when the owner read it (0: unread, or outgoing)
    text: str
    chat: str | None       # "bridgewatch" for the group chat, else None
    failed: bool
    category: str
    in_scope: bool
    deleted: bool


@dataclass(frozen=True)
class Call:
    """One entry of the Android call log (``calls._id`` = ``id``)."""

    id: int
    number: str            # "" for a withheld number
    contact: str | None
    t: int
    duration_s: int
    type: int              # 1 incoming, 2 outgoing, 3 missed, 5 rejected
    presentation: int      # 1 allowed, 2 restricted (withheld)
    category: str
    in_scope: bool


@dataclass(frozen=True)
class Visit:
    """One Chrome page visit (``visits.id`` = ``id``)."""

    id: int
    url: str
    title: str
    t: int
    transition: int
    from_visit: int
    duration_ms: int
    search_term: str | None
    category: str
    exact: bool = False    # stamped on a whole second on purpose (an exercise's boundary)


@dataclass(frozen=True)
class LocationPoint:
    """One location fix; coordinates in millionths of a degree."""

    id: int
    t: int
    lat_e6: int
    lon_e6: int
    accuracy_m: int
    source: str
    place: str | None      # None while travelling
    category: str


@dataclass(frozen=True)
class Photo:
    """One picture in the camera roll, as its EXIF describes it."""

    id: int
    file_name: str
    t: int
    lat_e6: int | None     # None: no GPS in the file (screenshots)
    lon_e6: int | None
    camera: bool
    place: str | None
    category: str


@dataclass(frozen=True)
class App:
    """One installed Android package."""

    package: str
    label: str
    version_name: str
    version_code: int
    installer: str | None   # None: installed outside any store
    initiator: str          # the package that started the install
    first_install: int
    last_update: int
    user_id: int
    system: bool
    permissions: tuple[str, ...]


@dataclass(frozen=True)
class Timeline:
    """Everything the generator writes, with its ground truth."""

    seed: int
    messages: tuple[Message, ...]
    calls: tuple[Call, ...]
    visits: tuple[Visit, ...]
    locations: tuple[LocationPoint, ...]
    photos: tuple[Photo, ...]
    apps: tuple[App, ...]

    def android_messages(self) -> tuple[Message, ...]:
        return tuple(m for m in self.messages if m.device == "android")

    def iphone_messages(self) -> tuple[Message, ...]:
        return tuple(m for m in self.messages if m.device == "iphone")

    def deleted_messages(self) -> tuple[Message, ...]:
        """The Android SMS the owner deleted before the seizure (recoverable from free space)."""
        return tuple(m for m in self.messages if m.deleted)


# ============================================================================ the story

# Story conversations on fixed days: (day, "HH:MM", device, contact, lines, deleted).
# Times are town time. A few sit on purpose at the edges of the warrant's window,
# where filtering by UTC date instead of town date gives the wrong answer.
_D = date
STORY_CHATS: tuple[tuple[date, str, str, str, tuple[tuple[str, str], ...], bool], ...] = (
    # -- before the window: the sources make contact
    (_D(2026, 9, 4), "16:20", "iphone", "boris", (
        ("them", "The invoices from the last bridge repair don't add up. I can show you on paper, not here."),
        ("me", "Next week? Somewhere quiet."),
        ("them", "I'll tell you where.")), False),
    (_D(2026, 9, 8), "21:14", "iphone", "dario", (
        ("them", "Hello. You don't know me. I work in procurement at the municipality. "
                 "There is something about the Old Bridge tender you should see."),
        ("me", "Thank you for writing. Can we meet?"),
        ("them", "Not yet. I'll be in touch. Please don't save my name.")), False),
    (_D(2026, 9, 10), "17:42", "android", "ines", (
        ("them", "It's I., from the council. We met at the press day. Can I trust you with something?"),
        ("me", "Yes. Only use this number.")), False),
    (_D(2026, 9, 13), "21:30", "android", "ines", (
        ("them", "Are you free this week? Not at the Town Hall."),
        ("me", "Any evening. Tell me where.")), False),
    # -- inside the window (14 Sep 00:00 to 28 Sep 23:59:59 town time)
    (_D(2026, 9, 14), "00:41", "iphone", "dario", (
        ("them", "Can't sleep. Thinking about what I saw in the file."),), False),
    (_D(2026, 9, 14), "08:12", "iphone", "dario", (
        ("them", "Can we talk? Not on the phone."), ("me", "Tonight?"),
        ("them", "Thursday. Café Lumen, east bank, 7pm.")), False),
    (_D(2026, 9, 16), "18:03", "android", "ines", (
        ("them", "The evaluation committee meets Thursday. The scoring sheet was changed after the bids were opened."),
        ("me", "Can you show that?"),
        ("them", "There are two versions of Annex 4. Ask your friend in procurement.")), False),
    (_D(2026, 9, 17), "17:50", "iphone", "dario", (
        ("them", "Running 10 min late."), ("me", "I'm at the back, by the window.")), False),
    (_D(2026, 9, 17), "20:41", "iphone", "dario", (
        ("me", "Thank you. I know what this costs you."),
        ("them", "Just get it right. Section 4, the scoring table.")), False),
    (_D(2026, 9, 18), "12:20", "android", "ines", (
        ("them", "Did you meet him?"), ("me", "Yes. It matches what you said.")), False),
    (_D(2026, 9, 21), "19:05", "android", "ines", (
        ("them", "Did you get what you needed?"), ("me", "Yes. Nothing will point to you."),
        ("them", "Thank you. Really.")), False),
    (_D(2026, 9, 22), "13:15", "iphone", "dario", (
        ("them", "Someone asked who printed Annex 4 on Thursday."),
        ("me", "Stay calm. Don't change your routine."), ("them", "Trying.")), False),
    (_D(2026, 9, 24), "10:02", "iphone", "dario", (
        ("them", "Is it going out this week?"), ("me", "Friday. Front page.")), False),
    (_D(2026, 9, 25), "00:30", "iphone", "dario", (
        ("them", "Is it really going out in the morning? Can't sleep."),
        ("me", "Yes. Try to rest. You did nothing wrong.")), False),
    (_D(2026, 9, 25), "07:48", "iphone", "dario", (
        ("them", "Saw it. My hands are shaking."),
        ("me", "You did a brave thing. The story is the document, not you.")), False),
    (_D(2026, 9, 25), "11:30", "android", "ines", (
        ("them", "The mayor's office is in chaos."),
        ("me", "Stay out of it. Don't ask questions there.")), False),
    (_D(2026, 9, 27), "20:12", "iphone", "dario", (
        ("them", "They've called in the police. A leak inquiry."),
        ("me", "Talk to a lawyer. I'll send you a name, Marta Quint. She's good."),
        ("them", "Ok.")), False),
    (_D(2026, 9, 28), "23:31", "android", "ines", (
        ("them", "I deleted everything on my side."),), False),
    # -- after the window
    (_D(2026, 9, 29), "00:25", "android", "ines", (
        ("them", "He's asking everyone who talked to you. I'm scared."),
        ("me", "You're protected. I will never name you."),
        ("them", "Please don't.")), False),
    (_D(2026, 10, 3), "18:40", "iphone", "dario", (
        ("them", "Police interviewed the whole procurement office today."),
        ("me", "Did you say anything?"), ("them", "No.")), False),
    (_D(2026, 10, 14), "21:10", "android", "ines", (
        ("them", "They've started an internal inquiry as well."),
        ("me", "Thank you for telling me. Take care.")), False),
    (_D(2026, 10, 19), "19:55", "iphone", "boris", (
        ("them", "Read your tender piece. Same people as my invoices."),
        ("me", "Can we meet again?"), ("them", "After things calm down.")), False),
    # -- Kit, a source inside the police: the owner later deletes the middle of the thread
    (_D(2026, 10, 6), "19:22", "android", "kit", (
        ("them", "Hi, it's Kit. We met at the courthouse. This is my private number."),
        ("me", "Hi Kit. Saved.")), False),
    (_D(2026, 10, 9), "22:03", "android", "kit", (
        ("them", "They bought new kit. Phone unlocking, from a foreign vendor. Delivered to HQ last week."),
        ("me", "Do you know who signed off on it?"),
        ("them", "Deputy chief. No tender, no paperwork I could find.")), True),
    (_D(2026, 10, 16), "23:12", "android", "kit", (
        ("them", "Your name came up in the Monday briefing. Be careful what you keep on your phone."),
        ("me", "Understood. Thank you, Kit. Delete this thread.")), True),
    (_D(2026, 10, 22), "08:05", "android", "kit", (
        ("them", "All ok?"), ("me", "All ok.")), False),
    # -- work
    (_D(2026, 9, 18), "10:05", "android", "ruth", (
        ("them", "Legal wants to see the tender piece before it runs."),
        ("me", "Understood. Sending it tonight.")), False),
    (_D(2026, 9, 25), "09:40", "android", "ruth", (
        ("them", "Front page. Well done. The phones haven't stopped."),
        ("me", "The mayor's office called me twice already.")), False),
    # -- the lawyer (privileged)
    (_D(2026, 9, 18), "21:30", "iphone", "marta", (
        ("me", "Can you look at the tender piece before we publish? Privileged, obviously."),
        ("them", "Send it over. Don't name the source in the draft, not even internally.")), False),
    (_D(2026, 9, 27), "20:40", "iphone", "marta", (
        ("me", "A source of mine may contact you. Police leak inquiry."),
        ("them", "Understood. Give them my office number.")), False),
    (_D(2026, 10, 17), "22:15", "iphone", "marta", (
        ("me", "Can the police search my phone?"),
        ("them", "Only with a warrant, and journalistic material needs a judge's specific order. "
                 "If anything happens, say nothing and call me.")), False),
    (_D(2026, 10, 21), "16:50", "iphone", "marta", (
        ("them", "See you at 17:30 at the office."), ("me", "On my way.")), False),
    # -- health, seen from the partner's side
    (_D(2026, 9, 22), "12:10", "android", "jonah", (
        ("them", "How did it go with the doctor?"),
        ("me", "Ok. She gave me something for the sleep and the anxiety. Feel a bit embarrassed."),
        ("them", "Don't be. Proud of you ❤️")), False),
    (_D(2026, 10, 8), "20:30", "android", "jonah", (
        ("them", "Booked the lakeside cabin for the 24th. Just us 😊"),
        ("me", "Best news of the month")), False),
    # -- politics
    (_D(2026, 10, 1), "18:12", "android", "nora", (
        ("them", "Nora from Bridge Watch. Will the Ledger cover the march on the 10th?"),
        ("me", "I'll be there for the paper. And for me.")), False),
    (_D(2026, 10, 10), "19:50", "android", "greta", (
        ("them", "I saw the march on the news. Are you safe?"),
        ("me", "Yes Mum. At Jonah's. All fine.")), False),
)

# Records at an exact instant (town time, to the second, no milliseconds): they sit on the
# boundaries that exercises count up to, so that "<=" instead of "<" gives a different answer.
# A message from the owner's brother abroad at 02:00:00 on 26 Sep town time, exactly midnight UTC
# after the story day; a missed call from a named source at 00:00:00 on 29 Sep, the first instant
# after the warrant's window.
EXACT_MESSAGES: tuple[tuple[datetime, str, str, str], ...] = (
    (datetime(2026, 9, 26, 2, 0, 0), "iphone", "tobi", "Just read all of it. Mum sent me the link. So proud of you."),
)
EXACT_CALLS: tuple[tuple[datetime, str, int], ...] = (
    (datetime(2026, 9, 29, 0, 0, 0), "ines", 3),
)

# The Bridge Watch group chat on the iPhone: (day, "HH:MM", lines with speaker keys).
GROUP_CHAT: tuple[tuple[date, str, tuple[tuple[str, str], ...]], ...] = (
    (_D(2026, 10, 3), "19:00", (
        ("nora", "Welcome Ilka 👋 Route confirmed: Town Hall to the Old Bridge, 14:00 on Saturday the 10th."),
        ("me", "Thanks for adding me."), ("anselm", "We still need six more marshals."))),
    (_D(2026, 10, 6), "20:30", (
        ("anselm", "Police asked for our list of marshals. We said no."),
        ("nora", "Our lawyer says we don't have to give it."),
        ("me", "Can I quote that?"), ("nora", "Yes, quote me."))),
    (_D(2026, 10, 9), "21:00", (
        ("nora", "Banners are at my place. Bring water tomorrow."),
        ("me", "I'll bring the big thermos."))),
    (_D(2026, 10, 10), "13:20", (
        ("anselm", "Already 300 people at the Town Hall!"),
        ("nora", "We start walking at 14:00 sharp."))),
    (_D(2026, 10, 10), "16:45", (
        ("nora", "Police cameras on the rooftops by the bridge. Film everything."),
        ("me", "I see them."))),
    (_D(2026, 10, 10), "19:30", (
        ("anselm", "Everyone home safe? Two people detained, our lawyer is with them."),
        ("me", "Safe. Writing it up now."))),
    (_D(2026, 10, 13), "09:00", (
        ("nora", "Next meeting Thursday, back room of The Lantern."),
        ("anselm", "I'll be there."))),
)

# Service messages on fixed days: (day, "HH:MM", sender ID or contact key, text).
STORY_SERVICES: tuple[tuple[date, str, str, str], ...] = (
    (_D(2026, 9, 4), "09:12", "KESTRELBK", "Kestrel Bank: transfer €620.00 to A. Crane (rent) completed."),
    (_D(2026, 9, 19), "20:47", "VLMHEALTH",
     "Velmora Health Centre: your appointment with Dr S. Riis is booked for Tue 22 Sep at 08:40."),
    (_D(2026, 9, 21), "18:00", "VLMHEALTH",
     "Reminder: appointment with Dr S. Riis tomorrow, 22 Sep, 08:40. Reply C to cancel."),
    (_D(2026, 9, 22), "17:12", "pharmacy",
     "Riverside Pharmacy: your prescription (sertraline 50 mg) is ready for collection."),
    (_D(2026, 9, 25), "06:30", "KESTRELBK", "Kestrel Bank: incoming transfer €1,840.00 from VELMORA LEDGER LTD."),
    (_D(2026, 10, 2), "08:05", "KESTRELBK",
     "Kestrel Bank: your account is overdrawn by €84.20. Please add funds to avoid fees."),
    (_D(2026, 10, 2), "09:30", "KESTRELBK", "Kestrel Bank: transfer €620.00 to A. Crane (rent) completed."),
    (_D(2026, 10, 5), "21:40", "KESTRELBK",
     "Kestrel Bank: we have received your loan application KB-5521. We will reply within 3 working days."),
    (_D(2026, 10, 6), "11:15", "VLMHEALTH",
     "Velmora Health Centre: your blood test results are ready. Please call the practice."),
    (_D(2026, 10, 8), "10:15", "KESTRELBK",
     "Kestrel Bank: your loan application KB-5521 is approved: €3,000.00 over 24 months."),
    (_D(2026, 10, 13), "09:30", "VLMHEALTH",
     "Velmora Health Centre: your referral to the sleep clinic at Velmora General is booked: Thu 15 Oct, 10:00."),
    (_D(2026, 10, 20), "16:02", "pharmacy",
     "Riverside Pharmacy: your repeat prescription (sertraline 50 mg) is ready for collection."),
    (_D(2026, 10, 23), "06:30", "KESTRELBK", "Kestrel Bank: incoming transfer €1,840.00 from VELMORA LEDGER LTD."),
)

# Calls on fixed days: (day, "HH:MM", contact key or number, type, duration in seconds).
STORY_CALLS: tuple[tuple[date, str, str, int, int], ...] = (
    (_D(2026, 9, 11), "20:30", "ines", 1, 240),
    (_D(2026, 9, 15), "21:40", "dario", 1, 118),
    (_D(2026, 9, 18), "08:55", "riis", 2, 190),
    (_D(2026, 9, 19), "18:30", "ines", 2, 372),
    (_D(2026, 9, 23), "07:55", "dario", 3, 0),
    (_D(2026, 9, 23), "08:10", "dario", 2, 95),
    (_D(2026, 9, 26), "20:05", "ines", 1, 668),
    (_D(2026, 9, 27), "21:00", "marta", 2, 540),
    (_D(2026, 9, 28), "19:20", "ines", 2, 185),
    (_D(2026, 9, 29), "15:00", "dana", 1, 905),
    (_D(2026, 10, 2), "11:20", "olav", 2, 420),
    (_D(2026, 10, 4), "12:45", "dario", 1, 302),
    (_D(2026, 10, 5), "17:00", "olav", 1, 610),
    (_D(2026, 10, 6), "11:40", "riis", 2, 240),
    (_D(2026, 10, 10), "19:45", "greta", 1, 420),
    (_D(2026, 10, 17), "22:40", "marta", 2, 300),
    (_D(2026, 10, 28), "23:41", "", 3, 0),   # a withheld number, the night before the deletion
)

# Web visits on fixed days: (day, "HH:MM", [(url, title, transition kind)]).
# Kinds: "typed", "link", "search" (a search typed into the address bar), "form".
_S = "https://www.search.example/search?q="
STORY_BROWSING: tuple[tuple[date, str, tuple[tuple[str, str, str], ...]], ...] = (
    (_D(2026, 9, 12), "22:10", (
        (_S + "velmora+old+bridge+renovation+tender", "velmora old bridge renovation tender - Search", "search"),
        ("https://www.velmora.example/tenders/VM-2026-114", "Tender VM-2026-114: Old Bridge renovation", "link"),
        ("https://www.velmora.example/tenders/VM-2026-114/documents", "Tender VM-2026-114: documents", "link"))),
    (_D(2026, 9, 15), "22:35", (
        (_S + "how+to+protect+a+confidential+source", "how to protect a confidential source - Search", "search"),
        ("https://pressfreedom.example.org/guides/source-protection", "Protecting your sources: a guide", "link"))),
    (_D(2026, 9, 16), "10:20", (
        ("https://council.velmora.example/minutes/evaluation-committee", "Evaluation committee: minutes", "typed"),
        (_S + "tender+evaluation+annex+scoring+rules", "tender evaluation annex scoring rules - Search", "search"))),
    (_D(2026, 9, 19), "20:30", (
        (_S + "insomnia+anxiety+what+helps", "insomnia anxiety what helps - Search", "search"),
        ("https://www.healthfacts.example/conditions/insomnia", "Insomnia: causes and treatment", "link"),
        ("https://booking.velmorahealth.example/appointments/new",
         "Book an appointment | Velmora Health Centre", "typed"))),
    (_D(2026, 9, 22), "21:40", (
        (_S + "sertraline+side+effects", "sertraline side effects - Search", "search"),
        ("https://www.healthfacts.example/medicines/sertraline", "Sertraline: uses and side effects", "link"))),
    (_D(2026, 9, 23), "22:05", (
        (_S + "sertraline+and+alcohol", "sertraline and alcohol - Search", "search"),)),
    (_D(2026, 9, 25), "00:10", (
        ("https://velmoraledger.example/", "Velmora Ledger - News from Velmora", "typed"),
        (_S + "velmora+ledger+tender+story", "velmora ledger tender story - Search", "search"))),
    (_D(2026, 9, 25), "07:35", (
        ("https://velmoraledger.example/news/tender-scoring-changed-after-bids-opened",
         "Tender scoring changed after bids were opened | Velmora Ledger", "typed"),)),
    (_D(2026, 9, 25), "12:40", (
        ("https://velmoraledger.example/news/tender-scoring-changed-after-bids-opened",
         "Tender scoring changed after bids were opened | Velmora Ledger", "typed"),
        ("https://www.nationalherald.example/regions/velmora-tender-questions",
         "Questions over Velmora bridge tender | National Herald", "typed"))),
    (_D(2026, 10, 1), "23:10", (
        ("https://online.kestrelbank.example/accounts", "Kestrel Bank - Accounts", "typed"),
        (_S + "kestrel+bank+overdraft+fees", "kestrel bank overdraft fees - Search", "search"))),
    (_D(2026, 10, 5), "21:15", (
        ("https://online.kestrelbank.example/accounts", "Kestrel Bank - Accounts", "typed"),
        ("https://loans.kestrelbank.example/apply", "Apply for a personal loan | Kestrel Bank", "link"),
        ("https://loans.kestrelbank.example/apply/submitted", "Application received | Kestrel Bank", "form"))),
    (_D(2026, 10, 4), "11:05", (
        ("https://bridgewatch.example/", "Bridge Watch - Save the Old Bridge", "typed"),
        ("https://bridgewatch.example/march-10-october", "March on 10 October: route and safety", "link"),
        ("https://www.petitions.example/save-the-old-bridge", "Petition: Save the Old Bridge", "link"),
        ("https://www.petitions.example/save-the-old-bridge/signed", "Thank you for signing", "form"))),
    (_D(2026, 10, 7), "22:30", (
        (_S + "romantic+cabin+weekend+lake", "romantic cabin weekend lake - Search", "search"),
        ("https://www.weekendescapes.example/cabins/lakeside-cabin-for-two",
         "Lakeside cabin for two | Weekend Escapes", "link"))),
    (_D(2026, 10, 12), "21:50", (
        (_S + "sleep+clinic+referral+what+to+expect", "sleep clinic referral what to expect - Search", "search"),
        ("https://www.healthfacts.example/tests/sleep-study", "What happens in a sleep study", "link"))),
    (_D(2026, 10, 17), "21:55", (
        (_S + "can+police+unlock+my+phone+without+my+passcode",
         "can police unlock my phone without my passcode - Search", "search"),
        ("https://pressfreedom.example.org/guides/device-seizure", "If your devices are seized: a guide", "link"))),
    (_D(2026, 10, 21), "15:30", (
        ("https://www.quintlaw.example/contact", "Contact | Quint Media Law", "typed"),)),
    (_D(2026, 10, 29), "22:21", (
        (_S + "how+to+permanently+delete+text+messages+android",
         "how to permanently delete text messages android - Search", "search"),
        (_S + "are+deleted+sms+recoverable", "are deleted sms recoverable - Search", "search"))),
)

# Days with a fixed plan of where the owner is (town time); other days are drawn.
STORY_DAYS: dict[date, tuple[tuple[str, str, str], ...]] = {
    _D(2026, 9, 17): (("newsroom", "09:00", "17:40"), ("home", "18:05", "18:40"),
                      ("cafe", "19:02", "20:15"), ("home", "20:40", "")),
    _D(2026, 9, 22): (("clinic", "08:30", "09:10"), ("newsroom", "09:35", "17:20"),
                      ("pharmacy", "17:40", "17:52"), ("home", "18:10", "")),
    _D(2026, 9, 24): (("newsroom", "09:00", "18:00"), ("cafe", "18:30", "19:20"), ("home", "19:45", "")),
    _D(2026, 10, 2): (("newsroom", "09:00", "11:55"), ("bank", "12:10", "12:35"),
                      ("newsroom", "12:50", "17:30"), ("bar", "18:30", "21:00"), ("home", "21:20", "")),
    _D(2026, 10, 10): (("home", "", "12:30"), ("town_hall", "13:15", "14:00"),
                       ("bridge", "14:25", "18:10"), ("partner", "18:40", "")),
    _D(2026, 10, 15): (("hospital", "09:50", "11:05"), ("newsroom", "11:35", "17:30"), ("home", "17:55", "")),
    _D(2026, 10, 21): (("newsroom", "09:00", "17:10"), ("lawyer", "17:30", "18:20"), ("home", "18:45", "")),
    _D(2026, 10, 29): (("newsroom", "09:00", "17:30"), ("home", "17:55", "")),
}

# ============================================================================ the builder


def _hm(text: str) -> tuple[int, int]:
    hour, minute = text.split(":")
    return int(hour), int(minute)


def _at(day: date, hhmm: str, second: int = 0) -> int:
    hour, minute = _hm(hhmm)
    return clock.local_ms(day, hour, minute, second)


def _weekend(day: date) -> bool:
    return day.weekday() >= 5


def _times(rate: float, rng: random.Random) -> int:
    """How many times something with an average ``rate`` per day happens today."""
    whole = int(rate)
    return whole + (1 if rng.random() < rate - whole else 0)


# Chrome's page-transition values: core type in the low byte, qualifiers above.
_CHAIN = 0x30000000  # CHAIN_START | CHAIN_END
TRANSITIONS = {"link": _CHAIN | 0, "typed": _CHAIN | 1, "search": _CHAIN | 5,
               "form": _CHAIN | 7, "reload": _CHAIN | 8}


class _Life:
    """Collects draft records while the days are simulated (private helper)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.msgs: list[dict] = []
        self.calls: list[dict] = []
        self.visits: list[dict] = []
        self.points: list[dict] = []
        self.photos: list[dict] = []
        self._seq = 0
        self._decks: dict[str, list] = {}

    def _next(self) -> int:
        # A running number breaks ties between equal timestamps, so order never
        # depends on anything but the order the code ran in.
        self._seq += 1
        return self._seq

    def deal(self, key: str, pool: tuple) -> object:
        """Draw from a shuffled deck per pool, so the same line is not repeated back to back."""
        deck = self._decks.get(key)
        if not deck:
            deck = list(pool)
            self.rng.shuffle(deck)
            self._decks[key] = deck
        return deck.pop()

    def fill(self, text: str) -> str:
        if "{" not in text:
            return text
        values = {name: self.rng.choice(options) for name, options in texts.SLOTS.items()}
        return text.format(**values)

    # -- messages
    def say(self, device: str, contact: str, start: int, lines, *, chat: str | None = None,
            deleted: bool = False, exact: bool = False) -> int:
        """Add a conversation starting at ``start`` (to the ms if ``exact``); returns the time of its last line."""
        t = start + (0 if exact else self.rng.randint(0, 999))  # phones stamp to the millisecond
        for i, (speaker, text) in enumerate(lines):
            if i:
                t += self.rng.randint(35, 420) * 1000 + self.rng.randint(0, 999)
            outgoing = speaker == "me"
            who = contact if chat is None else (None if outgoing else speaker)
            self.msgs.append(dict(
                seq=self._next(), device=device, contact=contact if chat is None else None,
                sender=who if chat else None, outgoing=outgoing, t=t,
                sent_t=t if outgoing else t - self.rng.randint(800, 6000),
                text=self.fill(text), chat=chat, failed=False, deleted=deleted))
        return t

    def service(self, sender: str, t: int, text: str) -> None:
        contact = sender if sender in CONTACTS_BY_KEY else None
        t += self.rng.randint(0, 999)
        self.msgs.append(dict(
            seq=self._next(), device="android", contact=contact,
            sender=None if contact else sender, outgoing=False, t=t,
            sent_t=t - self.rng.randint(800, 6000), text=text, chat=None, failed=False, deleted=False))

    # -- calls
    def call(self, who: str, t: int, kind: int, duration: int) -> None:
        self.calls.append(dict(seq=self._next(), who=who, t=t, type=kind, duration=duration))

    # -- browsing
    def browse(self, start: int, pages, *, exact: bool = False) -> None:
        t = start
        previous = None
        for url, title, kind in pages:
            seq = self._next()
            term = None
            if url.startswith(_S):
                term = url[len(_S):].replace("+", " ")
            duration = self.rng.randint(4, 360) * 1000 + self.rng.randint(0, 999)
            self.visits.append(dict(seq=seq, url=url, title=title, t=t, kind=kind,
                                    from_seq=previous if kind in ("link", "form") else None,
                                    duration=duration, term=term, exact=exact and previous is None))
            previous = seq
            t += duration + self.rng.randint(2, 40) * 1000


# ---------------------------------------------------------------------------- story


def _story(life: _Life) -> None:
    rng = life.rng
    for day, hhmm, device, contact, lines, deleted in STORY_CHATS:
        life.say(device, contact, _at(day, hhmm, rng.randint(0, 59)), lines, deleted=deleted)
    for day, hhmm, lines in GROUP_CHAT:
        life.say("iphone", "bridgewatch", _at(day, hhmm, rng.randint(0, 59)), lines, chat="bridgewatch")
    for day, hhmm, sender, text in STORY_SERVICES:
        life.service(sender, _at(day, hhmm, rng.randint(0, 59)), text)
    for day, hhmm, who, kind, duration in STORY_CALLS:
        life.call(who, _at(day, hhmm, rng.randint(0, 59)), kind, duration)
    for day, hhmm, pages in STORY_BROWSING:
        life.browse(_at(day, hhmm, rng.randint(0, 59)), pages)
    for when, device, contact, text in EXACT_MESSAGES:
        life.say(device, contact, persona.local_to_ms(when), (("them", text),), exact=True)
    for when, contact, kind in EXACT_CALLS:
        life.call(contact, persona.local_to_ms(when), kind, 0)
    # Reading the reactions at 02:00:00 town time, exactly midnight UTC after the story day.
    life.browse(persona.local_to_ms(datetime(2026, 9, 26, 2, 0, 0)), (
        ("https://www.nationalherald.example/regions/velmora-tender-questions",
         "Questions over Velmora bridge tender | National Herald", "typed"),), exact=True)


def _seeded_story(life: _Life) -> None:
    """The parts of the story whose size the seed decides, so that each variant has its own answers.

    How much of her thread with Kit the owner deleted (one to five conversations from
    :data:`texts.KIT_DELETED`, between 10 and 15 October), how many reactions to her story
    reached the iPhone and how often she re-read it on the day it ran, and how many strangers
    called once (two to twelve numbers from :data:`persona.ONE_OFF_NUMBERS`).
    """
    rng = life.rng
    for lines in rng.sample(texts.KIT_DELETED, rng.randint(1, 5)):
        day = date(2026, 10, rng.randint(10, 15))
        life.say("android", "kit", _random_time(rng, day, 19, 23), lines, deleted=True)
    # The story day (25 September): reactions on the iPhone, and the owner re-reading her story.
    story_day = date(2026, 9, 25)
    for _ in range(rng.randint(1, 6)):
        contact = rng.choice(("tobi", "marta", "boris"))
        life.say("iphone", contact, _random_time(rng, story_day, 9, 21), life.deal("reactions", texts.STORY_REACTIONS))
    for _ in range(rng.randint(0, 6)):
        life.browse(_random_time(rng, story_day, 9, 21), (
            ("https://velmoraledger.example/news/tender-scoring-changed-after-bids-opened",
             "Tender scoring changed after bids were opened | Velmora Ledger", "typed"),))
    for number in rng.sample(persona.ONE_OFF_NUMBERS, rng.randint(2, 12)):
        day = DAYS[rng.randint(1, len(DAYS) - 1)]
        kind = rng.choice((1, 3, 5))
        life.call(number, _random_time(rng, day, 9, 20), kind, rng.randint(8, 90) if kind == 1 else 0)


# ---------------------------------------------------------------------------- everyday messages and calls

# Conversations per day (weekday, weekend) and the hours they happen in.
_CHAT_RATES: dict[str, tuple[float, float, int, int]] = {
    "jonah": (2.2, 1.4, 7, 23),
    "greta": (0.4, 0.6, 9, 21),
    "ruth": (1.0, 0.05, 8, 18),
    "petra": (0.45, 0.05, 9, 18),
    "sami": (0.2, 0.05, 9, 18),
    "hanne": (0.2, 0.35, 10, 22),
    "mika": (0.1, 0.2, 10, 22),
    "crane": (0.03, 0.0, 9, 19),
}
_IPHONE_CHATS: dict[str, tuple[tuple[tuple[str, str], ...], ...]] = {
    "tobi": (
        (("them", "How's my famous sister?"), ("me", "Tired. Famous is a strong word")),
        (("them", "Mum says you have a boyfriend 👀"), ("me", "Mum talks too much")),
        (("them", "Call this weekend? The time difference is killing me"), ("me", "Sunday, your morning?")),
        (("me", "Sent you the article. Tell me honestly"), ("them", "Honestly? Brilliant. And scary")),
    ),
}
_CALL_RATES: dict[str, tuple[float, float, int, int, int, int]] = {
    # key: (weekday rate, weekend rate, first hour, last hour, min s, max s)
    "jonah": (0.8, 0.6, 8, 23, 40, 1500),
    "greta": (0.4, 0.7, 9, 21, 90, 1800),
    "ruth": (0.45, 0.05, 8, 18, 25, 420),
    "petra": (0.1, 0.0, 9, 18, 20, 300),
    "hanne": (0.05, 0.12, 10, 22, 60, 900),
    "tobi": (0.02, 0.15, 14, 22, 300, 2400),
    "taxi": (0.04, 0.08, 7, 23, 20, 70),
    "dana": (0.03, 0.0, 14, 18, 120, 900),
    "+447700900999": (0.04, 0.02, 10, 19, 8, 30),
    "+12025550111": (0.02, 0.02, 10, 19, 8, 30),
}


def _random_time(rng: random.Random, day: date, first_hour: int, last_hour: int) -> int:
    hour = rng.randint(first_hour, last_hour - 1)
    return clock.local_ms(day, hour, rng.randint(0, 59), rng.randint(0, 59))


def _everyday(life: _Life, day: date) -> None:
    rng = life.rng
    weekend = _weekend(day)
    for key, (wd, we, first, last) in _CHAT_RATES.items():
        for _ in range(_times(we if weekend else wd, rng)):
            lines = life.deal(key, texts.CONVERSATIONS[key])
            life.say("android", key, _random_time(rng, day, first, last), lines)
    for key, pool in _IPHONE_CHATS.items():
        for _ in range(_times(0.45 if weekend else 0.2, rng)):
            life.say("iphone", key, _random_time(rng, day, 15, 22), life.deal(key, pool))
    # The warrant's fortnight is busy with both named sources.
    if WARRANT.start_local.date() <= day <= WARRANT.end_local.date():
        for key, device in (("dario", "iphone"), ("ines", "android")):
            for _ in range(_times(0.6, rng)):
                lines = life.deal("filler-" + key, texts.SOURCE_FILLERS)
                life.say(device, key, _random_time(rng, day, 8, 22), lines)
            if rng.random() < 0.15:
                life.call(key, _random_time(rng, day, 8, 22), rng.choice((1, 2, 2, 3)), 0)
    # Card payments, codes and service notices.
    for _ in range(_times(1.3, rng)):
        template = life.deal("KESTRELBK", texts.SERVICE_TEXTS["KESTRELBK"])
        text = template.format(
            amount=f"{rng.randint(2, 90)}.{rng.randint(0, 99):02d}",
            merchant=rng.choice(texts.SLOTS["merchant"]),
            balance=f"{rng.randint(40, 1900):,}.{rng.randint(0, 99):02d}",
            code=f"{rng.randint(100000, 999999)}",
        )
        life.service("KESTRELBK", _random_time(rng, day, 8, 22), text)
    for sender, rate in (("PARCELGO", 0.07), ("NETCELL", 0.04)):
        for _ in range(_times(rate, rng)):
            life.service(sender, _random_time(rng, day, 8, 20), life.deal(sender, texts.SERVICE_TEXTS[sender]))
    # Calls.
    for who, (wd, we, first, last, shortest, longest) in _CALL_RATES.items():
        for _ in range(_times(we if weekend else wd, rng)):
            roll = rng.random()
            unknown = who.startswith("+")
            if unknown:
                kind = 5 if roll < 0.5 else (3 if roll < 0.8 else 1)
            else:
                kind = 2 if roll < 0.46 else (1 if roll < 0.85 else (3 if roll < 0.97 else 5))
            duration = rng.randint(shortest, longest) if kind in (1, 2) else 0
            life.call(who, _random_time(rng, day, first, last), kind, duration)


# ---------------------------------------------------------------------------- everyday browsing


def _slug(text: str) -> str:
    return "-".join("".join(ch for ch in word.lower() if ch.isalnum()) for word in text.split())


def _everyday_browsing(life: _Life, day: date) -> None:
    rng = life.rng
    weekend = _weekend(day)
    if rng.random() < 0.75:  # the morning news
        pages = [("https://velmoraledger.example/", "Velmora Ledger - News from Velmora", "typed")]
        for headline in rng.sample(texts.NEWS_HEADLINES, rng.randint(0, 2)):
            pages.append((f"https://velmoraledger.example/news/{_slug(headline)}",
                          f"{headline} | Velmora Ledger", "link"))
        if rng.random() < 0.4:
            pages.append(("https://weather.example.com/forecast/velmora", "Velmora - 10-day forecast", "typed"))
        life.browse(_random_time(rng, day, 7, 9), pages)
    if not weekend and rng.random() < 0.9:  # at work
        pages = []
        for _ in range(rng.randint(1, 4)):
            story_id = rng.randint(4100, 4999)
            pages.append((f"https://cms.velmoraledger.example/editor/story/{story_id}",
                          f"Edit story {story_id} - Ledger CMS", "typed"))
        if rng.random() < 0.5:
            pages.append(("https://www.velmora.example/notices", "Public notices | Municipality of Velmora", "typed"))
        if rng.random() < 0.35:
            term = rng.choice(texts.EVERYDAY_SEARCHES)
            pages.append((_S + quote_plus(term), f"{term} - Search", "search"))
        life.browse(_random_time(rng, day, 9, 17), pages)
    if rng.random() < (0.7 if weekend else 0.5):  # the evening
        choice = rng.random()
        if choice < 0.35:
            recipe = rng.choice(texts.RECIPES)
            pages = [(_S + quote_plus(recipe.replace("-", " ") + " recipe"),
                      f"{recipe.replace('-', ' ')} recipe - Search", "search"),
                     (f"https://recipes.example.net/{recipe}",
                      f"{recipe.replace('-', ' ').capitalize()} | Recipes", "link")]
        elif choice < 0.6:
            headline = rng.choice(texts.NEWS_HEADLINES)
            pages = [("https://www.nationalherald.example/", "National Herald", "typed"),
                     (f"https://www.nationalherald.example/regions/{_slug(headline)}",
                      f"{headline} | National Herald", "link")]
        elif choice < 0.8:
            pages = [("https://shop.example.com/", "Shop", "typed"),
                     ("https://shop.example.com/basket", "Your basket | Shop", "link")]
        else:
            term = rng.choice(texts.EVERYDAY_SEARCHES)
            pages = [(_S + quote_plus(term), f"{term} - Search", "search")]
        life.browse(_random_time(rng, day, 19, 23), pages)


# ---------------------------------------------------------------------------- whereabouts

_WIFI_PLACES = frozenset({"home", "partner", "newsroom", "mum"})
# Chance per stay that a camera photo is taken there.
_PHOTO_CHANCE = {"partner": 0.22, "park": 0.45, "mum": 0.45, "bar": 0.25, "market": 0.1,
                 "newsroom": 0.05, "home": 0.04}


def _plan_day(rng: random.Random, day: date, woke_at: str, night_at: str) -> list[tuple[str, int, int]]:
    """Where the owner is on one day: (place, start minute, end minute) in town time."""
    if day in STORY_DAYS:
        plan = []
        for place, start, end in STORY_DAYS[day]:
            s = 0 if not start else _hm(start)[0] * 60 + _hm(start)[1]
            e = 24 * 60 if not end else _hm(end)[0] * 60 + _hm(end)[1]
            plan.append((woke_at if (place == "home" and not start) else place, s, e))
        if plan[0][1] > 0:
            plan.insert(0, (woke_at, 0, plan[0][1] - rng.randint(15, 30)))
        return plan

    plan: list[tuple[str, int, int]] = []
    weekend = _weekend(day)
    leave = (rng.randint(9 * 60 + 30, 11 * 60 + 30) if weekend else rng.randint(8 * 60 + 5, 8 * 60 + 45))
    plan.append((woke_at, 0, leave))
    cursor = leave + rng.randint(12, 25)
    if not weekend:
        lunch = rng.randint(12 * 60, 12 * 60 + 40)
        if rng.random() < 0.35:
            errand = rng.choice(("town_hall", "town_hall", "park", "market"))
            plan.append(("newsroom", cursor, lunch))
            back = lunch + rng.randint(35, 80)
            plan.append((errand, lunch + 8, back))
            cursor = back + 10
        end_work = rng.randint(17 * 60, 18 * 60 + 10)
        plan.append(("newsroom", cursor, end_work))
        cursor = end_work + rng.randint(10, 25)
        options = [("gym", 0.2), ("market", 0.3)]
        if day.weekday() == 4:
            options.append(("bar", 0.6))
        else:
            options.append(("bar", 0.08))
    else:
        if day.weekday() == 6 and rng.random() < 0.6:
            start = max(cursor, 12 * 60 + rng.randint(0, 40))
            end = 16 * 60 + rng.randint(0, 50)
            plan.append(("mum", start, end))
            cursor = end + rng.randint(25, 40)
        options = [("market", 0.5 if day.weekday() == 5 else 0.1), ("park", 0.45),
                   ("bar", 0.4 if day.weekday() == 5 else 0.05)]
    for place, chance in options:
        if rng.random() < chance and cursor < 21 * 60:
            length = rng.randint(30, 150)
            plan.append((place, cursor, cursor + length))
            cursor += length + rng.randint(10, 25)
    plan.append((night_at, max(cursor, 18 * 60 + rng.randint(0, 90)), 24 * 60))
    return plan


def _local_minute(day: date, minute: int) -> int:
    """Unix ms of a minute of a town-time day (1440 = the next midnight); right across the clock change."""
    if minute >= 24 * 60:
        return clock.local_ms(day + timedelta(days=1), 0, 0)
    return clock.local_ms(day, minute // 60, minute % 60)


def _jitter(rng: random.Random, place_key: str, accuracy: int) -> tuple[int, int]:
    place = PLACES_BY_KEY[place_key]
    # 1 m is about 9 millionths of a degree of latitude, 12.6 of longitude here.
    return (place.lat_e6 + rng.randint(-accuracy * 4, accuracy * 4),
            place.lon_e6 + rng.randint(-accuracy * 6, accuracy * 6))


def _fix_source(rng: random.Random, place_key: str) -> tuple[str, int]:
    if place_key in _WIFI_PLACES and rng.random() < 0.7:
        return "wifi", rng.randint(10, 30)
    if rng.random() < 0.7:
        return "gps", rng.randint(4, 16)
    return "network", rng.randint(25, 90)


def _whereabouts(life: _Life) -> None:
    rng = life.rng
    nights_at_partner = {d for d in DAYS if rng.random() < 0.33}
    nights_at_partner.add(date(2026, 10, 10))
    nights_at_partner.discard(LAST_DAY)  # seized at home the next morning
    for d in STORY_DAYS:
        if STORY_DAYS[d][-1][0] == "home":
            nights_at_partner.discard(d)
    woke_at = "home"
    previous: tuple[str, int, int, int] | None = None  # place, lat, lon of last fix; end of that stay
    for day in DAYS:
        night_at = "partner" if day in nights_at_partner else "home"
        plan = _plan_day(rng, day, woke_at, night_at)
        for place, start_min, end_min in plan:
            start, end = _local_minute(day, start_min), _local_minute(day, end_min)
            if day == LAST_DAY and end_min == 24 * 60:
                end = SEIZED_MS  # the last stay runs until the police arrive
            # travelling: one or two fixes on the straight line from the last place,
            # between leaving it and arriving here
            if previous and previous[0] != place and start > previous[3]:
                target = PLACES_BY_KEY[place]
                steps = rng.randint(1, 2)
                for k in range(1, steps + 1):
                    t = previous[3] + (start - previous[3]) * k // (steps + 1)
                    lat = previous[1] + (target.lat_e6 - previous[1]) * k // (steps + 1)
                    lon = previous[2] + (target.lon_e6 - previous[2]) * k // (steps + 1)
                    life.points.append(dict(seq=life._next(), t=t, lat=lat, lon=lon,
                                            acc=rng.randint(5, 20), source="gps", place=None))
            t = start + rng.randint(0, 5) * 60_000
            while t < end:
                source, acc = _fix_source(rng, place)
                lat, lon = _jitter(rng, place, acc)
                life.points.append(dict(seq=life._next(), t=t, lat=lat, lon=lon, acc=acc,
                                        source=source, place=place))
                previous = (place, lat, lon, end)
                night = clock.to_local(t).hour < 7
                t += (rng.randint(55, 95) if night else rng.randint(15, 45)) * 60_000 + rng.randint(0, 59_999)
            if previous is None or previous[0] != place:  # a stay too short for a fix
                previous = (place, PLACES_BY_KEY[place].lat_e6, PLACES_BY_KEY[place].lon_e6, end)
            chance = _PHOTO_CHANCE.get(place, 0.02)
            if end - start > 20 * 60_000 and rng.random() < chance and start_min >= 7 * 60:
                for _ in range(rng.randint(1, 3)):
                    taken = start + rng.randint(5 * 60_000, end - start - 60_000)
                    if clock.to_local(taken).hour >= 7:
                        life.photos.append(dict(seq=life._next(), t=taken, place=place, camera=True,
                                                category=persona.category_of_place(place)))
        woke_at = night_at
    # Story photos: the pages shown at the café, the front page, the march.
    cafe = date(2026, 9, 17)
    for hhmm, second in (("19:32", 10), ("19:32", 41), ("19:33", 5)):
        life.photos.append(dict(seq=life._next(), t=_at(cafe, hhmm, second), place="cafe",
                                camera=True, category="source"))
    life.photos.append(dict(seq=life._next(), t=_at(date(2026, 9, 25), "09:52", 12), place="newsroom",
                            camera=True, category="work"))
    march = date(2026, 10, 10)
    for _ in range(14):
        minute = rng.randint(14 * 60 + 32, 18 * 60 + 5)
        life.photos.append(dict(seq=life._next(), t=_at(march, f"{minute // 60:02d}:{minute % 60:02d}",
                                                        rng.randint(0, 59)),
                                place="bridge", camera=True, category="political"))
    # Screenshots: no camera, no GPS.
    for day in DAYS:
        if rng.random() < 0.18:
            life.photos.append(dict(seq=life._next(), t=_random_time(rng, day, 8, 23), place=None,
                                    camera=False, category="everyday"))
    life.photos.append(dict(seq=life._next(), t=_at(date(2026, 9, 25), "07:36", 40), place=None,
                            camera=False, category="work"))


# ---------------------------------------------------------------------------- installed apps

_PERMS_COMMON = ("android.permission.INTERNET", "android.permission.ACCESS_NETWORK_STATE")
_APPS: tuple[tuple[str, str, str, int, bool, str, tuple[str, ...]], ...] = (
    # package, label, versionName, versionCode, system, install day (or "" = setup), extra permissions
    ("android", "Android System", "14", 34, True, "", ()),
    ("com.android.phone", "Phone Services", "14", 34, True, "", ("android.permission.READ_PHONE_STATE",)),
    ("com.android.providers.telephony", "Phone and Messaging Storage", "14", 34, True, "", ()),
    ("com.android.providers.contacts", "Contacts Storage", "14", 34, True, "", ()),
    ("com.android.dialer", "Phone", "14.2", 1402, True, "",
     ("android.permission.CALL_PHONE", "android.permission.READ_CALL_LOG", "android.permission.READ_CONTACTS")),
    ("com.android.messaging", "Messages", "14.1", 1401, True, "",
     ("android.permission.READ_SMS", "android.permission.SEND_SMS", "android.permission.RECEIVE_SMS")),
    ("com.android.contacts", "Contacts", "14.0", 1400, True, "", ("android.permission.READ_CONTACTS",)),
    ("com.android.camera2", "Camera", "14.0", 1400, True, "",
     ("android.permission.CAMERA", "android.permission.ACCESS_FINE_LOCATION")),
    ("com.android.gallery3d", "Gallery", "14.0", 1400, True, "", ("android.permission.READ_MEDIA_IMAGES",)),
    ("com.android.settings", "Settings", "14", 34, True, "", ()),
    ("com.android.deskclock", "Clock", "14.0", 1400, True, "", ()),
    ("com.android.calendar", "Calendar", "14.0", 1400, True, "", ("android.permission.READ_CALENDAR",)),
    ("com.android.chrome", "Chrome", "129.0", 6601, True, "", ()),
    ("com.android.vending", "App Store", "41.2", 4120, True, "", ()),
    ("org.example.ledger", "Velmora Ledger", "3.4.1", 341, False, "2026-09-01", ()),
    ("com.example.kestrelbank", "Kestrel Bank", "8.12.0", 812, False, "2026-09-01",
     ("android.permission.CAMERA", "android.permission.USE_BIOMETRIC")),
    ("net.example.weather", "Weather", "5.0.3", 503, False, "2026-09-01",
     ("android.permission.ACCESS_COARSE_LOCATION",)),
    ("com.example.transit", "Velmora Buses", "2.1.0", 210, False, "2026-09-02",
     ("android.permission.ACCESS_FINE_LOCATION",)),
    ("com.example.cyclediary", "Cycle Diary", "6.3.2", 632, False, "2026-09-02", ()),
    ("com.example.sleeptracker", "Sleep Tracker", "1.9.0", 190, False, "2026-09-20",
     ("android.permission.RECORD_AUDIO", "android.permission.ACTIVITY_RECOGNITION")),
    ("com.example.recorder", "Voice Recorder", "4.0.1", 401, False, "2026-09-03", ("android.permission.RECORD_AUDIO",)),
    ("com.example.notes", "Notes", "7.2.0", 720, False, "2026-09-01", ()),
    ("com.example.podcasts", "Podcasts", "3.3.3", 333, False, "2026-09-05", ()),
    ("org.example.securechat", "Whisperline", "6.41.2", 6412, False, "2026-09-09",
     ("android.permission.READ_CONTACTS", "android.permission.RECORD_AUDIO", "android.permission.CAMERA")),
    ("org.example.bridgewatch", "Bridge Watch", "1.0.4", 104, False, "2026-10-04",
     ("android.permission.ACCESS_FINE_LOCATION",)),
    ("com.example.safetunnel", "SafeTunnel VPN", "2.8.0", 280, False, "2026-10-17",
     ("android.permission.BIND_VPN_SERVICE",)),
)
_SUSPICIOUS_PERMS = (
    "android.permission.READ_SMS", "android.permission.RECEIVE_SMS", "android.permission.READ_CALL_LOG",
    "android.permission.READ_CONTACTS", "android.permission.ACCESS_FINE_LOCATION",
    "android.permission.ACCESS_BACKGROUND_LOCATION", "android.permission.RECORD_AUDIO",
    "android.permission.CAMERA", "android.permission.READ_EXTERNAL_STORAGE",
    "android.permission.RECEIVE_BOOT_COMPLETED", "android.permission.FOREGROUND_SERVICE",
)


def _apps(rng: random.Random) -> tuple[App, ...]:
    setup = SETUP_MS
    apps = []
    for user_id, (package, label, vname, vcode, system, day, extra) in enumerate(_APPS, start=10100):
        if day:
            d = date.fromisoformat(day)
            first = clock.local_ms(d, rng.randint(9, 21), rng.randint(0, 59), rng.randint(0, 59))
            if d == date(2026, 9, 1):
                first = setup + rng.randint(20, 90) * 60_000 + rng.randint(0, 59_999)
        else:
            first = setup + rng.randint(0, 3000)
        updated = first
        if package in ("com.android.chrome", "com.example.kestrelbank", "org.example.securechat"):
            update_day = date(2026, 10, 1) + timedelta(days=rng.randint(0, 20))
            updated = clock.local_ms(update_day, 3, rng.randint(10, 50), rng.randint(0, 59))
        apps.append(App(
            package=package, label=label, version_name=vname, version_code=vcode,
            installer=None if system else "com.android.vending",
            initiator="android" if system else "com.android.vending",
            first_install=first, last_update=updated, user_id=1000 if package == "android" else user_id,
            system=system, permissions=_PERMS_COMMON + extra if package != "android" else (),
        ))
    installed = persona.local_to_ms(persona.SUSPICIOUS_INSTALL_LOCAL)
    apps.append(App(
        package=persona.SUSPICIOUS_PACKAGE, label="Update Service", version_name="1.0", version_code=1,
        installer=None, initiator="com.android.shell", first_install=installed, last_update=installed,
        user_id=10100 + len(_APPS), system=False, permissions=_PERMS_COMMON + _SUSPICIOUS_PERMS,
    ))
    return tuple(apps)


# ============================================================================ assembling


def _finish_messages(life: _Life) -> tuple[Message, ...]:
    rng = life.rng
    out: list[Message] = []
    for device in ("android", "iphone"):
        drafts = sorted((m for m in life.msgs if m["device"] == device), key=lambda m: (m["t"], m["seq"]))
        for number, m in enumerate(drafts, start=1):
            if m["chat"]:
                contact = None
                address = CONTACTS_BY_KEY[m["sender"]].phone if m["sender"] else persona.OWNER.apple_id
                category = "political"
            elif m["contact"]:
                contact_obj = CONTACTS_BY_KEY[m["contact"]]
                contact = contact_obj.key
                # Boris writes from an e-mail address on iMessage.
                address = (contact_obj.email if (device == "iphone" and contact == "boris")
                           else contact_obj.phone) or ""
                category = contact_obj.category
            else:
                contact = None
                address = m["sender"]
                category = persona.SENDER_IDS[address]
            read_t = 0
            if not m["outgoing"] and m["t"] < _UNREAD_AFTER:  # the last night's messages stay unread
                read_t = min(m["t"] + rng.randint(5, 3600) * 1000, _UNREAD_AFTER)
            out.append(Message(
                id=number, device=device, address=address, contact=contact,
                sender=m["sender"] if m["chat"] else None, outgoing=m["outgoing"], t=m["t"],
                sent_t=m["sent_t"], read_t=read_t, text=m["text"], chat=m["chat"], failed=False,
                category=category, in_scope=WARRANT.covers(contact, m["t"]), deleted=m["deleted"],
            ))
    return tuple(out)


def _finish_calls(life: _Life) -> tuple[Call, ...]:
    drafts = sorted(life.calls, key=lambda c: (c["t"], c["seq"]))
    out = []
    for number, c in enumerate(drafts, start=1):
        who = c["who"]
        if who in CONTACTS_BY_KEY:
            contact: str | None = who
            phone = CONTACTS_BY_KEY[who].phone or ""
        else:
            contact, phone = None, who
        out.append(Call(
            id=number, number=phone, contact=contact, t=c["t"], duration_s=c["duration"], type=c["type"],
            presentation=1 if phone else 2, category=persona.category_of_address(phone) if phone else "unknown",
            in_scope=WARRANT.covers(contact, c["t"]),
        ))
    return tuple(out)


def _finish_visits(life: _Life) -> tuple[Visit, ...]:
    drafts = sorted(life.visits, key=lambda v: (v["t"], v["seq"]))
    ids = {v["seq"]: i for i, v in enumerate(drafts, start=1)}
    return tuple(
        Visit(id=ids[v["seq"]], url=v["url"], title=v["title"], t=v["t"], transition=TRANSITIONS[v["kind"]],
              from_visit=ids.get(v["from_seq"], 0), duration_ms=v["duration"], search_term=v["term"],
              category=persona.category_of_url(v["url"]), exact=v["exact"])
        for v in drafts
    )


def _finish_points(life: _Life) -> tuple[LocationPoint, ...]:
    drafts = sorted((p for p in life.points if p["t"] < SEIZED_MS), key=lambda p: (p["t"], p["seq"]))
    return tuple(
        LocationPoint(id=i, t=p["t"], lat_e6=p["lat"], lon_e6=p["lon"], accuracy_m=p["acc"],
                      source=p["source"], place=p["place"],
                      category=persona.category_of_place(p["place"]) if p["place"] else "everyday")
        for i, p in enumerate(drafts, start=1)
    )


def _finish_photos(life: _Life) -> tuple[Photo, ...]:
    rng = life.rng
    drafts = sorted(life.photos, key=lambda p: (p["t"], p["seq"]))
    out, names = [], set()
    for i, p in enumerate(drafts, start=1):
        local = clock.to_local(p["t"])
        if p["camera"]:
            name = local.strftime("IMG_%Y%m%d_%H%M%S")
            ext = ".jpg"
        else:
            name = local.strftime("Screenshot_%Y%m%d-%H%M%S")
            ext = ".png"
        candidate, n = name + ext, 1
        while candidate in names:  # two shots in the same second get a suffix, as cameras do
            candidate, n = f"{name}_{n}{ext}", n + 1
        names.add(candidate)
        lat = lon = None
        if p["camera"] and p["place"]:
            lat, lon = _jitter(rng, p["place"], 8)
        out.append(Photo(id=i, file_name=candidate, t=p["t"], lat_e6=lat, lon_e6=lon, camera=p["camera"],
                         place=p["place"], category=p["category"]))
    return tuple(out)


def build_timeline(seed: int = DEFAULT_SEED) -> Timeline:
    """Simulate the two months of the fictional life for a seed.

    Pure: the same seed always gives an equal :class:`Timeline`.
    """
    life = _Life(seed)
    _story(life)
    for day in DAYS:
        _everyday(life, day)
        _everyday_browsing(life, day)
    _whereabouts(life)
    _seeded_story(life)
    # The new phone was set up on the first morning: whatever the dice put before that
    # never happened on it (older messages stayed on the old phone).
    for records in (life.msgs, life.calls, life.visits, life.points, life.photos):
        records[:] = [r for r in records if r["t"] >= SETUP_MS + 30 * 60_000 or r.get("device") == "iphone"]
    apps = _apps(life.rng)
    return Timeline(
        seed=seed,
        messages=_finish_messages(life),
        calls=_finish_calls(life),
        visits=_finish_visits(life),
        locations=_finish_points(life),
        photos=_finish_photos(life),
        apps=apps,
    )


# ============================================================================ ground truth


def ground_truth(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """One row per generated record with what an examiner is meant to discover.

    Columns: ``artifact`` (``android_sms``, ``ios_message``, ``android_call``,
    ``chrome_visit``, ``location``, ``photo``, ``android_contact``), ``record_id``
    (the row's id in its own file: ``sms._id``, ``message.ROWID``, ``calls._id``,
    ``visits.id``, ``point_id``, the photo's file name, or for an address-book
    entry its number or e-mail address, timed by its last edit), ``time_utc``, ``contact`` (persona
    key or empty), ``place`` (persona place key, locations and photos only),
    ``category``, ``sensitive``, ``in_warrant_scope`` and ``deleted``.
    """
    tl = build_timeline(seed)
    rows: list[dict[str, object]] = []

    def add(artifact: str, record_id: object, t: int, contact: str | None, category: str,
            in_scope: bool = False, deleted: bool = False, place: str | None = None) -> None:
        rows.append(dict(artifact=artifact, record_id=record_id, time_utc=clock.iso_utc(t),
                         contact=contact or "", place=place or "", category=category,
                         sensitive=category in SENSITIVE_CATEGORIES,
                         in_warrant_scope=in_scope, deleted=deleted))

    for m in tl.messages:
        artifact = "android_sms" if m.device == "android" else "ios_message"
        add(artifact, m.id, m.t, m.contact or m.sender, m.category, m.in_scope, m.deleted)
    for c in tl.calls:
        add("android_call", c.id, c.t, c.contact, c.category, c.in_scope)
    for v in tl.visits:
        add("chrome_visit", v.id, v.t, None, v.category)
    for p in tl.locations:
        add("location", p.id, p.t, None, p.category, place=p.place)
    for ph in tl.photos:
        add("photo", ph.file_name, ph.t, None, ph.category, place=ph.place)
    from .android import contact_updated  # (android imports this module)
    for index, c in enumerate(persona.CONTACTS, start=1):  # one row per address in the address book
        for address in (c.phone, c.email):
            if address:
                add("android_contact", address, contact_updated(index, c), c.key, c.category)
    frame = pd.DataFrame(rows)
    frame["time_utc"] = pd.to_datetime(frame["time_utc"], utc=True)
    return frame
