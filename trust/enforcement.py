"""Applies the policy to a registered instance (called by the guard on every save path).

Inside a write scope (trust.scope) the scope says who writes to whom, and the decisions the service
already asked for are reused (no second scan); the refusal is raised through the scope, which records
it once after the rollback. Outside any scope (shell, fixtures) the author and counterpart come from
the paths registered with `guard(...)`, and a refusal outside a transaction is recorded at once.
"""
from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

from trust.exceptions import ContentBlocked
from trust.guards import GuardSpec, counterpart_for, parent_of, parties_of, resolve_path
from trust.policy import Decision
from trust.scope import TOGETHER_SEPARATOR, WriteScope, current, strip_bidi


def _preceding(instance: models.Model, spec: GuardSpec) -> Sequence[str]:
    if spec.preceding is None:
        return ()
    try:
        return tuple(spec.preceding(instance) or ())
    except Exception:  # noqa: BLE001 - a broken hook must not make the backstop crash the save
        return ()


def _text(instance: models.Model, path: str) -> str:
    value = resolve_path(instance, path) if "__" in path else getattr(instance, path, "")
    return value if isinstance(value, str) else ""


def _fallback_scope(instance: models.Model, spec: GuardSpec) -> WriteScope:
    """No scope is open: judge with the registered author path, as a one-off scope."""
    author, counterpart = parties_of(instance, spec)
    return WriteScope(author=author, counterpart=counterpart, context=spec.context, actor=author)


def _audit_exemption(decision: Decision, instance: models.Model, spec: GuardSpec) -> None:
    if not decision.exempted or getattr(decision, "audited", False):
        return
    from trust.services import audit_staff_exemption

    decision.audited = True  # type: ignore[attr-defined]
    audit_staff_exemption(decision=decision, target=instance if instance.pk else parent_of(instance, spec))


def enforce_instance(instance: models.Model, spec: GuardSpec, *, fields: Sequence[str] | None = None) -> None:
    """Strip bidi controls from the written text fields, then refuse the save when the policy denies
    any of them, or any group of fields that render together."""
    names = tuple(fields if fields is not None else spec.fields)
    for name in names:
        value = getattr(instance, name, "")
        if isinstance(value, str):
            cleaned = strip_bidi(value)
            if cleaned != value:
                setattr(instance, name, cleaned)

    scope = current()
    inside = scope is not None
    if scope is None:
        scope = _fallback_scope(instance, spec)
        preceding = _preceding(instance, spec)
        counterpart = scope.counterpart
    else:
        preceding = ()
        counterpart = scope.counterpart or counterpart_for(instance, spec, scope.judged_user)

    def judge(text: str, *, with_preceding: bool = False) -> Decision:
        if inside:
            cached = scope.cached(text, context=spec.context)
            if cached is not None and (counterpart is scope.counterpart or scope.counterpart is None):
                return cached
        return scope.decide(
            text, context=spec.context, preceding=preceding if with_preceding else (), counterpart=counterpart
        )

    refused: tuple[Decision, str] | None = None
    for name in names:
        text = getattr(instance, name, "") or ""
        if not isinstance(text, str) or not text.strip():
            continue
        decision = judge(text, with_preceding=name == spec.fields[0])
        _audit_exemption(decision, instance, spec)
        if not decision.allowed:
            refused = (decision, name)
            break
    if refused is None:
        for group in spec.together:
            if not any(path in names for path in group):
                continue
            parts = [text for text in (strip_bidi(_text(instance, path)) for path in group) if text.strip()]
            if len(parts) < 2:
                continue
            decision = judge(TOGETHER_SEPARATOR.join(parts))
            _audit_exemption(decision, instance, spec)
            if not decision.allowed:
                refused = (decision, next(path for path in group if path in names))
                break
    if refused is None:
        return
    decision, name = refused
    target = instance if instance.pk is not None else parent_of(instance, spec)
    blocked: ContentBlocked = scope.refusal(decision, field=name, target=target)
    if not inside:
        blocked.scope = scope
        if not connection.in_atomic_block:
            scope.record(blocked)
    raise blocked
