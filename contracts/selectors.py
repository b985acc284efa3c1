"""Reads of contracts that other apps rely on (first version; the contracts owner implements)."""
from __future__ import annotations

from typing import Any


def contract_started_between(user_a: Any, user_b: Any) -> bool:
    """True once a contract between these two users (either role) has started (active, paused or ended)."""
    return False
