from __future__ import annotations

from django.core.exceptions import ValidationError


class InvalidTransition(ValidationError):
    """A state change that the model's TRANSITIONS do not allow from the current state."""
