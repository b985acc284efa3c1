import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import services
from accounts.models import ClientProfile, FreelancerProfile, IdentityVerificationRequest, User

from .conftest import make_image

pytestmark = pytest.mark.django_db

IDENTITY = reverse("accounts:identity-verify")
CHANGELIST = reverse("admin:accounts_identityverificationrequest_changelist")


def _pdf():
    return SimpleUploadedFile("id.pdf", b"%PDF-1.4\n%doc\n", content_type="application/pdf")


def test_identity_page_requires_login(client):
    response = client.get(IDENTITY)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_identity_submit_via_page(client, freelancer_user):
    client.force_login(freelancer_user)

    response = client.post(IDENTITY, {
        "legal_name": "Rita Maria Costa", "country": "PT", "document": _pdf(), "confirm": "on",
    })

    assert response.status_code == 302
    freelancer_user.refresh_from_db()
    assert freelancer_user.identity_status == User.IdentityStatus.PENDING
    page = client.get(IDENTITY).content.decode()
    assert "Pending review" in page
    assert 'name="document"' not in page  # nothing more to submit while pending


@pytest.mark.parametrize(("upload", "message"), [
    (lambda: SimpleUploadedFile("id.exe", b"MZ...", content_type="application/octet-stream"), "PDF, PNG, JPEG"),
    (lambda: SimpleUploadedFile("id.pdf", b"not really a pdf", content_type="application/pdf"),
     "a plain text file"),
    (lambda: SimpleUploadedFile("id.png", b"garbage", content_type="image/png"), "a plain text file"),
])
def test_identity_submit_rejects_bad_documents(client, freelancer_user, upload, message):
    client.force_login(freelancer_user)

    response = client.post(IDENTITY, {"legal_name": "Rita", "country": "PT", "document": upload(), "confirm": "on"})

    assert response.status_code == 400
    assert message in str(response.context["form"].errors["document"])
    assert response.context["form"]["legal_name"].value() == "Rita"  # kept
    assert not IdentityVerificationRequest.objects.exists()


def test_identity_submit_accepts_png_and_rejects_oversize(client, freelancer_user, settings):
    client.force_login(freelancer_user)
    settings.ACCOUNTS_IDENTITY_DOCUMENT_MAX_BYTES = 50

    big = client.post(IDENTITY, {"legal_name": "R", "country": "PT", "document": make_image(size=(300, 300)),
                                 "confirm": "on"})
    assert big.status_code == 400
    assert "over the limit" in str(big.context["form"].errors["document"])

    settings.ACCOUNTS_IDENTITY_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
    ok = client.post(IDENTITY, {"legal_name": "R", "country": "PT", "document": make_image(), "confirm": "on"})
    assert ok.status_code == 302


def test_identity_document_is_staff_only(client, freelancer_user, staff_user, other_freelancer):
    request_obj = services.identity_verification_submit(
        user=freelancer_user, legal_name="Rita", country="PT", document=_pdf()
    )
    url = reverse("accounts:identity-document", args=[request_obj.pk])

    client.force_login(other_freelancer)
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(staff_user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_legal_name_never_on_public_profile(client, freelancer_user):
    services.identity_verification_submit(user=freelancer_user, legal_name="Secretlegalname", country="PT",
                                          document=_pdf())

    page = client.get(reverse("accounts:freelancer-detail", args=[freelancer_user.pk])).content.decode()

    assert "Secretlegalname" not in page


def test_admin_approve_action_asks_for_note_then_verifies(client, freelancer_user, staff_user, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    request_obj = services.identity_verification_submit(
        user=freelancer_user, legal_name="Rita", country="PT", document=_pdf()
    )
    client.force_login(staff_user)
    selection = {"action": "approve", ACTION_CHECKBOX_NAME: [request_obj.pk]}

    intermediate = client.post(CHANGELIST, selection)
    assert intermediate.status_code == 200
    assert "Approve 1 request" in intermediate.content.decode()
    freelancer_user.refresh_from_db()
    assert freelancer_user.identity_status == User.IdentityStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(CHANGELIST, {**selection, "apply": "1", "note": "Welcome aboard."})

    assert done.status_code == 302
    freelancer_user.refresh_from_db()
    assert freelancer_user.identity_status == User.IdentityStatus.VERIFIED
    request_obj.refresh_from_db()
    assert request_obj.reviewer == staff_user
    assert len(mailoutbox) == 1 and "Welcome aboard." in mailoutbox[0].body


def test_admin_reject_action_requires_note(client, freelancer_user, staff_user):
    request_obj = services.identity_verification_submit(
        user=freelancer_user, legal_name="Rita", country="PT", document=_pdf()
    )
    client.force_login(staff_user)
    selection = {"action": "reject", ACTION_CHECKBOX_NAME: [request_obj.pk], "apply": "1"}

    without_note = client.post(CHANGELIST, {**selection, "note": ""})
    assert without_note.status_code == 200
    assert without_note.context["form"].errors["note"]
    request_obj.refresh_from_db()
    assert request_obj.status == IdentityVerificationRequest.Status.PENDING

    client.post(CHANGELIST, {**selection, "note": "Document expired."})
    request_obj.refresh_from_db()
    assert request_obj.status == IdentityVerificationRequest.Status.REJECTED
    assert request_obj.note == "Document expired."


def test_admin_user_pages_work(client, staff_user, freelancer_user):
    client.force_login(staff_user)

    changelist = client.get(reverse("admin:accounts_user_changelist"), {"q": freelancer_user.last_name})
    change = client.get(reverse("admin:accounts_user_change", args=[freelancer_user.pk]))
    add = client.get(reverse("admin:accounts_user_add"))

    assert changelist.status_code == 200 and freelancer_user.email in changelist.content.decode()
    assert freelancer_user.display_name in changelist.content.decode()
    assert change.status_code == 200
    assert add.status_code == 200


def test_admin_user_add_creates_user_with_profiles(client, staff_user):
    client.force_login(staff_user)

    response = client.post(reverse("admin:accounts_user_add"), {
        "email": "newbie@example.com", "first_name": "New", "last_name": "Bie",
        "is_freelancer": "on", "usable_password": "true",
        "password1": "a-Long-unique-pass-991", "password2": "a-Long-unique-pass-991",
    })

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    user = User.objects.get(email="newbie@example.com")
    assert user.check_password("a-Long-unique-pass-991")
    assert FreelancerProfile.objects.filter(user=user).exists()


@pytest.mark.parametrize("model", ["freelancerprofile", "clientprofile", "portfolioitem", "skill", "talentbadge",
                                   "identityverificationrequest"])
def test_admin_changelists_render(client, staff_user, freelancer_user, model):
    client.force_login(staff_user)

    assert client.get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200


def test_role_add_view_adds_role(client, client_user):
    client.force_login(client_user)

    assert client.get(reverse("accounts:role-add")).status_code == 200
    response = client.post(reverse("accounts:role-add"), {"role": "freelancer"})

    assert response.status_code == 302
    client_user.refresh_from_db()
    assert client_user.is_freelancer
    assert FreelancerProfile.objects.filter(user=client_user).exists()
    assert ClientProfile.objects.filter(user=client_user).exists()
    edit = client.get(reverse("accounts:profile-edit")).content.decode()
    assert "Freelancer profile" in edit


def test_role_add_requires_login(client):
    response = client.post(reverse("accounts:role-add"), {"role": "freelancer"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
