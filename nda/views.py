"""NDA pages: the client's "NDA & confidential files" page, signing, countersigning, and the only
ways confidential files and signed NDAs leave the server (permission-checked, logged, stamped).
Views check who may see what (404 for what a user must not know exists) and call services."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from marketplace.models import JobPost
from marketplace.selectors import job_get_for_viewer, job_get_owned
from trust.exceptions import ContentBlocked, UserRestricted
from trust.uploads.views import serve

from . import documents, selectors, services
from .forms import ConfidentialFileForm, NDASettingsForm, SignForm
from .models import ConfidentialFile, JobNDA, NDAAccessLog


class ClientMeta(TypedDict):
    ip_address: str | None
    user_agent: str


def _client_meta(request: HttpRequest) -> ClientMeta:
    return {"ip_address": request.META.get("REMOTE_ADDR") or None,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")}


T = TypeVar("T")


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(getattr(exc, "message", exc))


def _run(form: Any, call: Callable[[], T], *, field_map: dict[str, str] | None = None) -> T | None:
    """A service call for a valid form: refusals become form errors (the input stays); None on failure.
    `form` is any of nda.forms (Any: the files form has no show_refusal, only its file name is refused)."""
    try:
        return call()
    except ContentBlocked as blocked:
        if blocked.field == "original_name":
            target = "document" if "document" in form.fields else "file"
            form.add_error(target, f"The file's name contains details that can't be shared here ({blocked.text}). "
                                   "Rename the file and upload it again.")
        else:
            form.show_refusal(blocked, field_map=field_map)
    except (ValidationError, UserRestricted) as exc:
        form.add_error(None, _error_text(exc))
    return None


def _owned_job(request: AuthenticatedHttpRequest, job_pk: int) -> JobPost:
    job = job_get_owned(pk=job_pk, user=request.user)
    if job is None:
        raise Http404("No such job.")
    return job


@login_required
def manage(request: AuthenticatedHttpRequest, job_pk: int) -> HttpResponse:
    """The job owner's "NDA & confidential files" page."""
    job = _owned_job(request, job_pk)
    nda = selectors.nda_for_job(job=job)
    initial: dict[str, Any] = {"kind": JobNDA.Kind.STANDARD, "client_legal_name": request.user.get_full_name()}
    if nda is not None:
        initial = {"kind": nda.kind, "client_legal_name": nda.client_legal_name,
                   "confidential_description": nda.confidential_description,
                   "auto_countersign": nda.auto_countersign}
    form = NDASettingsForm(initial=initial, user=request.user)
    file_form = ConfidentialFileForm()
    if request.method == "POST" and "save_nda" in request.POST:
        form = NDASettingsForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            saved = _run(form, lambda: services.nda_require(
                job=job, actor=request.user, kind=data["kind"], client_legal_name=data["client_legal_name"],
                confidential_description=data["confidential_description"],
                auto_countersign=data["auto_countersign"], document=data.get("document") or None,
            ))
            if saved is not None:
                messages.success(request, "NDA saved. Freelancers now see the summary and sign to see the rest.")
                return redirect("nda:manage", job_pk=job.pk)
    elif request.method == "POST" and "add_file" in request.POST:
        file_form = ConfidentialFileForm(request.POST, request.FILES)
        if file_form.is_valid():
            item = _run(file_form, lambda: services.confidential_file_add(
                job=job, actor=request.user, file=file_form.cleaned_data["file"]))
            if item is not None:
                messages.success(request, "File added. It is checked first, then signers can open it.")
                return redirect("nda:manage", job_pk=job.pk)
    elif request.method == "POST" and "stop" in request.POST and nda is not None:
        services.nda_stop_requiring(job=job, actor=request.user)
        messages.success(request, "This job no longer asks for an NDA. Signatures given stay on record.")
        return redirect("nda:manage", job_pk=job.pk)
    return render(request, "nda/jobnda_manage.html", {
        "job": job, "nda": nda, "form": form, "file_form": file_form,
        "files": list(selectors.confidential_files(nda=nda)) if nda else [],
        "signatures": list(selectors.signatures_for_job(nda=nda)) if nda else [],
    })


@login_required
@require_POST
def file_remove(request: AuthenticatedHttpRequest, job_pk: int, pk: int) -> HttpResponse:
    job = _owned_job(request, job_pk)
    item = ConfidentialFile.objects.select_related("nda__job").filter(pk=pk, nda__job=job).first()
    if item is None:
        raise Http404("No such file.")
    services.confidential_file_remove(item=item, actor=request.user)
    messages.success(request, "The file is no longer shared.")
    return redirect("nda:manage", job_pk=job.pk)


def _visible_job(request: HttpRequest, job_pk: int) -> JobPost:
    viewer = request.user if request.user.is_authenticated else None
    job = job_get_for_viewer(pk=job_pk, user=viewer)
    if job is None:
        raise Http404("No such job.")
    return job


