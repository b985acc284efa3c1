"""The trust write scope: who is writing what to whom, said once per write.

Every service that writes guarded text opens one scope around its transaction:

    from trust.scope import writing

    with writing(author=sender, counterpart=other, context="message", target=conversation) as scope:
        scope.check(body=body)             # raises ContentBlocked(decision) when denied
        with transaction.atomic():
            Message.objects.create(...)    # the guard reuses the decision above: no second scan

- The guard (trust.guards, on every save path) reads `current()` and judges with the scope's author
  and counterpart instead of guessing them from the row; it falls back to the paths registered with
  `guard(...)` only outside any scope (shell, fixtures).
- A ContentBlocked leaving the scope (from `check` or from the guard inside the transaction) is
  recorded as ONE flag when the scope exits, after the rollback, with the scope's author, then
  re-raised; its message then also says what the refusal counted as.
- `delivered=False` (drafts, previews): refused like anything else, never a strike.
- Staff and system writes: `writing(author=None, actor=staff_user, ...)` (or no actor: the system).
  They are judged as the actor (staff exemption, audited) and never strike anyone.

Nested scopes (a contract service posting a system message) record in the innermost scope that sees
the refusal outside a transaction; inside a transaction they leave it to the enclosing scope.
"""
from __future__ import annotations

import contextvars
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection

from trust.exceptions import ContentBlocked
from trust.policy import Decision, decide

if TYPE_CHECKING:
    from django.db import models

    from trust.types import User

# Bidirectional overrides and isolates (U+202A-202E, U+2066-2069): they make stored text render in
# another order ("moc.liamg@bob" shown as an address). Stripped from every guarded text.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What separates fields that render together when they are read as one text.
TOGETHER_SEPARATOR = " "

_current: contextvars.ContextVar[WriteScope | None] = contextvars.ContextVar("trust_write_scope", default=None)


def strip_bidi(text: str) -> str:
    """`text` without bidi override/isolate characters (the form the text is stored and judged in)."""
    return BIDI_CONTROLS.sub("", text) if text else text


def current() -> WriteScope | None:
    """The innermost open write scope, or None (shell, fixtures, code that writes no user text)."""
    return _current.get()


