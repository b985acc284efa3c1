"""ASGI entry point: HTTP through Django, WebSockets through Channels.

WebSockets require an authenticated session (AuthMiddlewareStack) and a same-site Origin
(AllowedHostsOriginValidator); each consumer checks that the user is a party of its room.
"""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from core.checks import refuse_to_start_on_errors  # noqa: E402

refuse_to_start_on_errors()  # uvicorn runs no system checks: a missing secret key stops it here

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs the app registry loaded)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from messaging.routing import websocket_urlpatterns  # noqa: E402
from trust.detection import warm  # noqa: E402

warm()  # the detector's lexicons are built before the first request, not by every thread that meets them cold

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
