"""Issue 13: money that cannot be frozen, lost or misreported.

Key namespaces, odd amounts on every money form, Redis down after a committed payment, deadlines
honoured on read with beat off, the dispute rule, the payment seam, explicit ledger invariants and
the reconciliation command."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from contracts import selectors, services
from contracts.exceptions import InvalidTransition, KeyReused, LedgerError
from contracts.ledger import account, ledger_post
from contracts.models import (
    Card,
    Contract,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Milestone,
    TopUp,
    Withdrawal,
)
from core.money import MoneyError, format_money, parse_money
from tests.contracts.conftest import key, make_contract, top_up
from tests.contracts.ledger_checks import assert_ledger_balanced
from tests.factories import ClientFactory, ProposalFactory

pytestmark = pytest.mark.django_db

ODD_AMOUNTS = ["sNaN", "NaN", "Infinity", "-Infinity", "1e999999", "9" * 40, "1e3", "0x10", "١٢٣", "12..5"]


# --- 1. keys in their own namespace ------------------------------------------------------------


def _released_and_submitted(hirer, worker):
    """A released milestone whose pending release will mature (system key `mature:<id>`) and a
    submitted one whose auto-release would use `auto-release:<id>`."""
    contract = make_contract(hirer, worker, amounts=(10_000, 10_000))
    first, second = contract.milestones.all()
    top_up(hirer, 20_000)
    for m in (first, second):
        services.milestone_fund(milestone_id=m.pk, actor=hirer)
        services.milestone_submit(milestone_id=m.pk, actor=worker, message="done")
    services.milestone_approve(milestone_id=first.pk, actor=hirer)
    return contract, first, second


def test_user_key_equal_to_future_system_keys_changes_nothing_for_anyone(hirer, worker, settings):
    """The attack from the issue: a client funds their own milestones with keys like `mature:5`.
    The keys live in the client's scope, so maturing, auto-release and withdrawals still work."""
    contract, first, second = _released_and_submitted(hirer, worker)
    from contracts.models import PendingRelease

    release = PendingRelease.objects.get()
    other = make_contract(hirer, worker, amounts=(1_000, 1_000, 1_000))
    top_up(hirer, 3_000)
    a, b, c = other.milestones.all()
    services.milestone_fund(milestone_id=a.pk, actor=hirer, idempotency_key=f"mature:{release.pk + 1}")
    services.milestone_fund(milestone_id=b.pk, actor=hirer, idempotency_key=f"auto-release:{second.pk}")
    services.milestone_fund(milestone_id=c.pk, actor=hirer, idempotency_key=f"mature:{release.pk}")
    assert LedgerTransaction.objects.filter(scope=f"user:{hirer.pk}:fund").count() == 3

    with time_machine.travel(timezone.now() + timedelta(days=15), tick=False):
        assert services.milestones_auto_approve_due() == 1  # auto-release:<second> still works
        assert services.funds_mature_all() > 0  # mature:<id> still works
        worker.identity_status = "verified"
        worker.save()
        services.withdrawal_create(user=worker, amount_cents=5_000, bank_account="12345678", idempotency_key=key())
    second.refresh_from_db()
    assert second.status == Milestone.Status.RELEASED
    assert LedgerTransaction.objects.filter(scope="system", idempotency_key=f"mature:{release.pk}").exists()
    assert_ledger_balanced()


def test_key_clash_through_the_form_is_a_form_error(client, hirer, worker, milestone):
    top_up(hirer, 50_000)
    client.force_login(hirer)
    response = client.post(f"/contracts/milestones/{milestone.pk}/fund/", {"idempotency_key": "mature:1"})
    assert response.status_code == 200 and b"This form has expired" in response.content
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.PENDING


