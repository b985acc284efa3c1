from __future__ import annotations

from typing import Any

from django import template
from django.template import Context

from notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/nav_badge.html", takes_context=True)
def notifications_nav(context: Context) -> dict[str, Any]:
    """The nav's bell with the unread count (kept live by the ws/notifications/ socket)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"count": unread_count(user=user) if user is not None else 0}
