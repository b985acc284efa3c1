"""The guard: one enforcement point for every save path of every text-bearing model.

Apps declare their text fields with `guard(Model, fields=[...], context=...)` in `AppConfig.ready()`;
the guard's `pre_save` receiver covers forms, admin, shell, fixtures, `create` and `save`, and the
model's `GuardedManager` covers the paths that skip `save()` (`update`, `bulk_create`, `bulk_update`).
The decision itself is trust.enforcement's (which asks trust.policy); this module only finds the
text, the author and the counterpart.
"""
from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.signals import pre_save

if TYPE_CHECKING:
    from trust.types import User

_M = TypeVar("_M", bound=models.Model)

# Given the saved instance of the guarded model: (author, counterpart) or None. The instance is `Any`:
# each app registers a function of its own model's rows (`lambda message: ...`), which a registry of
# all models can't name, and `Callable[[models.Model], ...]` would refuse those functions.
Parties = Callable[[Any], "tuple[User | None, User | None] | None"]


@dataclass(frozen=True)
class GuardSpec:
    model: type[models.Model]
    fields: tuple[str, ...]
    context: str
    # Path to the author ("sender", "job__client", "profile__user"); None: the instance is the user.
    user_field: str | None = "user"
    # Two-party contexts: returns (author, counterpart), or None when the row has no second party.
    parties: Parties | None = None
    # Where the flag points when the refused row has no pk yet: a path ("conversation") or a callable.
    parent: str | Callable[[models.Model], models.Model | None] | None = None
    # Two-party chat: the author's immediately preceding texts, oldest first (split numbers).
    preceding: Callable[[models.Model], Sequence[str]] | None = None
    # Fields (or paths such as "message__body") shown together: also scanned as one text.
    together: tuple[tuple[str, ...], ...] = ()


REGISTRY: dict[type[models.Model], GuardSpec] = {}

# Set while bulk_update() runs its own inner update(): the objects were already checked.
_checked: contextvars.ContextVar[bool] = contextvars.ContextVar("trust_guard_checked", default=False)


def guard(
    model: type[models.Model],
    *,
    fields: Iterable[str],
    context: str,
    user_field: str | None = "user",
    parties: Parties | None = None,
    parent: str | Callable[[models.Model], models.Model | None] | None = None,
    preceding: Callable[[models.Model], Sequence[str]] | None = None,
    together: Iterable[Iterable[str]] = (),
) -> GuardSpec:
    """Register `model`'s text `fields` for enforcement in `context`.

    `together`: groups of fields rendered next to each other (headline + overview, first + last
    name; a path like "message__body" reaches a related row): each group is scanned as one text too.

    One global pre_save receiver serves every guarded model, so proxy models and subclasses are
    guarded too (a receiver bound to `sender=model` would miss saves of a proxy class).
    """
    names = tuple(fields)
    for name in names:
        model._meta.get_field(name)  # fail at startup on a typo, not at the first save
    groups = tuple(tuple(group) for group in together)
    for group in groups:
        if len(group) < 2:
            raise ValueError(f"together= groups need at least two fields, got {group!r}")
        for path in group:
            if "__" not in path:
                model._meta.get_field(path)
    spec = GuardSpec(
        model=model, fields=names, context=context, user_field=user_field,
        parties=parties, parent=parent, preceding=preceding, together=groups,
    )
    REGISTRY[model] = spec
    pre_save.connect(_pre_save, dispatch_uid="trust-guard-pre-save")
    return spec


def spec_for(model: type[models.Model]) -> GuardSpec | None:
    """The spec guarding `model` (or the concrete model / parent it proxies or inherits)."""
    for candidate in (model, model._meta.concrete_model, *model._meta.get_parent_list()):
        if candidate in REGISTRY:
            return REGISTRY[candidate]
    return None


def resolve_path(instance: models.Model, path: str | None) -> Any:
    """Follow "a__b__c" from `instance`; None when any step is missing or unsaved.

    `Any`: whatever the path names (a user, a row, a text); the path is data, so no type follows it."""
    if path is None:
        return instance
    obj: object = instance
    for part in path.split("__"):
        try:
            obj = getattr(obj, part)
        except (ObjectDoesNotExist, AttributeError):
            return None
        if obj is None:
            return None
    return obj


