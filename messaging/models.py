"""Conversations between a client and a freelancer, their messages and attachments.

A conversation is always two people in fixed roles (client, freelancer) and is tied to what brought
them together: a job (through an invitation or a proposal) and, once hired, a contract. Read state is
kept per party on the conversation (`*_last_read_at`), so unread counts are one indexed query.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import TimeStampedModel
from trust.guards import GuardedManager

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class Conversation(TimeStampedModel):
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_conversations")
    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="freelancer_conversations"
    )
    job = models.ForeignKey(
        "marketplace.JobPost", on_delete=models.SET_NULL, null=True, blank=True, related_name="conversations"
    )
    proposal = models.ForeignKey(
        "marketplace.Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="conversations"
    )
    invitation = models.ForeignKey(
        "marketplace.Invitation", on_delete=models.SET_NULL, null=True, blank=True, related_name="conversations"
    )
    # Set once the pair has a contract (offer sent): contract events are posted here.
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.SET_NULL, null=True, blank=True, related_name="conversations"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)
    client_last_read_at = models.DateTimeField(null=True, blank=True)
    freelancer_last_read_at = models.DateTimeField(null=True, blank=True)
    # Unread messages per party, kept by the writes themselves (+1 in the same UPDATE that moves
    # last_message_at, 0 when the party reads): the badge and the inbox never count messages.
    client_unread = models.PositiveIntegerField(default=0)
    freelancer_unread = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(client=models.F("freelancer")), name="conversation_two_people"),
            models.UniqueConstraint(
                fields=["client", "freelancer", "job"], condition=Q(job__isnull=False), name="one_conversation_per_job"
            ),
        ]
        indexes = [
            models.Index(fields=["client", "-last_message_at"], name="conv_client_inbox_idx"),
            models.Index(fields=["freelancer", "-last_message_at"], name="conv_freelancer_inbox_idx"),
        ]

    def __str__(self) -> str:
        about = f" about {self.job}" if self.job_id else ""
        return f"{self.client} and {self.freelancer}{about}"

    @property
    def group_name(self) -> str:
        """The Channels group every open page of this conversation listens to."""
        return conversation_group_name(self.pk)

    def is_party(self, user: User | AnonymousUser | None) -> bool:
        return getattr(user, "pk", None) in (self.client_id, self.freelancer_id)

    def other_party(self, user: User | AnonymousUser | None) -> User:
        return self.freelancer if getattr(user, "pk", None) == self.client_id else self.client

    def last_read_at_for(self, user: User) -> datetime | None:
        return self.client_last_read_at if user.pk == self.client_id else self.freelancer_last_read_at

    def unread_field(self, user_id: int) -> str:
        """The counter of `user_id`'s unread messages here."""
        return "client_unread" if user_id == self.client_id else "freelancer_unread"


def conversation_group_name(conversation_id: int) -> str:
    return f"conversation-{conversation_id}"


def user_group_name(user_id: int) -> str:
    """Per-user Channels group: the nav unread badge on every open page of that user."""
    return f"user-{user_id}"


