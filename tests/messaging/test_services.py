from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from messaging import selectors, services
from messaging.exceptions import EditNotAllowed, MessageBlocked, NotAParty, RateLimited, Restricted
from messaging.models import Attachment, Conversation, Message
from tests.factories import ProposalFactory, UserFactory
from trust.exceptions import ContentBlocked, UserRestricted
from trust.models import Flag
from trust.uploads.extract import ocr_available

from .files import docx_bytes, minimal_pdf

pytestmark = pytest.mark.django_db


def send(conversation, user, body, **kw):
    return services.message_send(conversation=conversation, sender=user, body=body, **kw)


# --- starting conversations ---


def test_conversation_start_for_proposal_is_idempotent(proposal):
    first = services.conversation_start_for_proposal(proposal=proposal, actor=proposal.job.client)
    again = services.conversation_start_for_proposal(proposal=proposal, actor=proposal.job.client)
    assert first.pk == again.pk
    assert (first.client, first.freelancer, first.job, first.proposal) == (
        proposal.job.client,
        proposal.freelancer,
        proposal.job,
        proposal,
    )


def test_conversation_start_for_proposal_refuses_the_freelancer(proposal):
    with pytest.raises(PermissionDenied):
        services.conversation_start_for_proposal(proposal=proposal, actor=proposal.freelancer)
    assert not Conversation.objects.exists()


def test_conversation_start_for_proposal_refuses_other_clients(proposal, other_client):
    with pytest.raises(PermissionDenied):
        services.conversation_start_for_proposal(proposal=proposal, actor=other_client)


def test_conversation_start_for_invitation_allows_both_sides(job, freelancer_user):
    from marketplace.models import Invitation

    invitation = Invitation.objects.create(job=job, freelancer=freelancer_user, message="Would love your help.")
    by_freelancer = services.conversation_start_for_invitation(invitation=invitation, actor=freelancer_user)
    by_client = services.conversation_start_for_invitation(invitation=invitation, actor=job.client)
    assert by_freelancer.pk == by_client.pk
    assert by_client.invitation == invitation


# --- sending ---


def test_message_send_stores_and_moves_the_conversation_up(conversation):
    message = send(conversation, conversation.client, "  Hi! Can you start Monday?  ")
    conversation.refresh_from_db()
    assert message.body == "Hi! Can you start Monday?"
    assert conversation.last_message_at == message.created_at


def test_message_send_freelancer_can_reply_once_client_started(conversation):
    reply = send(conversation, conversation.freelancer, "Yes, Monday works.")
    assert reply.sender == conversation.freelancer


def test_message_send_refuses_non_party(conversation, other_freelancer):
    with pytest.raises(NotAParty):
        send(conversation, other_freelancer, "hello")
    assert not Message.objects.exists()


def test_message_send_refuses_empty_and_too_long(conversation, settings):
    settings.MESSAGING_MAX_LENGTH = 10
    with pytest.raises(ValidationError, match="Write a message"):
        send(conversation, conversation.client, "   ")
    with pytest.raises(ValidationError, match="at most 10 characters"):
        send(conversation, conversation.client, "x" * 11)
    assert not Message.objects.exists()


def test_message_send_blocks_email_before_contract_and_stores_nothing(conversation):
    with pytest.raises(MessageBlocked) as exc:
        send(conversation, conversation.freelancer, "write me at bob.smith@gmail.com")
    assert not Message.objects.exists()
    kinds = {f.kind for f in exc.value.decision.findings}
    assert kinds == {"email"}
    finding = exc.value.decision.findings[0]
    assert "write me at bob.smith@gmail.com"[finding.start : finding.end] == "bob.smith@gmail.com"
    assert "<mark" in str(exc.value.decision.highlighted_html)
    flag = Flag.objects.get()
    assert flag.user == conversation.freelancer
    assert flag.original_text == "write me at bob.smith@gmail.com"


def test_message_send_blocks_phone_number_before_contract(conversation):
    with pytest.raises(MessageBlocked) as exc:
        send(conversation, conversation.freelancer, "my whatsapp is +1 555 201 4477")
    assert {f.kind for f in exc.value.decision.findings} & {"phone", "social"}
    assert not Message.objects.exists()


