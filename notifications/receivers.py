"""Listeners for apps that must not import this one (trust)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .models import Kind
from .services import notify

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User  # AUTH_USER_MODEL: notifications imports no app above it


def on_trust_decision(sender: object = None, *, user: User, title: str, text: str = "", url: str = "",
                      topic: str = "standing", **kwargs: Any) -> None:
    """trust.signals.decision_made: a sanction applied or lifted, an appeal decided (topic "standing":
    always emailed), a report's outcome (topic "report": by preference). trust renders the words with
    its own templates; the notification and its one email go out from here, like every other event."""
    kind = Kind.REPORT if topic == "report" else Kind.TRUST
    notify(user=user, kind=kind, title=title, body=text, url=url)