@login_required
def sign(request: AuthenticatedHttpRequest, job_pk: int) -> HttpResponse:
    """A freelancer reads the NDA and signs it: full legal name typed, explicit consent."""
    job = _visible_job(request, job_pk)
    nda = selectors.nda_required_for_job(job=job)
    if nda is None:
        raise Http404("This job does not ask for an NDA.")
    if job.client_id == request.user.pk:
        return redirect("nda:manage", job_pk=job.pk)
    signature = selectors.signature_of(nda=nda, user=request.user)
    if signature is not None:
        return redirect("marketplace:job-detail", pk=job.pk)
    form = SignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        signed = _run(form, lambda: services.nda_sign(
            job=job, signer=request.user, legal_name=form.cleaned_data["legal_name"],
            consent=form.cleaned_data["consent"], **_client_meta(request),
        ))
        if signed is not None:
            messages.success(request, "NDA signed. The confidential details of this job are now open to you.")
            return redirect("marketplace:job-detail", pk=job.pk)
    return render(request, "nda/jobnda_sign.html", {"job": job, "nda": nda, "form": form})


@login_required
@require_GET
def document(request: AuthenticatedHttpRequest, job_pk: int) -> HttpResponseBase:
    """The NDA to read before signing: the standard text with the client's name (the freelancer's
    is filled in when they sign), or the client's own PDF once the scan passed it."""
    job = _visible_job(request, job_pk)
    nda = selectors.nda_required_for_job(job=job)
    if nda is None:
        raise Http404("This job does not ask for an NDA.")
    if nda.kind == JobNDA.Kind.UPLOADED:
        upload = nda.document
        is_party = request.user.is_staff or job.client_id == request.user.pk
        if upload is None or not (upload.is_clean or is_party):
            raise Http404("The NDA is still being checked.")
        return serve(upload, download=True)
    data = documents.standard_nda_pdf(
        job_title=job.title, client_name=nda.client_legal_name, freelancer_name="(your full legal name)",
        effective_date=timezone.now().date().isoformat(),
    )
    return _pdf_response(data, f"NDA - job {job.pk}.pdf")


@login_required
@require_POST
def countersign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    signature = selectors.signature_for_viewer(pk=pk, user=request.user)
    if signature is None or signature.nda.job.client_id != request.user.pk:
        raise Http404("No such signature.")
    try:
        services.nda_countersign(signature=signature, actor=request.user)
        messages.success(request, f"You countersigned the NDA with {signature.legal_name}.")
    except ContentBlocked as blocked:
        messages.error(request, blocked.text)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("nda:manage", job_pk=signature.nda.job_id)


@login_required
@require_GET
def signed_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """The signed NDA with its certificate page: the signer, the job's client and staff; logged."""
    signature = selectors.signature_for_viewer(pk=pk, user=request.user)
    if signature is None:
        raise Http404("No such signature.")
    data = services.signed_pdf_build(signature=signature)
    services.access_record(nda=signature.nda, user=request.user, what=NDAAccessLog.What.SIGNED_PDF,
                           signature=signature, **_client_meta(request))
    return _pdf_response(data, f"Signed NDA - job {signature.nda.job_id} - {signature.legal_name}.pdf")


@login_required
@require_GET
def confidential_file(request: AuthenticatedHttpRequest, key: str) -> HttpResponseBase:
    """A confidential file: the client and staff, and signers once the scan passed it (else 404).
    Every download is logged; a signer's copy is stamped with their name where the format allows."""
    item = selectors.confidential_file_for_viewer(key=key, user=request.user)
    if item is None:
        raise Http404("No such file.")
    upload = item.upload
    signature = selectors.signature_of(nda=item.nda, user=request.user)
    if signature is None:
        services.access_record(nda=item.nda, user=request.user, what=NDAAccessLog.What.FILE, upload=upload,
                               **_client_meta(request))
        return serve(upload, download=True)
    try:
        with upload.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        raise Http404("The file is missing.") from None
    when = timezone.now().date().isoformat()
    text = f"Confidential - provided to {signature.legal_name} under NDA on Trustlance, {when}"
    stamped_data, stamped = documents.stamp(data, kind=upload.kind, text=text)
    services.access_record(nda=item.nda, user=request.user, what=NDAAccessLog.What.FILE, upload=upload,
                           signature=signature, stamped=stamped, **_client_meta(request))
    response = HttpResponse(stamped_data, content_type=upload.content_type or "application/octet-stream")
    _private_headers(response, upload.original_name)
    return response


def _pdf_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    _private_headers(response, name)
    return response


def _private_headers(response: HttpResponse, name: str) -> None:
    """As trust.uploads.views.serve sends private files: a download, never rendered on our origin."""
    from urllib.parse import quote

    ascii_name = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else "_" for ch in name) or "file"
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"


@login_required
def signed_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Signed NDAs on both sides: the ones I signed, and the ones signed on my jobs."""
    return render(request, "nda/ndasignature_list.html", {
        "signed_by_me": list(selectors.signatures_signed_by(user=request.user)),
        "on_my_jobs": list(selectors.signatures_on_jobs_of(client=request.user)),
    })
