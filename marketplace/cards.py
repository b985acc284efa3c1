"""Job cards for lists, built from plain rows on every request (no fragment cache).

A list page asks the database for the page's light rows (marketplace.listing: ids, proposal counts,
withheld badges, the total), then for just what the cards show: one statement over the page's jobs
(the description cut to the excerpt in SQL, the skill ids joined); category and skill names come
from the cached taxonomy, the clients' stats from reputation (through marketplace.providers). The
HTML is assembled here, every value escaped: through the template engine, twenty cards with their
client facts, rating and icon includes cost ~15 ms of CPU a page, five times the rest of the
request; joined strings cost a fraction of a millisecond. The markup is the one
`reputation/partials/client_facts.html` (compact) and `partials/icon.html` produce (the icons are
rendered from that template once per process).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.money import format_money

from . import providers
from .listing import _aware
from .models import JobPost
from .selectors import search_choices

if TYPE_CHECKING:
    from .providers import CardFacts, ClientFacts

EXCERPT = 260  # characters, like the template filter truncatechars:260 ("…" included)

_BUDGET = dict(JobPost.BudgetType.choices)
_EXPERIENCE = dict(JobPost.Experience.choices)
_DURATION = dict(JobPost.Duration.choices)


class CardRow:
    """What a list needs to find a card: a light row from marketplace.listing."""

    __slots__ = ("pk", "updated_at", "client_id", "published_at", "proposals", "withheld")

    def __init__(
        self, pk: int, updated_at: datetime | None, client_id: int, published_at: datetime | None, *,
        proposals: int | None = None, withheld: bool | None = None,
    ) -> None:
        self.pk, self.updated_at, self.client_id, self.published_at = pk, updated_at, client_id, published_at
        self.proposals, self.withheld = proposals, withheld


def posted_text(published_at: datetime | None) -> str:
    """"just now", "5 minutes ago", "2 hours ago", "3 days ago", then the date; plain arithmetic
    (humanize's naturaltime costs ~75 us a card through the translation machinery)."""
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


@lru_cache(maxsize=8)
def _icon(name: str) -> str:
    return render_to_string("partials/icon.html", {"name": name}).strip()


@lru_cache(maxsize=4096)
def _whole(amount_cents: int, currency: str) -> str:
    """format_money(..., whole=True), memoised: Babel costs ~40 us a call; budgets repeat."""
    return str(escape(format_money(amount_cents, currency, whole=True)))


@lru_cache(maxsize=1)
def _job_url_parts() -> tuple[str, str]:
    head, _, tail = reverse("marketplace:job-detail", args=[987654321]).partition("987654321")
    return head, tail


@lru_cache(maxsize=4)
def _names(version: int | None) -> tuple[dict[int, str], dict[int, str]]:
    """Escaped skill and category names by id, per taxonomy version."""
    choices = search_choices()
    return ({pk: str(escape(name)) for pk, _, name in choices["skills"]},
            {pk: str(escape(name)) for pk, _, name in choices["categories"]})


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def _client_facts(rep: ClientFacts) -> str:
    """reputation/partials/client_facts.html with compact=True."""
    if rep.shown_payment_verified:
        verified = f'<li class="verified">{_icon("shield")}Payment verified</li>'
    else:
        verified = '<li class="muted">Payment not verified</li>'
    if rep.rating is not None:
        n = rep.rating_count
        rating = (f'<span class="rating" title="Average of {n} public {_plural(n, "rating")}">{_icon("star")}'
                  f'<strong>{rep.rating:.1f}</strong><span class="visually-hidden"> out of 5</span> '
                  f'<span class="muted">({n} {_plural(n, "review")})</span></span>')
    else:
        rating = '<span class="rating muted">No reviews yet</span>'
    band = rep.spent_band
    spent = f"<strong>{escape(band)}</strong> spent" if band else "No spend yet"
    return (f'<ul class="client-facts small" aria-label="About the client">{verified}<li>{rating}</li>'
            f"<li>{spent}</li><li><strong>{rep.hires}</strong> {_plural(rep.hires, 'hire')}</li></ul>")


def _card(job: tuple[Any, ...], facts: CardFacts | None, skills: list[str], category: str, currency: str) -> str:
    (pk, title, visibility, budget_type, budget_min, budget_max, experience, duration, published_at, _,
     excerpt, _) = job
    head, tail = _job_url_parts()
    invite = ' <span class="badge">Invite only</span>' if visibility == JobPost.Visibility.INVITE_ONLY else ""
    low = _whole(budget_min, currency)
    budget = low if budget_min == budget_max else f"{low}–{_whole(budget_max, currency)}"
    if budget_type == JobPost.BudgetType.HOURLY:
        budget += "/hr"
    meta = [
        f'<span>{escape(_BUDGET.get(budget_type, budget_type))}: <strong class="budget">{budget}</strong></span>',
        f"<span>{escape(_EXPERIENCE.get(experience, experience))}</span>",
        f"<span>{escape(_DURATION.get(duration, duration))}</span>",
    ]
    if published_at:
        meta.append(f"<span>Posted {posted_text(published_at)}</span>")
    if facts is not None:
        meta.append(f'<span class="proposal-count">Proposals: {escape(facts.proposals_band)}</span>')
    excerpt = excerpt or ""
    if len(excerpt) > EXCERPT:
        excerpt = excerpt[: EXCERPT - 1] + "…"
    tags = "".join(f'<li class="tag">{name}</li>' for name in skills)
    return (
        f'<article class="card job-card">\n  <h3 class="job-title"><a href="{head}{pk}{tail}">{escape(title)}</a>'
        f'{invite}</h3>\n  <p class="small muted job-meta">{" · ".join(meta)}</p>\n'
        f'  {_client_facts(facts.client) if facts is not None else ""}\n'
        f'  <p class="job-excerpt">{escape(excerpt)}</p>\n'
        f'  <ul class="tags"><li class="tag tag-category">{category}</li>{tags}</ul>\n</article>'
    )


def _card_fields(ids: list[int]) -> list[tuple[Any, ...]]:
    """What the cards show, for the page's jobs, in one hand-written statement (through the ORM the
    two queries it replaces cost more to compile than to run): the description cut to the excerpt,
    the skill ids joined in a string."""
    jobs, through = JobPost._meta.db_table, JobPost.skills.through._meta.db_table
    joined = ("string_agg(CAST(s.skill_id AS TEXT), ',')" if connection.vendor == "postgresql"
              else "group_concat(s.skill_id, ',')")
    sql = (
        "SELECT j.id, j.title, j.visibility, j.budget_type, j.budget_min_cents, j.budget_max_cents, "
        "j.experience_level, j.duration, j.published_at, j.category_id, SUBSTR(j.description, 1, %s), "
        f"(SELECT {joined} FROM {through} s WHERE s.jobpost_id = j.id) "
        f"FROM {jobs} j WHERE j.id IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [EXCERPT + 1, *ids])
        rows = cursor.fetchall()
    return [(*row[:8], _aware(row[8]), *row[9:]) for row in rows]


def render_cards(rows: Sequence[CardRow]) -> list[SafeString]:
    """The cards' HTML in the rows' order: one light query (the jobs' card fields with their skill
    ids) plus the clients' stats (reputation, cached per client)."""
    if not rows:
        return []
    ids = [row.pk for row in rows]
    facts = providers.job_card_facts(rows)
    jobs = {job[0]: job for job in _card_fields(ids)}
    skill_names, category_names = _names(search_choices().get("version"))
    skills: dict[int, list[str]] = {pk: [] for pk in ids}
    for pk, job in jobs.items():
        for skill_id in (job[11] or "").split(","):
            name = skill_names.get(int(skill_id)) if skill_id.strip() else None
            if name is not None:
                skills[pk].append(name)
    currency = str(getattr(settings, "CONTRACTS_CURRENCY", "USD")).upper()
    cards = []
    for row in rows:
        fields = jobs.get(row.pk)
        if fields is None:
            continue
        names = sorted(skills[row.pk], key=str.lower)
        category = category_names.get(fields[9], "") if fields[9] is not None else ""
        cards.append(mark_safe(_card(fields, facts.get(row.pk), names, category, currency)))  # noqa: S308 - escaped
    return cards


def render_job_cards(jobs: Iterable[JobPost]) -> list[SafeString]:
    """Cards for full JobPost objects (home page's latest jobs)."""
    return render_cards(
        [CardRow(job.pk, job.updated_at, job.client_id, job.published_at) for job in jobs]
    )
