"""A call on a messenger, generated: verb x article x a word for a short call x platform x ending. "hop on a quick
WhatsApp call" invites the reader to a private channel as "hop on WhatsApp" does; the same words about a review, a
feature of an app or said as a refusal stay benign."""

from __future__ import annotations

import itertools

import pytest

from trust.detection import scan

VERBS = ["hop on", "jump on", "get on", "can we hop on", "let's jump on", "shall we get on"]
SHORT = ["quick", "short", "brief", "quick little"]
PLATFORMS = ["WhatsApp", "Telegram", "Skype", "Signal", "Viber"]
ENDINGS = ["call", "call to discuss?", "call tomorrow", "video call", "voice chat later"]

CALLS = [
    f"{verb} a {short} {platform} {ending}"
    for verb, short, platform, ending in itertools.product(VERBS, SHORT, PLATFORMS, ENDINGS)
    if short != "quick little"  # one adjective slot: "a quick little" is two words
]


def test_the_family_is_large() -> None:
    assert len(CALLS) >= 400


def test_a_short_call_on_a_messenger_is_an_invitation() -> None:
    missed = [text for text in CALLS if "social" not in {f.kind for f in scan(text)}]
    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        "we should jump on a quick review of the design",
        "can we hop on a quick call here?",
        "I won't hop on a quick WhatsApp call before the contract",
        "I built a feature to jump on a quick WhatsApp call from the app",
        "let's get on with the work",
    ],
)
def test_look_alikes_stay_benign(text: str) -> None:
    assert scan(text) == []
