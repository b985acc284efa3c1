from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Attachment, Message

logger = logging.getLogger(__name__)


def _message_parties(message: Message) -> tuple[User, User] | None:
    """(author, counterpart) for the trust policy; system messages have no author."""
    if message.sender is None:
        return None
    return message.sender, message.conversation.other_party(message.sender)


def _attachment_parties(attachment: Attachment) -> tuple[User, User] | None:
    return _message_parties(attachment.message)


def _message_preceding(message: Any) -> list[str]:  # a Message (trust.guards takes any Model's)
    """Outside a write scope only (shell, fixtures): message_send reads the run itself."""
    if message.sender_id is None or message.pk is not None:
        return []
    from .selectors import message_preceding_run

    return message_preceding_run(conversation=message.conversation, sender=message.sender)


def _may_report_message(user: User, message: Message) -> bool:
    """Only the recipient reports a message (not its author, not strangers); system notices never."""
    return (
        message.sender_id is not None
        and message.sender_id != getattr(user, "pk", None)
        and message.conversation.is_party(user)
    )


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Messaging"

    def ready(self) -> None:
        from trust.guards import guard

        from .models import Attachment, Message

        # `parent`: a refused message was never saved, so its flag points at the conversation.
        # `preceding`: outside a write scope, the guard reads split contact details across the
        # sender's last messages too. A file's name is shown with the message's body: read together.
        guard(Message, fields=["body"], context="message", user_field="sender", parties=_message_parties,
              parent="conversation", preceding=_message_preceding)
        guard(Attachment, fields=["original_name"], context="message",
              user_field="message__sender", parties=_attachment_parties, parent="message",
              together=[("message__body", "original_name")])
        self._register_admin_context()
        self._connect_contract_events()
        self._connect_sanctions()
        self._register_uploads()

    def _connect_sanctions(self) -> None:
        """Standing is cached for the send path; a sanction change invalidates it and a suspension
        closes the user's open sockets (trust knows nothing of messaging: we listen)."""
        from django.db.models.signals import post_delete, post_save

        from trust.models import Sanction

        from .receivers import on_sanction_changed

        post_save.connect(on_sanction_changed, sender=Sanction, dispatch_uid="messaging-sanction-saved")
        post_delete.connect(on_sanction_changed, sender=Sanction, dispatch_uid="messaging-sanction-deleted")

    def _register_uploads(self) -> None:
        """Message attachments go through trust's upload pipeline; its verdict delivers or holds them."""
        from django.conf import settings

        from trust.uploads.registry import register_use
        from trust.uploads.signals import upload_scanned

        from .receivers import may_fetch_attachment, on_upload_scanned

        register_use(
            "message_attachment",
            kinds={"pdf", "docx", "text", "png", "jpeg", "gif", "webp"},
            max_bytes=lambda: settings.MESSAGING_ATTACHMENT_MAX_BYTES,
            context="message_attachment",
            access=may_fetch_attachment,
            label="message attachment",
        )
        upload_scanned.connect(on_upload_scanned, dispatch_uid="messaging-upload-scanned")

    def _register_admin_context(self) -> None:
        """Show flag reviewers the conversation around a flagged message (a refused message was
        never saved, so its flag points at the conversation: show the conversation's tail), and
        let only the recipient report a message."""
        from trust import registry

        from .models import Attachment, Conversation, Message
        from .selectors import attachment_flag_context, conversation_flag_context, message_flag_context

        registry.register_context_provider(Message, message_flag_context)
        registry.register_context_provider(Attachment, attachment_flag_context)
        registry.register_context_provider(Conversation, conversation_flag_context)
        registry.register_report_access(Message, _may_report_message)

    def _connect_contract_events(self) -> None:
        """Contracts fan out events with a signal; messaging posts them as system messages."""
        try:
            from contracts.signals import contract_event
        except ImportError:
            logger.info("contracts.signals.contract_event not available yet; contract notices disabled")
            return
        from .receivers import on_contract_event

        contract_event.connect(on_contract_event, dispatch_uid="messaging-contract-event")
