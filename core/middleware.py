"""Request-scoped glue for operations."""

from __future__ import annotations

from collections.abc import Callable

import structlog
from django.http import HttpRequest, HttpResponseBase


class RequestIdHeaderMiddleware:
    """Send the request id django-structlog bound for this request back as `X-Request-ID`, so a user,
    a support ticket or a proxy log can point at the matching log lines. Sits after
    django_structlog.middlewares.RequestMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        request_id = structlog.contextvars.get_contextvars().get("request_id")
        if request_id and "X-Request-ID" not in response:
            response["X-Request-ID"] = str(request_id)
        return response
