"""Reports only for what the reporter can see: the report form 404s otherwise, and nothing is copied."""
from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from marketplace.models import Invitation, JobPost
from tests.factories import ClientFactory, FreelancerFactory, JobPostFactory, ProposalFactory
from trust.models import Flag, Report

pytestmark = pytest.mark.django_db


def report_url(obj) -> str:
    ct = ContentType.objects.get_for_model(obj)
    return reverse("trust:report-create", args=[ct.pk, obj.pk])


def test_stranger_report_form_for_a_private_proposal_is_404(client):
    proposal = ProposalFactory()
    client.force_login(FreelancerFactory())
    assert client.get(report_url(proposal)).status_code == 404
    assert client.post(report_url(proposal), {"reason": "spam_scam"}).status_code == 404
    assert not Report.objects.exists() and not Flag.objects.exists()


def test_the_jobs_client_may_report_a_proposal_they_received(client):
    proposal = ProposalFactory()
    client.force_login(proposal.job.client)
    assert client.get(report_url(proposal)).status_code == 200


def test_draft_job_and_someone_elses_invitation_are_404(client):
    draft = JobPostFactory(status=JobPost.Status.DRAFT, published_at=None)
    job = JobPostFactory()
    invitation = Invitation.objects.create(job=job, freelancer=FreelancerFactory(), message="Join us")
    client.force_login(ClientFactory())
    assert client.get(report_url(draft)).status_code == 404
    assert client.get(report_url(invitation)).status_code == 404
    client.force_login(invitation.freelancer)
    assert client.get(report_url(invitation)).status_code == 200


def test_invite_only_job_is_reportable_only_by_who_can_see_it(client):
    job = JobPostFactory(visibility=JobPost.Visibility.INVITE_ONLY)
    client.force_login(FreelancerFactory())
    assert client.get(report_url(job)).status_code == 404
    public = JobPostFactory()
    assert client.get(report_url(public)).status_code == 200
