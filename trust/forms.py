from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms

from trust.exceptions import ContentBlocked
from trust.models import Report
from trust.policy import Decision
from trust.scope import writing

if TYPE_CHECKING:
    from trust.types import User, Visitor


class RefusalDisplayMixin:
    """For any form whose data a service writes through a trust write scope: `show_refusal(blocked)`
    puts the ContentBlocked the scope raised on the refused field (the typed text stays in the bound
    form so the person can edit it) and keeps its Decision in `form.decisions` for
    `trust/partials/blocked.html`. It checks nothing itself: the service's scope decides."""

    decisions: list[Decision]
    # The live hint (static/js/trust-hint.js): these fields are checked as typed, in this context.
    hint_fields: tuple[str, ...] = ()
    hint_context = ""

    # *args/**kwargs: the form's own (data, files, instance...), passed on to Django.
    def __init__(self, *args: Any, user: Visitor | None = None, **kwargs: Any) -> None:
        self.user = user
        self.decisions = []
        super().__init__(*args, **kwargs)
        for name in self.hint_fields:
            if name in self.fields:  # type: ignore[attr-defined]
                self.fields[name].widget.attrs["data-trust-hint"] = self.hint_context  # type: ignore[attr-defined]

    def show_refusal(self, blocked: ContentBlocked, *, field_map: dict[str, str] | None = None) -> None:
        name = (field_map or {}).get(blocked.field, blocked.field)
        if blocked.decision is not None:
            self.decisions.append(blocked.decision)
        self.add_error(name if name in self.fields else None, blocked.text)  # type: ignore[attr-defined]


def check_for_form(
    form: RefusalDisplayMixin, *, author: User | None, context: str, delivered: bool = True, **texts: str | None
) -> bool:
    """Ask a write scope about `texts` from a form whose save a library runs (allauth's sign-up):
    a refusal is recorded by the scope and shown on the form. True when every text may pass."""
    try:
        with writing(author=author, context=context, delivered=delivered) as scope:
            scope.check(**cast("dict[str, Any]", texts))  # only text names: no preceding/context
    except ContentBlocked as blocked:
        form.show_refusal(blocked)
        return False
    return True


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
