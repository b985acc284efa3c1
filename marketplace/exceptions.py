"""Marketplace errors. Each carries a sentence fit to show the user as is."""
from __future__ import annotations


class MarketplaceError(Exception):
    """Base: the action is refused; `message` says why in words the user understands."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidTransition(MarketplaceError):
    """The object is not in a state that allows this move (or someone moved it meanwhile)."""


class NotAllowed(MarketplaceError):
    """This user may not do this to this object (not the owner, wrong role, not invited...)."""
