"""Helpers shared by the contract services: the transition step, events, emails, the flag hook."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial, wraps
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from trust.scope import writing

from ..exceptions import InvalidTransition, NotAParty
from ..models import Contract, Dispute, HourlyInvoice, LedgerTransaction, Milestone, StatusChange

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def durable_service(fn: F | None = None, *, staff: bool = False) -> Any:
    """Top-level service: one durable transaction inside one trust write scope.

    The scope names who writes the contract text (trust.scope.writing): the acting user passed as
    `actor` (or `client` / `author`). `staff=True` marks staff decisions (dispute resolution): the
    text is the staff member's, never a party's, so it strikes nobody. A service called without an
    actor is a system write. The guard judges every text saved inside with that author and the other
    party of the row; a refusal rolls the durable transaction back and the scope records it after.
    """

    def decorate(fn: F) -> F:
        atomic_fn = transaction.atomic(durable=True)(fn)

        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            who = next((kwargs[k] for k in ("actor", "client", "author") if kwargs.get(k) is not None), None)
            author = None if staff else who
            with writing(author=author, actor=who, context="contract"):
                return atomic_fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate(fn) if fn is not None else decorate


def transition(
    obj: Contract | Milestone | HourlyInvoice | Dispute,
    *,
    to: str,
    actor: Any,
    contract: Contract,
    note: str = "",
    verb: str = "",
) -> StatusChange:
    """Move `obj` to `to` if TRANSITIONS allows it. The update is conditional on the old status so
    it holds on SQLite (no row locks) too; the caller holds the row lock on PostgreSQL."""
    model: type[models.Model] = type(obj)
    old = obj.status
    allowed = model.TRANSITIONS.get(old, set()) if hasattr(model, "TRANSITIONS") else set()
    if to not in allowed:
        raise InvalidTransition(
            f"This can't be {verb or 'done'} now: the {model._meta.verbose_name} is {obj.get_status_display().lower()}."
        )
    changed = model._default_manager.filter(pk=obj.pk, status=old).update(status=to, updated_at=timezone.now())
    if changed != 1:
        raise InvalidTransition(f"This {model._meta.verbose_name} changed meanwhile; reload and try again.")
    obj.status = to
    change = StatusChange(
        contract=contract,
        milestone=obj if isinstance(obj, Milestone) else None,
        invoice=obj if isinstance(obj, HourlyInvoice) else None,
        dispute=obj if isinstance(obj, Dispute) else None,
        from_status=old,
        to_status=to,
        actor=actor if getattr(actor, "pk", None) else None,
        note=note,
    )
    change.full_clean()
    change.save()
    return change


def require_client(contract: Contract, user: Any) -> None:
    if getattr(user, "pk", None) != contract.client_id:
        raise NotAParty("Only the client of this contract can do this.")


def require_freelancer(contract: Contract, user: Any) -> None:
    if getattr(user, "pk", None) != contract.freelancer_id:
        raise NotAParty("Only the freelancer of this contract can do this.")


def require_party(contract: Contract, user: Any) -> None:
    if not contract.is_party(user):
        raise NotAParty("Only the two parties of this contract can do this.")


def replayed(idempotency_key: str | None) -> bool:
    """True if a money movement with this key already happened (a double-submitted form)."""
    return bool(idempotency_key) and LedgerTransaction.objects.filter(idempotency_key=idempotency_key).exists()


def emit(contract: Contract, event: str, text: str, actor: Any = None) -> None:
    """Fan out after commit: messaging posts `text` into the contract's conversation."""
    from ..signals import contract_event

    def send() -> None:
        for receiver, result in contract_event.send_robust(
            sender=Contract, contract=contract, event=event, text=text, actor=actor
        ):
            if isinstance(result, Exception):
                log.error("contract_event receiver %r failed: %r", receiver, result)

    transaction.on_commit(send)


def notify(contract: Contract, recipient: Any, subject: str, text: str) -> None:
    """Email a party about their contract, after commit (Celery task)."""
    notify_user(recipient, subject, f"{text}\n\nContract: {contract.title}", path=f"/contracts/{contract.pk}/")


def notify_user(recipient: Any, subject: str, text: str, path: str = "/contracts/balance/") -> None:
    """Email `recipient` after commit (Celery task, ids only)."""
    from ..tasks import send_user_email

    transaction.on_commit(
        partial(send_user_email.delay, recipient_id=recipient.pk, subject=subject, text=text, path=path)
    )


def after_commit(fn: Callable[[], Any], what: str) -> None:
    """Run a cross-app follow-up after commit; its failure is logged, never undoes the commit."""

    def run() -> None:
        try:
            fn()
        except Exception:  # noqa: BLE001 - a follow-up must not break the committed step
            log.exception("contracts follow-up failed: %s", what)

    transaction.on_commit(run)
