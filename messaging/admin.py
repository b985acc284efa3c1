"""Operator screens: read conversations (evidence for flags), release or withhold held files.
Writes go through services; message text is not editable here (it is evidence)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from accounts.http import AuthenticatedHttpRequest
from trust.adminguard import GuardedAdmin, GuardedInline

from . import services
from .models import Attachment, Conversation, Message


class MessageInline(GuardedInline, admin.TabularInline):
    model = Message
    fields = ("created_at", "sender", "kind", "body", "visible_to", "edited_at",)
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Conversation | None = None) -> bool:
        return False


@admin.register(Conversation)
class ConversationAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ["pk", "client", "freelancer", "job", "message_count", "last_message_at", "created_at"]
    list_select_related = ["client", "freelancer", "job"]
    search_fields = ["client__email", "freelancer__email", "client__last_name", "freelancer__last_name", "job__title"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "client",
        "freelancer",
        "job",
        "proposal",
        "invitation",
        "contract",
        "started_by",
        "last_message_at",
        "client_last_read_at",
        "freelancer_last_read_at",
        "created_at",
        "updated_at",
    ]
    inlines = [MessageInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Conversation]:
        return super().get_queryset(request).annotate(n_messages=Count("messages"))

    @admin.display(description="Messages", ordering="n_messages")
    def message_count(self, obj: Conversation) -> int:
        return obj.n_messages  # type: ignore[attr-defined]  # annotated by get_queryset

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class AttachmentInline(GuardedInline, admin.TabularInline):
    model = Attachment
    fields = ("original_name", "status", "hold_reason", "size_bytes", "scanned_at",)
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Message | None = None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ["created_at", "conversation", "sender", "kind", "short_body", "edited_at"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["sender", "conversation__client", "conversation__freelancer"]
    search_fields = ["body", "sender__email"]
    readonly_fields = ["conversation", "sender", "kind", "body", "visible_to", "edited_at", "created_at", "updated_at"]
    inlines = [AttachmentInline]

    @admin.display(description="Text")
    def short_body(self, obj: Message) -> str:
        return obj.body[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Attachment)
class AttachmentAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ["created_at", "original_name", "sender_display", "status", "hold_reason", "size_bytes"]
    list_filter = ["status", "hold_reason"]
    list_select_related = ["message__sender"]
    search_fields = ["original_name", "message__sender__email"]
    readonly_fields = [
        "message",
        "upload",
        "original_name",
        "size_bytes",
        "status",
        "hold_reason",
        "found_kinds",
        "scanned_at",
        "created_at",
    ]
    actions = ["release", "withhold"]

    @admin.display(description="Sender")
    def sender_display(self, obj: Attachment) -> str:
        return str(obj.message.sender or "System")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Release to the recipient (reviewed: fine)")
    def release(self, request: AuthenticatedHttpRequest, queryset: QuerySet[Attachment]) -> None:  # staff only
        done = 0
        for attachment in queryset.select_related("message__conversation", "message__sender"):
            services.attachment_release(attachment=attachment, reviewer=request.user)
            done += 1
        self.message_user(request, f"Released {done} attachment(s).", messages.SUCCESS)

    @admin.action(description="Withhold from the recipient")
    def withhold(self, request: HttpRequest, queryset: QuerySet[Attachment]) -> None:
        done = 0
        for attachment in queryset.exclude(status=Attachment.Status.WITHHELD).select_related("message__sender"):
            services.attachment_hold(
                attachment=attachment, status=Attachment.Status.WITHHELD, reason=Attachment.HoldReason.STAFF
            )
            done += 1
        self.message_user(request, f"Withheld {done} attachment(s).", messages.SUCCESS)
