"""The operators' screens: the flag review queue, sanctions, appeals, reports, the audit log, and
users with their standing. Every decision calls a trust service, which writes the audit log; actions
that need a reason ask for it on an intermediate page."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, QuerySet, Subquery, Sum, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from trust import selectors, services
from trust.adminguard import staff_of as _staff
from trust.forms import AppealDecisionForm, OptionalReasonForm, ReasonForm, SuspendForm
from trust.models import Appeal, AuditLog, Flag, Report, Sanction, SanctionQuerySet, Strike
from trust.registry import context_lines
from trust.services.sanctions import strike_weight
from trust.templatetags.trust_tags import highlight_findings

if TYPE_CHECKING:
    from trust.types import User

_T = TypeVar("_T")


def _snapshot(flag: Flag) -> list[tuple[str, str, datetime | None]] | None:
    """The conversation as it was when the text was refused (stored on the flag), else None."""
    lines = flag.extra.get("snapshot") if isinstance(flag.extra, dict) else None
    if not lines:
        return None
    from django.utils.dateparse import parse_datetime

    return [(line.get("author", ""), line.get("text", ""), parse_datetime(line["created_at"])
             if line.get("created_at") else None) for line in lines]


def _admin_link(obj: models.Model | None, label: str | None = None) -> str:
    if obj is None:
        return "—"
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label or str(obj))


def _run(
    model_admin: admin.ModelAdmin, request: HttpRequest, objects: Iterable[_T], fn: Callable[[_T], object], done: str
) -> int:
    """Call a service per object; report successes and each refusal (InvalidTransition, ValidationError)."""
    count = 0
    for obj in objects:
        try:
            fn(obj)
        except ValidationError as error:
            model_admin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
        else:
            count += 1
    if count:
        model_admin.message_user(request, f"{count} {done}.", messages.SUCCESS)
    return count


def _reason_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    form_class: type[forms.Form],
    title: str,
    apply: Callable[[forms.Form], None],
    intro: str = "",
) -> TemplateResponse | None:
    """The intermediate page of an admin action: ask why, then apply to the selection."""
    if "apply" in request.POST:
        form = form_class(request.POST)
        if form.is_valid():
            apply(form)
            return None
    else:
        form = form_class()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "opts": model_admin.model._meta,
        "queryset": queryset,
        "form": form,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
        "index": request.POST.get("index", "0"),
    }
    return TemplateResponse(request, "admin/trust/action_reason.html", context)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Evidence and decisions change only through services (CONVENTIONS §12)."""

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None) -> list[str]:
        return [f.name for f in self.model._meta.fields] + list(self.readonly_fields)


OPEN_FLAG_STATUSES = [Flag.Status.PENDING, Flag.Status.ESCALATED]


