"""`int_url`: reverse() for a route whose arguments are all integers, resolved once per route, script
prefix and URLconf, then filled in with an f-string. The chat renders links (Edit, Report) for every
message it delivers; a reverse() each was a tenth of the render."""
from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

_SENTINEL = 987654321987654321  # the k-th argument is _SENTINEL + 2k: digits no real path holds


@lru_cache(maxsize=128)
def _parts(name: str, arity: int, prefix: str, urlconf: str | None) -> tuple[str, ...]:
    """The URL cut around its arguments: arity + 1 pieces (`prefix` keys the cache: reverse() reads it)."""
    parts: list[str] = []
    rest = reverse(name, args=[_SENTINEL + 2 * k for k in range(arity)], urlconf=urlconf)
    for k in range(arity):
        head, _, rest = rest.partition(str(_SENTINEL + 2 * k))
        parts.append(head)
    parts.append(rest)
    return tuple(parts)


def int_url(name: str, *ids: int) -> str:
    """reverse(name, args=ids) for integer arguments."""
    parts = _parts(name, len(ids), get_script_prefix(), get_urlconf())
    return "".join(f"{head}{int(value)}" for head, value in zip(parts, ids, strict=False)) + parts[-1]
