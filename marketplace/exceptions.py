"""Marketplace refusals. Each carries a sentence fit to show the user as is (`message`).

They are ValidationErrors so callers in other apps that treat "the marketplace refused" generically
(contracts' hire bookkeeping catches ValidationError) handle them without importing these classes.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError


class MarketplaceError(ValidationError):
    """Base: the action is refused; `message` says why in words the user understands."""

    default_code = "marketplace"

    def __init__(self, message: str):
        super().__init__(message, code=self.default_code)


class InvalidTransition(MarketplaceError):
    """The object is not in a state that allows this move (or someone moved it meanwhile)."""

    default_code = "invalid_transition"


class NotAllowed(MarketplaceError):
    """This user may not do this to this object (not the owner, wrong role, not invited...)."""

    default_code = "not_allowed"
