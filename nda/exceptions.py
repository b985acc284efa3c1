from __future__ import annotations

from core.errors import DomainError


class NDAError(DomainError):
    """The NDA action is refused; the message says why, fit to show as is (core.errors' hierarchy)."""

    default_code = "nda"
