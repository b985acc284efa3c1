"""Request types for views."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind `login_required`: `request.user` is a `User`, never anonymous.
    Only an annotation for type checkers (django-stubs' documented pattern); at run time views get
    Django's HttpRequest as always. Lives in accounts, beside the User it names (core imports no app)."""

    user: User
