"""Applies the policy to a registered instance (called by the guard on every save path).

First version: blocks any finding in any guarded field. The policy with contracts, allow-lists,
staff exemption and flag recording is trust.policy's job.
"""
from __future__ import annotations

from django.db import models

from trust.detection import scan
from trust.exceptions import ContentBlocked
from trust.guards import GuardSpec


def enforce_instance(instance: models.Model, spec: GuardSpec) -> None:
    for name in spec.fields:
        text = getattr(instance, name, "") or ""
        findings = scan(text)
        if findings:
            raise ContentBlocked(
                f"Contact details are not allowed here: {findings[0].reason}",
                findings=findings,
                context=spec.context,
                field=name,
            )