def test_replayed_key_on_another_milestone_is_refused_not_reported_as_success(client, hirer, worker):
    contract = make_contract(hirer, worker, amounts=(1_000, 2_000))
    first, second = contract.milestones.all()
    top_up(hirer, 5_000)
    k = key()
    services.milestone_fund(milestone_id=first.pk, actor=hirer, idempotency_key=k)
    services.milestone_fund(milestone_id=first.pk, actor=hirer, idempotency_key=k)  # same operation: fine
    with pytest.raises(KeyReused):
        services.milestone_fund(milestone_id=second.pk, actor=hirer, idempotency_key=k)
    client.force_login(hirer)
    page = client.post(f"/contracts/milestones/{second.pk}/fund/", {"idempotency_key": k}, follow=True)
    assert b"already used for a different payment" in page.content and b"Milestone funded" not in page.content
    second.refresh_from_db()
    assert second.status == Milestone.Status.PENDING
    assert selectors.balance_summary(user=hirer).client_funds_cents == 4_000


def test_replayed_top_up_key_with_another_amount_is_refused(client, hirer):
    card = services.card_add(user=hirer, card_number="4242424242424242")
    k = key()
    services.top_up(user=hirer, card=card, amount_cents=1_000, idempotency_key=k)
    with pytest.raises(KeyReused):
        services.top_up(user=hirer, card=card, amount_cents=9_000, idempotency_key=k)
    client.force_login(hirer)
    page = client.post(
        "/contracts/balance/top-up/",
        {"amount": "90", "card": str(card.pk), "idempotency_key": k, "confirm": "1"},
        follow=True,
    )
    assert b"already used for a different amount" in page.content and b"was topped up" not in page.content
    assert selectors.balance_summary(user=hirer).client_funds_cents == 1_000


def test_two_users_may_use_the_same_key(hirer):
    other = ClientFactory()
    k = key()
    for user in (hirer, other):
        card = services.card_add(user=user, card_number="4242424242424242")
        services.top_up(user=user, card=card, amount_cents=1_000, idempotency_key=k)
    assert selectors.balance_summary(user=hirer).client_funds_cents == 1_000
    assert selectors.balance_summary(user=other).client_funds_cents == 1_000


# --- 2. money input that never 500s ------------------------------------------------------------


@pytest.mark.parametrize("text", ODD_AMOUNTS)
def test_parse_money_refuses_non_finite_and_out_of_range(text):
    with pytest.raises(MoneyError):
        parse_money(text, "USD")


def test_parse_and_format_follow_the_currency():
    assert parse_money("1,250.50", "EUR") == 125_050
    assert parse_money("€ 99", "EUR") == 9_900
    assert parse_money("1000", "JPY") == 1_000
    with pytest.raises(MoneyError):
        parse_money("1.5", "JPY")
    assert format_money(125_050, "EUR") == "€1,250.50"
    assert format_money(-500, "GBP") == "-£5.00"
    assert format_money(150_000, "USD", whole=True) == "$1,500"


