"""Job cards for lists, built from plain rows on every request (no fragment cache).

A list page reads its rows and what their cards show in one statement (marketplace.listing, with
card_columns here: the description cut to the excerpt in SQL, the skill ids joined); other lists (the
home page's latest jobs) read the card fields in one statement over the page's jobs. Category and
skill names come from the cached taxonomy, the clients' stats from reputation (through
marketplace.providers). The HTML is assembled here, every value escaped (the standard library's
html.escape, as Django's escape does, without its lazy-string wrapper: ~140 calls a page): through
the template engine, twenty cards with their client facts, rating and icon includes cost ~15 ms of
CPU a page, five times the rest of the request; joined strings cost a fraction of a millisecond.
The markup is the one `reputation/partials/client_facts.html` (compact) and `partials/icon.html`
produce (the icons are rendered from that template once per process).
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from core.money import format_money
from core.urls import int_url

from . import providers
from .listing import _aware
from .models import JobPost
from .selectors import search_choices

if TYPE_CHECKING:
    from .providers import CardFacts

EXCERPT = 260  # characters, like the template filter truncatechars:260 ("…" included)

_BUDGET = dict(JobPost.BudgetType.choices)
_EXPERIENCE = dict(JobPost.Experience.choices)
_DURATION = dict(JobPost.Duration.choices)


def _escape(text: str) -> str:
    """django.utils.html.escape's output (it calls html.escape too), as a plain str."""
    return html.escape(text)


class CardRow:
    """What a list needs to find a card: a light row from marketplace.listing, with the card's fields
    when the list's statement read them (`fields`, see card_fields); without them render_cards reads
    them in one statement."""

    __slots__ = ("pk", "client_id", "published_at", "proposals", "withheld", "fields")

    def __init__(
        self, pk: int, client_id: int, *, published_at: datetime | None = None, proposals: int | None = None,
        withheld: bool | None = None, fields: CardFields | None = None,
    ) -> None:
        self.pk, self.client_id, self.proposals, self.withheld, self.fields = pk, client_id, proposals, withheld, fields
        self.published_at = fields[7] if fields is not None and published_at is None else published_at


# (title, visibility, budget_type, budget_min_cents, budget_max_cents, experience_level, duration,
#  published_at, category_id, excerpt, skill ids joined by ","): card_columns' values, in its order.
CardFields = tuple[str, str, str, int, int, str, str, "datetime | None", "int | None", str, "str | None"]


