from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from accounts.models import User
    from trust.uploads.models import Upload


def _may_fetch_nda_document(user: User, upload: Upload) -> bool:
    """The client's own NDA PDF is what a freelancer reads before signing: anyone who may see the job."""
    from marketplace.selectors import job_visible_to

    from .models import JobNDA

    nda = JobNDA.objects.select_related("job").filter(document=upload).first()
    return nda is not None and job_visible_to(nda.job, user)


def _job_files_only_through_nda(user: User, upload: Upload) -> bool:
    """Confidential files never leave through /files/<key>/ for anyone but their owner and staff:
    nda.views.confidential_file checks the signature, logs the download and stamps the copy."""
    return False


class NdaConfig(AppConfig):
    name = "nda"
    verbose_name = "NDAs"

    def ready(self) -> None:
        from django.conf import settings

        from trust.guards import guard
        from trust.uploads.registry import register_use

        from .models import JobNDA, NDASignature

        # Everything here is read by people without a contract: judged like a job post (no contact
        # details, no payment outside the platform), whoever reads it.
        guard(JobNDA, fields=["client_legal_name", "confidential_description"], context="job_post",
              user_field="job__client")
        guard(NDASignature, fields=["legal_name", "countersigner_legal_name"], context="job_post",
              user_field="signer")

        register_use(
            "nda",
            kinds={"pdf"},
            max_bytes=lambda: getattr(settings, "NDA_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024),
            context="job_post",
            access=_may_fetch_nda_document,
            label="NDA",
        )
        register_use(
            "job_file",
            kinds={"pdf", "docx", "png", "jpeg"},
            max_bytes=lambda: getattr(settings, "NDA_JOB_FILE_MAX_BYTES", 10 * 1024 * 1024),
            context="job_post",
            access=_job_files_only_through_nda,
            label="confidential file",
        )
