"""Operator screens. Status moves go through the services (actions); text edits pass the trust guard."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from trust.adminguard import GuardedAdmin

from . import services
from .exceptions import MarketplaceError
from .models import Category, Invitation, JobPost, Proposal, StatusChange

M = TypeVar("M", bound=models.Model)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fields = ("created_at", "from_status", "to_status", "actor",)
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def _run_each(request: HttpRequest, queryset: QuerySet[M], action: Callable[[M], object], done: str) -> None:
    ok = 0
    for obj in queryset:
        try:
            action(obj)
        except MarketplaceError as exc:
            messages.warning(request, f"{obj}: {exc.message}")
        else:
            ok += 1
    if ok:
        messages.success(request, f"{ok} {done}.")


@admin.register(JobPost)
class JobPostAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ["title", "client", "status", "visibility", "budget_type", "budget_min_cents", "published_at"]
    list_filter = ["status", "visibility", "budget_type", "experience_level", "category"]
    search_fields = ["title", "client__email"]
    list_select_related = ["client", "category"]
    raw_id_fields = ["client"]
    filter_horizontal = ["skills"]
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [StatusChangeInline]
    actions = ["close_jobs"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).defer("search_vector")

    @admin.action(description="Close selected jobs (stop new proposals)")
    def close_jobs(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run_each(request, queryset.select_related("client"),
                  lambda job: services.job_close(job=job, actor=job.client), "jobs closed")


@admin.register(Proposal)
class ProposalAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ["__str__", "status", "bid_cents", "created_at", "viewed_at"]
    list_filter = ["status"]
    search_fields = ["job__title", "freelancer__email"]
    list_select_related = ["job", "freelancer"]
    raw_id_fields = ["job", "freelancer"]
    readonly_fields = ["status", "viewed_at", "attachment", "created_at", "updated_at"]
    inlines = [StatusChangeInline]


@admin.register(Invitation)
class InvitationAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ["__str__", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["job__title", "freelancer__email"]
    list_select_related = ["job", "freelancer"]
    raw_id_fields = ["job", "freelancer"]
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [StatusChangeInline]
