"""Admin for people, profiles, skills, badges and identity checks.

`UserAdmin` is subclassed by trust (trust/admin.py unregisters and re-registers it with standing
inlines): keep its name, and extend `inlines` / `list_display` rather than replacing behaviour.
"""
from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from trust.admin import UserStandingAdmin
from trust.adminguard import GuardedAdmin, GuardedInline

from . import services
from .forms import IdentityReviewForm
from .models import (
    ClientProfile,
    FreelancerProfile,
    IdentityVerificationRequest,
    PortfolioItem,
    Skill,
    TalentBadge,
    User,
)


class UserAddForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "is_client", "is_freelancer")
        field_classes: dict[str, type[forms.Field]] = {}


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes: dict[str, type[forms.Field]] = {}


class FreelancerProfileInline(GuardedInline, admin.StackedInline):
    model = FreelancerProfile
    can_delete = False
    extra = 0
    fields = ["headline", "overview", "skills", "hourly_rate_cents", "country"]
    filter_horizontal = ["skills"]


class ClientProfileInline(GuardedInline, admin.StackedInline):
    model = ClientProfile
    can_delete = False
    extra = 0
    fields = ["company_name", "country", "about"]


@admin.register(User)
class UserAdmin(GuardedAdmin, UserStandingAdmin, DjangoUserAdmin):
    """Users with their profiles, plus their trust standing (trust.admin.UserStandingAdmin)."""

    form = UserEditForm
    add_form = UserAddForm
    ordering = ["-date_joined"]
    list_display = [
        "email", "display_name", "roles_display", "identity_status", "is_active", "is_staff", "date_joined",
        *UserStandingAdmin.standing_list_display,
    ]
    list_filter = [
        *UserStandingAdmin.standing_list_filter,
        "is_client", "is_freelancer", "identity_status", "is_active", "is_staff", "date_joined",
    ]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["identity_status", "last_login", "date_joined"]
    inlines = [FreelancerProfileInline, ClientProfileInline, *UserStandingAdmin.standing_inlines]
    actions = [*UserStandingAdmin.standing_actions]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "is_client", "is_freelancer", "identity_status")}),
        (
            "Permissions",
            {
                "fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
                "classes": ("collapse",),
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email", "first_name", "last_name", "is_client", "is_freelancer",
                    "usable_password", "password1", "password2",
                ),
            },
        ),
    )

    @admin.display(description="Name", ordering="first_name")
    def display_name(self, obj: User) -> str:
        return obj.display_name

    @admin.display(description="Roles")
    def roles_display(self, obj: User) -> str:
        return ", ".join(obj.roles) or "—"

    def get_inlines(self, request: HttpRequest, obj: User | None) -> list[type[InlineModelAdmin[Any, Any]]]:  # Django's
        return list(self.inlines) if obj is not None else []  # profiles are created on save

    def save_model(self, request: HttpRequest, obj: User, form: forms.ModelForm[User], change: bool) -> None:
        super().save_model(request, obj, form, change)
        services.user_ensure_profiles(user=obj)


class PortfolioItemInline(GuardedInline, admin.TabularInline):
    model = PortfolioItem
    extra = 0
    fields = ["title", "description", "image"]


@admin.register(FreelancerProfile)
class FreelancerProfileAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ["user", "user_email", "headline", "rate", "country", "updated_at"]
    list_filter = ["country", "skills"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "headline"]
    raw_id_fields = ["user"]
    filter_horizontal = ["skills"]
    inlines = [PortfolioItemInline]

    @admin.display(description="Email", ordering="user__email")
    def user_email(self, obj: FreelancerProfile) -> str:
        return obj.user.email

    @admin.display(description="Hourly rate", ordering="hourly_rate_cents")
    def rate(self, obj: FreelancerProfile) -> str:
        return obj.hourly_rate_display or "—"


@admin.register(ClientProfile)
class ClientProfileAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ["user", "user_email", "company_name", "country", "updated_at"]
    list_filter = ["country"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "company_name"]
    raw_id_fields = ["user"]

    @admin.display(description="Email", ordering="user__email")
    def user_email(self, obj: ClientProfile) -> str:
        return obj.user.email


@admin.register(PortfolioItem)
class PortfolioItemAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ["title", "profile", "has_image", "created_at"]
    list_select_related = ["profile__user"]
    search_fields = ["title", "description", "profile__user__email"]
    raw_id_fields = ["profile"]

    @admin.display(description="Image", boolean=True)
    def has_image(self, obj: PortfolioItem) -> bool:
        return bool(obj.image)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TalentBadge)
class TalentBadgeAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "awarded_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]
    date_hierarchy = "awarded_at"


@admin.register(IdentityVerificationRequest)
class IdentityVerificationRequestAdmin(admin.ModelAdmin):
    """Review queue: decisions only through the approve/reject actions (which call the services)."""

    list_display = ["created_at", "user", "user_email", "legal_name", "country", "status", "reviewer", "reviewed_at"]
    list_filter = ["status", "country", "created_at"]
    list_select_related = ["user", "reviewer"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "legal_name"]
    readonly_fields = fields = (
        "user", "legal_name", "country", "document_link", "status", "reviewer", "reviewed_at", "note", "created_at"
    )
    actions = ["approve", "reject"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # requests come from users, with their document

    def has_delete_permission(self, request: HttpRequest, obj: IdentityVerificationRequest | None = None) -> bool:
        return bool(request.user.is_superuser)

    @admin.display(description="Email", ordering="user__email")
    def user_email(self, obj: IdentityVerificationRequest) -> str:
        return obj.user.email

    @admin.display(description="Document")
    def document_link(self, obj: IdentityVerificationRequest) -> str:
        if not obj.document:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Open document</a>',
            reverse("accounts:identity-document", args=[obj.pk]),
        )

    @admin.action(description="Approve selected identity checks", permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        return self._review(request, queryset, decision="approve")

    @admin.action(description="Reject selected identity checks", permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        return self._review(request, queryset, decision="reject")

    def _review(self, request: HttpRequest, queryset: QuerySet, *, decision: str) -> TemplateResponse | None:
        """Intermediate page asking for the note sent to the user (required when rejecting)."""
        pending = queryset.filter(status=IdentityVerificationRequest.Status.PENDING).select_related("user")
        if not pending.exists():
            self.message_user(request, "None of the selected requests is pending review.", messages.WARNING)
            return None
        require_note = decision == "reject"
        if "apply" in request.POST:
            form = IdentityReviewForm(request.POST, require_note=require_note)
            if form.is_valid():
                service = (
                    services.identity_verification_approve
                    if decision == "approve"
                    else services.identity_verification_reject
                )
                done = 0
                for request_obj in pending:
                    try:
                        reviewer = cast(User, request.user)  # the admin is staff only
                        service(request_obj=request_obj, reviewer=reviewer, note=form.cleaned_data["note"])
                    except ValidationError as error:
                        self.message_user(request, f"{request_obj}: {error.messages[0]}", messages.ERROR)
                    else:
                        done += 1
                verb = "approved" if decision == "approve" else "rejected"
                self.message_user(
                    request, f"{done} identity check{'s' if done != 1 else ''} {verb}; users were emailed.",
                    messages.SUCCESS,
                )
                return None
        else:
            form = IdentityReviewForm(require_note=require_note)
        context = {
            **self.admin_site.each_context(request),
            "title": "Approve identity checks" if decision == "approve" else "Reject identity checks",
            "opts": self.model._meta,
            "queryset": pending,
            "form": form,
            "decision": decision,
            "action": request.POST.get("action", decision),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/accounts/identityverificationrequest/review.html", context)
