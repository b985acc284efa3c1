"""`UploadField(use=...)`: a form's file input for one registered use.

Its clean() runs the cheap request-time checks (size, type sniffed from the bytes, unpacked size,
pixels) so the error shows on the field; the service then calls upload_accept() with the file. The
browser's picker and the help text follow the use's allow-list and limit.
"""
from __future__ import annotations

from typing import Any, Self

from django import forms
from django.template.defaultfilters import filesizeformat

from .registry import USES


class UploadField(forms.FileField):
    def __init__(self, *, use: str, **kwargs: Any) -> None:  # FileField's options, passed on
        self.use = use
        self._own_help = "help_text" in kwargs
        super().__init__(**kwargs)
        self._apply_use()

    def _apply_use(self) -> None:
        """Help text and accept attribute from the use (registered in ready(), possibly after the
        form class was defined: applied again on each form instance's copy)."""
        spec = USES.get(self.use)
        if spec is None:
            return
        if not self._own_help:
            self.help_text = f"{spec.accepted_labels}, up to {filesizeformat(spec.max_bytes)}."
        self.widget.attrs["accept"] = spec.accept_attr

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:  # memo: copy's, of any objects
        copy = super().__deepcopy__(memo)
        copy._apply_use()
        return copy

    # Any: Field.clean's own signature (whatever the widget gave: a file, False to clear, None).
    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if value and hasattr(value, "read") and not hasattr(value, "instance"):
            from .services import upload_check

            upload_check(value, use=self.use)
        return value
