"""Reads for messaging: inbox rows, a page of history, unread counts, the split-detection window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, NamedTuple, NotRequired, TypedDict

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections, models, router
from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from core import db
from marketplace.models import Invitation, JobPost, Proposal

from .models import Attachment, Conversation, Message

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from contracts.models import Contract


class ConversationParties(TypedDict):
    """Who a conversation is between, and what brought them together (the links it carries)."""

    client: User
    freelancer: User
    job: JobPost | None
    proposal: NotRequired[Proposal | None]
    invitation: NotRequired[Invitation | None]
    contract: NotRequired[Contract | None]


def _visible_to(user: User, prefix: str = "") -> Q:
    """Messages every party sees, plus notices addressed to `user` only."""
    return Q(**{f"{prefix}visible_to__isnull": True}) | Q(**{f"{prefix}visible_to": user})


def _delivered_to(user: User, prefix: str = "") -> Q:
    """Messages `user` may see: their own, and the others' once delivered (not held back: a hold ends
    at the sender's next message or at `held_until`, so an expired hold shows even if its release task
    never ran; a held message that was then withdrawn is never delivered). Plus `_visible_to`."""
    p = prefix
    delivered = (
        Q(**{f"{p}held_until__isnull": True})
        | Q(**{f"{p}held_until__lte": timezone.now(), f"{p}withdrawn_at__isnull": True})
        | Q(**{f"{p}sender": user})
    )
    return delivered & _visible_to(user, p)


def _unread_for(user: User, prefix: str = "") -> Q:
    """Messages (under `prefix`) that `user` has not read: from someone else, after their last read."""
    p = prefix
    as_client = Q(**{f"{p}conversation__client": user}) & (
        Q(**{f"{p}conversation__client_last_read_at__isnull": True})
        | Q(**{f"{p}created_at__gt": F(f"{p}conversation__client_last_read_at")})
    )
    as_freelancer = Q(**{f"{p}conversation__freelancer": user}) & (
        Q(**{f"{p}conversation__freelancer_last_read_at__isnull": True})
        | Q(**{f"{p}created_at__gt": F(f"{p}conversation__freelancer_last_read_at")})
    )
    not_mine = Q(**{f"{p}sender__isnull": True}) | ~Q(**{f"{p}sender": user})
    return (as_client | as_freelancer) & not_mine & _delivered_to(user, p)


def conversation_list_for(*, user: User) -> QuerySet[Conversation]:
    """The inbox: every conversation of `user`, most recent activity first, with the last visible
    message and the unread count annotated (no N+1)."""
    last = (
        Message.objects.filter(conversation=OuterRef("pk")).filter(_delivered_to(user)).order_by("-created_at", "-pk")
    )
    return (
        Conversation.objects.filter(Q(client=user) | Q(freelancer=user))
        .select_related("client", "freelancer", "job")
        .annotate(
            last_body=Subquery(last.values("body")[:1]),
            last_sender_id=Subquery(last.values("sender_id")[:1]),
            last_at=Subquery(last.values("created_at")[:1]),
            last_withdrawn_at=Subquery(last.values("withdrawn_at")[:1]),
            unread=Case(When(client=user, then=F("client_unread")), default=F("freelancer_unread")),
        )
        .order_by(F("last_message_at").desc(nulls_last=True), "-pk")
    )


def unread_total(*, user: User | AnonymousUser) -> int:
    """Unread messages across all conversations of `user`: the nav badge. Sums the per-party counters
    over the user's conversations (two index ranges), never counting messages."""
    if not getattr(user, "is_authenticated", False):
        return 0
    total = (
        Conversation.objects.filter(Q(client=user) | Q(freelancer=user))
        .aggregate(n=Sum(Case(When(client=user, then=F("client_unread")), default=F("freelancer_unread"))))
        .get("n")
    )
    return int(total or 0)


def unread_in(*, conversation: Conversation, user: User) -> int:
    """`user`'s unread count in `conversation`, from the database (the instance may be stale)."""
    field = conversation.unread_field(user.pk)
    return Conversation.objects.filter(pk=conversation.pk).values_list(field, flat=True).first() or 0


def unread_recount(*, conversation: Conversation, user: User) -> int:
    """Count from the messages (what the counters must equal): for repairs and tests."""
    return Message.objects.filter(conversation=conversation).filter(_unread_for(user)).count()


