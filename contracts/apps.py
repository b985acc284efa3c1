from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:
    from accounts.models import User
    from trust.uploads.models import Upload

    from .models import Contract


def _other(contract: Contract, user: User | None) -> User | None:
    """The party of `contract` that is not `user` (None for staff/system actors)."""
    if user is None:
        return None
    if user.pk == contract.client_id:
        return contract.freelancer
    if user.pk == contract.freelancer_id:
        return contract.client
    return None


def _may_download_submission(user: User, upload: Upload) -> bool:
    """The contract's client (the owner, the freelancer, and staff are let in by trust)."""
    from .models import Submission

    return Submission.objects.filter(attachment=upload, milestone__contract__client_id=user.pk).exists()


def _may_download_evidence(user: User, upload: Upload) -> bool:
    """Dispute evidence: the other party of the dispute's contract (the one who added it, and staff
    deciding the dispute, are let in by trust)."""
    from django.db.models import Q

    from .models import DisputeEvidence

    return DisputeEvidence.objects.filter(
        Q(dispute__contract__client_id=user.pk) | Q(dispute__contract__freelancer_id=user.pk), upload=upload
    ).exists()


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Contracts & payments"

    def ready(self) -> None:
        from trust.guards import guard
        from trust.registry import register_relationship

        from . import payments  # noqa: F401  (registers the contracts.E001 deploy check)
        from .models import Contract, Dispute, Feedback, Milestone, StatusChange, Submission, TimeEntry
        from .selectors import contract_active_between, contract_started_between

        # trust imports no app: contracts answers its questions about two users.
        register_relationship("contract_started", contract_started_between)
        register_relationship("contract_active", contract_active_between)

        # Contract text passes between the two parties: contact details once the contract has
        # started, payment outside the platform never. The services name the author in their write
        # scope; `parties` gives the other party of a row (and the author outside any scope).
        def parties(contract_of: Callable[[Any], Contract]) -> Callable[[Any], tuple[User, User]]:  # any row model
            return lambda row: (contract_of(row).client, contract_of(row).freelancer)

        guard(Contract, fields=["title", "terms"], context="contract", user_field="client",
              parties=parties(lambda c: c), together=[("title", "terms")])
        guard(Milestone, fields=["description"], context="contract", user_field="contract__client",
              parties=parties(lambda m: m.contract))
        guard(Submission, fields=["message"], context="contract", user_field="milestone__contract__freelancer",
              parties=lambda s: (s.milestone.contract.freelancer, s.milestone.contract.client))
        guard(TimeEntry, fields=["memo"], context="contract", user_field="contract__freelancer",
              parties=lambda t: (t.contract.freelancer, t.contract.client))
        guard(StatusChange, fields=["note"], context="contract", user_field="actor",
              parties=lambda s: (s.actor, _other(s.contract, s.actor)))
        guard(Dispute, fields=["statement", "response", "reason"], context="contract", user_field="opened_by",
              parties=lambda d: (d.opened_by, _other(d.contract, d.opened_by)))
        # Public feedback comments are shown on profiles: public text.
        guard(Feedback, fields=["comment"], context="profile", user_field="author")

        from django.conf import settings

        from trust.uploads.registry import register_use

        # Delivered work: documents and pictures, judged like contract text, fetched by the client.
        register_use(
            "submission",
            kinds={"pdf", "docx", "text", "png", "jpeg", "gif", "webp"},
            max_bytes=lambda: settings.CONTRACTS_SUBMISSION_MAX_BYTES,
            context="contract",
            access=_may_download_submission,
            label="work submission",
        )
        # Dispute evidence is read by the other party and by staff deciding the dispute: judged in
        # its own context, which is not a two-party one, so contact details are refused even inside
        # a started contract (evidence is about the work, never a way to take the talk elsewhere).
        register_use(
            "dispute_evidence",
            kinds={"pdf", "docx", "text", "png", "jpeg", "gif", "webp"},
            max_bytes=lambda: settings.CONTRACTS_SUBMISSION_MAX_BYTES,
            context="dispute_evidence",
            access=_may_download_evidence,
            label="dispute evidence",
        )
