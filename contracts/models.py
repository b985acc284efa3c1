"""Offers, contracts, milestones, hourly invoices, disputes, feedback and the double-entry ledger.

An offer is a contract in status `offered`: accepting it starts the contract, so the offer page and
the contract page show one row in two moments. Money never lives in a field: every balance is the
`Sum` of `LedgerEntry.amount_cents` on one `LedgerAccount`; the `*_cents` fields on milestones and
invoices are prices and outcomes, not balances.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core.models import TimeStampedModel
from trust.guards import GuardedManager

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

CURRENCIES = [("USD", "US dollar"), ("EUR", "Euro"), ("GBP", "Pound sterling")]


class Contract(TimeStampedModel):
    class Kind(models.TextChoices):
        FIXED = "fixed", "Fixed price"
        HOURLY = "hourly", "Hourly"

    class Status(models.TextChoices):
        OFFERED = "offered", "Offer sent"
        DECLINED = "declined", "Offer declined"
        WITHDRAWN = "withdrawn", "Offer withdrawn"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"
        CANCELLED = "cancelled", "Cancelled"

    TRANSITIONS = {
        Status.OFFERED: {Status.ACTIVE, Status.DECLINED, Status.WITHDRAWN},
        Status.ACTIVE: {Status.PAUSED, Status.ENDED, Status.CANCELLED},
        Status.PAUSED: {Status.ACTIVE, Status.ENDED, Status.CANCELLED},
        Status.DECLINED: set(),
        Status.WITHDRAWN: set(),
        Status.ENDED: set(),
        Status.CANCELLED: set(),
    }
    # Once started, the two parties may share contact details (trust.policy asks the selector).
    STARTED = (Status.ACTIVE, Status.PAUSED, Status.ENDED)

    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contracts_as_client")
    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contracts_as_freelancer"
    )
    job = models.ForeignKey(
        "marketplace.JobPost", null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts"
    )
    proposal = models.ForeignKey(
        "marketplace.Proposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts"
    )
    title = models.CharField(max_length=120)
    terms = models.TextField(blank=True, max_length=10_000)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FIXED)
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="USD")
    hourly_rate_cents = models.BigIntegerField(null=True, blank=True)
    weekly_limit_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    fill_job = models.BooleanField(default=False, help_text="Mark the job filled when the offer is accepted.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OFFERED)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = GuardedManager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(client=F("freelancer")), name="contract_two_parties"),
            models.CheckConstraint(
                condition=Q(status__in=["offered", "declined", "withdrawn", "active", "paused", "ended", "cancelled"]),
                name="contract_status_valid",
            ),
            models.CheckConstraint(condition=Q(kind__in=["fixed", "hourly"]), name="contract_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind="fixed") | Q(hourly_rate_cents__gt=0, weekly_limit_hours__gt=0),
                name="contract_hourly_terms",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_started(self) -> bool:
        return self.status in self.STARTED

    @property
    def is_open_for_work(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_hourly(self) -> bool:
        return self.kind == self.Kind.HOURLY

    def is_party(self, user: User | AnonymousUser | None) -> bool:
        return user is not None and user.pk in (self.client_id, self.freelancer_id)

    def counterpart(self, user: User) -> User:
        return self.freelancer if user.pk == self.client_id else self.client


class Milestone(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Not funded"
        FUNDED = "funded", "Funded (in escrow)"
        SUBMITTED = "submitted", "Work submitted"
        DISPUTED = "disputed", "In dispute"
        RELEASED = "released", "Paid"
        REFUNDED = "refunded", "Refunded"
        SPLIT = "split", "Split by decision"
        CANCELLED = "cancelled", "Cancelled"

    TRANSITIONS = {
        Status.PENDING: {Status.FUNDED, Status.CANCELLED},
        Status.FUNDED: {Status.SUBMITTED, Status.DISPUTED, Status.REFUNDED},
        Status.SUBMITTED: {Status.RELEASED, Status.FUNDED, Status.DISPUTED},
        Status.DISPUTED: {Status.RELEASED, Status.REFUNDED, Status.SPLIT},
        Status.RELEASED: set(),
        Status.REFUNDED: set(),
        Status.SPLIT: set(),
        Status.CANCELLED: set(),
    }
    IN_ESCROW = (Status.FUNDED, Status.SUBMITTED, Status.DISPUTED)

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(default=1)
    description = models.CharField(max_length=500)
    amount_cents = models.BigIntegerField()
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    funded_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_approve_at = models.DateTimeField(null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    released_cents = models.BigIntegerField(default=0)
    refunded_cents = models.BigIntegerField(default=0)

    objects = GuardedManager()

    class Meta:
        ordering = ["contract_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="milestone_amount_positive"),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "pending",
                        "funded",
                        "submitted",
                        "disputed",
                        "released",
                        "refunded",
                        "split",
                        "cancelled",
                    ]
                ),
                name="milestone_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(released_cents__gte=0, refunded_cents__gte=0)
                & Q(amount_cents__gte=F("released_cents") + F("refunded_cents")),
                name="milestone_outcome_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description[:60]} ({self.contract})"

    @property
    def is_in_escrow(self) -> bool:
        return self.status in self.IN_ESCROW


def _submission_path(instance: Submission, filename: str) -> str:
    """Referenced by migration 0001 only (files now live in trust.Upload)."""
    return f"contracts/{filename}"


class Submission(TimeStampedModel):
    """Work handed in for a milestone: a message and optional file. Each resubmission is a new row."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="submissions")
    message = models.TextField(max_length=5_000)
    # The delivered file (trust's upload pipeline: sniffed, scanned, served only to the parties).
    attachment = models.ForeignKey(
        "trust.Upload", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = GuardedManager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Submission for {self.milestone}"


class HourlyInvoice(TimeStampedModel):
    """One closed week of an hourly contract. Billed = the client's funds moved into escrow."""

    class Status(models.TextChoices):
        DUE = "due", "Awaiting client funds"
        BILLED = "billed", "In escrow (review period)"
        DISPUTED = "disputed", "In dispute"
        PAID = "paid", "Paid"
        REFUNDED = "refunded", "Refunded"
        SPLIT = "split", "Split by decision"

    TRANSITIONS = {
        Status.DUE: {Status.BILLED},
        Status.BILLED: {Status.PAID, Status.DISPUTED},
        Status.DISPUTED: {Status.PAID, Status.REFUNDED, Status.SPLIT},
        Status.PAID: set(),
        Status.REFUNDED: set(),
        Status.SPLIT: set(),
    }

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="invoices")
    week_start = models.DateField(help_text="Monday of the billed week.")
    minutes = models.PositiveIntegerField()
    amount_cents = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DUE)
    billed_at = models.DateTimeField(null=True, blank=True)
    dispute_until = models.DateTimeField(null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    released_cents = models.BigIntegerField(default=0)
    refunded_cents = models.BigIntegerField(default=0)

    objects = GuardedManager()

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "week_start"], name="one_invoice_per_week"),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="invoice_amount_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["due", "billed", "disputed", "paid", "refunded", "split"]),
                name="invoice_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(amount_cents__gte=F("released_cents") + F("refunded_cents")),
                name="invoice_outcome_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"Week of {self.week_start} ({self.contract})"