def test_message_send_blocks_number_split_across_messages(conversation):
    send(conversation, conversation.freelancer, "call me on 555")
    send(conversation, conversation.freelancer, "201")
    with pytest.raises(MessageBlocked):
        send(conversation, conversation.freelancer, "4477 tonight")
    assert list(Message.objects.values_list("body", flat=True)) == ["call me on 555", "201"]


def test_message_preceding_run_reads_across_the_other_partys_reply(conversation):
    send(conversation, conversation.freelancer, "first")
    send(conversation, conversation.client, "reply")
    send(conversation, conversation.freelancer, "second")
    send(conversation, conversation.freelancer, "third")
    run = selectors.message_preceding_run(conversation=conversation, sender=conversation.freelancer)
    assert run == ["first", "second", "third"]


def test_message_preceding_run_ignores_messages_older_than_the_window(conversation, settings):
    with time_machine.travel(timezone.now() - timedelta(minutes=31), tick=False):
        send(conversation, conversation.freelancer, "old")
    send(conversation, conversation.freelancer, "new")
    run = selectors.message_preceding_run(conversation=conversation, sender=conversation.freelancer)
    assert run == ["new"]


def test_message_send_allows_phone_once_contract_started(conversation, started_contract):
    message = send(conversation, conversation.freelancer, "my whatsapp is +1 555 201 4477")
    assert message.pk is not None


def test_message_send_blocks_off_platform_payment_even_with_contract(conversation, started_contract):
    with pytest.raises(MessageBlocked) as exc:
        send(conversation, conversation.freelancer, "pay me directly via paypal and we skip the fees")
    assert "payment" in {f.kind for f in exc.value.decision.findings}
    assert not Message.objects.exists()


def test_guard_backstop_blocks_direct_orm_writes(conversation):
    with pytest.raises(ContentBlocked):
        Message.objects.create(conversation=conversation, sender=conversation.freelancer, body="bob@gmail.com")
    assert not Message.objects.exists()


def test_message_send_rate_limit(conversation, settings):
    settings.MESSAGING_RATE_LIMIT_PER_MINUTE = 3
    with time_machine.travel(timezone.now().replace(second=5), tick=False):
        for i in range(3):
            send(conversation, conversation.client, f"message {i}")
        with pytest.raises(RateLimited, match="at most 3 a minute") as exc:
            send(conversation, conversation.client, "one too many")
    assert exc.value.retry_after == 55
    assert Message.objects.count() == 3
    # The other party has their own budget.
    send(conversation, conversation.freelancer, "still fine")


def test_message_send_refuses_restricted_user(conversation, monkeypatch):
    def restricted(user, action, **kwargs):
        raise UserRestricted("You can't send messages until 1 December.")

    monkeypatch.setattr(services, "ensure_can_act", restricted)
    with pytest.raises(Restricted, match="until 1 December"):
        send(conversation, conversation.client, "hello")
    assert not Message.objects.exists()


# --- editing ---


def test_message_edit_within_window(conversation):
    message = send(conversation, conversation.client, "Helo")
    services.message_edit(message=message, editor=conversation.client, body="Hello")
    message.refresh_from_db()
    assert message.body == "Hello"
    assert message.edited_at is not None


def test_message_edit_after_window_refused(conversation, settings):
    message = send(conversation, conversation.client, "Helo")
    with time_machine.travel(timezone.now() + settings.MESSAGING_EDIT_WINDOW + timedelta(seconds=1), tick=False):
        with pytest.raises(EditNotAllowed, match="within 10 minutes"):
            services.message_edit(message=message, editor=conversation.client, body="Hello")
    message.refresh_from_db()
    assert message.body == "Helo"


def test_message_edit_only_by_sender(conversation):
    message = send(conversation, conversation.client, "Hi")
    with pytest.raises(EditNotAllowed):
        services.message_edit(message=message, editor=conversation.freelancer, body="Hacked")


def test_message_edit_rechecked_by_trust(conversation):
    message = send(conversation, conversation.freelancer, "Happy to help")
    with pytest.raises(MessageBlocked):
        services.message_edit(message=message, editor=conversation.freelancer, body="mail me: bob@gmail.com")
    message.refresh_from_db()
    assert message.body == "Happy to help"
    assert message.edited_at is None


