"""Generated two-party conversations for split-contact detection (no Django: bench and tests share it).

`innocent(rng)`: a client and a freelancer haggling over prices, dates, times, order numbers,
quantities, scores, version numbers and hours, both sides, with bare numbers too ("450?", "ok 1200").
`split(rng)`: the same kind of conversation with one contact detail sent in pieces by the freelancer:
a phone number split 2-4 ways (with or without a cue, with filler and the client's replies between),
an email split at the @ and at the dot, a messenger handle ("telegram" / "@name").

`simulate(conversation)` replays the freelancer's messages through the chat path's rules (each message
scanned alone, then with the freelancer's earlier stored messages in the window; a refused message is
not stored) and says whether a split was caught and where.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

A, B = "freelancer", "client"
WINDOW = 20  # MESSAGING_SPLIT_MAX_MESSAGES

FILLER = [
    "ok", "sounds good", "thanks!", "great", "let me check", "sure", "perfect", "got it", "one sec",
    "hmm", "yes", "no problem", "cool", "alright", "I see", "makes sense", "that works for me",
    "can you share more details about the project?", "I have done similar work before",
    "let me know what you think", "I'll get back to you shortly", "what about the design?",
    "do you have a deadline?", "happy to help", "I can start tomorrow", "ok great",
]
MONTHS = ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]


def _price(rng: random.Random) -> str:
    value = rng.choice([rng.randrange(50, 5000, 50), rng.randrange(15, 999), rng.randrange(1000, 20000, 100)])
    return str(value)


def _innocent_line(rng: random.Random) -> str:
    p = _price(rng)
    n = rng.randint(1, 30)
    templates: list[Callable[[], str]] = [
        lambda: f"I can do it for ${p}",
        lambda: f"how about {p}?",
        lambda: f"{p} is my budget",
        lambda: f"ok {p} then",
        lambda: p,
        lambda: f"{p}?",
        lambda: f"{p} max",
        lambda: f"or {rng.choice([p, _price(rng)])}",
        lambda: f"budget is {p} usd",
        lambda: f"rate is {rng.randint(15, 150)}/h",
        lambda: f"{rng.randint(15, 150)} an hour",
        lambda: f"{n} days",
        lambda: f"{n} revisions included",
        lambda: f"delivery by {rng.randint(1, 28)}/{rng.randint(1, 12)}",
        lambda: f"deadline {rng.choice(MONTHS)} {rng.randint(1, 28)}",
        lambda: f"the {rng.randint(1, 28)}th works",
        lambda: f"meeting at {rng.randint(8, 18)}:{rng.choice(['00', '15', '30', '45'])}",
        lambda: f"call at {rng.randint(1, 12)}pm?",
        lambda: f"order #{rng.randint(10000, 99999999)}",
        lambda: f"order {rng.randint(100000, 9999999)}",
        lambda: f"invoice {rng.randint(1000, 999999)}",
        lambda: f"ticket {rng.randint(100, 99999)} is fixed",
        lambda: f"we're on version {rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 40)}",
        lambda: f"upgrade to {rng.randint(1, 5)}.{rng.randint(0, 12)}",
        lambda: f"{rng.randint(2, 500)} items",
        lambda: f"{rng.randint(2, 60)} pages",
        lambda: f"score was {rng.randint(0, 5)}-{rng.randint(0, 5)}",
        lambda: f"{rng.randint(5, 60)} hours a week",
        lambda: f"{rng.randint(10, 99)}% done",
        lambda: f"{rng.randint(2, 20)} screens, {rng.randint(1, 5)} rounds",
        lambda: f"page {rng.randint(1, 300)}",
        lambda: f"in {rng.randint(2019, 2026)}",
        lambda: f"between {p} and {_price(rng)}",
        lambda: f"{rng.randint(100, 999)} words per article",
        lambda: f"{rng.randint(1, 12)} to {rng.randint(13, 40)} days",
        lambda: f"I have {rng.randint(2, 15)} years of experience",
        lambda: f"{rng.randint(1000, 90000)} followers",
        lambda: f"available {rng.randint(8, 11)}am-{rng.randint(1, 6)}pm",
        lambda: f"room {rng.randint(100, 999)}",
        lambda: f"{rng.randint(1, 9)}.{rng.randint(1, 9)} stars",
        lambda: f"part {rng.randint(1, 9)} of {rng.randint(10, 20)}",
        lambda: rng.choice(FILLER),
        lambda: rng.choice(FILLER),
    ]
    return rng.choice(templates)()


@dataclass
class Conversation:
    messages: list[tuple[str, str]]  # (party, text), in order
    contact: str = ""  # the normalized detail split in, "" for innocent conversations
    kind: str = ""
    fragments: list[int] = field(default_factory=list)  # indices (in `messages`) of its pieces


def innocent(rng: random.Random) -> Conversation:
    return Conversation([(rng.choice([A, A, B]), _innocent_line(rng)) for _ in range(rng.randint(8, 24))])


def _us_number(rng: random.Random) -> tuple[str, list[str]]:
    area = rng.choice(["212", "312", "415", "646", "718", "305", "702", "617", "213", "404"])
    exchange = f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}"
    line = f"{rng.randint(0, 9999):04d}"
    groups = [area, exchange, line]
    return f"+1{area}{exchange}{line}", groups


def _uk_number(rng: random.Random) -> tuple[str, list[str]]:
    rest = f"{rng.randint(100000, 999999)}"
    return f"+447700{rest}", ["+44", "7700", rest[:3], rest[3:]]


def _pieces(groups: list[str], ways: int, rng: random.Random) -> list[str]:
    """Regroup digit groups into `ways` messages."""
    if ways >= len(groups):
        return list(groups)
    cuts = sorted(rng.sample(range(1, len(groups)), ways - 1))
    out, prev = [], 0
    for cut in [*cuts, len(groups)]:
        out.append(" ".join(groups[prev:cut]))
        prev = cut
    return out


PHONE_CUES = ["call me on ", "my number is ", "whatsapp ", "text me ", "", "", "reach me at "]


def _phone(rng: random.Random) -> tuple[str, str, list[str]]:
    normalized, groups = rng.choice([_us_number, _uk_number])(rng)
    if len(groups) == 3 and rng.random() < 0.4:  # 3125550147 typed as 312 555 01 47
        groups = [groups[0], groups[1], groups[2][:2], groups[2][2:]]
    pieces = _pieces(groups, rng.randint(2, min(4, len(groups))), rng)
    cue = rng.choice(PHONE_CUES)
    pieces[0] = cue + pieces[0]
    return "phone", normalized, pieces


def _email(rng: random.Random) -> tuple[str, str, list[str]]:
    user = rng.choice(["john.smith", "sara", "mike_dev", "anna.k", "designbyleo", "j.doe"])
    host = rng.choice(["gmail", "outlook", "yahoo", "proton"])
    tld = "com"
    shapes = [
        [user, f"@{host}.{tld}"],
        [f"{user}@{host}", f".{tld}"],
        [f"my email is {user}", f"at {host} dot {tld}"],
        [f"{user}", f"@{host}", f".{tld}"],
        [f"email me at {user}", f"@{host}.{tld}"],
    ]
    return "email", f"{user}@{host}.{tld}", rng.choice(shapes)


def _handle(rng: random.Random) -> tuple[str, str, list[str]]:
    name = rng.choice(["johnny_dev", "pixel.pine", "sara_designs", "leo.codes", "mkdev"])
    platform = rng.choice(["telegram", "my telegram is", "insta", "find me on telegram"])
    return "social", name, [platform, f"@{name}"]


def split(rng: random.Random) -> Conversation:
    kind, normalized, pieces = rng.choice([_phone, _phone, _email, _handle])(rng)
    messages: list[tuple[str, str]] = [(rng.choice([A, B]), _innocent_line(rng)) for _ in range(rng.randint(2, 8))]
    fragments: list[int] = []
    for piece in pieces:
        messages.append((A, piece))
        fragments.append(len(messages) - 1)
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):  # filler and the client's replies in between
            messages.append((rng.choice([A, B, B]), rng.choice(FILLER + [_innocent_line(rng)])))
    messages.extend((rng.choice([A, B]), _innocent_line(rng)) for _ in range(rng.randint(0, 3)))
    return Conversation(messages, contact=normalized, kind=kind, fragments=fragments)


@dataclass
class Outcome:
    caught: bool = False  # a message of the split was refused (alone or joined)
    split_refusals: int = 0  # refusals that only exist across messages
    single_refusals: int = 0  # refusals of one message alone (not a join)


def simulate(
    conversation: Conversation,
    *,
    scan: Callable[[str], Sequence[object]],
    scan_split: Callable[[Sequence[str]], Sequence[object]],
) -> Outcome:
    """Replay the freelancer's messages as the chat path does: alone, then with their stored earlier
    messages (the last WINDOW - 1, regardless of the client's replies). A refused message is not stored."""
    out = Outcome()
    stored: list[str] = []
    for index, (party, text) in enumerate(conversation.messages):
        if party != A:
            continue
        if scan(text):
            out.single_refusals += 1
            out.caught = out.caught or index in conversation.fragments
            continue
        if stored and scan_split([*stored[-(WINDOW - 1):], text]):
            out.split_refusals += 1
            out.caught = True
            continue
        stored.append(text)
    return out


def measure(seed: int = 11, count: int = 1000) -> dict[str, float]:
    """Split recall and false-join rate over `count` generated conversations of each kind."""
    from trust.detection import scan
    from trust.detection.conversation import scan_split

    rng = random.Random(seed)
    caught = sum(simulate(split(rng), scan=scan, scan_split=scan_split).caught for _ in range(count))
    false_joins = 0
    false_single = 0
    for _ in range(count):
        outcome = simulate(innocent(rng), scan=scan, scan_split=scan_split)
        false_joins += outcome.split_refusals > 0
        false_single += outcome.single_refusals > 0
    return {
        "split_recall": caught / count,
        "split_false_join": false_joins / count,
        "single_false_positive": false_single / count,
    }
