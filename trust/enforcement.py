"""Applies the policy to a registered instance (called by the guard on every save path).

Refusal raises ContentBlocked carrying an unsaved Flag. Inside a transaction the flag is left to the
caller (`trust.services.flag_record` after the rollback, CONVENTIONS §6); with no transaction open
(the shell, a script) nothing would record it, so the guard records it itself before raising.
"""
from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

from trust.exceptions import ContentBlocked
from trust.guards import GuardSpec, parent_of, parties_of
from trust.policy import decide


def _preceding(instance: models.Model, spec: GuardSpec) -> Sequence[str]:
    if spec.preceding is None:
        return ()
    try:
        return tuple(spec.preceding(instance) or ())
    except Exception:  # noqa: BLE001 - a broken hook must not make the backstop crash the save
        return ()


def enforce_instance(instance: models.Model, spec: GuardSpec, *, fields: Sequence[str] | None = None) -> None:
    author, counterpart = parties_of(instance, spec)
    preceding = _preceding(instance, spec)
    for name in fields if fields is not None else spec.fields:
        text = getattr(instance, name, "") or ""
        if not isinstance(text, str) or not text.strip():
            continue
        decision = decide(
            text, context=spec.context, user=author, counterpart=counterpart,
            preceding=preceding if name == spec.fields[0] else (),
        )
        if decision.exempted:
            from trust.services import audit_staff_exemption

            audit_staff_exemption(decision=decision, target=instance if instance.pk else parent_of(instance, spec))
        if decision.allowed:
            continue
        from trust.services import flag_build

        target = instance if instance.pk is not None else parent_of(instance, spec)
        flag = flag_build(decision=decision, target=target, field_name=name)
        blocked = ContentBlocked(
            decision.message, findings=decision.findings, context=spec.context, field=name, flag=flag,
            decision=decision,
        )
        if not connection.in_atomic_block:
            from trust.services import flag_record

            flag_record(blocked)
        raise blocked