# --- read state ---


def test_unread_counts_and_mark_read(conversation, proposal):
    client, freelancer = conversation.client, conversation.freelancer
    send(conversation, client, "one")
    send(conversation, client, "two")
    send(conversation, freelancer, "mine do not count for me")
    assert selectors.unread_total(user=freelancer) == 2
    assert selectors.unread_total(user=client) == 1
    row = selectors.conversation_list_for(user=freelancer).get(pk=conversation.pk)
    assert row.unread == 2
    assert row.last_body == "mine do not count for me"

    services.conversation_mark_read(conversation=conversation, user=freelancer)
    assert selectors.unread_total(user=freelancer) == 0
    assert selectors.unread_total(user=client) == 1
    send(conversation, client, "three")
    assert selectors.unread_total(user=freelancer) == 1


def test_unread_total_spans_conversations_and_hides_private_notices(conversation, job, other_freelancer):
    second = services.conversation_start_for_proposal(
        proposal=ProposalFactory(job=job, freelancer=other_freelancer), actor=job.client
    )
    send(conversation, conversation.freelancer, "a")
    send(second, other_freelancer, "b")
    services.message_post_system(
        conversation=conversation, body="Only for the freelancer", visible_to=conversation.freelancer
    )
    assert selectors.unread_total(user=job.client) == 2
    assert selectors.unread_total(user=conversation.freelancer) == 1


def test_conversation_list_orders_by_latest_activity(conversation, job, other_freelancer):
    second = services.conversation_start_for_proposal(
        proposal=ProposalFactory(job=job, freelancer=other_freelancer), actor=job.client
    )
    send(conversation, job.client, "older")
    send(second, job.client, "newer")
    assert [c.pk for c in selectors.conversation_list_for(user=job.client)] == [second.pk, conversation.pk]


def test_message_history_pages_backwards(conversation):
    for i in range(5):
        send(conversation, conversation.client, f"m{i}")
    page = selectors.message_history(conversation=conversation, viewer=conversation.client, limit=2)
    assert [m.body for m in page.messages] == ["m3", "m4"]
    assert page.has_older
    older = selectors.message_history(
        conversation=conversation, viewer=conversation.client, before_id=page.oldest_id, limit=3
    )
    assert [m.body for m in older.messages] == ["m0", "m1", "m2"]
    assert not older.has_older


# --- contract events ---


def test_contract_event_posts_system_message_into_the_pairs_conversation(conversation, started_contract):
    from contracts.signals import contract_event

    contract_event.send(
        sender=type(started_contract),
        contract=started_contract,
        event="milestone_funded",
        text="Milestone funded: $500.00 is in escrow.",
        actor=conversation.client,
    )
    message = Message.objects.get(kind=Message.Kind.SYSTEM)
    assert message.conversation == conversation
    assert message.body == "Milestone funded: $500.00 is in escrow."
    conversation.refresh_from_db()
    assert conversation.contract == started_contract


def test_contract_event_creates_the_conversation_if_needed(client_user, freelancer_user):
    from contracts.models import Contract
    from contracts.signals import contract_event

    contract = Contract.objects.create(client=client_user, freelancer=freelancer_user, title="Direct work")
    contract_event.send(sender=Contract, contract=contract, event="offer_sent", text="Offer sent", actor=client_user)
    conversation = Conversation.objects.get(contract=contract)
    assert (conversation.client, conversation.freelancer) == (client_user, freelancer_user)
    assert conversation.messages.get().body == "Offer sent"


# --- attachments ---


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def attach(conversation, django_capture_on_commit_callbacks, name, data, sender=None, body=""):
    with django_capture_on_commit_callbacks(execute=True):
        message = send(conversation, sender or conversation.freelancer, body, attachment=upload(name, data))
    return Attachment.objects.get(message=message)


def test_attachment_clean_text_is_delivered(conversation, django_capture_on_commit_callbacks):
    attachment = attach(conversation, django_capture_on_commit_callbacks, "plan.txt", b"Week 1: wireframes.")
    assert attachment.status == Attachment.Status.CLEAN
    assert attachment.upload.extracted_text == "Week 1: wireframes."
    assert attachment.upload.file.read() == b"Week 1: wireframes."
    assert "plan" not in attachment.upload.file.name  # stored under a random name


