import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import PortfolioItem
from tests.factories import ClientFactory, FreelancerFactory, SkillFactory

from .conftest import make_image

pytestmark = pytest.mark.django_db

EDIT = reverse("accounts:profile-edit")


def _freelancer_data(user, **overrides):
    data = {
        "names-first_name": user.first_name,
        "names-last_name": user.last_name,
        "freelancer-headline": "Django developer",
        "freelancer-overview": "Ten years of web work.",
        "freelancer-hourly_rate": "45.50",
        "freelancer-country": "PT",
    }
    data.update(overrides)
    return data


def _both_roles_user():
    user = FreelancerFactory(is_client=True)
    from accounts.models import ClientProfile

    ClientProfile.objects.create(user=user)
    return user


def test_profile_edit_requires_login(client):
    response = client.get(EDIT)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_edit_saves_names_skills_and_rate_in_cents(client, freelancer_user):
    django = SkillFactory(name="Django", slug="django")
    client.force_login(freelancer_user)

    response = client.post(EDIT, _freelancer_data(
        freelancer_user, **{"names-first_name": "Rita", "freelancer-skills": [django.pk]}
    ))

    assert response.status_code == 302
    freelancer_user.refresh_from_db()
    profile = freelancer_user.freelancer_profile
    assert freelancer_user.first_name == "Rita"
    assert profile.hourly_rate_cents == 4_550
    assert profile.headline == "Django developer"
    assert list(profile.skills.all()) == [django]
    assert profile.country.code == "PT"


def test_profile_edit_shows_rate_in_dollars(client, freelancer_user):
    client.force_login(freelancer_user)

    response = client.get(EDIT)

    assert 'value="50.00"' in response.content.decode()


@pytest.mark.parametrize("rate", ["0", "-5", "1000", "12.345", "abc"])
def test_profile_edit_rejects_bad_rates(client, freelancer_user, rate):
    client.force_login(freelancer_user)

    response = client.post(EDIT, _freelancer_data(freelancer_user, **{"freelancer-hourly_rate": rate}))

    assert response.status_code == 400
    assert "hourly_rate" in response.context["freelancer_form"].errors
    freelancer_user.freelancer_profile.refresh_from_db()
    assert freelancer_user.freelancer_profile.hourly_rate_cents == 5_000
    assert freelancer_user.freelancer_profile.headline == "Full-stack developer"  # nothing saved


@pytest.mark.parametrize("field", ["freelancer-headline", "freelancer-overview", "names-last_name"])
def test_profile_edit_refuses_contact_details_and_keeps_text(client, freelancer_user, field):
    client.force_login(freelancer_user)
    text = "write to me: rita.dev@gmail.com"

    response = client.post(EDIT, _freelancer_data(freelancer_user, **{field: text}))

    content = response.content.decode()
    assert response.status_code == 400
    assert 'class="blocked"' in content
    assert '<mark class="finding"' in content
    assert "rita.dev@gmail.com" in content  # the user's text is still in the form
    freelancer_user.refresh_from_db()
    assert "gmail" not in freelancer_user.last_name
    assert "gmail" not in freelancer_user.freelancer_profile.headline + freelancer_user.freelancer_profile.overview


@pytest.mark.parametrize("field", ["client-company_name", "client-about"])
def test_client_profile_refuses_contact_details(client, field):
    user = _both_roles_user()
    client.force_login(user)
    data = _freelancer_data(user, **{"client-company_name": "Northwind", "client-about": "We hire designers."})
    data[field] = "Call us or mail hiring@northwind.io"

    response = client.post(EDIT, data)

    assert response.status_code == 400
    assert 'class="blocked"' in response.content.decode()
    user.client_profile.refresh_from_db()
    assert "northwind.io" not in user.client_profile.company_name + user.client_profile.about


def test_client_only_user_edits_client_profile(client):
    user = ClientFactory()
    client.force_login(user)

    response = client.post(EDIT, {
        "names-first_name": "Ola", "names-last_name": "Nordmann",
        "client-company_name": "Fjord Studio", "client-country": "NO", "client-about": "Design agency.",
    })

    assert response.status_code == 302
    user.client_profile.refresh_from_db()
    assert user.client_profile.company_name == "Fjord Studio"
    assert user.client_profile.country.code == "NO"


# --- portfolio ------------------------------------------------------------------------------------


def test_portfolio_create_with_image(client, freelancer_user):
    client.force_login(freelancer_user)

    response = client.post(reverse("accounts:portfolio-create"), {
        "title": "Booking site", "description": "Yoga studio", "image": make_image(),
    })

    assert response.status_code == 302
    item = PortfolioItem.objects.get(profile__user=freelancer_user)
    assert item.title == "Booking site"
    assert item.image.file.name.startswith("portfolio_image/")
    assert "shot" not in item.image.file.name  # the uploaded file name is not kept