class TimeEntry(TimeStampedModel):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="time_entries")
    date = models.DateField()
    minutes = models.PositiveIntegerField()
    memo = models.CharField(max_length=500)
    invoice = models.ForeignKey(HourlyInvoice, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries")

    objects = GuardedManager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name_plural = "time entries"
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0, minutes__lte=24 * 60), name="time_entry_minutes_range"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.minutes} min"


class Dispute(TimeStampedModel):
    """A disagreement over one escrowed milestone or hourly week. The counterpart answers by
    `respond_by` or the decision goes against them; staff resolve in the admin."""

    class Status(models.TextChoices):
        OPEN = "open", "Awaiting response"
        ANSWERED = "answered", "Under review"
        RESOLVED = "resolved", "Resolved"

    TRANSITIONS = {
        Status.OPEN: {Status.ANSWERED, Status.RESOLVED},
        Status.ANSWERED: {Status.RESOLVED},
        Status.RESOLVED: set(),
    }

    class Resolution(models.TextChoices):
        RELEASE = "release", "Release to freelancer"
        REFUND = "refund", "Refund to client"
        SPLIT = "split", "Split"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="disputes")
    milestone = models.ForeignKey(Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="disputes")
    invoice = models.ForeignKey(HourlyInvoice, null=True, blank=True, on_delete=models.CASCADE, related_name="disputes")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    statement = models.TextField(max_length=5_000)
    response = models.TextField(blank=True, max_length=5_000)
    respond_by = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True)
    release_cents = models.BigIntegerField(default=0)
    refund_cents = models.BigIntegerField(default=0)
    reason = models.TextField(blank=True, max_length=5_000)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(milestone__isnull=False, invoice__isnull=True)
                | Q(milestone__isnull=True, invoice__isnull=False),
                name="dispute_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "answered", "resolved"]), name="dispute_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(release_cents__gte=0, refund_cents__gte=0), name="dispute_amounts_positive"
            ),
            models.UniqueConstraint(
                fields=["milestone"], condition=~Q(status="resolved"), name="one_open_dispute_per_milestone"
            ),
            models.UniqueConstraint(
                fields=["invoice"], condition=~Q(status="resolved"), name="one_open_dispute_per_invoice"
            ),
        ]

    def __str__(self) -> str:
        return f"Dispute on {self.milestone or self.invoice}"

    @property
    def subject(self) -> Milestone | HourlyInvoice:
        return self.milestone or self.invoice  # type: ignore[return-value]

    @property
    def amount_cents(self) -> int:
        return self.subject.amount_cents


