from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketplace import services
from marketplace.models import Invitation, JobPost, Proposal

pytestmark = pytest.mark.django_db


def _job_post_data(**overrides):
    data = {
        "title": "Logo for a bakery",
        "description": "We need a friendly logo for our neighbourhood bakery, delivered as SVG.",
        "category": "",
        "budget_type": "fixed",
        "budget_min": "450.50",
        "budget_max": "",
        "duration": "lt_1m",
        "experience_level": "entry",
        "visibility": "public",
    }
    data.update(overrides)
    return data


# --- pages that work ----------------------------------------------------------------------------


def test_home_shows_latest_jobs_and_search(client, open_job):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert open_job.title in body
    assert 'action="/jobs/"' in body


def test_home_empty_state(client, db):
    response = client.get("/")
    assert "No open jobs yet" in response.content.decode()


def test_job_create_view_saves_draft_in_cents(client, client_user, category, django_skill):
    client.force_login(client_user)
    response = client.post("/jobs/new/", _job_post_data(category=category.pk, skills=[django_skill.pk], save="1"))
    job = JobPost.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.status, job.budget_min_cents, job.budget_max_cents) == ("draft", 45_050, 45_050)
    assert list(job.skills.all()) == [django_skill]


def test_job_create_view_publish_button_opens(client, client_user, category):
    client.force_login(client_user)
    client.post("/jobs/new/", _job_post_data(category=category.pk, budget_max="900", publish="1"))
    job = JobPost.objects.get()
    assert job.status == "open" and job.budget_max_cents == 90_000


def test_job_create_view_blocked_text_keeps_input(client, client_user, category):
    client.force_login(client_user)
    text = "Nice bakery logo, text me on +1 415 555 2671 to discuss"
    response = client.post("/jobs/new/", _job_post_data(category=category.pk, description=text))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="blocked"' in body
    assert '<mark class="finding"' in body
    assert "text me on" in body  # the user's text is kept in the form
    assert not JobPost.objects.exists()


def test_job_create_view_budget_range_error(client, client_user, category):
    client.force_login(client_user)
    response = client.post("/jobs/new/", _job_post_data(category=category.pk, budget_min="500", budget_max="100"))
    assert "can&#x27;t be below" in response.content.decode()
    assert not JobPost.objects.exists()


def test_job_update_view_prefills_dollars_and_saves(client, client_user, open_job):
    client.force_login(client_user)
    response = client.get(f"/jobs/{open_job.pk}/edit/")
    assert 'value="1000.00"' in response.content.decode()
    client.post(f"/jobs/{open_job.pk}/edit/", _job_post_data(category=open_job.category_id, budget_min="1200",
                                                              budget_max="1500.99", title="New title"))
    open_job.refresh_from_db()
    assert (open_job.title, open_job.budget_min_cents, open_job.budget_max_cents) == ("New title", 120_000, 150_099)


def test_job_detail_owner_sees_actions(client, client_user, open_job):
    client.force_login(client_user)
    body = client.get(f"/jobs/{open_job.pk}/").content.decode()
    assert f"/jobs/{open_job.pk}/proposals/" in body
    assert "Close to new proposals" in body


def test_job_detail_freelancer_sees_submit_then_view(client, freelancer_user, open_job, submit):
    client.force_login(freelancer_user)
    assert "Submit a proposal" in client.get(f"/jobs/{open_job.pk}/").content.decode()
    proposal = submit(open_job)
    body = client.get(f"/jobs/{open_job.pk}/").content.decode()
    assert "View your proposal" in body and f"/proposals/{proposal.pk}/" in body


def test_job_status_buttons(client, client_user, draft_job):
    client.force_login(client_user)
    client.post(f"/jobs/{draft_job.pk}/publish/")
    assert JobPost.objects.get(pk=draft_job.pk).status == "open"
    client.post(f"/jobs/{draft_job.pk}/close/")
    assert JobPost.objects.get(pk=draft_job.pk).status == "closed"
    client.post(f"/jobs/{draft_job.pk}/reopen/")
    assert JobPost.objects.get(pk=draft_job.pk).status == "open"
    response = client.post(f"/jobs/{draft_job.pk}/reopen/", follow=True)
    assert "can&#x27;t be" in response.content.decode()  # invalid transition shown, not a 500


def test_job_status_buttons_require_post(client, client_user, open_job):
    client.force_login(client_user)
    assert client.get(f"/jobs/{open_job.pk}/close/").status_code == 405