def test_attachment_pdf_with_email_is_withheld_and_flagged(conversation, django_capture_on_commit_callbacks):
    pdf = minimal_pdf("Portfolio - contact bob.smith@gmail.com")
    attachment = attach(conversation, django_capture_on_commit_callbacks, "portfolio.pdf", pdf, body="My portfolio")
    assert attachment.status == Attachment.Status.WITHHELD
    assert attachment.found_kinds == ["email"]
    assert "an email address" in attachment.status_text
    flag = Flag.objects.get()
    assert flag.user == conversation.freelancer
    assert "bob.smith@gmail.com" in flag.original_text
    notice = Message.objects.get(kind=Message.Kind.SYSTEM)
    assert notice.visible_to == conversation.freelancer
    assert "portfolio.pdf" in notice.body
    # The recipient's history shows neither the notice nor a downloadable file.
    client_view = selectors.message_history(conversation=conversation, viewer=conversation.client).messages
    assert [m.body for m in client_view] == ["My portfolio"]


def test_attachment_docx_with_phone_is_withheld(conversation, django_capture_on_commit_callbacks):
    data = docx_bytes("Brief", "Call me: +1 555 201 4477")
    attachment = attach(conversation, django_capture_on_commit_callbacks, "brief.docx", data)
    assert attachment.status == Attachment.Status.WITHHELD


def test_attachment_unreadable_pdf_is_held_for_review(conversation, django_capture_on_commit_callbacks):
    attachment = attach(conversation, django_capture_on_commit_callbacks, "broken.pdf", b"%PDF-1.4 garbage")
    assert attachment.status == Attachment.Status.REVIEW
    assert attachment.hold_reason == Attachment.HoldReason.UNREADABLE


def test_attachment_image_without_ocr_is_held_for_review(conversation, django_capture_on_commit_callbacks, monkeypatch):
    from trust.uploads import services as upload_services
    from trust.uploads.extract import OCRUnavailable

    from .files import png_with_text

    def no_tesseract(*args, **kwargs):
        raise OCRUnavailable("tesseract is missing")

    monkeypatch.setattr(upload_services, "read_text", no_tesseract)
    attachment = attach(conversation, django_capture_on_commit_callbacks, "shot.png", png_with_text("hello"))
    assert attachment.status == Attachment.Status.REVIEW
    assert attachment.hold_reason == Attachment.HoldReason.NO_OCR


def test_attachment_release_by_staff_delivers(conversation, django_capture_on_commit_callbacks):
    admin_user = UserFactory(is_staff=True)
    attachment = attach(conversation, django_capture_on_commit_callbacks, "broken.pdf", b"%PDF-1.4 garbage")
    services.attachment_release(attachment=attachment, reviewer=admin_user)
    attachment.refresh_from_db()
    assert attachment.status == Attachment.Status.CLEAN


def test_attachment_release_is_audited(conversation, django_capture_on_commit_callbacks):
    from trust.models import AuditLog

    admin_user = UserFactory(is_staff=True)
    attachment = attach(conversation, django_capture_on_commit_callbacks, "broken.pdf", b"%PDF-1.4 garbage")
    services.attachment_release(attachment=attachment, reviewer=admin_user)
    entry = AuditLog.objects.get(action="upload_release")
    assert entry.actor == admin_user
    assert entry.object_id == attachment.upload.pk


def test_attachment_type_and_size_limits(conversation, settings):
    with pytest.raises(ValidationError, match="can't be uploaded here"):
        send(conversation, conversation.client, "", attachment=upload("tool.exe", b"MZ"))
    settings.MESSAGING_ATTACHMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="at most 1 MB"):
        send(conversation, conversation.client, "", attachment=upload("big.txt", b"x" * (1024 * 1024 + 1)))
    assert not Message.objects.exists()


def test_attachment_file_name_with_contact_details_is_blocked(conversation):
    with pytest.raises(MessageBlocked):
        send(conversation, conversation.freelancer, "cv", attachment=upload("call me 415-555-0132.txt", b"cv"))
    assert not Message.objects.exists()


