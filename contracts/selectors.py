"""Reads of contracts. `contract_started_between` and `contract_active_between` answer trust's
"contract_started" / "contract_active" questions (registered in contracts/apps.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet, Sum, Window
from django.utils import timezone

from accounts.models import User
from trust.models import Upload

from .models import (
    Contract,
    Dispute,
    DisputeEvidence,
    Feedback,
    HourlyInvoice,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Milestone,
    PendingRelease,
    StatusChange,
    Submission,
)


def contract_started_between(user_a: User, user_b: User) -> bool:
    """True once a contract between these two users (either role) has started (active, paused or ended)."""
    a, b = getattr(user_a, "pk", None), getattr(user_b, "pk", None)
    if a is None or b is None or a == b:
        return False
    return Contract.objects.filter(
        Q(client_id=a, freelancer_id=b) | Q(client_id=b, freelancer_id=a), status__in=Contract.STARTED
    ).exists()


def contract_active_between(user_a: User, user_b: User) -> bool:
    """True while a contract between these two users is active or paused (they must be able to talk)."""
    a, b = getattr(user_a, "pk", None), getattr(user_b, "pk", None)
    if a is None or b is None or a == b:
        return False
    return Contract.objects.filter(
        Q(client_id=a, freelancer_id=b) | Q(client_id=b, freelancer_id=a),
        status__in=[Contract.Status.ACTIVE, Contract.Status.PAUSED],
    ).exists()


def contracts_for_user(*, user: User, status: str = "") -> QuerySet[Contract]:
    qs = Contract.objects.filter(Q(client=user) | Q(freelancer=user)).select_related("client", "freelancer", "job")
    if status == "offers":
        qs = qs.filter(status=Contract.Status.OFFERED)
    elif status == "active":
        qs = qs.filter(status__in=[Contract.Status.ACTIVE, Contract.Status.PAUSED])
    elif status == "closed":
        qs = qs.exclude(status__in=[Contract.Status.OFFERED, Contract.Status.ACTIVE, Contract.Status.PAUSED])
    return qs.order_by("-updated_at", "-pk")


def contract_for_party(*, pk: int, user: User) -> Contract:
    """The contract if `user` is one of its two parties; raises Contract.DoesNotExist otherwise (404)."""
    return (
        Contract.objects.filter(Q(client=user) | Q(freelancer=user))
        .select_related("client", "freelancer", "job", "proposal")
        .get(pk=pk)
    )


def escrow_cents(contract: Contract) -> int:
    return (
        LedgerEntry.objects.filter(account__kind=LedgerAccount.Kind.ESCROW, account__contract=contract).aggregate(
            t=Sum("amount_cents")
        )["t"]
        or 0
    )


@dataclass(frozen=True)
class BalanceSummary:
    currency: str
    client_funds_cents: int
    pending_cents: int
    available_cents: int
    next_available_at: datetime | None = None

    @property
    def earnings_cents(self) -> int:
        return self.pending_cents + self.available_cents


def balance_summary(*, user: User, currency: str | None = None) -> BalanceSummary:
    """Balances from the ledger; released funds past their security period count as available even
    before the periodic task moved them (correctness never waits on beat)."""
    currency = currency or settings.CONTRACTS_CURRENCY
    sums = dict(
        LedgerEntry.objects.filter(account__user=user, account__currency=currency)
        .values_list("account__kind")
        .annotate(t=Sum("amount_cents"))
        .values_list("account__kind", "t")
    )
    now = timezone.now()
    unmatured = PendingRelease.objects.filter(user=user, currency=currency, matured_by__isnull=True)
    due = unmatured.filter(available_at__lte=now).aggregate(t=Sum("amount_cents"))["t"] or 0
    upcoming = unmatured.filter(available_at__gt=now).order_by("available_at").first()
    return BalanceSummary(
        currency=currency,
        client_funds_cents=sums.get(LedgerAccount.Kind.CLIENT_FUNDS, 0) or 0,
        pending_cents=(sums.get(LedgerAccount.Kind.PENDING, 0) or 0) - due,
        available_cents=(sums.get(LedgerAccount.Kind.AVAILABLE, 0) or 0) + due,
        next_available_at=upcoming.available_at if upcoming else None,
    )


def statement_entries(*, user: User, kind: str, currency: str | None = None) -> QuerySet[LedgerEntry]:
    """The user's entries on one account, newest first, each with `running_cents` (balance after it)."""
    currency = currency or settings.CONTRACTS_CURRENCY
    return (
        LedgerEntry.objects.filter(account__user=user, account__kind=kind, account__currency=currency)
        .select_related("transaction", "transaction__contract")
        .annotate(running_cents=Window(Sum("amount_cents"), order_by=["pk"]))
        .order_by("-pk")
    )


