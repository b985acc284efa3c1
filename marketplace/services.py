"""Every write of the marketplace: jobs, proposals, invitations.

Transitions follow the models' TRANSITIONS through core.transitions: one service per move, a
conditional UPDATE (`... WHERE status=old`) so two concurrent moves cannot both win (SQLite ignores
row locks), and a StatusChange audit row. Services that write text open a trust write scope naming the
author and whether the text is on its way to anyone (a draft is not); the scope checks the text
(ContentBlocked carries the error) and records a refusal once, after the rollback (CONVENTIONS §6).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts.models import Skill, User
from core.transitions import transition
from trust.scope import writing
from trust.standing import ensure_can_act

from . import tasks
from .cache import job_list_changed
from .exceptions import InvalidTransition, NotAllowed
from .models import Category, Invitation, JobPost, Proposal, StatusChange

if TYPE_CHECKING:
    from celery import Task

    from trust.uploads.models import Upload
    from trust.uploads.services import Readable

logger = logging.getLogger(__name__)

M = TypeVar("M", JobPost, Proposal, Invitation)


# --- helpers ------------------------------------------------------------------------------------


def _target_kwargs(obj: models.Model) -> dict[str, models.Model]:
    if isinstance(obj, JobPost):
        return {"job": obj}
    if isinstance(obj, Proposal):
        return {"proposal": obj}
    return {"invitation": obj}


def _transition(obj: M, *, to: str, actor: User | None, **extra: Any) -> M:
    """Move `obj` to `to` if TRANSITIONS allow it and nobody moved it meanwhile (core.transitions);
    audit it."""
    model = type(obj)
    with transaction.atomic():
        move = transition(
            obj, to, by=actor, values=extra, error=InvalidTransition,
            refused=(
                f"This {model._meta.verbose_name} is {obj.get_status_display().lower()}; "
                f"it can't be {dict(model.Status.choices)[to].lower()} now."
            ),
            stale=(
                f"This {model._meta.verbose_name} was changed by someone else meanwhile. "
                "Reload the page and try again."
            ),
        )
        StatusChange.objects.create(from_status=move.from_value, to_status=to, actor=actor, **_target_kwargs(obj))
    if isinstance(obj, JobPost):
        transaction.on_commit(job_list_changed)
    return obj


def _save_unique(obj: models.Model, duplicate_message: str) -> None:
    """Save; a unique-constraint race (double submit) becomes the same error the pre-check gives."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ValidationError(duplicate_message)


def _on_commit(task: Task[..., None], **kwargs: int) -> None:
    transaction.on_commit(partial(task.delay, **kwargs))


def _require_job_owner(job: JobPost, user: User) -> None:
    if job.client_id != user.pk:
        raise NotAllowed("Only the client who posted this job can do that.")


def _require_client(user: User) -> None:
    if not user.is_client:
        raise NotAllowed("Only clients can post jobs. Add the client role to your profile first.")


# --- jobs ---------------------------------------------------------------------------------------


def job_create(
    *,
    client: User,
    title: str,
    description: str,
    category: Category,
    budget_type: str,
    budget_min_cents: int,
    budget_max_cents: int,
    skills: Iterable[Skill] = (),
    duration: str = JobPost.Duration.ONE_TO_THREE,
    experience_level: str = JobPost.Experience.INTERMEDIATE,
    visibility: str = JobPost.Visibility.PUBLIC,
    publish: bool = False,
) -> JobPost:
    """Create a draft job (published at once when `publish`). Only clients in good standing post jobs."""
    ensure_can_act(client, "job_post")
    _require_client(client)
    job = JobPost(
        client=client,
        title=title.strip(),
        description=description.strip(),
        category=category,
        budget_type=budget_type,
        budget_min_cents=budget_min_cents,
        budget_max_cents=budget_max_cents,
        duration=duration,
        experience_level=experience_level,
        visibility=visibility,
        status=JobPost.Status.DRAFT,
    )
    job.full_clean()
    # A draft is seen by nobody: refused without a strike. Publishing at once is on its way out.
    with writing(author=client, context="job_post", delivered=publish) as scope:
        scope.check(title=job.title, description=job.description)
        with transaction.atomic():
            job.save()
            job.skills.set(list(skills))
    if publish:
        job = job_publish(job=job, actor=client)
    return job


