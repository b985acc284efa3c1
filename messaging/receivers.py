"""Listeners for other apps' fan-out signals (contracts never imports messaging)."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def on_contract_event(sender: Any, *, contract: Any, event: str, text: str, actor: Any = None, **kwargs: Any) -> None:
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


def on_sanction_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
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
