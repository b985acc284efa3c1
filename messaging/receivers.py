"""Listeners for other apps' fan-out signals (contracts never imports messaging)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User
    from contracts.models import Contract
    from trust.models import Sanction
    from trust.uploads.models import Upload

logger = logging.getLogger(__name__)


def on_contract_event(
    sender: object, *, contract: Contract, event: str, text: str, actor: User | None = None, **kwargs: object
) -> None:
    """Post the event ("Milestone funded", "Offer sent") into the pair's conversation for this
    contract, creating it if needed. A failure here must not undo the contract's own work (the
    signal is sent after commit), so it is logged rather than raised."""
    from .services import conversation_for_contract, message_post_system

    if not text:
        return
    try:
        conversation = conversation_for_contract(contract=contract)
        message_post_system(conversation=conversation, body=text)
    except Exception:
        logger.exception("messaging: could not post contract event %r for contract %s", event, contract.pk)


def on_sanction_changed(sender: type[Sanction], instance: Sanction, **kwargs: object) -> None:
    """A sanction was applied, changed or lifted: forget the cached standing at once, and close every
    open socket of a user who is now suspended (after commit: only a sanction that exists acts)."""
    from django.db import transaction

    from .services import standing_forget

    user_id = instance.user_id
    standing_forget(user_id=user_id)
    transaction.on_commit(lambda: standing_forget(user_id=user_id))
    if instance.kind == "suspension" and instance.lifted_at is None:

        def close_sockets() -> None:
            from .realtime import close_user_sockets

            close_user_sockets(user_id=user_id)

        transaction.on_commit(close_sockets, robust=True)


# --- trust's upload pipeline -------------------------------------------------------------------


def may_fetch_attachment(user: User, upload: Upload) -> bool:
    """The recipient of a delivered attachment (trust lets the sender and staff in itself)."""
    from .models import Attachment

    attachment = Attachment.objects.select_related("message__conversation").filter(upload=upload).first()
    if attachment is None:
        return False
    message = attachment.message
    return (
        attachment.is_delivered
        and message.conversation.is_party(user)
        and message.visible_to_id in (None, getattr(user, "pk", None))
    )


# trust.Upload.Reason -> Attachment.HoldReason for files held for review.
_HELD_REASONS = {"no_ocr": "no_ocr", "staff": "staff"}


def on_upload_scanned(sender: object, *, upload: Upload, **kwargs: object) -> None:
    """trust's verdict on a message attachment: deliver it, withhold it, or hold it for review."""
    if upload.use != "message_attachment":
        return
    from .models import Attachment
    from .services import attachment_hold, attachment_mark_clean

    for attachment in Attachment.objects.select_related("message__conversation", "message__sender").filter(
        upload=upload
    ):
        if upload.status == "clean":
            if attachment.status != Attachment.Status.CLEAN:
                attachment_mark_clean(attachment=attachment)
        elif upload.status == "refused":
            reason = Attachment.HoldReason.STAFF if upload.reason == "staff" else Attachment.HoldReason.CONTACT
            if attachment.status != Attachment.Status.WITHHELD:
                attachment_hold(attachment=attachment, status=Attachment.Status.WITHHELD, reason=reason,
                                found_kinds=list(upload.found_kinds))
        elif upload.status == "held" and attachment.status != Attachment.Status.REVIEW:
            attachment_hold(attachment=attachment, status=Attachment.Status.REVIEW,
                            reason=_HELD_REASONS.get(upload.reason, Attachment.HoldReason.UNREADABLE))
