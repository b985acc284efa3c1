from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = "Marketplace"

    def ready(self) -> None:
        from trust.guards import guard

        from .models import Invitation, JobPost, Proposal

        guard(JobPost, fields=["title", "description"], context="job_post", user_field="client")
        guard(Proposal, fields=["cover_letter", "attachment_text"], context="proposal", user_field="freelancer")
        guard(Invitation, fields=["message"], context="invitation", user_field="job__client")

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
