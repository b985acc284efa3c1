from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """One notifications module: every event becomes an in-app notification (the centre and the live
    badge) and, by the user's preferences, one HTML + text email sent from here. Apps call
    notifications.services.notify; trust (which imports no app) announces its decisions with
    trust.signals.decision_made, which this app listens to."""

    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from trust.signals import decision_made

        from .receivers import on_trust_decision

        decision_made.connect(on_trust_decision, dispatch_uid="notifications-trust-decision")
