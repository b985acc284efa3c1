"""The NDA journey in a real browser (issue 17's "Done means"): a client posts a job requiring the
standard NDA with a confidential PDF; a freelancer sees only the summary, signs, then opens the
file (stamped with their name); a third freelancer who didn't sign gets 404 on the file URL; both
parties download the signed PDF; the client's own NDA PDF with an email address is refused."""
from __future__ import annotations

import re
import time
import uuid

import pytest

from nda.documents import pdf_text
from tests.uploads.builders import pdf

pytestmark = pytest.mark.browser

SECRET = "Confidential: the launch partner is Larkspur Foods."


def _wait_for(page, url: str, pattern: str, seconds: float = 90) -> str:
    """Reload `url` until `pattern` shows (the scan runs after the request, on a worker)."""
    deadline = time.monotonic() + seconds
    while True:
        page.goto(url)
        content = page.content()
        if re.search(pattern, content):
            return content
        if time.monotonic() > deadline:
            raise AssertionError(f"{pattern!r} never appeared on {url}")
        time.sleep(1)


def _download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def test_nda_journey(site, new_page, login, unique_email):
    token = uuid.uuid4().hex[:6]
    client_email, freelancer_email, third_email = (
        unique_email("client"), unique_email("freelancer"), unique_email("third"))
    site.create_user(client_email, first_name="Cara", last_name="Client", role="client")
    site.create_user(freelancer_email, first_name="Finn", last_name="Freelancer", role="freelancer")
    site.create_user(third_email, first_name="Theo", last_name="Third", role="freelancer")

    # The client posts a job and ticks "Require an NDA": the NDA page is the next step.
    client = new_page()
    login(client, client_email)
    client.goto("/jobs/new/")
    client.fill("input[name=title]", f"Packaging redesign {token}")
    client.fill("textarea[name=description]", "Public summary: redesign the packaging of a food product line.")
    client.select_option("select[name=category]", label="Web development")
    client.check("input[name=budget_type][value=fixed]")
    client.fill("input[name=budget_min]", "1500")
    client.fill("input[name=budget_max]", "2500")
    client.check("input[name=nda]")
    client.get_by_role("button", name="Publish job").click()
    client.wait_for_url(re.compile(r"/nda/jobs/\d+/$"))
    nda_url = client.url
    job_id = re.search(r"/nda/jobs/(\d+)/", nda_url).group(1)
    job_url = f"/jobs/{job_id}/"

    client.check("input[name=kind][value=standard]")
    client.fill("input[name=client_legal_name]", "Cara Client Holdings Ltd")
    client.fill("textarea[name=confidential_description]", SECRET)
    client.get_by_role("button", name="Require NDA").click()
    client.wait_for_url(re.compile(r"/nda/jobs/\d+/$"))
    client.set_input_files("input[name=file]", files=[
        {"name": "brief.pdf", "mimeType": "application/pdf", "buffer": pdf(text="Packaging brief, version 3.")},
    ])
    client.get_by_role("button", name="Upload file").click()
    client.wait_for_url(re.compile(r"/nda/jobs/\d+/$"))
    content = _wait_for(client, nda_url, r"brief\.pdf</a> <span[^>]*>\(Passed\)")
    file_url = re.search(r'href="(/nda/files/[0-9a-f-]+/)"', content).group(1)

    # The freelancer sees the summary only, signs, then opens the file.
    freelancer = new_page()
    login(freelancer, freelancer_email)
    freelancer.goto(job_url)
    assert "Public summary: redesign the packaging" in freelancer.content()
    assert SECRET not in freelancer.content() and "brief.pdf" not in freelancer.content()
    freelancer.get_by_role("link", name="Sign NDA to view confidential details").click()
    freelancer.wait_for_url(re.compile(r"/sign/$"))
    freelancer.fill("input[name=legal_name]", "Finn Alexander Freelancer")
    freelancer.get_by_role("button", name="Sign NDA").click()  # no consent yet: refused
    assert "Tick the box" in freelancer.content() or freelancer.url.endswith("/sign/")
    freelancer.fill("input[name=legal_name]", "Finn Alexander Freelancer")
    freelancer.check("input[name=consent]")
    freelancer.get_by_role("button", name="Sign NDA").click()
    freelancer.wait_for_url(re.compile(rf"/jobs/{job_id}/$"))
    assert SECRET in freelancer.content()
    data = _download(freelancer, freelancer.get_by_role("link", name="brief.pdf"))
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Packaging brief" in text and "provided to Finn Alexander Freelancer" in text

    # A third freelancer who didn't sign: 404 on the file URL (and no confidential text on the page).
    third = new_page()
    login(third, third_email)
    assert third.request.get(file_url).status == 404
    third.goto(job_url)
    assert SECRET not in third.content()

    # Both parties download the signed PDF with its certificate page.
    signed = pdf_text(_download(freelancer, freelancer.get_by_role("link", name="Download the signed NDA (PDF)")))
    assert "Signature certificate" in signed and "Finn Alexander Freelancer" in signed
    assert "Cara Client Holdings Ltd" in signed and "@" not in signed
    client.goto(nda_url)
    client.get_by_role("button", name="Countersign").click()
    client.wait_for_url(re.compile(r"/nda/jobs/\d+/$"))
    client.goto("/dashboard/")
    assert "Finn Alexander Freelancer" in client.content()
    countersigned = pdf_text(_download(client, client.get_by_role("link", name="PDF").first))
    assert "Countersigned:" in countersigned and "Finn Alexander Freelancer" in countersigned

    # The client's own NDA PDF with an email address is refused, with the reason shown.
    client.goto(nda_url)
    client.check("input[name=kind][value=uploaded]")
    client.set_input_files("input[name=document]", files=[
        {"name": "our-nda.pdf", "mimeType": "application/pdf",
         "buffer": pdf(text="Mutual NDA. Notices: legal.cara.client@gmail.com")},
    ])
    client.get_by_role("button", name="Save NDA").click()
    client.wait_for_url(re.compile(r"/nda/jobs/\d+/$"))
    content = _wait_for(client, nda_url, r"Refused")
    assert "an email address" in content and "Freelancers can't sign it" in content
