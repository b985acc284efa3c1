"""Views of the contracts app: thin, every write goes through contracts.services.

Every object URL is only for the two parties of the contract (404 for anyone else). Every money
movement has a confirmation page whose form carries an idempotency key generated when rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.money import format_money, to_major
from trust.exceptions import ContentBlocked, UserRestricted

from . import selectors, services
from .forms import (
    ConfirmForm,
    DisputeEvidenceForm,
    DisputeForm,
    DisputeResponseForm,
    EndContractForm,
    FeedbackForm,
    FundForm,
    MilestoneAddForm,
    MilestoneFormSet,
    NoteForm,
    OfferForm,
    SubmitWorkForm,
    TimeEntryForm,
    TopUpForm,
    WithdrawForm,
)
from .models import CURRENCIES, Card, Contract, Dispute, HourlyInvoice, LedgerAccount, Milestone, TimeEntry
from .payments import TokenizedCard

if TYPE_CHECKING:
    from accounts.models import User
    from marketplace.models import JobPost, Proposal
    from trust.policy import Decision

    from .services.offers import MilestoneSpec

# --- helpers -----------------------------------------------------------------------------------


def _contract(request: AuthenticatedHttpRequest, pk: int, *, settle: bool = False) -> Contract:
    """The contract if the user is a party (404 otherwise). `settle`: first settle what is due on
    it (review periods, dispute windows, hourly weeks), so the page shows what is true now."""
    try:
        contract = selectors.contract_for_party(pk=pk, user=request.user)
    except Contract.DoesNotExist:
        raise Http404("No such contract.")
    if settle and services.contract_settle_due(contract_id=contract.pk):
        contract = selectors.contract_for_party(pk=pk, user=request.user)
    return contract


def _milestone(request: AuthenticatedHttpRequest, pk: int) -> Milestone:
    contract_id = get_object_or_404(Milestone.objects.values_list("contract_id", flat=True), pk=pk)
    contract = _contract(request, contract_id, settle=True)
    milestone = Milestone.objects.get(pk=pk)
    milestone.contract = contract
    return milestone


def _invoice(request: AuthenticatedHttpRequest, pk: int) -> HourlyInvoice:
    contract_id = get_object_or_404(HourlyInvoice.objects.values_list("contract_id", flat=True), pk=pk)
    contract = _contract(request, contract_id, settle=True)
    invoice = HourlyInvoice.objects.get(pk=pk)
    invoice.contract = contract
    return invoice


@dataclass
class Ran:
    """A service call's result for the view: truthy on success; `decision` when trust refused the
    text (the page shows it highlighted, with what the refusal counted as)."""

    ok: bool
    decision: Decision | None = None
    text: str = ""

    def __bool__(self) -> bool:
        return self.ok


def _run(request: HttpRequest, action: Callable[[], object], success: str = "") -> Ran:
    """Call a service; show its refusal as a message, except a trust refusal, which the page shows
    highlighted (`Ran.decision`; `Ran.text` is the scope's full error, for pages that redirect)."""
    try:
        action()
    except UserRestricted as restricted:
        messages.error(request, restricted.message)
        return Ran(False)
    except ContentBlocked as blocked:
        return Ran(False, blocked.decision, blocked.text)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return Ran(False)
    if success:
        messages.success(request, success)
    return Ran(True)


def _me(request: HttpRequest) -> User:
    """The signed-in user (every view here is login_required)."""
    return cast("User", request.user)


def _money(amount_cents: int, currency: str) -> str:
    return format_money(amount_cents, currency)


def _to_contract(contract: Contract | int) -> HttpResponse:
    pk = contract if isinstance(contract, int) else contract.pk
    return redirect("contracts:contract-detail", pk=pk)


# --- lists and the contract page ---------------------------------------------------------------


@login_required
def contract_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "")
    contracts = selectors.contracts_for_user(user=request.user, status=tab)
    page = Paginator(contracts, 20).get_page(request.GET.get("page"))
    return render(request, "contracts/contract_list.html", {"page_obj": page, "tab": tab})


