"""Marketplace fixtures: jobs in every state built through the real services."""
from __future__ import annotations

import pytest

from accounts.models import Skill
from marketplace import services
from marketplace.models import Category, JobPost
from tests.factories import ClientFactory, FreelancerFactory


@pytest.fixture
def category(db) -> Category:
    return Category.objects.get_or_create(slug="web-development", defaults={"name": "Web development"})[0]


@pytest.fixture
def design(db) -> Category:
    return Category.objects.get_or_create(slug="design", defaults={"name": "Design"})[0]


@pytest.fixture
def django_skill(db) -> Skill:
    return Skill.objects.get_or_create(slug="django", defaults={"name": "Django"})[0]


@pytest.fixture
def figma_skill(db) -> Skill:
    return Skill.objects.get_or_create(slug="figma", defaults={"name": "Figma"})[0]


@pytest.fixture
def make_job(client_user, category):
    """make_job(title=..., publish=True, client=..., **fields) through job_create."""

    def make(**overrides) -> JobPost:
        kwargs = {
            "client": client_user,
            "title": "Build a booking website",
            "description": "We need a booking site for our yoga studio with online payments.",
            "category": category,
            "budget_type": JobPost.BudgetType.FIXED,
            "budget_min_cents": 100_000,
            "budget_max_cents": 150_000,
            "publish": True,
        }
        kwargs.update(overrides)
        return services.job_create(**kwargs)

    return make


@pytest.fixture
def open_job(make_job) -> JobPost:
    return make_job()


@pytest.fixture
def draft_job(make_job) -> JobPost:
    return make_job(title="Secret draft project", publish=False)


@pytest.fixture
def invite_only_job(make_job) -> JobPost:
    return make_job(title="Private redesign", visibility=JobPost.Visibility.INVITE_ONLY)


@pytest.fixture
def submit(freelancer_user):
    def make(job: JobPost, freelancer=None, **overrides):
        kwargs = {
            "job": job,
            "freelancer": freelancer or freelancer_user,
            "cover_letter": "I have built three booking sites in Django and can start Monday.",
            "bid_cents": 120_000,
            "duration": JobPost.Duration.ONE_TO_THREE,
        }
        kwargs.update(overrides)
        return services.proposal_submit(**kwargs)

    return make


@pytest.fixture
def submitted(open_job, submit):
    return submit(open_job)


@pytest.fixture
def both_roles_user(db):
    user = ClientFactory()
    user.is_freelancer = True
    user.save()
    return user


@pytest.fixture
def third_freelancer(db):
    return FreelancerFactory()