class DisputeEvidence(TimeStampedModel):
    """A file either party adds to a dispute (screenshots, the brief, delivered work). The file is a
    trust.Upload of use "dispute_evidence": scanned like any other, fetched through /files/<key>/ by
    the other party once clean (access rule in contracts.apps) and by staff deciding the dispute."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="evidence")
    upload = models.ForeignKey("trust.Upload", on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["upload"], name="evidence_upload_once")]

    def __str__(self) -> str:
        return f"Evidence for {self.dispute}"


class StatusChange(models.Model):
    """Every transition of a contract, milestone, invoice or dispute: who, when, from, to, why."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="status_changes")
    milestone = models.ForeignKey(Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    invoice = models.ForeignKey(HourlyInvoice, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    dispute = models.ForeignKey(Dispute, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    from_status = models.CharField(max_length=12)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, max_length=5_000)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Feedback(TimeStampedModel):
    """After a contract ends each party rates the other: the score is private (badges, averages),
    the comment is public and revealed once both have left feedback or the reveal period passed."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_given")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_received")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(max_length=2_000)

    objects = GuardedManager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "author"], name="one_feedback_per_party"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="feedback_score_range"),
        ]

    def __str__(self) -> str:
        return f"Feedback by {self.author} on {self.contract}"


# --- money ------------------------------------------------------------------------------------


class Card(TimeStampedModel):
    """A client's saved card: only the provider's token and what the user needs to recognise it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cards")
    brand = models.CharField(max_length=20)
    last4 = models.CharField(max_length=4)
    token = models.CharField(max_length=100)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.brand} •••• {self.last4}"


class LedgerAccount(models.Model):
    class Kind(models.TextChoices):
        WORLD = "world", "Payment provider (outside world)"
        CLIENT_FUNDS = "client_funds", "Client funds"
        ESCROW = "escrow", "Escrow"
        PENDING = "pending", "Freelancer pending"
        AVAILABLE = "available", "Freelancer available"
        FEES = "fees", "Platform fees"
        PAYOUTS = "payouts", "Withdrawals in transit"

    # Balances of these may never drop below zero (checked under lock in ledger_post).
    NON_NEGATIVE = (Kind.CLIENT_FUNDS, Kind.ESCROW, Kind.PENDING, Kind.AVAILABLE, Kind.PAYOUTS)

    kind = models.CharField(max_length=15, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_accounts"
    )
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_accounts"
    )
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="USD")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=["world", "client_funds", "escrow", "pending", "available", "fees", "payouts"]
                ),
                name="ledger_account_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["kind", "user", "currency"], condition=Q(user__isnull=False), name="one_user_account"
            ),
            models.UniqueConstraint(
                fields=["kind", "contract", "currency"],
                condition=Q(contract__isnull=False),
                name="one_contract_account",
            ),
            models.UniqueConstraint(
                fields=["kind", "currency"],
                condition=Q(user__isnull=True, contract__isnull=True),
                name="one_platform_account",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=["client_funds", "pending", "available", "payouts"],
                        user__isnull=False,
                        contract__isnull=True,
                    )
                )
                | Q(kind="escrow", contract__isnull=False, user__isnull=True)
                | Q(kind__in=["world", "fees"], user__isnull=True, contract__isnull=True),
                name="ledger_account_owner_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        owner = self.user or self.contract or "platform"
        return f"{self.get_kind_display()} · {owner} · {self.currency}"


