"""Payment splits and "pay me" parts, generated from the intent data: a part that stays here is not a payment
proposal by itself ("pay half here now and half at the end" is an ordinary milestone plan); a "pay me" part
next to an outgoing word ("directly", "privately") is one in every language the tables have."""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path

import pytest

from trust.detection import registry, scan
from trust.detection.intent import _here

INTENT = tomllib.loads((Path(__file__).resolve().parents[2] / "trust/detection/data/intent.toml").read_text())


def _kinds(text: str) -> set[str]:
    return {finding.kind for finding in scan(text)}


def _pay_me_outgoing() -> list[tuple[str, str]]:
    cases = []
    for lang, table in INTENT.items():
        if not isinstance(table, dict):
            continue
        outgoing = [word for word in table.get("off_near", []) if not _here().search(registry.fold(word))]
        for pay_me, out in itertools.product(table.get("pay_me", [])[:6], outgoing[:4]):
            cases.append((lang, f"{pay_me} {out}"))
    return cases


PAY_ME_OUTGOING = _pay_me_outgoing()


def test_the_generated_pay_me_family_covers_several_languages() -> None:
    assert len({lang for lang, _ in PAY_ME_OUTGOING}) >= 8
    assert len(PAY_ME_OUTGOING) >= 150


@pytest.mark.parametrize(("lang", "text"), PAY_ME_OUTGOING)
def test_pay_me_with_an_outgoing_part_is_payment(lang: str, text: str) -> None:
    assert "payment" in _kinds(text), (lang, text)


HERE_PARTS = ["half here", "a third here", "part here", "some here", "a quarter here"]
LEADS = ["pay {part} now and {rest} {when}", "you can pay me {part} upfront, {rest} {when}",
         "I'd like {part} as the first milestone and {rest} {when}", "{part} now, {rest} {when}"]
RESTS = ["the rest", "half", "the remainder", "the other part"]
WHENS = ["at the end", "later", "after review", "on delivery", "next week", "when it's done",
         "once you approve the final files"]


def _milestone_plans() -> list[str]:
    return [
        lead.format(part=part, rest=rest, when=when)
        for lead, part, rest, when in itertools.product(LEADS, HERE_PARTS, RESTS, WHENS)
    ]


def test_a_milestone_plan_that_keeps_every_part_here_stays_benign() -> None:
    plans = _milestone_plans()
    flagged = [text for text in plans if "payment" in _kinds(text)]
    assert len(plans) > 500
    assert flagged == []


@pytest.mark.parametrize(
    "text",
    [
        "half here, half via bank transfer to keep fees low",
        "pay half here and half directly to me",
        "a quarter here and the rest via wise",
        "50% through here and the other 50% directly",
    ],
)
def test_a_split_whose_other_part_leaves_is_payment(text: str) -> None:
    assert "payment" in _kinds(text)
