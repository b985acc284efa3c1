"""Reputation reads: what profiles, job cards and job pages show about people.

Numbers come from contracts (released amounts mirror the ledger's release transactions, feedback,
disputes) and are cached per user (reputation.cache); the rules that turn them into a score or a
band live in reputation.rules. Whether a user's badges are withheld by a trust sanction is checked
on every read, never cached, so a sanction hides them at once.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db.models import Aggregate, Count, Exists, F, Model, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import rules
from .cache import forget_users, key, ttl

if TYPE_CHECKING:
    from accounts.models import User
    from marketplace.cards import CardRow
    from marketplace.models import Proposal
    from trust.models import Sanction


@dataclass(frozen=True)
class FreelancerReputation:
    earnings_band: str = ""
    job_success: int | None = None
    completed_jobs: int = 0
    hours: int = 0
    rating: float | None = None
    rating_count: int = 0
    badges_withheld: bool = False

    @property
    def shown_job_success(self) -> int | None:
        return None if self.badges_withheld else self.job_success


@dataclass(frozen=True)
class ClientReputation:
    payment_verified: bool = False
    spent_cents: int = 0
    hires: int = 0
    jobs_posted: int = 0
    rating: float | None = None
    rating_count: int = 0
    badges_withheld: bool = False

    @property
    def spent_band(self) -> str:
        return rules.earnings_band(self.spent_cents)

    @property
    def shown_payment_verified(self) -> bool:
        return self.payment_verified and not self.badges_withheld


def cache_forget(*user_ids: int) -> None:
    """Drop cached reputation (tests, staff tools); events and feedback do it on their own."""
    forget_users(*user_ids)


# --- helpers ----------------------------------------------------------------------------------


def _revealed_feedback_q() -> Q:
    """Feedback is public once both parties left theirs or the reveal period after the end passed
    (the rule of contracts.selectors.feedback_revealed, as a filter for many rows at once)."""
    from contracts.models import Feedback

    cutoff = timezone.now() - timedelta(days=settings.CONTRACTS_FEEDBACK_REVEAL_DAYS)
    other = Feedback.objects.filter(contract_id=OuterRef("contract_id")).exclude(author_id=OuterRef("author_id"))
    return Q(Exists(other)) | Q(contract__ended_at__lte=cutoff)


def _withholding_sanctions() -> QuerySet[Sanction]:
    from trust.models import Sanction

    return Sanction.objects.active().filter(kind__in=rules.WITHHOLDING_SANCTIONS)


def withheld_sql(user_column: str) -> tuple[str, list[object]]:
    """withheld_exists as a raw SQL fragment (for marketplace.listing's hand-written list query):
    a sanction of a withholding kind, started, not ended, not lifted."""
    from django.db import connection

    from trust.models import Sanction

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    kinds = ", ".join(["%s"] * len(rules.WITHHOLDING_SANCTIONS))
    return (
        f"EXISTS (SELECT 1 FROM {Sanction._meta.db_table} ws WHERE ws.user_id = {user_column} "
        f"AND ws.kind IN ({kinds}) AND ws.lifted_at IS NULL AND ws.starts_at <= %s "
        f"AND (ws.ends_at IS NULL OR ws.ends_at > %s))",
        [*rules.WITHHOLDING_SANCTIONS, now, now],
    )


def withheld_user_ids(user_ids: Iterable[int]) -> set[int]:
    """Users whose badges a sanction in force withholds (one query for a page of users)."""
    ids = {uid for uid in user_ids if uid}
    if not ids:
        return set()
    return set(_withholding_sanctions().filter(user_id__in=ids).values_list("user_id", flat=True))


def _ratings(user_ids: set[int], *, as_role: str) -> dict[int, tuple[int, int]]:
    """(sum of scores, count) of revealed feedback each user received in `as_role` (client/freelancer)."""
    from contracts.models import Feedback

    role_field = "contract__client_id" if as_role == "client" else "contract__freelancer_id"
    rows = (
        Feedback.objects.filter(_revealed_feedback_q(), recipient_id__in=user_ids, **{role_field: F("recipient_id")})
        .order_by()
        .values("recipient_id")
        .annotate(total=Sum("score"), n=Count("pk"))
    )
    return {row["recipient_id"]: (row["total"] or 0, row["n"]) for row in rows}


# --- freelancers ------------------------------------------------------------------------------


def _freelancer_compute(user_id: int) -> FreelancerReputation:
    from contracts.models import Contract, Dispute, Feedback, HourlyInvoice, Milestone

    paid_milestones = (
        Milestone.objects.filter(contract_id=OuterRef("pk")).order_by().values("contract_id")
        .annotate(t=Sum("released_cents")).values("t")
    )
    paid_invoices = (
        HourlyInvoice.objects.filter(contract_id=OuterRef("pk")).order_by().values("contract_id")
        .annotate(t=Sum("released_cents")).values("t")
    )
    client_score = Feedback.objects.filter(
        _revealed_feedback_q(), contract_id=OuterRef("pk"), author_id=OuterRef("client_id")
    ).values("score")[:1]
    lost = Dispute.objects.filter(
        contract_id=OuterRef("pk"), status=Dispute.Status.RESOLVED, resolution=Dispute.Resolution.REFUND
    )
    rows = (
        Contract.objects.filter(freelancer_id=user_id, status=Contract.Status.ENDED)
        .annotate(
            paid_m=Coalesce(Subquery(paid_milestones), 0),
            paid_i=Coalesce(Subquery(paid_invoices), 0),
            score=Subquery(client_score),
            lost=Exists(lost),
        )
        .values_list("paid_m", "paid_i", "score", "lost")
    )
    outcomes = [rules.Outcome(paid_cents=m + i, client_score=s, lost_dispute=bool(x)) for m, i, s, x in rows]
    earned = sum(
        model.objects.filter(contract__freelancer_id=user_id).aggregate(t=Sum("released_cents"))["t"] or 0
        for model in (Milestone, HourlyInvoice)
    )
    minutes = (
        HourlyInvoice.objects.filter(contract__freelancer_id=user_id, released_cents__gt=0).aggregate(t=Sum("minutes"))[
            "t"
        ]
        or 0
    )
    total, count = _ratings({user_id}, as_role="freelancer").get(user_id, (0, 0))
    return FreelancerReputation(
        earnings_band=rules.earnings_band(earned),
        job_success=rules.job_success_score(outcomes),
        completed_jobs=sum(1 for o in outcomes if o.paid_cents > 0),
        hours=minutes // 60,
        rating=rules.average_rating(total, count),
        rating_count=count,
    )


def freelancer_reputation(*, user: User) -> FreelancerReputation:
    """A freelancer's record for their profile and proposals (cached; badges checked live)."""
    cache_key = key("freelancer", user.pk)
    rep = cache.get(cache_key)
    if rep is None:
        rep = _freelancer_compute(user.pk)
        cache.set(cache_key, rep, ttl())
    return replace(rep, badges_withheld=bool(withheld_user_ids([user.pk])))


# --- clients ----------------------------------------------------------------------------------


def _sum_by(qs: QuerySet[Model], outer_field: str, agg: Aggregate) -> Subquery:
    """A correlated subquery aggregating `qs` rows that belong to the outer user."""
    mine = qs.filter(**{outer_field: OuterRef("pk")}).order_by()
    return Subquery(mine.values(outer_field).annotate(v=agg).values("v"))


def _clients_compute(ids: set[int]) -> dict[int, ClientReputation]:
    """Every client stat for many clients in one query (correlated subqueries per user)."""
    from accounts.models import User
    from contracts.models import Card, Contract, Feedback, HourlyInvoice, Milestone
    from marketplace.models import JobPost

    feedback = Feedback.objects.filter(_revealed_feedback_q(), contract__client_id=F("recipient_id"))
    rows = (
        User.objects.filter(pk__in=ids)
        .annotate(
            spent_m=Coalesce(_sum_by(Milestone.objects.all(), "contract__client_id", Sum("released_cents")), 0),
            spent_i=Coalesce(_sum_by(HourlyInvoice.objects.all(), "contract__client_id", Sum("released_cents")), 0),
            hires=Coalesce(_sum_by(Contract.objects.filter(status__in=Contract.STARTED), "client_id", Count("pk")), 0),
            posted=Coalesce(
                _sum_by(JobPost.objects.exclude(status=JobPost.Status.DRAFT), "client_id", Count("pk")), 0
            ),
            verified=Exists(Card.objects.filter(user_id=OuterRef("pk"))),
            rating_total=Coalesce(_sum_by(feedback, "recipient_id", Sum("score")), 0),
            rating_n=Coalesce(_sum_by(feedback, "recipient_id", Count("pk")), 0),
        )
        .values_list("pk", "spent_m", "spent_i", "hires", "posted", "verified", "rating_total", "rating_n")
    )
    return {
        pk: ClientReputation(
            payment_verified=bool(verified),
            spent_cents=spent_m + spent_i,
            hires=hires,
            jobs_posted=posted,
            rating=rules.average_rating(total, n),
            rating_count=n,
        )
        for pk, spent_m, spent_i, hires, posted, verified, total, n in rows
    }


def client_reputations(user_ids: Iterable[int], *, withheld: set[int] | None = None) -> dict[int, ClientReputation]:
    """Client stats for many clients at once (a page of job cards): cache hits, then one query for the
    misses; withheld badges checked live in one query, unless the caller read them with its rows
    (`withheld`: the ids among `user_ids` whose badges are withheld, from withheld_exists)."""
    ids = {uid for uid in user_ids if uid}
    if not ids:
        return {}
    keys = {uid: key("client", uid) for uid in ids}
    found = cache.get_many(list(keys.values()))
    result = {uid: found[k] for uid, k in keys.items() if k in found}
    missing = ids - result.keys()
    if missing:
        computed = _clients_compute(missing)
        cache.set_many({keys[uid]: rep for uid, rep in computed.items()}, ttl())
        result.update(computed)
    if withheld is None:
        withheld = withheld_user_ids(ids)
    return {uid: replace(rep, badges_withheld=uid in withheld) for uid, rep in result.items()}


def client_reputation(*, user: User) -> ClientReputation:
    return client_reputations([user.pk])[user.pk]


# --- reviews and proposals --------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    author_name: str
    author_id: int
    contract_title: str
    score: int
    comment: str
    at: datetime


def public_reviews(*, user: User, as_role: str, limit: int = 20) -> list[Review]:
    """Revealed feedback `user` received as a client or a freelancer, newest first (contracts decides
    what is revealed)."""
    from contracts.selectors import public_feedback_for

    qs = public_feedback_for(user=user)
    qs = qs.filter(contract__client=user) if as_role == "client" else qs.filter(contract__freelancer=user)
    return [
        Review(
            author_name=f.author.display_name,
            author_id=f.author_id,
            contract_title=f.contract.title,
            score=f.score,
            comment=f.comment,
            at=f.created_at,
        )
        for f in qs.order_by("-created_at", "-pk")[:limit]
    ]


def _live_proposals() -> QuerySet[Proposal]:
    from marketplace.models import Proposal

    return Proposal.objects.exclude(status=Proposal.Status.WITHDRAWN)


def proposal_counts(job_ids: Iterable[int]) -> dict[int, int]:
    """Proposals each job received (withdrawn ones don't count), one grouped query."""
    ids = list({pk for pk in job_ids if pk})
    if not ids:
        return {}
    rows = (
        _live_proposals()
        .filter(job_id__in=ids)
        .order_by()
        .values_list("job_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows.values_list("job_id", "n"))


@dataclass(frozen=True)
class JobCardFacts:
    client: ClientReputation
    proposals: int

    @property
    def proposals_band(self) -> str:
        return rules.proposal_band(self.proposals)


def job_card_facts(jobs: Iterable[CardRow]) -> dict[int, JobCardFacts]:
    """What a job card says about its client and its proposals, for a page of jobs. Rows that carry
    `proposals` and `withheld` (read with the page: marketplace.selectors.job_row_page) save those
    queries."""
    jobs = list(jobs)
    if jobs and all(getattr(j, "proposals", None) is not None and getattr(j, "withheld", None) is not None
                    for j in jobs):
        counts = {job.pk: job.proposals or 0 for job in jobs}  # all set (checked above)
        clients = client_reputations((job.client_id for job in jobs),
                                     withheld={job.client_id for job in jobs if job.withheld})
    else:
        clients = client_reputations(job.client_id for job in jobs)
        counts = proposal_counts(job.pk for job in jobs)
    return {
        job.pk: JobCardFacts(client=clients.get(job.client_id, ClientReputation()), proposals=counts.get(job.pk, 0))
        for job in jobs
    }
