"""Helpers shared by the contract services: the transition step, events, emails, the flag hook."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, overload

from django.db import transaction

from core.transitions import transition as core_transition
from trust.scope import writing

from ..exceptions import InvalidTransition, KeyReused, NotAParty
from ..models import Contract, Dispute, HourlyInvoice, LedgerTransaction, Milestone, StatusChange

if TYPE_CHECKING:
    from accounts.models import User

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


@overload
def durable_service(fn: F, *, staff: bool = False) -> F: ...
@overload
def durable_service(fn: None = None, *, staff: bool = False) -> Callable[[F], F]: ...
def durable_service(fn: F | None = None, *, staff: bool = False) -> F | Callable[[F], F]:
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
    actor: User | None,
    contract: Contract,
    note: str = "",
    verb: str = "",
) -> StatusChange:
    """Move `obj` to `to` if TRANSITIONS allows it (core.transitions: the update is conditional on
    the old status so it holds on SQLite, without row locks, too; the caller holds the row lock on
    PostgreSQL) and record the StatusChange."""
    name = type(obj)._meta.verbose_name
    move = core_transition(
        obj, to, by=actor, error=InvalidTransition,
        refused=f"This can't be {verb or 'done'} now: the {name} is {obj.get_status_display().lower()}.",
        stale=f"This {name} changed meanwhile; reload and try again.",
    )
    old = move.from_value
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


def require_client(contract: Contract, user: User) -> None:
    if getattr(user, "pk", None) != contract.client_id:
        raise NotAParty("Only the client of this contract can do this.")


def require_freelancer(contract: Contract, user: User) -> None:
    if getattr(user, "pk", None) != contract.freelancer_id:
        raise NotAParty("Only the freelancer of this contract can do this.")


def require_party(contract: Contract, user: User) -> None:
    if not contract.is_party(user):
        raise NotAParty("Only the two parties of this contract can do this.")


def replayed(scope: str, idempotency_key: str | None) -> LedgerTransaction | None:
    """The money movement this user's confirmation key already made (a double-submitted form)."""
    if not idempotency_key:
        return None
    return LedgerTransaction.objects.filter(scope=scope, idempotency_key=idempotency_key).first()


def same_operation_or_refuse(earlier: LedgerTransaction, **target: object) -> None:
    """A replayed key returns the original result only for the same operation on the same object;
    the same key on anything else is refused, never reported as that other operation's success."""
    for field, value in target.items():
        if getattr(earlier, f"{field}_id") != getattr(value, "pk", value):
            raise KeyReused(
                "This confirmation was already used for a different payment. Reload the page and try again."
            )


def settle_first(fn: F) -> F:
    """Deadlines are honoured when read: before a milestone, invoice or dispute service runs, what
    is already due on its contract (review periods, dispute windows, finished hourly weeks) is
    settled, each under its own lock in its own transaction, exactly as beat would have. Beat only
    makes it timely. Skipped when called inside a caller's transaction (it settles itself)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        connection = transaction.get_connection()
        blocks = getattr(connection, "atomic_blocks", [])
        if not (blocks and not getattr(blocks[-1], "_from_testcase", False)):
            from .deadlines import contract_settle_due

            contract_settle_due(contract_id=contract_id_for(**kwargs))
        return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def contract_id_for(**kwargs: Any) -> int | None:
    """The contract a service's keyword arguments point at (milestone_id, invoice_id, ...)."""
    if kwargs.get("contract_id"):
        return int(kwargs["contract_id"])
    for key, model in (("milestone_id", Milestone), ("invoice_id", HourlyInvoice), ("dispute_id", Dispute)):
        if kwargs.get(key):
            return model.objects.filter(pk=kwargs[key]).values_list("contract_id", flat=True).first()
    return None


def emit(contract: Contract, event: str, text: str, actor: User | None = None) -> None:
    """Fan out after commit: messaging posts `text` into the contract's conversation."""
    from ..signals import contract_event

    def send() -> None:
        for receiver, result in contract_event.send_robust(
            sender=Contract, contract=contract, event=event, text=text, actor=actor
        ):
            if isinstance(result, Exception):
                log.error("contract_event receiver %r failed: %r", receiver, result)

    transaction.on_commit(send)


def notify(contract: Contract, recipient: User, subject: str, text: str) -> None:
    """Email a party about their contract, after commit (Celery task)."""
    notify_user(recipient, subject, f"{text}\n\nContract: {contract.title}", path=f"/contracts/{contract.pk}/")


def notify_user(recipient: User, subject: str, text: str, path: str = "/contracts/balance/") -> None:
    """Tell `recipient` (notifications: in-app, live badge, templated email by their preferences; the
    row commits with the money movement and its email is retried periodically)."""
    from notifications.services import notify_contract_event

    notify_contract_event(recipient, subject, text, path)


def after_commit(fn: Callable[[], object], what: str) -> None:
    """Run a cross-app follow-up after commit; its failure is logged, never undoes the commit."""

    def run() -> None:
        try:
            fn()
        except Exception:  # noqa: BLE001 - a follow-up must not break the committed step
            log.exception("contracts follow-up failed: %s", what)

    transaction.on_commit(run)
