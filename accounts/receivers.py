"""accounts' answers to signals of apps it must not be imported by (trust)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .models import TalentBadge

if TYPE_CHECKING:
    from .models import User


def remove_badges_on_sanction(*, user: User, kind: str, **kwargs: object) -> dict[str, list[str]] | None:
    """Badge loss and suspension remove the user's talent badges now (inside the sanction's transaction)."""
    if kind not in ("badge_loss", "suspension"):
        return None
    badges = TalentBadge.objects.filter(user=user)
    kinds = sorted(badges.values_list("kind", flat=True))
    badges.delete()
    return {"badges_removed": kinds}
