from django.apps import AppConfig


class ReputationConfig(AppConfig):
    """Reads only: ratings, job success, earnings bands and client stats derived from contracts.

    It owns no tables; it caches what it derives per user and drops that cache when a contract
    event or feedback touches the user (signals are for cache invalidation, CONVENTIONS §4). The
    profiles (accounts) and job cards and pages (marketplace) show its figures through the provider
    slots those apps declare (core.providers), filled here: they never import reputation.
    """

    name = "reputation"
    verbose_name = "Reputation"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from accounts import providers as profiles
        from contracts.models import Feedback
        from contracts.signals import contract_event
        from marketplace import providers as jobs
        from trust.signals import user_sanctioned

        from . import selectors
        from .cache import forget_contract, forget_feedback, forget_sanctioned

        profiles.freelancer_reputation.register(selectors.freelancer_reputation)
        profiles.client_reputation.register(selectors.client_reputation)
        profiles.public_reviews.register(selectors.public_reviews)
        jobs.job_card_facts.register(selectors.job_card_facts)
        jobs.withheld_sql.register(selectors.withheld_sql)
        jobs.client_reputation.register(selectors.client_reputation)
        jobs.proposal_counts.register(selectors.proposal_counts)

        contract_event.connect(forget_contract, dispatch_uid="reputation-contract-event")
        post_save.connect(forget_feedback, sender=Feedback, dispatch_uid="reputation-feedback")
        user_sanctioned.connect(forget_sanctioned, dispatch_uid="reputation-sanctioned")
