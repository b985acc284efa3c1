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
        "I post my work on insta every day",
        "my telegram was hacked last year",
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


# --- intent without an identifier --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Let's move this chat to Telegram",
        "Can we continue on WhatsApp?",
        "podemos seguir no zap?",
        "hablemos por WhatsApp mejor",
        "passons sur Telegram, c'est plus simple",
        "lass uns auf Signal weiterschreiben",
        "chalo whatsapp pe baat karte hain",
        "passiamo su Telegram",
        "laten we verder op WhatsApp",
        "przejdźmy na WhatsApp",
        "WhatsApp'tan devam edelim",
        "yuk pindah ke WhatsApp",
        "hai să vorbim pe WhatsApp",
    ],
)
def test_invitation_to_another_channel_is_social(text: str) -> None:
    assert "social" in kinds(text), scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "we'll do the next one off-platform via bank transfer, saves us both 10%",
        "Pay me directly and skip the fee",
        "pagamento por fora sem taxa",
        "zahl mir direkt, dann sparen wir die Gebühren",
        "bayar langsung ke rekening saya aja biar hemat potongan",
        "paghiamo fuori dalla piattaforma, senza commissioni",
        "betaal me rechtstreeks, dan besparen we de kosten",
        "zapłać mi bezpośrednio, unikniemy prowizji",
        "ödemeyi platform dışında yapalım, komisyon yok",
        "plătește-mi direct în cont, fără comision",
    ],
)
def test_payment_off_the_platform_is_payment(text: str) -> None:
    assert "payment" in kinds(text), scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "I never move chats to WhatsApp",
        "don't pay outside the platform",
        "I built a Telegram bot for the client",
        "We use the PayPal API for payouts",
        "The client asked me to move to WhatsApp, is that allowed?",
        "I chat with clients on Telegram daily",
        "let's continue on line 5 of the script",
        "payment is released directly by the platform after approval",
        "I can start directly after the first milestone payment",
        "save on fees with the annual plan",
        "please continue on the platform",
        "let's talk on Zoom once the contract starts",
        "nunca pago por fora da plataforma",
        "ich zahle nie außerhalb der Plattform",
    ],
)
def test_negations_reports_and_tech_talk_stay_benign(text: str) -> None:
    assert scan(text) == [], scan(text)


# --- private-channel links -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("join me here: https://zoom.us/j/98765432101", {"url", "social"}),
        ("meet.google.com/abc-defg-hij", {"url", "social"}),
        ("https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc", {"url", "social"}),
        ("book a slot: calendly.com/janedesigns/30min", {"url", "social"}),
        ("chat.whatsapp.com/AbCdEf123456", {"url", "social"}),
        ("tg://resolve?domain=janedesigns", {"social"}),
        ("https://docs.google.com/document/d/1AbCdEfGh/edit", {"url"}),
        ("https://www.dropbox.com/s/abc123/brief.pdf?dl=0", {"url"}),
        ("we.tl/t-AbCdEf123", {"url"}),
        ("https://www.loom.com/share/0123456789abcdef", {"url"}),
        ("forms.gle/AbCdEf12345", {"url"}),
    ],
)
def test_private_channel_links(text: str, expected: set[str]) -> None:
    assert expected <= kinds(text), scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "check zoom.us pricing",
        "docs.google.com is down again",
        "see https://support.google.com/docs/answer/123",
        "we use Dropbox for the assets",
        "like stripe.com",
        "https://zoom.us/pricing",
        "https://www.dropbox.com/developers/documentation",
        "pip install from https://pypi.org/project/requests/",
    ],
)
def test_reference_pages_on_the_same_hosts_stay_benign(text: str) -> None:
    assert scan(text) == [], scan(text)


# --- wallets of other chains, naming services, national bank formats, split identifiers -------------------
@pytest.mark.parametrize(
    "text",
    [
        "XRP: rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh",
        "XMR 4AdUndXHHZ6cfufTMvppY6JwXNouMBzSkbLYfpAV5Usx3skxNgYeYTRj5UzqtReoS44qo9mtmXCqY45DJ852K5Jv2684Rge",
        "TON wallet EQDtFpEwcFAEcRe5mLVh2N6C0x-_hJEM7W61_JLnSF74p4q2",
        "XLM GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7",
        "ALGO VCMJKWOY5P5P7SKMZFFOCEROPJCZOTIJMNIYNUCKH7LRO45JMJP6UYBIJA",
        "DOT 15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5",
        "ATOM cosmos1hsk6jryyqjfhp5dhc55tc9jtckygx0eph6dd02",
        "BCH bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
        "send the USDT to janedesigns.eth",
        "CLABE 032180000118359719",
        "CBU 2850590940090418135201",
        "sort code 20-00-00 account 55779911",
        "BSB 062-000 account 12345678",
        "SWIFT: DEUTDEFF",
        "IBAN NL91 ABNA\n0417 1643 00",
        "BTC:\nbc1qchcdzetyevwdhch8z\n2nxw70avtx60u6prex78w",
        "my wallet 0x2e15 fb6c 0e85 790b 7fb0 3143 3c34 b385 c3e3 67fc thanks",
    ],
)
def test_bank_and_crypto_details_are_payment(text: str) -> None:
    assert "payment" in kinds(text), scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "version 1.2.3 build 4567",
        "the hash is 3a7bd3e2360a3d29eea436fcfb7e44c735d117c4",
        "Order ID 2850590940090418135201",
        "I know Solidity and ENS integration, see vitalik.eth docs for the resolver API",
        "The meeting is at 10 am in room 4B, bring the Q3 report",
    ],
)
def test_bank_and_crypto_look_alikes_stay_benign(text: str) -> None:
    assert scan(text) == [], scan(text)


# --- implied identifiers ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "search janedesigns on behance",
        "my username is the same on IG",
        "the number in my profile picture",
        "my email is in my CV",
        "scan the QR code on my banner",
        "mi número está en mi foto de perfil",
        "look me up as pixelpine on dribbble",
    ],
)
def test_implied_identifiers_are_reported(text: str) -> None:
    assert scan(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I updated my profile picture yesterday",
        "the number of revisions is in the contract",
        "search for examples on behance",
        "I read your bio, great work",
        "same as last time",
    ],
)
def test_implied_look_alikes_stay_benign(text: str) -> None:
    assert scan(text) == [], scan(text)