def test_portfolio_create_rejects_non_image(client, freelancer_user):
    client.force_login(freelancer_user)
    fake = SimpleUploadedFile("cv.png", b"%PDF-1.4 not an image", content_type="image/png")

    response = client.post(reverse("accounts:portfolio-create"), {"title": "Thing", "image": fake})

    assert response.status_code == 400
    assert "image" in response.context["form"].errors
    assert not PortfolioItem.objects.exists()


def test_portfolio_create_rejects_unsupported_image_format(client, freelancer_user):
    client.force_login(freelancer_user)

    response = client.post(reverse("accounts:portfolio-create"), {
        "title": "Thing", "image": make_image(fmt="BMP", name="shot.bmp"),
    })

    assert response.status_code == 400
    assert "Accepted: PNG, JPEG, GIF, WebP" in str(response.context["form"].errors["image"])


def test_portfolio_create_rejects_too_large_image(client, freelancer_user, settings):
    settings.ACCOUNTS_PORTFOLIO_IMAGE_MAX_BYTES = 100
    client.force_login(freelancer_user)

    response = client.post(reverse("accounts:portfolio-create"), {
        "title": "Thing", "image": make_image(size=(200, 200)),
    })

    assert response.status_code == 400
    assert "over the limit" in str(response.context["form"].errors["image"])
    assert not PortfolioItem.objects.exists()


def test_portfolio_refuses_contact_details_and_keeps_text(client, freelancer_user):
    client.force_login(freelancer_user)

    response = client.post(reverse("accounts:portfolio-create"), {
        "title": "Shop", "description": "More samples: send a note to rita.dev@gmail.com",
    })

    content = response.content.decode()
    assert response.status_code == 400
    assert 'class="blocked"' in content
    assert "send a note to rita.dev@gmail.com" in content
    assert not PortfolioItem.objects.exists()


def test_portfolio_update_and_remove_image(client, freelancer_user):
    from accounts import services

    item = services.portfolio_item_create(
        profile=freelancer_user.freelancer_profile, title="Old", description="", image=make_image()
    )
    assert item.image is not None
    client.force_login(freelancer_user)

    response = client.post(reverse("accounts:portfolio-update", args=[item.pk]), {
        "title": "New", "description": "", "remove_image_": "on",
    })

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "New"
    assert not item.image


def test_portfolio_other_users_item_is_404(client, freelancer_user, other_freelancer):
    item = PortfolioItem.objects.create(profile=other_freelancer.freelancer_profile, title="Theirs")
    client.force_login(freelancer_user)

    assert client.get(reverse("accounts:portfolio-update", args=[item.pk])).status_code == 404
    assert client.post(reverse("accounts:portfolio-update", args=[item.pk]), {"title": "Mine"}).status_code == 404
    assert client.post(reverse("accounts:portfolio-delete", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.title == "Theirs"


def test_portfolio_anonymous_redirected_to_login(client, freelancer_user):
    item = PortfolioItem.objects.create(profile=freelancer_user.freelancer_profile, title="Mine")

    for url in (reverse("accounts:portfolio-create"), reverse("accounts:portfolio-update", args=[item.pk]),
                reverse("accounts:portfolio-delete", args=[item.pk])):
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert PortfolioItem.objects.filter(pk=item.pk).exists()


def test_portfolio_delete_asks_then_deletes(client, freelancer_user):
    item = PortfolioItem.objects.create(profile=freelancer_user.freelancer_profile, title="Mine")
    client.force_login(freelancer_user)

    confirm = client.get(reverse("accounts:portfolio-delete", args=[item.pk]))
    assert confirm.status_code == 200
    assert PortfolioItem.objects.filter(pk=item.pk).exists()

    response = client.post(reverse("accounts:portfolio-delete", args=[item.pk]))
    assert response.status_code == 302
    assert not PortfolioItem.objects.filter(pk=item.pk).exists()


def test_portfolio_create_404_for_client_only_user(client, client_user):
    client.force_login(client_user)

    assert client.get(reverse("accounts:portfolio-create")).status_code == 404


def test_profile_edit_shows_every_parts_errors_at_once(client, freelancer_user):
    client.force_login(freelancer_user)

    response = client.post(EDIT, _freelancer_data(
        freelancer_user, **{"names-first_name": "", "freelancer-overview": "mail rita.dev@gmail.com"}
    ))

    assert response.status_code == 400
    assert "first_name" in response.context["names_form"].errors
    # Trust judges what would be written (the live hint warns while typing); fixed names -> refused text.
    data = _freelancer_data(freelancer_user, **{"freelancer-overview": "mail rita.dev@gmail.com"})
    response = client.post(EDIT, data)
    assert response.status_code == 400
    assert "overview" in response.context["freelancer_form"].errors
    assert 'class="blocked"' in response.content.decode()
