"""Telling users about trust decisions (through notifications) and the periodic tidy-up. Correctness
never waits for these: standing is computed at read time (trust.standing); this only tells people."""
from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

logger = logging.getLogger(__name__)


def _standing_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("trust:standing")


def _send(template: str, context: dict[str, object], *, topic: str = "standing") -> None:
    """Tell the user: trust words it (its templates), notifications delivers it (in-app, and the one
    email, from the one place that sends mail). trust imports no app, so it announces with
    `decision_made`; `topic` "standing" is always emailed, "report" by the user's preference."""
    from trust.signals import decision_made

    context = {**context, "site_name": settings.SITE_NAME, "standing_url": _standing_url()}
    subject = " ".join(render_to_string(f"trust/email/{template}_subject.txt", context).split())
    body = render_to_string(f"trust/email/{template}_message.txt", context).strip()
    user = context.get("user")
    if user is None:
        return
    for receiver, result in decision_made.send_robust(sender=_send, user=user, title=subject, text=body,
                                                      url=reverse("trust:standing"), topic=topic):
        if isinstance(result, Exception):
            logger.error("decision_made receiver %r failed: %r", receiver, result)


@shared_task
def notify_sanction_applied(*, sanction_id: int) -> None:
    from trust.models import Sanction

    sanction = Sanction.objects.select_related("user", "strike__flag").filter(pk=sanction_id).first()
    if sanction is None or not sanction.user.email:
        return
    context: dict[str, object] = {"sanction": sanction, "user": sanction.user}
    if sanction.kind == Sanction.Kind.SUSPENSION:
        from trust.links import appeal_link_token

        path = reverse("trust:appeal-link", kwargs={"token": appeal_link_token(sanction)})
        context["appeal_url"] = settings.SITE_URL.rstrip("/") + path
    _send("sanction_applied", context)


@shared_task
def notify_sanction_lifted(*, sanction_id: int) -> None:
    from trust.models import Sanction

    sanction = Sanction.objects.select_related("user").filter(pk=sanction_id).first()
    if sanction is None or sanction.kind == Sanction.Kind.WARNING or not sanction.user.email:
        return
    _send("sanction_lifted", {"sanction": sanction, "user": sanction.user, "ended": False})


@shared_task
def notify_appeal_decided(*, appeal_id: int) -> None:
    from trust.models import Appeal

    appeal = Appeal.objects.select_related("user", "sanction").filter(pk=appeal_id).first()
    if appeal is None or appeal.status == Appeal.Status.PENDING:
        return
    _send("appeal_decided", {"appeal": appeal, "user": appeal.user})


@shared_task
def notify_report_outcome(*, report_id: int) -> None:
    """Tell the reporter what was decided; never who or what exactly was sanctioned."""
    from trust.models import Flag, Report

    report = Report.objects.select_related("reporter", "flag").filter(pk=report_id).first()
    if report is None or report.outcome_notified_at is not None or report.flag.is_open:
        return
    confirmed = report.flag.status == Flag.Status.CONFIRMED
    _send("report_outcome", {"report": report, "user": report.reporter, "confirmed": confirmed},
          topic="report")
    Report.objects.filter(pk=report.pk).update(outcome_notified_at=timezone.now())


@shared_task
def expire_sanctions() -> int:
    """Tell users whose restriction, suspension or badge loss ran out (once each). Returns how many."""
    from trust.models import Sanction

    now = timezone.now()
    ended = Sanction.objects.filter(
        ~Q(kind=Sanction.Kind.WARNING), lifted_at__isnull=True, ends_at__lte=now, ended_notified_at__isnull=True
    ).select_related("user")
    count = 0
    for sanction in ended[:500]:
        # Claim the row first, so two workers never send the same email twice.
        if Sanction.objects.filter(pk=sanction.pk, ended_notified_at__isnull=True).update(ended_notified_at=now) != 1:
            continue
        if sanction.user.email:
            _send("sanction_lifted", {"sanction": sanction, "user": sanction.user, "ended": True})
        count += 1
    return count


@shared_task
def end_user_sessions(*, user_id: int) -> int:
    """Delete every stored session of a suspended user. The middleware already signs them out on
    their next request; this also clears sessions that are never used again. Returns how many."""
    from django.conf import settings
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session

    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"
    ):
        return 0
    doomed = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=2_000):
        if str(session.get_decoded().get(SESSION_KEY)) == str(user_id):
            doomed.append(session.session_key)
    if doomed:
        from django.core.cache import cache

        Session.objects.filter(session_key__in=doomed).delete()
        if settings.SESSION_ENGINE.endswith("cached_db"):
            cache.delete_many([f"django.contrib.sessions.cached_db{key}" for key in doomed])
    return len(doomed)


# The upload pipeline's tasks live in trust.uploads; importing them here registers them with Celery.
from trust.uploads.tasks import requeue_stale_uploads, scan_upload  # noqa: E402,F401
