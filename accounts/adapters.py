from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.http import HttpRequest

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    """The only place allauth is customised (CONVENTIONS §11)."""

    def save_user(self, request: HttpRequest, user: User, form: forms.Form, commit: bool = True) -> User:
        """Copy email, password and names (allauth), then the chosen role; `user_finish_signup` saves the
        user and creates the role's profile in one transaction."""
        user = super().save_user(request, user, form, commit=False)
        role = form.cleaned_data.get("role")
        user.is_client = role == User.Role.CLIENT
        user.is_freelancer = role == User.Role.FREELANCER
        if commit:
            from .services import user_finish_signup

            user_finish_signup(user=user)
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Emails name the platform from settings (SITE_NAME, SITE_URL), not the Sites framework row."""
        super().send_mail(template_prefix, email, {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL,
                                                   **context})
