from __future__ import annotations

from typing import Any

from django import forms

from trust.models import Report
from trust.policy import Decision, check_text


class TrustCheckedMixin:
    """For any form: checks `trust_fields` with trust.policy in clean(). Refused fields get a field
    error and a Decision in `form.decisions` (for the blocked partial); the typed text stays in the
    bound form so the user can edit it. The guard stays the backstop on save."""

    trust_fields: tuple[str, ...] = ()
    trust_context = ""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        self.decisions: list[Decision] = []
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        for name in self.trust_fields:
            text = cleaned.get(name)
            if not text:
                continue
            decision = check_text(text, context=self.trust_context, user=self.user)
            if not decision.allowed:
                self.decisions.append(decision)
                self.add_error(name, decision.message)  # type: ignore[attr-defined]
        return cleaned


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


class GuardedFormMixin:
    """For ModelForms of guarded models: refuse contact details as a field error, before the save.

    The guard would raise ContentBlocked from save() (a 500 in the admin); this gives the specific
    message on the field instead. trust.apps installs it on every admin form of a guarded model; app
    forms may inherit it too. It doesn't record a flag: in the admin the editor isn't the author.
    """

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        from trust.guards import parties_of, spec_for
        from trust.policy import decide

        instance = self.instance  # type: ignore[attr-defined]
        spec = spec_for(type(instance))
        if spec is None:
            return
        author, counterpart = parties_of(instance, spec)
        for name in spec.fields:
            if name not in self.fields or self.has_error(name):  # type: ignore[attr-defined]
                continue
            text = getattr(instance, name, "") or ""
            decision = decide(text, context=spec.context, user=author, counterpart=counterpart)
            if not decision.allowed:
                self.add_error(name, decision.message)  # type: ignore[attr-defined]


def with_guard(form_class: type) -> type:
    """`form_class` with GuardedFormMixin mixed in (idempotent)."""
    if form_class is None or issubclass(form_class, GuardedFormMixin):
        return form_class
    return type(f"Guarded{form_class.__name__}", (GuardedFormMixin, form_class), {"__module__": form_class.__module__})


def install_admin_guards(site: object) -> int:
    """Mix GuardedFormMixin into the admin forms (and inline forms) of every guarded model."""
    from trust.guards import spec_for

    count = 0
    for model, model_admin in getattr(site, "_registry", {}).items():
        if spec_for(model) is not None:
            model_admin.form = with_guard(model_admin.form)
            if getattr(model_admin, "add_form", None) is not None:
                model_admin.add_form = with_guard(model_admin.add_form)
            count += 1
        for inline in getattr(model_admin, "inlines", ()):
            if spec_for(inline.model) is not None and not issubclass(inline.form, GuardedFormMixin):
                inline.form = with_guard(inline.form)
                count += 1
    return count
