from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from trust.guards import guard
        from trust.signals import user_sanctioned

        from .models import ClientProfile, FreelancerProfile, PortfolioItem, User
        from .receivers import remove_badges_on_sanction

        # Badge loss and suspension take the talent badges at once (contracts.badges asks
        # trust.standing.badges_withheld before awarding them again).
        user_sanctioned.connect(remove_badges_on_sanction, dispatch_uid="accounts-badges-on-sanction")

        guard(User, fields=["first_name", "last_name"], context="profile", user_field=None,
              together=[("first_name", "last_name")])
        guard(FreelancerProfile, fields=["headline", "overview"], context="profile",
              together=[("headline", "overview")])
        guard(PortfolioItem, fields=["title", "description"], context="profile", user_field="profile__user",
              together=[("title", "description")])
        guard(ClientProfile, fields=["company_name", "about"], context="profile",
              together=[("company_name", "about")])
