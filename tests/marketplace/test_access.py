"""Every object URL against every role that must not reach it. Anonymous -> login redirect; a missing
role -> 403 with the way to add it; someone else's object -> 404 (its existence isn't revealed)."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace import services
from marketplace.models import Invitation, JobPost, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client_user, other_client, freelancer_user, other_freelancer, open_job, draft_job, invite_only_job, submit,
          django_capture_on_commit_callbacks):
    """One of everything: an open job with a proposal (with an attachment), a draft, an invite-only job with an
    invitation."""
    cv = SimpleUploadedFile("cv.txt", b"Ten years of Django work.", "text/plain")
    with django_capture_on_commit_callbacks(execute=True):  # the attachment's scan
        proposal = submit(open_job, attachment=cv)
    invitation = services.invitation_create(job=invite_only_job, freelancer=freelancer_user, actor=client_user)
    return {
        "owner": client_user,
        "other_client": other_client,
        "freelancer": freelancer_user,
        "other_freelancer": other_freelancer,
        "anonymous": None,
        "job": open_job,
        "draft": draft_job,
        "invite_only": invite_only_job,
        "proposal": proposal,
        "invitation": invitation,
    }


def _url(template: str, w: dict) -> str:
    return template.format(
        job=w["job"].pk, draft=w["draft"].pk, invite_only=w["invite_only"].pk, proposal=w["proposal"].pk,
        invitation=w["invitation"].pk, freelancer=w["freelancer"].pk,
    )


LOGIN = "login"
CASES = [
    # (method, url, role, expected)
    # drafts and invite-only jobs are invisible to others
    *[("get", "/jobs/{draft}/", r, 404) for r in ("other_client", "freelancer", "other_freelancer")],
    ("get", "/jobs/{draft}/", "anonymous", 404),
    *[("get", "/jobs/{invite_only}/", r, 404) for r in ("anonymous", "other_client", "other_freelancer")],
    *[("get", "/jobs/{draft}/apply/", r, 404) for r in ("freelancer", "other_freelancer")],
    ("get", "/jobs/{invite_only}/apply/", "other_freelancer", 404),
    ("post", "/jobs/{invite_only}/apply/", "other_freelancer", 404),
    ("get", "/jobs/{job}/apply/", "anonymous", LOGIN),
    ("get", "/jobs/{job}/apply/", "other_client", 403),
    # client-only job management
    *[(m, u, "anonymous", LOGIN) for m, u in [
        ("get", "/jobs/new/"), ("get", "/jobs/{job}/edit/"), ("post", "/jobs/{job}/edit/"),
        ("post", "/jobs/{draft}/publish/"), ("post", "/jobs/{job}/close/"), ("post", "/jobs/{job}/reopen/"),
        ("get", "/jobs/{job}/proposals/"), ("get", "/jobs/invite/{freelancer}/"),
    ]],
    *[(m, u, r, 403) for r in ("freelancer", "other_freelancer") for m, u in [
        ("get", "/jobs/new/"), ("post", "/jobs/new/"), ("get", "/jobs/{job}/edit/"), ("post", "/jobs/{job}/edit/"),
        ("post", "/jobs/{draft}/publish/"), ("post", "/jobs/{job}/close/"), ("get", "/jobs/{job}/proposals/"),
        ("get", "/jobs/invite/{freelancer}/"),
    ]],
    *[(m, u, "other_client", 404) for m, u in [
        ("get", "/jobs/{job}/edit/"), ("post", "/jobs/{job}/edit/"), ("get", "/jobs/{draft}/edit/"),
        ("post", "/jobs/{draft}/publish/"), ("post", "/jobs/{job}/close/"), ("post", "/jobs/{job}/reopen/"),
        ("get", "/jobs/{job}/proposals/"), ("get", "/jobs/{draft}/proposals/"),
    ]],
    # proposals: only the author and the job's owner
    ("get", "/proposals/{proposal}/", "anonymous", LOGIN),
    ("get", "/proposals/{proposal}/attachment/", "anonymous", LOGIN),
    *[("get", "/proposals/{proposal}/attachment/", r, 404) for r in ("other_client", "other_freelancer")],
    *[("get", "/proposals/{proposal}/", r, 404) for r in ("other_client", "other_freelancer")],
    *[(m, u, "anonymous", LOGIN) for m, u in [
        ("get", "/proposals/{proposal}/edit/"), ("post", "/proposals/{proposal}/withdraw/"),
        ("post", "/proposals/{proposal}/shortlist/"), ("post", "/proposals/{proposal}/decline/"),
        ("post", "/proposals/{proposal}/archive/"), ("post", "/proposals/{proposal}/restore/"),
    ]],
    *[(m, u, "other_freelancer", 404) for m, u in [
        ("get", "/proposals/{proposal}/edit/"), ("post", "/proposals/{proposal}/edit/"),
        ("get", "/proposals/{proposal}/withdraw/"), ("post", "/proposals/{proposal}/withdraw/"),
    ]],
    *[(m, u, r, 403) for r in ("owner", "other_client") for m, u in [
        ("get", "/proposals/{proposal}/edit/"), ("post", "/proposals/{proposal}/withdraw/"),
    ]],
    *[("post", u, r, 403) for r in ("freelancer", "other_freelancer") for u in [
        "/proposals/{proposal}/shortlist/", "/proposals/{proposal}/decline/", "/proposals/{proposal}/archive/",
        "/proposals/{proposal}/restore/",
    ]],
    *[("post", u, "other_client", 404) for u in [
        "/proposals/{proposal}/shortlist/", "/proposals/{proposal}/decline/", "/proposals/{proposal}/archive/",
        "/proposals/{proposal}/restore/",
    ]],
    # invitations: only the invitee
    ("get", "/invitations/", "anonymous", LOGIN),
    *[("get", "/invitations/", r, 403) for r in ("owner", "other_client")],
    *[("post", u, "anonymous", LOGIN) for u in ["/invitations/{invitation}/accept/",
                                                 "/invitations/{invitation}/decline/"]],
    *[("post", u, "other_freelancer", 404) for u in ["/invitations/{invitation}/accept/",
                                                      "/invitations/{invitation}/decline/"]],
    *[("post", u, r, 403) for r in ("owner", "other_client") for u in ["/invitations/{invitation}/accept/",
                                                                       "/invitations/{invitation}/decline/"]],
    ("get", "/dashboard/", "anonymous", LOGIN),
]


def _snapshot(w: dict) -> tuple:
    return (
        tuple(JobPost.objects.order_by("pk").values_list("status", "title")),
        tuple(Proposal.objects.order_by("pk").values_list("status", "bid_cents", "viewed_at")),
        tuple(Invitation.objects.order_by("pk").values_list("status")),
    )


@pytest.mark.parametrize(("method", "url", "role", "expected"), CASES,
                         ids=[f"{m}-{u}-{r}" for m, u, r, _ in CASES])
def test_access_denied(client, world, method, url, role, expected):
    if world[role] is not None:
        client.force_login(world[role])
    before = _snapshot(world)
    path = _url(url, world)
    data = {"title": "Hijacked", "description": "Hijacked text here", "bid": "1", "cover_letter": "Hijack",
            "duration": "lt_1m", "budget_min": "1", "category": world["job"].category_id,
            "budget_type": "fixed", "experience_level": "entry", "visibility": "public"}
    response = client.post(path, data) if method == "post" else client.get(path)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected
    assert _snapshot(world) == before  # nothing changed, not even "viewed"


def test_role_required_page_offers_profile_edit(client, freelancer_user):
    client.force_login(freelancer_user)
    response = client.get("/jobs/new/")
    assert response.status_code == 403
    assert 'href="/profile/edit/"' in response.content.decode()


@pytest.mark.parametrize("role", ["freelancer", "other_freelancer", "other_client", "anonymous"])
def test_job_list_hides_drafts_and_uninvited_private_jobs(client, world, role):
    if world[role] is not None:
        client.force_login(world[role])
    body = client.get("/jobs/").content.decode()
    assert world["job"].title in body
    assert world["draft"].title not in body
    assert (world["invite_only"].title in body) == (role == "freelancer")  # only the invited one sees it


def test_invited_freelancer_sees_invite_only_job(client, world):
    client.force_login(world["freelancer"])
    assert client.get(f"/jobs/{world['invite_only'].pk}/").status_code == 200


@pytest.mark.parametrize("role", ["owner", "freelancer"])
def test_proposal_attachment_served_to_the_two_parties(client, world, role):
    client.force_login(world[role])
    response = client.get(f"/proposals/{world['proposal'].pk}/attachment/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Ten years of Django work."
    assert "/media/" not in client.get(f"/proposals/{world['proposal'].pk}/").content.decode()
