"""The detector's cheap prechecks only skip work that could not have found anything.

Why: `scan` owes its throughput to gates that let most chat through without building the decoded views or
running the detectors (`scanner._worth_scanning`, the per-view gates in `normalize.decoded_view` and
`views`). A gate that says no to a text its view or detector would have fired on silently costs recall, so
each gate is held to being a superset: over the generator's cases (every family, positive and benign), the
dev corpus when it is present and the hand-written cases, the findings with the gate forced open are the
findings with it, and a view whose gate says no finds nothing with its own pattern.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.trust import test_detection_cases as cases
from tests.trust.detection_gen import generate, load_families
from trust.detection import Finding, lexicon, normalize, numwords, scan, scanner, views
from trust.detection.normalize import char_views

PER_FAMILY = 15

_ROOT = Path(__file__).resolve().parents[2]
_DEV = next(
    (p / "shared" / "trust-corpus" / "dev.jsonl" for p in _ROOT.parents if (p / "shared" / "trust-corpus").is_dir()),
    None,
)


def _texts() -> list[str]:
    texts = [case.text for name in sorted(load_families()) for case in generate(name, PER_FAMILY, seed=7)]
    texts += [t for t, _ in cases.POSITIVES + cases.POSITIVES_MORE + cases.POSITIVES_HARD]
    texts += cases.BENIGN + cases.BENIGN_MORE + cases.BENIGN_HARD
    if _DEV is not None and _DEV.exists():
        texts += [json.loads(line)["text"] for line in _DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


TEXTS = _texts()


def _differences(texts: list[str], before: list[list[Finding]]) -> list[tuple[str, list[Finding], list[Finding]]]:
    return [(t, b, a) for t, b, a in zip(texts, before, (scan(t) for t in texts), strict=True) if b != a]


@pytest.fixture(scope="module")
def gated() -> list[list[Finding]]:
    return [scan(t) for t in TEXTS]


@pytest.mark.parametrize(
    ("module", "gate"),
    [
        (scanner, "_worth_scanning"),  # the whole-text gate: nothing is built for most chat
        (normalize, "_needs_squeeze"),  # padding around "@" / "." / "//"
        (normalize, "_has_bracket"),  # "(at)", "[dot]"
    ],
)
def test_gate_forced_open_finds_the_same(
    monkeypatch: pytest.MonkeyPatch, gated: list[list[Finding]], module: object, gate: str
) -> None:
    monkeypatch.setattr(module, gate, lambda *args: True)
    differ = _differences(TEXTS, gated)
    assert not differ, differ[:3]


def test_prefilter_gate_lets_base64_without_digits_through() -> None:
    # "+61412220153" in base64 has no digit, no "=" and no other trigger: only decoding it tells
    assert {f.kind for f in scan("call me on KzYxNDEyMjIwMTUz")} == {"phone"}


def test_precomputed_words_give_the_same_answers() -> None:
    """The scanner hands its digit words to the spelled-number gate and the vanity view, and the gate
    remembers words that are not number compounds: neither may change an answer. (The spelled-number gate
    is also a precision rule, not only a speed gate: forced open, "22,048.00 for 7 pages" reads as a phone
    number, so it is compared with itself here rather than forced open.)"""
    numwords._NOT_COMPOUND.clear()
    numwords.worth_decoding.cache_clear()
    for text in TEXTS:
        cased, low = char_views(text)
        words = frozenset(lexicon.WORD_RE.findall(low.text))
        digit_words = frozenset(w for w in words if not w.isalpha())
        fresh = numwords.worth_decoding.__wrapped__(words, low.text)
        assert numwords.worth_decoding(words, low.text, digit_words) == fresh, text
        assert numwords.worth_decoding.__wrapped__(words, low.text) == fresh, text  # with the memo filled
        assert views.decode_vanity(cased, low, digit_words) == views.decode_vanity(cased, low, words), text
