"""NDA fixtures: a published job whose client requires the standard NDA, built with the services."""
from __future__ import annotations

import pytest

from nda import services
from tests.factories import ClientFactory, FreelancerFactory, JobPostFactory, UserFactory
from tests.uploads.builders import pdf, uploaded

SECRET = "The prototype uses the Larkspur engine under the hood."


@pytest.fixture
def owner(db):
    return ClientFactory(first_name="Cara", last_name="Client")


@pytest.fixture
def signer(db):
    return FreelancerFactory(first_name="Finn", last_name="Freelancer")


@pytest.fixture
def stranger(db):
    return FreelancerFactory(first_name="Sam", last_name="Stranger")


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True, first_name="Oli", last_name="Ops")


@pytest.fixture
def job(owner):
    return JobPostFactory(client=owner, title="Redesign the booking app",
                          description="A short public summary of the redesign.")


@pytest.fixture
def nda(job, owner):
    return services.nda_require(job=job, actor=owner, kind="standard", client_legal_name="Cara Client Ltd",
                                confidential_description=SECRET)


@pytest.fixture
def clean_file(nda, job, owner, django_capture_on_commit_callbacks):
    """A confidential PDF the scan passed."""
    with django_capture_on_commit_callbacks(execute=True):
        item = services.confidential_file_add(job=job, actor=owner, file=uploaded(
            pdf(text="Architecture notes: the Larkspur engine."), "architecture.pdf"))
    item.upload.refresh_from_db()
    assert item.upload.is_clean
    return item


@pytest.fixture
def signature(nda, job, signer):
    return services.nda_sign(job=job, signer=signer, legal_name="Finn Alexander Freelancer", consent=True,
                             ip_address="203.0.113.7", user_agent="Mozilla/5.0 (tests)")