def transaction_for_user(*, pk: int, user: User) -> LedgerTransaction:
    """A receipt: the transaction if it touched one of the user's accounts or their contract's escrow."""
    return (
        LedgerTransaction.objects.filter(
            Q(entries__account__user=user) | Q(contract__client=user) | Q(contract__freelancer=user)
        )
        .select_related("contract", "milestone", "invoice", "created_by")
        .distinct()
        .get(pk=pk)
    )


def feedback_revealed(contract: Contract) -> bool:
    """Both left feedback, or the reveal period after the end passed."""
    if contract.feedback.count() >= 2:
        return True
    ended = contract.ended_at
    return bool(ended and ended + timedelta(days=settings.CONTRACTS_FEEDBACK_REVEAL_DAYS) <= timezone.now())


def public_feedback_for(*, user: User) -> QuerySet[Feedback]:
    """Revealed public comments about `user` (for profiles). Scores stay private."""
    cutoff = timezone.now() - timedelta(days=settings.CONTRACTS_FEEDBACK_REVEAL_DAYS)
    both = Contract.objects.filter(feedback__isnull=False).values("pk")
    from django.db.models import Count

    both = Contract.objects.annotate(n=Count("feedback")).filter(n__gte=2).values("pk")
    return (
        Feedback.objects.filter(recipient=user)
        .filter(Q(contract__in=both) | Q(contract__ended_at__lte=cutoff))
        .select_related("author", "contract")
    )


def contract_can_cancel(contract: Contract) -> bool:
    """Cancelling (no penalty, no feedback) is only for a contract nothing went into: no funding,
    no billed week, no logged time. The same rule as services.contract_cancel."""
    if contract.status not in (Contract.Status.ACTIVE, Contract.Status.PAUSED):
        return False
    funded = LedgerTransaction.objects.filter(
        contract=contract, kind__in=[LedgerTransaction.Kind.FUND, LedgerTransaction.Kind.HOURLY_BILL]
    ).exists()
    return not funded and not contract.time_entries.exists()


def statement_default_account(*, user: User, kinds: list[str]) -> str:
    """The statement tab to open: the account that moved last; with no movement yet, earnings for
    a freelancer and client funds for a client (never an empty tab when another has entries)."""
    last = (
        LedgerEntry.objects.filter(account__user=user, account__kind__in=kinds)
        .order_by("-pk")
        .values_list("account__kind", flat=True)
        .first()
    )
    if last:
        return last
    return LedgerAccount.Kind.AVAILABLE if getattr(user, "is_freelancer", False) else LedgerAccount.Kind.CLIENT_FUNDS


# --- the contract workspace: files, change requests, timeline ----------------------------------


@dataclass(frozen=True)
class ContractFile:
    """One file exchanged in a contract. Always rendered through trust's upload link (`/files/<key>/`,
    which checks the use's access rule again): this list only decides what to mention."""

    upload: Upload
    source: str
    about: str
    by: User | None
    at: datetime
    link: str = ""


def contract_files(*, contract: Contract, viewer: User) -> list[ContractFile]:
    """Work submissions, dispute evidence and the attachments the two parties sent each other in
    messages (uploads of use "message_attachment" between exactly these two people: contracts sits
    below messaging, so it reads trust's upload rows, which carry owner and counterpart).

    The viewer sees their own files in any state (with why one was withheld) and the other party's
    only once clean: a pending, held or refused file of the other side is not mentioned at all."""
    from django.urls import reverse

    visible = Q(owner_id=getattr(viewer, "pk", None)) | Q(status=Upload.Status.CLEAN)
    files: list[ContractFile] = []
    submissions = (
        Submission.objects.filter(milestone__contract=contract, attachment__isnull=False)
        .filter(Q(attachment__owner_id=getattr(viewer, "pk", None)) | Q(attachment__status=Upload.Status.CLEAN))
        .select_related("attachment", "milestone")
    )
    for sub in submissions:
        assert sub.attachment is not None
        files.append(ContractFile(sub.attachment, "Work submission", sub.milestone.description, contract.freelancer,
                                  sub.created_at, f"#milestone-{sub.milestone_id}"))
    evidence = (
        DisputeEvidence.objects.filter(dispute__contract=contract)
        .filter(Q(upload__owner_id=getattr(viewer, "pk", None)) | Q(upload__status=Upload.Status.CLEAN))
        .select_related("upload", "added_by", "dispute__milestone", "dispute__invoice")
    )
    for item in evidence:
        files.append(ContractFile(item.upload, "Dispute evidence", dispute_label(item.dispute), item.added_by,
                                  item.created_at, reverse("contracts:dispute-detail", args=[item.dispute_id])))
    pair = Q(owner_id=contract.client_id, counterpart_id=contract.freelancer_id) | Q(
        owner_id=contract.freelancer_id, counterpart_id=contract.client_id
    )
    parties = {contract.client_id: contract.client, contract.freelancer_id: contract.freelancer}
    for upload in Upload.objects.filter(pair, visible, use="message_attachment").order_by("created_at")[:200]:
        files.append(ContractFile(upload, "Message attachment", "", parties.get(upload.owner_id), upload.created_at,
                                  reverse("messaging:conversation-start-contract", args=[contract.pk])))
    files.sort(key=lambda f: f.at, reverse=True)
    return files


