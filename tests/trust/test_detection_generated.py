"""Every generated family (tests/trust/detection_gen.py and its plug-ins) meets its recall / FPR threshold.

A family is a trick, not a sentence: a failure here names the family and shows a few of its misses.
"""

from __future__ import annotations

import pytest

from tests.trust.detection_gen import generate, load_families
from trust.detection import KINDS, scan

FAMILIES = load_families()
PER_FAMILY = 60


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_family(name: str) -> None:
    fam = FAMILIES[name]
    cases = generate(name, PER_FAMILY, seed=1)
    assert len(cases) >= PER_FAMILY // 2, f"{name}: the generator gave up too often"
    flagged, wrong = 0, []
    for case in cases:
        found = scan(case.text)
        for f in found:
            assert f.kind in KINDS and case.text[f.start : f.end] == f.matched, (case.text, f)
        flagged += bool(found)
        if bool(found) == fam.benign:
            wrong.append((case.text, [(f.kind, f.normalized) for f in found]))
    rate = flagged / len(cases)
    if fam.benign:
        assert rate <= fam.max_fpr, f"{name}: FPR {rate:.2f} > {fam.max_fpr}; e.g. {wrong[:3]}"
    else:
        assert rate >= fam.min_recall, f"{name}: recall {rate:.2f} < {fam.min_recall}; e.g. {wrong[:3]}"


def test_registry_is_pluggable() -> None:
    from tests.trust import detection_gen

    @detection_gen.family("test/plugged-in", kinds={"email"})
    def _(rng):  # type: ignore[no-untyped-def]
        return detection_gen.Case("mail me: ana.silva@gmail.com", {"email"})

    try:
        assert generate("test/plugged-in", 3)[0].kinds == {"email"}
    finally:
        del detection_gen.FAMILIES["test/plugged-in"]