@login_required
def contract_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk, settle=True)
    is_client = request.user.pk == contract.client_id
    milestones = list(contract.milestones.prefetch_related("submissions__attachment"))
    requested = selectors.change_requests(contract=contract)
    for m in milestones:
        m.change_requests = requested.get(m.pk, [])  # type: ignore[attr-defined]
    feedback = list(contract.feedback.select_related("author"))
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "contract": contract,
            "is_client": is_client,
            "is_freelancer": not is_client,
            "counterpart": contract.counterpart(request.user),
            "milestones": milestones,
            "invoices": contract.invoices.all()[:12],
            "disputes": contract.disputes.select_related("milestone", "invoice")[:20],
            "escrow_cents": selectors.escrow_cents(contract),
            "timeline": selectors.contract_timeline(contract=contract),
            "files": selectors.contract_files(contract=contract, viewer=request.user),
            "my_feedback": next((f for f in feedback if f.author_id == request.user.pk), None),
            "feedback": feedback if selectors.feedback_revealed(contract) else [],
            "balance": selectors.balance_summary(user=request.user, currency=contract.currency) if is_client else None,
            "add_form": MilestoneAddForm(currency=contract.currency, counterpart=contract.freelancer_id),
            "can_cancel": selectors.contract_can_cancel(contract),
            "offer_total_cents": sum(m.amount_cents for m in milestones),
        },
    )


# --- offers ------------------------------------------------------------------------------------


def _offer_form_view(
    request: AuthenticatedHttpRequest, *, proposal: Proposal | None = None, freelancer: User | None = None,
    job: JobPost | None = None,
) -> HttpResponse:
    initial: dict[str, Any] = {}
    if job is not None:
        initial = {"title": job.title, "kind": job.budget_type}
    currency = (getattr(job, "currency", "") or settings.CONTRACTS_CURRENCY).upper()
    if job is not None and job.budget_type == "hourly" and proposal is not None:
        initial["hourly_rate"] = str(to_major(proposal.bid_cents, currency))
    form = OfferForm(request.POST or None, initial=initial, currency=currency)
    for name in ("title", "terms"):  # the live hint (static/js/trust-hint.js): checked as typed
        if name in form.fields and freelancer is not None:
            form.fields[name].widget.attrs.update(
                {"data-trust-hint": "contract", "data-trust-hint-counterpart": freelancer.pk}
            )
    milestone_initial = []
    if proposal is not None and (job is None or job.budget_type == "fixed"):
        milestone_initial = [
            {"description": "Complete the project", "amount": str(to_major(proposal.bid_cents, currency))}
        ]
    formset = MilestoneFormSet(
        request.POST or None, prefix="milestones", initial=milestone_initial,
        form_kwargs={"currency": currency, "counterpart": freelancer},
    )
    decision = None
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        specs: list[MilestoneSpec] = [
            {
                "description": f.cleaned_data["description"],
                "amount_cents": f.cleaned_data["amount"],
                "due_date": f.cleaned_data.get("due_date"),
            }
            for f in formset.forms
            if f.cleaned_data.get("description") and f.cleaned_data.get("amount")
        ]
        if data["kind"] == Contract.Kind.FIXED and not specs:
            messages.error(request, "Add at least one milestone with a description and an amount.")
        else:
            created: list[Contract] = []
            ran = _run(
                request,
                lambda: created.append(
                    services.offer_create(
                        client=request.user,
                        freelancer=freelancer,
                        proposal=proposal,
                        job=job,
                        title=data["title"],
                        terms=data["terms"],
                        kind=data["kind"],
                        milestones=specs,
                        hourly_rate_cents=data.get("hourly_rate"),
                        weekly_limit_hours=data.get("weekly_limit_hours"),
                        fill_job=data.get("fill_job", False),
                        currency=currency,
                    )
                ),
                "Offer sent. You'll get an email when they answer.",
            )
            decision = ran.decision
            if ran:
                return _to_contract(created[0])
    return render(
        request,
        "contracts/offer_form.html",
        {
            "form": form,
            "formset": formset,
            "proposal": proposal,
            "freelancer": freelancer,
            "job": job,
            "decision": decision,
            "currency": currency,
        },
    )


@login_required
def offer_create(request: AuthenticatedHttpRequest, proposal_pk: int) -> HttpResponse:
    from marketplace.models import Proposal

    proposal = get_object_or_404(
        Proposal.objects.select_related("job", "freelancer"), pk=proposal_pk, job__client=request.user
    )
    return _offer_form_view(request, proposal=proposal, freelancer=proposal.freelancer, job=proposal.job)


