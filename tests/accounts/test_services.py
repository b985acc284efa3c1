import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import services
from accounts.exceptions import InvalidTransition
from accounts.models import ClientProfile, FreelancerProfile, IdentityVerificationRequest, User
from trust.exceptions import ContentBlocked
from trust.models import Flag

pytestmark = pytest.mark.django_db


def _pdf(name="passport.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test document\n", content_type="application/pdf")


def test_user_add_role_creates_the_other_profile(client_user):
    services.user_add_role(user=client_user, role="freelancer")

    client_user.refresh_from_db()
    assert client_user.is_client and client_user.is_freelancer
    assert FreelancerProfile.objects.filter(user=client_user).exists()


def test_user_add_role_refuses_role_already_held(freelancer_user):
    with pytest.raises(ValidationError, match="already have the freelancer role"):
        services.user_add_role(user=freelancer_user, role="freelancer")


def test_user_add_role_refuses_unknown_role(freelancer_user):
    with pytest.raises(ValidationError):
        services.user_add_role(user=freelancer_user, role="admin")
    freelancer_user.refresh_from_db()
    assert not freelancer_user.is_client


def test_freelancer_profile_update_guard_refuses_and_records_flag(freelancer_user):
    profile = freelancer_user.freelancer_profile

    with pytest.raises(ContentBlocked):
        services.freelancer_profile_update(
            profile=profile, headline="Mail me: rita.dev@gmail.com", overview="", hourly_rate_cents=None,
            country="", skills=[],
        )

    profile.refresh_from_db()
    assert profile.headline == "Full-stack developer"
    flag = Flag.objects.get()
    assert flag.user == freelancer_user
    assert "rita.dev@gmail.com" in flag.original_text


def test_client_profile_update_saves(client_user):
    profile = services.client_profile_update(
        profile=client_user.client_profile, company_name=" Northwind ", country="DE", about="We build boats."
    )

    profile.refresh_from_db()
    assert profile.company_name == "Northwind"
    assert profile.country.code == "DE"


def test_user_finish_signup_requires_a_role():
    user = User(email="norole@example.com", first_name="No", last_name="Role")
    user.set_password("x-long-pass-1234")

    with pytest.raises(ValidationError):
        services.user_finish_signup(user=user)
    assert not User.objects.filter(email="norole@example.com").exists()


def test_user_ensure_profiles_creates_missing(client_user):
    client_user.is_freelancer = True
    client_user.save()

    services.user_ensure_profiles(user=client_user)

    assert FreelancerProfile.objects.filter(user=client_user).exists()
    assert ClientProfile.objects.filter(user=client_user).count() == 1


# --- identity -------------------------------------------------------------------------------------


def test_identity_submit_marks_user_pending(freelancer_user):
    request_obj = services.identity_verification_submit(
        user=freelancer_user, legal_name="Rita Maria Costa", country="PT", document=_pdf()
    )

    freelancer_user.refresh_from_db()
    assert freelancer_user.identity_status == User.IdentityStatus.PENDING
    assert request_obj.status == IdentityVerificationRequest.Status.PENDING
    assert request_obj.document.file.name.startswith("identity_document/")
    assert "passport" not in request_obj.document.file.name  # random, unguessable name
    assert request_obj.document.status == "clean"  # kept private, never scanned: staff read it


def test_identity_submit_refused_while_pending(freelancer_user):
    services.identity_verification_submit(user=freelancer_user, legal_name="Rita", country="PT", document=_pdf())

    with pytest.raises(ValidationError, match="already being reviewed"):
        services.identity_verification_submit(user=freelancer_user, legal_name="Rita", country="PT", document=_pdf())


def test_identity_approve_verifies_user_and_emails(freelancer_user, staff_user, mailoutbox,
                                                   django_capture_on_commit_callbacks):
    request_obj = services.identity_verification_submit(
        user=freelancer_user, legal_name="Rita", country="PT", document=_pdf()
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.identity_verification_approve(request_obj=request_obj, reviewer=staff_user, note="All good.")

    freelancer_user.refresh_from_db()
    request_obj.refresh_from_db()
    assert freelancer_user.identity_status == User.IdentityStatus.VERIFIED
    assert freelancer_user.is_identity_verified
    assert request_obj.status == IdentityVerificationRequest.Status.APPROVED
    assert request_obj.reviewer == staff_user and request_obj.reviewed_at is not None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [freelancer_user.email]
    assert "verified" in mailoutbox[0].subject
    assert "All good." in mailoutbox[0].body


def test_identity_reject_then_resubmit(freelancer_user, staff_user, mailoutbox, django_capture_on_commit_callbacks):
    first = services.identity_verification_submit(user=freelancer_user, legal_name="R", country="PT", document=_pdf())

    with django_capture_on_commit_callbacks(execute=True):
        services.identity_verification_reject(request_obj=first, reviewer=staff_user, note="The photo is blurry.")

    freelancer_user.refresh_from_db()
    assert freelancer_user.identity_status == User.IdentityStatus.REJECTED
    assert "The photo is blurry." in mailoutbox[0].body
    second = services.identity_verification_submit(
        user=freelancer_user, legal_name="Rita Costa", country="PT", document=_pdf()
    )
    assert second.status == IdentityVerificationRequest.Status.PENDING


def test_identity_decision_cannot_be_made_twice(freelancer_user, staff_user):
    request_obj = services.identity_verification_submit(
        user=freelancer_user, legal_name="Rita", country="PT", document=_pdf()
    )
    services.identity_verification_approve(request_obj=request_obj, reviewer=staff_user)

    with pytest.raises(InvalidTransition):
        services.identity_verification_reject(request_obj=request_obj, reviewer=staff_user, note="no")
    stale = IdentityVerificationRequest.objects.get(pk=request_obj.pk)
    stale.status = IdentityVerificationRequest.Status.PENDING  # another reviewer's stale copy
    with pytest.raises(InvalidTransition, match="already decided"):
        services.identity_verification_reject(request_obj=stale, reviewer=staff_user, note="no")
    freelancer_user.refresh_from_db()
    assert freelancer_user.identity_status == User.IdentityStatus.VERIFIED
