"""The operators' side, through the Django admin test client."""
from __future__ import annotations

import json

import pytest
from django.contrib.admin import helpers
from django.core.management import call_command
from django.urls import reverse

from accounts.models import FreelancerProfile, User
from tests.factories import FreelancerFactory, JobPostFactory
from trust import services
from trust.models import Appeal, AuditLog, Flag, Sanction, Strike
from trust.registry import CONTEXT_PROVIDERS, register_context_provider

pytestmark = pytest.mark.django_db

PHONE = "Call me on 555-123-4567 tonight"


def changelist(model: str) -> str:
    return reverse(f"admin:trust_{model}_changelist")


def run_action(admin_client, model: str, action: str, pks: list[int], **fields):
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [str(pk) for pk in pks], **fields}
    return admin_client.post(changelist(model), data, follow=True)


# --- the flag queue ---------------------------------------------------------------------------


def test_flag_changelist_filters_and_search(admin_client, make_flag, freelancer):
    make_flag(freelancer, PHONE)
    response = admin_client.get(changelist("flag"), {"status__exact": "pending", "q": freelancer.email})
    assert response.status_code == 200
    html = response.content.decode()
    assert freelancer.email in html and "<mark class='finding'>555-123-4567</mark>" in html
    response = admin_client.get(changelist("flag"), {"status__exact": "dismissed"})
    assert freelancer.email not in response.content.decode()


def test_flag_change_view_shows_highlighted_evidence_context_and_history(admin_client, make_flag, freelancer, proposal):
    register_context_provider(type(proposal), lambda p: [(p.freelancer, "earlier line in the thread", None)])
    try:
        flag = make_flag(freelancer, PHONE, target=proposal)
        make_flag(freelancer, "mail bob.builder@gmail.com")  # history: an auto-confirmed flag with a strike
        response = admin_client.get(reverse("admin:trust_flag_change", args=[flag.pk]))
    finally:
        CONTEXT_PROVIDERS.pop(type(proposal), None)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<mark class="finding"' in html and "555-123-4567</mark>" in html
    assert "earlier line in the thread" in html
    assert "1 other flag" in html and "Strikes" in html
    assert "Confirm violation" in html
    assert "Confirming adds 1 strike point (1 → 2 active) and applies: loss of talent badges." in html


def test_flag_decide_confirm_applies_ladder_and_audits(admin_client, staff_user, make_flag, freelancer):
    flag = make_flag(freelancer, PHONE)
    response = admin_client.post(
        reverse("admin:trust_flag_decide", args=[flag.pk]), {"decision": "confirm", "note": "clear number"}, follow=True
    )
    assert response.status_code == 200
    flag.refresh_from_db()
    assert flag.status == "confirmed" and flag.reviewer == staff_user and flag.decision_note == "clear number"
    assert Sanction.objects.get(user=freelancer).kind == "warning"
    assert AuditLog.objects.filter(action="flag_confirm", actor=staff_user, object_id=flag.pk).exists()


def test_flag_decide_escalate_requires_note(admin_client, make_flag, freelancer):
    flag = make_flag(freelancer, PHONE)
    admin_client.post(reverse("admin:trust_flag_decide", args=[flag.pk]), {"decision": "escalate", "note": ""})
    assert Flag.objects.get(pk=flag.pk).status == "pending"
    admin_client.post(reverse("admin:trust_flag_decide", args=[flag.pk]), {"decision": "escalate", "note": "legal"})
    assert Flag.objects.get(pk=flag.pk).status == "escalated"


