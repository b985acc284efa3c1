"""System checks trust.E001/E002, staff exemption at the guard, and the guard's author resolution."""
from __future__ import annotations

import pytest
from django.db import models

from tests.factories import ProposalFactory, UserFactory
from trust.checks import check_guarded_managers, check_text_fields_guarded
from trust.guards import REGISTRY, GuardedManager, author_of, guard, parties_of, spec_for
from trust.models import AuditLog

pytestmark = pytest.mark.django_db


def test_checks_pass_for_the_project():
    assert check_text_fields_guarded() == []
    assert check_guarded_managers() == []


def test_e001_names_an_unguarded_text_field(settings):
    settings.TRUST_EXEMPT_FIELDS = [f for f in settings.TRUST_EXEMPT_FIELDS if f != "marketplace.JobPost.currency"]
    errors = check_text_fields_guarded()
    assert [e.id for e in errors] == ["trust.E001"]
    assert "marketplace.JobPost.currency" in errors[0].msg and "TRUST_EXEMPT_FIELDS" in errors[0].hint


def test_e001_covers_every_app_of_the_project_without_a_list(settings):
    """Apps added later (nda, notifications, reputation...) are checked too; third-party apps are not."""
    from trust.checks import project_apps

    labels = project_apps()
    assert {"accounts", "marketplace", "contracts", "messaging", "trust", "nda", "notifications", "reputation"} <= set(
        labels
    )
    assert "auth" not in labels and "account" not in labels  # django.contrib.auth, allauth
    settings.TRUST_EXEMPT_FIELDS = [f for f in settings.TRUST_EXEMPT_FIELDS if f != "nda.NDASignature.user_agent"]
    assert [e.msg for e in check_text_fields_guarded()] == [
        "nda.NDASignature.user_agent holds text but is neither guarded nor exempt."
    ]


@pytest.fixture
def temp_models():
    """Models declared inside a test are registered in the app registry: remove them afterwards."""
    from django.apps import apps

    before = set(apps.all_models["trust"])
    yield
    for name in set(apps.all_models["trust"]) - before:
        del apps.all_models["trust"][name]
    apps.clear_cache()


def test_e002_flags_a_guarded_model_without_guarded_manager(temp_models):
    class Note(models.Model):
        body = models.TextField()
        objects = models.Manager()

        class Meta:
            app_label = "trust"

        def __str__(self) -> str:
            return "temp"

    try:
        guard(Note, fields=["body"], context="profile", user_field=None)
        errors = check_guarded_managers()
        assert [e.id for e in errors] == ["trust.E002"] and "trust.Note" in errors[0].msg
    finally:
        REGISTRY.pop(Note, None)


def test_guard_rejects_unknown_field_at_registration(temp_models):
    from django.core.exceptions import FieldDoesNotExist

    class Memo(models.Model):
        text = models.TextField()
        objects = GuardedManager()

        class Meta:
            app_label = "trust"

        def __str__(self) -> str:
            return "temp"

    with pytest.raises(FieldDoesNotExist):
        guard(Memo, fields=["txet"], context="profile")
    assert Memo not in REGISTRY


def test_author_resolution_paths(proposal):
    from accounts.models import PortfolioItem, User
    from marketplace.models import Invitation

    assert author_of(proposal) == proposal.freelancer
    item = PortfolioItem(profile=proposal.freelancer.freelancer_profile, title="x")
    assert author_of(item) == proposal.freelancer  # "profile__user"
    invitation = Invitation(job=proposal.job, freelancer=proposal.freelancer)
    assert author_of(invitation) == proposal.job.client  # "job__client"
    user = User(email="a@b.c")
    assert author_of(user) is user  # user_field None: the instance is the user
    assert author_of(PortfolioItem(title="orphan")) is None  # missing parent: no crash
    assert parties_of(proposal, spec_for(type(proposal))) == (proposal.freelancer, None)


def test_guard_staff_exemption_saves_and_audits(settings):
    settings.TRUST_EXEMPT_STAFF = True
    staff = UserFactory(is_staff=True)
    proposal = ProposalFactory(freelancer=staff)
    proposal.cover_letter = "Support line: bob.builder@gmail.com"
    proposal.save()
    assert proposal.cover_letter.endswith("gmail.com")
    entry = AuditLog.objects.get(action="staff_exemption")
    assert entry.actor == staff and entry.target == proposal and entry.data["kinds"] == ["email"]
