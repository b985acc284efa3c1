"""Marketplace refusals. Each carries a sentence fit to show the user as is (`message`).

They are core.errors DomainErrors (so ValidationErrors): callers in other apps that treat "the
marketplace refused" generically (contracts' hire bookkeeping catches ValidationError) handle them
without importing these classes.
"""
from __future__ import annotations

from core import errors


class MarketplaceError(errors.DomainError):
    """Base: the action is refused; `message` says why in words the user understands."""

    default_code = "marketplace"


class InvalidTransition(MarketplaceError, errors.InvalidTransition):
    """The object is not in a state that allows this move (or someone moved it meanwhile)."""

    default_code = "invalid_transition"


class NotAllowed(MarketplaceError, errors.NotAllowed):
    """This user may not do this to this object (not the owner, wrong role, not invited...)."""

    default_code = "not_allowed"
