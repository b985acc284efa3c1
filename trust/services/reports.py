"""Reports: a user points at someone else's content; an operator decides."""
from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from trust.detection import scan
from trust.guards import author_of, parties_of, spec_for
from trust.models import Flag, Report

from .audit import audit_log
from .flags import finding_dict

if TYPE_CHECKING:
    from django.db import models

    from trust.types import FindingDict, User, Visitor

REASON_KIND: dict[str, str] = {
    Report.Reason.OFF_PLATFORM_PAYMENT: Flag.Kind.PAYMENT,
    Report.Reason.CONTACT_DETAILS: Flag.Kind.CONTACT,
    Report.Reason.SPAM_SCAM: Flag.Kind.SPAM,
    Report.Reason.OTHER: Flag.Kind.OTHER,
}


def reportable(target: models.Model | None) -> bool:
    """Guarded content (messages, profiles, job posts, proposals...) and users can be reported."""
    return target is not None and getattr(target, "pk", None) is not None and spec_for(type(target)) is not None


def can_report(user: Visitor | None, target: models.Model | None) -> bool:
    """Only what the reporter could see: two-party content (messages, contract texts) only by the
    other party; public content by anyone signed in. Apps refine it with
    trust.registry.register_report_access(model, fn(user, target) -> bool)."""
    from trust.registry import report_access

    if user is None or isinstance(user, AnonymousUser) or target is None or not reportable(target):
        return False
    owner = report_owner(target)
    if owner is None or owner.pk == user.pk:
        return False
    custom = report_access(type(target))
    if custom is not None:
        return bool(custom(user, target))
    spec = spec_for(type(target))
    if spec is not None and spec.parties is not None:
        _, counterpart = parties_of(target, spec)
        return counterpart is not None and counterpart.pk == user.pk
    return True


def report_owner(target: models.Model) -> User | None:
    return author_of(target)


def _evidence(target: models.Model) -> tuple[str, str, list[FindingDict]]:
    spec = spec_for(type(target))
    texts = [(name, getattr(target, name, "") or "") for name in spec.fields] if spec else []
    texts = [(name, text) for name, text in texts if text]
    text = "\n\n".join(text for _, text in texts)
    findings = [finding_dict(f) for f in scan(text, allow_domains=tuple(settings.TRUST_ALLOWED_DOMAINS))]
    return text, ",".join(name for name, _ in texts), findings


def report_create(*, reporter: User, target: models.Model, reason: str, note: str = "") -> Report:
    """File a report as a pending Flag (source "report"). Reports never confirm automatically."""
    if not reportable(target):
        raise ValidationError("This can't be reported.")
    if reason not in Report.Reason.values:
        raise ValidationError("Choose a reason.")
    owner = report_owner(target)
    if owner is None or owner.pk == reporter.pk:
        raise ValidationError("You can't report your own content.")
    if not can_report(reporter, target):
        raise ValidationError("This can't be reported.")
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
    if Report.objects.filter(
        reporter=reporter, content_type=content_type, object_id=target.pk, is_open=True
    ).exists():
        raise ValidationError("You already reported this. We'll let you know when we have reviewed it.")
    text, field_name, findings = _evidence(target)
    spec = spec_for(type(target))
    flag = Flag(
        user=owner,
        source=Flag.Source.REPORT,
        kind=REASON_KIND[reason],
        context=spec.context if spec else "",
        confidence=max((f["confidence"] for f in findings), default=0.0),
        content_type=content_type,
        object_id=target.pk,
        field_name=field_name[:60],
        original_text=text,
        findings=findings,
        extra={"report_reason": reason, "report_note": note},
    )
    report = Report(
        reporter=reporter, reported_user=owner, content_type=content_type, object_id=target.pk,
        reason=reason, note=note.strip(),
    )
    try:
        with transaction.atomic():
            flag.full_clean()
            flag.save()
            report.flag = flag
            report.full_clean()
            report.save()
            audit_log(actor=reporter, action="report_create", target=report, reason=reason, data={"flag": flag.pk})
    except IntegrityError:  # two clicks at once: the constraint keeps one open report
        raise ValidationError("You already reported this. We'll let you know when we have reviewed it.")
    return report