@pytest.mark.parametrize("text", ODD_AMOUNTS)
def test_odd_amounts_on_every_contracts_money_form_are_form_errors(client, hirer, worker, text):
    worker.identity_status = "verified"
    worker.save()
    contract = make_contract(hirer, worker)
    proposal = ProposalFactory(job__client=hirer, job__budget_type="hourly")
    client.force_login(hirer)
    posts = [
        ("/contracts/balance/top-up/", {"amount": text, "card_number": "4242424242424242", "idempotency_key": key()}),
        (
            "/contracts/offers/new/" + str(proposal.pk) + "/",
            {
                "title": "Hourly help",
                "kind": "hourly",
                "hourly_rate": text,
                "weekly_limit_hours": "10",
                "milestones-TOTAL_FORMS": "1",
                "milestones-INITIAL_FORMS": "0",
            },
        ),
        (
            f"/contracts/offers/new/?freelancer={worker.pk}",
            {
                "title": "Fixed",
                "kind": "fixed",
                "milestones-TOTAL_FORMS": "1",
                "milestones-INITIAL_FORMS": "0",
                "milestones-0-description": "Part",
                "milestones-0-amount": text,
            },
        ),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 200, (url, text)
        assert any(
            m in response.content for m in (b"Enter an amount like", b"at most", b"can&#x27;t be negative")
        ), (url, text)
    response = client.post(
        f"/contracts/{contract.pk}/milestones/add/", {"description": "More", "amount": text}, follow=True
    )
    assert response.status_code == 200 and b"Check the milestone" in response.content
    client.force_login(worker)
    response = client.post(
        "/contracts/balance/withdraw/", {"amount": text, "bank_account": "12345678", "idempotency_key": key()}
    )
    assert response.status_code == 200
    assert Contract.objects.count() == 1 and Milestone.objects.count() == 1 and not TopUp.objects.exists()


@pytest.mark.parametrize("text", ["sNaN", "Infinity", "1e999999", "9" * 40])
def test_odd_amounts_on_marketplace_and_profile_money_forms(client, text):
    from marketplace.forms import JobPostForm, ProposalForm
    from tests.factories import JobPostFactory

    form = JobPostForm(data={"title": "A job", "description": "Build it", "budget_type": "fixed", "budget_min": text})
    assert not form.is_valid() and "budget_min" in form.errors
    job = JobPostFactory()
    form = ProposalForm(data={"bid": text, "cover_letter": "I can do it"}, job=job)
    assert not form.is_valid() and "bid" in form.errors
    from accounts.forms import FreelancerProfileForm

    form = FreelancerProfileForm(data={"hourly_rate": text})
    assert not form.is_valid() and "hourly_rate" in form.errors
    assert client.get("/jobs/", {"min": text, "max": text}).status_code == 200  # the filter is dropped


def test_admin_split_amount_refuses_odd_input(client, staff, funded_milestone, hirer):
    dispute = services.dispute_open(actor=hirer, milestone_id=funded_milestone.pk, statement="Half done.")
    client.force_login(staff)
    response = client.post(
        f"/admin/contracts/dispute/{dispute.pk}/resolve/",
        {"resolution": "split", "release_amount": "sNaN", "reason": "x"},
    )
    assert response.status_code == 200 and b"Enter an amount like" in response.content


def test_contract_currency_is_shown_everywhere(client, hirer, worker, settings):
    contract = make_contract(hirer, worker, amounts=(45_000,), currency="EUR")
    milestone = contract.milestones.get()
    client.force_login(hirer)
    for url in (f"/contracts/{contract.pk}/", f"/contracts/milestones/{milestone.pk}/fund/"):
        page = client.get(url).content.decode()
        assert "€450.00" in page and "$" not in page.split("<main", 1)[-1].split("</main>", 1)[0], url
    page = client.get(f"/contracts/{contract.pk}/").content.decode()
    assert "Amount (EUR)" in page and "(USD)" not in page


# --- 3. after-commit side effects ------------------------------------------------------------


def test_redis_down_funding_shows_success_and_the_email_goes_out_later(
    client, hirer, worker, milestone, django_capture_on_commit_callbacks
):
    top_up(hirer, 50_000)
    mail.outbox.clear()
    client.force_login(hirer)
    k = client.get(f"/contracts/milestones/{milestone.pk}/fund/").context["form"]["idempotency_key"].value()
    broken = mock.patch("celery.app.task.Task.apply_async", side_effect=OperationalError("Redis is down"))
    with broken, django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/contracts/milestones/{milestone.pk}/fund/", {"idempotency_key": k}, follow=True)
    assert response.status_code == 200 and b"Milestone funded" in response.content
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.FUNDED
    assert mail.outbox == []
    # The email is a notification committed with the funding (notifications sends contracts' emails).
    from notifications.models import Notification
    from notifications.tasks import send_unsent_notification_emails

    row = Notification.objects.get(user=worker, title="A milestone was funded")
    assert row.email_wanted and row.emailed_at is None

    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        send_unsent_notification_emails()  # Redis is back: beat runs the retry
        send_unsent_notification_emails()
    funded = [m for m in mail.outbox if "A milestone was funded" in m.subject]
    assert [m.to for m in funded] == [[worker.email]]  # sent once, though the retry ran twice
    row.refresh_from_db()
    assert row.emailed_at is not None


def test_queued_email_is_sent_once_even_if_the_retry_also_runs(hirer, worker, funded_milestone):
    from notifications.models import Notification
    from notifications.tasks import send_notification_email, send_unsent_notification_emails

    mail.outbox.clear()
    services.milestone_submit(milestone_id=funded_milestone.pk, actor=worker, message="done")
    for pk in Notification.objects.filter(emailed_at__isnull=True, email_wanted=True).values_list("pk", flat=True):
        send_notification_email(notification_id=pk)
    sent = len(mail.outbox)
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        assert send_unsent_notification_emails() == 0
    assert len(mail.outbox) == sent >= 1


# --- 4. deadlines honoured when read ------------------------------------------------------------


def test_day_20_request_changes_with_beat_off_releases_first(client, hirer, worker, submitted_milestone):
    with time_machine.travel(timezone.now() + timedelta(days=20), tick=False):
        with pytest.raises(InvalidTransition, match="released to the freelancer automatically"):
            services.milestone_request_changes(milestone_id=submitted_milestone.pk, actor=hirer, note="redo")
        submitted_milestone.refresh_from_db()
        assert submitted_milestone.status == Milestone.Status.RELEASED
        assert selectors.balance_summary(user=worker).earnings_cents == 9_000
    assert_ledger_balanced()


def test_day_20_request_changes_page_with_beat_off_releases_first(client, hirer, worker, submitted_milestone):
    with time_machine.travel(timezone.now() + timedelta(days=20), tick=False):
        client.force_login(hirer)
        page = client.get(f"/contracts/milestones/{submitted_milestone.pk}/changes/")
        assert page.status_code == 200
        submitted_milestone.refresh_from_db()
        assert submitted_milestone.status == Milestone.Status.RELEASED
        response = client.post(
            f"/contracts/milestones/{submitted_milestone.pk}/changes/", {"note": "redo"}, follow=True
        )
        assert b"released to the freelancer automatically" in response.content
        submitted_milestone.refresh_from_db()
        assert submitted_milestone.status == Milestone.Status.RELEASED


def test_day_20_dispute_with_beat_off_is_refused_after_release(hirer, worker, submitted_milestone):
    with time_machine.travel(timezone.now() + timedelta(days=20), tick=False):
        with pytest.raises(InvalidTransition):
            services.dispute_open(actor=hirer, milestone_id=submitted_milestone.pk, statement="Too late")
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == Milestone.Status.RELEASED


def test_contract_page_releases_what_is_due(client, hirer, worker, submitted_milestone):
    with time_machine.travel(timezone.now() + timedelta(days=14, minutes=1), tick=False):
        client.force_login(worker)
        page = client.get(f"/contracts/{submitted_milestone.contract_id}/")
    assert b"Paid" in page.content
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == Milestone.Status.RELEASED


def test_overdue_dispute_is_decided_when_the_page_is_read(client, hirer, worker, submitted_milestone):
    dispute = services.dispute_open(actor=worker, milestone_id=submitted_milestone.pk, statement="No answer")
    client.force_login(hirer)
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1), tick=False):
        page = client.get(f"/contracts/disputes/{dispute.pk}/")
    dispute.refresh_from_db()
    assert dispute.status == "resolved" and b"Resolved" in page.content


