"""HTML views: the inbox, a conversation (works without JavaScript: the composer posts a form),
editing, starting a conversation from a proposal or an invitation, and attachment downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedHttpRequest
from marketplace.models import Invitation, Proposal

from . import selectors, services
from .exceptions import MessageBlocked, MessagingError
from .forms import MessageEditForm, MessageForm
from .models import Conversation, Message

if TYPE_CHECKING:
    from trust.policy import Decision

INBOX_PER_PAGE = 20
HISTORY_PER_PAGE = 30


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    conversations = selectors.conversation_list_for(user=request.user)
    page = Paginator(conversations, INBOX_PER_PAGE).get_page(request.GET.get("page"))
    for conversation in page.object_list:
        conversation.other = conversation.other_party(request.user)  # type: ignore[attr-defined]  # for the template
    return render(request, "messaging/conversation_list.html", {"page": page})


def _detail_context(
    request: AuthenticatedHttpRequest, conversation: Conversation, *, form: MessageForm, decision: Decision | None
) -> dict[str, object]:
    before = request.GET.get("before")
    history = selectors.message_history(
        conversation=conversation,
        viewer=request.user,
        before_id=int(before) if before and before.isdigit() else None,
        limit=HISTORY_PER_PAGE,
    )
    other = conversation.other_party(request.user)
    if "body" in form.fields:  # the live hint (static/js/trust-hint.js)
        form.fields["body"].widget.attrs.update(
            {"data-trust-hint": "message", "data-trust-hint-counterpart": other.pk}
        )
    other_read_at = (
        conversation.freelancer_last_read_at
        if other.pk == conversation.freelancer_id
        else conversation.client_last_read_at
    )
    seen_id = None
    if other_read_at is not None:
        for message in history.messages:
            if message.sender_id == request.user.pk and message.created_at <= other_read_at:
                seen_id = message.pk
    return {
        "conversation": conversation,
        "other": other,
        "history": history,
        "paging_older": before is not None,
        "seen_id": seen_id,
        "form": form,
        "decision": decision,
    }


def _send_from_form(
    request: AuthenticatedHttpRequest, conversation: Conversation, form: MessageForm
) -> tuple[HttpResponse | None, Decision | None, int]:
    """Send the composer's message. Returns (redirect to it, None, 302) or (None, trust decision, status)."""
    if not form.is_valid():
        return None, None, 400
    try:
        message = services.message_send(
            conversation=conversation,
            sender=request.user,
            body=form.cleaned_data["body"],
            attachment=form.cleaned_data.get("attachment"),
        )
    except MessageBlocked as exc:
        return None, exc.decision, 400
    except MessagingError as exc:
        form.add_error(None, exc.text)
        return None, None, 429 if exc.code_name == "rate_limited" else 400
    except ValidationError as exc:
        form.add_error("attachment" if exc.code and exc.code.startswith("attachment") else None, exc)
        return None, None, 400
    url = f"{reverse('messaging:conversation-detail', args=[conversation.pk])}#m-{message.pk}"
    return redirect(url), None, 302


@login_required
@require_http_methods(["GET", "POST"])
def conversation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation = selectors.conversation_get_for(pk=pk, user=request.user)
    decision = None
    status = 200
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        sent, decision, status = _send_from_form(request, conversation, form)
        if sent is not None:
            return sent
    else:
        form = MessageForm()
        if "before" not in request.GET:
            services.conversation_mark_read(conversation=conversation, user=request.user)
    context = _detail_context(request, conversation, form=form, decision=decision)
    return render(request, "messaging/conversation_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def message_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(
        Message.objects.select_related("conversation__client", "conversation__freelancer"), pk=pk, sender=request.user
    )
    conversation = message.conversation
    back = f"{reverse('messaging:conversation-detail', args=[conversation.pk])}#m-{message.pk}"
    decision = None
    if request.method == "POST":
        form = MessageEditForm(request.POST)
        if form.is_valid():
            try:
                services.message_edit(message=message, editor=request.user, body=form.cleaned_data["body"])
            except MessageBlocked as exc:
                decision = exc.decision
            except MessagingError as exc:
                form.add_error(None, exc.text)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                flash.success(request, "Message updated.")
                return redirect(back)
    else:
        form = MessageEditForm(initial={"body": message.body})
    return render(
        request,
        "messaging/message_edit.html",
        {"form": form, "message": message, "conversation": conversation, "decision": decision, "back": back},
        status=400 if request.method == "POST" else 200,
    )


