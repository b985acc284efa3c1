"""accounts' answers to signals of apps it must not be imported by (trust)."""
from __future__ import annotations

from typing import Any

from .models import TalentBadge


def remove_badges_on_sanction(*, user: Any, kind: str, **kwargs: Any) -> dict[str, list[str]] | None:
    """Badge loss and suspension remove the user's talent badges now (inside the sanction's transaction)."""
    if kind not in ("badge_loss", "suspension"):
        return None
    badges = TalentBadge.objects.filter(user=user)
    kinds = sorted(badges.values_list("kind", flat=True))
    badges.delete()
    return {"badges_removed": kinds}
