"""WebSocket routes (imported by config/asgi.py); the protocol is documented in consumers.py."""

from django.conf import settings
from django.urls import path

from .consumers import ConversationConsumer, EchoConsumer, NotificationsConsumer

websocket_urlpatterns: list = [
    path("ws/conversations/<int:pk>/", ConversationConsumer.as_asgi()),
    path("ws/notifications/", NotificationsConsumer.as_asgi()),
]
if settings.BENCH_VIEWS:
    from bench.consumers import StoreForwardConsumer

    websocket_urlpatterns += [
        path("ws/bench/echo/", EchoConsumer.as_asgi()),
        path("ws/bench/store-forward/<int:pk>/", StoreForwardConsumer.as_asgi()),
    ]
