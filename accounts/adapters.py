from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """The only place allauth is customised (CONVENTIONS §11)."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.first_name = data.get("first_name", "")
        user.last_name = data.get("last_name", "")
        role = data.get("role")
        user.is_client = role == "client"
        user.is_freelancer = role == "freelancer"
        if commit:
            from accounts.services import user_finish_signup

            user_finish_signup(user=user)
        return user
