"""Admin: operators work contracts and disputes here; every change goes through the services and
ledger rows are read-only."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse

from accounts.http import AuthenticatedHttpRequest
from trust.adminguard import GuardedAdmin, GuardedInline

from . import services
from .forms import DisputeResolveForm
from .models import (
    Card,
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
    TimeEntry,
    TopUp,
    Withdrawal,
)


class ReadOnlyAdmin(GuardedAdmin, admin.ModelAdmin):
    """Money records are evidence: viewable, never added, changed or deleted by hand."""

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class MilestoneInline(GuardedInline, admin.TabularInline):
    model = Milestone
    fields = ("position", "description", "amount_cents", "status", "funded_at", "submitted_at", "auto_approve_at",)
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class StatusChangeInline(GuardedInline, admin.TabularInline):
    model = StatusChange
    fields = ("at", "milestone", "invoice", "dispute", "from_status", "to_status", "actor", "note",)
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(Contract)
class ContractAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ["title", "client", "freelancer", "kind", "status", "started_at", "ended_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["client", "freelancer"]
    search_fields = ["title", "client__email", "freelancer__email"]
    # Shown, never edited here: contract text and state change only through the parties' services.
    fields = readonly_fields = (
        "title",
        "terms",
        "client",
        "freelancer",
        "job",
        "proposal",
        "kind",
        "currency",
        "hourly_rate_cents",
        "weekly_limit_hours",
        "fill_job",
        "status",
        "started_at",
        "ended_at",
        "ended_by",
    )
    inlines = [MilestoneInline, StatusChangeInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # offers are made by clients through the site

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(Milestone)
class MilestoneAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ["description", "contract", "amount_cents", "status", "auto_approve_at"]
    list_filter = ["status"]
    list_select_related = ["contract"]
    search_fields = ["description", "contract__title"]
    readonly_fields = [
        "contract",
        "position",
        "description",
        "amount_cents",
        "due_date",
        "status",
        "funded_at",
        "submitted_at",
        "auto_approve_at",
        "closed_at",
        "released_cents",
        "refunded_cents",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class DisputeResolveAdminForm(DisputeResolveForm):
    pass


class DisputeEvidenceInline(admin.TabularInline):
    """The parties' files, read-only: staff open them through /files/<key>/ (staff may fetch any
    upload, whatever its verdict), and release or withhold held ones in Uploads."""

    model = DisputeEvidence
    extra = 0
    can_delete = False
    fields = ("file", "verdict", "added_by", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    @admin.display(description="File")
    def file(self, obj: DisputeEvidence) -> str:
        from django.utils.html import format_html

        return format_html('<a href="{}?download=1">{}</a>', obj.upload.get_absolute_url(), obj.upload.original_name)

    @admin.display(description="Scan")
    def verdict(self, obj: DisputeEvidence) -> str:
        return obj.upload.status_text


@admin.register(Dispute)
class DisputeAdmin(GuardedAdmin, admin.ModelAdmin):
    """Resolve from the dispute's page: release, refund or split by amount, with a reason (services)."""

    inlines = [DisputeEvidenceInline]

    list_display = ["pk", "contract", "subject_label", "opened_by", "status", "respond_by", "resolution"]
    list_filter = ["status", "resolution"]
    list_select_related = ["contract", "opened_by", "milestone", "invoice"]
    readonly_fields = [
        "contract",
        "milestone",
        "invoice",
        "opened_by",
        "statement",
        "response",
        "respond_by",
        "responded_at",
        "status",
        "resolution",
        "release_cents",
        "refund_cents",
        "reason",
        "resolved_by",
        "resolved_at",
    ]
    actions = ["release_selected", "refund_selected"]
    change_form_template = "admin/contracts/dispute/change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return request.user.is_staff  # the form is read-only; changes happen through "resolve"

    @admin.display(description="About")
    def subject_label(self, obj: Dispute) -> str:
        return str(obj.milestone or obj.invoice)

    def get_urls(self) -> list[URLPattern]:
        return [
            path("<int:pk>/resolve/", self.admin_site.admin_view(self.resolve_view), name="contracts_dispute_resolve"),
            *super().get_urls(),
        ]

    def resolve_view(self, request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        dispute = get_object_or_404(Dispute.objects.select_related("contract", "milestone", "invoice"), pk=pk)
        form = DisputeResolveAdminForm(request.POST or None, currency=dispute.contract.currency)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.dispute_resolve(
                    dispute_id=dispute.pk,
                    actor=request.user,
                    resolution=data["resolution"],
                    reason=data["reason"],
                    release_cents=data.get("release_amount"),
                )
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                self.message_user(request, "Dispute resolved; both parties were notified.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:contracts_dispute_change", args=[dispute.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Resolve dispute #{dispute.pk}",
            "dispute": dispute,
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "admin/contracts/dispute/resolve.html", context)

    def _bulk(self, request: AuthenticatedHttpRequest, queryset: QuerySet[Dispute], resolution: str) -> None:
        done = 0
        for dispute in queryset:
            try:
                services.dispute_resolve(
                    dispute_id=dispute.pk,
                    actor=request.user,
                    resolution=resolution,
                    reason=f"Resolved by staff: {resolution} (bulk action).",
                )
                done += 1
            except ValidationError as error:
                self.message_user(request, f"Dispute #{dispute.pk}: {' '.join(error.messages)}", messages.ERROR)
        if done:
            self.message_user(request, f"{done} dispute(s) resolved.", messages.SUCCESS)

    @admin.action(description="Release escrow to the freelancer")
    def release_selected(self, request: AuthenticatedHttpRequest, queryset: QuerySet[Dispute]) -> None:
        self._bulk(request, queryset, Dispute.Resolution.RELEASE)

    @admin.action(description="Refund escrow to the client")
    def refund_selected(self, request: AuthenticatedHttpRequest, queryset: QuerySet[Dispute]) -> None:
        self._bulk(request, queryset, Dispute.Resolution.REFUND)


@admin.register(LedgerAccount)
class LedgerAccountAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "user", "contract", "currency", "balance"]
    list_filter = ["kind", "currency"]
    list_select_related = ["user", "contract"]
    search_fields = ["user__email", "contract__title"]

    @admin.display(description="Balance (cents)")
    def balance(self, obj: LedgerAccount) -> int:
        from .ledger import balance_cents

        return balance_cents(obj)


class LedgerEntryInline(admin.TabularInline):
    model = LedgerEntry
    fields = ("account", "amount_cents",)
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(LedgerTransaction)
class LedgerTransactionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "created_at", "kind", "memo", "contract", "idempotency_key"]
    list_filter = ["kind"]
    search_fields = ["idempotency_key", "memo", "contract__title"]
    list_select_related = ["contract"]
    inlines = [LedgerEntryInline]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["pk", "transaction", "account", "amount_cents"]
    list_select_related = ["transaction", "account"]


