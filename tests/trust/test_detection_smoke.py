"""Smoke tests for the detector API (the full suite lives in test_detection.py)."""

from __future__ import annotations

from trust.detection import Finding, scan


def test_scan_plain_email_offsets() -> None:
    text = "Email: ana@gmail.com"
    findings = scan(text)
    assert [f.kind for f in findings] == ["email"]
    assert isinstance(findings[0], Finding)
    assert text[findings[0].start : findings[0].end] == findings[0].matched == "ana@gmail.com"
