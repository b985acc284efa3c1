"""Standing on every request: suspended users are signed out (all their sessions, on their next
request, because the check runs at read time), and `request.standing` feeds the banner lazily."""
from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject

from trust.standing import Standing, active_sanctions, standing_of

SUSPENDED_MESSAGE = (
    "Your account is suspended{until}. If you think this is a mistake, reply to the email we sent you."
)


def _suspension(user) -> object | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return active_sanctions(user, kinds=("suspension",)).order_by("-ends_at").first()


class StandingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        suspension = _suspension(user)
        if suspension is not None:
            return self._sign_out(request, suspension)
        request.standing = SimpleLazyObject(
            lambda: standing_of(request.user) if request.user.is_authenticated else Standing()
        )
        response = self.get_response(request)
        # Just logged in (the login POST itself): a suspended account doesn't get to stay.
        if user is not None and not getattr(user, "is_authenticated", False):
            new_user = getattr(request, "user", None)
            suspension = _suspension(new_user)
            if suspension is not None:
                return self._sign_out(request, suspension)
        return response

    def _sign_out(self, request: HttpRequest, suspension) -> HttpResponse:
        logout(request)
        until = f" until {suspension.ends_at:%Y-%m-%d %H:%M} UTC" if suspension.ends_at else ""
        messages.error(request, SUSPENDED_MESSAGE.format(until=until))
        return redirect("account_login")
