"""Uploads in the admin: read-only evidence, with release/withhold actions that call the services
(audited). Staff open a file through the same permission-checked view as everyone else."""
from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from trust.adminguard import GuardedAdmin, staff_of

from .models import Upload
from .services import upload_release, upload_withhold


@admin.register(Upload)
class UploadAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ["created_at", "original_name", "use", "kind", "size", "status", "reason", "owner"]
    list_filter = ["status", "use", "reason", "kind"]
    list_select_related = ["owner"]
    search_fields = ["original_name", "sha256", "owner__email"]
    actions = ["release", "withhold"]
    readonly_fields = ["open_file"]

    def has_add_permission(self, request: HttpRequest, obj: Upload | None = None) -> bool:
        return False  # files come from users, through upload_accept

    def has_delete_permission(self, request: HttpRequest, obj: Upload | None = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Upload | None = None) -> list[str]:
        return [f.name for f in self.model._meta.fields] + list(self.readonly_fields)

    @admin.display(description="File")
    def open_file(self, obj: Upload) -> str:
        return format_html('<a href="{}?download=1">Download “{}”</a>', obj.get_absolute_url(), obj.original_name)

    def _each(
        self, request: HttpRequest, queryset: QuerySet[Upload], fn: Callable[..., Upload], done: str
    ) -> None:
        count = 0
        for upload in queryset:
            try:
                fn(upload=upload, reviewer=staff_of(request))
            except ValidationError as error:
                self.message_user(request, f"{upload}: {' '.join(error.messages)}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, f"{count} {done}.", messages.SUCCESS)

    @admin.action(description="Release: deliver the selected files")
    def release(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(request, queryset, upload_release, "file(s) released")

    @admin.action(description="Withhold: never deliver the selected files")
    def withhold(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(request, queryset, upload_withhold, "file(s) withheld")
