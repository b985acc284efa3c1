"""Forms for sign-up, profiles, portfolio and identity checks.

Public text is judged by the service's trust write scope; a refusal comes back as ContentBlocked and
`show_refusal` puts it on the field (highlighted, with what it counted as) while the typed text stays.
Sign-up asks a scope in `clean()` because allauth runs the save.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django_countries import countries

from trust.forms import RefusalDisplayMixin, check_for_form
from trust.uploads.forms import UploadField

from .models import ClientProfile, FreelancerProfile, PortfolioItem, Skill, User

HOURLY_RATE_MIN = Decimal("3.00")
HOURLY_RATE_MAX = Decimal("999.00")
MAX_SKILLS = 15


def _country_choices() -> list[tuple[str, str]]:
    return [("", "Choose a country")] + [(code, name) for code, name in countries]


class SignupForm(RefusalDisplayMixin, AllauthSignupForm):
    """allauth's sign-up form plus the person's name and first role (ACCOUNT_FORMS["signup"]).

    The adapter copies these onto the user and `user_finish_signup` creates the role's profile."""

    ROLE_CHOICES = [
        (User.Role.CLIENT.value, "I want to hire freelancers"),
        (User.Role.FREELANCER.value, "I want to find work"),
    ]

    first_name = forms.CharField(label="First name", max_length=60, widget=forms.TextInput(
        attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label="Last name", max_length=60, widget=forms.TextInput(
        attrs={"autocomplete": "family-name"}),
        help_text="Others see your first name and last initial, never your email.")
    role = forms.ChoiceField(
        label="What brings you here?", choices=ROLE_CHOICES, widget=forms.RadioSelect,
        help_text="You can add the other role later from your profile.",
    )

    field_order = ["first_name", "last_name", "email", "password1", "password2", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=None, **kwargs)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        # Nobody exists yet to strike: the scope records the refusal without an author.
        check_for_form(self, author=None, context="profile",
                       first_name=cleaned.get("first_name"), last_name=cleaned.get("last_name"))
        return cleaned


class NamesForm(RefusalDisplayMixin, forms.Form):
    hint_fields = ("first_name", "last_name")
    hint_context = "profile"

    first_name = forms.CharField(label="First name", max_length=60)
    last_name = forms.CharField(
        label="Last name", max_length=60, help_text="Shown to others as an initial only."
    )


class FreelancerProfileForm(RefusalDisplayMixin, forms.Form):
    hint_fields = ("headline", "overview")
    hint_context = "profile"

    headline = forms.CharField(
        max_length=120, required=False, help_text="One line clients see first, e.g. “Django developer for SaaS”."
    )
    overview = forms.CharField(
        max_length=5_000, required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Your experience and how you work. No contact details: clients reach you through the platform.",
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=f"Up to {MAX_SKILLS}.",
    )
    hourly_rate = forms.DecimalField(
        label=f"Hourly rate ({settings.CONTRACTS_CURRENCY})", required=False,
        min_value=HOURLY_RATE_MIN, max_value=HOURLY_RATE_MAX,
        decimal_places=2, max_digits=6, widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        help_text=f"Between {HOURLY_RATE_MIN} and {HOURLY_RATE_MAX} {settings.CONTRACTS_CURRENCY}. Empty hides it.",
    )
    country = forms.ChoiceField(choices=_country_choices, required=False)
    availability = forms.ChoiceField(
        choices=FreelancerProfile.Availability.choices, required=False,
        initial=FreelancerProfile.Availability.AS_NEEDED,
        help_text="Shown on your profile so clients know whether to invite you.",
    )

    @classmethod
    def initial_for(cls, profile: FreelancerProfile) -> dict[str, object]:
        rate = None
        if profile.hourly_rate_cents is not None:
            rate = (Decimal(profile.hourly_rate_cents) / 100).quantize(Decimal("0.01"))
        return {
            "headline": profile.headline,
            "overview": profile.overview,
            "skills": list(profile.skills.all()),
            "hourly_rate": rate,
            "country": profile.country.code if profile.country else "",  # type: ignore[attr-defined]  # a Country
            "availability": profile.availability,
        }

    def clean_skills(self) -> list[Skill]:
        skills = list(self.cleaned_data["skills"])
        if len(skills) > MAX_SKILLS:
            raise forms.ValidationError(f"Pick at most {MAX_SKILLS} skills (you picked {len(skills)}).")
        return skills

    @property
    def hourly_rate_cents(self) -> int | None:
        """The validated dollar amount in integer cents, rounded once, half up."""
        rate = self.cleaned_data.get("hourly_rate")
        if rate is None:
            return None
        try:
            return int((rate * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        except InvalidOperation:  # pragma: no cover - DecimalField already bounded it
            return None


class ClientProfileForm(RefusalDisplayMixin, forms.Form):
    hint_fields = ("company_name", "about")
    hint_context = "profile"

    company_name = forms.CharField(label="Company name", max_length=120, required=False,
                                   help_text="Optional. Leave empty if you hire as a person.")
    country = forms.ChoiceField(choices=_country_choices, required=False)
    about = forms.CharField(
        label="About", max_length=3_000, required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you do and what kind of work you hire for.",
    )

    @classmethod
    def initial_for(cls, profile: ClientProfile) -> dict[str, object]:
        return {
            "company_name": profile.company_name,
            "country": profile.country.code if profile.country else "",  # type: ignore[attr-defined]  # a Country
            "about": profile.about,
        }


class PortfolioItemForm(RefusalDisplayMixin, forms.Form):
    hint_fields = ("title", "description")
    hint_context = "profile"

    title = forms.CharField(max_length=120)
    description = forms.CharField(max_length=2_000, required=False, widget=forms.Textarea(attrs={"rows": 5}))
    # trust's upload pipeline: type read from the bytes, shown publicly once its scan passed.
    image = UploadField(use="portfolio_image", required=False)
    remove_image_ = forms.BooleanField(label="Remove the current image", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = (
            "Optional. " + self.fields["image"].help_text + " It is shown once our check of the picture passed."
        )
        if not (self.initial or {}).get("has_image"):
            del self.fields["remove_image_"]

    @classmethod
    def initial_for(cls, item: PortfolioItem) -> dict[str, object]:
        return {"title": item.title, "description": item.description, "has_image": bool(item.image_id)}

    @property
    def new_image(self) -> UploadedFile | None:
        image = self.cleaned_data.get("image")
        return image if isinstance(image, UploadedFile) else None

    @property
    def remove_image(self) -> bool:
        return bool(self.cleaned_data.get("remove_image_"))


class AvatarForm(forms.Form):
    avatar = UploadField(use="avatar", label="Profile photo")


class AddRoleForm(forms.Form):
    role = forms.ChoiceField(choices=User.Role.choices)


class IdentityVerificationForm(forms.Form):
    legal_name = forms.CharField(
        label="Full legal name", max_length=150,
        help_text="As printed on your document. Only our review team sees it.",
    )
    country = forms.ChoiceField(label="Issuing country", choices=_country_choices)
    document = UploadField(
        use="identity_document",
        label="Identity document",
        help_text="A photo or scan of your passport, national ID card or driving licence.",
    )
    confirm = forms.BooleanField(
        label="I confirm this document is mine and the details are true.",
        error_messages={"required": "Please confirm the document is yours."},
    )


class IdentityReviewForm(forms.Form):
    """Admin's intermediate page for approve/reject actions."""

    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="Sent to the user with the decision. Say what to fix when rejecting.",
    )

    def __init__(self, *args: Any, require_note: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].required = require_note



class EmploymentForm(RefusalDisplayMixin, forms.Form):
    company = forms.CharField(max_length=120)
    title = forms.CharField(label="Role", max_length=120)
    start_date = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               help_text="Leave empty if you still work there.")
    description = forms.CharField(max_length=2_000, required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end can't be before the start.")
        return data


class EducationForm(RefusalDisplayMixin, forms.Form):
    school = forms.CharField(max_length=120)
    degree = forms.CharField(max_length=120, required=False)
    field_of_study = forms.CharField(max_length=120, required=False)
    start_year = forms.IntegerField(required=False, min_value=1950, max_value=2100)
    end_year = forms.IntegerField(required=False, min_value=1950, max_value=2100,
                                  help_text="Or the year you expect to finish.")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", "The end can't be before the start.")
        return data
