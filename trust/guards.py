"""The guard: one enforcement point for every save path of every text-bearing model.

Apps declare their text fields with `guard(Model, fields=[...], context=...)` in `AppConfig.ready()`;
the guard connects `pre_save` (forms, admin, shell, fixtures, `create`, `save`) and the model's
`GuardedManager` covers the paths that skip `save()` (`update`, `bulk_create`, `bulk_update`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models.signals import pre_save


@dataclass(frozen=True)
class GuardSpec:
    model: type[models.Model]
    fields: tuple[str, ...]
    context: str
    # Path to the author ("sender", "job__client"); "" means the instance itself is the user.
    user_field: str | None = "user"
    # For two-party contexts: returns (author, counterpart) or None when not two-party.
    parties: Callable[[models.Model], tuple[Any, Any] | None] | None = None
    extra: dict = field(default_factory=dict)


REGISTRY: dict[type[models.Model], GuardSpec] = {}


def guard(
    model: type[models.Model],
    *,
    fields: Iterable[str],
    context: str,
    user_field: str | None = "user",
    parties: Callable[[models.Model], tuple[Any, Any] | None] | None = None,
) -> GuardSpec:
    """Register `model`'s text `fields` for enforcement in `context` and connect pre_save."""
    spec = GuardSpec(model=model, fields=tuple(fields), context=context, user_field=user_field, parties=parties)
    REGISTRY[model] = spec
    pre_save.connect(_pre_save, sender=model, dispatch_uid=f"trust-guard-{model._meta.label}")
    return spec


def _pre_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    # Fixtures (raw) are checked too: a fixture is just another way in.
    from trust.enforcement import enforce_instance

    enforce_instance(instance, REGISTRY[sender])


class GuardedQuerySet(models.QuerySet):
    """Bulk paths that skip save() scan too."""

    def update(self, **kwargs: Any) -> int:
        spec = REGISTRY.get(self.model)
        if spec and set(kwargs) & set(spec.fields):
            from trust.enforcement import enforce_instance

            for obj in self:
                for name, value in kwargs.items():
                    if name in spec.fields:
                        setattr(obj, name, value)
                enforce_instance(obj, spec)
        return super().update(**kwargs)

    update.queryset_only = True  # type: ignore[attr-defined]

    def bulk_create(self, objs: Iterable[models.Model], *args: Any, **kwargs: Any) -> list[models.Model]:
        objs = list(objs)
        spec = REGISTRY.get(self.model)
        if spec:
            from trust.enforcement import enforce_instance

            for obj in objs:
                enforce_instance(obj, spec)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Iterable[models.Model], fields: Iterable[str], *args: Any, **kwargs: Any) -> int:
        objs = list(objs)
        fields = list(fields)
        spec = REGISTRY.get(self.model)
        if spec and set(fields) & set(spec.fields):
            from trust.enforcement import enforce_instance

            for obj in objs:
                enforce_instance(obj, spec)
        return super().bulk_update(objs, fields, *args, **kwargs)


class GuardedManager(models.Manager.from_queryset(GuardedQuerySet)):  # type: ignore[misc]
    """Default manager of every guarded model (system check trust.E002)."""