def dispute_label(dispute: Dispute) -> str:
    if dispute.milestone_id and dispute.milestone is not None:
        return f"“{dispute.milestone.description[:80]}”"
    invoice = dispute.invoice
    return f"the week of {invoice.week_start:%d %b %Y}" if invoice is not None else "the contract"


def dispute_evidence_for(*, dispute: Dispute, viewer: User) -> list[DisputeEvidence]:
    """A dispute's files the viewer may be told about: their own in any state, the other party's once clean."""
    return list(
        dispute.evidence.filter(Q(upload__owner_id=getattr(viewer, "pk", None)) | Q(upload__status=Upload.Status.CLEAN))
        .select_related("upload", "added_by")
    )


@dataclass(frozen=True)
class ChangeRequest:
    """The client sent submitted work back (a SUBMITTED -> FUNDED status change with the note). Its
    outcome follows from what happened to the milestone afterwards."""

    milestone_id: int
    at: datetime
    by: User
    note: str
    outcome: str  # "open" (awaiting new work), "resubmitted", "disputed", "closed"

    @property
    def outcome_label(self) -> str:
        return {"open": "Requested: awaiting new work", "resubmitted": "Accepted: work resubmitted",
                "disputed": "Declined: taken to a dispute", "closed": "Closed"}[self.outcome]


def change_requests(*, contract: Contract) -> dict[int, list[ChangeRequest]]:
    """Every change request on the contract's milestones, oldest first, by milestone id."""
    changes = list(
        StatusChange.objects.filter(contract=contract, milestone__isnull=False)
        .select_related("actor")
        .order_by("at", "pk")
    )
    out: dict[int, list[ChangeRequest]] = {}
    for i, change in enumerate(changes):
        if not (change.from_status == Milestone.Status.SUBMITTED and change.to_status == Milestone.Status.FUNDED):
            continue
        later = next((c for c in changes[i + 1:] if c.milestone_id == change.milestone_id), None)
        if later is None:
            outcome = "open"
        elif later.to_status == Milestone.Status.SUBMITTED:
            outcome = "resubmitted"
        elif later.to_status == Milestone.Status.DISPUTED:
            outcome = "disputed"
        else:
            outcome = "closed"
        assert change.milestone_id is not None
        out.setdefault(change.milestone_id, []).append(
            ChangeRequest(change.milestone_id, change.at, change.actor, change.note, outcome)
        )
    return out


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    kind: str  # contract | milestone | week | money | dispute | review
    text: str
    actor: str = ""
    note: str = ""
    amount_cents: int | None = None
    link: str = ""


_CONTRACT_TEXT = {
    ("offered", "active"): "Offer accepted: the contract started",
    ("offered", "declined"): "Offer declined",
    ("offered", "withdrawn"): "Offer withdrawn",
    ("active", "paused"): "Contract paused",
    ("paused", "active"): "Contract resumed",
    ("active", "ended"): "Contract ended",
    ("paused", "ended"): "Contract ended",
    ("active", "cancelled"): "Contract cancelled",
    ("paused", "cancelled"): "Contract cancelled",
}
_MILESTONE_TEXT = {
    ("pending", "funded"): ("Milestone {m} funded", LedgerTransaction.Kind.FUND),
    ("funded", "submitted"): ("Work submitted for {m}", None),
    ("submitted", "funded"): ("Changes requested on {m}", None),
    ("submitted", "released"): ("{m} approved: payment released", LedgerTransaction.Kind.RELEASE),
    ("disputed", "released"): ("{m}: payment released by decision", LedgerTransaction.Kind.RELEASE),
    ("funded", "refunded"): ("{m} refunded to the client", LedgerTransaction.Kind.REFUND),
    ("submitted", "refunded"): ("{m} refunded to the client", LedgerTransaction.Kind.REFUND),
    ("disputed", "refunded"): ("{m} refunded by decision", LedgerTransaction.Kind.REFUND),
    ("disputed", "split"): ("{m} split by decision", LedgerTransaction.Kind.SPLIT),
    ("pending", "cancelled"): ("Milestone {m} cancelled", None),
}
_WEEK_TEXT = {
    ("due", "billed"): ("Week of {w} billed", LedgerTransaction.Kind.HOURLY_BILL),
    ("billed", "paid"): ("Week of {w} paid", LedgerTransaction.Kind.HOURLY_RELEASE),
    ("disputed", "paid"): ("Week of {w} paid by decision", LedgerTransaction.Kind.HOURLY_RELEASE),
    ("disputed", "refunded"): ("Week of {w} refunded by decision", LedgerTransaction.Kind.REFUND),
    ("disputed", "split"): ("Week of {w} split by decision", LedgerTransaction.Kind.SPLIT),
}