@dataclass(eq=False)
class WriteScope:
    author: User | None
    counterpart: User | None
    context: str
    delivered: bool = True
    actor: User | None = None
    # What a flag points at when the refused row was never saved (the conversation, the job...).
    target: models.Model | None = None
    parent: WriteScope | None = None
    # Staff writing their own words (a dispute decision) are exempt (TRUST_EXEMPT_STAFF, audited);
    # staff editing a user's published text in the admin are not: it still appears as the user's.
    staff_exempt: bool = True
    # (context, text, preceding ["\x00" following], counterpart pk) -> the decision
    decisions: dict[tuple[str, str, tuple[str, ...], int | None], Decision] = field(default_factory=dict)
    scans: int = 0  # texts actually decided (tests assert the guard reuses decisions)

    @property
    def is_staff_write(self) -> bool:
        """Nobody but staff or the system wrote this: it can be refused but never strikes a user."""
        return self.author is None

    @property
    def judged_user(self) -> User | None:
        """Whom the policy judges: the author, else the staff actor (exemption), else nobody (system)."""
        if self.author is not None:
            return self.author
        return self.actor if self.staff_exempt else None

    def decide(
        self, text: str, *, context: str | None = None, preceding: Sequence[str] = (), counterpart: User | None = None,
        following: Sequence[str] = (),
    ) -> Decision:
        """The policy's decision for `text`, computed once per (context, text, preceding) in this scope.

        `counterpart`: the guard's per-row counterpart when the scope names none (contract rows)."""
        context = context or self.context
        text = strip_bidi(text or "")
        counterpart = counterpart if counterpart is not None else self.counterpart
        key = (context, text, (*preceding, "\x00", *following) if following else tuple(preceding),
               getattr(counterpart, "pk", None))
        decision = self.decisions.get(key)
        if decision is None:
            self.scans += 1
            decision = decide(
                text, context=context, user=self.judged_user, counterpart=counterpart, preceding=preceding,
                following=following,
            )
            self.decisions[key] = decision
        return decision

    def reads_preceding(self, text: str) -> bool:
        """Whether the decision on `text` can depend on the author's preceding messages (it could be a piece
        of a contact detail split across messages). When not, `check(preceding=...)` decides the same with
        or without them, so the caller may skip reading them (the chat's send path does)."""
        from trust.detection.conversation import could_be_piece

        text = strip_bidi(text or "")
        return bool(text.strip()) and could_be_piece(text)

    def contact_details_allowed(self) -> bool:
        """Whether contact details may pass between the author and the counterpart in this scope (a
        party context once their contract has started): messaging asks before holding back a message
        that looks like the start of one. One relationship lookup; ask only when it matters."""
        from trust.policy import contract_started, is_party_context

        return is_party_context(self.context) and contract_started(self.author, self.counterpart)

    def cached(self, text: str, *, context: str | None = None) -> Decision | None:
        """A decision already made for `text` in `context`, with or without preceding messages."""
        context = context or self.context
        text = strip_bidi(text or "")
        for (ctx, cached_text, _, _), decision in self.decisions.items():
            if ctx == context and cached_text == text:
                return decision
        return None

    def check(
        self, *, preceding: Sequence[str] = (), following: Sequence[str] = (), context: str | None = None,
        **texts: str | None,
    ) -> None:
        """Decide each named text, then (when there are several) all of them read as one, since they
        render together. The first refused one raises ContentBlocked naming its field.

        `preceding`: the author's recent messages (split contact details); read with the first text.
        `following`: for an edit, the author's messages after the edited one, read after the first text.
        """
        present = [(name, strip_bidi(text)) for name, text in texts.items() if isinstance(text, str) and text.strip()]
        for index, (name, text) in enumerate(present):
            decision = self.decide(
                text, context=context, preceding=preceding if index == 0 else (),
                following=following if index == 0 else (),
            )
            if not decision.allowed:
                raise self.refusal(decision, field=name)
        if len(present) > 1:
            joined = TOGETHER_SEPARATOR.join(text for _, text in present)
            decision = self.decide(joined, context=context)
            if not decision.allowed:
                raise self.refusal(decision, field=present[0][0])

    def refusal(self, decision: Decision, *, field: str = "", target: models.Model | None = None) -> ContentBlocked:
        blocked = ContentBlocked(
            decision.message, findings=decision.findings, context=decision.context, field=field, decision=decision
        )
        blocked.target = target if target is not None else self.target
        return blocked

    def record(self, blocked: ContentBlocked) -> None:
        """Record the refusal once (trust.services.refusal_record) and tell the author what it counted as."""
        if blocked.recorded or blocked.decision is None:
            return
        from trust.services import refusal_record

        blocked.recorded = True
        flag, outcome = refusal_record(
            decision=blocked.decision,
            field_name=blocked.field,
            target=blocked.target if blocked.target is not None else self.target,
            author=self.author,
            actor=self.actor,
            delivered=self.delivered,
        )
        blocked.flag = flag
        blocked.outcome = outcome
        blocked.decision.outcome = outcome
        if outcome:
            blocked.message = f"{blocked.decision.message} {outcome}"


@contextmanager
def writing(
    *,
    author: User | None,
    counterpart: User | None = None,
    context: str,
    delivered: bool = True,
    actor: User | None = None,
    target: models.Model | None = None,
    staff_exempt: bool = True,
) -> Iterator[WriteScope]:
    """Open a write scope (see the module docstring). `author` None: a staff (`actor`) or system write."""
    if author is not None and not getattr(author, "pk", None) and not getattr(author, "email", None):
        author = None  # an anonymous visitor writes nothing of their own
    parent = current()
    scope = WriteScope(
        author=author, counterpart=counterpart, context=context, delivered=delivered,
        actor=actor if actor is not None else author, target=target, parent=parent, staff_exempt=staff_exempt,
    )
    token = _current.set(scope)
    reset = False
    try:
        yield scope
    except ContentBlocked as blocked:
        _current.reset(token)
        reset = True
        # Outside a transaction the write has rolled back: record now. Inside one, an enclosing scope
        # records after its own rollback; with none (a caller's transaction, a test) record here.
        if blocked.scope is None:
            blocked.scope = scope  # the innermost scope knows who wrote the refused text
        if parent is None or not connection.in_atomic_block:
            blocked.scope.record(blocked)
        raise
    finally:
        if not reset:
            _current.reset(token)
