"""Context providers: how the flag review screen shows the conversation around a flagged message.

Trust can't import messaging (dependencies point one way), so messaging registers a provider in its
AppConfig.ready():

    from trust.registry import register_context_provider
    register_context_provider(Conversation, lambda conversation: [(author, text, created_at), ...])

`fn(target)` gets the flag's target (the message, or its conversation when the message was never
saved) and returns lines (author, text, created_at), oldest first (rows with sender/body/created_at
attributes, such as messages, are accepted too).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models

logger = logging.getLogger("trust.registry")

if TYPE_CHECKING:
    from trust.types import User

# (author, text, created_at): the author is a user, a name, or None (the line shows "System").
Line = tuple["User | str | None", str, datetime | None]
# The `Any` below is the registered model's row: each app registers a function of its own model
# (`message_flag_context(message: Message)`), which a registry of all models can't name, and
# `Callable[[models.Model], ...]` would refuse those functions.
ContextProvider = Callable[[Any], Sequence["Line | models.Model"]]
ReportAccess = Callable[["User", Any], bool]
Relationship = Callable[["User", "User"], bool]

CONTEXT_PROVIDERS: dict[type[models.Model], ContextProvider] = {}
REPORT_ACCESS: dict[type[models.Model], ReportAccess] = {}


RELATIONSHIPS: dict[str, Relationship] = {}


def register_relationship(name: str, fn: Relationship) -> None:
    """Another app answers a question about two users for trust, e.g. contracts registers
    "contract_started" (contact details may pass) and "contract_active" (a restriction never cuts
    messages between the parties). trust imports no app; unanswered questions are answered False."""
    RELATIONSHIPS[name] = fn


def relationship(name: str, a: User | None, b: User | None) -> bool:
    fn = RELATIONSHIPS.get(name)
    if fn is None or a is None or b is None:
        return False
    return bool(fn(a, b))


def register_report_access(model: type[models.Model], fn: ReportAccess) -> None:
    """Who may report a `model` row: fn(user, target) -> bool (default: see trust.services.reports.can_report)."""
    REPORT_ACCESS[model] = fn


def report_access(model: type[models.Model]) -> ReportAccess | None:
    concrete = model._meta.concrete_model
    return REPORT_ACCESS.get(model) or (REPORT_ACCESS.get(concrete) if concrete is not None else None)


def register_context_provider(model: type[models.Model], fn: ContextProvider) -> None:
    """`fn(target)` returns Line tuples or rows `_line` reads (sender/author, body/text, created_at)."""
    CONTEXT_PROVIDERS[model] = fn


def context_lines(target: models.Model | None) -> list[Line]:
    """The lines around `target`, or [] when nobody registered a provider for its model."""
    if target is None:
        return []
    model = type(target)
    for candidate in (model, model._meta.concrete_model or model):
        fn = CONTEXT_PROVIDERS.get(candidate)
        if fn is not None:
            try:
                return [_line(item) for item in fn(target)]
            except Exception:  # a provider bug must not take the review screen down
                logger.exception("trust: context provider for %s failed", candidate._meta.label)
                return []
    return []


def _line(item: Line | models.Model) -> Line:
    """Accept (author, text, created_at) tuples, or rows with sender/author, body/text and created_at."""
    if isinstance(item, tuple | list):
        author, text, created_at = item
        return author, text, created_at
    author = getattr(item, "sender", None) or getattr(item, "author", None) or "System"
    text = getattr(item, "body", None) or getattr(item, "text", "") or ""
    return author, text, getattr(item, "created_at", None)