def test_proposal_create_view(client, freelancer_user, open_job, django_capture_on_commit_callbacks):
    client.force_login(freelancer_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/jobs/{open_job.pk}/apply/", {
        "cover_letter": "I've built several booking sites; here is how I'd approach yours.",
        "bid": "1100", "duration": "lt_1m",
            "attachment": SimpleUploadedFile("cv.txt", b"Django developer since 2012.", "text/plain"),
        })
    proposal = Proposal.objects.get()
    assert response["Location"] == f"/proposals/{proposal.pk}/"
    assert proposal.bid_cents == 110_000 and proposal.attachment.extracted_text == "Django developer since 2012."


def test_proposal_create_view_attachment_with_contact_refused(client, freelancer_user, open_job):
    client.force_login(freelancer_user)
    response = client.post(f"/jobs/{open_job.pk}/apply/", {
        "cover_letter": "I've built several booking sites; here is how I'd approach yours.",
        "bid": "1100", "duration": "lt_1m",
        "attachment": SimpleUploadedFile("Call me +1 415 555 2671.txt", b"My CV", "text/plain"),
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your attachment&#x27;s name contains details that can&#x27;t be shared here" in body
    assert "here is how I&#x27;d approach yours" in body
    assert not Proposal.objects.exists()


def test_proposal_create_view_attachment_content_with_contact_is_withheld(
        client, freelancer_user, client_user, open_job, django_capture_on_commit_callbacks):
    client.force_login(freelancer_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/jobs/{open_job.pk}/apply/", {
            "cover_letter": "I've built several booking sites; here is how I'd approach yours.",
            "bid": "1100", "duration": "lt_1m",
            "attachment": SimpleUploadedFile("cv.txt", b"Call me: +1 415 555 2671", "text/plain"),
        })
    proposal = Proposal.objects.get()
    assert proposal.attachment.status == "refused"
    assert "Refused" in client.get(f"/proposals/{proposal.pk}/").content.decode()
    client.force_login(client_user)
    assert client.get(f"/proposals/{proposal.pk}/attachment/").status_code == 404
    assert client.get(proposal.attachment.get_absolute_url()).status_code == 404


def test_proposal_create_view_wrong_type(client, freelancer_user, open_job):
    client.force_login(freelancer_user)
    response = client.post(f"/jobs/{open_job.pk}/apply/", {
        "cover_letter": "Hello there, happy to help.", "bid": "1100", "duration": "lt_1m",
        "attachment": SimpleUploadedFile("tool.exe", b"MZ\x90", "application/octet-stream"),
    })
    assert "can&#x27;t be uploaded here" in response.content.decode()


def test_proposal_create_redirects_when_already_sent(client, freelancer_user, submitted, open_job):
    client.force_login(freelancer_user)
    response = client.get(f"/jobs/{open_job.pk}/apply/")
    assert response["Location"] == f"/proposals/{submitted.pk}/"


def test_proposal_detail_marks_viewed_for_owner_only(client, client_user, freelancer_user, submitted):
    client.force_login(freelancer_user)
    client.get(f"/proposals/{submitted.pk}/")
    assert Proposal.objects.get(pk=submitted.pk).viewed_at is None
    client.force_login(client_user)
    body = client.get(f"/proposals/{submitted.pk}/").content.decode()
    assert Proposal.objects.get(pk=submitted.pk).viewed_at is not None
    assert f"/messages/new/proposal/{submitted.pk}/" in body
    assert f"/contracts/offers/new/{submitted.pk}/" in body


def test_job_proposals_view_and_shortlist(client, client_user, submitted, open_job):
    client.force_login(client_user)
    body = client.get(f"/jobs/{open_job.pk}/proposals/").content.decode()
    assert submitted.freelancer.display_name in body
    assert "$1,200.00" in body
    response = client.post(f"/proposals/{submitted.pk}/shortlist/", follow=True)
    assert Proposal.objects.get(pk=submitted.pk).status == "shortlisted"
    assert "Shortlisted" in response.content.decode()


def test_job_proposals_archived_tab(client, client_user, submitted, open_job):
    services.proposal_archive(proposal=submitted, actor=client_user)
    client.force_login(client_user)
    assert submitted.freelancer.display_name not in client.get(f"/jobs/{open_job.pk}/proposals/").content.decode()
    body = client.get(f"/jobs/{open_job.pk}/proposals/?status=archived").content.decode()
    assert "Unarchive" in body


def test_proposal_update_view(client, freelancer_user, submitted):
    client.force_login(freelancer_user)
    client.post(f"/proposals/{submitted.pk}/edit/", {"cover_letter": "A much better letter.", "bid": "999.99",
                                                      "duration": "lt_1m"})
    submitted.refresh_from_db()
    assert (submitted.bid_cents, submitted.cover_letter) == (99_999, "A much better letter.")


def test_proposal_withdraw_view_confirms_first(client, freelancer_user, submitted):
    client.force_login(freelancer_user)
    assert "Withdraw your proposal?" in client.get(f"/proposals/{submitted.pk}/withdraw/").content.decode()
    assert Proposal.objects.get(pk=submitted.pk).status == "submitted"
    client.post(f"/proposals/{submitted.pk}/withdraw/")
    assert Proposal.objects.get(pk=submitted.pk).status == "withdrawn"


def test_invitation_flow_views(client, client_user, freelancer_user, open_job):
    client.force_login(client_user)
    response = client.post(f"/jobs/invite/{freelancer_user.pk}/", {"job": open_job.pk, "message": "Please apply!"})
    invitation = Invitation.objects.get()
    assert response.status_code == 302
    client.force_login(freelancer_user)
    assert open_job.title in client.get("/invitations/").content.decode()
    response = client.post(f"/invitations/{invitation.pk}/accept/")
    assert response["Location"] == f"/jobs/{open_job.pk}/apply/"
    assert Invitation.objects.get().status == "accepted"


def test_invitation_form_only_own_open_jobs(client, client_user, other_client, freelancer_user, open_job, make_job):
    other_job = make_job(client=other_client, title="Someone else's job")
    client.force_login(client_user)
    response = client.post(f"/jobs/invite/{freelancer_user.pk}/", {"job": other_job.pk, "message": ""})
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_invitation_form_no_open_jobs_empty_state(client, other_client, freelancer_user):
    client.force_login(other_client)
    assert "You have no open jobs" in client.get(f"/jobs/invite/{freelancer_user.pk}/").content.decode()


def test_dashboard_client_and_freelancer(client, client_user, freelancer_user, submitted, draft_job, open_job):
    client.force_login(client_user)
    body = client.get("/dashboard/").content.decode()
    assert open_job.title in body and "1 proposal" in body
    body = client.get("/dashboard/?jobs=draft").content.decode()
    assert draft_job.title in body and "Finish and publish" in body
    client.force_login(freelancer_user)
    body = client.get("/dashboard/").content.decode()
    assert open_job.title in body and "Your proposals" in body and "Your jobs" not in body


def test_dashboard_empty_states(client, client_user, freelancer_user):
    client.force_login(client_user)
    assert "Post your first job" in client.get("/dashboard/").content.decode()
    client.force_login(freelancer_user)
    assert "Browse open jobs" in client.get("/dashboard/").content.decode()


def test_dashboard_both_roles(client, both_roles_user):
    client.force_login(both_roles_user)
    body = client.get("/dashboard/").content.decode()
    assert "Your jobs" in body and "Your proposals" in body


def test_nav_links_by_role(client, client_user, freelancer_user):
    client.force_login(client_user)
    body = client.get(reverse("marketplace:dashboard")).content.decode()
    assert 'href="/jobs/new/"' in body and 'href="/invitations/"' not in body
    client.force_login(freelancer_user)
    body = client.get(reverse("marketplace:dashboard")).content.decode()
    assert 'href="/invitations/"' in body and 'href="/jobs/new/"' not in body


# --- the job list's count and page links (marketplace.search_panel) -------------------------------


def test_job_list_page_links_keep_the_search_and_cap_the_count(client, make_job, settings):
    settings.MARKETPLACE_JOBS_PER_PAGE = 2
    settings.MARKETPLACE_JOBS_COUNT_CAP = 4
    settings.MARKETPLACE_JOB_LIST_CACHE_SECONDS = 0
    for i in range(7):
        make_job(title=f"Booking site {i}", budget_type="hourly", budget_min_cents=3_000, budget_max_cents=5_000)
    first = client.get("/jobs/?budget_type=hourly&sort=newest").content.decode()
    assert "4+ jobs" in first and "Page 1 of 2" in first
    assert 'href="?budget_type=hourly&amp;sort=newest&amp;page=2" rel="next"' in first
    assert 'rel="prev"' not in first and "Showing the first" not in first
    last = client.get("/jobs/?budget_type=hourly&sort=newest&page=2").content.decode()
    assert 'href="?budget_type=hourly&amp;sort=newest&amp;page=1" rel="prev"' in last and 'rel="next"' not in last
    assert "Showing the first 4 results." in last
    assert last.count('class="card job-card"') == 2
    # past the last page: the last page there is, its links intact
    assert "Page 2 of 2" in client.get("/jobs/?budget_type=hourly&page=99").content.decode()


def test_job_list_count_under_the_cap_and_no_links_for_one_page(client, make_job, settings):
    settings.MARKETPLACE_JOB_LIST_CACHE_SECONDS = 0
    make_job(title="Only one")
    body = client.get("/jobs/").content.decode()
    assert "1 job\n" in body and 'class="pagination"' not in body
    make_job(title="And another")
    assert "2 jobs\n" in client.get("/jobs/").content.decode()
