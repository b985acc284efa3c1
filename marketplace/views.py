"""Marketplace pages. Views check who may see what (404 for objects a user must not know exist, 403 with
a way forward for a missing role), then call selectors and services; they never set status themselves."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.money import symbol
from trust.exceptions import ContentBlocked, UserRestricted

from . import providers, search_panel, selectors, services
from .cache import job_list_key, job_list_ttl
from .cards import CardRow, render_cards, render_job_cards
from .exceptions import MarketplaceError
from .forms import (
    InvitationForm,
    JobPostForm,
    JobSearchForm,
    ProposalForm,
    SearchArgs,
    TrustCheckedForm,
    cents_to_dollars,
)
from .models import Invitation, JobPost, Proposal

View = Callable[..., HttpResponse]


# --- access helpers -----------------------------------------------------------------------------


def _role_required(role: str) -> Callable[[View], View]:
    """Signed in (else login redirect) and holding `role` (else 403 explaining how to add it)."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not getattr(request.user, f"is_{role}", False):
                return render(request, "marketplace/role_required.html", {"role": role}, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


client_required = _role_required("client")
freelancer_required = _role_required("freelancer")


T = TypeVar("T")


def _error_text(exc: Exception) -> str:
    if isinstance(exc, (MarketplaceError, UserRestricted)):
        return str(exc.message)
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _owned_job(request: AuthenticatedHttpRequest, pk: int) -> JobPost:
    job = selectors.job_get_owned(pk=pk, user=request.user)
    if job is None:
        raise Http404("No such job.")
    return job


def _owned_proposal(request: AuthenticatedHttpRequest, pk: int) -> Proposal:
    """A proposal on one of the requesting client's jobs."""
    proposal = selectors.proposal_get_for_viewer(pk=pk, user=request.user)
    if proposal is None or proposal.job.client_id != request.user.pk:
        raise Http404("No such proposal.")
    return proposal


def _blocked_field_error(form: TrustCheckedForm, blocked: ContentBlocked) -> None:
    """The service's write scope refused a text: show it on its field."""
    if blocked.field == "original_name" and "attachment" in form.fields:
        form.add_error(
            "attachment",
            f"Your attachment's name contains details that can't be shared here ({blocked.text}). "
            "Rename the file and attach it again.",
        )
    else:
        form.show_refusal(blocked)


def _via_form(form: TrustCheckedForm, call: Callable[[], T]) -> T | None:
    """Run a service for a valid form; a refusal becomes a form error (the user's input stays), None returned."""
    try:
        return call()
    except ContentBlocked as blocked:
        _blocked_field_error(form, blocked)
    except (MarketplaceError, UserRestricted, ValidationError) as exc:
        form.add_error(None, _error_text(exc))
    return None


# --- public pages -------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    ttl = job_list_ttl()
    key = job_list_key(QueryDict("home=latest")) if ttl else None
    latest_html = cache.get(key) if key else None
    if latest_html is None:
        latest_html = render_to_string("marketplace/partials/job_latest.html",
                                       {"cards": render_job_cards(selectors.job_latest(limit=6))})
        if key:
            cache.set(key, latest_html, ttl)
    return render(request, "home.html", {"latest_html": latest_html})


def job_list(request: HttpRequest) -> HttpResponse:
    """Search and browse. The search form and results fragment is cached per GET parameters (see
    marketplace.cache); freelancers who were invited to invite-only jobs see their own list, uncached."""
    viewer = request.user if request.user.is_authenticated else None
    invited = selectors.invited_job_ids(viewer)
    match_skills = selectors.viewer_skill_ids(viewer)
    ttl = job_list_ttl()
    personal = bool(match_skills) and request.GET.get("sort") == "relevance" and not request.GET.get("q", "").strip()
    key = None
    if ttl and not invited and not personal:
        params_for_key = request.GET.copy()
        if match_skills:  # "Best match" is offered (and, when chosen, ranked by the viewer's own skills)
            params_for_key["_match"] = "1"
        key = job_list_key(params_for_key)
    search_html = cache.get(key) if key else None
    if search_html is None:
        form = JobSearchForm(request.GET or None)
        if form.is_bound:
            form.is_valid()  # invalid filters are ignored (search_args reads only what validated); errors show
        args = form.search_args()
        page = selectors.job_list_page(viewer=viewer, invited_ids=invited, page=request.GET.get("page"),
                                       match_skill_ids=match_skills, **args)
        # the page links' query string: the request's own without page= (no QueryDict deep copy)
        querystring = urlencode([(k, v) for k, values in request.GET.lists() if k != "page" for v in values])
        raw = {k: request.GET.get(k, "") for k in ("q", "category", "budget_type", "min", "max", "experience")}
        search_html = search_panel.search_form(
            raw=raw,
            errors=form.errors,
            has_filters=form.is_bound and form.has_filters,
            panel=_search_panel(form, raw, set(request.GET.getlist("skills")), args, bool(match_skills)),
            currency_symbol=symbol(settings.CONTRACTS_CURRENCY),
            result_count=search_panel.result_count(page),
            # one string: the cards are escaped HTML (marketplace.cards), no per-card template work
            cards="\n".join(render_cards(cast("Sequence[CardRow]", page.object_list))),
            page_links=search_panel.page_links(page, querystring),
            capped_last_page=search_panel.capped_last_page(page),
        )
        if key:
            cache.set(key, search_html, ttl)
    query = " ".join(request.GET.get("q", "").split())[:200]
    return render(request, "marketplace/job_list.html", {"query": query, "search_html": search_html})


def _search_panel(
    form: JobSearchForm, raw: dict[str, str], skills: set[str], args: SearchArgs, can_match: bool = False
) -> dict[str, Any]:
    """The filter and sort controls' HTML (marketplace.search_panel: cheap, no per-option template work)."""
    # "Best match": by the text with a query, by a freelancer's own skills without one.
    sorts = [(k, label) for k, label in selectors.SORTS.items() if k != "relevance" or args["query"] or can_match]
    return {
        "category": search_panel.options(form.category_choices, raw["category"]),
        "budget_type": search_panel.options(form.BUDGET_TYPES, raw["budget_type"]),
        "experience": search_panel.options(form.EXPERIENCE, raw["experience"]),
        "skills": search_panel.checkboxes("skills", form.skill_choices, skills),
        "sort": search_panel.options(sorts, args["sort"]),
    }


@login_required
def saved_search_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    from .saved_searches import saved_searches_for

    return render(request, "marketplace/saved_search_list.html",
                  {"searches": saved_searches_for(user=request.user)})


@login_required
@require_POST
def saved_search_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Save the job list's current search (its parameters come back as the POST body)."""
    from .saved_searches import saved_search_create as create

    try:
        search = create(user=request.user, params=request.POST)
    except MarketplaceError as exc:
        messages.error(request, exc.message)
        return redirect("marketplace:saved-search-list")
    messages.success(request, f"Saved “{search.name}”. We'll send you new matching jobs once a day.")
    return redirect("marketplace:saved-search-list")


@login_required
@require_POST
def saved_search_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    from .models import SavedSearch
    from .saved_searches import saved_search_delete, saved_search_set_alerts

    search = SavedSearch.objects.filter(pk=pk, user=request.user).first()
    if search is None:
        raise Http404("No such saved search.")
    if "delete" in request.POST:
        saved_search_delete(search=search)
        messages.success(request, f"Deleted “{search.name}”.")
    else:
        saved_search_set_alerts(search=search, alerts=request.POST.get("alerts") == "on")
        messages.success(request, f"Alerts for “{search.name}” are {'on' if search.alerts else 'off'}.")
    return redirect("marketplace:saved-search-list")


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = request.user if request.user.is_authenticated else None
    job = selectors.job_get_for_viewer(pk=pk, user=viewer)
    if job is None:
        raise Http404("No such job.")
    is_owner = viewer is not None and job.client_id == viewer.pk
    context: dict[str, Any] = {
        "job": job,
        "is_owner": is_owner,
        "client_rep": providers.client_reputation(user=job.client),
        "proposals_received": providers.proposal_counts([job.pk]).get(job.pk, 0),
    }
    if is_owner:
        context["proposal_counts"] = selectors.proposal_counts_for_job(job=job)
        context["proposal_total"] = sum(
            n for s, n in context["proposal_counts"].items() if s != Proposal.Status.WITHDRAWN
        )
    elif viewer is not None:
        context["my_proposal"] = selectors.proposal_for_job_and_freelancer(job=job, freelancer=viewer)
        context["my_invitation"] = Invitation.objects.filter(job=job, freelancer=viewer).first()
    return render(request, "marketplace/job_detail.html", context)


# --- jobs (clients) -----------------------------------------------------------------------------


def _job_form_response(request: HttpRequest, form: JobPostForm, job: JobPost | None) -> HttpResponse:
    return render(request, "marketplace/job_form.html", {"form": form, "job": job}, status=200)


@client_required
def job_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = JobPostForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        publish = "publish" in request.POST
        job = _via_form(form, lambda: services.job_create(client=request.user, publish=publish,
                                                          **form.service_kwargs()))
        if job is not None:
            if publish:
                messages.success(request, "Your job is live. Freelancers can now find it and send proposals.")
            else:
                messages.success(request, "Draft saved. Only you can see it until you publish it.")
            if request.POST.get("nda"):  # "Require an NDA" ticked: its page is the next step (nda app)
                return redirect("nda:manage", job_pk=job.pk)
            return redirect("marketplace:job-detail", pk=job.pk)
    return _job_form_response(request, form, None)


@client_required
def job_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _owned_job(request, pk)
    if job.status == JobPost.Status.FILLED:
        messages.error(request, "This job has been filled; reopen it before editing.")
        return redirect("marketplace:job-detail", pk=job.pk)
    if request.method == "POST":
        form = JobPostForm(request.POST, user=request.user)
    else:
        form = JobPostForm(initial=JobPostForm.initial_from(job), user=request.user)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()

        publishing = "publish" in request.POST and job.status == JobPost.Status.DRAFT

        def save() -> JobPost:
            services.job_update(job=job, actor=request.user, publishing=publishing, **kwargs)  # skills in kwargs
            if publishing:
                services.job_publish(job=job, actor=request.user)
            return job

        if _via_form(form, save) is not None:
            messages.success(request, "Job saved." if job.status != JobPost.Status.OPEN else "Job saved and live.")
            return redirect("marketplace:job-detail", pk=job.pk)
    return _job_form_response(request, form, job)


def _job_action(service: Callable[..., JobPost], success: str) -> View:
    @client_required
    @require_POST
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        job = _owned_job(request, pk)
        try:
            service(job=job, actor=request.user)
        except (MarketplaceError, UserRestricted, ValidationError) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, success)
        return redirect("marketplace:job-detail", pk=job.pk)

    return view