@admin.register(PendingRelease)
class PendingReleaseAdmin(ReadOnlyAdmin):
    list_display = ["pk", "user", "amount_cents", "currency", "available_at", "matured_by"]
    list_select_related = ["user"]


@admin.register(Withdrawal)
class WithdrawalAdmin(ReadOnlyAdmin):
    list_display = ["pk", "created_at", "user", "amount_cents", "currency", "bank_last4", "status", "provider_ref"]
    exclude = ["bank_token"]
    list_filter = ["status"]
    search_fields = ["user__email", "provider_ref", "idempotency_key"]
    list_select_related = ["user"]


@admin.register(TopUp)
class TopUpAdmin(ReadOnlyAdmin):
    list_display = ["pk", "created_at", "user", "amount_cents", "currency", "status", "provider_ref"]
    list_filter = ["status"]
    search_fields = ["user__email", "provider_ref", "idempotency_key"]
    list_select_related = ["user"]


@admin.register(HourlyInvoice)
class HourlyInvoiceAdmin(ReadOnlyAdmin):
    list_display = ["pk", "contract", "week_start", "minutes", "amount_cents", "status", "dispute_until"]
    list_filter = ["status"]
    list_select_related = ["contract"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["pk", "contract", "author", "recipient", "score", "created_at"]
    list_select_related = ["contract", "author", "recipient"]


@admin.register(Card)
class CardAdmin(ReadOnlyAdmin):
    """What the user sees of a card; the provider's token stays out of the admin."""

    list_display = ["pk", "user", "brand", "last4", "created_at"]
    list_select_related = ["user"]
    fields = readonly_fields = ("user", "brand", "last4", "created_at")
    search_fields = ["user__email", "last4"]


for model in (Submission, TimeEntry, StatusChange):
    admin.site.register(model, ReadOnlyAdmin)
