from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from trust.guards import guard

        from .models import ClientProfile, Education, Employment, FreelancerProfile, PortfolioItem, User

        guard(User, fields=["first_name", "last_name"], context="profile", user_field=None)
        guard(FreelancerProfile, fields=["headline", "overview"], context="profile")
        guard(PortfolioItem, fields=["title", "description"], context="profile", user_field="profile__user")
        guard(Employment, fields=["company", "title", "description"], context="profile", user_field="profile__user")
        guard(Education, fields=["school", "degree", "field_of_study"], context="profile", user_field="profile__user")
        guard(ClientProfile, fields=["company_name", "about"], context="profile")
