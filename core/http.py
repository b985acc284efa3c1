"""Request types for views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind `login_required`: `request.user` is a `User`, never anonymous.
    Only an annotation for type checkers (django-stubs' documented pattern); at run time views get
    Django's HttpRequest as always."""

    user: User
