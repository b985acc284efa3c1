"""trust.detection.warm(): a server process builds the detector's cached lexicons once at start-up
(config/asgi.py), instead of every pool thread building them when it first meets a cold cache."""

from __future__ import annotations

import importlib

from trust.detection import intent, scan, warm


def test_warm_builds_the_cached_lexicons_before_any_scan():
    intent._lexicon.cache_clear()
    intent._gate.cache_clear()
    warm()
    assert intent._lexicon.cache_info().currsize == 1
    assert intent._gate.cache_info().currsize == 1
    before = intent._lexicon.cache_info().misses
    assert {f.kind for f in scan("pay me on paypal instead, saves us the fee")} == {"payment"}
    assert intent._lexicon.cache_info().misses == before  # the scan found it built


def test_the_asgi_application_warms_the_detector_when_loaded():
    import config.asgi

    intent._lexicon.cache_clear()
    importlib.reload(config.asgi)
    assert intent._lexicon.cache_info().currsize == 1
