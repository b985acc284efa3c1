"""Public profiles, the freelancer directory, profile editing, roles and identity checks.

Views validate with forms and write through services; other users only ever see `display_name`.
"""
from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from trust.exceptions import ContentBlocked
from trust.standing import badges_withheld, is_suspended

from . import providers, selectors, services
from .forms import (
    AddRoleForm,
    AvatarForm,
    ClientProfileForm,
    EducationForm,
    EmploymentForm,
    FreelancerProfileForm,
    IdentityVerificationForm,
    NamesForm,
    PortfolioItemForm,
)
from .models import (
    ClientProfile,
    Education,
    Employment,
    FreelancerProfile,
    IdentityVerificationRequest,
    PortfolioItem,
    User,
)

FREELANCERS_PER_PAGE: int = getattr(settings, "ACCOUNTS_FREELANCERS_PER_PAGE", 20)


def _add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service/guard refusal on the field it concerns when the form has it, else on the form."""
    field = getattr(error, "field", "") or None
    if field not in form.fields:
        field = None
    form.add_error(field, error.messages[0] if error.messages else str(error))


# --- public pages ---------------------------------------------------------------------------------


def freelancer_list(request: HttpRequest) -> HttpResponse:
    # NUL can't go into a PostgreSQL query; no one means it in a search.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    skill_slug = request.GET.get("skill", "").replace("\x00", "").strip()[:60]
    profiles = selectors.freelancer_list(query=query, skill_slug=skill_slug)
    page = Paginator(profiles, FREELANCERS_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "accounts/freelancer_list.html",
        {
            "page_obj": page,
            "query": query,
            "skill_slug": skill_slug,
            "skills": selectors.skill_list(),
            "querystring": params.urlencode(),
            "is_filtered": bool(query or skill_slug),
        },
    )


def freelancer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """`pk` is the freelancer's user id (the same id invitations and proposals carry)."""
    profile = get_object_or_404(selectors.freelancer_public_qs(), user_id=pk)
    viewer = request.user
    is_owner = viewer.is_authenticated and viewer.pk == profile.user_id
    can_invite = (
        viewer.is_authenticated and getattr(viewer, "is_client", False) and not is_owner
        and not is_suspended(profile.user)
    )
    return render(
        request,
        "accounts/freelancer_detail.html",
        {
            "profile": profile,
            "person": profile.user,
            "badges": [] if badges_withheld(profile.user) else list(profile.user.badges.all()),
            "reputation": providers.freelancer_reputation(user=profile.user),
            "reviews": providers.public_reviews(user=profile.user, as_role="freelancer"),
            "reveal_days": settings.CONTRACTS_FEEDBACK_REVEAL_DAYS,
            "portfolio": list(profile.portfolio_items.all()),
            "is_owner": is_owner,
            "can_invite": can_invite,
            "invite_url": f"/jobs/invite/{profile.user_id}/",
        },
    )


def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """`pk` is the client's user id."""
    profile = get_object_or_404(selectors.client_public_qs(), user_id=pk)
    return render(
        request,
        "accounts/client_detail.html",
        {
            "profile": profile,
            "person": profile.user,
            "reputation": providers.client_reputation(user=profile.user),
            "reviews": providers.public_reviews(user=profile.user, as_role="client"),
            "reveal_days": settings.CONTRACTS_FEEDBACK_REVEAL_DAYS,
            "is_owner": request.user.is_authenticated and request.user.pk == profile.user_id,
        },
    )


