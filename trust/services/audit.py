"""The audit log: every decision a person (or the system) takes about someone's standing."""
from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType

from trust.models import AuditLog

if TYPE_CHECKING:
    from django.db import models

    from trust.policy import Decision
    from trust.types import User

logger = logging.getLogger("trust.audit")


def audit_log(
    *, actor: User | None, action: str, target: models.Model | None = None, reason: str = "",
    data: Mapping[str, object] | None = None,  # stored as JSON
) -> AuditLog:
    """Append one row. `actor` None means the system."""
    entry = AuditLog(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        reason=reason or "",
        data=data or {},
    )
    if target is not None and getattr(target, "pk", None) is not None:
        entry.content_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
        entry.object_id = target.pk
        entry.target_repr = str(target)[:200]
    entry.full_clean()
    entry.save()
    logger.info("trust audit: %s by %s on %s: %s", action, getattr(actor, "pk", "system"), entry.target_repr, reason)
    return entry


def audit_staff_exemption(*, decision: Decision, target: models.Model | None = None) -> AuditLog:
    """Staff text that would have been refused was let through (TRUST_EXEMPT_STAFF): leave a trace."""
    return audit_log(
        actor=decision.user,
        action="staff_exemption",
        target=target,
        reason=f"Staff exemption in {decision.context}",
        data={"kinds": sorted({f.kind for f in decision.exempted}), "text": decision.text[:2_000]},
    )
