from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils.safestring import SafeString

from core.urls import int_url
from trust.policy import highlight

if TYPE_CHECKING:
    from django.db import models
    from django.template import Context

    from trust.types import FindingDict, Visitor

register = template.Library()


@register.simple_tag(takes_context=True)
def trust_report_url(context: Context, target: models.Model | None) -> str:
    """The report URL for `target`, or "" when the viewer can't report it (anonymous, or their own)."""
    request = context.get("request")
    return report_url(getattr(request, "user", None) or context.get("user"), target)


def report_url(user: Visitor | None, target: models.Model | None) -> str:
    """`trust_report_url` without a template context (the chat renders its message partial in Python)."""
    from trust.services.reports import can_report

    if user is None or target is None or not can_report(user, target):
        return ""
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=True)  # Django caches it
    return int_url("trust:report-create", content_type.pk, target.pk)


@register.filter
def highlight_findings(text: str, findings: list[FindingDict]) -> SafeString:
    """Evidence text with its stored findings (dicts with start/end/reason) marked."""
    spans = [(int(f.get("start", 0)), int(f.get("end", 0)), str(f.get("reason", ""))) for f in findings or []]
    return highlight(text or "", spans)


@register.filter
def context_label(context: str) -> str:
    """"job_post" -> "Job post" (never "Job_post")."""
    from trust.policy import context_label as label

    return label(context or "")
