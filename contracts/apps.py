from django.apps import AppConfig


def _other(contract, user):
    """The party of `contract` that is not `user` (None for staff/system actors)."""
    if user is None:
        return None
    if user.pk == contract.client_id:
        return contract.freelancer
    if user.pk == contract.freelancer_id:
        return contract.client
    return None


def _may_download_submission(user, upload) -> bool:
    """The contract's client (the owner, the freelancer, and staff are let in by trust)."""
    from .models import Submission

    return Submission.objects.filter(attachment=upload, milestone__contract__client_id=user.pk).exists()


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Contracts & payments"

    def ready(self) -> None:
        from trust.guards import guard

        from . import payments  # noqa: F401  (registers the contracts.E001 deploy check)
        from .models import Contract, Dispute, Feedback, Milestone, StatusChange, Submission, TimeEntry

        # Contract text passes between the two parties: contact details once the contract has
        # started (trust.policy asks contracts.selectors), payment outside the platform never.
        guard(
            Contract,
            fields=["title", "terms"],
            context="contract",
            user_field="client",
            parties=lambda c: (c.client, c.freelancer),
        )
        guard(
            Milestone,
            fields=["description"],
            context="contract",
            user_field="contract__client",
            parties=lambda m: (m.contract.client, m.contract.freelancer),
        )
        guard(
            Submission,
            fields=["message"],
            context="contract",
            user_field="milestone__contract__freelancer",
            parties=lambda s: (s.milestone.contract.freelancer, s.milestone.contract.client),
        )
        guard(
            TimeEntry,
            fields=["memo"],
            context="contract",
            user_field="contract__freelancer",
            parties=lambda t: (t.contract.freelancer, t.contract.client),
        )
        guard(
            StatusChange,
            fields=["note"],
            context="contract",
            user_field="actor",
            parties=lambda s: (s.actor, _other(s.contract, s.actor)),
        )
        # The statement is the opener's, the response the counterpart's; the policy between the
        # two parties of one contract is symmetric, so the author of the latest text is reported.
        guard(
            Dispute,
            fields=["statement", "response", "reason"],
            context="contract",
            user_field="opened_by",
            parties=lambda d: (
                (_other(d.contract, d.opened_by), d.opened_by)
                if d.response
                else (d.opened_by, _other(d.contract, d.opened_by))
            ),
        )
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
