"""The only way a stored file leaves the server.

- Public images (uses registered public=True: portfolio, avatars) once clean: inline, to anyone.
- Everything else: to its owner and staff at any time, and to the people the use's access rule
  allows once the file is clean; anyone else gets a 404 (anonymous visitors are sent to log in).
- Non-images always go as `Content-Disposition: attachment` with `X-Content-Type-Options: nosniff`
  and a sandboxing CSP, so an uploaded page can never run script on our origin.
- With TRUST_UPLOADS_X_ACCEL_PREFIX set (e.g. "/_private/"), nginx sends the bytes
  (`X-Accel-Redirect`, an `internal` location aliased to TRUST_UPLOADS_ROOT); otherwise Django
  streams them (FileResponse).
"""
from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import Upload
from .registry import USES

if TYPE_CHECKING:
    from trust.types import Visitor


def may_fetch(user: Visitor | None, upload: Upload) -> bool:
    """Owner and staff always; others once clean and when the use's rule lets them."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return False
    if user.is_staff or user.pk == upload.owner_id:
        return True
    use = USES.get(upload.use)
    if use is None or use.access is None or not upload.is_clean:
        return False
    return bool(use.access(user, upload))


def is_public(upload: Upload) -> bool:
    use = USES.get(upload.use)
    return bool(use and use.public and upload.is_clean and upload.is_image)


@require_GET
def upload_file(request: HttpRequest, key: str) -> HttpResponseBase:
    upload = get_object_or_404(Upload, key=key)
    public = is_public(upload)
    if not public and not may_fetch(request.user, upload):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404("No such file.")
    return serve(upload, public=public, download=request.GET.get("download") == "1")


def _disposition(upload: Upload, *, inline: bool) -> str:
    name = upload.original_name or "file"
    ascii_name = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else "_" for ch in name)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def serve(upload: Upload, *, public: bool = False, download: bool = True) -> HttpResponseBase:
    """The response that sends `upload` (the caller has checked who may have it): apps with their
    own download URL (messaging's attachment links) call this after their own permission check."""
    inline = upload.is_image and not download
    prefix = getattr(settings, "TRUST_UPLOADS_X_ACCEL_PREFIX", "")
    if prefix:
        response: HttpResponseBase = HttpResponse()
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(upload.file.name or "")
    else:
        try:
            handle = upload.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404("The file is missing.") from None
        response = FileResponse(handle)
    response["Content-Type"] = upload.content_type if upload.is_image else _download_type(upload)
    response["Content-Disposition"] = _disposition(upload, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    if upload.size:
        response["Content-Length"] = str(upload.size)
    return response


def _download_type(upload: Upload) -> str:
    # Text goes as text/plain (never text/html, whatever the bytes say); the rest as sniffed.
    return upload.content_type or "application/octet-stream"
