"""Reputation derived from real contracts (built with the contract services), cached, badges withheld
by sanctions on every read."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from contracts import services
from reputation import selectors
from tests.contracts.conftest import make_contract, top_up
from tests.factories import ClientFactory, FreelancerFactory, JobPostFactory, ProposalFactory
from trust.services.sanctions import sanction_apply

from .conftest import finished_contract

pytestmark = pytest.mark.django_db


def test_freelancer_reputation_from_finished_contracts(hirer, worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for score in (5, 5, 4):
            finished_contract(hirer, worker, amount=40_000, client_score=score)
    rep = selectors.freelancer_reputation(user=worker)
    assert rep.job_success == 100
    assert rep.completed_jobs == 3
    assert rep.earnings_band == "$1K+"  # 3 x $400 released
    assert (rep.rating, rep.rating_count) == (4.7, 3)
    assert rep.shown_job_success == 100


def test_unrevealed_feedback_counts_nowhere_until_revealed(hirer, worker):
    contract = finished_contract(hirer, worker, client_score=2, freelancer_score=None)
    rep = selectors.freelancer_reputation(user=worker)
    assert (rep.rating, rep.rating_count) == (None, 0)  # the freelancer hasn't answered: still private
    assert selectors.public_reviews(user=worker, as_role="freelancer") == []
    with time_machine.travel(contract.ended_at + timedelta(days=14, minutes=1), tick=False):
        selectors.cache_forget(worker.pk)
        rep = selectors.freelancer_reputation(user=worker)
        assert (rep.rating, rep.rating_count) == (2.0, 1)
        assert [r.comment for r in selectors.public_reviews(user=worker, as_role="freelancer")] == ["Clear, quick work"]


def test_both_sides_reviews_and_client_stats(hirer, worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        finished_contract(hirer, worker, amount=150_000, client_score=5, freelancer_score=4)
    client_rep = selectors.client_reputation(user=hirer)
    assert client_rep.payment_verified  # a card on file
    assert client_rep.spent_cents == 150_000 and client_rep.spent_band == "$1K+"
    assert client_rep.hires == 1
    assert (client_rep.rating, client_rep.rating_count) == (4.0, 1)
    assert [r.comment for r in selectors.public_reviews(user=hirer, as_role="client")] == ["Paid on time, clear brief"]
    assert [r.author_name for r in selectors.public_reviews(user=worker, as_role="freelancer")] == [hirer.display_name]
    # Reviews a person got in one role never show in the other.
    assert selectors.public_reviews(user=hirer, as_role="freelancer") == []


def test_cached_and_dropped_by_contract_events(hirer, worker, django_capture_on_commit_callbacks,
                                                django_assert_num_queries):
    selectors.client_reputation(user=hirer)
    with django_assert_num_queries(1):  # only the live sanction check
        assert selectors.client_reputation(user=hirer).hires == 0
    with django_capture_on_commit_callbacks(execute=True):
        make_contract(hirer, worker)  # offer accepted: a contract event for both parties
    assert selectors.client_reputation(user=hirer).hires == 1


def test_sanctioned_users_badges_stay_hidden(hirer, worker, django_capture_on_commit_callbacks, client):
    """A badge-loss sanction hides the job success score and payment verified at once, cache or not,
    on the profile, the job page and the job cards; lifting it shows them again."""
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            finished_contract(hirer, worker, amount=40_000)
    job = JobPostFactory(client=hirer)
    assert selectors.freelancer_reputation(user=worker).shown_job_success == 100  # cached now
    assert selectors.client_reputation(user=hirer).shown_payment_verified
    page = client.get(f"/freelancers/{worker.pk}/").content.decode()
    assert "Job Success" in page
    assert "Payment verified" in client.get(f"/jobs/{job.pk}/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        worker_sanction = sanction_apply(user=worker, kind="badge_loss", days=30, reason="contact details")
        sanction_apply(user=hirer, kind="badge_loss", days=30, reason="off-platform payment")
    rep = selectors.freelancer_reputation(user=worker)
    assert rep.badges_withheld and rep.shown_job_success is None
    assert rep.rating == 5.0  # what others said stays public
    assert not selectors.client_reputation(user=hirer).shown_payment_verified
    assert "Job Success" not in client.get(f"/freelancers/{worker.pk}/").content.decode()
    assert "Payment verified" not in client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Payment verified" not in client.get("/jobs/").content.decode()

    worker_sanction.lifted_at = timezone.now()
    worker_sanction.save(update_fields=["lifted_at"])
    assert selectors.freelancer_reputation(user=worker).shown_job_success == 100


def test_job_cards_show_client_stats_and_proposal_counts(client, hirer, django_capture_on_commit_callbacks):
    job = JobPostFactory(client=hirer, title="Shop redesign")
    for _ in range(6):
        ProposalFactory(job=job)
    withdrawn = ProposalFactory(job=job)
    withdrawn.status = "withdrawn"
    withdrawn.save(update_fields=["status"])
    top_up(hirer, 1_000)
    body = client.get("/jobs/").content.decode()
    assert "Proposals: 5 to 10" in body
    assert "Payment verified" in body
    assert "No reviews yet" in body
    detail = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Proposals: 6" in detail and "About the client" in detail


def test_job_list_facts_cost_constant_queries(client, django_assert_max_num_queries):
    for _ in range(8):
        JobPostFactory(client=ClientFactory())
    client.get("/jobs/?q=booking")  # warm the taxonomy cache
    with django_assert_max_num_queries(12):
        client.get("/jobs/?sort=budget_high")


def test_lost_dispute_lowers_job_success(hirer, worker, staff_user):
    for _ in range(3):
        finished_contract(hirer, worker, amount=20_000)
    contract = make_contract(hirer, worker)
    milestone = contract.milestones.get()
    top_up(hirer, 10_000)
    services.milestone_fund(milestone_id=milestone.pk, actor=hirer)
    dispute = services.dispute_open(milestone_id=milestone.pk, actor=hirer, statement="Nothing was delivered.")
    services.dispute_resolve(dispute_id=dispute.pk, actor=staff_user, resolution="refund", reason="No delivery.")
    services.contract_end(contract_id=contract.pk, actor=hirer)
    selectors.cache_forget(worker.pk)
    assert selectors.freelancer_reputation(user=worker).job_success == 75


@pytest.fixture
def staff_user(db):
    return FreelancerFactory(is_staff=True, is_superuser=True)


def test_sanction_drops_the_cached_job_list(client, hirer, settings, django_capture_on_commit_callbacks):
    settings.MARKETPLACE_JOB_LIST_CACHE_SECONDS = 30
    JobPostFactory(client=hirer)
    top_up(hirer, 1_000)
    assert "Payment verified" in client.get("/jobs/").content.decode()  # now cached for 30 s
    with django_capture_on_commit_callbacks(execute=True):
        sanction_apply(user=hirer, kind="badge_loss", days=30, reason="off-platform payment")
    assert "Payment verified" not in client.get("/jobs/").content.decode()
