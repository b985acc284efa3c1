"""May this text pass between these parties in this context? (first version; trust owner extends)

`check_text` is what forms, views and consumers call first for a specific error; the guard
(trust.enforcement) calls the same decision as the backstop on every save path.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from trust.detection import Finding, scan


@dataclass
class Decision:
    text: str
    context: str
    findings: list[Finding] = field(default_factory=list)  # the findings that deny the text

    @property
    def allowed(self) -> bool:
        return not self.findings

    @property
    def message(self) -> str:
        if self.allowed:
            return ""
        what = "; ".join(f.reason for f in self.findings)
        return f"This can't be sent: {what}. Contact details and payments outside the platform are not allowed here."

    @property
    def highlighted_html(self) -> SafeString:
        """The text, escaped, with each finding wrapped in <mark class="finding">."""
        out, pos = [], 0
        for f in sorted(self.findings, key=lambda f: f.start):
            if f.start < pos:
                continue
            out.append(escape(self.text[pos : f.start]))
            out.append(f'<mark class="finding" title="{escape(f.reason)}">{escape(self.text[f.start : f.end])}</mark>')
            pos = f.end
        out.append(escape(self.text[pos:]))
        return mark_safe("".join(out))


def check_text(text: str, *, context: str, user: Any = None, counterpart: Any = None) -> Decision:
    return Decision(text=text, context=context, findings=scan(text or ""))
