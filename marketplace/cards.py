"""Job cards for lists, rendered once per (job version, facts) and kept in the cache.

A list page asks the database only for the page's light rows (an index-only scan: id, updated_at,
client_id, published_at), then the cards' facts (client stats, proposal counts: reputation, through
marketplace.providers), then
fetches and renders just the cards the cache doesn't hold. The key carries everything a card shows
that can change (the job's updated_at, the taxonomy version, the facts, the "Posted ... ago" text),
so a cached card is never stale; the page's queries still run on every request.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from . import providers
from .models import JobPost
from .selectors import search_choices

CARD_TTL = 3600


class CardRow:
    """What a list needs to find a card: a light row from selectors.job_rows."""

    __slots__ = ("pk", "updated_at", "client_id", "published_at", "proposals", "withheld")

    def __init__(
        self, pk: int, updated_at: Any, client_id: int, published_at: Any, *, proposals: int | None = None,
        withheld: bool | None = None,
    ) -> None:
        self.pk, self.updated_at, self.client_id, self.published_at = pk, updated_at, client_id, published_at
        self.proposals, self.withheld = proposals, withheld


def posted_text(published_at: Any) -> str:
    """"just now", "5 minutes ago", "2 hours ago", "3 days ago", then the date. Part of a card's cache
    key, so it changes at most once a minute; plain arithmetic (humanize's naturaltime costs ~75 us a
    card through the translation machinery)."""
    if published_at is None:
        return ""
    seconds = int((timezone.now() - published_at).total_seconds())
    if seconds < 60:
        return "just now"
    for size, unit in ((86_400, "day"), (3_600, "hour"), (60, "minute")):
        if seconds >= size:
            n = seconds // size
            if unit == "day" and n > 30:
                break
            return f"{n} {unit}{'' if n == 1 else 's'} ago"
    return f"on {published_at:%b} {published_at.day}, {published_at.year}"


def _facts_key(facts: Any) -> str:
    if facts is None:
        return "-"
    c = facts.client
    return f"{int(c.shown_payment_verified)}.{c.spent_band}.{c.hires}.{c.rating}.{c.rating_count}.{facts.proposals}"


def _key(row: CardRow, facts: Any, version: Any) -> str:
    posted = posted_text(row.published_at)
    digest = hashlib.sha1(f"{_facts_key(facts)}|{posted}|{version}".encode(), usedforsecurity=False).hexdigest()[:16]
    return f"marketplace:card:{row.pk}:{row.updated_at.timestamp() if row.updated_at else 0}:{digest}"


def _render(job: JobPost) -> str:
    return render_to_string("marketplace/partials/job_card.html", {"job": job})


def render_cards(rows: Sequence[CardRow]) -> list[SafeString]:
    """The cards' HTML in the rows' order."""
    if not rows:
        return []
    facts = providers.job_card_facts(rows)
    version = search_choices().get("version")
    keys = [_key(row, facts.get(row.pk), version) for row in rows]
    found = cache.get_many(keys)
    missing = [row.pk for row, key in zip(rows, keys, strict=True) if key not in found]
    if missing:
        jobs = {
            job.pk: job
            for job in JobPost.objects.filter(pk__in=missing)
            .select_related("category")
            .prefetch_related("skills")
            .defer("search_vector")
        }
        fresh = {}
        for row, key in zip(rows, keys, strict=True):
            job = jobs.get(row.pk)
            if key in found or job is None:
                continue
            job.card_facts = facts.get(row.pk)
            job.posted_text = posted_text(job.published_at)
            fresh[key] = _render(job)
        cache.set_many(fresh, CARD_TTL)
        found.update(fresh)
    return [mark_safe(found[key]) for key in keys if key in found]  # noqa: S308 - our own rendered template


def render_job_cards(jobs: Iterable[JobPost]) -> list[SafeString]:
    """Cards for full JobPost objects (home page's latest jobs)."""
    return render_cards(
        [CardRow(job.pk, job.updated_at, job.client_id, job.published_at) for job in jobs]
    )
