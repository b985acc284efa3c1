"""NDA pieces on other apps' pages, so marketplace code never imports nda:

    {% load nda_tags %}{% nda_job_panel job %}     on the job page (owner link / sign / confidential part)
    {% nda_dashboard %}                            on the dashboard (signed NDAs, both sides)
"""
from __future__ import annotations

from typing import Any

from django import template
from django.template import Context

from marketplace.models import JobPost
from nda import selectors

register = template.Library()


@register.inclusion_tag("nda/partials/job_panel.html", takes_context=True)
def nda_job_panel(context: Context, job: JobPost) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    nda = selectors.nda_for_job(job=job)
    is_owner = bool(user and user.is_authenticated and job.client_id == user.pk)
    out: dict[str, Any] = {"job": job, "nda": nda, "is_owner": is_owner, "user": user, "request": request}
    if nda is None:
        return out
    may_see = selectors.may_see_confidential(nda=nda, user=user)
    out.update(
        may_see=may_see,
        signature=selectors.signature_of(nda=nda, user=user),
        files=list(selectors.confidential_files(nda=nda)) if may_see else [],
    )
    return out


@register.inclusion_tag("nda/partials/dashboard.html", takes_context=True)
def nda_dashboard(context: Context, limit: int = 5) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"signed_by_me": [], "on_my_jobs": []}
    return {
        "signed_by_me": list(selectors.signatures_signed_by(user=user)[:limit]) if user.is_freelancer else [],
        "on_my_jobs": list(selectors.signatures_on_jobs_of(client=user)[:limit]) if user.is_client else [],
    }
