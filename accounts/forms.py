from __future__ import annotations

from django import forms


class SignupForm(forms.Form):
    """Extra sign-up fields, mixed into allauth's SignupForm via ACCOUNT_FORMS."""

    ROLE_CHOICES = [("client", "I want to hire"), ("freelancer", "I want to work")]

    first_name = forms.CharField(max_length=60)
    last_name = forms.CharField(max_length=60)
    role = forms.ChoiceField(choices=ROLE_CHOICES, widget=forms.RadioSelect)

    def signup(self, request, user) -> None:  # allauth hook; the adapter already saved the names/role
        pass
