"""Every save path of every guarded model refuses contact details and payment solicitation.

Parametrised over trust.guards.REGISTRY: a model registered without a builder here fails the suite,
so a new text-bearing model can't slip past these tests.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from tests.factories import ClientFactory, FreelancerFactory, JobPostFactory, ProposalFactory
from trust.exceptions import ContentBlocked
from trust.guards import REGISTRY
from trust.models import Flag

pytestmark = pytest.mark.django_db

# Refused everywhere: off-platform payment is never allowed, contract or not (and an email with it).
BAD = "pay me via paypal bob@gmail.com"


def _contract(status: str = "active"):
    from contracts.models import Contract

    return Contract.objects.create(
        client=ClientFactory(), freelancer=FreelancerFactory(), title="Booking site", status=status,
        started_at=timezone.now() if status == "active" else None,
    )


def _milestone():
    from contracts.models import Milestone

    return Milestone.objects.create(contract=_contract(), description="Design", amount_cents=10_000)


def _conversation():
    from messaging.services import conversation_start_for_proposal

    proposal = ProposalFactory()
    return conversation_start_for_proposal(proposal=proposal, actor=proposal.job.client)


def _message():
    from messaging.models import Message

    conversation = _conversation()
    return Message.objects.create(conversation=conversation, sender=conversation.freelancer, body="Hello there")


def _user() -> dict:
    return {"email": f"new-{timezone.now().timestamp()}@example.com", "first_name": "Nia", "last_name": "Cole"}


def _dispute() -> dict:
    milestone = _milestone()
    return {
        "contract": milestone.contract, "milestone": milestone, "opened_by": milestone.contract.client,
        "statement": "The design is not what we agreed.", "respond_by": timezone.now() + timedelta(days=3),
    }


def _feedback() -> dict:
    contract = _contract("ended")
    return {"contract": contract, "author": contract.client, "recipient": contract.freelancer, "score": 5,
            "comment": "Great work, on time."}


def _status_change() -> dict:
    contract = _contract()
    return {"contract": contract, "from_status": "offered", "to_status": "active", "actor": contract.client,
            "note": "Accepted", "at": timezone.now()}


def _upload(**extra) -> dict:
    return {"owner": FreelancerFactory(), "use": "submission", "context": "contract", "kind": "text",
            "file": ContentFile(b"brief", name="brief.txt"), "original_name": "brief.txt",
            "content_type": "text/plain", "size": 5, "sha256": "0" * 64, **extra}


def _attachment() -> dict:
    from trust.models import Upload

    return {"message": _message(), "upload": Upload.objects.create(**_upload(use="message_attachment")),
            "original_name": "brief.txt", "size_bytes": 5}


def _nda_signature() -> dict:
    from nda.models import JobNDA

    nda = JobNDA.objects.create(job=JobPostFactory(), client_legal_name="Acme Ltd")
    return {"nda": nda, "signer": FreelancerFactory(), "legal_name": "Ana Silva", "consent": True,
            "signed_at": timezone.now(), "kind": "standard", "document_sha256": "0" * 64}


# label -> (kwargs for a valid row with clean text, the guarded text field the test writes into)
BUILDERS: dict[str, tuple[Callable[[], dict], str]] = {
    "accounts.User": (_user, "first_name"),
    "accounts.FreelancerProfile": (lambda: {"user": ClientFactory(), "headline": "Designer"}, "headline"),
    "accounts.PortfolioItem": (
        lambda: {"profile": FreelancerFactory().freelancer_profile, "title": "Yoga site"}, "description"),
    "accounts.ClientProfile": (lambda: {"user": FreelancerFactory(), "company_name": "Acme"}, "about"),
    "accounts.Employment": (
        lambda: {"profile": FreelancerFactory().freelancer_profile, "company": "Acme", "title": "Developer",
                 "start_date": date(2020, 1, 1)}, "description"),
    "accounts.Education": (
        lambda: {"profile": FreelancerFactory().freelancer_profile, "school": "University of Porto"}, "degree"),
    "marketplace.JobPost": (
        lambda: {k: v for k, v in JobPostFactory.build(client=ClientFactory(),
                 category=JobPostFactory().category).__dict__.items() if not k.startswith("_") and k != "id"},
        "description"),
    "marketplace.Proposal": (
        lambda: {"job": JobPostFactory(), "freelancer": FreelancerFactory(), "cover_letter": "I can help.",
                 "bid_cents": 10_000, "duration": "1_3m"}, "cover_letter"),
    "marketplace.Invitation": (
        lambda: {"job": JobPostFactory(), "freelancer": FreelancerFactory(), "message": "Please apply."}, "message"),
    "contracts.Contract": (
        lambda: {"client": ClientFactory(), "freelancer": FreelancerFactory(), "title": "Logo"}, "terms"),
    "contracts.Milestone": (
        lambda: {"contract": _contract(), "description": "Design", "amount_cents": 10_000}, "description"),
    "contracts.Submission": (lambda: {"milestone": _milestone(), "message": "Done, see the files."}, "message"),
    "contracts.TimeEntry": (
        lambda: {"contract": _contract(), "date": date.today(), "minutes": 60, "memo": "Layout"}, "memo"),
    "contracts.StatusChange": (_status_change, "note"),
    "contracts.Dispute": (_dispute, "statement"),
    "contracts.Feedback": (_feedback, "comment"),
    "messaging.Message": (
        lambda: {"conversation": (c := _conversation()), "sender": c.freelancer, "body": "Hi!"}, "body"),
    "messaging.Attachment": (_attachment, "original_name"),
    "trust.Upload": (_upload, "original_name"),
    "nda.JobNDA": (lambda: {"job": JobPostFactory(), "client_legal_name": "Acme Ltd"}, "confidential_description"),
    "nda.NDASignature": (_nda_signature, "legal_name"),
}

MODELS = sorted(REGISTRY, key=lambda m: m._meta.label)


def _ids(model) -> str:
    return model._meta.label


def _builder(model):
    if model._meta.label not in BUILDERS:
        pytest.fail(f"{model._meta.label} is guarded but has no builder in {__name__}.BUILDERS: add one.")
    build, field = BUILDERS[model._meta.label]
    return build, field


def _refused(fn: Callable[[], object]) -> ContentBlocked:
    with pytest.raises(ContentBlocked) as caught, transaction.atomic():
        fn()
    return caught.value


@pytest.fixture(autouse=True)
def _no_auto_confirm(settings):
    settings.TRUST_EXEMPT_STAFF = False


def test_every_guarded_model_has_a_builder():
    missing = sorted(m._meta.label for m in REGISTRY if m._meta.label not in BUILDERS)
    assert not missing, f"add builders for {missing}"


@pytest.mark.parametrize("model", MODELS, ids=_ids)
def test_builder_makes_a_valid_clean_row(model):
    build, field = _builder(model)
    obj = model.objects.create(**build())
    assert model.objects.filter(pk=obj.pk).exists()


def _save(model, obj, field):
    setattr(obj, field, BAD)
    obj.save()


def _bulk_update(model, obj, field):
    setattr(obj, field, BAD)
    model.objects.bulk_update([obj], [field])


# Ways to write an existing row. The expression one computes the text in the database
# (Concat(F(...), Value(...))): the guard evaluates it first and checks the result.
EXISTING_ROW_WRITES = {
    "save": _save,
    "update": lambda model, obj, field: model.objects.filter(pk=obj.pk).update(**{field: BAD}),
    "update_expression": lambda model, obj, field: model.objects.filter(pk=obj.pk).update(
        **{field: Concat(Value("x "), Value(BAD))}
    ),
    "bulk_update": _bulk_update,
}
NEW_ROW_WRITES = {
    "create": lambda model, kwargs: model.objects.create(**kwargs),
    "bulk_create": lambda model, kwargs: model.objects.bulk_create([model(**kwargs)]),
}


@pytest.mark.parametrize("path", NEW_ROW_WRITES)
@pytest.mark.parametrize("model", MODELS, ids=_ids)
def test_new_row_refused_leaves_no_row(model, path):
    build, field = _builder(model)
    kwargs = {**build(), field: BAD}
    before = model.objects.count()
    blocked = _refused(lambda: NEW_ROW_WRITES[path](model, kwargs))
    assert model.objects.count() == before
    # Outside any write scope and inside a transaction: refused with the decision, nothing recorded
    # (a write scope records flags; the shell path without a transaction records its own).
    assert blocked.field == field and blocked.decision is not None and not blocked.recorded
    assert {"payment"} <= {f.kind for f in blocked.findings}


@pytest.mark.parametrize("path", EXISTING_ROW_WRITES)
@pytest.mark.parametrize("model", MODELS, ids=_ids)
def test_existing_row_write_refused_keeps_old_text(model, path):
    build, field = _builder(model)
    obj = model.objects.create(**build())
    old = getattr(obj, field)
    _refused(lambda: EXISTING_ROW_WRITES[path](model, obj, field))
    assert getattr(model.objects.get(pk=obj.pk), field) == old


@pytest.mark.parametrize("model", MODELS, ids=_ids)
def test_clean_bulk_paths_still_work(model):
    build, field = _builder(model)
    obj = model.objects.create(**build())
    model.objects.filter(pk=obj.pk).update(**{field: "Plain words only"})
    obj.refresh_from_db()
    setattr(obj, field, "Other plain words")
    model.objects.bulk_update([obj], [field])
    assert getattr(model.objects.get(pk=obj.pk), field) == "Other plain words"


def test_related_manager_update_is_guarded(proposal):
    with pytest.raises(ContentBlocked), transaction.atomic():
        proposal.freelancer.proposals.update(cover_letter=BAD)


def test_proxy_model_save_is_guarded(proposal):
    from marketplace.models import Proposal

    class ProposalProxy(Proposal):
        class Meta:
            proxy = True
            app_label = "marketplace"

    proxy = ProposalProxy.objects.get(pk=proposal.pk)
    proxy.cover_letter = BAD
    with pytest.raises(ContentBlocked), transaction.atomic():
        proxy.save()


def test_update_fields_only_checks_named_fields(proposal):
    """Saving other fields of a row never re-judges text that isn't being written."""
    from marketplace.models import Proposal

    Proposal._base_manager.filter(pk=proposal.pk).update(cover_letter=BAD)  # legacy row, written around the guard
    proposal.refresh_from_db()
    proposal.bid_cents = 9_000
    proposal.save(update_fields=["bid_cents"])
    with pytest.raises(ContentBlocked), transaction.atomic():
        proposal.save(update_fields=["cover_letter"])


@pytest.mark.django_db(transaction=True)
def test_guard_records_flag_itself_without_transaction():
    """The shell path: no transaction is open, so nobody else would record the flag."""
    proposal = ProposalFactory()
    proposal.cover_letter = BAD
    with pytest.raises(ContentBlocked) as caught:
        proposal.save()
    assert caught.value.flag.pk is not None
    flag = Flag.objects.get()
    assert (flag.user, flag.target, flag.kind) == (proposal.freelancer, proposal, "payment")


def test_fixture_loading_is_guarded(tmp_path, proposal):
    import json

    from django.core.management import call_command

    fixture = tmp_path / "bad.json"
    fixture.write_text(json.dumps([{
        "model": "marketplace.proposal", "pk": proposal.pk,
        "fields": {"job": proposal.job_id, "freelancer": proposal.freelancer_id, "cover_letter": BAD,
                   "bid_cents": 1000, "duration": "1_3m", "status": "submitted",
                   "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"},
    }]))
    with pytest.raises(ContentBlocked):
        call_command("loaddata", str(fixture), verbosity=0)
