"""Telling users what matters in accounts (through notifications), after the deciding transaction commits."""
from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse


@shared_task
def send_identity_decision_email(*, request_id: int) -> None:
    """Tell the user staff approved or rejected their identity check (with the reviewer's note)."""
    from .models import IdentityVerificationRequest

    request_obj = IdentityVerificationRequest.objects.select_related("user").filter(pk=request_id).first()
    if request_obj is None or request_obj.status == IdentityVerificationRequest.Status.PENDING:
        return
    context = {
        "request_obj": request_obj,
        "user": request_obj.user,
        "approved": request_obj.status == IdentityVerificationRequest.Status.APPROVED,
        "site_name": settings.SITE_NAME,
        "identity_url": settings.SITE_URL.rstrip("/") + reverse("accounts:identity-verify"),
    }
    subject = " ".join(render_to_string("accounts/email/identity_decision_subject.txt", context).split())
    body = render_to_string("accounts/email/identity_decision_message.txt", context).strip()
    # In-app and by email from notifications, the one place that sends mail ("account" preference).
    from notifications.models import Kind
    from notifications.services import notify

    notify(user=request_obj.user, kind=Kind.ACCOUNT, title=subject, body=body,
           url=reverse("accounts:identity-verify"))
