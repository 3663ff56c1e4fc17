"""The words of the fictional life: everyday conversations the generator draws from.

A conversation is a tuple of ``(speaker, text)`` lines; ``"me"`` is the phone's
owner, ``"them"`` the other person (in the group chat, a contact key). Words in
braces are filled from :data:`SLOTS` by the seeded generator, so the same seed
always picks the same words.

Story messages that must happen on a given day (the leak, the protest, the
doctor, the deleted messages) are not here: they are in ``timeline.py``, next
to the dates they belong to.
"""

from __future__ import annotations

Line = tuple[str, str]
Conversation = tuple[Line, ...]

SLOTS: dict[str, tuple[str, ...]] = {
    "meal": ("risotto", "that lentil soup you like", "dumplings", "fish and potatoes",
             "pasta with walnuts", "a curry", "pancakes, don't judge"),
    "time": ("10:30", "11:00", "11:15", "14:00", "15:30"),
    "beat": ("council vote", "school roof repairs", "market fire", "bus strike",
             "flood defences", "library closure", "harvest festival", "parking fees row"),
    "film": ("the Danish thriller", "the documentary about the lighthouse", "a comedy, anything",
             "the old black-and-white one"),
    "merchant": ("Corner Market", "The Lantern", "Bakery Holm", "Velmora Taxi",
                 "Rail Ticket Office", "Hollis Gym", "Paper & Ink", "Riverside Pharmacy"),
}

# Each bank is keyed by contact key (or sender ID). Weights: how often the
# generator starts a conversation with them, per day, on a weekday / weekend day.