# --- 5. dispute rules ---------------------------------------------------------------------------


def test_freelancer_can_dispute_only_after_submitting(client, hirer, worker, funded_milestone):
    with pytest.raises(InvalidTransition, match="once you have submitted"):
        services.dispute_open(actor=worker, milestone_id=funded_milestone.pk, statement="Pay me")
    client.force_login(worker)
    page = client.get(f"/contracts/{funded_milestone.contract_id}/")
    assert f"/contracts/milestones/{funded_milestone.pk}/dispute/".encode() not in page.content
    services.milestone_submit(milestone_id=funded_milestone.pk, actor=worker, message="done")
    dispute = services.dispute_open(actor=worker, milestone_id=funded_milestone.pk, statement="Client silent")
    page = client.get(f"/contracts/disputes/{dispute.pk}/").content.decode()
    assert "must respond by" in page and "released to" in page


def test_client_can_dispute_funded_milestone_and_page_states_window(client, hirer, worker, funded_milestone):
    client.force_login(hirer)
    form = client.get(f"/contracts/milestones/{funded_milestone.pk}/dispute/").content.decode()
    assert "3 days" in form and "refunded to you" in form
    dispute = services.dispute_open(actor=hirer, milestone_id=funded_milestone.pk, statement="Nothing came")
    client.force_login(worker)
    page = client.get(f"/contracts/disputes/{dispute.pk}/").content.decode()
    assert "You must respond by" in page and "refunded to" in page