# --- flags ---------------------------------------------------------------------------------------


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user_link", "kind", "excerpt", "context", "confidence_pct", "source", "status"]
    list_filter = ["status", "kind", "source", "context", ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "original_text"]
    date_hierarchy = "created_at"
    actions = ["confirm_flags", "dismiss_flags", "escalate_flags"]
    change_form_template = "admin/trust/flag/change_form.html"
    change_list_template = "admin/trust/flag/change_list.html"
    fieldsets = (
        (None, {"fields": ("status", "source", "kind", "context", "confidence", "attempts", "created_at")}),
        ("Who", {"fields": ("user", "counterpart", "target_link", "field_name")}),
        ("Decision", {"fields": ("reviewer", "decided_at", "decision_note")}),
    )
    readonly_fields = ["target_link"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("user", "reviewer", "counterpart", "content_type")

    @admin.display(description="User", ordering="user__email")
    def user_link(self, obj: Flag) -> str:
        if obj.user is None:
            return obj.extra.get("author", "—") if isinstance(obj.extra, dict) else "—"
        return format_html("{} <span class='small'>&lt;{}&gt;</span>", obj.user.display_name, obj.user.email)

    @admin.display(description="Text")
    def excerpt(self, obj: Flag) -> str:
        """The first finding with a little context around it, so the queue can be skimmed."""
        text = obj.original_text or ""
        first = obj.findings[0] if obj.findings else None
        if not first:
            return text[:80] + ("…" if len(text) > 80 else "")
        start, end = int(first.get("start", 0)), int(first.get("end", 0))
        lo, hi = max(0, start - 30), min(len(text), end + 30)
        return format_html(
            "{}{}<mark class='finding'>{}</mark>{}{}", "…" if lo else "", text[lo:start], text[start:end],
            text[end:hi], "…" if hi < len(text) else "",
        )

    @admin.display(description="Confidence", ordering="confidence")
    def confidence_pct(self, obj: Flag) -> str:
        return f"{obj.confidence:.0%}"

    @admin.display(description="Target")
    def target_link(self, obj: Flag) -> str:
        target = obj.target if obj.content_type_id else None
        if target is None:
            return "— (never saved)" if obj.source == Flag.Source.AUTOMATIC else "— (deleted)"
        try:
            return _admin_link(target, f"{target._meta.verbose_name}: {target}")
        except Exception:  # no admin registered for that model
            return f"{target._meta.verbose_name}: {target}"

    # The review screen ------------------------------------------------------------------------

    def get_urls(self) -> list:
        urls = super().get_urls()
        decide = self.admin_site.admin_view(self.decide_view)
        return [path("<int:object_id>/decide/", decide, name="trust_flag_decide"), *urls]

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None):
        flag = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if flag is not None:
            target = flag.target if flag.content_type_id else None
            extra.update(
                flag=flag,
                evidence_html=highlight_findings(flag.original_text, flag.findings),
                preceding=flag.extra.get("preceding", []) if isinstance(flag.extra, dict) else [],
                conversation=_snapshot(flag) if _snapshot(flag) is not None else context_lines(target),
                conversation_is_snapshot=_snapshot(flag) is not None,
                kinds=Flag.Kind.choices,
                weight=strike_weight(flag),
                history=selectors.flag_history(user=flag.user, exclude_pk=flag.pk) if flag.user_id else None,
                decide_url=reverse("admin:trust_flag_decide", args=[flag.pk]),
                can_decide=flag.is_open and self.has_change_permission(request, flag),
                report=Report.objects.filter(flag=flag).select_related("reporter").first(),
                title="Review flag",
                confirm_preview=self._confirm_preview(flag),
                # Evidence is read-only: decisions go through the buttons above, never "Save".
                show_save=False, show_save_and_continue=False, show_save_and_add_another=False,
                show_delete=False,
            )
        return super().change_view(request, object_id, form_url, extra_context=extra)

    @staticmethod
    def _confirm_preview(flag: Flag) -> str:
        """What "Confirm" will do to this user, so the reviewer decides knowing the consequence."""
        if not flag.is_open or flag.user_id is None:
            return ""
        from trust.standing import active_points

        weight = strike_weight(flag)
        before = active_points(flag.user)
        steps = services.ladder_steps(before, before + weight)
        labels = ", ".join(str(Sanction.Kind(step["action"]).label).lower() for step in steps) or "no new sanction"
        return (
            f"Confirming adds {weight} strike point{'s' if weight != 1 else ''} "
            f"({before} → {before + weight} active) and applies: {labels}."
        )

    def decide_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The buttons on the review screen: confirm / dismiss / escalate with a note."""
        flag = get_object_or_404(Flag, pk=object_id)
        if request.method != "POST" or not self.has_change_permission(request, flag):
            raise PermissionDenied
        decision = request.POST.get("decision", "")
        note = request.POST.get("note", "").strip()
        change_url = reverse("admin:trust_flag_change", args=[flag.pk])
        try:
            if decision == "confirm":
                # The reviewer may reclassify first: a report's chosen reason is only a hint.
                kind = request.POST.get("kind") or None
                weight_raw = request.POST.get("weight", "").strip()
                try:
                    weight = int(weight_raw) if weight_raw else None
                except ValueError:
                    raise ValidationError("The weight is a whole number of points.")
                services.flag_confirm(flag=flag, reviewer=_staff(request), note=note, kind=kind, weight=weight)
                self.message_user(request, "Flag confirmed: strike added, ladder applied.", messages.SUCCESS)
            elif decision == "dismiss":
                services.flag_dismiss(flag=flag, reviewer=_staff(request), note=note)
                self.message_user(request, "Dismissed as a false positive (kept as an example).", messages.SUCCESS)
            elif decision == "escalate":
                if not note:
                    raise ValidationError("Say why it needs escalating.")
                services.flag_escalate(flag=flag, reviewer=_staff(request), note=note)
                self.message_user(request, "Escalated.", messages.SUCCESS)
            else:
                raise ValidationError("Choose confirm, dismiss or escalate.")
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(change_url)
        following = Flag.objects.filter(status=Flag.Status.PENDING).order_by("created_at").first()
        if following is not None and "_next" in request.POST:
            return HttpResponseRedirect(reverse("admin:trust_flag_change", args=[following.pk]))
        return HttpResponseRedirect(change_url)

    # List actions ------------------------------------------------------------------------------

    def _decide_selected(
        self, request: HttpRequest, queryset: QuerySet, *, service: Callable[..., Flag], statuses: Sequence[str],
        form_class: type[forms.Form], title: str, done: str, intro: str = "",
    ) -> TemplateResponse | None:
        """The three review actions differ only in service, eligible statuses and wording."""
        eligible = queryset.filter(status__in=statuses)

        def apply(form: forms.Form) -> None:
            note = form.cleaned_data["reason"]
            _run(self, request, eligible, lambda f: service(flag=f, reviewer=_staff(request), note=note), done)

        return _reason_page(self, request, eligible, form_class=form_class, title=title, apply=apply, intro=intro)

    @admin.action(description="Confirm selected flags (strike + ladder)", permissions=["change"])
    def confirm_flags(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        return self._decide_selected(
            request, queryset, service=services.flag_confirm, statuses=OPEN_FLAG_STATUSES,
            form_class=OptionalReasonForm, title="Confirm flags", done="flag(s) confirmed",
            intro="Each confirmed flag adds a strike and applies the next ladder step.",
        )

    @admin.action(description="Dismiss selected flags as false positives", permissions=["change"])
    def dismiss_flags(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        return self._decide_selected(
            request, queryset, service=services.flag_dismiss, statuses=OPEN_FLAG_STATUSES,
            form_class=OptionalReasonForm, title="Dismiss flags", done="flag(s) dismissed",
            intro="No strike. The texts are kept as labelled false positives.",
        )

    @admin.action(description="Escalate selected flags", permissions=["change"])
    def escalate_flags(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        return self._decide_selected(
            request, queryset, service=services.flag_escalate, statuses=[Flag.Status.PENDING],
            form_class=ReasonForm, title="Escalate flags", done="flag(s) escalated",
        )


# --- strikes, sanctions, appeals, reports, audit log ------------------------------------------


class ActiveFilter(admin.SimpleListFilter):
    title = "in force"
    parameter_name = "in_force"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "In force"), ("no", "Ended or lifted")]

    def queryset(self, request: HttpRequest, queryset: SanctionQuerySet) -> QuerySet:  # type: ignore[override]
        if self.value() == "yes":
            return queryset.active()
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.active().values("pk"))
        return queryset


@admin.register(Strike)
class StrikeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "weight", "expires_at", "is_active", "flag_link"]
    list_select_related = ["user", "flag"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    date_hierarchy = "created_at"

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    @admin.display(description="Active", boolean=True)
    def is_active(self, obj: Strike) -> bool:
        return obj.is_active

    @admin.display(description="Flag")
    def flag_link(self, obj: Strike) -> str:
        return _admin_link(obj.flag)


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdmin):
    list_display = ["starts_at", "user", "kind", "ends_at", "in_force", "lifted_at", "lifted_by"]
    list_filter = [ActiveFilter, "kind", ("starts_at", admin.DateFieldListFilter)]
    list_select_related = ["user", "lifted_by"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "reason"]
    actions = ["lift_sanctions"]

    @admin.display(description="In force", boolean=True)
    def in_force(self, obj: Sanction) -> bool:
        return obj.is_active

    @admin.action(description="Lift selected sanctions (with a reason)", permissions=["change"])
    def lift_sanctions(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        liftable = queryset.filter(lifted_at__isnull=True)

        def apply(form: forms.Form) -> None:
            _run(self, request, liftable, lambda s: services.sanction_lift(
                sanction=s, actor=_staff(request), reason=form.cleaned_data["reason"]), "sanction(s) lifted")

        return _reason_page(self, request, liftable, form_class=ReasonForm, title="Lift sanctions", apply=apply,
                            intro="The user is emailed; the reason is shown on their standing page.")


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "sanction_kind", "status", "decided_by", "decided_at"]
    list_filter = ["status", ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["user", "sanction", "decided_by"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "message"]
    actions = ["decide_appeals"]

    @admin.display(description="Sanction", ordering="sanction__kind")
    def sanction_kind(self, obj: Appeal) -> str:
        return _admin_link(obj.sanction, obj.sanction.get_kind_display())

    @admin.action(description="Decide selected appeals", permissions=["change"])
    def decide_appeals(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        pending = queryset.filter(status=Appeal.Status.PENDING).select_related("sanction")

        def apply(form: forms.Form) -> None:
            grant = form.cleaned_data["decision"] == "grant"
            _run(self, request, pending, lambda a: services.appeal_decide(
                appeal=a, actor=_staff(request), grant=grant, note=form.cleaned_data["reason"]), "appeal(s) decided")

        return _reason_page(self, request, pending, form_class=AppealDecisionForm, title="Decide appeals",
                            apply=apply, intro="The user is emailed the decision text.")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "reason", "reported_user", "reporter", "flag_link", "is_open"]
    list_filter = ["reason", "is_open", ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["reporter", "reported_user", "flag"]
    search_fields = ["reporter__email", "reported_user__email", "note"]

    @admin.display(description="Flag")
    def flag_link(self, obj: Report) -> str:
        return _admin_link(obj.flag, f"#{obj.flag_id} {obj.flag.get_status_display()}")


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Append-only: viewable, never added, changed or deleted here."""

    list_display = ["created_at", "actor", "action", "target_repr", "reason"]
    list_filter = ["action", ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["actor"]
    search_fields = ["actor__email", "action", "target_repr", "reason"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None) -> list[str]:
        return [f.name for f in AuditLog._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


# --- users with their standing -----------------------------------------------------------------


class StrikeInline(admin.TabularInline):
    model = Strike
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ("created_at", "weight", "expires_at", "flag",)
    readonly_fields = fields
    show_change_link = True
    ordering = ["-created_at"]

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class SanctionInline(admin.TabularInline):
    model = Sanction
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ("kind", "starts_at", "ends_at", "lifted_at", "reason",)
    readonly_fields = fields
    show_change_link = True
    ordering = ["-starts_at"]

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class StandingFilter(admin.SimpleListFilter):
    title = "standing"
    parameter_name = "standing"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [
            ("sanctioned", "Under a sanction"),
            ("restricted", "Restricted or suspended"),
            ("strikes", "With active strikes"),
            ("clean", "No active strikes"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        now = timezone.now()
        active = Sanction.objects.active().filter(user=OuterRef("pk"))
        strikes = Strike.objects.filter(user=OuterRef("pk"), expires_at__gt=now)
        if self.value() == "sanctioned":
            return queryset.filter(Exists(active.exclude(kind=Sanction.Kind.WARNING)))
        if self.value() == "restricted":
            return queryset.filter(Exists(active.filter(kind__in=["restriction", "suspension"])))
        if self.value() == "strikes":
            return queryset.filter(Exists(strikes))
        if self.value() == "clean":
            return queryset.exclude(Exists(strikes))
        return queryset


class UserStandingAdmin:
    """Mixin for the user model's admin (accounts.admin.UserAdmin inherits it; trust imports no app):
    standing columns and filter, strikes and sanctions inline, and a suspend action."""

    standing_list_display = ["strike_points", "active_sanction"]
    standing_list_filter = [StandingFilter]
    standing_inlines = [StrikeInline, SanctionInline]
    standing_actions = ["suspend_users"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        now = timezone.now()
        points = (
            Strike.objects.filter(user=OuterRef("pk"), expires_at__gt=now)
            .values("user").annotate(total=Sum("weight")).values("total")
        )
        # The heaviest sanction in force (suspension before restriction before badge loss), in the same query.
        current = (
            Sanction.objects.active(now).filter(user=OuterRef("pk")).exclude(kind=Sanction.Kind.WARNING)
            .annotate(rank=Case(
                When(kind=Sanction.Kind.SUSPENSION, then=Value(0)),
                When(kind=Sanction.Kind.RESTRICTION, then=Value(1)),
                default=Value(2),
            ))
            .order_by("rank", "-starts_at")
        )
        return super().get_queryset(request).annotate(  # type: ignore[misc]
            trust_points=Subquery(points),
            trust_sanction_kind=Subquery(current.values("kind")[:1]),
            trust_sanction_ends_at=Subquery(current.values("ends_at")[:1]),
        )

    @admin.display(description="Strike points", ordering="trust_points")
    def strike_points(self, obj: User) -> int:
        return getattr(obj, "trust_points", None) or 0

    @admin.display(description="Sanction in force")
    def active_sanction(self, obj: User) -> str:
        kind = getattr(obj, "trust_sanction_kind", None)
        if not kind:
            return "—"
        ends_at = getattr(obj, "trust_sanction_ends_at", None)
        until = f" until {ends_at:%Y-%m-%d}" if ends_at else " (until lifted)"
        return f"{Sanction.Kind(kind).label}{until}"

    @admin.action(description="Suspend selected users (with a reason)", permissions=["change"])
    def suspend_users(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        def apply(form: forms.Form) -> None:
            _run(self, request, queryset, lambda u: services.user_suspend(  # type: ignore[arg-type]  # a ModelAdmin mixin
                user=u, actor=_staff(request), reason=form.cleaned_data["reason"], days=form.cleaned_data["days"]),
                "user(s) suspended and signed out")

        return _reason_page(self, request, queryset, form_class=SuspendForm, title="Suspend users",  # type: ignore[arg-type]
                            apply=apply,
                            intro="Suspended users are signed out everywhere and can't log in. They are emailed.")


from trust.uploads import admin as _uploads_admin  # noqa: E402,F401  (registers UploadAdmin)