@login_required
def offer_create_direct(request: AuthenticatedHttpRequest) -> HttpResponse:
    """After an invitation (or from a profile): ?freelancer=<pk>&job=<pk> (job optional, must be yours)."""
    from accounts.models import User
    from marketplace.models import JobPost

    def as_pk(name: str) -> int | None:
        raw = request.GET.get(name, "").strip()
        if not raw:
            return None
        if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
            raise Http404(f"No such {name}.")
        return int(raw)

    freelancer = get_object_or_404(User, pk=as_pk("freelancer") or 0, is_freelancer=True)
    job = None
    job_pk = as_pk("job")
    if job_pk:
        job = get_object_or_404(JobPost, pk=job_pk, client=request.user)
    return _offer_form_view(request, freelancer=freelancer, job=job)


@login_required
@require_POST
def offer_respond(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    if request.POST.get("action") == "accept":
        _run(
            request,
            lambda: services.offer_accept(contract_id=contract.pk, actor=request.user),
            "Offer accepted: the contract has started.",
        )
    else:
        _run(request, lambda: services.offer_decline(contract_id=contract.pk, actor=request.user), "Offer declined.")
    return _to_contract(contract)


@login_required
@require_POST
def offer_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    _run(request, lambda: services.offer_withdraw(contract_id=contract.pk, actor=request.user), "Offer withdrawn.")
    return _to_contract(contract)


# --- milestones --------------------------------------------------------------------------------


@login_required
@require_POST
def milestone_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk, settle=True)
    form = MilestoneAddForm(request.POST, currency=contract.currency)
    if not form.is_valid():
        problems = " ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"Check the milestone: {problems}")
        return _to_contract(contract)
    ran = _run(
        request,
        lambda: services.milestone_add(
            contract_id=contract.pk,
            actor=request.user,
            description=form.cleaned_data["description"],
            amount_cents=form.cleaned_data["amount"],
            due_date=form.cleaned_data.get("due_date"),
        ),
        "Milestone added. Fund it when work should start.",
    )
    if ran.text:
        messages.error(request, ran.text)
    return _to_contract(contract)


def _confirm_view(
    request: HttpRequest,
    *,
    contract: Contract,
    title: str,
    lines: list[tuple[str, str]],
    button: str,
    action: Callable[[str], object],
    success: str,
    warning: str = "",
    cancel_url: str = "",
) -> HttpResponse:
    """GET: the confirmation page (with a fresh idempotency key). POST: do it once."""
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: action(form.cleaned_data["idempotency_key"]), success):
            return _to_contract(contract)
        return _to_contract(contract)
    return render(
        request,
        "contracts/confirm.html",
        {
            "form": form,
            "contract": contract,
            "title": title,
            "lines": lines,
            "button": button,
            "warning": warning,
            "cancel_url": cancel_url or reverse("contracts:contract-detail", args=[contract.pk]),
        },
    )


