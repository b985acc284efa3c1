from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace import services
from marketplace.exceptions import InvalidTransition, NotAllowed
from marketplace.models import Invitation, JobPost, Proposal, StatusChange
from trust.exceptions import ContentBlocked, UserRestricted

pytestmark = pytest.mark.django_db


# --- jobs ---------------------------------------------------------------------------------------


def test_job_create_makes_draft_with_skills(make_job, django_skill, figma_skill):
    job = make_job(publish=False, skills=[django_skill, figma_skill])
    assert job.status == JobPost.Status.DRAFT
    assert job.published_at is None
    assert set(job.skills.values_list("slug", flat=True)) == {"django", "figma"}


def test_job_create_publish_opens_and_stamps(make_job):
    job = make_job(publish=True)
    job.refresh_from_db()
    assert job.status == JobPost.Status.OPEN
    assert job.published_at is not None
    assert StatusChange.objects.filter(job=job, from_status="draft", to_status="open").count() == 1


def test_job_create_refuses_non_clients(make_job, freelancer_user):
    with pytest.raises(NotAllowed):
        make_job(client=freelancer_user)
    assert not JobPost.objects.exists()


def test_job_create_refuses_bad_budget_range(make_job):
    with pytest.raises(ValidationError):
        make_job(budget_min_cents=50_000, budget_max_cents=10_000)


def test_job_create_blocks_contact_details_and_saves_nothing(make_job):
    with pytest.raises(ContentBlocked):
        make_job(description="Email me at boss@gmail.com for details")
    assert not JobPost.objects.exists()


def test_job_create_checks_standing_first(make_job, monkeypatch):
    def restricted(user, action):
        if action == "job_post":
            raise UserRestricted("You can't post jobs until Friday.")

    monkeypatch.setattr(services, "ensure_can_act", restricted)
    with pytest.raises(UserRestricted):
        make_job()
    assert not JobPost.objects.exists()


def test_job_update_changes_terms_and_skills(open_job, client_user, figma_skill):
    services.job_update(job=open_job, actor=client_user, title="Build a better booking website",
                        budget_min_cents=200_000, budget_max_cents=200_000, skills=[figma_skill])
    open_job.refresh_from_db()
    assert open_job.title == "Build a better booking website"
    assert open_job.budget_min_cents == 200_000
    assert list(open_job.skills.values_list("slug", flat=True)) == ["figma"]


def test_job_update_only_owner(open_job, other_client):
    with pytest.raises(NotAllowed):
        services.job_update(job=open_job, actor=other_client, title="Hijacked")


def test_job_update_refused_when_filled(open_job, client_user):
    services.job_fill(job=open_job, actor=client_user)
    with pytest.raises(InvalidTransition):
        services.job_update(job=open_job, actor=client_user, title="Too late")


def test_job_state_machine_close_reopen_fill(open_job, client_user):
    services.job_close(job=open_job, actor=client_user)
    assert JobPost.objects.get(pk=open_job.pk).status == "closed"
    with pytest.raises(InvalidTransition):
        services.job_fill(job=open_job, actor=client_user)
    services.job_reopen(job=open_job, actor=client_user)
    services.job_fill(job=open_job, actor=client_user)
    assert JobPost.objects.get(pk=open_job.pk).status == "filled"
    moves = list(StatusChange.objects.filter(job=open_job).order_by("pk").values_list("from_status", "to_status"))
    assert moves == [("draft", "open"), ("open", "closed"), ("closed", "open"), ("open", "filled")]


def test_job_publish_twice_is_invalid(open_job, client_user):
    with pytest.raises(InvalidTransition):
        services.job_publish(job=open_job, actor=client_user)


def test_job_transition_loses_to_concurrent_change(open_job, client_user):
    stale = JobPost.objects.get(pk=open_job.pk)
    services.job_close(job=open_job, actor=client_user)
    # `stale` still believes the job is open: the conditional update must refuse, not double-move.
    with pytest.raises(InvalidTransition):
        services.job_fill(job=stale, actor=client_user)
    assert JobPost.objects.get(pk=open_job.pk).status == "closed"