def conversation_get_for(*, pk: int, user: User) -> Conversation:
    """The conversation if `user` is one of its two parties; 404 otherwise (no hint it exists)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such conversation.")
    try:
        return Conversation.objects.select_related("client", "freelancer", "job").get(
            Q(client=user) | Q(freelancer=user), pk=pk
        )
    except Conversation.DoesNotExist:
        raise Http404("No such conversation.") from None


def conversation_parties_for_proposal(*, proposal: Proposal, actor: User) -> ConversationParties:
    """Who a conversation about `proposal` is between; only the job's owner may open it (freelancers
    can't write first): PermissionDenied otherwise."""
    job = proposal.job
    if actor.pk != job.client_id:
        raise PermissionDenied("Only the client who posted this job can start a conversation about a proposal.")
    return {"client": job.client, "freelancer": proposal.freelancer, "job": job, "proposal": proposal}


def conversation_parties_for_invitation(*, invitation: Invitation, actor: User) -> ConversationParties:
    """The client reached out by inviting, so either side of an invitation may open its conversation."""
    job = invitation.job
    if actor.pk not in (job.client_id, invitation.freelancer_id):
        raise PermissionDenied("Only the client and the invited freelancer can message about this invitation.")
    return {"client": job.client, "freelancer": invitation.freelancer, "job": job, "invitation": invitation}


def conversation_parties_for_contract(*, contract: Contract) -> ConversationParties:
    """The contract's room: the pair's conversation about the contract's job, else one per contract."""
    parties: ConversationParties = {
        "client": contract.client,
        "freelancer": contract.freelancer,
        "job": contract.job,
        "contract": contract,
    }
    if contract.proposal_id:
        parties["proposal"] = contract.proposal
    return parties


def conversation_find(
    *, client: User, freelancer: User, job: JobPost | None, **links: Proposal | Invitation | Contract | None
) -> Conversation | None:
    """The conversation these parties already have (one per client, freelancer and job; without a job,
    the one carrying the same links), or None. Reads only: starting one is a POST."""
    if job is not None:
        return Conversation.objects.filter(client=client, freelancer=freelancer, job=job).first()
    return Conversation.objects.filter(
        client=client, freelancer=freelancer, **{k: v for k, v in links.items() if v is not None}
    ).first()


def conversation_is_party(*, pk: int, user_id: int) -> bool:
    return Conversation.objects.filter(Q(client_id=user_id) | Q(freelancer_id=user_id), pk=pk).exists()


@dataclass
class HistoryPage:
    messages: list[Message]
    has_older: bool
    oldest_id: int | None


def message_history(
    *, conversation: Conversation, viewer: User, before_id: int | None = None, limit: int = 30
) -> HistoryPage:
    """A page of history, oldest first, ending at the newest message (or just before `before_id`)."""
    qs = (
        Message.objects.filter(conversation=conversation)
        .filter(_delivered_to(viewer))
        .select_related("sender")
        .prefetch_related("attachments")
    )
    if before_id is not None:
        qs = qs.filter(pk__lt=before_id)
    rows = list(qs.order_by("-created_at", "-pk")[: limit + 1])
    has_older = len(rows) > limit
    rows = rows[:limit]
    rows.reverse()
    return HistoryPage(messages=rows, has_older=has_older, oldest_id=rows[0].pk if rows else None)


class OwnMessage(NamedTuple):
    """One of the sender's messages in the split window (a tuple: 21 of them are built on every send).
    `held`: held back (held_until set), waiting for the sender's next message to release it. No
    timestamps: the send path needs none, and a timestamptz costs a pure-Python parse per row."""

    pk: int
    body: str
    held: bool


def message_sender_window(
    *, conversation: Conversation, sender: User, before: datetime | None = None, exclude_pk: int | None = None
) -> list[OwnMessage]:
    """The sender's own messages (oldest first) within MESSAGING_SPLIT_WINDOW before `before` (now), at
    most MESSAGING_SPLIT_MAX_MESSAGES: what trust reads together to catch a contact detail split across
    messages. The other party's replies and system notices don't break it (they are not the sender's);
    withdrawn messages are left out (their detail was caught already).

    One query on the (conversation, sender, created_at) index: the send path's only read for splits."""
    now = before or timezone.now()
    limit = settings.MESSAGING_SPLIT_MAX_MESSAGES
    alias = router.db_for_read(Message)
    ops = connections[alias].ops
    params = [
        conversation.pk, sender.pk,
        ops.adapt_datetimefield_value(now - settings.MESSAGING_SPLIT_WINDOW), ops.adapt_datetimefield_value(now),
        limit + 1,
    ]
    # Bound on the server but planned for its values each time (core.db): the generic plan of a prepared
    # statement can't see the time range and read and sorted the whole window instead of 21 rows.
    with db.prepared_cursor(alias, prepare=False) as cursor:
        cursor.execute(_window_sql(alias), params)
        rows = cursor.fetchall()
    out = [OwnMessage(pk, body, bool(held)) for pk, body, held in rows if pk != exclude_pk][:limit]  # SQLite: 0/1
    out.reverse()
    return out