CONVERSATIONS: dict[str, tuple[Conversation, ...]] = {
    "jonah": (
        (("them", "Morning you. Sleep ok?"), ("me", "Not really, the council story kept me up"),
         ("them", "Coffee at lunch? I'll come to yours")),
        (("me", "Running late, sorry. 20 min"), ("them", "No rush, I'm reading")),
        (("them", "Dinner at mine tonight? I'm making {meal}"), ("me", "Yes please. Bringing wine"),
         ("them", "❤️")),
        (("me", "Miss you today"), ("them", "Miss you more. Come over after work?"),
         ("me", "Yes. 7ish")),
        (("me", "Last night was lovely"), ("them", "It was. Stay again tonight?"),
         ("me", "Can't, deadline. Tomorrow?"), ("them", "Tomorrow 🙂")),
        (("them", "Have you thought more about moving in?"),
         ("me", "I have. Let's talk this weekend, properly"), ("them", "Ok. No pressure x")),
        (("me", "Can you grab milk on your way?"), ("them", "Done")),
        (("them", "Are we still on for {film} on Saturday?"), ("me", "Yes! 8pm?"),
         ("them", "8pm")),
        (("them", "Goodnight, love"), ("me", "Night x")),
        (("me", "Home. Exhausted"), ("them", "Bath and bed. Call you tomorrow")),
        (("me", "Sorry about this morning. I was stressed"),
         ("them", "I know. It's fine. Love you"), ("me", "Love you too")),
        (("them", "Thinking about you"), ("me", "Same. Counting the hours")),
        (("them", "My sister asked if you're coming to her birthday"),
         ("me", "Of course. What do we bring?"), ("them", "Just you")),
        (("me", "Left my charger at yours again"), ("them", "Hostage. Come and get it 😏")),
    ),
    "greta": (
        (("them", "Hello darling, are you eating properly?"), ("me", "Yes Mum 🙂"),
         ("them", "Come for lunch on Sunday. Your aunt is visiting")),
        (("them", "Did you see the weather? Take a coat"), ("me", "I will")),
        (("me", "Can I come Sunday around 1?"), ("them", "Of course. I'll make the plum cake")),
        (("them", "Your father's blood pressure is better, the doctor says"),
         ("me", "That's good news. Give him a hug from me")),
        (("them", "Jonah seems lovely. When are you bringing him again?"), ("me", "Soon, Mum")),
        (("them", "Call me when you have a minute"), ("me", "Will call tonight")),
        (("them", "The neighbour's cat had kittens. Do you want one?"), ("me", "No, Mum.")),
        (("me", "Did the parcel arrive?"), ("them", "Yes, the scarf is beautiful. Thank you")),
    ),
    "ruth": (
        (("them", "Morning meeting moved to {time}"), ("me", "Ok")),
        (("them", "Can you do 500 words on the {beat} by 4?"), ("me", "On it")),
        (("me", "Filed. It's in the queue"), ("them", "Thanks, reading now")),
        (("them", "Good piece today. Readers are sharing it"), ("me", "Thank you!")),
        (("me", "Working from home this morning, back by 12"), ("them", "Fine")),
        (("them", "Can you cover the {beat} press conference at {time}?"), ("me", "Yes, I'll go")),
        (("them", "Headline on your piece is too long. Can you cut it?"), ("me", "Done, check now")),
    ),
    "petra": (
        (("them", "Lunch? Canteen or the bakery?"), ("me", "Bakery. 12:30")),
        (("them", "Do you have the council press officer's email?"), ("me", "Sending it now")),
        (("them", "Heard shouting in the mayor's corridor today. Something's up"),
         ("me", "Interesting. Tell me later")),
        (("me", "Can you swap the Saturday shift with me?"), ("them", "If you take my Tuesday")),
        (("them", "Coffee machine is broken again"), ("me", "Civilisation is over")),
    ),
    "sami": (
        (("them", "Photos from the {beat} are on the server"), ("me", "Great, thanks")),
        (("me", "Can you shoot the {beat} on Saturday?"), ("them", "Sure")),
        (("them", "Need a portrait of you for the byline. 5 min?"), ("me", "Ugh. Fine")),
    ),
    "hanne": (
        (("them", "Drinks Friday at The Lantern?"), ("me", "Yes! 8?"), ("them", "Perfect")),
        (("them", "Saw your article, so brave"), ("me", "Thanks love")),
        (("them", "How are things with Jonah?"), ("me", "Really good actually. Scary good")),
        (("them", "Yoga tomorrow 7am?"), ("me", "Too early for me 😅")),
        (("me", "Walk in the park Sunday?"), ("them", "Yes, 10 at the gate")),
    ),
    "mika": (
        (("them", "Board games at mine on Thursday?"), ("me", "In")),
        (("them", "Are you going to the bridge march?"), ("me", "Covering it. And going, I suppose")),
        (("me", "Still have my umbrella?"), ("them", "Maybe. Probably. Yes")),
    ),
    "crane": (
        (("them", "Hello Ilka, a reminder that rent is due on Friday. Thanks, A. Crane"),
         ("me", "Thank you, will transfer Thursday")),
        (("them", "The plumber will come on Tuesday morning to look at the boiler"),
         ("me", "Ok, I'll leave the key with the neighbour")),
    ),
    "pharmacy": (
        (("them", "Riverside Pharmacy: your repeat prescription is ready for collection."),),
    ),
    "nora": (
        (("them", "Thanks for covering us. Anything you need for the piece?"),
         ("me", "Numbers. How many marshals, how many people expected")),
    ),
}

# One-line messages from services (sender IDs). ``{amount}`` and ``{balance}`` are
# euro amounts; ``{code}`` a six-digit code (never longer: longer digit runs look
# like phone numbers to the fiction scan).
SERVICE_TEXTS: dict[str, tuple[str, ...]] = {
    "KESTRELBK": (
        "Kestrel Bank: card payment €{amount} at {merchant}. Available balance €{balance}.",
        "Kestrel Bank: card payment €{amount} at {merchant}. Available balance €{balance}.",
        "Kestrel Bank: card payment €{amount} at {merchant}. Available balance €{balance}.",
        "Your Kestrel Bank code is {code}. Never share this code, not even with us.",
    ),
    "PARCELGO": (
        "PARCELGO: your parcel will be delivered today between 10:00 and 14:00.",
        "PARCELGO: we could not deliver your parcel. It is waiting at Corner Market.",
    ),
    "NETCELL": (
        "NETCELL: you have used 80% of your monthly data.",
        "NETCELL: your bill for this month is ready in the app.",
    ),
}