# --- editing one's own profile --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    """One page, one Save: names, then the freelancer and client parts the user has roles for.
    Nothing is written unless every part is valid, so a refusal never loses the other edits."""
    user: User = request.user  # type: ignore[assignment]
    freelancer = FreelancerProfile.objects.filter(user=user).first() if user.is_freelancer else None
    client = ClientProfile.objects.filter(user=user).first() if user.is_client else None
    data = request.POST if request.method == "POST" else None

    names_form = NamesForm(
        data, user=user, prefix="names", initial={"first_name": user.first_name, "last_name": user.last_name}
    )
    freelancer_form = (
        FreelancerProfileForm(
            data, user=user, prefix="freelancer", initial=FreelancerProfileForm.initial_for(freelancer)
        )
        if freelancer
        else None
    )
    client_form = (
        ClientProfileForm(data, user=user, prefix="client", initial=ClientProfileForm.initial_for(client))
        if client
        else None
    )
    forms_ = [f for f in (names_form, freelancer_form, client_form) if f is not None]

    valid = [f.is_valid() for f in forms_]  # validate every part, so every error shows at once
    if request.method == "POST" and all(valid):
        try:
            services.profile_save(
                user=user,
                names={
                    "first_name": names_form.cleaned_data["first_name"],
                    "last_name": names_form.cleaned_data["last_name"],
                },
                freelancer=None if freelancer_form is None or freelancer is None else {
                    "profile": freelancer,
                    "headline": freelancer_form.cleaned_data["headline"],
                    "overview": freelancer_form.cleaned_data["overview"],
                    "hourly_rate_cents": freelancer_form.hourly_rate_cents,
                    "country": freelancer_form.cleaned_data["country"],
                    "skills": freelancer_form.cleaned_data["skills"],
                    "availability": freelancer_form.cleaned_data["availability"] or None,  # empty: unchanged
                },
                client=None if client_form is None or client is None else {
                    "profile": client,
                    "company_name": client_form.cleaned_data["company_name"],
                    "country": client_form.cleaned_data["country"],
                    "about": client_form.cleaned_data["about"],
                },
            )
        except ContentBlocked as blocked:  # the write scope's refusal, on the form holding the field
            user.refresh_from_db()  # the page must not show the refused values as saved
            owner = next((f for f in forms_ if blocked.field in f.fields), names_form)
            owner.show_refusal(blocked)
        except ValidationError as error:  # a model rule
            user.refresh_from_db()
            _add_service_error(names_form, error)
        else:
            messages.success(request, "Your profile has been saved.")
            return redirect("accounts:profile-edit")

    decisions = [d for f in forms_ for d in f.decisions]
    return render(
        request,
        "accounts/profile_edit.html",
        {
            "names_form": names_form,
            "freelancer_form": freelancer_form,
            "client_form": client_form,
            "freelancer_profile": freelancer,
            "client_profile": client,
            "portfolio": list(freelancer.portfolio_items.select_related("image")) if freelancer else [],
            "avatar_form": AvatarForm(),
            "decisions": decisions,
            "missing_roles": [r for r in User.Role if not getattr(user, f"is_{r.value}")],
        },
        status=400 if request.method == "POST" else 200,
    )


def _own_freelancer_profile(request: HttpRequest) -> FreelancerProfile:
    profile = FreelancerProfile.objects.filter(user=request.user).first()
    if profile is None or not request.user.is_freelancer:  # type: ignore[union-attr]
        raise Http404("Add the freelancer role to build a portfolio.")
    return profile


def _portfolio_form(request: HttpRequest, *, profile: FreelancerProfile, item: PortfolioItem | None) -> HttpResponse:
    """Add (item None) or edit a portfolio item; a refused text or bad image keeps what was typed."""
    initial = PortfolioItemForm.initial_for(item) if item else None
    form = PortfolioItemForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        text = {"title": form.cleaned_data["title"], "description": form.cleaned_data["description"]}
        try:
            if item is None:
                services.portfolio_item_create(profile=profile, image=form.new_image, **text)
            else:
                services.portfolio_item_update(
                    item=item, image=form.new_image, remove_image=form.remove_image, **text
                )
        except ContentBlocked as blocked:
            form.show_refusal(blocked)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, "Portfolio item saved." if item else "Portfolio item added.")
            return redirect(reverse("accounts:profile-edit") + "#portfolio")
    return render(
        request,
        "accounts/portfolioitem_form.html",
        {"form": form, "item": item},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_create(request: HttpRequest) -> HttpResponse:
    return _portfolio_form(request, profile=_own_freelancer_profile(request), item=None)


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the owner's items exist here: anyone else's id is a 404, not a 403 that confirms it exists."""
    item = get_object_or_404(PortfolioItem.objects.select_related("profile"), pk=pk, profile__user=request.user)
    return _portfolio_form(request, profile=item.profile, item=item)


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PortfolioItem, pk=pk, profile__user=request.user)
    if request.method == "POST":
        title = item.title
        services.portfolio_item_delete(item=item)
        messages.success(request, f"“{title}” was removed from your portfolio.")
        return redirect(reverse("accounts:profile-edit") + "#portfolio")
    return render(request, "accounts/portfolioitem_confirm_delete.html", {"item": item})


# --- employment and education ---------------------------------------------------------------------