def card_columns(alias: str) -> str:
    """The select list of what a card shows for the job row `alias` (see CardFields): the description
    cut to the excerpt and the skill ids joined in SQL, so a page needs no second statement."""
    through = JobPost.skills.through._meta.db_table
    a = alias
    if connection.vendor == "postgresql":
        joined = "string_agg(CAST(s.skill_id AS TEXT), ',')"
        # microseconds since the epoch, exact: Django's timestamptz loader is psycopg's pure-Python one
        # (it adds the zone), ~5 us a value; an integer loads in C and card_fields makes the datetime
        published = f"CAST(EXTRACT(EPOCH FROM {a}.published_at) * 1000000 AS BIGINT)"
    else:
        joined = "group_concat(s.skill_id, ',')"
        published = f"{a}.published_at"
    return (
        f"{a}.title, {a}.visibility, {a}.budget_type, {a}.budget_min_cents, {a}.budget_max_cents, "
        f"{a}.experience_level, {a}.duration, {published}, {a}.category_id, "
        f"SUBSTR({a}.description, 1, {EXCERPT + 1:d}), "
        f"(SELECT {joined} FROM {through} s WHERE s.jobpost_id = {a}.id)"
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def card_fields(values: Sequence[Any]) -> CardFields:
    """card_columns' values as CardFields (PostgreSQL gives the date as epoch microseconds, SQLite as text)."""
    fields = tuple(values)
    published = fields[7]
    published = _EPOCH + timedelta(microseconds=published) if isinstance(published, int) else _aware(published)
    return cast("CardFields", (*fields[:7], published, *fields[8:]))


def posted_text(published_at: datetime | None, *, now: datetime | None = None) -> str:
    """"just now", "5 minutes ago", "2 hours ago", "3 days ago", then the date; plain arithmetic
    (humanize's naturaltime costs ~75 us a card through the translation machinery)."""
    if published_at is None:
        return ""
    seconds = int(((now or timezone.now()) - published_at).total_seconds())
    if seconds < 60:
        return "just now"
    for size, unit in ((86_400, "day"), (3_600, "hour"), (60, "minute")):
        if seconds >= size:
            n = seconds // size
            if unit == "day" and n > 30:
                break
            return f"{n} {unit}{'' if n == 1 else 's'} ago"
    return f"on {published_at:%b} {published_at.day}, {published_at.year}"


@lru_cache(maxsize=8)
def _icon(name: str) -> str:
    return render_to_string("partials/icon.html", {"name": name}).strip()


@lru_cache(maxsize=4096)
def _whole(amount_cents: int, currency: str) -> str:
    """format_money(..., whole=True), memoised: Babel costs ~40 us a call; budgets repeat."""
    return _escape(format_money(amount_cents, currency, whole=True))


@lru_cache(maxsize=4)
def _names(version: int | None) -> tuple[dict[int, tuple[str, str]], dict[int, str]]:
    """Skills by id as (sort key, escaped name) and escaped category names by id, per taxonomy version."""
    choices = search_choices()
    return ({pk: (name.lower(), _escape(name)) for pk, _, name in choices["skills"]},
            {pk: _escape(name) for pk, _, name in choices["categories"]})


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


@lru_cache(maxsize=1024)
def _client_facts(verified: bool, rating: float | None, rating_count: int, band: str, hires: int) -> str:
    """reputation/partials/client_facts.html with compact=True, memoised: the facts take few values."""
    if verified:
        verified_html = f'<li class="verified">{_icon("shield")}Payment verified</li>'
    else:
        verified_html = '<li class="muted">Payment not verified</li>'
    if rating is not None:
        n = rating_count
        rating_html = (f'<span class="rating" title="Average of {n} public {_plural(n, "rating")}">{_icon("star")}'
                       f'<strong>{rating:.1f}</strong><span class="visually-hidden"> out of 5</span> '
                       f'<span class="muted">({n} {_plural(n, "review")})</span></span>')
    else:
        rating_html = '<span class="rating muted">No reviews yet</span>'
    spent = f"<strong>{_escape(band)}</strong> spent" if band else "No spend yet"
    return (f'<ul class="client-facts small" aria-label="About the client">{verified_html}<li>{rating_html}</li>'
            f"<li>{spent}</li><li><strong>{hires}</strong> {_plural(hires, 'hire')}</li></ul>")


def _facts_html(facts: CardFacts | None) -> str:
    if facts is None:
        return ""
    rep = facts.client
    return _client_facts(rep.shown_payment_verified, rep.rating, rep.rating_count, rep.spent_band, rep.hires)


@lru_cache(maxsize=64)
def _label(kind: str, value: str) -> str:
    """A choice's label, escaped (the raw value for an unknown one)."""
    labels = {"budget": _BUDGET, "experience": _EXPERIENCE, "duration": _DURATION}[kind]
    return _escape(str(labels.get(value, value)))


def _card(pk: int, fields: CardFields, facts: CardFacts | None, skills: str, category: str, currency: str,
          now: datetime) -> str:
    (title, visibility, budget_type, budget_min, budget_max, experience, duration, published_at, _, excerpt,
     _) = fields
    url = int_url("marketplace:job-detail", pk)
    invite = ' <span class="badge">Invite only</span>' if visibility == JobPost.Visibility.INVITE_ONLY else ""
    low = _whole(budget_min, currency)
    budget = low if budget_min == budget_max else f"{low}–{_whole(budget_max, currency)}"
    if budget_type == JobPost.BudgetType.HOURLY:
        budget += "/hr"
    meta = (f'<span>{_label("budget", budget_type)}: <strong class="budget">{budget}</strong></span> · '
            f'<span>{_label("experience", experience)}</span> · <span>{_label("duration", duration)}</span>')
    if published_at:
        meta += f" · <span>Posted {posted_text(published_at, now=now)}</span>"
    if facts is not None:
        meta += f' · <span class="proposal-count">Proposals: {_escape(facts.proposals_band)}</span>'
    excerpt = excerpt or ""
    if len(excerpt) > EXCERPT:
        excerpt = excerpt[: EXCERPT - 1] + "…"
    return (
        f'<article class="card job-card">\n  <h3 class="job-title"><a href="{url}">{_escape(title)}</a>'
        f'{invite}</h3>\n  <p class="small muted job-meta">{meta}</p>\n'
        f"  {_facts_html(facts)}\n"
        f'  <p class="job-excerpt">{_escape(excerpt)}</p>\n'
        f'  <ul class="tags"><li class="tag tag-category">{category}</li>{skills}</ul>\n</article>'
    )


def _card_fields(ids: list[int]) -> dict[int, CardFields]:
    """What the cards show, for jobs whose rows came without it, in one hand-written statement."""
    jobs = JobPost._meta.db_table
    sql = f"SELECT j.id, {card_columns('j')} FROM {jobs} j WHERE j.id IN ({', '.join(['%s'] * len(ids))})"
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return {row[0]: card_fields(row[1:]) for row in cursor.fetchall()}


def _skill_tags(joined: str | None, names: dict[int, tuple[str, str]]) -> str:
    """The skills' tags, sorted by name, from the ids joined by ","."""
    if not joined:
        return ""
    found = [names[int(pk)] for pk in joined.split(",") if pk.strip() and int(pk) in names]
    found.sort()
    return "".join(f'<li class="tag">{name}</li>' for _, name in found)


def render_cards(rows: Sequence[CardRow]) -> list[SafeString]:
    """The cards' HTML in the rows' order, from the rows' card fields (read with the list's statement;
    one statement for rows without them) and the clients' stats (reputation, cached per client)."""
    if not rows:
        return []
    facts = providers.job_card_facts(rows)
    missing = [row.pk for row in rows if row.fields is None]
    fetched = _card_fields(missing) if missing else {}
    skill_names, category_names = _names(search_choices().get("version"))
    currency = str(getattr(settings, "CONTRACTS_CURRENCY", "USD")).upper()
    now = timezone.now()
    cards = []
    for row in rows:
        fields = row.fields if row.fields is not None else fetched.get(row.pk)
        if fields is None:
            continue
        category = category_names.get(fields[8], "") if fields[8] is not None else ""
        html = _card(row.pk, fields, facts.get(row.pk), _skill_tags(fields[10], skill_names), category, currency, now)
        cards.append(mark_safe(html))  # noqa: S308 - every value escaped above
    return cards


def render_job_cards(jobs: Iterable[JobPost]) -> list[SafeString]:
    """Cards for full JobPost objects (home page's latest jobs)."""
    return render_cards([CardRow(job.pk, job.client_id, published_at=job.published_at) for job in jobs])
