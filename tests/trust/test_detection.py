"""Unit tests of `trust.detection`: API contract, offsets, normalisation, checksums, conversation scanning,
allow lists, the CLI, isolation from Django, speed guards, and the dev-corpus targets.

No test here touches the database: the detector is pure Python.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from trust.detection import (
    DEFAULT_ALLOW_DOMAINS,
    KINDS,
    ConversationFinding,
    Finding,
    checksums,
    scan,
    scan_conversation,
)
from trust.detection.normalize import char_views, decoded_view

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared/trust-corpus/dev.jsonl"


# --- API contract -------------------------------------------------------------------------------------------


def test_scan_empty_text_returns_empty_list() -> None:
    assert scan("") == []


def test_finding_is_frozen() -> None:
    finding = scan("mail me: ana.b@gmail.com")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.kind = "phone"  # type: ignore[misc]


def test_scan_findings_ordered_by_start() -> None:
    text = "IG @lumen.px, call 415-555-0134 or mail lumen@gmail.com"
    starts = [f.start for f in scan(text)]
    assert starts == sorted(starts) and len(starts) >= 3


def test_scan_kinds_are_known() -> None:
    text = "PayPal: a.b@gmail.com, WhatsApp +1 305 555 0148, t.me/abc_def, IBAN NL91 ABNA 0417 1643 00"
    assert {f.kind for f in scan(text)} <= set(KINDS)


@pytest.mark.parametrize(
    ("text", "kind", "matched", "normalized"),
    [
        ("Email: Ola.N@Protonmail.com!", "email", "Ola.N@Protonmail.com", "ola.n@protonmail.com"),
        (
            "write sara dot oconnor at yahoo dot com",
            "email",
            "sara dot oconnor at yahoo dot com",
            "sara.oconnor@yahoo.com",
        ),
        ("mail: felipe(at)zoho(dot)com", "email", "felipe(at)zoho(dot)com", "felipe@zoho.com"),
        ("m a r k @ g m a i l . c o m", "email", "m a r k @ g m a i l . c o m", "mark@gmail.com"),
        ("x\u200by@gmail.com", "email", "x\u200by@gmail.com", "xy@gmail.com"),
        ("mail：tariq＠gmail．com", "email", "tariq＠gmail．com", "tariq@gmail.com"),
        ("lena at g-mail dot com", "email", "lena at g-mail dot com", "lena@gmail.com"),
        ("Call me at 415-555-0121 after 5.", "phone", "415-555-0121", "+14155550121"),
        (
            "text me: six four six, five five five, zero one eight one",
            "phone",
            "six four six, five five five, zero one eight one",
            "+16465550181",
        ),
        ("call ６４６－５５５－０１５７", "phone", "６４６－５５５－０１５７", "+16465550157"),
        ("Number: 303✨555✨0171", "phone", "303✨555✨0171", "+13035550171"),
        ("Appelle-moi au 06 23 45 67 89", "phone", "06 23 45 67 89", "+33623456789"),
        (
            "Nummer: null eins fünf eins, zwei drei vier, fünf sechs sieben acht neun",
            "phone",
            "null eins fünf eins, zwei drei vier, fünf sechs sieben acht neun",
            "+4915123456789",
        ),
        ("my site: harperstudio dot io", "url", "harperstudio dot io", "harperstudio.io"),
        (
            "Portfolio: https://www.olivebranch.design",
            "url",
            "https://www.olivebranch.design",
            "https://www.olivebranch.design",
        ),
        ("IBAN: NL91 ABNA 0417 1643 00", "payment", "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"),
        ("UPI: meena.art@oksbi", "payment", "meena.art@oksbi", "upi:meena.art@oksbi"),
        ("Telegram: @hugo_dev", "social", "@hugo_dev", "telegram:@hugo_dev"),
        (
            "BTC: bc1qchcdzetyevwdhch8z2nxw70avtx60u6prex78w",
            "payment",
            "bc1qchcdzetyevwdhch8z2nxw70avtx60u6prex78w",
            "bc1qchcdzetyevwdhch8z2nxw70avtx60u6prex78w",
        ),
    ],
)
def test_scan_offsets_matched_and_normalized(text: str, kind: str, matched: str, normalized: str) -> None:
    found = [f for f in scan(text) if f.kind == kind]
    assert found, scan(text)
    f = found[0]
    assert text[f.start : f.end] == f.matched == matched
    assert f.normalized == normalized


def test_scan_whatsapp_number_yields_phone_and_social_on_same_span() -> None:
    findings = scan("WhatsApp +1 305 555 0148")
    phone = next(f for f in findings if f.kind == "phone")
    social = next(f for f in findings if f.kind == "social")
    assert (phone.start, phone.end) == (social.start, social.end)


def test_scan_paypal_email_yields_email_and_payment() -> None:
    kinds = {f.kind for f in scan("PayPal: mia.chen.art@gmail.com")}
    assert kinds == {"email", "payment"}


# --- confidence calibration ---------------------------------------------------------------------------------


def test_scan_plain_email_is_high_confidence() -> None:
    assert scan("ben@gmail.com")[0].confidence >= 0.95


def test_scan_spelled_email_with_provider_is_auto_confirmable() -> None:
    assert scan("ben dot lee at gmail dot com")[0].confidence >= 0.9


def test_scan_weak_cashtag_goes_to_review() -> None:
    findings = scan("send it to $LilyArt please")
    assert findings and all(f.confidence < 0.9 for f in findings)


def test_scan_reason_names_what_was_found() -> None:
    f = scan("four one five, five five five, zero one two one")[0]
    assert "Phone number" in f.reason and "spelled out" in f.reason


# --- allow lists ------------------------------------------------------------------------------------------------


def test_scan_allow_domains_skips_platform_links_and_subdomains() -> None:
    text = "See gigmarket.io/jobs/42 and help.gigmarket.io/faq or mail support@gigmarket.io"
    assert {f.kind for f in scan(text)} == {"url", "email"}
    assert scan(text, allow_domains=["gigmarket.io"]) == []


def test_scan_default_allow_list_covers_reference_docs() -> None:
    assert "docs.djangoproject.com" in DEFAULT_ALLOW_DOMAINS
    assert scan("Read https://docs.python.org/3/library/re.html") == []


def test_scan_github_profile_is_social_but_repo_link_is_reference() -> None:
    assert {f.kind for f in scan("github.com/ayo-dev")} == {"url", "social"}
    assert scan("The fix is in github.com/django/django/pull/1") == []


# --- normalisation -------------------------------------------------------------------------------------------


def test_char_views_fold_homoglyphs_fullwidth_and_zero_width() -> None:
    text = "gmаil\u200b．com ＡＢ"  # Cyrillic а, zero-width space, fullwidth dot and letters
    cased, low = char_views(text)
    assert cased.text == "gmail.com AB"
    assert low.text == "gmail.com ab"
    a, b = low.origin(0, len(low.text))
    assert (a, b) == (0, len(text))


def test_decoded_view_maps_every_char_to_original() -> None:
    text = "olga underscore k at mail dot ru"
    _, low = char_views(text)
    words = frozenset(low.text.split())
    dec = decoded_view(low, words)
    assert dec.text == "olga_k at mail.ru"
    for i in range(len(dec.text)):
        assert 0 <= dec.starts[i] < dec.ends[i] <= len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("double five triple 0 one two", "55 000 12"),
        ("ek do teen char paanch chhe saat aath nau shunya", "1234567890"),
        ("cero seis uno dos tres cuatro cinco seis siete", "061234567"),
        ("zéro six un deux trois quatre cinq six sept huit", "0612345678"),
        ("dois um três quatro cinco seis sete oito", "21345678"),
        ("call 555-O1O2 now", "call 555 0102 now"),
        ("zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit", "06 12 34 56 78"),
        ("null eins sieben eins, dreiundzwanzig, fünfundvierzig, siebenundsechzig", "0171 23 45 67"),
        ("seis uno dos, treinta y cuatro, cincuenta y seis, setenta y ocho", "612 34 56 78"),
        ("quatre-vingt-dix-neuf, zéro six douze treize", "99 06 12 13"),
        ("I do 2 or 3 things", "i do 2 or 3 things"),
    ],
)
def test_decoded_view_number_words(text: str, expected: str) -> None:
    _, low = char_views(text)
    assert decoded_view(low, frozenset(low.text.replace("-", " ").split())).text == expected


# --- checksums ---------------------------------------------------------------------------------------------------


def test_keccak_permutation_matches_hashlib_sha3() -> None:
    assert checksums.sha3_256_selftest()
    assert checksums.keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", True),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", False),
        ("0x2e15fb6c0e85790b7fb031433c34b385c3e367fc", True),
        ("0x2e15fb6c0e85790b7fb031433c34b385c3e367", False),
    ],
)
def test_eth_address_eip55(address: str, ok: bool) -> None:
    assert checksums.eth_address_ok(address) is ok


def test_bech32_and_base58check() -> None:
    assert checksums.bech32_ok("bc1qchcdzetyevwdhch8z2nxw70avtx60u6prex78w")
    assert not checksums.bech32_ok("bc1qchcdzetyevwdhch8z2nxw70avtx60u6prex78q")
    assert checksums.base58check_version("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2") == 0
    assert checksums.base58check_version("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3") is None


def test_iban_luhn_and_routing() -> None:
    assert checksums.iban_ok("FR1420041010050500013M02606")
    assert not checksums.iban_ok("FR1420041010050500013M02607")
    assert checksums.luhn_ok("4111111111111111") and not checksums.luhn_ok("4111111111111112")
    assert checksums.aba_routing_ok("026009593") and not checksums.aba_routing_ok("026009594")


def test_scan_rejects_wallet_with_bad_checksum() -> None:
    assert scan("ETH: 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD") == []
    assert scan("IBAN: NL91 ABNA 0417 1643 01") == []


# --- conversations ------------------------------------------------------------------------------------------------


def test_scan_conversation_joins_split_phone() -> None:
    found = scan_conversation(["five five five", "123", "4567"])
    assert [f.kind for f in found] == ["phone"]
    f = found[0]
    assert isinstance(f, ConversationFinding)
    assert f.message_indices == (0, 1, 2)
    assert f.spans == ((0, 0, 14), (1, 0, 3), (2, 0, 4))


def test_scan_conversation_respects_time_window() -> None:
    t0 = datetime(2025, 1, 1, 12, 0)
    close = [("my email is sara", t0), ("at gmail dot com", t0 + timedelta(seconds=30))]
    far = [("my email is sara", t0), ("at gmail dot com", t0 + timedelta(minutes=30))]
    assert [f.normalized for f in scan_conversation(close)] == ["sara@gmail.com"]
    assert scan_conversation(far) == []


def test_scan_conversation_skips_findings_of_single_messages() -> None:
    assert scan_conversation(["call 415-555-0134", "thanks"]) == []


def test_scan_conversation_context_from_previous_message() -> None:
    found = scan_conversation(["ok", "my insta", "@pixel.pine"])
    assert [(f.kind, f.message_indices) for f in found] == [("social", (1, 2))]


def test_scan_conversation_benign_chat_is_empty() -> None:
    assert scan_conversation(["hi", "I have 5 years of experience", "budget is $500", "see you monday"]) == []


# --- isolation, CLI ----------------------------------------------------------------------------------------------


def test_import_without_django_settings() -> None:
    code = (
        "import os, sys; os.environ.pop('DJANGO_SETTINGS_MODULE', None); import trust.detection as d; "
        "d.scan('call 415-555-0134'); "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_prints_findings_from_argument_and_stdin() -> None:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-m", "trust.detection", "mail ana@gmail.com"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=True,
    )
    assert "email" in out.stdout and "ana@gmail.com" in out.stdout
    out = subprocess.run(
        [sys.executable, "-m", "trust.detection"],
        input="nothing here",
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=True,
    )
    assert "no findings" in out.stdout


# --- speed guards (generous bounds: they catch catastrophic backtracking, not slow machines) --------------------


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "1 " * 50_000,
        "@." * 50_000,
        "at dot " * 20_000,
        "5" * 100_000,
        "a." * 50_000,
        "five " * 20_000,
        "x@x." * 25_000,
        "www." * 25_000,
        "whatsapp @a " * 8_000,
        "1-" * 50_000,
        "(at)" * 25_000,
    ],
    ids=lambda t: repr(t[:8]),
)
def test_scan_adversarial_input_is_fast(text: str) -> None:
    start = time.process_time()  # CPU time: other work on the machine does not count against the scan
    scan(text)
    assert time.process_time() - start < 2.0


def test_scan_long_realistic_text_is_fast() -> None:
    text = ("Thanks! I'll send v2.1 tomorrow; budget $1,200, call me when the contract starts. " * 1200)[:100_000]
    start = time.perf_counter()
    scan(text)
    assert time.perf_counter() - start < 2.0


# --- dev corpus targets ----------------------------------------------------------------------------------------


def test_scan_dev_corpus_recall_and_fpr() -> None:
    if not CORPUS.exists():
        pytest.skip(f"dev corpus not found at {CORPUS}")
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    tp = fp = fn = tn = 0
    for row in rows:
        findings = scan(row["text"])
        for f in findings:
            assert isinstance(f, Finding) and f.kind in KINDS
            assert row["text"][f.start : f.end] == f.matched
        if row["kinds"]:
            tp, fn = (tp + 1, fn) if findings else (tp, fn + 1)
        else:
            fp, tn = (fp + 1, tn) if findings else (fp, tn + 1)
    recall = tp / (tp + fn)
    fpr = fp / (fp + tn)
    assert recall >= 0.98, f"recall {recall:.3f}"
    assert fpr <= 0.01, f"FPR {fpr:.3f}"


# --- property: any text, no exception, every finding well-formed ------------------------------------------------

_FRAGMENTS = [
    "call",
    "me",
    "at",
    "dot",
    "com",
    "gmail",
    "five",
    "oh",
    "double",
    "WhatsApp",
    "tg",
    "@",
    ".",
    " ",
    "  ",
    "\u200b",
    "＠",
    "．",
    "５",
    "а",
    "ο",
    "✨",
    "(",
    ")",
    "-",
    "+1",
    "415",
    "555",
    "0123",
    "paypal",
    "IBAN",
    "NL91 ABNA 0417 1643 00",
    "0x",
    "bc1q",
    "$Trey",
    "www",
    "http://",
    "/",
    ":",
    "ﬁ",
    "ß",
    "İ",
    "e\u0301",
    "\n",
]


@pytest.mark.parametrize("seed", range(300))
def test_scan_random_text_findings_are_well_formed(seed: int) -> None:
    import random

    rng = random.Random(seed)
    text = "".join(rng.choice(_FRAGMENTS) + rng.choice(["", " "]) for _ in range(rng.randint(1, 60)))
    for f in scan(text):
        assert f.kind in KINDS
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.matched
        assert 0.0 <= f.confidence <= 1.0 and f.reason


# --- generated benign data: timestamps, addresses, barcodes, hashes, user agents... ---------------------------


@pytest.mark.parametrize("locale", ["en_US", "es_MX", "pt_BR", "fr_FR", "de_DE", "hi_IN"])
def test_scan_faker_benign_values_have_no_findings(locale: str) -> None:
    faker_module = pytest.importorskip("faker")
    fake = faker_module.Faker(locale)
    fake.seed_instance(2024)
    generators = [
        fake.address,
        fake.postcode,
        fake.date,
        fake.time,
        fake.iso8601,
        fake.user_agent,
        fake.ipv4,
        fake.ipv6,
        fake.mac_address,
        fake.sha1,
        fake.md5,
        fake.uuid4,
        fake.file_path,
        fake.isbn13,
        fake.ean13,
        fake.ean8,
        fake.job,
        fake.company,
        fake.sentence,
        fake.credit_card_expire,
        fake.hex_color,
        fake.license_plate,
        lambda: str(fake.date_time()),
        lambda: f"{fake.ipv4()}:{fake.port_number()}",
        lambda: f"{fake.latitude()}, {fake.longitude()}",
        lambda: f"{fake.pyint(1000, 999_999):,}",
        lambda: str(fake.pyfloat(left_digits=5, right_digits=6)),
    ]
    flagged = []
    for generate in generators:
        for _ in range(40):
            value = str(generate())
            if scan(value):
                flagged.append((value, [(f.kind, f.matched) for f in scan(value)]))
    assert not flagged, flagged[:5]


@pytest.mark.parametrize("locale", ["en_US", "es_ES", "pt_BR", "fr_FR", "de_DE", "en_IN", "en_GB", "it_IT"])
def test_scan_faker_contact_values_are_found(locale: str) -> None:
    faker_module = pytest.importorskip("faker")
    fake = faker_module.Faker(locale)
    fake.seed_instance(7)
    cases = [
        (lambda: f"call me at {fake.phone_number()}", "phone"),
        (lambda: f"mail me: {fake.free_email()}", "email"),
        (lambda: f"IBAN: {fake.iban()}", "payment"),
        (lambda: f"card {fake.credit_card_number()}", "payment"),
    ]
    for make, kind in cases:
        texts = [make() for _ in range(40)]
        found = sum(1 for text in texts if kind in {f.kind for f in scan(text)})
        assert found >= 0.9 * len(texts), (kind, [t for t in texts if kind not in {f.kind for f in scan(t)}][:5])


@pytest.mark.parametrize(
    "text",
    ["call me 555-123-4567", "call me on five five five one two three four five six seven"],
)
def test_scan_ten_digit_number_without_country_cue_reads_north_american(text: str) -> None:
    phones = [f for f in scan(text) if f.kind == "phone"]
    assert [f.normalized for f in phones] == ["+15551234567"]
    assert "+1 555-123-4567" in phones[0].reason