def test_job_close_only_owner(open_job, other_client):
    with pytest.raises(NotAllowed):
        services.job_close(job=open_job, actor=other_client)


# --- proposals ----------------------------------------------------------------------------------


def test_proposal_submit_creates_and_emails_client(open_job, submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = submit(open_job)
    assert proposal.status == Proposal.Status.SUBMITTED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [open_job.client.email]
    assert open_job.title in mail.outbox[0].subject
    assert f"/proposals/{proposal.pk}/" in mail.outbox[0].body


def test_proposal_submit_one_live_per_job(submitted, submit, open_job):
    with pytest.raises(ValidationError, match="already sent"):
        submit(open_job)


def test_proposal_submit_again_after_withdraw(submitted, submit, open_job, freelancer_user):
    services.proposal_withdraw(proposal=submitted, actor=freelancer_user)
    again = submit(open_job)
    assert again.pk != submitted.pk


def test_proposal_submit_refuses_closed_job(open_job, client_user, submit):
    services.job_close(job=open_job, actor=client_user)
    with pytest.raises(ValidationError, match="no longer accepting"):
        submit(open_job)


def test_proposal_submit_refuses_draft(draft_job, submit):
    with pytest.raises(NotAllowed):
        submit(draft_job)


def test_proposal_submit_invite_only_needs_invitation(invite_only_job, submit, freelancer_user, client_user):
    with pytest.raises(NotAllowed, match="invitation"):
        submit(invite_only_job)
    invitation = services.invitation_create(job=invite_only_job, freelancer=freelancer_user, actor=client_user)
    proposal = submit(invite_only_job)
    assert proposal.pk
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED


def test_proposal_submit_declined_invitation_does_not_open_invite_only(invite_only_job, submit, freelancer_user,
                                                                        client_user):
    invitation = services.invitation_create(job=invite_only_job, freelancer=freelancer_user, actor=client_user)
    services.invitation_decline(invitation=invitation, actor=freelancer_user)
    with pytest.raises(NotAllowed):
        submit(invite_only_job)


def test_proposal_submit_refuses_clients_and_own_job(open_job, submit, client_user, both_roles_user, make_job):
    with pytest.raises(NotAllowed):
        submit(open_job, freelancer=client_user)
    own = make_job(client=both_roles_user)
    with pytest.raises(NotAllowed, match="own job"):
        submit(own, freelancer=both_roles_user)


def test_proposal_submit_checks_standing(open_job, submit, monkeypatch):
    seen = []

    def restricted(user, action):
        seen.append(action)
        raise UserRestricted("Restricted until Friday.")

    monkeypatch.setattr(services, "ensure_can_act", restricted)
    with pytest.raises(UserRestricted):
        submit(open_job)
    assert seen == ["proposal"]
    assert not Proposal.objects.exists()


def test_proposal_submit_blocks_contact_in_cover_letter(open_job, submit):
    with pytest.raises(ContentBlocked):
        submit(open_job, cover_letter="Write to me at dev.smith@gmail.com and we'll talk")
    assert not Proposal.objects.exists()


def test_proposal_attachment_with_contact_is_refused_by_the_scan(open_job, submit,
                                                                  django_capture_on_commit_callbacks):
    """The file is read after commit, never in the request: the proposal is sent, its attachment is
    refused (the client never gets it) and the freelancer is flagged."""
    from trust.models import Flag

    cv = SimpleUploadedFile("cv.txt", b"My CV. Reach me at jane.doe@gmail.com any time.", "text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        proposal = submit(open_job, attachment=cv)
    proposal.attachment.refresh_from_db()
    assert proposal.attachment.status == "refused"
    assert proposal.attachment.found_kinds == ["email"]
    assert Flag.objects.filter(user=proposal.freelancer, context="proposal").exists()


def test_proposal_attachment_name_with_contact_is_refused(open_job, submit):
    cv = SimpleUploadedFile("WhatsApp +1 312 555 0147.pdf", b"%PDF-1.4", "application/pdf")
    with pytest.raises(ContentBlocked) as exc:
        submit(open_job, attachment=cv)
    assert exc.value.field == "original_name"
    assert not Proposal.objects.exists()


def test_proposal_submit_stores_attachment_text(open_job, submit, django_capture_on_commit_callbacks):
    cv = SimpleUploadedFile("cv.txt", b"Ten years of Django and PostgreSQL work.", "text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        proposal = submit(open_job, attachment=cv)
    proposal.attachment.refresh_from_db()
    assert proposal.attachment.extracted_text == "Ten years of Django and PostgreSQL work."
    assert proposal.attachment.kind == "text" and proposal.attachment.status == "clean"


def test_proposal_submit_refuses_disguised_attachment(open_job, submit):
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 this is really an executable", "application/pdf")
    with pytest.raises(ValidationError, match="can't be uploaded here"):
        submit(open_job, attachment=fake)


def test_proposal_submit_refuses_large_attachment(open_job, submit, settings):
    settings.MARKETPLACE_ATTACHMENT_MAX_BYTES = 10
    big = SimpleUploadedFile("cv.txt", b"x" * 11, "text/plain")
    with pytest.raises(ValidationError, match="limit"):
        submit(open_job, attachment=big)


def test_proposal_update_while_editable(submitted, freelancer_user):
    services.proposal_update(proposal=submitted, actor=freelancer_user, cover_letter="Updated letter with details",
                             bid_cents=99_000, duration=JobPost.Duration.LESS_THAN_MONTH)
    submitted.refresh_from_db()
    assert submitted.bid_cents == 99_000
    assert submitted.cover_letter == "Updated letter with details"


def test_proposal_update_refused_after_client_viewed(submitted, freelancer_user, client_user):
    services.proposal_mark_viewed(proposal=submitted, actor=client_user)
    with pytest.raises(InvalidTransition):
        services.proposal_update(proposal=submitted, actor=freelancer_user, cover_letter="Sneaky change",
                                 bid_cents=1_000, duration=JobPost.Duration.LESS_THAN_MONTH)
    assert Proposal.objects.get(pk=submitted.pk).bid_cents == 120_000


def test_proposal_update_refused_when_viewed_meanwhile(submitted, freelancer_user, client_user):
    stale = Proposal.objects.get(pk=submitted.pk)
    services.proposal_mark_viewed(proposal=submitted, actor=client_user)
    with pytest.raises(InvalidTransition):
        services.proposal_update(proposal=stale, actor=freelancer_user, cover_letter="Sneaky change",
                                 bid_cents=1_000, duration=JobPost.Duration.LESS_THAN_MONTH)


def test_proposal_update_only_author(submitted, other_freelancer):
    with pytest.raises(NotAllowed):
        services.proposal_update(proposal=submitted, actor=other_freelancer, cover_letter="x", bid_cents=1,
                                 duration=JobPost.Duration.LESS_THAN_MONTH)


def test_proposal_mark_viewed_ignores_non_owner(submitted, freelancer_user):
    services.proposal_mark_viewed(proposal=submitted, actor=freelancer_user)
    assert Proposal.objects.get(pk=submitted.pk).viewed_at is None


def test_proposal_shortlist_and_decline_email_freelancer(submitted, client_user, freelancer_user,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_shortlist(proposal=submitted, actor=client_user)
    assert mail.outbox[-1].to == [freelancer_user.email]
    assert "shortlisted" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decline(proposal=submitted, actor=client_user)
    assert "declined" in mail.outbox[-1].subject
    assert Proposal.objects.get(pk=submitted.pk).status == "declined"


def test_proposal_decline_is_final(submitted, client_user):
    services.proposal_decline(proposal=submitted, actor=client_user)
    for service in (services.proposal_shortlist, services.proposal_archive, services.proposal_hire):
        with pytest.raises(InvalidTransition):
            service(proposal=submitted, actor=client_user)


def test_proposal_actions_only_job_owner(submitted, other_client, freelancer_user):
    for service in (services.proposal_shortlist, services.proposal_decline, services.proposal_archive):
        with pytest.raises(NotAllowed):
            service(proposal=submitted, actor=other_client)
        with pytest.raises(NotAllowed):
            service(proposal=submitted, actor=freelancer_user)
    assert Proposal.objects.get(pk=submitted.pk).status == "submitted"


def test_proposal_archive_and_restore(submitted, client_user):
    services.proposal_archive(proposal=submitted, actor=client_user)
    assert Proposal.objects.get(pk=submitted.pk).status == "archived"
    services.proposal_unshortlist(proposal=submitted, actor=client_user)
    assert Proposal.objects.get(pk=submitted.pk).status == "submitted"


def test_proposal_withdraw_only_author(submitted, other_freelancer, freelancer_user):
    with pytest.raises(NotAllowed):
        services.proposal_withdraw(proposal=submitted, actor=other_freelancer)
    services.proposal_withdraw(proposal=submitted, actor=freelancer_user)
    with pytest.raises(InvalidTransition):
        services.proposal_withdraw(proposal=submitted, actor=freelancer_user)


def test_proposal_hire_marks_hired_and_audits(submitted, client_user):
    services.proposal_hire(proposal=submitted, actor=client_user)
    assert Proposal.objects.get(pk=submitted.pk).status == "hired"
    change = StatusChange.objects.get(proposal=submitted)
    assert (change.from_status, change.to_status, change.actor) == ("submitted", "hired", client_user)


def test_proposal_hire_refuses_strangers(submitted, other_client):
    with pytest.raises(NotAllowed):
        services.proposal_hire(proposal=submitted, actor=other_client)


# --- invitations --------------------------------------------------------------------------------


def test_invitation_create_emails_freelancer(open_job, client_user, freelancer_user,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(job=open_job, freelancer=freelancer_user, actor=client_user,
                                                message="Loved your portfolio, would you apply?")
    assert invitation.status == Invitation.Status.PENDING
    assert mail.outbox[-1].to == [freelancer_user.email]
    assert "Loved your portfolio" in mail.outbox[-1].body


def test_invitation_create_rules(open_job, draft_job, client_user, other_client, freelancer_user):
    with pytest.raises(NotAllowed):
        services.invitation_create(job=open_job, freelancer=freelancer_user, actor=other_client)
    with pytest.raises(NotAllowed):
        services.invitation_create(job=open_job, freelancer=other_client, actor=client_user)
    with pytest.raises(ValidationError, match="open jobs"):
        services.invitation_create(job=draft_job, freelancer=freelancer_user, actor=client_user)
    services.invitation_create(job=open_job, freelancer=freelancer_user, actor=client_user)
    with pytest.raises(ValidationError, match="already been invited"):
        services.invitation_create(job=open_job, freelancer=freelancer_user, actor=client_user)


def test_invitation_create_blocks_contact_details(open_job, client_user, freelancer_user):
    with pytest.raises(ContentBlocked):
        services.invitation_create(job=open_job, freelancer=freelancer_user, actor=client_user,
                                   message="Mail me: hire.me@outlook.com")
    assert not Invitation.objects.exists()


def test_invitation_accept_decline_only_invitee(open_job, client_user, freelancer_user, other_freelancer):
    invitation = services.invitation_create(job=open_job, freelancer=freelancer_user, actor=client_user)
    with pytest.raises(NotAllowed):
        services.invitation_accept(invitation=invitation, actor=other_freelancer)
    services.invitation_accept(invitation=invitation, actor=freelancer_user)
    with pytest.raises(InvalidTransition):
        services.invitation_decline(invitation=invitation, actor=freelancer_user)


def test_marketplace_refusals_are_validation_errors_for_other_apps(open_job, client_user):
    """contracts' hire bookkeeping catches ValidationError: a job closed meanwhile must not crash it."""
    services.job_close(job=open_job, actor=client_user)
    with pytest.raises(ValidationError) as exc:
        services.job_fill(job=open_job, actor=client_user)
    assert isinstance(exc.value, InvalidTransition)
    assert "closed" in exc.value.message