@login_required
def milestone_fund(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One confirmed step: escrow from the balance, and when the balance is short, the shortfall
    charged to a saved or a new card first. Returns to the contract."""
    milestone = _milestone(request, pk)
    contract = milestone.contract
    currency = contract.currency
    balance = selectors.balance_summary(user=request.user, currency=currency)
    # Only an unfunded milestone has a shortfall (a double-submitted form just replays the funding).
    shortfall = max(milestone.amount_cents - balance.client_funds_cents, 0) if milestone.status == "pending" else 0
    cards = list(Card.objects.filter(user=_me(request)))
    form = FundForm(request.POST or None, cards=cards, shortfall_cents=shortfall, currency=currency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        card = next((c for c in cards if str(c.pk) == data.get("card")), None)

        def fund() -> None:
            if shortfall:
                new_card = None if card else services.card_tokenize(card_number=data["card_number"])
                services.top_up(
                    user=request.user,
                    card=card,
                    new_card=new_card,
                    amount_cents=shortfall,
                    currency=currency,
                    idempotency_key=data["idempotency_key"],
                )
            services.milestone_fund(
                milestone_id=milestone.pk, actor=request.user, idempotency_key=data["idempotency_key"]
            )

        _run(request, fund, "Milestone funded. The money is held in escrow until you approve the work.")
        return _to_contract(contract)
    return render(
        request,
        "contracts/milestone_fund.html",
        {
            "form": form,
            "contract": contract,
            "milestone": milestone,
            "can_fund": milestone.status == Milestone.Status.PENDING and contract.is_open_for_work,
            "balance_cents": balance.client_funds_cents,
            "shortfall_cents": shortfall,
            "after_cents": max(balance.client_funds_cents - milestone.amount_cents, 0),
            "currency": currency,
        },
    )


@login_required
def milestone_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk)
    from .ledger import fee_cents

    fee = fee_cents(milestone.amount_cents, settings.CONTRACTS_FEE_BPS)
    return _confirm_view(
        request,
        contract=milestone.contract,
        title="Approve work and release payment",
        lines=[
            ("Milestone", milestone.description),
            ("Released from escrow", _money(milestone.amount_cents, milestone.contract.currency)),
            (
                "Freelancer receives (after platform fee)",
                _money(milestone.amount_cents - fee, milestone.contract.currency),
            ),
        ],
        button="Approve and release",
        action=lambda k: services.milestone_approve(milestone_id=milestone.pk, actor=request.user, idempotency_key=k),
        success="Payment released to the freelancer.",
    )


@login_required
def milestone_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk)
    contract = milestone.contract
    form = SubmitWorkForm(request.POST or None, request.FILES or None)
    decision = None
    if request.method == "POST" and form.is_valid():
        ran = _run(
            request,
            lambda: services.milestone_submit(
                milestone_id=milestone.pk,
                actor=request.user,
                message=form.cleaned_data["message"],
                attachment=form.cleaned_data.get("attachment"),
            ),
            "Work submitted. The client has been notified.",
        )
        decision = ran.decision
        if ran:
            return _to_contract(contract)
    return render(
        request,
        "contracts/milestone_submit.html",
        {"form": form, "milestone": milestone, "contract": contract, "decision": decision},
    )


@login_required
def milestone_changes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk)
    contract = milestone.contract
    form = NoteForm(request.POST or None)
    decision = None
    if request.method == "POST" and form.is_valid():
        ran = _run(
            request,
            lambda: services.milestone_request_changes(
                milestone_id=milestone.pk, actor=request.user, note=form.cleaned_data["note"]
            ),
            "Changes requested. The money stays in escrow.",
        )
        decision = ran.decision
        if ran:
            return _to_contract(contract)
    return render(
        request,
        "contracts/milestone_changes.html",
        {"form": form, "milestone": milestone, "contract": contract, "decision": decision},
    )


# --- disputes ----------------------------------------------------------------------------------


def _dispute_form(
    request: AuthenticatedHttpRequest,
    contract: Contract,
    subject: Milestone | HourlyInvoice,
    start: Callable[[str], Dispute],
) -> HttpResponse:
    form = DisputeForm(request.POST or None)
    decision = None
    if request.method == "POST" and form.is_valid():
        created: list[Dispute] = []
        ran = _run(
            request,
            lambda: created.append(start(form.cleaned_data["statement"])),
            "Dispute opened. The other party has been asked to respond.",
        )
        decision = ran.decision
        if ran:
            return redirect("contracts:dispute-detail", pk=created[0].pk)
    return render(
        request,
        "contracts/dispute_form.html",
        {
            "form": form,
            "contract": contract,
            "subject": subject,
            "decision": decision,
            "response_days": settings.CONTRACTS_DISPUTE_RESPONSE_DAYS,
            "counterpart": contract.counterpart(request.user),
            "is_client": request.user.pk == contract.client_id,
        },
    )


@login_required
def dispute_open_milestone(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk)
    return _dispute_form(
        request,
        milestone.contract,
        milestone,
        lambda text: services.dispute_open(actor=request.user, milestone_id=milestone.pk, statement=text),
    )


@login_required
def dispute_open_invoice(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk)
    return _dispute_form(
        request,
        invoice.contract,
        invoice,
        lambda text: services.dispute_open(actor=request.user, invoice_id=invoice.pk, statement=text),
    )


@login_required
def dispute_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract_id = get_object_or_404(Dispute.objects.values_list("contract_id", flat=True), pk=pk)
    contract = _contract(request, contract_id, settle=True)
    dispute = Dispute.objects.select_related("milestone", "invoice", "opened_by").get(pk=pk)
    can_respond = dispute.status == Dispute.Status.OPEN and request.user.pk != dispute.opened_by_id
    form = DisputeResponseForm(request.POST or None)
    decision = None
    if request.method == "POST" and can_respond and form.is_valid():
        ran = _run(
            request,
            lambda: services.dispute_respond(
                dispute_id=dispute.pk, actor=request.user, response=form.cleaned_data["response"]
            ),
            "Response sent. Our team will decide.",
        )
        decision = ran.decision
        if ran:
            return redirect("contracts:dispute-detail", pk=dispute.pk)
    return render(
        request,
        "contracts/dispute_detail.html",
        {
            "dispute": dispute,
            "contract": contract,
            "form": form,
            "can_respond": can_respond,
            "decision": decision,
            "responder": contract.counterpart(dispute.opened_by),
            "evidence": selectors.dispute_evidence_for(dispute=dispute, viewer=request.user),
            "evidence_form": DisputeEvidenceForm() if dispute.status != Dispute.Status.RESOLVED else None,
            # unanswered in time, the decision goes against the party who did not respond
            "overdue_outcome": "refund" if dispute.opened_by_id == contract.client_id else "release",
        },
    )


@login_required
@require_POST
def dispute_evidence_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Either party adds a file to an undecided dispute, through trust's upload pipeline (the file is
    checked now and scanned after commit; the page then says whether it passed)."""
    contract_id = get_object_or_404(Dispute.objects.values_list("contract_id", flat=True), pk=pk)
    _contract(request, contract_id)
    form = DisputeEvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("contracts:dispute-detail", pk=pk)
    ran = _run(
        request,
        lambda: services.dispute_evidence_add(dispute_id=pk, actor=request.user, file=form.cleaned_data["file"]),
        "File added. The other party and our team can open it once it has been checked.",
    )
    if not ran and ran.decision is not None:
        messages.error(request, ran.text or ran.decision.message)
    return redirect("contracts:dispute-detail", pk=pk)


# --- hourly ------------------------------------------------------------------------------------


@login_required
def timesheet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    if not contract.is_hourly:
        raise Http404("Only hourly contracts have a timesheet.")
    is_freelancer = request.user.pk == contract.freelancer_id
    from django.utils import timezone

    form = TimeEntryForm(request.POST or None, initial={"date": timezone.localdate()})
    decision = None
    if request.method == "POST" and is_freelancer and form.is_valid():
        ran = _run(
            request,
            lambda: services.time_log(
                contract_id=contract.pk,
                actor=request.user,
                date=form.cleaned_data["date"],
                minutes=form.cleaned_data["total_minutes"],
                memo=form.cleaned_data["memo"],
            ),
            "Time logged.",
        )
        decision = ran.decision
        if ran:
            return redirect("contracts:timesheet", pk=contract.pk)
    entries = Paginator(contract.time_entries.select_related("invoice"), 50).get_page(request.GET.get("page"))
    this_week = services.week_start(timezone.localdate())
    week_minutes = sum(e.minutes for e in contract.time_entries.filter(date__gte=this_week))
    return render(
        request,
        "contracts/timesheet.html",
        {
            "contract": contract,
            "form": form,
            "page_obj": entries,
            "is_freelancer": is_freelancer,
            "decision": decision,
            "week_minutes": week_minutes,
            "invoices": contract.invoices.all(),
        },
    )


@login_required
@require_POST
def time_entry_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(TimeEntry, pk=pk)
    contract = _contract(request, entry.contract_id)
    _run(request, lambda: services.time_entry_delete(entry_id=entry.pk, actor=request.user), "Entry removed.")
    return redirect("contracts:timesheet", pk=contract.pk)


@login_required
def invoice_fund(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk)
    return _confirm_view(
        request,
        contract=invoice.contract,
        title=f"Pay the week of {invoice.week_start:%d %b %Y}",
        lines=[
            ("Hours", f"{invoice.minutes // 60}h {invoice.minutes % 60:02d}m"),
            ("Amount into escrow", _money(invoice.amount_cents, invoice.contract.currency)),
        ],
        button="Pay into escrow",
        action=lambda k: services.invoice_fund(invoice_id=invoice.pk, actor=request.user, idempotency_key=k),
        success="The week is paid into escrow.",
    )


# --- lifecycle ---------------------------------------------------------------------------------


@login_required
def contract_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    cancel = request.GET.get("cancel") == "1" or request.POST.get("cancel") == "1"
    form = EndContractForm(request.POST or None)
    decision = None
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        service = services.contract_cancel if cancel else services.contract_end
        ran = _run(
            request,
            lambda: service(contract_id=contract.pk, actor=request.user, note=note),
            "Contract cancelled." if cancel else "Contract ended. Please leave feedback.",
        )
        decision = ran.decision
        if ran:
            return _to_contract(contract)
    funded = [m for m in contract.milestones.all() if m.status == Milestone.Status.FUNDED]
    return render(
        request,
        "contracts/contract_end.html",
        {
            "contract": contract,
            "form": form,
            "cancel": cancel,
            "funded": funded,
            "decision": decision,
            "refund_cents": sum(m.amount_cents for m in funded),
        },
    )


@login_required
@require_POST
def contract_pause(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    if request.POST.get("action") == "resume":
        _run(request, lambda: services.contract_resume(contract_id=contract.pk, actor=request.user), "Resumed.")
    else:
        _run(request, lambda: services.contract_pause(contract_id=contract.pk, actor=request.user), "Paused.")
    return _to_contract(contract)


@login_required
def feedback_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    form = FeedbackForm(request.POST or None)
    decision = None
    if request.method == "POST" and form.is_valid():
        ran = _run(
            request,
            lambda: services.feedback_leave(
                contract_id=contract.pk,
                author=request.user,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            ),
            "Thank you for your feedback.",
        )
        decision = ran.decision
        if ran:
            return _to_contract(contract)
    return render(request, "contracts/feedback_form.html", {"contract": contract, "form": form, "decision": decision})


# --- balance, top-up, withdraw, statements -----------------------------------------------------


@login_required
def balance(request: AuthenticatedHttpRequest) -> HttpResponse:
    summary = selectors.balance_summary(user=request.user)
    return render(
        request,
        "contracts/balance.html",
        {
            "summary": summary,
            "cards": Card.objects.filter(user=_me(request)),
            "top_ups": _me(request).top_ups.all()[:5],
            "withdrawals": _me(request).withdrawals.all()[:5],
            "security_days": settings.CONTRACTS_SECURITY_PERIOD_DAYS,
        },
    )


PENDING_TOKENS = "contracts_pending_tokens"


def _stash_token(request: HttpRequest, key: str, tokenized: TokenizedCard) -> None:
    """Keep a provider token between the form and its confirmation in the session, never in the
    page: the confirmation page carries only the form's key."""
    stash = dict(request.session.get(PENDING_TOKENS, {}))
    stash = dict(list(stash.items())[-9:])  # a handful of open confirmations at most
    stash[key] = {"token": tokenized.token, "brand": tokenized.brand, "last4": tokenized.last4}
    request.session[PENDING_TOKENS] = stash


def _stashed_token(request: HttpRequest, key: str) -> TokenizedCard | None:
    item = request.session.get(PENDING_TOKENS, {}).get(key)
    return TokenizedCard(**item) if item else None


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to return after a top-up (the milestone being funded), if it is one of our pages."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
def top_up(request: AuthenticatedHttpRequest) -> HttpResponse:
    cards = list(Card.objects.filter(user=_me(request)))
    # The balance of the contract being funded (?currency=EUR from an EUR contract), else the platform's.
    asked = (request.POST.get("currency") or request.GET.get("currency") or "").upper()
    currency = asked if asked in dict(CURRENCIES) else settings.CONTRACTS_CURRENCY
    form = TopUpForm(
        request.POST or None, cards=cards, currency=currency, confirming=request.POST.get("confirm") == "1"
    )
    next_url = _next_url(request, reverse("contracts:balance"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        key = data["idempotency_key"]
        card = next((c for c in cards if str(c.pk) == data.get("card")), None)
        if request.POST.get("confirm") == "1":
            new_card = None if card else _stashed_token(request, key)
            if card is None and new_card is None:
                messages.error(request, "This form has expired. Enter the card again.")
                return redirect("contracts:top-up")
            if _run(
                request,
                lambda: services.top_up(
                    user=request.user,
                    card=card,
                    new_card=new_card,
                    amount_cents=data["amount"],
                    currency=currency,
                    idempotency_key=key,
                ),
                "Your balance was topped up.",
            ):
                return redirect(next_url)
        else:
            if card is None:
                try:
                    tokenized = services.card_tokenize(card_number=data["card_number"])
                except ValidationError as error:
                    form.add_error("card_number", " ".join(error.messages))
                    return render(
                        request, "contracts/topup_form.html", {"form": form, "next": next_url, "currency": currency}
                    )
                _stash_token(request, key, tokenized)
                label = f"{tokenized.brand} •••• {tokenized.last4}"
            else:
                label = str(card)
            return render(
                request,
                "contracts/topup_confirm.html",
                {
                    "key": key,
                    "card_pk": card.pk if card else "",
                    "amount": data["amount"],
                    "amount_text": to_major(data["amount"], currency),
                    "currency": currency,
                    "card_label": label,
                    "next": next_url,
                },
            )
    return render(request, "contracts/topup_form.html", {"form": form, "next": next_url, "currency": currency})


@login_required
def withdraw(request: AuthenticatedHttpRequest) -> HttpResponse:
    summary = selectors.balance_summary(user=request.user)
    currency = summary.currency
    form = WithdrawForm(request.POST or None, currency=currency)
    if _me(request).is_identity_verified and request.method == "POST":
        confirming = request.POST.get("confirm") == "1"
        if confirming:  # the confirmation carries no bank number: the token waits in the session
            form.fields["bank_account"].required = False
        if form.is_valid():
            data = form.cleaned_data
            key = data["idempotency_key"]
            if confirming:
                bank = _stashed_token(request, key)
                if bank is None:
                    messages.error(request, "This form has expired. Enter the bank account again.")
                    return redirect("contracts:withdraw")
                if _run(
                    request,
                    lambda: services.withdrawal_create(
                        user=request.user,
                        amount_cents=data["amount"],
                        bank=bank,
                        idempotency_key=key,
                        currency=currency,
                    ),
                    "Withdrawal requested: the money is on its way to your bank.",
                ):
                    return redirect("contracts:balance")
            elif data["amount"] > summary.available_cents:
                form.add_error("amount", "That is more than your available balance.")
            else:
                try:
                    bank = services.bank_tokenize(bank_account=data["bank_account"])
                except ValidationError as error:
                    form.add_error("bank_account", " ".join(error.messages))
                else:
                    _stash_token(request, key, bank)
                    return render(
                        request,
                        "contracts/withdraw_confirm.html",
                        {
                            "key": key,
                            "amount": data["amount"],
                            "amount_text": to_major(data["amount"], currency),
                            "currency": currency,
                            "last4": bank.last4,
                            "summary": summary,
                        },
                    )
    return render(request, "contracts/withdraw_form.html", {"form": form, "summary": summary})


STATEMENT_ACCOUNTS = [
    (LedgerAccount.Kind.CLIENT_FUNDS, "Client funds"),
    (LedgerAccount.Kind.PENDING, "Pending earnings"),
    (LedgerAccount.Kind.AVAILABLE, "Available earnings"),
    (LedgerAccount.Kind.PAYOUTS, "Withdrawals in transit"),
]


@login_required
def transaction_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    kinds = [str(k) for k, _ in STATEMENT_ACCOUNTS]
    kind = request.GET.get("account")
    if kind not in kinds:
        kind = selectors.statement_default_account(user=request.user, kinds=kinds)
    entries = selectors.statement_entries(user=request.user, kind=kind)
    page = Paginator(entries, 25).get_page(request.GET.get("page"))
    return render(
        request, "contracts/transaction_list.html", {"page_obj": page, "account": kind, "accounts": STATEMENT_ACCOUNTS}
    )


@login_required
def transaction_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    from .models import LedgerTransaction

    try:
        txn = selectors.transaction_for_user(pk=pk, user=request.user)
    except LedgerTransaction.DoesNotExist:
        raise Http404("No such transaction.")
    mine = [e for e in txn.entries.select_related("account") if e.account.user_id == request.user.pk]
    return render(
        request,
        "contracts/transaction_detail.html",
        {"txn": txn, "mine": mine, "entries": txn.entries.select_related("account")},
    )
