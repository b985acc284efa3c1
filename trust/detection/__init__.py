"""Contact-detail and off-platform-payment detector (pure Python, no Django).

Public API: `scan(text, *, allow_domains=())`, `scan_conversation(messages, *, window=..., max_messages=...)`,
`Finding`, `ConversationFinding`, `DEFAULT_ALLOW_DOMAINS`. See README.md in this package.
"""

from __future__ import annotations

from .contacts import DEFAULT_ALLOW_DOMAINS
from .conversation import scan_conversation
from .findings import KINDS, ConversationFinding, Finding
from .scanner import scan

__all__ = ["DEFAULT_ALLOW_DOMAINS", "KINDS", "ConversationFinding", "Finding", "scan", "scan_conversation", "warm"]

# One text that wakes every pass: the lexicons, tries and big patterns are built on first use.
_WARM_TEXTS = (
    "Send me the brief on WhatsApp, pay via PayPal to save the fee: jane.doe(at)example dot com, call +1 312 555 "
    "0147 or nine one two, t.me/janedesigns, IBAN DE89 3704 0044 0532 0130 00, sort code 20-00-00 acc 12345678, "
    "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh, ʇɐɥʍ cinquecentoquaranta, am9obkBleGFtcGxlLmNvbQ==",
    "call me on 312",
    "555 0147",
    "my number is in my profile picture, search janedesigns on Behance, same username as here; what's your WhatsApp? "
    "Can we continue this somewhere else?",
)


def warm() -> None:
    """Build every cached lexicon and pattern now, once, in this thread. A server process calls it at
    start-up: otherwise the first messages pay for it, and a pool of threads that all meet a cold cache
    at once each builds it (seen as seconds of CPU per worker in the messaging bench's first phase)."""
    from .conversation import scan_split

    for text in _WARM_TEXTS:
        scan(text)
    scan_split(list(_WARM_TEXTS[1:]))
