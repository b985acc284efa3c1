"""Forms of the contracts app. Amounts are typed in the contract's currency and parsed to integer
minor units by core.money (the one parser): odd input is a form error, never an exception."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils import timezone

from core.money import MoneyField, set_form_currency
from trust.uploads.forms import UploadField

from .models import Card, Contract, Dispute

if TYPE_CHECKING:
    from accounts.models import User


def new_key() -> str:
    return uuid.uuid4().hex


KEY_PATTERN = re.compile(r"^[0-9a-f]{32}$")


class CurrencyForm(forms.Form):
    """A form whose MoneyFields parse and label amounts in `currency` (the contract's)."""

    def __init__(self, *args: Any, currency: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = (currency or settings.CONTRACTS_CURRENCY).upper()
        set_form_currency(self, self.currency)


class IdempotentForm(CurrencyForm):
    """Carries a key generated when the form is rendered: submitting it twice moves money once.
    Only keys of the shape we generate are accepted; the services scope them to the user."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", new_key())
        super().__init__(*args, **kwargs)

    def clean_idempotency_key(self) -> str:
        key = self.cleaned_data["idempotency_key"].strip()
        if not KEY_PATTERN.match(key):
            raise forms.ValidationError("This form has expired. Reload the page and try again.")
        return key


class CardChoiceMixin:
    """A saved card or a new card number (posted once, tokenized at once, never echoed back)."""

    def setup_cards(self, cards: Sequence[Card]) -> None:
        fields = self.fields  # type: ignore[attr-defined]
        fields["card"].choices = [("", "— new card —")] + [(str(c.pk), str(c)) for c in cards]
        if cards:  # only cards that were charged successfully are ever saved
            fields["card"].initial = str(cards[0].pk)

    def card_clean(self, data: dict[str, Any]) -> None:
        if not data.get("card") and not data.get("card_number"):
            self.add_error("card_number", "Choose a saved card or enter a card number.")  # type: ignore[attr-defined]


class OfferForm(CurrencyForm):
    title = forms.CharField(max_length=120)
    terms = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10_000,
        help_text="Scope, deliverables, how you will work together.",
    )
    kind = forms.ChoiceField(choices=Contract.Kind.choices, widget=forms.RadioSelect, initial=Contract.Kind.FIXED)
    hourly_rate = MoneyField(required=False, label="Hourly rate")
    weekly_limit_hours = forms.IntegerField(required=False, min_value=1, max_value=80, label="Weekly hour limit")
    fill_job = forms.BooleanField(
        required=False, initial=True, label="Mark the job as filled when the offer is accepted"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Contract.Kind.HOURLY:
            if not data.get("hourly_rate"):
                self.add_error("hourly_rate", "An hourly offer needs a rate.")
            if not data.get("weekly_limit_hours"):
                self.add_error("weekly_limit_hours", "An hourly offer needs a weekly limit.")
        return data


def hint_contract_text(form: forms.Form, *names: str, counterpart: User | int | None) -> None:
    """The live hint (static/js/trust-hint.js, trust/hints.py) on contract text the other party will
    read: checked as typed, in the "contract" context, against that counterpart; it records nothing."""
    if counterpart is None:
        return
    for name in names:
        if name in form.fields:
            form.fields[name].widget.attrs.update(
                {"data-trust-hint": "contract", "data-trust-hint-counterpart": getattr(counterpart, "pk", counterpart)}
            )


class MilestoneHintMixin(CurrencyForm):
    """A milestone description is read by the other party: `counterpart` turns on the live hint."""

    def __init__(self, *args: Any, counterpart: User | int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hint_contract_text(self, "description", counterpart=counterpart)


class MilestoneForm(MilestoneHintMixin):
    description = forms.CharField(max_length=500, required=False)
    amount = MoneyField(required=False, label="Amount")
    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
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


class MilestoneAddForm(MilestoneHintMixin):
    description = forms.CharField(max_length=500)
    amount = MoneyField(label="Amount")
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


class DisputeEvidenceForm(forms.Form):
    file = UploadField(use="dispute_evidence", label="Add a file",
                       help_text="Screenshots, the brief, the delivered work. Checked before the other party "
                                 "or our team can open it; contact details are not accepted.")


class DisputeResponseForm(forms.Form):
    response = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=5_000, label="Your response")


class DisputeResolveForm(CurrencyForm):
    resolution = forms.ChoiceField(choices=Dispute.Resolution.choices)
    release_amount = MoneyField(required=False, label="Release to freelancer (split only)")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5_000)


class TimeEntryForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.IntegerField(min_value=0, max_value=24, initial=1)
    minutes = forms.IntegerField(min_value=0, max_value=59, initial=0)
    memo = forms.CharField(max_length=500, help_text="What you worked on.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
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


class TopUpForm(CardChoiceMixin, IdempotentForm):
    amount = MoneyField(label="Amount", max_cents=5_000_000)
    card = forms.ChoiceField(required=False, label="Saved card")
    card_number = forms.CharField(
        required=False,
        max_length=30,
        label="Or a new card number",
        help_text="Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined.",
    )

    def __init__(self, *args: Any, cards: Sequence[Card] = (), confirming: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.confirming = confirming  # a new card's token waits in the session, not in the form
        self.setup_cards(cards)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.confirming:
            self.card_clean(data)
        return data


class WithdrawForm(IdempotentForm):
    amount = MoneyField(label="Amount")
    bank_account = forms.CharField(
        max_length=34, label="Bank account number", help_text="Only the last four digits are stored."
    )


class ConfirmForm(IdempotentForm):
    """The confirmation step before money moves (fund, approve, pay a week)."""


class FundForm(CardChoiceMixin, IdempotentForm):
    """Fund a milestone; the card fields matter only when the balance is short."""

    card = forms.ChoiceField(required=False, label="Pay the difference with")
    card_number = forms.CharField(
        required=False,
        max_length=30,
        label="Or a new card number",
        widget=forms.TextInput(attrs={"autocomplete": "cc-number", "inputmode": "numeric"}),
        help_text="Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined.",
    )

    def __init__(self, *args: Any, cards: Sequence[Card] = (), shortfall_cents: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shortfall_cents = shortfall_cents
        self.setup_cards(cards)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.shortfall_cents:
            self.card_clean(data)
        return data
