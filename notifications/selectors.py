from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import ALWAYS_EMAILED, EmailPreference, Kind, Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User  # AUTH_USER_MODEL: notifications imports no app above it


def unread_count(*, user: User) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def email_kinds(*, user: User) -> set[str]:
    """The kinds the user gets email for (default: all)."""
    off = set(EmailPreference.objects.filter(user=user, email=False).values_list("kind", flat=True))
    return (set(Kind.values) - off) | set(ALWAYS_EMAILED)