def contract_timeline(*, contract: Contract, limit: int = 300) -> list[TimelineEvent]:
    """What happened on the contract, oldest first, from the rows that recorded it: the contract's
    creation, its status history (offer, milestones, weeks, disputes), the ledger (each money
    movement's amount, matched to the status change it came with), dispute filings and evidence,
    and feedback (that it was left; what it says shows only once revealed). Nothing is stored twice."""
    from django.urls import reverse

    money: dict[tuple[str, int | None, int | None], list[LedgerTransaction]] = {}
    transactions = (
        LedgerTransaction.objects.filter(contract=contract)
        .annotate(moved=Sum("entries__amount_cents", filter=Q(entries__amount_cents__gt=0)))
        .order_by("created_at", "pk")
    )
    for tx in transactions:
        money.setdefault((tx.kind, tx.milestone_id, tx.invoice_id), []).append(tx)
    used: set[int] = set()

    def take(kind: str | None, milestone_id: int | None, invoice_id: int | None) -> int | None:
        if kind is None:
            return None
        for tx in money.get((kind, milestone_id, invoice_id), []):
            if tx.pk not in used:
                used.add(tx.pk)
                return int(getattr(tx, "moved", 0) or 0)
        return None

    def name(user: User) -> str:
        return user.display_name if user is not None else ""

    events = [TimelineEvent(contract.created_at, "contract", "Offer sent", name(contract.client))]
    changes = (
        StatusChange.objects.filter(contract=contract)
        .select_related("actor", "milestone", "invoice")
        .order_by("at", "pk")
    )
    for change in changes:
        key = (change.from_status, change.to_status)
        actor = name(change.actor)
        if change.dispute_id is not None:
            text = {"answered": "Dispute answered", "resolved": "Dispute decided"}.get(change.to_status)
            if text:
                events.append(TimelineEvent(change.at, "dispute", text, actor, change.note,
                                            link=reverse("contracts:dispute-detail", args=[change.dispute_id])))
        elif change.milestone is not None:
            if change.to_status == Milestone.Status.DISPUTED:
                continue  # the dispute row below says it, with its link
            template, kind = _MILESTONE_TEXT.get(key, ("{m}: " + change.to_status, None))
            text = template.format(m=f"“{change.milestone.description[:80]}”")
            events.append(TimelineEvent(change.at, "milestone", text, actor or ("automatic" if kind else ""),
                                        change.note, take(kind, change.milestone_id, None),
                                        f"#milestone-{change.milestone_id}"))
        elif change.invoice is not None:
            if change.to_status == HourlyInvoice.Status.DISPUTED:
                continue
            template, kind = _WEEK_TEXT.get(key, ("Week of {w}: " + change.to_status, None))
            text = template.format(w=f"{change.invoice.week_start:%d %b %Y}")
            events.append(TimelineEvent(change.at, "week", text, actor, change.note,
                                        take(kind, None, change.invoice_id)))
        else:
            text = _CONTRACT_TEXT.get(key, f"Contract {change.to_status}")
            events.append(TimelineEvent(change.at, "contract", text, actor, change.note))
    for tx in transactions:
        if tx.pk not in used:
            events.append(TimelineEvent(tx.created_at, "money", tx.get_kind_display(), "",
                                        tx.memo, int(getattr(tx, "moved", 0) or 0)))
    for dispute in contract.disputes.select_related("opened_by", "milestone", "invoice"):
        events.append(TimelineEvent(dispute.created_at, "dispute", f"Dispute opened about {dispute_label(dispute)}",
                                    name(dispute.opened_by),
                                    link=reverse("contracts:dispute-detail", args=[dispute.pk])))
    for item in DisputeEvidence.objects.filter(dispute__contract=contract).select_related("added_by"):
        events.append(TimelineEvent(item.created_at, "dispute", "Evidence added to a dispute", name(item.added_by),
                                    link=reverse("contracts:dispute-detail", args=[item.dispute_id])))
    for fb in contract.feedback.select_related("author"):
        events.append(TimelineEvent(fb.created_at, "review", "Feedback left", name(fb.author)))
    events.sort(key=lambda e: e.at)
    return events[-limit:]
