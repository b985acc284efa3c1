"""The notification centre and the email settings."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .models import ALWAYS_EMAILED, Kind, Notification


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html",
                  {"page_obj": page, "unread": selectors.unread_count(user=request.user)})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read and go where it points (only our own paths)."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(user=request.user, notification_id=notification.pk)
    url = notification.url
    if url and url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_read(user=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read.")
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        chosen = {kind for kind in request.POST.getlist("email") if kind in Kind.values}
        services.preferences_save(user=request.user, email_kinds=chosen)
        messages.success(request, "Your email settings were saved.")
        return redirect("notifications:settings")
    on = selectors.email_kinds(user=request.user)
    return render(request, "notifications/settings.html",
                  {"kinds": [(kind, label, kind in on, kind in ALWAYS_EMAILED) for kind, label in Kind.choices]})
