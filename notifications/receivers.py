"""Listeners for apps that must not import this one (trust)."""
from __future__ import annotations

from typing import Any

from .models import Kind
from .services import notify


def on_trust_decision(sender: Any = None, *, user: Any, title: str, text: str = "", url: str = "",
                      **kwargs: Any) -> None:
    """trust.signals.decision_made: a sanction applied or lifted, an appeal decided, a report's outcome.
    trust's own email already went out (trust/tasks.py): in-app only, so nobody gets it twice."""
    notify(user=user, kind=Kind.TRUST, title=title, body=text, url=url, email=False)
