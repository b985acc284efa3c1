import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_user_display_name_hides_email(freelancer_user):
    assert freelancer_user.display_name == f"{freelancer_user.first_name} {freelancer_user.last_name[0]}."
    assert "@" not in str(freelancer_user)


def test_user_create_requires_email():
    with pytest.raises(ValueError):
        User.objects.create_user(email="", password="x", first_name="A", last_name="B")
