"""Standing on every request: suspended users are signed out (every session of theirs, on its next
request, because the check runs at read time) and land on one page that says so, with the appeal form
(trust:appeal-link); `request.standing` feeds the banner.

One query per signed-in request: the user's sanctions in force.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from trust.links import appeal_link_token
from trust.standing import Standing, standing_of

if TYPE_CHECKING:
    from trust.models import Sanction


class StandingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        was_authenticated = bool(getattr(user, "is_authenticated", False))
        standing = standing_of(user) if was_authenticated else Standing()
        if standing.suspension is not None:
            return self._sign_out(request, standing.suspension)
        request.standing = standing  # type: ignore[attr-defined]
        response = self.get_response(request)
        # The log-in request itself: a suspended account doesn't get to keep the session it just got.
        new_user = getattr(request, "user", None)
        if not was_authenticated and getattr(new_user, "is_authenticated", False):
            suspension = standing_of(new_user).suspension
            if suspension is not None:
                return self._sign_out(request, suspension)
        return response

    def _sign_out(self, request: HttpRequest, suspension: Sanction) -> HttpResponse:
        # One clear message: drop whatever the sign-in queued ("Successfully signed in as ...").
        for _ in messages.get_messages(request):
            pass
        logout(request)
        return redirect("trust:appeal-link", token=appeal_link_token(suspension))
