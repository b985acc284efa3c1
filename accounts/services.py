from __future__ import annotations

from django.db import transaction

from .models import ClientProfile, FreelancerProfile, User


@transaction.atomic
def user_finish_signup(*, user: User) -> User:
    """Save a new user and create the profile for each role they chose."""
    user.full_clean(exclude=["password"])
    user.save()
    if user.is_client:
        ClientProfile.objects.get_or_create(user=user)
    if user.is_freelancer:
        FreelancerProfile.objects.get_or_create(user=user)
    return user