class Message(TimeStampedModel):
    class Kind(models.TextChoices):
        TEXT = "text", "Message"
        SYSTEM = "system", "System notice"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    # Null for system messages (contract events, notices).
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages_sent"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField(blank=True)
    # A notice meant for one party only (e.g. "your attachment was withheld"); null = both.
    visible_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    # Held back from the recipient (it looked like the start of a contact detail) until the sender's
    # next message or this moment, whichever comes first; null = delivered (messaging.services).
    held_until = models.DateTimeField(null=True, blank=True)
    # A later message of the sender completed a contact detail with this one: the recipient sees
    # "removed by Trustlance" instead; the text stays for the sender and the flag's evidence.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="msg_conversation_time_idx"),
            # The split-detection window: one sender's recent messages in one conversation.
            models.Index(fields=["conversation", "sender", "created_at"], name="msg_conv_sender_time_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["text", "system"]), name="message_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind="system") | Q(sender__isnull=False), name="message_text_has_sender"
            ),
        ]

    def __str__(self) -> str:
        who = self.sender or "System"
        return f"{who}: {self.body[:60]}"

    @property
    def is_system(self) -> bool:
        return self.kind == self.Kind.SYSTEM

    @property
    def is_held_back(self) -> bool:
        """Not delivered yet: the hold runs until the sender's next message or `held_until`."""
        return self.held_until is not None and self.held_until > timezone.now()

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_editable(self) -> bool:
        """Still within MESSAGING_EDIT_WINDOW (the service checks again on save); never once withdrawn."""
        return (
            not self.is_system
            and self.withdrawn_at is None
            and timezone.now() - self.created_at <= settings.MESSAGING_EDIT_WINDOW
        )

    @property
    def edit_until(self) -> datetime:
        """When the Edit link goes away (the page removes it then: static/js/messaging.js)."""
        return self.created_at + settings.MESSAGING_EDIT_WINDOW

    def counterpart(self) -> User | None:
        """The party who receives this message (None for system messages)."""
        if self.sender_id is None:
            return None
        return self.conversation.other_party(self.sender)


def _attachment_path(instance: Attachment, filename: str) -> str:
    """Referenced by migration 0001 only (files now live in trust.Upload)."""
    return f"messaging/{os.urandom(12).hex()}"


class Attachment(TimeStampedModel):
    """A file on a message. The file itself is a trust.Upload (private, sniffed, scanned by trust's
    pipeline); this row is its delivery state, moved by trust's verdict (messaging.receivers):
    pending -> clean (delivered) | withheld (contact details found) | review (could not be read
    automatically; staff decide)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being checked"
        CLEAN = "clean", "Delivered"
        WITHHELD = "withheld", "Withheld"
        REVIEW = "review", "Held for manual review"

    class HoldReason(models.TextChoices):
        NONE = "", "—"
        CONTACT = "contact", "It contains contact details or payment terms that can't be shared here"
        UNREADABLE = "unreadable", "Its text could not be read automatically"
        NO_OCR = "no_ocr", "Images can't be checked automatically right now"
        STAFF = "staff", "Withheld by a moderator"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    upload = models.ForeignKey("trust.Upload", on_delete=models.PROTECT, related_name="+")
    original_name = models.CharField(max_length=255)
    size_bytes = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    hold_reason = models.CharField(max_length=12, choices=HoldReason.choices, default=HoldReason.NONE, blank=True)
    # What kinds of details were found (["phone", "email"]): the evidence itself lives in the trust Flag.
    found_kinds = models.JSONField(default=list, blank=True)
    scanned_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "clean", "withheld", "review"]), name="attachment_status_valid"
            ),
            models.CheckConstraint(condition=Q(size_bytes__gte=0), name="attachment_size_nonnegative"),
            models.CheckConstraint(
                condition=Q(hold_reason__in=["", "contact", "unreadable", "no_ocr", "staff"]),
                name="attachment_hold_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def sender(self) -> User | None:
        return self.message.sender

    @property
    def is_delivered(self) -> bool:
        return self.status == self.Status.CLEAN

    @property
    def status_text(self) -> str:
        """What the sender is told: "Withheld: it contains a phone number ..."."""
        if self.status in (self.Status.PENDING, self.Status.CLEAN):
            return self.get_status_display()
        reason = self.get_hold_reason_display() if self.hold_reason else ""
        if self.found_kinds:
            reason = f"{reason} (found: {', '.join(KIND_LABELS.get(k, k) for k in self.found_kinds)})"
        return f"{self.get_status_display()}: {reason}" if reason else self.get_status_display()


KIND_LABELS = {
    "phone": "a phone number",
    "email": "an email address",
    "url": "a link",
    "social": "a social media handle",
    "messenger": "a messenger ID",
    "payment": "payment outside the platform",
}