# --- 6. the payment seam ------------------------------------------------------------------------


def test_card_tokens_are_opaque_and_never_in_admin_or_pages(client, hirer, staff):
    card = services.card_add(user=hirer, card_number="4242 4242 4242 4242")
    assert "4242424242424242" not in card.token and card.last4 == "4242"
    client.force_login(staff)
    page = client.get(f"/admin/contracts/card/{card.pk}/change/").content.decode()
    assert card.token not in page and "4242424242424242" not in page


def test_declined_new_card_is_not_saved_or_preselected(client, hirer):
    client.force_login(hirer)
    k = key()
    client.post(
        "/contracts/balance/top-up/", {"amount": "50", "card_number": "4000000000000002", "idempotency_key": k}
    )
    page = client.post(
        "/contracts/balance/top-up/", {"amount": "50.00", "card": "", "idempotency_key": k, "confirm": "1"}
    )
    assert b"declined" in page.content
    assert not Card.objects.filter(user=hirer).exists()
    assert TopUp.objects.get(user=hirer).status == "declined"


def test_simulator_refuses_to_load_with_debug_off_unless_enabled(settings):
    from django.core.checks import run_checks
    from django.core.exceptions import ImproperlyConfigured

    from contracts.payments import provider

    settings.DEBUG = False
    settings.CONTRACTS_ALLOW_SIMULATED_PAYMENTS = False
    assert "contracts.E001" in {m.id for m in run_checks(include_deployment_checks=True)}
    with pytest.raises(ImproperlyConfigured):
        provider()
    settings.CONTRACTS_ALLOW_SIMULATED_PAYMENTS = True
    assert "contracts.E001" not in {m.id for m in run_checks(include_deployment_checks=True)}
    settings.CONTRACTS_ALLOW_SIMULATED_PAYMENTS = False
    settings.DEBUG = True
    assert "contracts.E001" not in {m.id for m in run_checks(include_deployment_checks=True)}


def _verified_worker_with_available(hirer, worker, amount=10_000):
    worker.identity_status = "verified"
    worker.save()
    contract = make_contract(hirer, worker, amounts=(amount,))
    m = contract.milestones.get()
    top_up(hirer, amount)
    services.milestone_fund(milestone_id=m.pk, actor=hirer)
    services.milestone_submit(milestone_id=m.pk, actor=worker, message="done")
    services.milestone_approve(milestone_id=m.pk, actor=hirer)


def test_withdrawal_reserves_then_pays_after_commit(hirer, worker, settings, django_capture_on_commit_callbacks):
    settings.CONTRACTS_SECURITY_PERIOD_DAYS = 0
    _verified_worker_with_available(hirer, worker)
    with mock.patch("contracts.payments.SimulatedProvider.payout", wraps=None) as payout:
        from contracts.payments import ProviderResult

        payout.return_value = ProviderResult(ok=True, reference="po_1")
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            w = services.withdrawal_create(
                user=worker, amount_cents=5_000, bank_account="12345678", idempotency_key=key()
            )
        assert not payout.called  # never inside the transaction
        assert w.status == Withdrawal.Status.PENDING
        assert selectors.balance_summary(user=worker).available_cents == 4_000
        assert_ledger_balanced()
        for callback in callbacks:
            callback()
        assert payout.called
    w.refresh_from_db()
    assert w.status == Withdrawal.Status.PAID and w.settlement.kind == "payout"
    assert "12345678" not in w.bank_token
    assert_ledger_balanced()


def test_failed_payout_returns_the_money(hirer, worker, settings, django_capture_on_commit_callbacks):
    settings.CONTRACTS_SECURITY_PERIOD_DAYS = 0
    _verified_worker_with_available(hirer, worker)
    with django_capture_on_commit_callbacks(execute=True):
        w = services.withdrawal_create(user=worker, amount_cents=5_000, bank_account="99990000", idempotency_key=key())
    w.refresh_from_db()
    assert w.status == Withdrawal.Status.FAILED and w.settlement.kind == "payout_failed"
    assert selectors.balance_summary(user=worker).available_cents == 9_000
    assert_ledger_balanced()


