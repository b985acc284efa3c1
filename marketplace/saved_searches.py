"""Saved searches and daily job alerts (services and reads in one small module).

A saved search keeps the job list's GET parameters (normalised: no page, no empty values). The daily
beat task sends each user one digest of the jobs published since their last alert that match any of
their searches with alerts on: an in-app notification and, by their preferences, an email.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from core.money import symbol
from notifications.models import Kind
from notifications.services import notify

from .exceptions import MarketplaceError
from .models import JobPost, SavedSearch

if TYPE_CHECKING:
    from accounts.models import User

MAX_SAVED = 20
_KEYS = ("q", "skills", "category", "budget_type", "min", "max", "experience", "sort")


def normalise(params: QueryDict) -> str:
    items = sorted((k, v.strip()) for k in _KEYS for v in params.getlist(k) if v.strip())
    return urlencode(items)[:1_000]


def describe(params: QueryDict) -> str:
    """A name a person recognises: the text searched and the filters, or "All jobs"."""
    parts = []
    query = str(params.get("q", "")).strip()
    if query:
        parts.append(f"“{query[:60]}”")
    parts += [v.strip() for k in ("category", "budget_type", "experience") for v in params.getlist(k) if v.strip()]
    parts += params.getlist("skills")[:3]
    if params.get("min") or params.get("max"):
        parts.append(f"{symbol(settings.CONTRACTS_CURRENCY)}{params.get('min') or 0}–{params.get('max') or '∞'}")
    return (" · ".join(parts) or "All jobs")[:120]


def saved_search_create(*, user: User, params: QueryDict) -> SavedSearch:
    query = normalise(params)
    existing = SavedSearch.objects.filter(user=user, params=query).first()
    if existing is not None:
        return existing
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED:
        raise MarketplaceError(f"You can keep up to {MAX_SAVED} saved searches. Delete one first.")
    search = SavedSearch(user=user, params=query, name=describe(QueryDict(query)), alerted_up_to=timezone.now())
    search.full_clean()
    search.save()
    return search


def saved_search_set_alerts(*, search: SavedSearch, alerts: bool) -> SavedSearch:
    search.alerts = alerts
    if alerts:
        search.alerted_up_to = max(search.alerted_up_to, timezone.now() - timedelta(days=1))
    search.save(update_fields=["alerts", "alerted_up_to", "updated_at"])
    return search


def saved_search_delete(*, search: SavedSearch) -> None:
    search.delete()


def saved_searches_for(*, user: User) -> list[SavedSearch]:
    return list(SavedSearch.objects.filter(user=user))


def new_jobs_for(search: SavedSearch, *, until: datetime, limit: int = 10) -> list[JobPost]:
    """Jobs published after the search's last alert, up to `until`, that the search matches."""
    from .forms import JobSearchForm
    from .selectors import job_list_public

    form = JobSearchForm(QueryDict(search.params))
    form.is_valid()
    args = form.search_args()
    args["sort"] = "newest"
    qs = job_list_public(viewer=search.user, **args).filter(
        published_at__gt=search.alerted_up_to, published_at__lte=until
    )
    return list(qs[:limit])


def send_alerts(*, users: Iterable[int] | None = None) -> int:
    """One digest per user with new matches; returns how many digests were sent. Each search's window
    moves forward in the same transaction as its user's notification, so a job is announced once."""
    now = timezone.now()
    searches = SavedSearch.objects.filter(alerts=True).select_related("user").order_by("user_id", "pk")
    if users is not None:
        searches = searches.filter(user_id__in=list(users))
    by_user: dict[int, list[SavedSearch]] = {}
    for search in searches:
        by_user.setdefault(search.user_id, []).append(search)
    sent = 0
    for user_searches in by_user.values():
        user = user_searches[0].user
        lines, first_url, total = [], "", 0
        for search in user_searches:
            jobs = new_jobs_for(search, until=now)
            if jobs:
                total += len(jobs)
                first_url = first_url or search.url
                lines.append(f"{search.name}: " + "; ".join(job.title for job in jobs))
        with transaction.atomic():
            SavedSearch.objects.filter(pk__in=[s.pk for s in user_searches]).update(alerted_up_to=now)
            if total:
                notify(user=user, kind=Kind.JOB_ALERT,
                       title=f"{total} new job{'s' if total != 1 else ''} for your saved searches",
                       body="\n".join(lines), url="/jobs/saved/" if len(lines) > 1 else first_url)
                sent += 1
    return sent
