"""Forms of the contracts app. Amounts are typed in dollars and converted to integer cents here."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone

from trust.uploads.forms import UploadField

from .models import Contract, Dispute


def new_key() -> str:
    return uuid.uuid4().hex


class MoneyField(forms.CharField):
    """Dollars as typed ("1,250.50") -> integer cents; never through float."""

    def __init__(self, *args, min_cents: int = 1, max_cents: int = 100_000_000, **kwargs):
        self.min_cents, self.max_cents = min_cents, max_cents
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in ("", None):
            return None
        text = str(value).replace(",", "").replace("$", "").strip()
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("Enter an amount like 250 or 250.50.")
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError("Use at most two decimals.")
        cents = int(amount * 100)
        if cents < self.min_cents:
            raise forms.ValidationError(f"The amount must be at least ${self.min_cents / 100:,.2f}.")
        if cents > self.max_cents:
            raise forms.ValidationError(f"The amount can be at most ${self.max_cents / 100:,.2f}.")
        return cents


class IdempotentForm(forms.Form):
    """Carries a key generated when the form is rendered: submitting it twice moves money once."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", new_key())
        super().__init__(*args, **kwargs)


class OfferForm(forms.Form):
    title = forms.CharField(max_length=120)
    terms = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10_000,
        help_text="Scope, deliverables, how you will work together.",
    )
    kind = forms.ChoiceField(choices=Contract.Kind.choices, widget=forms.RadioSelect, initial=Contract.Kind.FIXED)
    hourly_rate = MoneyField(required=False, label="Hourly rate (USD)")
    weekly_limit_hours = forms.IntegerField(required=False, min_value=1, max_value=80, label="Weekly hour limit")
    fill_job = forms.BooleanField(
        required=False, initial=True, label="Mark the job as filled when the offer is accepted"
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Contract.Kind.HOURLY:
            if not data.get("hourly_rate"):
                self.add_error("hourly_rate", "An hourly offer needs a rate.")
            if not data.get("weekly_limit_hours"):
                self.add_error("weekly_limit_hours", "An hourly offer needs a weekly limit.")
        return data


class MilestoneForm(forms.Form):
    description = forms.CharField(max_length=500, required=False)
    amount = MoneyField(required=False, label="Amount (USD)")
    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        has_any = data.get("description") or data.get("amount")
        if has_any and not data.get("description"):
            self.add_error("description", "Describe the milestone.")
        if has_any and not data.get("amount"):
            self.add_error("amount", "Enter the amount.")
        due = data.get("due_date")
        if has_any and due and due < timezone.localdate():
            self.add_error("due_date", "The due date is in the past.")
        return data


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=3, max_num=20, validate_max=True)


class MilestoneAddForm(forms.Form):
    description = forms.CharField(max_length=500)
    amount = MoneyField(label="Amount (USD)")
    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class SubmitWorkForm(forms.Form):
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), max_length=5_000, help_text="What you delivered and where to find it."
    )
    attachment = UploadField(use="submission", required=False)


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5_000, label="What needs to change?")


class EndContractForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2_000, required=False, label="Note (optional)"
    )


class DisputeForm(forms.Form):
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5_000,
        label="What went wrong?",
        help_text="Both parties and our team will read this.",
    )


class DisputeResponseForm(forms.Form):
    response = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=5_000, label="Your response")


class DisputeResolveForm(forms.Form):
    resolution = forms.ChoiceField(choices=Dispute.Resolution.choices)
    release_amount = MoneyField(required=False, label="Release to freelancer (USD, split only)")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5_000)


class TimeEntryForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.IntegerField(min_value=0, max_value=24, initial=1)
    minutes = forms.IntegerField(min_value=0, max_value=59, initial=0)
    memo = forms.CharField(max_length=500, help_text="What you worked on.")

    def clean(self):
        data = super().clean()
        total = (data.get("hours") or 0) * 60 + (data.get("minutes") or 0)
        if not 0 < total <= 24 * 60:
            raise forms.ValidationError("Log between 1 minute and 24 hours for a day.")
        data["total_minutes"] = total
        return data


class FeedbackForm(forms.Form):
    score = forms.TypedChoiceField(
        coerce=int,
        choices=[(5, "5 – Excellent"), (4, "4 – Good"), (3, "3 – OK"), (2, "2 – Poor"), (1, "1 – Bad")],
        help_text="Public: shown with your comment on their profile once both of you left feedback.",
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2_000,
        help_text="Public: shown on their profile once both of you left feedback.",
    )


class TopUpForm(IdempotentForm):
    amount = MoneyField(label="Amount (USD)", max_cents=5_000_000)
    card = forms.ChoiceField(required=False, label="Saved card")
    card_number = forms.CharField(
        required=False,
        max_length=30,
        label="Or a new card number",
        help_text="Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined.",
    )

    def __init__(self, *args, cards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["card"].choices = [("", "— new card —")] + [(str(c.pk), str(c)) for c in cards]
        if cards:
            self.fields["card"].initial = str(cards[0].pk)

    def clean(self):
        data = super().clean()
        if not data.get("card") and not data.get("card_number"):
            self.add_error("card_number", "Choose a saved card or enter a card number.")
        return data


class WithdrawForm(IdempotentForm):
    amount = MoneyField(label="Amount (USD)")
    bank_account = forms.CharField(
        max_length=34, label="Bank account number", help_text="Only the last four digits are stored."
    )


class ConfirmForm(IdempotentForm):
    """The confirmation step before money moves (fund, approve, pay a week)."""
