import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from accounts.models import ClientProfile, FreelancerProfile, User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Maria",
    "last_name": "Lopez",
    "email": "maria@example.com",
    "password1": "a-Long-unique-pass-991",
    "password2": "a-Long-unique-pass-991",
}


def _signup(client, **overrides):
    return client.post(reverse("account_signup"), {**SIGNUP, **overrides})


@pytest.mark.parametrize(("role", "profile_model", "other_model"), [
    ("freelancer", FreelancerProfile, ClientProfile),
    ("client", ClientProfile, FreelancerProfile),
])
def test_signup_creates_user_with_role_profile_and_sends_verification(client, mailoutbox, role, profile_model,
                                                                     other_model):
    response = _signup(client, role=role)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="maria@example.com")
    assert (user.first_name, user.last_name) == ("Maria", "Lopez")
    assert getattr(user, f"is_{role}") is True
    assert profile_model.objects.filter(user=user).exists()
    assert not other_model.objects.filter(user=user).exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["maria@example.com"]
    assert "/accounts/confirm-email/" in mailoutbox[0].body
    assert "Hi Maria" in mailoutbox[0].body
    assert f"Hello from {settings.SITE_NAME}" in mailoutbox[0].body  # not the Sites row's "example.com"
    assert EmailAddress.objects.get(user=user).verified is False


def test_signup_requires_role_and_names(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "first_name": ""})

    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert "first_name" in response.context["form"].errors
    assert not User.objects.exists()


def test_signup_refuses_contact_details_in_name_and_keeps_text(client):
    response = _signup(client, role="client", last_name="reach me at maria.l@gmail.com")

    assert response.status_code == 200
    assert not User.objects.exists()
    assert "last_name" in response.context["form"].errors
    content = response.content.decode()
    assert 'class="blocked"' in content
    assert 'value="reach me at maria.l@gmail.com"' in content


def test_signup_page_uses_site_layout(client):
    response = client.get(reverse("account_signup"))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="topbar"' in content  # our base.html
    assert "What brings you here?" in content
    assert content.index('name="first_name"') < content.index('name="email"')


def test_login_blocked_until_email_verified_then_allowed(client, mailoutbox):
    _signup(client, role="freelancer")
    client.logout()

    response = client.post(reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    confirm_url = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mailoutbox[-1].body).group(1)
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "Confirm my email" in page.content.decode()  # a POST button page; GET alone confirms nothing
    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified is False

    client.post(confirm_url)
    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified is True
    client.logout()
    response = client.post(reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email=SIGNUP["email"]).pk)


@pytest.mark.parametrize("name", [
    "account_login", "account_signup", "account_reset_password", "account_reset_password_done",
    "account_email_verification_sent",
])
def test_allauth_entrance_pages_render_in_site_layout(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert 'class="topbar"' in response.content.decode()


@pytest.mark.parametrize("name", ["account_email", "account_change_password", "account_logout"])
def test_allauth_manage_pages_render_in_site_layout(client, freelancer, name):
    client.force_login(freelancer)

    response = client.get(reverse(name))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="topbar"' in content
    assert "settings-tabs" in content


def test_confirm_email_bad_key_explains(client):
    response = client.get(reverse("account_confirm_email", args=["not-a-key"]))

    assert response.status_code == 200
    assert "expired or is invalid" in response.content.decode()


def test_password_reset_flow_pages(client, freelancer, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": freelancer.email})
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mailoutbox[-1].body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert 'class="topbar"' in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
                       {"password1": "n3w-Long-pass-4471", "password2": "n3w-Long-pass-4471"})
    assert done.status_code == 302
    freelancer.refresh_from_db()
    assert freelancer.check_password("n3w-Long-pass-4471")