_JOB_EDITABLE = ("title", "description", "category", "budget_type", "budget_min_cents", "budget_max_cents",
                 "duration", "experience_level", "visibility")


def job_update(
    *, job: JobPost, actor: User, skills: Iterable[Skill] | None = None, publishing: bool = False, **changes: Any
) -> JobPost:
    """Edit a job's terms. Filled jobs are history and stay as they were hired on. A draft's text is
    seen by nobody (refused without a strike) unless it is being published (`publishing`)."""
    ensure_can_act(actor, "job_post")
    _require_job_owner(job, actor)
    if job.status == JobPost.Status.FILLED:
        raise InvalidTransition("This job has been filled; it can't be edited. Reopen it first.")
    unknown = set(changes) - set(_JOB_EDITABLE)
    if unknown:
        raise TypeError(f"job_update() got unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(job, name, value.strip() if isinstance(value, str) else value)
    job.full_clean()
    delivered = publishing or job.status != JobPost.Status.DRAFT
    with writing(author=actor, context="job_post", delivered=delivered) as scope:
        scope.check(title=job.title, description=job.description)
        with transaction.atomic():
            job.save()
            if skills is not None:
                job.skills.set(list(skills))
            transaction.on_commit(job_list_changed)
    return job


def job_publish(*, job: JobPost, actor: User) -> JobPost:
    """Draft -> open: the job becomes visible (to everyone, or to invited freelancers if invite-only)."""
    ensure_can_act(actor, "job_post")
    _require_job_owner(job, actor)
    return _transition(job, to=JobPost.Status.OPEN, actor=actor, published_at=timezone.now())


def job_close(*, job: JobPost, actor: User) -> JobPost:
    """Open -> closed: no new proposals; existing ones stay readable."""
    _require_job_owner(job, actor)
    return _transition(job, to=JobPost.Status.CLOSED, actor=actor)


def job_reopen(*, job: JobPost, actor: User) -> JobPost:
    """Closed/filled -> open: accept proposals again (e.g. to hire a second freelancer)."""
    ensure_can_act(actor, "job_post")
    _require_job_owner(job, actor)
    return _transition(job, to=JobPost.Status.OPEN, actor=actor)


def job_fill(*, job: JobPost, actor: User) -> JobPost:
    """Open -> filled. Called by contracts on hire when the client says the job needs nobody else."""
    _require_job_owner(job, actor)
    return _transition(job, to=JobPost.Status.FILLED, actor=actor)


# --- proposals ----------------------------------------------------------------------------------


def _attachment_accept(attachment: Readable, *, freelancer: User, job: JobPost) -> Upload:
    """Stored by trust's pipeline (checked now, read and scanned after commit; the client sees it
    once clean). Call inside the write's transaction: a refused proposal leaves no upload."""
    from trust.uploads.services import upload_accept

    return upload_accept(file=attachment, use="proposal_attachment", owner=freelancer, counterpart=job.client)


def proposal_submit(
    *,
    job: JobPost,
    freelancer: User,
    cover_letter: str,
    bid_cents: int,
    duration: str,
    attachment: Readable | None = None,
) -> Proposal:
    """Send a proposal. One live proposal per job per freelancer; the job must be open and visible to
    them (invite-only jobs need an invitation). A pending invitation for the job counts as accepted.
    Raises ContentBlocked (field "original_name") when the attachment's name carries contact details;
    its content is scanned after commit (trust.uploads)."""
    ensure_can_act(freelancer, "proposal")
    if not freelancer.is_freelancer:
        raise NotAllowed("Only freelancers can send proposals. Add the freelancer role to your profile first.")
    if job.client_id == freelancer.pk:
        raise NotAllowed("You can't send a proposal to your own job.")
    invitation = Invitation.objects.filter(job=job, freelancer=freelancer).first()
    if job.status == JobPost.Status.DRAFT:
        raise NotAllowed("This job isn't published.")
    if job.visibility == JobPost.Visibility.INVITE_ONLY and (
        invitation is None or invitation.status == Invitation.Status.DECLINED
    ):
        raise NotAllowed("This job is by invitation only.")
    if job.status != JobPost.Status.OPEN:
        raise ValidationError("This job is no longer accepting proposals.")
    if Proposal.objects.filter(job=job, freelancer=freelancer).exclude(status=Proposal.Status.WITHDRAWN).exists():
        raise ValidationError("You have already sent a proposal for this job. You can view or withdraw it.")

    proposal = Proposal(
        job=job,
        freelancer=freelancer,
        cover_letter=cover_letter.strip(),
        bid_cents=bid_cents,
        duration=duration,
    )
    proposal.full_clean()
    with writing(author=freelancer, counterpart=job.client, context="proposal", target=job) as scope:
        scope.check(cover_letter=proposal.cover_letter)
        with transaction.atomic():
            if attachment:
                proposal.attachment = _attachment_accept(attachment, freelancer=freelancer, job=job)
            _save_unique(proposal, "You have already sent a proposal for this job.")
            if invitation is not None and invitation.status == Invitation.Status.PENDING:
                _transition(invitation, to=Invitation.Status.ACCEPTED, actor=freelancer)
    _on_commit(tasks.notify_proposal_received, proposal_id=proposal.pk)
    return proposal


def proposal_update(
    *,
    proposal: Proposal,
    actor: User,
    cover_letter: str,
    bid_cents: int,
    duration: str,
    attachment: Readable | None = None,
    remove_attachment: bool = False,
) -> Proposal:
    """Edit a proposal while the client hasn't opened it yet (`is_editable`)."""
    ensure_can_act(actor, "proposal")
    if proposal.freelancer_id != actor.pk:
        raise NotAllowed("You can only edit your own proposals.")
    if not proposal.is_editable:
        raise InvalidTransition("The client has already seen this proposal, so it can't be edited any more.")
    proposal.cover_letter = cover_letter.strip()
    proposal.bid_cents = bid_cents
    proposal.duration = duration
    if remove_attachment and not attachment:
        proposal.attachment = None
    proposal.full_clean()
    with writing(author=actor, counterpart=proposal.job.client, context="proposal", target=proposal) as scope:
        scope.check(cover_letter=proposal.cover_letter)
        with transaction.atomic():
            if attachment:
                proposal.attachment = _attachment_accept(attachment, freelancer=actor, job=proposal.job)
            # Conditional: the client may have opened it between our check and this save.
            if not Proposal.objects.filter(pk=proposal.pk, viewed_at__isnull=True,
                                           status=Proposal.Status.SUBMITTED).exists():
                raise InvalidTransition("The client has just opened this proposal, so it can't be edited any more.")
            proposal.save()
    return proposal


def proposal_withdraw(*, proposal: Proposal, actor: User) -> Proposal:
    """The freelancer takes the proposal back; they may send a new one later while the job is open."""
    if proposal.freelancer_id != actor.pk:
        raise NotAllowed("You can only withdraw your own proposals.")
    return _transition(proposal, to=Proposal.Status.WITHDRAWN, actor=actor)


def proposal_mark_viewed(*, proposal: Proposal, actor: User) -> Proposal:
    """Record the first time the job's owner opens the proposal; from then on it is no longer editable."""
    if proposal.job.client_id != actor.pk or proposal.viewed_at is not None:
        return proposal
    now = timezone.now()
    if Proposal.objects.filter(pk=proposal.pk, viewed_at__isnull=True).update(viewed_at=now) == 1:
        proposal.viewed_at = now
    return proposal


def _client_moves_proposal(proposal: Proposal, *, actor: User, to: str, tell_freelancer: bool) -> Proposal:
    _require_job_owner(proposal.job, actor)
    proposal = _transition(proposal, to=to, actor=actor)
    if tell_freelancer:
        _on_commit(tasks.notify_proposal_status, proposal_id=proposal.pk)
    return proposal


def proposal_shortlist(*, proposal: Proposal, actor: User) -> Proposal:
    """The client marks a favourite; the freelancer is told (a good reason to keep their proposal alive)."""
    return _client_moves_proposal(proposal, actor=actor, to=Proposal.Status.SHORTLISTED, tell_freelancer=True)


def proposal_unshortlist(*, proposal: Proposal, actor: User) -> Proposal:
    """Shortlisted or archived -> back to the plain submitted pile (silently)."""
    return _client_moves_proposal(proposal, actor=actor, to=Proposal.Status.SUBMITTED, tell_freelancer=False)


def proposal_decline(*, proposal: Proposal, actor: User) -> Proposal:
    """Final: the freelancer is told, and can't be hired from this proposal."""
    return _client_moves_proposal(proposal, actor=actor, to=Proposal.Status.DECLINED, tell_freelancer=True)


def proposal_archive(*, proposal: Proposal, actor: User) -> Proposal:
    """Hide from the client's main list without telling the freelancer."""
    return _client_moves_proposal(proposal, actor=actor, to=Proposal.Status.ARCHIVED, tell_freelancer=False)


def proposal_hire(*, proposal: Proposal, actor: User) -> Proposal:
    """Called by contracts when an offer made from this proposal is accepted. `actor` is the person who
    caused the hire (the freelancer accepting, or the client)."""
    if actor.pk not in (proposal.freelancer_id, proposal.job.client_id):
        raise NotAllowed("Only the client or the freelancer of this proposal can hire from it.")
    return _transition(proposal, to=Proposal.Status.HIRED, actor=actor)


# --- invitations --------------------------------------------------------------------------------


def invitation_create(*, job: JobPost, freelancer: User, actor: User, message: str = "") -> Invitation:
    """A client invites a freelancer to one of their open jobs; the freelancer gets an email."""
    ensure_can_act(actor, "job_post")
    _require_job_owner(job, actor)
    if not freelancer.is_freelancer or not freelancer.is_active:
        raise NotAllowed("You can only invite freelancers.")
    if freelancer.pk == actor.pk:
        raise NotAllowed("You can't invite yourself.")
    if job.status != JobPost.Status.OPEN:
        raise ValidationError("Only open jobs take invitations. Publish or reopen the job first.")
    if Invitation.objects.filter(job=job, freelancer=freelancer).exists():
        raise ValidationError(f"{freelancer.display_name} has already been invited to this job.")
    if Proposal.objects.filter(job=job, freelancer=freelancer).exclude(status=Proposal.Status.WITHDRAWN).exists():
        raise ValidationError(f"{freelancer.display_name} has already sent a proposal for this job.")
    invitation = Invitation(job=job, freelancer=freelancer, message=message.strip())
    invitation.full_clean()
    with writing(author=actor, counterpart=freelancer, context="invitation", target=job) as scope:
        scope.check(message=invitation.message)
        with transaction.atomic():
            _save_unique(invitation, f"{freelancer.display_name} has already been invited to this job.")
    _on_commit(tasks.notify_invitation, invitation_id=invitation.pk)
    return invitation


def invitation_accept(*, invitation: Invitation, actor: User) -> Invitation:
    """The freelancer is interested; the next step is their proposal (which also accepts a pending invite)."""
    if invitation.freelancer_id != actor.pk:
        raise NotAllowed("This invitation is not for you.")
    return _transition(invitation, to=Invitation.Status.ACCEPTED, actor=actor)


def invitation_decline(*, invitation: Invitation, actor: User) -> Invitation:
    if invitation.freelancer_id != actor.pk:
        raise NotAllowed("This invitation is not for you.")
    return _transition(invitation, to=Invitation.Status.DECLINED, actor=actor)
