"""May this text pass between these parties in this context?

- Public text (profiles, portfolio, company names, job posts, proposals, invitations, attachment
  text, user names) never carries contact details.
- Two-party text ("message", "contract" and their attachments, e.g. "message_attachment"): contact
  details pass once a contract between the two has started (the "contract_started" relationship
  contracts registers with trust.registry).
- Soliciting payment outside the platform (kind "payment") never passes, contract or not.
- `TRUST_ALLOWED_DOMAINS` are never findings; staff authors are exempt when `TRUST_EXEMPT_STAFF`
  (the exemption is logged).

`decide` is pure (no writes). Services ask it through their write scope (trust.scope), which
records refusals; the guard (trust.enforcement) reuses the scope's decisions on every save path.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from trust.detection import Finding, scan

if TYPE_CHECKING:
    from trust.types import User

logger = logging.getLogger("trust.policy")

PUBLIC_CONTEXTS = frozenset({"profile", "job_post", "proposal", "invitation"})
PARTY_CONTEXT_PREFIXES = ("message", "contract")
ALWAYS_DENIED_KINDS = frozenset({"payment"})
# Split detection reads at most this many of the sender's messages on each side of the judged one
# (messaging passes its window: MESSAGING_SPLIT_MAX_MESSAGES; trust.detection.scan_split joins only fragments).
MAX_PRECEDING = 20

WHERE = {
    "profile": "in your profile",
    "job_post": "in a job post",
    "proposal": "in a proposal",
    "invitation": "in an invitation",
    "message": "in a message",
    "message_attachment": "in a message attachment",
    "contract": "in a contract",
}
# For people reading a flag or their standing page ("Where: in a job post", never "Job_post").
CONTEXT_LABELS = {
    "profile": "Profile", "job_post": "Job post", "proposal": "Proposal", "invitation": "Invitation",
    "message": "Message", "message_attachment": "Message attachment", "contract": "Contract",
}


def context_label(context: str) -> str:
    return CONTEXT_LABELS.get(context, context.replace("_", " ").capitalize())


def is_party_context(context: str) -> bool:
    """Two-party contexts: the text goes to one counterpart, so a started contract opens them up."""
    return context.startswith(PARTY_CONTEXT_PREFIXES)


@dataclass
class Decision:
    text: str
    context: str
    findings: list[Finding] = field(default_factory=list)  # the findings that deny the text
    user: User | None = None
    counterpart: User | None = None
    # Findings that would have denied the text but the author is exempt (staff): logged, not denied.
    exempted: list[Finding] = field(default_factory=list)
    # Cross-message findings (split numbers): the dicts stored on the flag with their spans.
    conversation: list[dict] = field(default_factory=list)
    preceding: tuple[str, ...] = ()
    following: tuple[str, ...] = ()  # an edit: the author's later messages, read after the new text
    # What the refusal counted as ("This counted as a warning, 1 of 4 points..."), once recorded.
    outcome: str = ""
    contract_started: bool = False

    @property
    def allowed(self) -> bool:
        return not self.findings

    @property
    def kinds(self) -> set[str]:
        return {f.kind for f in self.findings}

    @property
    def confidence(self) -> float:
        return max((f.confidence for f in self.findings), default=0.0)

    @property
    def is_party(self) -> bool:
        return is_party_context(self.context)

    @property
    def headline(self) -> str:
        """First line of the refusal box: sent (to the other party) or saved (public text)."""
        if self.is_party:
            return "Not sent: this contains details that can't be shared here."
        return "Not saved: this contains details that can't be shown here."

    @property
    def rule(self) -> str:
        """The rule that applies here and now (inside a started contract only payments are refused)."""
        if self.kinds <= ALWAYS_DENIED_KINDS or (self.is_party and self.contract_started):
            return "Payments always go through the platform, before and during a contract."
        if self.is_party:
            return (
                "Contact details can be shared once a contract between you has started, "
                "and payments always go through the platform."
            )
        where = WHERE.get(self.context, "here")
        return f"Contact details and payments outside the platform are not allowed {where}."

    @property
    def message(self) -> str:
        if self.allowed:
            return ""
        what = "; ".join(dict.fromkeys(f.reason for f in self.findings))
        verb = "Not sent" if self.is_party else "Not saved"
        return f"{verb}: {what}. {self.rule}"

    @property
    def highlighted_html(self) -> SafeString:
        """The text, escaped, with each finding wrapped in <mark class="finding">."""
        return highlight(self.text, [(f.start, f.end, f.reason) for f in self.findings])


def highlight(text: str, spans: Sequence[tuple[int, int, str]]) -> SafeString:
    """Escape `text` and wrap each (start, end, title) span in <mark class="finding">."""
    out: list[str] = []
    pos = 0
    for start, end, title in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end = max(start, 0), min(end, len(text))
        if start < pos or start >= end:
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="finding" title="{escape(title)}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def _allow_domains() -> tuple[str, ...]:
    return tuple(getattr(settings, "TRUST_ALLOWED_DOMAINS", ()))


def _conversation_findings(
    preceding: Sequence[str], text: str, following: Sequence[str] = ()
) -> tuple[list[Finding], list[dict]]:
    """Findings that exist only across the sender's messages, mapped onto `text`.

    `text` is the message being sent (or the new text of an edited one, with the author's later
    messages in `following`); a split detail is denied as a whole, and each span that falls in the
    current text is highlighted there. Evidence indices count over preceding + [text] + following.
    """
    from trust.detection.conversation import scan_split

    preceding = list(preceding[-MAX_PRECEDING:])
    texts = [*preceding, text, *following[:MAX_PRECEDING]]
    current = len(preceding)
    mapped: list[Finding] = []
    evidence: list[dict] = []
    # The caller already limited the texts to its split window; scan_split joins only fragments.
    found = scan_split(texts, current=current, allow_domains=_allow_domains())
    for cf in found:
        indices = tuple(getattr(cf, "message_indices", ()) or ())
        if current not in indices or len(indices) < 2:
            continue  # single-message findings come from scan(); earlier-only ones were already decided
        spans = [(s, e) for (i, s, e) in cf.spans if i == current] or [(0, 0)]
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        mapped.append(
            Finding(
                kind=cf.kind, start=start, end=end, matched=text[start:end], normalized=cf.normalized,
                confidence=cf.confidence, reason=cf.reason,
            )
        )
        evidence.append(
            {
                "kind": cf.kind, "matched": cf.matched, "normalized": cf.normalized, "confidence": cf.confidence,
                "reason": cf.reason, "message_indices": list(indices), "spans": [list(s) for s in cf.spans],
            }
        )
    return mapped, evidence


def contract_started(user: User | None, counterpart: User | None) -> bool:
    """Whether `user` and `counterpart` have a started contract (the provider contracts registers)."""
    if user is None or counterpart is None or not getattr(user, "pk", None) or not getattr(counterpart, "pk", None):
        return False
    from trust.registry import relationship

    return relationship("contract_started", user, counterpart)


INTENT_NORMALIZED = frozenset({"off-platform payment"})


def is_identifier(finding: Finding | Mapping[str, object]) -> bool:
    """A finding that names a way to reach someone or pay them (an address, number, handle, account),
    as opposed to intent only ("let's talk on WhatsApp" with nothing to reach): intent-only findings
    go to a reviewer and never confirm by themselves. The detector marks intent findings with kind
    "intent" or `identifier=False`; findings from before that field existed count as identifiers."""
    get = finding.get if isinstance(finding, dict) else (lambda name, default=None: getattr(finding, name, default))
    if get("kind") == "intent" or get("identifier", True) is False:
        return False
    normalized = str(get("normalized") or "")
    # trust.detection.intent's findings name no address: "off-platform payment", "<platform>: invitation
    # to continue on <platform>".
    if normalized in INTENT_NORMALIZED or ": invitation to continue on" in normalized:
        return False
    return bool(normalized or get("matched"))


def decide(
    text: str, *, context: str, user: User | None = None, counterpart: User | None = None,
    preceding: Sequence[str] = (), following: Sequence[str] = (),
) -> Decision:
    """Pure decision (no writes): which findings deny `text` here."""
    text = text or ""
    preceding = tuple(preceding)
    following = tuple(following)
    findings = list(scan(text, allow_domains=_allow_domains())) if text.strip() else []
    conversation: list[dict] = []
    if (preceding or following) and text.strip():
        extra, conversation = _conversation_findings(preceding, text, following)
        findings.extend(extra)
    started = bool(findings) and is_party_context(context) and contract_started(user, counterpart)
    if started:
        findings = [f for f in findings if f.kind in ALWAYS_DENIED_KINDS]
        conversation = [c for c in conversation if c["kind"] in ALWAYS_DENIED_KINDS]
    decision = Decision(
        text=text, context=context, findings=findings, user=user, counterpart=counterpart,
        conversation=conversation, preceding=preceding, following=following, contract_started=started,
    )
    if findings and user is not None and getattr(user, "is_staff", False) and settings.TRUST_EXEMPT_STAFF:
        decision.exempted, decision.findings = findings, []
        logger.info(
            "trust: staff exemption for user %s in %s: %s", getattr(user, "pk", None), context,
            ", ".join(f.kind for f in findings),
        )
    return decision