HISTORY: dict[str, tuple[type[Employment] | type[Education], type[EmploymentForm] | type[EducationForm], str, str]] = {
    "employment": (Employment, EmploymentForm, "employment history", "employments"),
    "education": (Education, EducationForm, "education", "educations"),
}


# Any: Employment or Education, picked by `kind` at run time (history_entry_save's TypeVar can't follow).
def _history_entry(request: HttpRequest, kind: str, pk: int | None) -> Any:
    model = HISTORY[kind][0]
    if pk is None:
        return None
    return get_object_or_404(model, pk=pk, profile__user=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def history_form(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    """Add or edit an employment or education entry of one's own freelancer profile."""
    model, form_class, label, anchor = HISTORY[kind]
    profile = _own_freelancer_profile(request)
    entry = _history_entry(request, kind, pk)
    initial = {name: getattr(entry, name) for name in form_class.base_fields} if entry else None
    form = form_class(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.history_entry_save(profile=profile, model=model, entry=entry, **form.cleaned_data)
        except ContentBlocked as blocked:
            form.show_refusal(blocked)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, f"Your {label} was saved.")
            return redirect(reverse("accounts:profile-edit") + f"#{anchor}")
    return render(
        request,
        "accounts/history_form.html",
        {"form": form, "entry": entry, "label": label, "anchor": anchor},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def history_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    entry = _history_entry(request, kind, pk)
    label, anchor = HISTORY[kind][2], HISTORY[kind][3]
    if request.method == "POST":
        services.history_entry_delete(entry=entry)
        messages.success(request, f"“{entry}” was removed from your {label}.")
        return redirect(reverse("accounts:profile-edit") + f"#{anchor}")
    return render(request, "accounts/history_confirm_delete.html", {"entry": entry, "label": label, "anchor": anchor})


# --- roles ----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def role_add(request: HttpRequest) -> HttpResponse:
    """GET shows what adding a role means; POST adds it and creates the empty profile."""
    form = AddRoleForm(request.POST or request.GET or None)
    role = form.data.get("role") if form.is_bound else None
    if request.method == "POST" and form.is_valid():
        try:
            services.user_add_role(user=request.user, role=form.cleaned_data["role"])  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            label = User.Role(form.cleaned_data["role"]).label.lower()
            messages.success(request, f"You now have the {label} role. Fill in your {label} profile below.")
        return redirect("accounts:profile-edit")
    missing = [r for r in User.Role if not getattr(request.user, f"is_{r.value}")]
    return render(
        request,
        "accounts/role_add.html",
        {"missing_roles": missing, "selected_role": role if role in User.Role.values else None},
    )


# --- identity verification ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def identity_verify(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    can_submit = user.identity_status in (User.IdentityStatus.UNVERIFIED, User.IdentityStatus.REJECTED)
    form = IdentityVerificationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and can_submit and form.is_valid():
        try:
            services.identity_verification_submit(
                user=user,
                legal_name=form.cleaned_data["legal_name"],
                country=form.cleaned_data["country"],
                document=form.cleaned_data["document"],
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, "Thanks. We'll review your document and email you the decision.")
            return redirect("accounts:identity-verify")
    elif request.method == "POST" and not can_submit:
        messages.error(request, "There is nothing to submit: your identity check is already under way or done.")
        return redirect("accounts:identity-verify")
    return render(
        request,
        "accounts/identity_verify.html",
        {"form": form, "can_submit": can_submit, "latest": selectors.identity_request_latest(user=user)},
        status=400 if request.method == "POST" else 200,
    )


@staff_member_required
def identity_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Staff-only download of an identity document (private storage, served by trust's pipeline)."""
    from trust.uploads.views import serve

    request_obj = get_object_or_404(IdentityVerificationRequest.objects.select_related("document"), pk=pk)
    return serve(request_obj.document, download=True)


@login_required
@require_http_methods(["POST"])
def avatar_update(request: HttpRequest) -> HttpResponse:
    """Set or remove the profile photo (shown once trust's check of the picture passed)."""
    if "remove" in request.POST:
        services.user_avatar_set(user=request.user, image=None)  # type: ignore[arg-type]
        messages.success(request, "Your profile photo was removed.")
        return redirect(reverse("accounts:profile-edit") + "#photo")
    form = AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.user_avatar_set(user=request.user, image=form.cleaned_data["avatar"])  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Photo received. It appears on your profile once our check of it passed.")
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("avatar", ["Choose a picture."])))
    return redirect(reverse("accounts:profile-edit") + "#photo")
