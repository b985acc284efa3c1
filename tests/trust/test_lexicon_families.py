"""Lexicons as data (platforms, payment rails) and the families of messages built on them.

The generated families live in `tests/trust/families_lex.py`; this file checks the data files themselves
and a hand-written set of positives and benign look-alikes per family.
"""

from __future__ import annotations

import pytest

from trust.detection import lexicon, registry, scan


def kinds(text: str) -> set[str]:
    return {f.kind for f in scan(text)}


def test_platform_and_rail_data_files_cover_the_regions_served() -> None:
    platforms = registry.entries("platforms")
    rails = registry.entries("payments")
    assert len(platforms) >= 120
    assert len(rails) >= 50
    groups = {e.group for e in platforms}
    assert {"messenger", "social", "developer", "creator", "professional", "marketplace"} <= groups
    for entry in (*platforms, *rails):
        assert entry.display and entry.aliases, entry.key
        assert all(a == a.lower().strip() for a in entry.aliases + entry.weak), entry.key


def test_every_alias_resolves_to_its_platform() -> None:
    for entry in registry.entries("platforms"):
        for alias in entry.aliases + entry.weak:
            assert lexicon.PLATFORM_CANON[alias] in {e.key for e in registry.entries("platforms")}
            m = lexicon.PLATFORM_RE.search(f"add me on {alias} now")
            assert m is not None, alias


def test_common_words_list_loads_and_excludes_handles() -> None:
    words = lexicon.common_words()
    assert {"today", "instead", "please"} <= words
    assert "janedesigns" not in words


@pytest.mark.parametrize(
    "text",
    [
        "DM me on insta anacodes",
        "ping me on telegram janedesigns",
        "snap: janedesigns",
        "add me on viber: lukas_k",
        "Threema ID: ABCD1234",
        "find me on behance as janedesigns",
        "hit me up on discord, I'm mossfrog",
        "message me on zalo ngoc.tran",
        "escríbeme en telegram anacodes",
    ],
)
def test_handle_next_to_platform_is_social(text: str) -> None:
    assert "social" in kinds(text), scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "DM me on insta today",
        "ping me on telegram when you are ready",
        "snap: yes, that works",
        "I built a Telegram bot for a client last year",
        "zoom in on the logo please",
        "the line height is too big",
        "signal processing background, 5 years",
        "Do you integrate Venmo and Zelle at checkout?",
        "I love the Threads redesign",
    ],
)
def test_platform_words_without_an_account_stay_benign(text: str) -> None:
    assert scan(text) == [], scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "Maya: 0917 555 0142",
        "Revolut @anarod",
        "Swish 070 123 45 67",
        "GCash 0917 123 4567",
    ],
)
def test_identifier_next_to_a_rail_is_payment(text: str) -> None:
    assert "payment" in kinds(text), scan(text)
