"""Fixtures for accounts tests."""
from __future__ import annotations

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import ClientFactory, FreelancerFactory

PASSWORD = "demo-pass-123"


def make_image(fmt: str = "PNG", size: tuple[int, int] = (40, 30), name: str = "shot.png") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", size, (10, 120, 80)).save(buf, format=fmt)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "BMP": "image/bmp"}.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(name, buf.getvalue(), content_type=content_type)


@pytest.fixture
def image_file():
    return make_image


def _verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def freelancer(db):
    return _verified(FreelancerFactory())


@pytest.fixture
def client_person(db):
    return _verified(ClientFactory())


@pytest.fixture
def freelancer_client(client, freelancer):
    client.force_login(freelancer)
    return client


@pytest.fixture
def staff_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        email="staff@example.com", password=PASSWORD, first_name="Sam", last_name="Staff"
    )
