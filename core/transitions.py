"""The one way a status changes (CONVENTIONS §8, §9).

Each model declares, next to its choices, which moves its status field allows:

    class Milestone(TimeStampedModel):
        TRANSITIONS = {Status.FUNDED: {Status.SUBMITTED, Status.REFUNDED}, ...}

(`TRANSITIONS` is the table of the field `status`; another field `foo_status` declares
`FOO_STATUS_TRANSITIONS`.) A service moves a row with `transition(instance, to, by=actor)`, which

- refuses a move the table does not list (`InvalidTransition`, code "invalid_transition"),
- writes `UPDATE ... SET status=to WHERE pk=... AND status=from`, so of two requests racing from the
  same state exactly one wins even where row locks do nothing (SQLite); the loser gets the same error
  class with code "conflict" ("changed meanwhile, reload"),
- sets `updated_at` (a queryset update skips `auto_now`) and any other columns passed in `values`,
  in the same statement,
- updates the instance in memory and returns the `Move` (from, to, by, at) for the app's own audit row
  (contracts' and marketplace's StatusChange, trust's FlagStatusChange).

It sends no model signal and opens no transaction: the caller's service owns the transaction, the
locks and what follows the move. `error=` lets an app raise its own subclass of
`core.errors.InvalidTransition`, so its callers' `except` clauses keep meaning what they meant.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from django.db import models
from django.utils import timezone

from core.errors import InvalidTransition

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Move:
    """A move that happened: what to write in the app's audit row."""

    instance: models.Model
    field: str
    from_value: str
    to_value: str
    by: AbstractBaseUser | None  # the actor (an app's User; None: the system)
    at: datetime


def table_attribute(field: str) -> str:
    """`TRANSITIONS` for `status`, `<FIELD>_TRANSITIONS` for any other field."""
    return "TRANSITIONS" if field == "status" else f"{field.upper()}_TRANSITIONS"


def allowed_moves(model: type[models.Model], field: str = "status") -> Mapping[str, Collection[str]]:
    """The declared table of `model.field`; a model without one allows no move (a bug, said loudly)."""
    table = getattr(model, table_attribute(field), None)
    if table is None:
        raise LookupError(f"{model.__name__} declares no {table_attribute(field)} table for {field!r}.")
    return table


def can_transition(instance: models.Model, to: str, *, field: str = "status") -> bool:
    """Whether the table allows `instance.field -> to` (for pages deciding which buttons to show)."""
    return to in allowed_moves(instance._meta.model, field).get(getattr(instance, field), ())


def _label(instance: models.Model, field: str, value: str) -> str:
    choices = dict(getattr(instance._meta.get_field(field), "flatchoices", ()))
    return str(choices.get(value, value)).lower()


def transition(
    instance: M,
    to: str,
    *,
    by: AbstractBaseUser | None = None,
    field: str = "status",
    values: Mapping[str, object] | None = None,
    error: type[InvalidTransition] = InvalidTransition,
    refused: str | None = None,
    stale: str | None = None,
) -> Move:
    """Move `instance.field` to `to` if the table allows it and nobody moved it meanwhile.

    `values`: other columns written in the same conditional UPDATE (decided_at, reviewer, ...).
    `refused` / `stale`: the user's sentences for a move the table forbids / a lost race; by default
    they name the model and its current state.
    """
    model = instance._meta.model  # not type(): request.user is a lazy proxy
    old = getattr(instance, field)
    name = model._meta.verbose_name
    if not can_transition(instance, to, field=field):
        raise error(
            refused or f"This {name} is {_label(instance, field, old)}; it can't become {_label(instance, field, to)}.",
            code="invalid_transition",
        )
    now = timezone.now()
    changes: dict[str, object] = {field: to, **(values or {})}
    field_names = {f.name for f in model._meta.concrete_fields}
    if "updated_at" in field_names and "updated_at" not in changes:
        changes["updated_at"] = now
    # The WHERE on the old value is the race guard: the row lock (PostgreSQL) makes the loser wait,
    # this makes it fail instead of overwriting, on every backend.
    won = model._default_manager.filter(pk=instance.pk, **{field: old}).update(**changes)
    if won != 1:
        raise error(stale or f"This {name} was changed meanwhile; reload the page and try again.", code="conflict")
    for attribute, value in changes.items():
        setattr(instance, attribute, value)
    return Move(instance=instance, field=field, from_value=old, to_value=to, by=by, at=now)
