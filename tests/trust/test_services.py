from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import TalentBadge
from tests.factories import FreelancerFactory
from trust import services
from trust.exceptions import ContentBlocked, InvalidTransition, UserRestricted
from trust.models import Appeal, AuditLog, Flag, Sanction, Strike
from trust.scope import writing
from trust.standing import active_points, badges_withheld, ensure_can_act

pytestmark = pytest.mark.django_db


def kinds(user) -> list[str]:
    return list(Sanction.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


# --- recording a refusal (trust.scope) -------------------------------------------------------


def test_scope_records_flag_after_rollback_with_the_real_author(proposal):
    with pytest.raises(ContentBlocked) as caught:
        with writing(author=proposal.freelancer, context="proposal", target=proposal):
            proposal.cover_letter = "Call me on 555-123-4567 to discuss"
            with transaction.atomic():
                proposal.save()
    flag = caught.value.flag
    flag.refresh_from_db()
    assert flag.user == proposal.freelancer
    assert (flag.context, flag.field_name, flag.kind, flag.status) == ("proposal", "cover_letter", "phone", "pending")
    assert flag.target == proposal
    assert flag.original_text == "Call me on 555-123-4567 to discuss"
    assert flag.findings[0]["kind"] == "phone" and flag.findings[0]["matched"] == "555-123-4567"
    assert flag.findings[0]["start"] == 11
    assert set(flag.findings[0]) == {"kind", "start", "end", "matched", "normalized", "confidence", "reason"}


def test_scope_records_once_even_when_nested(proposal):
    with pytest.raises(ContentBlocked) as caught:
        with writing(author=proposal.freelancer, context="proposal"), transaction.atomic():
            with writing(author=proposal.freelancer, context="proposal") as inner:
                inner.check(cover_letter="Call me on 555-123-4567")
    assert caught.value.recorded
    assert Flag.objects.count() == 1


def test_scope_unsaved_row_flag_points_at_parent(db):
    from messaging.models import Message
    from messaging.services import conversation_start_for_proposal
    from tests.factories import ProposalFactory

    proposal = ProposalFactory()
    conversation = conversation_start_for_proposal(proposal=proposal, actor=proposal.job.client)
    with pytest.raises(ContentBlocked) as caught:
        with writing(author=proposal.freelancer, counterpart=proposal.job.client, context="message"):
            with transaction.atomic():
                Message.objects.create(conversation=conversation, sender=proposal.freelancer,
                                       body="555-123-4567 call me")
    flag = caught.value.flag
    assert flag.target == conversation
    assert flag.counterpart == proposal.job.client
    assert not Message.objects.exists()


def test_scope_high_confidence_confirms_automatically_as_a_warning(proposal):
    with pytest.raises(ContentBlocked) as caught:
        with writing(author=proposal.freelancer, context="proposal") as scope:
            scope.check(cover_letter="mail me: bob.builder@gmail.com")
    flag = caught.value.flag
    assert flag.status == Flag.Status.CONFIRMED and flag.reviewer is None
    assert Strike.objects.get(user=proposal.freelancer).flag == flag
    assert kinds(proposal.freelancer) == ["warning"]
    assert AuditLog.objects.filter(action="flag_auto_confirm").exists()
    assert "This counted as a warning, 1 of 4 points; details on your standing page." in caught.value.text


def test_flag_record_low_confidence_waits_for_review(make_flag, freelancer):
    flag = make_flag(freelancer, "Call me on 555-123-4567")
    assert flag.status == Flag.Status.PENDING
    assert not Strike.objects.exists()


# --- the ladder -------------------------------------------------------------------------------


def test_ladder_steps_one_by_one(confirm, freelancer, django_capture_on_commit_callbacks):
    TalentBadge.objects.create(user=freelancer, kind="top_rated", awarded_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        confirm(freelancer)
    assert kinds(freelancer) == ["warning"]
    ensure_can_act(freelancer, "message")  # a warning restricts nothing
    assert not badges_withheld(freelancer)

    with django_capture_on_commit_callbacks(execute=True):
        confirm(freelancer)
    assert kinds(freelancer) == ["warning", "badge_loss"]
    assert not TalentBadge.objects.filter(user=freelancer).exists()
    assert badges_withheld(freelancer)
    badge_loss = Sanction.objects.get(user=freelancer, kind="badge_loss")
    assert (badge_loss.ends_at - badge_loss.starts_at).days == 183

    with django_capture_on_commit_callbacks(execute=True):
        confirm(freelancer)
    restriction = Sanction.objects.get(user=freelancer, kind="restriction")
    assert (restriction.ends_at - restriction.starts_at).days == 7
    for action in ("message", "proposal", "job_post"):
        with pytest.raises(UserRestricted) as caught:
            ensure_can_act(freelancer, action)
        assert "restricted until" in caught.value.message
        assert caught.value.until == restriction.ends_at

    with django_capture_on_commit_callbacks(execute=True):
        confirm(freelancer)
    suspension = Sanction.objects.get(user=freelancer, kind="suspension")
    assert suspension.ends_at is None
    with pytest.raises(UserRestricted, match="suspended until further notice"):
        ensure_can_act(freelancer, "message")
    assert active_points(freelancer) == 4
    subjects = [m.subject for m in mail.outbox if m.to == [freelancer.email]]
    assert any("warning" in s for s in subjects)
    assert any("badges were removed" in s for s in subjects)
    assert any("restricted" in s for s in subjects)
    assert any("suspended" in s for s in subjects)


def test_ladder_first_strike_is_a_warning_even_when_it_weighs_more(confirm, freelancer):
    confirm(freelancer, kind="payment")
    assert Strike.objects.get(user=freelancer).weight == 1  # capped at the warning step
    assert kinds(freelancer) == ["warning"]
    confirm(freelancer, kind="payment")  # 1 -> 3 points: badge loss and restriction
    assert kinds(freelancer) == ["warning", "badge_loss", "restriction"]


def test_ladder_beyond_last_step_repeats_it(confirm, freelancer, staff_user):
    for _ in range(4):
        confirm(freelancer)
    for sanction in Sanction.objects.active().filter(user=freelancer, kind__in=["restriction", "suspension"]):
        services.sanction_lift(sanction=sanction, actor=staff_user, reason="second chance")
    ensure_can_act(freelancer, "message")
    confirm(freelancer)
    assert Sanction.objects.filter(user=freelancer, kind="suspension").count() == 2
    with pytest.raises(UserRestricted):
        ensure_can_act(freelancer, "proposal")


def test_strikes_expire_and_stop_counting(confirm, freelancer, settings):
    with time_machine.travel(timezone.now() - timedelta(days=400), tick=False):
        confirm(freelancer)
    assert active_points(freelancer) == 0
    confirm(freelancer)
    assert active_points(freelancer) == 1
    assert kinds(freelancer) == ["warning", "warning"]  # the old strike no longer counts toward badge loss


def test_restriction_ends_by_time_without_any_task(confirm, freelancer):
    for _ in range(3):
        confirm(freelancer)
    with pytest.raises(UserRestricted):
        ensure_can_act(freelancer, "proposal")
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1), tick=False):
        ensure_can_act(freelancer, "proposal")
        assert badges_withheld(freelancer)  # badge loss lasts 183 days
    with time_machine.travel(timezone.now() + timedelta(days=184), tick=False):
        assert not badges_withheld(freelancer)


