from __future__ import annotations

from django.core.exceptions import ValidationError


class NDAError(ValidationError):
    """The NDA action is refused; the message says why, fit to show as is."""

    def __init__(self, message: str):
        super().__init__(message, code="nda")