def author_of(instance: models.Model, spec: GuardSpec | None = None) -> User | None:
    """Who wrote this row's text (the owner a report is about)."""
    spec = spec or spec_for(type(instance))
    if spec is None:
        return None
    return resolve_path(instance, spec.user_field)


def parties_of(instance: models.Model, spec: GuardSpec) -> tuple[User | None, User | None]:
    """(author, counterpart); counterpart is None outside two-party contexts."""
    if spec.parties is not None:
        try:
            pair = spec.parties(instance)
        except ObjectDoesNotExist:
            pair = None
        if pair:
            return pair[0], pair[1]
    return author_of(instance, spec), None


def counterpart_for(instance: models.Model, spec: GuardSpec, author: User | None) -> User | None:
    """The other party of a two-party row, seen from `author` (None for public rows or non-parties)."""
    if spec.parties is None or author is None:
        return None
    try:
        pair = spec.parties(instance)
    except ObjectDoesNotExist:
        return None
    if not pair:
        return None
    first, second = pair
    author_pk = getattr(author, "pk", None)
    if getattr(first, "pk", None) == author_pk:
        return second
    if getattr(second, "pk", None) == author_pk:
        return first
    return None


def parent_of(instance: models.Model, spec: GuardSpec) -> models.Model | None:
    if spec.parent is None:
        return None
    if callable(spec.parent):
        try:
            return spec.parent(instance)
        except ObjectDoesNotExist:
            return None
    return resolve_path(instance, spec.parent)


def _pre_save(
    sender: type[models.Model], instance: models.Model, raw: bool = False,
    update_fields: frozenset[str] | None = None, **kwargs: object,  # the rest of pre_save's arguments, unused
) -> None:
    # Fixtures (raw) are checked too: a fixture is just another way in.
    spec = spec_for(sender)
    if spec is None:
        return
    from trust.enforcement import enforce_instance

    fields = spec.fields if update_fields is None else tuple(f for f in spec.fields if f in update_fields)
    if fields:
        enforce_instance(instance, spec, fields=fields)


class GuardedQuerySet(models.QuerySet[_M]):
    """Bulk paths that skip save() scan too."""

    def update(self, **kwargs: Any) -> int:  # field values or expressions, as Django's update() takes
        spec = spec_for(self.model)
        touched = [name for name in kwargs if spec and name in spec.fields]
        if spec and touched and not _checked.get():
            from trust.enforcement import enforce_instance

            # Expressions (Concat(F("body"), Value(...)), Replace, ...) are evaluated per row by the
            # database first, so the text that would be written is the text that is checked.
            exprs = {f"trust_new_{n}": kwargs[n] for n in touched if hasattr(kwargs[n], "resolve_expression")}
            rows = self.annotate(**exprs) if exprs else self
            for obj in rows:
                for name in touched:
                    value = getattr(obj, f"trust_new_{name}") if f"trust_new_{name}" in exprs else kwargs[name]
                    setattr(obj, name, value)
                enforce_instance(obj, spec, fields=tuple(touched))
        return super().update(**kwargs)

    update.queryset_only = True  # type: ignore[attr-defined]

    # *args/**kwargs: Django's own options (batch_size, ignore_conflicts...), passed on untouched.
    def bulk_create(self, objs: Iterable[_M], *args: Any, **kwargs: Any) -> list[_M]:
        objs = list(objs)
        spec = spec_for(self.model)
        if spec:
            from trust.enforcement import enforce_instance

            for obj in objs:
                enforce_instance(obj, spec, fields=spec.fields)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Iterable[_M], fields: Iterable[str], *args: Any, **kwargs: Any) -> int:
        objs = list(objs)
        fields = list(fields)
        spec = spec_for(self.model)
        touched = tuple(f for f in fields if spec and f in spec.fields)
        if spec and touched:
            from trust.enforcement import enforce_instance

            for obj in objs:
                enforce_instance(obj, spec, fields=touched)
        token = _checked.set(True)  # bulk_update() calls update() with Case() expressions per batch
        try:
            return super().bulk_update(objs, fields, *args, **kwargs)
        finally:
            _checked.reset(token)


class GuardedManager(models.Manager.from_queryset(GuardedQuerySet)):  # type: ignore[misc]
    """Default manager of every guarded model (system check trust.E002)."""