job_publish = _job_action(services.job_publish, "Your job is live. Freelancers can now send proposals.")
job_close = _job_action(services.job_close, "Job closed. It no longer accepts proposals; you can reopen it later.")
job_reopen = _job_action(services.job_reopen, "Job reopened. It accepts proposals again.")


@client_required
def job_proposals(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _owned_job(request, pk)
    status = request.GET.get("status", "")
    if status not in Proposal.Status.values or status == Proposal.Status.WITHDRAWN:
        status = ""
    qs = selectors.proposal_list_for_job(job=job, status=status)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    counts = selectors.proposal_counts_for_job(job=job)
    tabs = [("", "All active", sum(counts.get(s, 0) for s in ("submitted", "shortlisted", "declined", "hired")))]
    tabs += [(s, Proposal.Status(s).label, counts.get(s, 0)) for s in ("shortlisted", "hired", "declined", "archived")]
    return render(request, "marketplace/job_proposals.html",
                  {"job": job, "page_obj": page, "proposals": page.object_list, "status": status, "tabs": tabs,
                   "querystring": f"status={status}" if status else ""})


# --- proposals ----------------------------------------------------------------------------------


@freelancer_required
def proposal_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_viewer(pk=pk, user=request.user)
    if job is None or job.client_id == request.user.pk:
        raise Http404("No such job.")
    existing = selectors.proposal_for_job_and_freelancer(job=job, freelancer=request.user)
    if existing is not None:
        messages.info(request, "You have already sent a proposal for this job.")
        return redirect("marketplace:proposal-detail", pk=existing.pk)
    if not job.is_open:
        messages.error(request, "This job is no longer accepting proposals.")
        return redirect("marketplace:job-detail", pk=job.pk)
    form = ProposalForm(request.POST or None, request.FILES or None, user=request.user, job=job)
    if request.method == "POST" and form.is_valid():
        proposal = _via_form(form, lambda: services.proposal_submit(job=job, freelancer=request.user,
                                                                     **form.service_kwargs()))
        if proposal is not None:
            messages.success(request, "Proposal sent. The client has been notified.")
            return redirect("marketplace:proposal-detail", pk=proposal.pk)
    return render(request, "marketplace/proposal_form.html", {"form": form, "job": job, "proposal": None})


@freelancer_required
def proposal_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_viewer(pk=pk, user=request.user)
    if proposal is None or proposal.freelancer_id != request.user.pk:
        raise Http404("No such proposal.")
    if not proposal.is_editable:
        messages.error(request, "The client has already seen this proposal, so it can't be edited any more.")
        return redirect("marketplace:proposal-detail", pk=proposal.pk)
    job = proposal.job
    initial = {"cover_letter": proposal.cover_letter, "bid": cents_to_dollars(proposal.bid_cents),
               "duration": proposal.duration}
    form = ProposalForm(request.POST or None, request.FILES or None, user=request.user, job=job,
                        initial=None if request.method == "POST" else initial)
    if request.method == "POST" and form.is_valid():
        remove = "remove_attachment" in request.POST
        if _via_form(form, lambda: services.proposal_update(proposal=proposal, actor=request.user,
                                                            remove_attachment=remove, **form.service_kwargs())):
            messages.success(request, "Proposal updated.")
            return redirect("marketplace:proposal-detail", pk=proposal.pk)
    return render(request, "marketplace/proposal_form.html", {"form": form, "job": job, "proposal": proposal})


@login_required
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_viewer(pk=pk, user=request.user)
    if proposal is None:
        raise Http404("No such proposal.")
    is_owner = proposal.job.client_id == request.user.pk
    if is_owner:
        services.proposal_mark_viewed(proposal=proposal, actor=request.user)
    return render(request, "marketplace/proposal_detail.html",
                  {"proposal": proposal, "job": proposal.job, "is_owner": is_owner,
                   "is_author": proposal.freelancer_id == request.user.pk})


@login_required
def proposal_attachment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """The attachment: to its author at any time, to the job's owner once trust passed it (served by
    trust's pipeline: attachment disposition, nosniff)."""
    from trust.uploads.views import may_fetch, serve

    proposal = selectors.proposal_get_for_viewer(pk=pk, user=request.user)
    if proposal is None or proposal.attachment is None or not may_fetch(request.user, proposal.attachment):
        raise Http404("No such attachment.")
    return serve(proposal.attachment, download=True)


@freelancer_required
def proposal_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_viewer(pk=pk, user=request.user)
    if proposal is None or proposal.freelancer_id != request.user.pk:
        raise Http404("No such proposal.")
    if request.method == "POST":
        try:
            services.proposal_withdraw(proposal=proposal, actor=request.user)
        except (MarketplaceError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, "Proposal withdrawn.")
        return redirect("marketplace:proposal-detail", pk=proposal.pk)
    return render(request, "marketplace/proposal_confirm_withdraw.html", {"proposal": proposal, "job": proposal.job})


def _proposal_action(service: Callable[..., Proposal], success: str) -> View:
    @client_required
    @require_POST
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        proposal = _owned_proposal(request, pk)
        try:
            service(proposal=proposal, actor=request.user)
        except (MarketplaceError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, success)
        next_url = request.POST.get("next", "")
        if next_url.startswith("/") and not next_url.startswith("//"):
            return redirect(next_url)
        return redirect("marketplace:job-proposals", pk=proposal.job_id)

    return view


proposal_shortlist = _proposal_action(services.proposal_shortlist, "Shortlisted. The freelancer has been told.")
proposal_decline = _proposal_action(services.proposal_decline, "Declined. The freelancer has been told.")
proposal_archive = _proposal_action(services.proposal_archive, "Archived. Find it under the Archived tab.")
proposal_restore = _proposal_action(services.proposal_unshortlist, "Moved back to the active proposals.")


# --- invitations --------------------------------------------------------------------------------


@client_required
def invitation_create(request: AuthenticatedHttpRequest, freelancer_pk: int) -> HttpResponse:
    freelancer = selectors.freelancer_get(pk=freelancer_pk)
    if freelancer is None or freelancer.pk == request.user.pk:
        raise Http404("No such freelancer.")
    jobs = selectors.job_open_for_client(client=request.user)
    initial = {"job": request.GET.get("job")} if request.GET.get("job", "").isdigit() else None
    form = InvitationForm(request.POST or None, user=request.user, jobs=jobs, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _via_form(form, lambda: services.invitation_create(
            job=form.cleaned_data["job"], freelancer=freelancer, actor=request.user,
            message=form.cleaned_data["message"],
        )):
            messages.success(request, f"Invitation sent to {freelancer.display_name}.")
            return redirect("marketplace:job-detail", pk=form.cleaned_data["job"].pk)
    return render(request, "marketplace/invitation_form.html",
                  {"form": form, "freelancer": freelancer, "has_jobs": jobs.exists()})


@freelancer_required
def invitation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = selectors.invitation_list_for_freelancer(freelancer=request.user)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "marketplace/invitation_list.html", {"page_obj": page, "invitations": page.object_list})


def _invitation_action(service: Callable[..., Invitation], success: str, *, to_job: bool) -> View:
    @freelancer_required
    @require_POST
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        invitation = selectors.invitation_get_for_freelancer(pk=pk, freelancer=request.user)
        if invitation is None:
            raise Http404("No such invitation.")
        try:
            service(invitation=invitation, actor=request.user)
        except (MarketplaceError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
            return redirect("marketplace:invitation-list")
        messages.success(request, success)
        if to_job and invitation.job.is_open:
            return redirect("marketplace:proposal-create", pk=invitation.job_id)
        return redirect("marketplace:invitation-list")

    return view


invitation_accept = _invitation_action(services.invitation_accept, "Invitation accepted. Now send your proposal.",
                                       to_job=True)
invitation_decline = _invitation_action(services.invitation_decline, "Invitation declined.", to_job=False)


# --- dashboard ----------------------------------------------------------------------------------

_JOB_TABS = [("open", "Open"), ("draft", "Drafts"), ("closed", "Closed"), ("filled", "Filled")]
_PROPOSAL_TABS = {
    "active": ("Active", ["submitted", "shortlisted"]),
    "hired": ("Hired", ["hired"]),
    "past": ("Past", ["declined", "archived", "withdrawn"]),
}


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {}
    if user.is_client:
        jobs = selectors.job_list_for_client(client=user)
        counts = {s: 0 for s, _ in _JOB_TABS} | selectors.job_status_counts_for_client(client=user)
        job_tab = request.GET.get("jobs") or next((s for s, _ in _JOB_TABS if counts[s]), "open")
        if job_tab not in counts:
            job_tab = "open"
        context.update(
            job_tab=job_tab,
            job_tabs=[(s, label, counts[s]) for s, label in _JOB_TABS],
            jobs_page=Paginator(jobs.filter(status=job_tab), 10).get_page(request.GET.get("jobs_page")),
            job_total=sum(counts.values()),
        )
    if user.is_freelancer:
        proposals = selectors.proposal_list_for_freelancer(freelancer=user)
        pcounts = selectors.proposal_status_counts_for_freelancer(freelancer=user)
        tab = request.GET.get("proposals", "active")
        if tab not in _PROPOSAL_TABS:
            tab = "active"
        context.update(
            proposal_tab=tab,
            proposal_tabs=[(k, label, sum(pcounts.get(s, 0) for s in statuses))
                           for k, (label, statuses) in _PROPOSAL_TABS.items()],
            proposals_page=Paginator(proposals.filter(status__in=_PROPOSAL_TABS[tab][1]), 10).get_page(
                request.GET.get("proposals_page")),
            proposal_total=sum(pcounts.values()),
            pending_invitations=list(
                selectors.invitation_list_for_freelancer(freelancer=user).filter(status=Invitation.Status.PENDING)[:5]
            ),
        )
    return render(request, "marketplace/dashboard.html", context)
