"""The user's side of trust: their standing (strikes, sanctions, appeals, reports) and reporting content."""
from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from trust import selectors, services
from trust.forms import AppealForm, ReportForm
from trust.links import appeal_link_data
from trust.models import Sanction
from trust.services.reports import can_report, report_owner, reportable
from trust.standing import standing_of

if TYPE_CHECKING:
    from trust.types import AuthenticatedHttpRequest, User

REPORTS_PER_PAGE = 20


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = {request.get_host()}
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=allowed, require_https=request.is_secure()):
        return target
    return default


STEP_TEXT = {
    "warning": "A warning. Nothing else changes.",
    "badge_loss": "Talent badges are withheld{days} (a client account just gets a second strike).",
    "restriction": "Restricted{days}: no new conversations, proposals or job posts; messages within active "
                   "contracts continue.",
    "suspension": "Suspended{days}: you can't sign in (you can appeal).",
}


class LadderRow(TypedDict):
    strikes: int
    text: str
    reached: bool
    current: bool


def ladder_rows(user: User) -> list[LadderRow]:
    """settings.TRUST_STRIKE_LADDER as the standing page shows it, with where `user` stands."""
    from trust.services.sanctions import ladder

    points = standing_of(user).points
    steps = ladder()
    rows: list[LadderRow] = []
    for index, step in enumerate(steps):
        days = step.get("days")
        text = STEP_TEXT.get(step["action"], step["action"]).format(days=f" for {days} days" if days else "")
        following = steps[index + 1]["strikes"] if index + 1 < len(steps) else None
        rows.append({
            "strikes": step["strikes"], "text": text, "reached": points >= step["strikes"],
            "current": points >= step["strikes"] and (following is None or points < following),
        })
    return rows


@login_required
def standing_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    sanctions = list(selectors.sanction_list_for_user(user=user))
    return render(
        request,
        "trust/standing_detail.html",
        {
            "standing": standing_of(user),
            "strikes": list(selectors.strike_list_for_user(user=user)[:50]),
            "sanctions": sanctions,
            "reports": Paginator(selectors.report_list_for_reporter(user=user), REPORTS_PER_PAGE).get_page(
                request.GET.get("reports_page")
            ),
            "pending_flags": list(selectors.pending_flags_for_user(user=user)[:20]),
            "appeal_form": AppealForm(),
            "strike_expiry_days": settings.TRUST_STRIKE_EXPIRY_DAYS,
            "ladder": ladder_rows(user),
            "pacing_minutes": settings.TRUST_PACING_MINUTES,
            "payment_weight": settings.TRUST_PAYMENT_STRIKE_WEIGHT,
        },
    )


@login_required
@require_POST
def hint_view(request: AuthenticatedHttpRequest) -> JsonResponse:
    """POST text=..., context=..., counterpart=<user id, optional>: what would be refused, and why.
    Records nothing (trust.hints)."""
    from trust.hints import HintRateLimited, hint, hint_rate_limit

    try:
        hint_rate_limit(user=request.user)
    except HintRateLimited:
        return JsonResponse({"error": "Too many checks; the hint pauses for a minute."}, status=429)
    try:
        answer = hint(
            user=request.user, text=request.POST.get("text", ""), context=request.POST.get("context", ""),
            counterpart_id=request.POST.get("counterpart"),
        )
    except ValueError:
        return JsonResponse({"error": "Unknown context."}, status=400)
    return JsonResponse(answer)


@login_required
@require_POST
def appeal_create(request: AuthenticatedHttpRequest, sanction_id: int) -> HttpResponse:
    sanction = get_object_or_404(Sanction, pk=sanction_id, user=request.user)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_create(sanction=sanction, user=request.user, message=form.cleaned_data["message"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Your appeal was sent. We'll email you when a person on our team has decided.")
            return redirect("trust:standing")
    else:
        messages.error(request, "Say in a few words (at least 10 characters) why it should be reconsidered.")
    return redirect(reverse("trust:standing") + f"#sanction-{sanction.pk}")


@require_http_methods(["GET", "POST"])
def appeal_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """Appeal a suspension without logging in (the suspended account can't), from the emailed link."""
    try:
        data = appeal_link_data(token)
    except signing.BadSignature:
        return render(request, "trust/appeal_link.html", {"invalid": True}, status=400)
    sanction = get_object_or_404(Sanction.objects.select_related("user"), pk=data["sanction"], user_id=data["user"])
    form = AppealForm(request.POST or None)
    done = sanction.has_appeal
    if request.method == "POST" and not done and form.is_valid():
        try:
            services.appeal_create(sanction=sanction, user=sanction.user, message=form.cleaned_data["message"])
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            done = True
    return render(request, "trust/appeal_link.html", {"sanction": sanction, "form": form, "done": done})


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: AuthenticatedHttpRequest, content_type_id: int, object_id: int) -> HttpResponse:
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None:
        raise Http404
    try:
        target = model._default_manager.get(pk=object_id)
    except (ObjectDoesNotExist, ValueError):
        raise Http404
    if not reportable(target):
        raise Http404
    owner = report_owner(target)
    back = _safe_next(request, "/")
    if owner is None or owner.pk == request.user.pk:
        messages.error(request, "You can't report your own content.")
        return redirect(back)
    if not can_report(request.user, target):
        raise Http404  # e.g. a message of someone else's conversation: don't confirm it exists
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=request.user, target=target, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(
                request, "Thank you. Our team will review this; you'll get an email with the outcome. "
                "The person you reported won't know it was you.",
            )
            return redirect(back)
    return render(
        request,
        "trust/report_form.html",
        {"form": form, "target": target, "target_label": model._meta.verbose_name, "next": back},
    )
