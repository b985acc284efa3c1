"""core.errors and core.transitions: one hierarchy, one way a status moves."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.exceptions import InvalidTransition as AccountsInvalidTransition
from contracts.exceptions import ContractsError, KeyReused, NotAParty
from contracts.exceptions import InvalidTransition as ContractsInvalidTransition
from core import errors
from core.transitions import allowed_moves, can_transition, transition
from marketplace.exceptions import InvalidTransition as MarketplaceInvalidTransition
from marketplace.exceptions import NotAllowed as MarketplaceNotAllowed
from marketplace.models import JobPost
from messaging.exceptions import MessagingError
from messaging.exceptions import RateLimited as MessagingRateLimited
from tests.factories import JobPostFactory
from trust.exceptions import ContentBlocked, UserRestricted
from trust.exceptions import InvalidTransition as TrustInvalidTransition

# --- the hierarchy --------------------------------------------------------------------------------


def test_errors_every_app_refusal_is_a_domain_error_under_its_old_name():
    for cls in (ContractsError, MessagingError, ContentBlocked, UserRestricted):
        assert issubclass(cls, errors.DomainError)
    for cls in (ContractsInvalidTransition, MarketplaceInvalidTransition, AccountsInvalidTransition,
                TrustInvalidTransition):
        assert issubclass(cls, errors.InvalidTransition)
    for cls in (NotAParty, MarketplaceNotAllowed, UserRestricted):
        assert issubclass(cls, errors.NotAllowed)
    assert issubclass(KeyReused, errors.Conflict)
    assert issubclass(MessagingRateLimited, errors.RateLimited)
    # Callers keep their meaning: contracts' except clauses don't catch marketplace's refusals.
    assert not issubclass(MarketplaceInvalidTransition, ContractsInvalidTransition)


def test_errors_carry_a_user_message_and_a_code():
    error = errors.RateLimited("Slow down.", retry_after=12)
    assert isinstance(error, ValidationError)
    assert error.user_message == "Slow down."
    assert (error.code, error.retry_after) == ("rate_limited", 12)
    assert errors.NotAllowed().user_message == "You can't do this."
    assert MarketplaceNotAllowed("Not yours.").code == "not_allowed"


def test_errors_user_restricted_is_still_a_permission_error():
    error = UserRestricted("Your account is restricted.", until=None)
    assert isinstance(error, PermissionError)
    assert error.message == "Your account is restricted."
    assert error.code == "restricted"


# --- the transition helper ------------------------------------------------------------------------


needs_db = pytest.mark.django_db


@needs_db
def test_transition_moves_by_the_table_and_returns_the_move():
    job = JobPostFactory(status=JobPost.Status.DRAFT)
    move = transition(job, JobPost.Status.OPEN, by=job.client)
    assert (move.from_value, move.to_value, move.by) == ("draft", "open", job.client)
    job.refresh_from_db()
    assert job.status == JobPost.Status.OPEN
    assert job.updated_at == move.at


@needs_db
def test_transition_refuses_a_move_the_table_does_not_list():
    job = JobPostFactory(status=JobPost.Status.DRAFT)
    assert not can_transition(job, JobPost.Status.FILLED)
    with pytest.raises(errors.InvalidTransition) as refused:
        transition(job, JobPost.Status.FILLED)
    assert refused.value.code == "invalid_transition"
    assert "draft" in refused.value.user_message
    job.refresh_from_db()
    assert job.status == JobPost.Status.DRAFT


@needs_db
def test_transition_the_loser_of_a_race_gets_a_conflict_and_writes_nothing():
    """Two requests holding the same open job: the second's UPDATE ... WHERE status='open' matches
    no row (works on SQLite, where row locks do nothing)."""
    job = JobPostFactory(status=JobPost.Status.OPEN)
    stale = JobPost.objects.get(pk=job.pk)
    transition(job, JobPost.Status.CLOSED)
    with pytest.raises(MarketplaceInvalidTransition) as lost:
        transition(stale, JobPost.Status.FILLED, error=MarketplaceInvalidTransition, stale="Reload.")
    assert (lost.value.code, lost.value.user_message) == ("conflict", "Reload.")
    assert JobPost.objects.get(pk=job.pk).status == JobPost.Status.CLOSED


@needs_db
def test_transition_writes_other_columns_in_the_same_statement_and_other_fields_have_their_table(django_user_model):
    job = JobPostFactory(status=JobPost.Status.DRAFT)
    transition(job, JobPost.Status.OPEN, values={"title": "Now public"})
    assert JobPost.objects.get(pk=job.pk).title == "Now public"
    user = django_user_model.objects.create_user(email="a@example.com", password="x", first_name="A", last_name="B")
    assert set(allowed_moves(django_user_model, "identity_status")["unverified"]) == {"pending"}
    transition(user, "pending", field="identity_status")
    assert django_user_model.objects.get(pk=user.pk).identity_status == "pending"
    with pytest.raises(LookupError):
        allowed_moves(django_user_model, "email")


def test_transition_tables_match_their_fields_choices(monkeypatch):
    """core.E002 holds for every declared table, and catches a typo."""
    from django.apps import apps

    from core.checks import transition_tables_check

    assert transition_tables_check() == []
    tables = [m for m in apps.get_models() if "TRANSITIONS" in m.__dict__]
    assert len(tables) >= 10  # contracts 5, marketplace 3, trust 2, accounts 1 (+ the user's identity table)
    monkeypatch.setitem(JobPost.__dict__["TRANSITIONS"], "drafted", {"open"})
    (error,) = transition_tables_check()
    assert error.id == "core.E002" and "drafted" in error.msg
