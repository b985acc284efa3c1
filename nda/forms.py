"""Forms of the NDA pages. They check shape only; nda.services decides (trust scope, upload pipeline)."""
from __future__ import annotations

from django import forms

from trust.forms import RefusalDisplayMixin
from trust.uploads.forms import UploadField

from .models import JobNDA
from .services import CONSENT_TEXT


class NDASettingsForm(RefusalDisplayMixin, forms.Form):
    hint_fields = ("client_legal_name", "confidential_description")
    hint_context = "job_post"

    kind = forms.ChoiceField(choices=JobNDA.Kind.choices, widget=forms.RadioSelect, label="Which NDA?",
                             initial=JobNDA.Kind.STANDARD)
    document = UploadField(use="nda", required=False, label="Your NDA (PDF)",
                           help_text="Only if you use your own NDA. A PDF with names only: an NDA that "
                                     "contains an email address, phone number or link is refused.")
    client_legal_name = forms.CharField(max_length=200, label="Your full legal name (or your company's)",
                                        help_text="As the disclosing party in the agreement. Names only.")
    confidential_description = forms.CharField(
        required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}),
        label="Confidential description",
        help_text="Shown only to freelancers who signed the NDA. Your job's public description stays the summary.",
    )
    auto_countersign = forms.BooleanField(required=False, label="Countersign automatically when a freelancer signs")


class ConfidentialFileForm(forms.Form):
    file = UploadField(use="job_file", label="Add a confidential file")


class SignForm(RefusalDisplayMixin, forms.Form):
    legal_name = forms.CharField(max_length=200, label="Your full legal name",
                                 widget=forms.TextInput(attrs={"autocomplete": "name"}))
    consent = forms.BooleanField(required=True, label=CONSENT_TEXT,
                                 error_messages={"required": "Tick the box to confirm you agree to the NDA."})
