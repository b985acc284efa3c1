from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = "Marketplace"

    def ready(self) -> None:
        from trust.guards import guard

        from .models import Invitation, JobPost, Proposal

        guard(JobPost, fields=["title", "description"], context="job_post", user_field="client",
              together=[("title", "description")])
        guard(Proposal, fields=["cover_letter"], context="proposal", user_field="freelancer")
        guard(Invitation, fields=["message"], context="invitation", user_field="job__client")

        # Reports only for what the reporter can see, by the same rule as the page showing it (else 404).
        from trust.registry import register_report_access

        from . import selectors

        register_report_access(JobPost, lambda user, job: selectors.job_visible_to(job, user))
        register_report_access(
            Proposal, lambda user, proposal: selectors.proposal_get_for_viewer(pk=proposal.pk, user=user) is not None
        )
        register_report_access(Invitation, lambda user, invitation: invitation.freelancer_id == user.pk)

        self._register_uploads()

        # The job list caches the skill/category taxonomy; drop it whenever staff change it.
        from django.db.models.signals import post_delete, post_save

        from accounts.models import Skill

        from .models import Category
        from .selectors import search_choices_clear

        def _taxonomy_changed(**kwargs: object) -> None:
            search_choices_clear()

        for model in (Skill, Category):
            for signal in (post_save, post_delete):
                signal.connect(_taxonomy_changed, sender=model, weak=False,
                               dispatch_uid=f"marketplace-choices-{id(signal)}-{model.__name__}")

    def _register_uploads(self) -> None:
        """Proposal attachments: trust's pipeline judges them like the cover letter (no contact
        details, ever); the job's owner fetches them once clean."""
        from django.conf import settings

        from trust.uploads.registry import register_use

        def may_fetch(user: object, upload: object) -> bool:
            from .models import Proposal

            return Proposal.objects.filter(attachment=upload, job__client_id=getattr(user, "pk", None)).exists()

        register_use(
            "proposal_attachment",
            kinds={"pdf", "docx", "text", "png", "jpeg"},
            max_bytes=lambda: settings.MARKETPLACE_ATTACHMENT_MAX_BYTES,
            context="proposal",
            access=may_fetch,
            label="proposal attachment",
        )
