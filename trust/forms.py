from __future__ import annotations

from django import forms

from trust.models import Report


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=Report.Reason.choices, widget=forms.RadioSelect, label="What's wrong?")
    note = forms.CharField(
        required=False, max_length=2_000, widget=forms.Textarea(attrs={"rows": 4}),
        label="Anything we should know? (optional)",
        help_text="Only our trust & safety team reads this. The person you report never learns who reported them.",
    )


class AppealForm(forms.Form):
    message = forms.CharField(
        min_length=10, max_length=3_000, widget=forms.Textarea(attrs={"rows": 5}),
        label="Why should this be reconsidered?",
        help_text="You can appeal each sanction once. A person on our team reads every appeal.",
    )


class ReasonForm(forms.Form):
    """The admin's intermediate page: why (goes to the audit log; shown to the user where it applies)."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 80}), max_length=2_000)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 80}), max_length=2_000, label="Note (optional)"
    )


class SuspendForm(ReasonForm):
    days = forms.IntegerField(
        required=False, min_value=1, max_value=3650, label="Days (empty: until lifted)",
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("grant", "Grant: lift the sanction"), ("deny", "Deny: the sanction stands")])
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}), max_length=2_000, label="Decision (sent to the user)"
    )