def test_withdrawal_left_pending_by_a_dead_broker_is_retried(hirer, worker, settings):
    settings.CONTRACTS_SECURITY_PERIOD_DAYS = 0
    _verified_worker_with_available(hirer, worker)
    with mock.patch("celery.app.task.Task.apply_async", side_effect=OperationalError("down")):
        w = services.withdrawal_create(user=worker, amount_cents=5_000, bank_account="12345678", idempotency_key=key())
    w.refresh_from_db()
    assert w.status == Withdrawal.Status.PENDING
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        assert services.withdrawals_retry() == 1
    w.refresh_from_db()
    assert w.status == Withdrawal.Status.PAID
    assert_ledger_balanced()


# --- 7. invariants as explicit exceptions ---------------------------------------------------------


def test_unbalanced_posting_raises_explicitly(hirer):
    funds = account(LedgerAccount.Kind.CLIENT_FUNDS, user=hirer, currency="USD")
    world = account(LedgerAccount.Kind.WORLD, currency="USD")
    with transaction.atomic():
        with pytest.raises(LedgerError, match="does not balance"):
            ledger_post(kind="top_up", idempotency_key="x", lines=[(funds, 100), (world, -99)])
        with pytest.raises(LedgerError, match="integer cents"):
            ledger_post(kind="top_up", idempotency_key="x", lines=[(funds, 1.0), (world, -1.0)])  # type: ignore[list-item]
        with pytest.raises(LedgerError, match="empty"):
            ledger_post(kind="top_up", idempotency_key="x", lines=[(funds, 0)])


def test_ledger_module_has_no_assert():
    import ast
    import inspect

    from contracts import ledger

    tree = ast.parse(inspect.getsource(ledger))
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Assert)]


# --- 8. ledger_check ---------------------------------------------------------------------------


def test_ledger_check_passes_on_a_sound_ledger_and_fails_on_a_tampered_one(hirer, worker, submitted_milestone):
    out = io.StringIO()
    call_command("ledger_check", stdout=out)
    assert "all invariants hold" in out.getvalue()
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("the database refuses the tampering itself (see the trigger test)")
    entry = LedgerEntry.objects.filter(account__kind=LedgerAccount.Kind.ESCROW).first()
    LedgerEntry.objects.filter(pk=entry.pk).update(amount_cents=entry.amount_cents - 1)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("ledger_check", stdout=out)
    assert "FAIL  every transaction has two or more entries summing to zero" in out.getvalue()
    assert "FAIL  each contract's escrow equals its funded work" in out.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_trigger_refuses_an_unbalanced_transaction():
    from django.db import IntegrityError, connection

    if connection.vendor != "postgresql":
        pytest.skip("the deferred constraint trigger exists on PostgreSQL only")
    hirer = ClientFactory()
    funds = account(LedgerAccount.Kind.CLIENT_FUNDS, user=hirer, currency="USD")
    with pytest.raises(IntegrityError, match="does not sum to zero"):
        with transaction.atomic():
            txn = LedgerTransaction.objects.create(kind="top_up", idempotency_key=uuid.uuid4().hex)
            LedgerEntry.objects.create(transaction=txn, account=funds, amount_cents=100)
    assert not LedgerEntry.objects.exists()



def test_top_up_from_an_eur_contract_credits_the_eur_balance(client, hirer, worker):
    contract = make_contract(hirer, worker, amounts=(10_000,), currency="EUR")
    client.force_login(hirer)
    page = client.get(f"/contracts/{contract.pk}/").content.decode()
    assert "currency=EUR" in page
    k = key()
    form = client.get("/contracts/balance/top-up/?currency=EUR").content.decode()
    assert "Amount (EUR)" in form
    client.post("/contracts/balance/top-up/", {"amount": "100", "card_number": "4242424242424242",
                                               "idempotency_key": k, "currency": "EUR"})
    client.post("/contracts/balance/top-up/", {"amount": "100.00", "card": "", "idempotency_key": k,
                                               "currency": "EUR", "confirm": "1"})
    assert selectors.balance_summary(user=hirer, currency="EUR").client_funds_cents == 10_000
    assert selectors.balance_summary(user=hirer, currency="USD").client_funds_cents == 0
