"""Notifications for what matters in the marketplace (in-app, live badge and, by the user's
preferences, email: the notifications module). Enqueued on commit with ids (CONVENTIONS §4)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from celery import shared_task
from django.urls import reverse

from marketplace.templatetags.money import cents
from notifications.models import Kind
from notifications.services import notify

if TYPE_CHECKING:
    from accounts.models import User


def _send(*, user: User, kind: str, subject: str, body: str, url: str) -> None:
    notify(user=user, kind=kind, title=subject, body=body, url=url)


@shared_task
def notify_proposal_received(*, proposal_id: int) -> None:
    """Tell the client a new proposal arrived on their job."""
    from .models import Proposal

    proposal = Proposal.objects.select_related("job__client", "freelancer").filter(pk=proposal_id).first()
    if proposal is None:
        return
    _send(
        user=proposal.job.client,
        kind=Kind.PROPOSAL_RECEIVED,
        subject=f"New proposal on “{proposal.job.title}”",
        body=f"{proposal.freelancer.display_name} bid {cents(proposal.bid_cents)}"
        f"{' per hour' if proposal.job.budget_type == 'hourly' else ''} ({proposal.get_duration_display()}).",
        url=reverse("marketplace:proposal-detail", args=[proposal.pk]),
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
        user=proposal.freelancer,
        kind=Kind.PROPOSAL_STATUS,
        subject=f"Your proposal for “{proposal.job.title}” was {verb}",
        body=f"The client {verb} your proposal." + (" They may message you soon." if verb == "shortlisted" else ""),
        url=reverse("marketplace:proposal-detail", args=[proposal.pk]),
    )


@shared_task
def notify_invitation(*, invitation_id: int) -> None:
    """Tell the freelancer a client invited them to a job."""
    from .models import Invitation

    invitation = Invitation.objects.select_related("job__client", "freelancer").filter(pk=invitation_id).first()
    if invitation is None:
        return
    _send(
        user=invitation.freelancer,
        kind=Kind.INVITATION,
        subject=f"You're invited to apply: “{invitation.job.title}”",
        body=f"{invitation.job.client.display_name} invited you to send a proposal."
        + (f" “{invitation.message}”" if invitation.message else ""),
        url=reverse("marketplace:job-detail", args=[invitation.job_id]),
    )


@shared_task
def send_job_alerts() -> int:
    """Daily (beat): each user's digest of new jobs matching their saved searches."""
    from .saved_searches import send_alerts

    return send_alerts()