def test_message_preceding_run_is_bounded(conversation, settings):
    settings.MESSAGING_SPLIT_MAX_MESSAGES = 3
    settings.MESSAGING_RATE_LIMIT_PER_MINUTE = 0
    for i in range(6):
        send(conversation, conversation.freelancer, f"part {i}")
    run = selectors.message_preceding_run(conversation=conversation, sender=conversation.freelancer)
    assert run == ["part 3", "part 4", "part 5"]


def test_flag_review_context_shows_the_conversation(conversation):
    from trust.registry import context_lines

    send(conversation, conversation.client, "Hello there")
    message = send(conversation, conversation.freelancer, "Hi, thanks for reaching out")
    lines = context_lines(message)
    assert [line[1] for line in lines] == ["Hello there", "Hi, thanks for reaching out"]
    assert [line[1] for line in context_lines(conversation)] == ["Hello there", "Hi, thanks for reaching out"]


def test_only_the_recipient_may_report_a_message(conversation, other_client):
    from trust.registry import report_access

    message = send(conversation, conversation.client, "Hello there")
    may_report = report_access(Message)
    assert may_report(conversation.freelancer, message)
    assert not may_report(conversation.client, message)
    assert not may_report(other_client, message)


@pytest.fixture
def scheduled_emails(monkeypatch, django_capture_on_commit_callbacks):
    """The delayed email checks message_send schedules: (message_id, delay); run them with run()
    (the email itself leaves from notifications after commit)."""
    from messaging.tasks import notify_new_message

    class Scheduled(list):
        def run(self) -> None:
            while self:
                message_id, _ = self.pop(0)
                with django_capture_on_commit_callbacks(execute=True):
                    notify_new_message(message_id=message_id)

    calls = Scheduled()
    monkeypatch.setattr(services, "email_schedule", lambda *, message_id, delay: calls.append((message_id, delay)))
    return calls


def test_new_message_email_waits_and_goes_out_once_per_unread_run(
    conversation, mailoutbox, scheduled_emails, settings, django_capture_on_commit_callbacks
):
    settings.MESSAGING_EMAIL_DELAY_SECONDS = 120
    with django_capture_on_commit_callbacks(execute=True):
        first = send(conversation, conversation.client, "Can you start Monday?")
        send(conversation, conversation.client, "Also, do you do hosting?")
    # Nothing at send time: one delayed check for the burst.
    assert mailoutbox == []
    assert scheduled_emails == [(first.pk, 120)]
    scheduled_emails.run()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [conversation.freelancer.email]
    assert conversation.client.display_name in mail.subject
    assert "Can you start Monday?" in mail.body
    assert f"/messages/{conversation.pk}/" in mail.body
    assert conversation.client.email not in mail.body

    # Still unread: more messages don't email again.
    with django_capture_on_commit_callbacks(execute=True):
        send(conversation, conversation.client, "Hello?")
    scheduled_emails.run()
    assert len(mailoutbox) == 1

    # Read, then a new message: a new unread run, a new email.
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_mark_read(conversation=conversation, user=conversation.freelancer)
        send(conversation, conversation.client, "Ping")
    scheduled_emails.run()
    assert len(mailoutbox) == 2


def test_new_message_email_skipped_when_read_meanwhile(conversation, mailoutbox):
    from messaging.tasks import notify_new_message

    message = send(conversation, conversation.client, "Hello")
    services.conversation_mark_read(conversation=conversation, user=conversation.freelancer)
    notify_new_message(message_id=message.pk)
    assert mailoutbox == []


def test_new_message_email_skipped_while_the_recipient_has_the_conversation_open(conversation, mailoutbox):
    from messaging.tasks import notify_new_message

    message = send(conversation, conversation.client, "Hello")
    services._counter_cache().set(services.presence_key(conversation.pk, conversation.freelancer.pk), 1)
    notify_new_message(message_id=message.pk)
    assert mailoutbox == []


