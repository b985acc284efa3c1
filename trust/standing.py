"""Can this user act right now? (first version; the trust owner implements sanctions here)."""
from __future__ import annotations

from typing import Any


def ensure_can_act(user: Any, action: str) -> None:
    """Raise trust.exceptions.UserRestricted if `user` may not `action` ("message", "proposal", "job_post")."""
    return None
