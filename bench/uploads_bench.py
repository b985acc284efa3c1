"""Benchmark of the upload pipeline's limits, through the form a freelancer uses.

Run from the repo root: `python bench/uploads_bench.py`. It migrates a throw-away SQLite database,
builds a started contract with a funded milestone, then posts to the work-submission form with
Django's test client (the whole request path: middleware, form, service, upload_accept):

1. the DOCX bomb (~1.6 MB, 500 MB of XML when inflated): refused in the request. Goal: under 2 s,
   this (web worker) process growing under 200 MB (peak RSS, ru_maxrss).
2. the same bomb with a ZIP directory that lies (1 KB per part): accepted as pending, then scanned
   the way the Celery worker does (child process under rlimits): time, the worker's growth, the
   reader child's peak memory, and the verdict (must be "held", never "clean").
3. a PNG whose header claims 60000x60000 pixels: refused in the request from the header.
4. a real 6000x6000 PNG (36 MP): accepted in the request without decoding it; its scan (OCR at
   four rotations of a 3000x3000 copy) runs afterwards, in the child, and its time is reported.

Prints `RESULT uploads_bomb_refused_s=... uploads_bomb_growth_mb=... ...` and exits non-zero when
a goal is missed.
"""
from __future__ import annotations

import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="uploads-bench-"))
os.environ.update({
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
    "TRUST_UPLOADS_ROOT": str(WORK / "private"),
    "DJANGO_MEDIA_ROOT": str(WORK / "media"),
    "DJANGO_DEBUG": "true",
    "TRUST_UPLOADS_EAGER_INLINE": "false",
    "MESSAGING_EMAIL_NOTIFICATIONS": "false",
})
os.environ.pop("REDIS_URL", None)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    print("migrating a throw-away database ...", flush=True)
    call_command("migrate", verbosity=0)

    from contracts import services as contract_services
    from contracts.models import Submission
    from tests.contracts.conftest import make_contract, top_up
    from tests.factories import ClientFactory, FreelancerFactory
    from tests.uploads.builders import docx_bomb, png_header
    from trust.models import Upload
    from trust.uploads import services as upload_services

    hirer, worker = ClientFactory(), FreelancerFactory()
    contract = make_contract(hirer, worker, amounts=(10_000, 10_000))
    top_up(hirer, 50_000)
    milestones = list(contract.milestones.order_by("pk"))
    for milestone in milestones:
        contract_services.milestone_fund(milestone_id=milestone.pk, actor=hirer)
    client = Client()
    client.force_login(worker)
    client.get("/")  # warm up URL resolution and templates

    def post(milestone, name: str, data: bytes):
        started = time.perf_counter()
        response = client.post(f"/contracts/milestones/{milestone.pk}/submit/",
                               {"message": "Delivered.", "attachment": SimpleUploadedFile(name, data)})
        return response, time.perf_counter() - started

    bomb = docx_bomb(unpacked_mb=500)
    print(f"DOCX bomb: {len(bomb) / 1e6:.2f} MB on disk, 500 MB of XML inflated")
    before = peak_mb()
    response, bomb_s = post(milestones[0], "report.docx", bomb)
    bomb_growth = max(0.0, peak_mb() - before)
    refused = "unpacks to" in response.content.decode() and not Upload.objects.exists()
    print(f"  honest directory: refused in the request={refused} in {bomb_s:.3f} s, "
          f"worker peak growth {bomb_growth:.1f} MB")

    def scanned(upload) -> float:
        """Seconds until the local scan worker (eager mode: a thread of this process, after the
        request) reached a verdict."""
        started = time.perf_counter()
        if upload_services._executor is not None:
            upload_services._executor.submit(lambda: None).result(timeout=600)
        upload.refresh_from_db()
        return time.perf_counter() - started

    liar = docx_bomb(unpacked_mb=500, honest_header=False)
    before = peak_mb()
    response, liar_request_s = post(milestones[0], "report.docx", liar)
    upload = Submission.objects.get().attachment
    liar_scan_s = scanned(upload)
    verdict = upload.status
    liar_growth = max(0.0, peak_mb() - before)
    print(f"  lying directory: accepted in {liar_request_s:.3f} s; scan {liar_scan_s:.2f} s -> {verdict} "
          f"({upload.reason}: {upload.detail}); worker growth {liar_growth:.1f} MB, reader child peak "
          f"{children_peak_mb():.0f} MB")

    client.get("/")
    response, huge_s = post(milestones[1], "huge.png", png_header(60_000, 60_000))
    huge_refused = "megapixels" in response.content.decode()
    print(f"60000x60000 PNG header: refused={huge_refused} in {huge_s:.3f} s")

    from PIL import Image

    big = io.BytesIO()
    Image.new("RGB", (6000, 6000), "white").save(big, "PNG")
    response, big_request_s = post(milestones[1], "big.png", big.getvalue())
    big_upload = Submission.objects.filter(milestone=milestones[1]).get().attachment
    big_scan_s = scanned(big_upload)
    big_verdict = big_upload.status
    print(f"6000x6000 PNG: request {big_request_s:.3f} s (not decoded); background scan {big_scan_s:.1f} s "
          f"-> {big_verdict}")

    goals = {
        "bomb refused in the request": refused,
        "bomb refused within 2 s": bomb_s < 2.0,
        "worker growth under 200 MB": bomb_growth < 200 and liar_growth < 200,
        "lying bomb never delivered": verdict == Upload.Status.HELD,
        "pathological image refused in the request within 2 s": huge_refused and huge_s < 2.0,
        "big image not read in the request (< 2 s)": big_request_s < 2.0,
    }
    for goal, met in goals.items():
        print(f"  {'met   ' if met else 'MISSED'} {goal}")
    print(
        f"RESULT uploads_bomb_refused_s={bomb_s:.3f} uploads_bomb_growth_mb={bomb_growth:.1f} "
        f"uploads_liar_scan_s={liar_scan_s:.2f} uploads_liar_verdict={verdict} "
        f"uploads_liar_growth_mb={liar_growth:.1f} "
        f"uploads_reader_peak_mb={children_peak_mb():.0f} uploads_huge_png_s={huge_s:.3f} "
        f"uploads_big_png_request_s={big_request_s:.3f} uploads_big_png_scan_s={big_scan_s:.1f}"
    )
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