def test_eager_mode_waits_in_a_timer_instead_of_emailing_at_once(
    conversation, mailoutbox, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """Without a worker (make run) a Celery countdown runs at once: the recipient got an email per
    message while reading live. The delay is kept by a timer in the process instead."""
    import threading

    timers: list[float] = []

    class FakeTimer:
        def __init__(self, delay, fn):
            timers.append(delay)
            self.daemon = False

        def start(self):
            pass

    monkeypatch.setattr(threading, "Timer", FakeTimer)
    settings.MESSAGING_EMAIL_DELAY_SECONDS = 90
    settings.MESSAGING_EMAIL_EAGER_TIMER = True
    with django_capture_on_commit_callbacks(execute=True):
        send(conversation, conversation.client, "Hi there")
    assert mailoutbox == []
    assert timers == [90]


@pytest.mark.skipif(
    not ocr_available(), reason="tesseract binary not installed (apt-get install -y tesseract-ocr)"
)
def test_attachment_image_with_email_is_withheld_via_ocr(conversation, django_capture_on_commit_callbacks):
    from .files import png_with_text

    data = png_with_text("email me bob.smith@gmail.com")
    attachment = attach(conversation, django_capture_on_commit_callbacks, "shot.png", data)
    assert attachment.status == Attachment.Status.WITHHELD
    assert attachment.found_kinds == ["email"]


def test_private_notice_counts_as_unread_until_read(conversation):
    services.conversation_mark_read(conversation=conversation, user=conversation.freelancer)
    services.message_post_system(
        conversation=conversation, body="Your file was withheld.", visible_to=conversation.freelancer
    )
    assert selectors.unread_total(user=conversation.freelancer) == 1
    services.conversation_mark_read(conversation=conversation, user=conversation.freelancer)
    assert selectors.unread_total(user=conversation.freelancer) == 0


# --- the common send's single statement (PostgreSQL) ---

@pytest.fixture
def needs_postgres():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the INSERT + counter UPDATE statement is PostgreSQL's (SQLite: save() in a transaction)")


@pytest.mark.parametrize("prepared", [False, True], ids=["client-binding", "prepared"])
def test_message_send_one_statement_stores_counts_and_moves_up(needs_postgres, conversation, monkeypatch, prepared):
    from core import db

    monkeypatch.setattr(db, "prepared", lambda alias: prepared)
    first = send(conversation, conversation.client, "Hello, can you start on Monday? (1)")
    second = send(conversation, conversation.client, "And the wireframes by Wednesday? (2)")
    reply = send(conversation, conversation.freelancer, "Sure, Monday works (3)")
    stored = list(Message.objects.filter(conversation=conversation).order_by("pk"))
    assert [m.pk for m in stored] == [first.pk, second.pk, reply.pk]
    assert [m.body for m in stored] == [first.body, second.body, reply.body]
    assert all(m.updated_at >= m.created_at and m.kind == "text" and m.sender_id for m in stored)
    assert stored[0].created_at == first.created_at and not first._state.adding
    conversation.refresh_from_db()
    assert (conversation.freelancer_unread, conversation.client_unread) == (2, 1)
    assert conversation.last_message_at == reply.created_at


def test_message_send_one_statement_still_runs_the_guard(needs_postgres, conversation):
    """The statement skips save(), not the guard: text no scope checked is scanned by the pre_save guard
    and refused before anything is written; post_save still tells listeners."""
    from django.db.models.signals import post_save

    from trust.scope import writing

    saved = []

    def listener(sender, instance, created, **kwargs):
        saved.append((instance.pk, created))

    post_save.connect(listener, sender=Message, dispatch_uid="test-one-statement")
    try:
        send(conversation, conversation.client, "Fine by me")
        assert saved == [(Message.objects.get().pk, True)]
        message = Message(conversation=conversation, sender=conversation.client, body="mail me: bob.smith@gmail.com")
        with pytest.raises(ContentBlocked):
            with writing(author=conversation.client, counterpart=conversation.freelancer, context="message"):
                services._insert_bumped(conversation, message, "default")  # never checked by the scope
    finally:
        post_save.disconnect(dispatch_uid="test-one-statement", sender=Message)
    assert Message.objects.count() == 1
    assert Flag.objects.filter(user=conversation.client).exists()
    conversation.refresh_from_db()
    assert conversation.freelancer_unread == 1
