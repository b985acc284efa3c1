from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.safestring import SafeString

from trust.policy import highlight

if TYPE_CHECKING:
    from django.db import models
    from django.template import Context

    from trust.types import FindingDict

register = template.Library()


@register.simple_tag(takes_context=True)
def trust_report_url(context: Context, target: models.Model | None) -> str:
    """The report URL for `target`, or "" when the viewer can't report it (anonymous, or their own)."""
    from trust.services.reports import can_report

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or target is None or not can_report(user, target):
        return ""
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
    return reverse("trust:report-create", kwargs={"content_type_id": content_type.pk, "object_id": target.pk})


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
