"""NDAs, signatures and access logs for disputes: read-only (nothing here is edited by staff; the
rows are evidence). GuardedAdmin first (trust.E003), though no change is ever saved."""
from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from trust.adminguard import GuardedAdmin

from .models import ConfidentialFile, JobNDA, NDAAccessLog, NDASignature


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class ConfidentialFileInline(admin.TabularInline):
    model = ConfidentialFile
    fields = ["upload", "created_at"]
    readonly_fields = ["upload", "created_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(JobNDA)
class JobNDAAdmin(GuardedAdmin, ReadOnlyAdmin):
    list_display = ["job", "kind", "client_legal_name", "is_required", "auto_countersign", "created_at"]
    list_filter = ["kind", "is_required"]
    list_select_related = ["job"]
    search_fields = ["job__title", "client_legal_name"]
    readonly_fields = ["job", "kind", "is_required", "client_legal_name", "document", "confidential_description",
                       "auto_countersign", "created_at", "updated_at"]
    inlines = [ConfidentialFileInline]


@admin.register(NDASignature)
class NDASignatureAdmin(GuardedAdmin, ReadOnlyAdmin):
    list_display = ["nda", "legal_name", "signer", "signed_at", "countersigned_at"]
    list_select_related = ["nda", "signer"]
    search_fields = ["legal_name", "nda__job__title"]
    readonly_fields = ["nda", "signer", "legal_name", "consent", "signed_at", "ip_address", "user_agent", "kind",
                       "document_upload", "document_sha256", "countersigned_by", "countersigner_legal_name",
                       "countersigned_at"]
    exclude = ["document_pdf"]


@admin.register(NDAAccessLog)
class NDAAccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "nda", "user", "what", "upload", "stamped", "ip_address"]
    list_filter = ["what", "stamped"]
    list_select_related = ["nda", "user", "upload"]
    readonly_fields = ["at", "nda", "user", "what", "upload", "signature", "stamped", "ip_address", "user_agent"]