# Short fillers for source chats inside the leak fortnight: the conversations in
# the warrant's window are busier than the rest of the life, as a real story is.
SOURCE_FILLERS: tuple[Conversation, ...] = (
    (("them", "Ok."),),
    (("them", "Are you there?"), ("me", "Yes. Not now, in a meeting")),
    (("me", "All fine on your side?"), ("them", "So far")),
    (("them", "Call you later"), ("me", "Ok")),
    (("me", "Got it, thank you"),),
    (("them", "Can't talk today"), ("me", "Understood")),
    (("me", "Did you see the notice on the tender page?"), ("them", "Yes. They changed the date")),
    (("them", "Quiet here. Too quiet"), ("me", "Keep your head down")),
)

# Searches typed into Chrome on ordinary days (the story's searches are in timeline.py).
# The middle of the thread with Kit, the police source, which the owner deleted before the
# seizure. The seed decides how many of these conversations took place; every line is unique,
# so a carved text can be matched against the live table.
KIT_DELETED: tuple[Conversation, ...] = (
    (("them", "The vendor's trainer is here all week. They keep the laptops in a locked room."),),
    (("them", "Overheard the word 'pilot'. Five phones a week to start with."),
     ("me", "Whose phones?"),
     ("them", "Didn't say. People 'of interest'.")),
    (("me", "Is there a written policy for the new machine?"),
     ("them", "If there is, nobody on my floor has seen it.")),
    (("them", "The invoice went through as 'IT maintenance'. That's all I know."),),
    (("them", "They asked for a list of journalists who cover the council."),
     ("me", "Am I on it?"),
     ("them", "I couldn't see.")),
    (("me", "Can we speak in person next week?"),
     ("them", "Not yet. Give it a few days.")),
    (("them", "Someone in records asked me why I was in the evidence store."),
     ("me", "Are you in trouble?"),
     ("them", "No. I had a reason to be there. Still.")),
)

# Reactions on the iPhone to the story on the day it ran; the seed decides how many came.
STORY_REACTIONS: tuple[Conversation, ...] = (
    (("them", "Front page! Sending it to everyone I know."), ("me", "Please don't send it to Mum's whole choir")),
    (("them", "Congratulations. If anyone contacts you about the story, call me before you answer."),
     ("me", "Will do. Thank you.")),
    (("them", "Good piece. Careful, the mayor's people are angry."),),
    (("them", "Read it twice. Proud of you."), ("me", "Thank you, that means a lot")),
    (("them", "The radio is talking about your story."),),
    (("me", "Did you see it?"), ("them", "Everyone saw it.")),
)

EVERYDAY_SEARCHES: tuple[str, ...] = (
    "velmora weather weekend", "lentil soup recipe", "bus timetable velmora brenna",
    "how long to boil an egg", "cinema velmora this week", "cheap flights autumn",
    "boiler pressure too low", "best rain jacket", "library opening hours velmora",
    "how to cut a long headline", "synonym for controversial", "train to the coast",
)

NEWS_HEADLINES: tuple[str, ...] = (
    "Council approves new parking fees", "School roof repairs delayed again",
    "Market fire: traders count the cost", "Bus drivers announce strike",
    "Flood defences: who pays?", "Library to close on Mondays",
    "Harvest festival draws record crowds", "Mayor defends budget",
)

RECIPES: tuple[str, ...] = (
    "lentil-soup", "plum-cake", "walnut-pasta", "vegetable-curry", "potato-dumplings",
    "baked-fish", "pancakes",
)