def test_flag_decide_needs_staff(client, make_flag, freelancer):
    flag = make_flag(freelancer, PHONE)
    client.force_login(FreelancerFactory())
    response = client.post(reverse("admin:trust_flag_decide", args=[flag.pk]), {"decision": "dismiss"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Flag.objects.get(pk=flag.pk).status == "pending"


def test_flag_list_action_dismiss_asks_then_applies(admin_client, staff_user, make_flag, freelancer):
    flags = [make_flag(freelancer, PHONE), make_flag(FreelancerFactory(), PHONE)]
    page = run_action(admin_client, "flag", "dismiss_flags", [f.pk for f in flags])
    assert "Dismiss flags" in page.content.decode()  # the intermediate page
    assert Flag.objects.filter(status="pending").count() == 2
    run_action(admin_client, "flag", "dismiss_flags", [f.pk for f in flags], apply="1", reason="order numbers")
    assert Flag.objects.filter(status="dismissed").count() == 2
    assert not Strike.objects.exists()
    assert AuditLog.objects.filter(action="flag_dismiss", reason="order numbers").count() == 2


def test_flag_list_action_confirm(admin_client, make_flag, freelancer):
    flag = make_flag(freelancer, PHONE)
    run_action(admin_client, "flag", "confirm_flags", [flag.pk], apply="1", reason="")
    assert Flag.objects.get(pk=flag.pk).status == "confirmed"
    assert Strike.objects.filter(user=freelancer).count() == 1


def test_flag_list_action_escalate_requires_reason(admin_client, make_flag, freelancer):
    flag = make_flag(freelancer, PHONE)
    page = run_action(admin_client, "flag", "escalate_flags", [flag.pk], apply="1", reason="")
    assert "This field is required" in page.content.decode()
    assert Flag.objects.get(pk=flag.pk).status == "pending"


def test_flag_admin_has_no_add_or_delete(admin_client, make_flag, freelancer):
    flag = make_flag(freelancer, PHONE)
    assert admin_client.get(reverse("admin:trust_flag_add")).status_code == 403
    assert admin_client.post(reverse("admin:trust_flag_delete", args=[flag.pk]), {"post": "yes"}).status_code == 403
    assert Flag.objects.filter(pk=flag.pk).exists()


# --- sanctions, appeals, users, audit log --------------------------------------------------------


def test_sanction_lift_action(admin_client, confirm, freelancer, staff_user):
    for _ in range(3):
        confirm(freelancer)
    restriction = Sanction.objects.get(kind="restriction")
    run_action(admin_client, "sanction", "lift_sanctions", [restriction.pk], apply="1", reason="Context was a quote")
    restriction.refresh_from_db()
    assert restriction.lifted_at and restriction.lifted_by == staff_user
    assert restriction.lift_reason == "Context was a quote"
    response = admin_client.get(changelist("sanction"), {"in_force": "yes"})
    assert response.status_code == 200


def test_appeal_decide_action(admin_client, confirm, freelancer, staff_user):
    confirm(freelancer)
    appeal = services.appeal_create(
        sanction=Sanction.objects.get(), user=freelancer, message="It was the client's own number."
    )
    run_action(admin_client, "appeal", "decide_appeals", [appeal.pk], apply="1", decision="grant", reason="Agreed.")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.GRANTED and appeal.decided_by == staff_user
    assert Sanction.objects.get().lifted_at is not None
    assert AuditLog.objects.filter(action="appeal_grant", actor=staff_user).exists()


def test_user_admin_shows_standing_and_suspends(admin_client, confirm, freelancer, staff_user):
    confirm(freelancer)
    confirm(freelancer)
    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"standing": "sanctioned"})
    html = response.content.decode()
    assert freelancer.email in html and "Loss of talent badges until" in html
    other = FreelancerFactory()
    run_action_url = reverse("admin:accounts_user_changelist")
    admin_client.post(run_action_url, {
        "action": "suspend_users", helpers.ACTION_CHECKBOX_NAME: [str(other.pk)], "apply": "1",
        "reason": "Stolen cards", "days": "",
    })
    suspension = Sanction.objects.get(user=other, kind="suspension")
    assert suspension.ends_at is None and suspension.reason == "Stolen cards"
    change = admin_client.get(reverse("admin:accounts_user_change", args=[freelancer.pk])).content.decode()
    assert "Strikes" in change and "Sanctions" in change


def test_audit_log_admin_is_read_only(admin_client, staff_user):
    entry = services.audit_log(actor=staff_user, action="note", reason="x")
    assert admin_client.get(changelist("auditlog")).status_code == 200
    assert admin_client.get(reverse("admin:trust_auditlog_change", args=[entry.pk])).status_code == 200
    change, delete = (reverse(f"admin:trust_auditlog_{v}", args=[entry.pk]) for v in ("change", "delete"))
    assert admin_client.post(change, {"reason": "y"}).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditLog.objects.get(pk=entry.pk).reason == "x"


# --- admin add/change of guarded models: a field error, never a 500, never a row ------------------


def test_admin_change_guarded_profile_shows_field_error(admin_client, freelancer):
    profile = freelancer.freelancer_profile
    url = reverse("admin:accounts_freelancerprofile_change", args=[profile.pk])
    response = admin_client.post(url, {
        "user": freelancer.pk, "headline": "Designer, call 555-123-4567", "overview": "", "hourly_rate_cents": "5000",
        "country": "PT", "portfolio_items-TOTAL_FORMS": "0", "portfolio_items-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "Not saved:" in response.content.decode()
    assert FreelancerProfile.objects.get(pk=profile.pk).headline == "Full-stack developer"


def test_admin_change_user_name_refused(admin_client, freelancer):
    response = admin_client.post(reverse("admin:accounts_user_change", args=[freelancer.pk]), {
        "email": freelancer.email, "first_name": "bob.builder@gmail.com", "last_name": "X",
        "is_freelancer": "on", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
        "freelancer_profile-TOTAL_FORMS": "0", "freelancer_profile-INITIAL_FORMS": "0",
        "client_profile-TOTAL_FORMS": "0", "client_profile-INITIAL_FORMS": "0",
        "trust_strikes-TOTAL_FORMS": "0", "trust_strikes-INITIAL_FORMS": "0",
        "trust_sanctions-TOTAL_FORMS": "0", "trust_sanctions-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert User.objects.get(pk=freelancer.pk).first_name != "bob.builder@gmail.com"


def test_admin_add_job_post_refused(admin_client, buyer):
    from marketplace.models import JobPost

    category = JobPostFactory().category
    before = JobPost.objects.count()
    response = admin_client.post(reverse("admin:marketplace_jobpost_add"), {
        "client": buyer.pk, "title": "Logo", "description": "Pay via PayPal to skip the fees, bob@gmail.com",
        "category": category.pk, "budget_type": "fixed", "budget_min_cents": "10000", "budget_max_cents": "20000",
        "currency": "USD", "duration": "1_3m", "experience_level": "entry", "visibility": "public",
        "status_changes-TOTAL_FORMS": "0", "status_changes-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert JobPost.objects.count() == before


# --- false positives export -------------------------------------------------------------------


def test_export_false_positives_writes_corpus_lines(tmp_path, make_flag, freelancer, staff_user):
    flag = make_flag(freelancer, "Ring 555-123-4567 for the bell")
    services.flag_dismiss(flag=flag, reviewer=staff_user, note="order number")
    make_flag(FreelancerFactory(), "Call me on 555-123-4567")  # pending: not exported
    out = tmp_path / "fp.jsonl"
    call_command("export_false_positives", "-o", str(out))
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines == [{
        "id": f"fp-flag-{flag.pk}", "text": "Ring 555-123-4567 for the bell", "kinds": [], "lang": "en",
        "trick": "reviewed_fp_phone",
    }]
