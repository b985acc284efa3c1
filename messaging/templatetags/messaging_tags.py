from __future__ import annotations

from django import template

from ..selectors import unread_total

register = template.Library()


@register.inclusion_tag("messaging/partials/nav_badge.html", takes_context=True)
def messages_nav(context: template.Context) -> dict:
    """The nav's "Messages" link with the unread badge (kept live by static/js/messaging.js)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"unread": unread_total(user=user) if user is not None else 0}
