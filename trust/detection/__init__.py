"""Contact-detail and off-platform-payment detector (pure Python, no Django).

Public API: `scan(text, *, allow_domains=())`, `scan_conversation(messages, *, window=..., max_messages=...)`,
`Finding`, `ConversationFinding`, `DEFAULT_ALLOW_DOMAINS`. See README.md in this package.
"""

from __future__ import annotations

from .contacts import DEFAULT_ALLOW_DOMAINS
from .conversation import scan_conversation
from .findings import KINDS, ConversationFinding, Finding
from .scanner import scan

__all__ = ["DEFAULT_ALLOW_DOMAINS", "KINDS", "ConversationFinding", "Finding", "scan", "scan_conversation"]
