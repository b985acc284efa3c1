"""messaging.realtime renders the common message without the template engine: the same HTML, character
for character, as messaging/partials/message.html (which still renders everything else)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from messaging import realtime, services
from messaging.models import Message

pytestmark = pytest.mark.django_db


def template(message: Message, viewer) -> str:
    return render_to_string("messaging/partials/message.html", {"m": message, "user": viewer, "seen_id": None})


def sent(conversation, sender, body: str) -> Message:
    message = services.message_send(conversation=conversation, sender=sender, body=body)
    message = Message.objects.select_related("sender", "conversation").get(pk=message.pk)
    services._known_no_attachments(message)  # as the send path leaves it: no files, known without a query
    return message


@pytest.mark.parametrize("body", ["Plain text", "Tags <b>&amp;</b> \"quotes\" 'and' & more", "émoji ✓ line\nbreak"])
@pytest.mark.parametrize("edited", [False, True])
@pytest.mark.parametrize("old", [False, True])
def test_fast_render_equals_the_template(conversation, body, edited, old):
    c, f = conversation.client, conversation.freelancer
    c.first_name = "Ann <&>"
    c.save()
    message = sent(conversation, c, body)
    if edited:
        message.edited_at = timezone.now()
    if old:  # past the edit window: no Edit link
        message.created_at = timezone.now() - timedelta(days=3)
    for viewer in (c, f):
        fast = realtime._render_plain(message, viewer)
        assert fast is not None
        assert fast == template(message, viewer)
        assert realtime.render_for(message, viewer) == fast


def test_other_messages_go_through_the_template(conversation):
    c, f = conversation.client, conversation.freelancer
    message = sent(conversation, c, "hello")
    cases: dict[str, dict[str, object]] = {
        "withdrawn": {"withdrawn_at": timezone.now()},
        "held": {"held_until": timezone.now() + timedelta(seconds=5)},
        "no body": {"body": ""},
    }
    for changes in cases.values():
        variant = Message.objects.select_related("sender").get(pk=message.pk)
        services._known_no_attachments(variant)
        for field, value in changes.items():
            setattr(variant, field, value)
        for viewer in (c, f):
            assert realtime._render_plain(variant, viewer) is None
            assert realtime.render_for(variant, viewer) == template(variant, viewer)
    unprefetched = Message.objects.get(pk=message.pk)  # files unknown: the template asks the database
    assert realtime._render_plain(unprefetched, f) is None
    system = Message.objects.filter(conversation=conversation, kind=Message.Kind.SYSTEM).first()
    if system is not None:
        services._known_no_attachments(system)
        assert realtime._render_plain(system, f) is None


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/St_Johns"])
@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_fast_render_equals_the_template_in_every_zone_and_language(conversation, zone, language):
    """The stamp's display is cached per local minute and language: the same instant seen from another
    zone (half-hour offsets too) or named in another language still renders as the template does."""
    from django.utils import translation

    c, f = conversation.client, conversation.freelancer
    message = sent(conversation, c, "Same instant, other places")
    for viewer in (c, f):  # warm the cache in UTC/English first
        realtime.render_for(message, viewer)
    with timezone.override(zone), translation.override(language):
        for viewer in (c, f):
            assert realtime.render_for(message, viewer) == template(message, viewer)
        payload = realtime.message_payload(message)
        local = timezone.localtime(message.created_at)
        assert payload["created_at"] == local.isoformat()
        assert payload["created_display"] == realtime.date_format(local, "M j, H:i")
