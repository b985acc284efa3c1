"""GET never changes state: every URL pattern of the project, requested with GET by an anonymous
visitor, a client, a freelancer and a staff member, over demo data plus a conversation, a started
contract and a trust flag, issues no INSERT, UPDATE or DELETE (beyond the allow-list below)."""

from __future__ import annotations

import re
import uuid
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

pytestmark = pytest.mark.django_db

# Writes a GET may do, each with its reason. Keep this short: anything else is a bug.
ALLOWED = [
    # The session is the visitor's own bookkeeping (login redirects, one-time flash messages).
    (re.compile(r'^(INSERT INTO|UPDATE|DELETE FROM) "django_session"'), "session"),
    # Read receipts: opening a conversation marks it read for the viewer; a client opening a proposal
    # marks it viewed (once) so the freelancer sees "viewed". Nothing else on those rows.
    (
        re.compile(r'^UPDATE "messaging_conversation" SET "(client|freelancer)_last_read_at" = [^,]+ WHERE'),
        "read receipt",
    ),
    (
        re.compile(r'^UPDATE "marketplace_proposal" SET "viewed_at" = [^,]+ WHERE .*"viewed_at" IS NULL'),
        "read receipt",
    ),
]
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.I)
SAMPLE = {"int": ["1", "2"], "slug": ["design"], "str": ["x"], "path": ["x"], "uuid": []}
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def route_paths(resolver: URLResolver, prefix: str = "") -> list[str]:
    """Concrete paths for every route pattern (admin aside: its regex patterns are walked below)."""
    paths: list[str] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if getattr(entry, "app_name", None) == "admin":
                continue
            if isinstance(entry.pattern, RoutePattern):
                paths += route_paths(entry, prefix + str(entry.pattern))
            else:  # a regex include (none of ours): take it as a literal prefix when it has no groups
                literal = str(entry.pattern).lstrip("^").rstrip("$")
                if not re.search(r"[()\[\]*+?\\]", literal):
                    paths += route_paths(entry, prefix + literal)
        elif isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern):
            paths += expand(prefix + str(entry.pattern))
    return paths


def expand(route: str) -> list[str]:
    match = CONVERTER.search(route)
    if not match:
        return ["/" + route]
    converter = match.group(1) or "str"
    out: list[str] = []
    for value in SAMPLE.get(converter, ["x"]):
        out += expand(route[: match.start()] + value + route[match.end() :])
    return out


def admin_paths() -> list[str]:
    paths = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        paths.append(reverse("admin:app_list", args=[opts.app_label]))
        paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        if first is not None:
            for view in ("change", "history", "delete"):
                paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[first]))
        for extra in getattr(model_admin, "get_urls", lambda: [])():
            if isinstance(extra.pattern, RoutePattern) and "<" not in str(extra.pattern) and extra.name:
                try:
                    paths.append(reverse(f"admin:{extra.name}"))
                except Exception:  # noqa: BLE001 - a pattern that needs arguments we can't guess
                    pass
    return sorted(set(paths))


@pytest.fixture
def world(django_user_model):
    """Demo data (users, jobs, proposals, invitations) plus what it lacks: a conversation with a
    message, a started contract with a funded milestone, and a trust flag from a refused message."""
    from contracts import services as contracts
    from marketplace.models import Proposal
    from messaging import services as messaging
    from messaging.exceptions import MessageBlocked

    call_command("demo_data", stdout=StringIO())
    proposal = Proposal.objects.select_related("job__client", "freelancer").order_by("pk").first()
    client, freelancer = proposal.job.client, proposal.freelancer
    conversation = messaging.conversation_start_for_proposal(proposal=proposal, actor=client)
    messaging.message_send(conversation=conversation, sender=client, body="Could you start next week?")
    messaging.message_send(conversation=conversation, sender=freelancer, body="Yes, Monday works.")
    try:
        messaging.message_send(conversation=conversation, sender=freelancer, body="call me on +1 555 201 4477")
    except MessageBlocked:
        pass
    card = contracts.card_add(user=client, card_number="4242 4242 4242 4242")
    contracts.top_up(user=client, card=card, amount_cents=50_000, idempotency_key=uuid.uuid4().hex)
    contract = contracts.offer_create(
        client=client,
        freelancer=freelancer,
        title="Booking site",
        terms="As discussed.",
        milestones=[{"description": "First part", "amount_cents": 10_000}],
    )
    contracts.offer_accept(contract_id=contract.pk, actor=freelancer)
    users = {
        "anonymous": None,
        "client": client,
        "freelancer": freelancer,
        "staff": django_user_model.objects.get(email="admin@demo.test"),
    }
    return users


def test_no_get_request_writes(client, world):
    paths = sorted(set(route_paths(get_resolver())))
    assert len(paths) > 50, "the walk found too few URL patterns"
    offenders: list[str] = []
    requested = 0
    for who, user in world.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        client.raise_request_exception = False
        for path in paths + (admin_paths() if who == "staff" else []):
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            requested += 1
            for query in queries.captured_queries:
                sql = query["sql"]
                if WRITE.match(sql) and not any(pattern.match(sql) for pattern, _ in ALLOWED):
                    offenders.append(f"{who} GET {path}: {sql[:160]}")
    assert requested > 200
    assert offenders == [], "\n".join(offenders)


def test_the_walk_catches_a_get_that_writes(client, world, settings):
    """The test above can fail: a view that saves on GET is reported."""
    from django.http import HttpResponse
    from django.urls import path

    from marketplace.models import JobPost

    def touch(request):
        JobPost.objects.filter(pk=1).update(title="changed by a GET")
        return HttpResponse("ok")

    import config.urls

    class Urls:
        urlpatterns = [path("touch/", touch), *config.urls.urlpatterns]

    settings.ROOT_URLCONF = Urls
    with CaptureQueriesContext(connection) as queries:
        client.get("/touch/")
    writes = [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])]
    assert writes and not any(p.match(writes[0]) for p, _ in ALLOWED)
    assert "/touch/" in route_paths(get_resolver(Urls))
