from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString

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
    parts = _report_url_parts(get_script_prefix(), get_urlconf())
    return f"{parts[0]}{int(content_type.pk)}{parts[1]}{int(target.pk)}{parts[2]}"


_SENTINELS = (987654321987654321, 987654321987654323)


@lru_cache(maxsize=16)
def _report_url_parts(prefix: str, urlconf: str | None) -> tuple[str, str, str]:
    """reverse("trust:report-create") cut around its two ids, once per script prefix and URLconf: the
    chat renders a Report link for every message it delivers (a reverse() each was ~5% of a send)."""
    url = reverse("trust:report-create", urlconf=urlconf,
                  kwargs={"content_type_id": _SENTINELS[0], "object_id": _SENTINELS[1]})
    head, _, rest = url.partition(str(_SENTINELS[0]))
    middle, _, tail = rest.partition(str(_SENTINELS[1]))
    return head, middle, tail


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
