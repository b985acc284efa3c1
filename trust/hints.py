"""Warn before it counts: the live hint. Forms and the composer send the draft as it is typed; the
answer is what trust would refuse and why, highlighted. A hint records nothing: no flag, no strike,
no audit (it only asks trust.policy.decide), and it is rate-limited per user so the detector can't be
probed at speed.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

from core.errors import RateLimited
from trust.policy import decide
from trust.scope import strip_bidi

if TYPE_CHECKING:
    from trust.types import User

HINT_CONTEXTS = frozenset({"profile", "job_post", "proposal", "invitation", "message", "contract"})
MAX_HINT_CHARS = 10_000


class HintFinding(TypedDict):
    kind: str
    start: int
    end: int
    matched: str
    reason: str


class HintAnswer(TypedDict):
    """The hint endpoint's JSON."""

    allowed: bool
    headline: str
    rule: str
    findings: list[HintFinding]
    html: str


class HintRateLimited(RateLimited):
    """Too many checks this minute; the hint pauses (the endpoint answers 429)."""


def hint_rate_limit(*, user: User) -> None:
    """Fixed one-minute window per user (TRUST_HINT_PER_MINUTE): typing sends a few a minute."""
    limit = getattr(settings, "TRUST_HINT_PER_MINUTE", 60)
    key = f"trust:hint:{user.pk}:{int(time.time() // 60)}"
    if cache.add(key, 1, timeout=90):
        return
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    if count > limit:
        raise HintRateLimited()


def hint(*, user: User, text: str, context: str, counterpart_id: str | int | None = None) -> HintAnswer:
    """What `user` would be told if `text` were sent in `context` (to `counterpart_id`): JSON-ready."""
    if context not in HINT_CONTEXTS:
        raise ValueError(f"unknown context {context!r}")
    counterpart = None
    if counterpart_id and str(counterpart_id).isdigit():
        counterpart = get_user_model().objects.filter(pk=int(counterpart_id)).first()
    text = strip_bidi(text or "")[:MAX_HINT_CHARS]
    decision = decide(text, context=context, user=user, counterpart=counterpart)
    if decision.exempted:
        decision.findings = []  # staff: nothing would be refused (their exemption is audited on save)
    return {
        "allowed": decision.allowed,
        "headline": "" if decision.allowed else decision.headline.replace("Not sent:", "Would not be sent:")
        .replace("Not saved:", "Would not be saved:"),
        "rule": "" if decision.allowed else decision.rule,
        "findings": [
            {"kind": f.kind, "start": f.start, "end": f.end, "matched": f.matched, "reason": f.reason}
            for f in decision.findings
        ],
        "html": "" if decision.allowed else str(decision.highlighted_html),
    }
