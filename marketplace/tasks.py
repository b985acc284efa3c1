"""Emails for what matters in the marketplace. Enqueued on commit with ids (CONVENTIONS §4)."""
from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    context = {**context, "SITE_URL": settings.SITE_URL.rstrip("/"), "SITE_NAME": settings.SITE_NAME}
    body = render_to_string(template, context)
    send_mail(f"[{settings.SITE_NAME}] {subject}", body, settings.DEFAULT_FROM_EMAIL, [to])


@shared_task
def notify_proposal_received(*, proposal_id: int) -> None:
    """Tell the client a new proposal arrived on their job."""
    from .models import Proposal

    proposal = Proposal.objects.select_related("job__client", "freelancer").filter(pk=proposal_id).first()
    if proposal is None:
        return
    _send(
        to=proposal.job.client.email,
        subject=f"New proposal on “{proposal.job.title}”",
        template="marketplace/email/proposal_received.txt",
        context={"proposal": proposal, "job": proposal.job},
    )


@shared_task
def notify_proposal_status(*, proposal_id: int) -> None:
    """Tell the freelancer their proposal was shortlisted or declined."""
    from .models import Proposal

    proposal = Proposal.objects.select_related("job", "freelancer").filter(pk=proposal_id).first()
    if proposal is None or proposal.status not in (Proposal.Status.SHORTLISTED, Proposal.Status.DECLINED):
        return
    verb = "shortlisted" if proposal.status == Proposal.Status.SHORTLISTED else "declined"
    _send(
        to=proposal.freelancer.email,
        subject=f"Your proposal for “{proposal.job.title}” was {verb}",
        template="marketplace/email/proposal_status.txt",
        context={"proposal": proposal, "job": proposal.job, "verb": verb},
    )


@shared_task
def notify_invitation(*, invitation_id: int) -> None:
    """Tell the freelancer a client invited them to a job."""
    from .models import Invitation

    invitation = Invitation.objects.select_related("job__client", "freelancer").filter(pk=invitation_id).first()
    if invitation is None:
        return
    _send(
        to=invitation.freelancer.email,
        subject=f"You're invited to apply: “{invitation.job.title}”",
        template="marketplace/email/invitation.txt",
        context={"invitation": invitation, "job": invitation.job},
    )
