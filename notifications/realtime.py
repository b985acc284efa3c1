"""The live badge: the count goes to the user's group on the ws/notifications/ socket (messaging's
NotificationsConsumer relays `notifications.changed` as {"type": "notifications", "count": n})."""
from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model

from .selectors import unread_count


def push_count(*, user_id: int) -> None:
    layer = get_channel_layer()
    user = get_user_model().objects.filter(pk=user_id).first()
    if layer is None or user is None:
        return
    async_to_sync(layer.group_send)(f"user-{user_id}", {"type": "notifications.changed",
                                                         "count": unread_count(user=user)})
