"""Admin glue for guarded models: staff edits are staff writes.

Each app's ModelAdmin (and inline) for a guarded model inherits `GuardedAdmin` / `GuardedInline`
(system check trust.E003 finds the ones that don't). The change form runs inside a staff write scope,
`writing(author=None, actor=request.user, staff_exempt=False)`: the edit is the staff member's, so it
never strikes the row's owner and records no flag; but the text is published as the user's, so the
rules apply to it without the staff exemption. A refused text is a field error on the form (asked of
the same scope the save runs in), never a 500 from the guard.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse

from trust.exceptions import ContentBlocked
from trust.guards import spec_for
from trust.scope import current, writing

if TYPE_CHECKING:
    from trust.types import User


def staff_of(request: HttpRequest) -> User:
    """The staff member behind an admin request (the admin site lets no anonymous visitor in)."""
    if isinstance(request.user, AnonymousUser):
        raise PermissionDenied
    return request.user


class _ScopeCheckedForm(forms.ModelForm):
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # Django's private hook, absent from the stubs
        scope = current()
        spec = spec_for(type(self.instance))
        if scope is None or spec is None:
            return
        for name in spec.fields:
            if name not in self.fields or self.has_error(name):
                continue
            try:
                scope.check(context=spec.context, **{name: getattr(self.instance, name, "") or ""})
            except ContentBlocked as blocked:
                self.add_error(name, blocked.text)


# ModelForm[Any]: a form of whichever guarded model (ModelForm is invariant in its model).
def scope_checked(form_class: type[forms.ModelForm[Any]]) -> type[forms.ModelForm[Any]]:
    if issubclass(form_class, _ScopeCheckedForm):
        return form_class
    return type(f"ScopeChecked{form_class.__name__}", (_ScopeCheckedForm, form_class), {})


class GuardedAdmin:
    """Mixin for a guarded model's ModelAdmin (put it before admin.ModelAdmin)."""

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
        extra_context: dict[str, Any] | None = None,  # template context: any values
    ) -> HttpResponse:
        spec = spec_for(self.model)  # type: ignore[attr-defined]
        with writing(author=None, actor=staff_of(request), context=spec.context if spec else "admin", delivered=False,
                     staff_exempt=False):
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]

    def get_form(
        self, request: HttpRequest, obj: models.Model | None = None, change: bool = False,
        **kwargs: Any,  # Django's get_form options (fields, form...), passed on
    ) -> type[forms.ModelForm[Any]]:
        return scope_checked(super().get_form(request, obj, change=change, **kwargs))  # type: ignore[misc]


class GuardedInline:
    """Mixin for an inline whose model is guarded (its forms save inside the parent's staff scope)."""

    # kwargs: Django's get_formset options, passed on; the formset class is Django's, of whichever model.
    def get_formset(self, request: HttpRequest, obj: models.Model | None = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        formset.form = scope_checked(formset.form)
        return formset
