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
