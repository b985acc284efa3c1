"""Portfolio images, profile photos and identity documents through the forms people use."""
from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import IdentityVerificationRequest, PortfolioItem
from tests.uploads.builders import PHONE, pdf, qr_image, text_image, uploaded
from trust.models import Flag, Upload

pytestmark = pytest.mark.django_db


def _add_portfolio(client, user, image, captured):
    client.force_login(user)
    with captured(execute=True):
        return client.post(reverse("accounts:portfolio-create"), {"title": "Shop redesign", "image": image})


def test_portfolio_png_with_a_phone_number_is_refused_and_never_public(client, freelancer_user,
                                                                        django_capture_on_commit_callbacks):
    png = text_image(f"WhatsApp me: {PHONE}")
    _add_portfolio(client, freelancer_user, uploaded(png, "work.png", "image/png"), django_capture_on_commit_callbacks)
    item = PortfolioItem.objects.get()
    assert item.image.status == Upload.Status.REFUSED and "phone" in item.image.found_kinds
    assert Flag.objects.filter(user=freelancer_user, context="profile").exists()
    # The public page shows no image; the file URL is a 404 for visitors and other users.
    client.logout()
    page = client.get(reverse("accounts:freelancer-detail", args=[freelancer_user.pk])).content.decode()
    assert item.image.get_absolute_url() not in page
    assert client.get(item.image.get_absolute_url()).status_code == 302  # to login, never the file
    # The owner is told why.
    client.force_login(freelancer_user)
    assert "Refused" in client.get(reverse("accounts:profile-edit")).content.decode()


def test_clean_portfolio_image_is_public_inline(client, freelancer_user, django_capture_on_commit_callbacks):
    png = text_image("Before and after")
    _add_portfolio(client, freelancer_user, uploaded(png, "work.png", "image/png"), django_capture_on_commit_callbacks)
    item = PortfolioItem.objects.get()
    assert item.image.status == Upload.Status.CLEAN
    client.logout()
    page = client.get(reverse("accounts:freelancer-detail", args=[freelancer_user.pk])).content.decode()
    assert item.image.get_absolute_url() in page
    response = client.get(item.image.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_avatar_with_a_qr_code_to_whatsapp_is_refused(client, freelancer_user, django_capture_on_commit_callbacks):
    client.force_login(freelancer_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:avatar-update"), {"avatar": uploaded(qr_image("https://wa.me/13125550147"),
                                                                            "me.png", "image/png")})
    freelancer_user.refresh_from_db()
    assert freelancer_user.avatar.status == Upload.Status.REFUSED
    assert freelancer_user.avatar_url == ""


def test_clean_avatar_shows_on_the_profile(client, freelancer_user, django_capture_on_commit_callbacks):
    client.force_login(freelancer_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:avatar-update"), {"avatar": uploaded(text_image("Hi"), "me.png", "image/png")})
    freelancer_user.refresh_from_db()
    assert freelancer_user.avatar.status == Upload.Status.CLEAN
    client.logout()
    page = client.get(reverse("accounts:freelancer-detail", args=[freelancer_user.pk])).content.decode()
    assert freelancer_user.avatar_url in page


def test_an_uploaded_web_page_never_becomes_an_avatar(client, freelancer_user):
    client.force_login(freelancer_user)
    html = b"<html><body><script>fetch('/profile/edit/')</script></body></html>"
    client.post(reverse("accounts:avatar-update"), {"avatar": uploaded(html, "me.png", "image/png")})
    freelancer_user.refresh_from_db()
    assert freelancer_user.avatar is None and not Upload.objects.exists()


def test_identity_document_is_private(client, freelancer_user, other_freelancer, django_capture_on_commit_callbacks):
    client.force_login(freelancer_user)
    client.post(reverse("accounts:identity-verify"), {
        "legal_name": "Rita Costa", "country": "PT", "document": uploaded(pdf(), "passport.pdf"), "confirm": "on",
    })
    document = IdentityVerificationRequest.objects.get().document
    url = document.get_absolute_url()
    assert client.get(url).status_code == 200  # the owner
    client.force_login(other_freelancer)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    assert client.get("/media/" + document.file.name).status_code == 404  # nothing under /media/
