from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from trust.guards import guard
        from trust.signals import user_sanctioned

        from .models import ClientProfile, Education, Employment, FreelancerProfile, PortfolioItem, User
        from .receivers import remove_badges_on_sanction

        # Badge loss and suspension take the talent badges at once (contracts.badges asks
        # trust.standing.badges_withheld before awarding them again).
        user_sanctioned.connect(remove_badges_on_sanction, dispatch_uid="accounts-badges-on-sanction")

        # `together`: fields shown next to each other are also read as one text (a split detail).
        guard(User, fields=["first_name", "last_name"], context="profile", user_field=None,
              together=[("first_name", "last_name")])
        guard(FreelancerProfile, fields=["headline", "overview"], context="profile",
              together=[("headline", "overview")])
        guard(PortfolioItem, fields=["title", "description"], context="profile", user_field="profile__user",
              together=[("title", "description")])
        guard(Employment, fields=["company", "title", "description"], context="profile", user_field="profile__user",
              together=[("company", "title", "description")])
        guard(Education, fields=["school", "degree", "field_of_study"], context="profile", user_field="profile__user",
              together=[("school", "degree", "field_of_study")])
        guard(ClientProfile, fields=["company_name", "about"], context="profile",
              together=[("company_name", "about")])

        self._register_uploads()

    def _register_uploads(self) -> None:
        """Files of accounts on trust's upload pipeline. Portfolio images and profile photos are public
        once the scan passed them (judged like profile text: no contact details); identity documents
        are private (the user and staff), sniffed and size-limited but never scanned: staff read them."""
        from django.conf import settings

        from trust.uploads.registry import register_use

        images = {"png", "jpeg", "gif", "webp"}
        register_use(
            "portfolio_image", kinds=images, public=True, context="profile", label="portfolio image",
            max_bytes=lambda: getattr(settings, "ACCOUNTS_PORTFOLIO_IMAGE_MAX_BYTES", 5 * 1024 * 1024),
        )
        register_use(
            "avatar", kinds=images, public=True, context="profile", label="profile photo",
            max_bytes=lambda: getattr(settings, "ACCOUNTS_AVATAR_MAX_BYTES", 5 * 1024 * 1024),
        )
        register_use(
            "identity_document", kinds={"pdf", "jpeg", "png"}, context="identity", scan=False,
            label="identity document",
            max_bytes=lambda: getattr(settings, "ACCOUNTS_IDENTITY_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024),
        )
