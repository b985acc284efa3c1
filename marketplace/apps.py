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
