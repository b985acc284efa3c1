from django.apps import AppConfig


class ReputationConfig(AppConfig):
    """Reads only: ratings, job success, earnings bands and client stats derived from contracts.

    It owns no tables; it caches what it derives per user and drops that cache when a contract
    event or feedback touches the user (signals are for cache invalidation, CONVENTIONS §4).
    """

    name = "reputation"
    verbose_name = "Reputation"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from contracts.models import Feedback
        from contracts.signals import contract_event
        from trust.signals import user_sanctioned

        from .cache import forget_contract, forget_feedback, forget_sanctioned

        contract_event.connect(forget_contract, dispatch_uid="reputation-contract-event")
        post_save.connect(forget_feedback, sender=Feedback, dispatch_uid="reputation-feedback")
        user_sanctioned.connect(forget_sanctioned, dispatch_uid="reputation-sanctioned")
