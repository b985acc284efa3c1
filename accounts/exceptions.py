"""Accounts' refusals, under core.errors' hierarchy."""

from __future__ import annotations

from core import errors


class InvalidTransition(errors.InvalidTransition):
    """A state change that the model's TRANSITIONS do not allow from the current state."""