def test_ensure_can_act_rejects_unknown_action(freelancer):
    with pytest.raises(ValueError):
        ensure_can_act(freelancer, "fly")


def test_ensure_can_act_anonymous_and_none_pass():
    from django.contrib.auth.models import AnonymousUser

    ensure_can_act(AnonymousUser(), "message")
    ensure_can_act(None, "message")


# --- transitions ------------------------------------------------------------------------------


def test_flag_dismiss_adds_no_strike_and_audits(make_flag, freelancer, staff_user):
    flag = make_flag(freelancer, "Call me on 555-123-4567")
    services.flag_dismiss(flag=flag, reviewer=staff_user, note="order number")
    flag.refresh_from_db()
    assert flag.status == Flag.Status.DISMISSED and flag.reviewer == staff_user and flag.decided_at
    assert not Strike.objects.exists()
    entry = AuditLog.objects.get(action="flag_dismiss")
    assert (entry.actor, entry.target, entry.reason) == (staff_user, flag, "order number")
    assert list(flag.status_changes.values_list("from_status", "to_status")) == [("pending", "dismissed")]


def test_flag_cannot_be_decided_twice(make_flag, freelancer, staff_user):
    flag = make_flag(freelancer, "Call me on 555-123-4567")
    services.flag_confirm(flag=flag, reviewer=staff_user)
    with pytest.raises(InvalidTransition):
        services.flag_dismiss(flag=flag, reviewer=staff_user)
    stale = Flag.objects.get(pk=flag.pk)
    stale.status = Flag.Status.PENDING  # a second reviewer with an old page
    with pytest.raises(InvalidTransition):
        services.flag_confirm(flag=stale, reviewer=staff_user)
    assert Strike.objects.count() == 1


def test_flag_escalate_then_confirm(make_flag, freelancer, staff_user):
    flag = make_flag(freelancer, "Call me on 555-123-4567")
    services.flag_escalate(flag=flag, reviewer=staff_user, note="repeat offender?")
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.ESCALATED
    services.flag_confirm(flag=flag, reviewer=staff_user)
    assert Strike.objects.filter(user=freelancer).count() == 1