def _start(
    request: AuthenticatedHttpRequest,
    parties: selectors.ConversationParties,
    start: Callable[[], Conversation],
    about: str,
) -> HttpResponse:
    """GET: the pair's conversation if it exists, else an empty conversation page with a composer
    (nothing is written on GET). POST: start the conversation (the `start` service) with its first
    message, then show it."""
    if request.method == "GET":
        existing = selectors.conversation_find(**parties)
        if existing is not None:
            return redirect("messaging:conversation-detail", pk=existing.pk)
        form = MessageForm()
        status = 200
        decision = None
    else:
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid() and not form.cleaned_data["body"].strip() and not form.cleaned_data.get("attachment"):
            form.add_error("body", "Write a message to start the conversation.")
        if form.is_valid():
            try:
                conversation = start()
            except MessagingError as exc:  # a restriction stops new conversations
                form.add_error(None, exc.text)
                other = parties["freelancer"] if request.user.pk == parties["client"].pk else parties["client"]
                context: dict[str, object] = {
                    "other": other, "job": parties.get("job"), "about": about, "form": form, "decision": None
                }
                return render(request, "messaging/conversation_new.html", context, status=403)
            sent, decision, status = _send_from_form(request, conversation, form)
            if sent is not None:
                return sent
            detail = _detail_context(request, conversation, form=form, decision=decision)
            return render(request, "messaging/conversation_detail.html", detail, status=status)
        status = 400
        decision = None
    other = parties["freelancer"] if request.user.pk == parties["client"].pk else parties["client"]
    context = {"other": other, "job": parties.get("job"), "about": about, "form": form, "decision": decision}
    return render(request, "messaging/conversation_new.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def start_from_proposal(request: AuthenticatedHttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.select_related("job__client", "freelancer"), pk=proposal_pk)
    parties = selectors.conversation_parties_for_proposal(proposal=proposal, actor=request.user)
    return _start(
        request,
        parties,
        lambda: services.conversation_start_for_proposal(proposal=proposal, actor=request.user),
        about="their proposal",
    )


@login_required
@require_http_methods(["GET", "POST"])
def start_from_invitation(request: AuthenticatedHttpRequest, invitation_pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("job__client", "freelancer"), pk=invitation_pk)
    parties = selectors.conversation_parties_for_invitation(invitation=invitation, actor=request.user)
    return _start(
        request,
        parties,
        lambda: services.conversation_start_for_invitation(invitation=invitation, actor=request.user),
        about="the invitation",
    )


@login_required
@require_http_methods(["GET", "POST"])
def start_from_contract(request: AuthenticatedHttpRequest, contract_pk: int) -> HttpResponse:
    """The contract's room, for either party (contracts link here: /messages/new/contract/<pk>/)."""
    from contracts.models import Contract

    contract = get_object_or_404(
        Contract.objects.select_related("client", "freelancer", "job", "proposal"), pk=contract_pk
    )
    if request.user.pk not in (contract.client_id, contract.freelancer_id):
        raise Http404("No such contract.")
    parties = selectors.conversation_parties_for_contract(contract=contract)
    return _start(
        request, parties, lambda: services.conversation_for_contract(contract=contract), about="the contract"
    )


@login_required
def attachment_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """Messaging's permission check, then trust's serving (attachment disposition, nosniff)."""
    from trust.uploads.views import serve

    attachment = selectors.attachment_get_for_download(pk=pk, user=request.user)
    return serve(attachment.upload, download=True)


@login_required
def unread_badge(request: HttpRequest) -> HttpResponse:
    """The nav badge alone (for pages that refresh it without a socket)."""
    return render(request, "messaging/partials/nav_badge.html", {"unread": selectors.unread_total(user=request.user)})