@cache
def _window_sql(alias: str) -> str:
    """The split window's statement, written once per database: the ORM's query building was a fifth
    of a send's CPU for a statement that never changes shape (same columns, index, order)."""
    qn = connections[alias].ops.quote_name
    table = qn(Message._meta.db_table)

    def col(name: str) -> str:
        return f"{table}.{qn(column(Message, name))}"

    return (
        f"SELECT {col('id')}, {col('body')}, ({col('held_until')} IS NOT NULL) FROM {table} "
        f"WHERE ({col('conversation')} = %s AND {col('sender')} = %s AND {col('created_at')} >= %s "
        f"AND {col('created_at')} <= %s AND {col('withdrawn_at')} IS NULL) "
        f"ORDER BY {col('created_at')} DESC, {col('id')} DESC LIMIT %s"
    )


def column(model: type[models.Model], name: str) -> str:
    """The database column of `model`'s field `name` (for statements written once, by hand)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column, name
    return field.column


def message_sender_after(*, message: Message) -> list[OwnMessage]:
    """The sender's messages after `message` (oldest first) within the split window of it: an edit is
    read with them too (clean text followed by an edit that turns the sequence into a number)."""
    rows = (
        Message.objects.filter(
            conversation_id=message.conversation_id, sender_id=message.sender_id,
            created_at__gte=message.created_at,
            created_at__lte=message.created_at + settings.MESSAGING_SPLIT_WINDOW,
            withdrawn_at__isnull=True,
        )
        .exclude(pk=message.pk)
        .order_by("created_at", "pk")
        .values_list("pk", "body", "held_until")[: settings.MESSAGING_SPLIT_MAX_MESSAGES]
    )
    return [OwnMessage(pk, body, held_until is not None) for pk, body, held_until in rows]


def message_preceding_run(
    *, conversation: Conversation, sender: User, before: datetime | None = None, exclude_pk: int | None = None
) -> list[str]:
    """The bodies of `message_sender_window` (the guard's fallback outside a write scope reads these)."""
    return [
        m.body
        for m in message_sender_window(conversation=conversation, sender=sender, before=before, exclude_pk=exclude_pk)
        if m.body
    ]


def message_flag_context(message: Message, *, around: int = 5) -> list[Message]:
    """For flag reviewers: the messages around a flagged message (both parties, oldest first)."""
    base = Message.objects.filter(conversation_id=message.conversation_id).select_related("sender")
    before = list(base.filter(created_at__lte=message.created_at).order_by("-created_at", "-pk")[: around + 1])
    after = list(base.filter(created_at__gt=message.created_at).order_by("created_at", "pk")[:around])
    before.reverse()
    return before + after


def attachment_flag_context(attachment: Attachment, *, around: int = 5) -> list[Message]:
    return message_flag_context(attachment.message, around=around)


def conversation_flag_context(conversation: Conversation, *, last: int = 10) -> list[Message]:
    """A refused message was never saved, so its flag points at the conversation: show its tail."""
    rows = list(
        Message.objects.filter(conversation=conversation).select_related("sender").order_by("-created_at", "-pk")[:last]
    )
    rows.reverse()
    return rows


def attachment_get_for_download(*, pk: int, user: User) -> Attachment:
    """The sender may always fetch their own file; the recipient only once it was delivered (clean)."""
    try:
        attachment = Attachment.objects.select_related("message__conversation", "upload").get(pk=pk)
    except Attachment.DoesNotExist:
        raise Http404("No such file.") from None
    conversation = attachment.message.conversation
    if not conversation.is_party(user) or attachment.message.visible_to_id not in (None, user.pk):
        raise Http404("No such file.")
    message = attachment.message
    if message.sender_id != user.pk and (
        not attachment.is_delivered or message.withdrawn_at is not None
        or (message.held_until is not None and message.held_until > timezone.now())
    ):
        raise Http404("No such file.")
    return attachment


RESEND_WINDOW = timedelta(minutes=10)


def message_recent_same(*, conversation: Conversation, sender: User, body: str) -> int | None:
    """The id of `sender`'s message with this exact body stored in the last minutes (a resend after a
    dropped connection), or None."""
    return (
        Message.objects.filter(
            conversation=conversation, sender=sender, body=body.strip(),
            created_at__gte=timezone.now() - RESEND_WINDOW,
        )
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
