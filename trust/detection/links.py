"""Links that open a private channel to the sender, even on famous hosts (data/links.toml).

Why a separate table: "zoom.us", "docs.google.com" or "dropbox.com" named as a topic, or their pricing and
help pages, lead to the service; but a personal meeting room (zoom.us/j/..., meet.google.com/abc-defg-hij),
a booking page (calendly.com/ana), a chat invite (chat.whatsapp.com/..., discord.gg/...), a shared document,
a file drop or a form is a channel to the sender that bypasses the platform. Which path shapes count is
data, per host group; `contacts.detect_urls` asks `private_channel` before treating a famous host as a
reference. App deep links (tg://, whatsapp://, skype:name?call) have no host and are matched here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import registry
from .document import Doc


@dataclass(frozen=True, slots=True)
class _Rule:
    label: str
    exact: frozenset[str]
    suffixes: tuple[str, ...]
    path: re.Pattern[str]
    social: bool


@cache
def _rules() -> tuple[_Rule, ...]:
    rules = []
    for table in registry.load("links")["link"]:
        hosts = [h.lower() for h in table["hosts"]]
        rules.append(
            _Rule(
                label=str(table["label"]),
                exact=frozenset(h for h in hosts if not h.startswith(".")),
                suffixes=tuple(h for h in hosts if h.startswith(".")),
                path=re.compile(str(table["path"]) or r"^/.+", re.IGNORECASE),
                social=bool(table.get("social", False)),
            )
        )
    return tuple(rules)


def private_channel(host: str, path: str) -> tuple[str, bool] | None:
    """(label, also_social) when host+path is a private channel (meeting, booking, chat, doc, drop, form)."""
    host = host.lower().removeprefix("www.")
    if not path or path == "/":
        return None
    for rule in _rules():
        if (host in rule.exact or "www." + host in rule.exact or host.endswith(rule.suffixes)) and rule.path.search(
            path
        ):
            return rule.label, rule.social
    return None


@cache
def _deep_link_re() -> re.Pattern[str]:
    schemes = registry.load("links")["deep_links"]["schemes"]
    alt = registry.trie_pattern(s.lower() for s in schemes if s not in ("tel", "mailto", "sms"))
    return re.compile(
        r"(?<![\w.+\-])(?:" + alt + r")(?::///?|:(?=[\w.+\-]+\?(?:call|chat|add|userinfo)))[^\s<>\"'`]{2,200}"
    )


def detect_deep_links(doc: Doc) -> None:
    """App links with no web host: tg://resolve?domain=x, whatsapp://send?phone=..., skype:name?call."""
    low = doc.low.text
    if ":" not in low:
        return
    for m in _deep_link_re().finditer(low):
        value = m.group().rstrip(".,;:!?)]}")
        span = doc.span(doc.low, m.start(), m.start() + len(value))
        if doc.in_code(span[0]):
            continue
        scheme = value.split(":", 1)[0]
        doc.add("url", span, value, 0.95, f"App link ({scheme}): {value}")
        doc.add("social", span, value, 0.95, f"Chat / call link ({scheme}): {value}")
