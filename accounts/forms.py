"""Forms for sign-up, profiles, portfolio and identity checks.

Public text is judged by the service's trust write scope; a refusal comes back as ContentBlocked and
`show_refusal` puts it on the field (highlighted, with what it counted as) while the typed text stays.
Sign-up asks a scope in `clean()` because allauth runs the save.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django_countries import countries

from trust.forms import RefusalDisplayMixin, check_for_form

from .models import ClientProfile, FreelancerProfile, PortfolioItem, Skill, User

PORTFOLIO_IMAGE_MAX_BYTES: int = getattr(settings, "ACCOUNTS_PORTFOLIO_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
PORTFOLIO_IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
IDENTITY_DOCUMENT_MAX_BYTES: int = getattr(settings, "ACCOUNTS_IDENTITY_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
IDENTITY_DOCUMENT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Nobody exists yet to strike: the scope records the refusal without an author.
        check_for_form(self, author=None, context="profile",
                       first_name=cleaned.get("first_name"), last_name=cleaned.get("last_name"))
        return cleaned


class NamesForm(RefusalDisplayMixin, forms.Form):
    first_name = forms.CharField(label="First name", max_length=60)
    last_name = forms.CharField(
        label="Last name", max_length=60, help_text="Shown to others as an initial only."
    )


class FreelancerProfileForm(RefusalDisplayMixin, forms.Form):
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
        label="Hourly rate (USD)", required=False, min_value=HOURLY_RATE_MIN, max_value=HOURLY_RATE_MAX,
        decimal_places=2, max_digits=6, widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        help_text=f"In dollars, between ${HOURLY_RATE_MIN} and ${HOURLY_RATE_MAX}. Leave empty to hide.",
    )
    country = forms.ChoiceField(choices=_country_choices, required=False)

    @classmethod
    def initial_for(cls, profile: FreelancerProfile) -> dict[str, Any]:
        rate = None
        if profile.hourly_rate_cents is not None:
            rate = (Decimal(profile.hourly_rate_cents) / 100).quantize(Decimal("0.01"))
        return {
            "headline": profile.headline,
            "overview": profile.overview,
            "skills": list(profile.skills.all()),
            "hourly_rate": rate,
            "country": profile.country.code if profile.country else "",
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
    company_name = forms.CharField(label="Company name", max_length=120, required=False,
                                   help_text="Optional. Leave empty if you hire as a person.")
    country = forms.ChoiceField(choices=_country_choices, required=False)
    about = forms.CharField(
        label="About", max_length=3_000, required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you do and what kind of work you hire for.",
    )

    @classmethod
    def initial_for(cls, profile: ClientProfile) -> dict[str, Any]:
        return {
            "company_name": profile.company_name,
            "country": profile.country.code if profile.country else "",
            "about": profile.about,
        }


def validate_portfolio_image(image: UploadedFile) -> None:
    if image.size > PORTFOLIO_IMAGE_MAX_BYTES:
        raise forms.ValidationError(
            f"This image is {filesizeformat(image.size)}; the limit is {filesizeformat(PORTFOLIO_IMAGE_MAX_BYTES)}."
        )
    pil_image = getattr(image, "image", None)  # set by forms.ImageField after Pillow verified it
    fmt = (getattr(pil_image, "format", "") or "").upper()
    if fmt not in PORTFOLIO_IMAGE_FORMATS:
        raise forms.ValidationError("Upload a JPEG, PNG, GIF or WebP image.")


class PortfolioItemForm(RefusalDisplayMixin, forms.Form):
    title = forms.CharField(max_length=120)
    description = forms.CharField(max_length=2_000, required=False, widget=forms.Textarea(attrs={"rows": 5}))
    image = forms.ImageField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
        help_text=f"Optional. JPEG, PNG, GIF or WebP, up to {filesizeformat(PORTFOLIO_IMAGE_MAX_BYTES)}.",
    )

    @classmethod
    def initial_for(cls, item: PortfolioItem) -> dict[str, Any]:
        return {"title": item.title, "description": item.description, "image": item.image or None}

    def clean_image(self) -> UploadedFile | None | bool:
        image = self.cleaned_data.get("image")
        # False = "clear" ticked; a FieldFile = unchanged existing image; only new uploads are checked.
        if isinstance(image, UploadedFile):
            validate_portfolio_image(image)
        return image

    @property
    def new_image(self) -> UploadedFile | None:
        image = self.cleaned_data.get("image")
        return image if isinstance(image, UploadedFile) else None

    @property
    def remove_image(self) -> bool:
        return self.cleaned_data.get("image") is False


class AddRoleForm(forms.Form):
    role = forms.ChoiceField(choices=User.Role.choices)


class IdentityVerificationForm(forms.Form):
    legal_name = forms.CharField(
        label="Full legal name", max_length=150,
        help_text="As printed on your document. Only our review team sees it.",
    )
    country = forms.ChoiceField(label="Issuing country", choices=_country_choices)
    document = forms.FileField(
        label="Identity document",
        help_text=(
            "A photo or scan of your passport, national ID card or driving licence: PDF, JPEG or PNG, "
            f"up to {filesizeformat(IDENTITY_DOCUMENT_MAX_BYTES)}."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    confirm = forms.BooleanField(
        label="I confirm this document is mine and the details are true.",
        error_messages={"required": "Please confirm the document is yours."},
    )

    def clean_document(self) -> UploadedFile:
        document: UploadedFile = self.cleaned_data["document"]
        extension = PurePath(document.name or "").suffix.lower().lstrip(".")
        if extension not in IDENTITY_DOCUMENT_EXTENSIONS:
            raise forms.ValidationError("Upload a PDF, JPEG or PNG file.")
        if document.size > IDENTITY_DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                f"This file is {filesizeformat(document.size)}; the limit is "
                f"{filesizeformat(IDENTITY_DOCUMENT_MAX_BYTES)}."
            )
        head = document.read(8)
        document.seek(0)
        if extension == "pdf":
            if not head.startswith(b"%PDF"):
                raise forms.ValidationError("This file is not a valid PDF.")
        else:
            from PIL import Image

            try:
                with Image.open(document) as img:
                    img.verify()
                    fmt = img.format
            except Exception:
                raise forms.ValidationError("This file is not a valid image.")
            finally:
                document.seek(0)
            if fmt not in {"JPEG", "PNG"}:
                raise forms.ValidationError("Upload a PDF, JPEG or PNG file.")
        return document


class IdentityReviewForm(forms.Form):
    """Admin's intermediate page for approve/reject actions."""

    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="Sent to the user with the decision. Say what to fix when rejecting.",
    )

    def __init__(self, *args: Any, require_note: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].required = require_note