class LedgerTransaction(models.Model):
    class Kind(models.TextChoices):
        TOP_UP = "top_up", "Top-up"
        FUND = "fund", "Milestone funded"
        RELEASE = "release", "Payment released"
        REFUND = "refund", "Refund"
        SPLIT = "split", "Dispute split"
        HOURLY_BILL = "hourly_bill", "Hourly week billed"
        HOURLY_RELEASE = "hourly_release", "Hourly week paid"
        MATURE = "mature", "Funds available"
        WITHDRAWAL = "withdrawal", "Withdrawal requested"
        PAYOUT = "payout", "Withdrawal paid out"
        PAYOUT_FAILED = "payout_failed", "Withdrawal failed (returned)"

    # Keys live in scopes: "system" for keys the services build from ids (`mature:<id>`), and
    # "user:<pk>:<operation>" for the key a user's confirmation form carries. A user's key can
    # never reach a system key or another user's (the pair is unique, the scope is set server-side).
    SYSTEM_SCOPE = "system"

    kind = models.CharField(max_length=15, choices=Kind.choices)
    scope = models.CharField(max_length=60, default=SYSTEM_SCOPE)
    idempotency_key = models.CharField(max_length=100)
    memo = models.CharField(max_length=200, blank=True)
    contract = models.ForeignKey(Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    milestone = models.ForeignKey(Milestone, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey(HourlyInvoice, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "top_up",
                        "fund",
                        "release",
                        "refund",
                        "split",
                        "hourly_bill",
                        "hourly_release",
                        "mature",
                        "withdrawal",
                        "payout",
                        "payout_failed",
                    ]
                ),
                name="ledger_transaction_kind_valid",
            ),
            models.UniqueConstraint(fields=["scope", "idempotency_key"], name="ledger_transaction_key_per_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class LedgerEntry(models.Model):
    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="entries")
    amount_cents = models.BigIntegerField()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "ledger entries"
        constraints = [models.CheckConstraint(condition=~Q(amount_cents=0), name="ledger_entry_nonzero")]

    def __str__(self) -> str:
        return f"{self.account}: {self.amount_cents}"


class PendingRelease(models.Model):
    """Money released to a freelancer, held for the security period. Matured by `funds_mature`
    (under lock, on withdrawal and periodically); selectors count due-but-unmatured rows as
    available so correctness never waits on the periodic task."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    source = models.OneToOneField(LedgerTransaction, on_delete=models.PROTECT, related_name="pending_release")
    amount_cents = models.BigIntegerField()
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="USD")
    available_at = models.DateTimeField(db_index=True)
    matured_by = models.OneToOneField(
        LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="matured_release"
    )

    class Meta:
        ordering = ["available_at"]
        constraints = [models.CheckConstraint(condition=Q(amount_cents__gt=0), name="pending_release_positive")]

    def __str__(self) -> str:
        return f"{self.amount_cents} for {self.user} at {self.available_at}"


class ProviderOperation(TimeStampedModel):
    """A request to the payment provider (charge or payout) with its outcome; the key makes a
    double-submitted form reach the provider and the ledger once."""

    amount_cents = models.BigIntegerField()
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="USD")
    idempotency_key = models.CharField(max_length=100)  # unique per user (each subclass's constraint)
    provider_ref = models.CharField(max_length=100, blank=True)
    failure_reason = models.CharField(max_length=200, blank=True)
    transaction = models.OneToOneField(
        LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class TopUp(ProviderOperation):
    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        DECLINED = "declined", "Declined"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="top_ups")
    card = models.ForeignKey(Card, null=True, on_delete=models.SET_NULL, related_name="top_ups")
    status = models.CharField(max_length=10, choices=Status.choices)

    class Meta(ProviderOperation.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="top_up_amount_positive"),
            models.UniqueConstraint(fields=["user", "idempotency_key"], name="top_up_key_per_user"),
        ]

    def __str__(self) -> str:
        return f"Top-up {self.amount_cents} by {self.user}"


class Withdrawal(ProviderOperation):
    """Requested: the amount is reserved in the ledger (available -> payouts in transit) in the
    request's transaction; after commit a task calls the provider, then settles (-> world) or
    reverses (-> back to available). A periodic task retries requests left pending."""

    class Status(models.TextChoices):
        PENDING = "pending", "Processing"
        PAID = "paid", "Paid out"
        FAILED = "failed", "Failed"

    TRANSITIONS = {Status.PENDING: {Status.PAID, Status.FAILED}, Status.PAID: set(), Status.FAILED: set()}

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="withdrawals")
    bank_last4 = models.CharField(max_length=4)
    bank_token = models.CharField(max_length=100, blank=True, help_text="The provider's token, never the number.")
    status = models.CharField(max_length=10, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    settlement = models.OneToOneField(
        LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(ProviderOperation.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="withdrawal_amount_positive"),
            models.UniqueConstraint(fields=["user", "idempotency_key"], name="withdrawal_key_per_user"),
        ]

    def __str__(self) -> str:
        return f"Withdrawal {self.amount_cents} by {self.user}"