# --- sanctions and appeals --------------------------------------------------------------------


def test_sanction_lift_needs_reason_and_ends_it(confirm, freelancer, staff_user, django_capture_on_commit_callbacks):
    for _ in range(3):
        confirm(freelancer)
    restriction = Sanction.objects.get(user=freelancer, kind="restriction")
    with pytest.raises(ValidationError):
        services.sanction_lift(sanction=restriction, actor=staff_user, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.sanction_lift(sanction=restriction, actor=staff_user, reason="Misread the context")
    ensure_can_act(freelancer, "message")
    assert AuditLog.objects.filter(action="sanction_lift", reason="Misread the context").exists()
    assert "restriction has ended" in mail.outbox[-1].subject.lower() or "ended" in mail.outbox[-1].subject
    with pytest.raises(InvalidTransition):
        services.sanction_lift(sanction=restriction, actor=staff_user, reason="again")


def test_appeal_once_per_sanction(confirm, freelancer):
    confirm(freelancer)
    warning = Sanction.objects.get(user=freelancer)
    services.appeal_create(sanction=warning, user=freelancer, message="It was my company's public phone line.")
    with pytest.raises(ValidationError, match="already appealed"):
        services.appeal_create(sanction=warning, user=freelancer, message="Please, again.")
    assert Appeal.objects.count() == 1


def test_appeal_only_by_the_sanctioned_user(confirm, freelancer):
    confirm(freelancer)
    with pytest.raises(ValidationError):
        services.appeal_create(sanction=Sanction.objects.get(), user=FreelancerFactory(), message="not mine at all")


def test_appeal_granted_lifts_sanction_and_voids_strike(
    confirm, freelancer, staff_user, django_capture_on_commit_callbacks
):
    for _ in range(3):
        confirm(freelancer)
    restriction = Sanction.objects.get(user=freelancer, kind="restriction")
    appeal = services.appeal_create(sanction=restriction, user=freelancer, message="That was a quote from the job.")
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_decide(appeal=appeal, actor=staff_user, grant=True, note="Agreed, it was a quote.")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.GRANTED and appeal.decided_by == staff_user
    ensure_can_act(freelancer, "proposal")
    assert active_points(freelancer) == 2
    assert any("appeal was granted" in m.subject for m in mail.outbox)
    with pytest.raises(InvalidTransition):
        services.appeal_decide(appeal=appeal, actor=staff_user, grant=False, note="changed my mind")


def test_appeal_denied_keeps_sanction(confirm, freelancer, staff_user, django_capture_on_commit_callbacks):
    for _ in range(3):
        confirm(freelancer)
    restriction = Sanction.objects.get(user=freelancer, kind="restriction")
    appeal = services.appeal_create(sanction=restriction, user=freelancer, message="I did nothing wrong, really.")
    with pytest.raises(ValidationError):
        services.appeal_decide(appeal=appeal, actor=staff_user, grant=False, note="")
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_decide(appeal=appeal, actor=staff_user, grant=False, note="The number was yours.")
    with pytest.raises(UserRestricted):
        ensure_can_act(freelancer, "proposal")
    assert "The number was yours." in mail.outbox[-1].body


def test_user_suspend_requires_reason_and_not_self(freelancer, staff_user):
    with pytest.raises(ValidationError):
        services.user_suspend(user=freelancer, actor=staff_user, reason="")
    with pytest.raises(ValidationError):
        services.user_suspend(user=staff_user, actor=staff_user, reason="oops")
    sanction = services.user_suspend(user=freelancer, actor=staff_user, reason="Fraud ring", days=30)
    assert sanction.kind == "suspension" and (sanction.ends_at - sanction.starts_at).days == 30
    assert AuditLog.objects.filter(action="sanction_apply", actor=staff_user).exists()


# --- audit log --------------------------------------------------------------------------------


def test_audit_log_is_append_only(staff_user):
    entry = services.audit_log(actor=staff_user, action="test", reason="why")
    entry.reason = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()
    assert AuditLog.objects.get(pk=entry.pk).reason == "why"


def test_deleting_a_user_keeps_the_evidence_and_audit_log(confirm, freelancer, make_flag):
    from marketplace.models import JobPost
    from tests.factories import ProposalFactory
    from trust.services import report_create

    confirm(freelancer)
    job = JobPost.objects.get(pk=ProposalFactory().job_id)  # a public job: anyone signed in may report it
    report_create(reporter=freelancer, target=job, reason="spam_scam", note="")
    entries = AuditLog.objects.count()
    freelancer.delete()
    assert AuditLog.objects.count() == entries  # actor set to null, rows kept
    assert Flag.objects.filter(user__isnull=True).exists()
