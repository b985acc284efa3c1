"""Files through a real browser: a portfolio picture with a phone number never reaches the public
profile; a delivered work file reaches the client, and nobody else."""
from __future__ import annotations

import re
import time

import pytest

from tests.uploads.builders import PHONE, pdf, text_image
from trust.uploads.extract import ocr_available

pytestmark = pytest.mark.browser

CONTRACT = """
from tests.contracts.conftest import make_contract, top_up
from accounts.models import User
from contracts import services
client = User.objects.get(email={client!r})
freelancer = User.objects.get(email={freelancer!r})
contract = make_contract(client, freelancer)
top_up(client, 50_000)
milestone = contract.milestones.get()
services.milestone_fund(milestone_id=milestone.pk, actor=client)
print(contract.pk, milestone.pk)
"""


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


@pytest.mark.skipif(not ocr_available(), reason="tesseract is not installed")
def test_portfolio_png_with_a_phone_number_is_refused(site, new_page, login, unique_email):
    email = unique_email("freelancer")
    user_id = site.create_user(email, first_name="Ana", last_name="Lima", role="freelancer")
    page = new_page()
    login(page, email)
    page.goto("/profile/portfolio/add/")
    page.fill("input[name=title]", "Shop redesign")
    page.set_input_files("input[name=image]", files=[
        {"name": "shop.png", "mimeType": "image/png", "buffer": text_image(f"WhatsApp me: {PHONE}")},
    ])
    page.get_by_role("button", name="Add to portfolio").click()
    page.wait_for_url(re.compile(r"/profile/edit/"))
    content = _wait_for(page, "/profile/edit/", r"Refused")
    assert "phone number" in content

    visitor = new_page()
    visitor.goto(f"/freelancers/{user_id}/")
    assert "Shop redesign" in visitor.content()
    assert visitor.locator(".portfolio img").count() == 0  # the picture is never shown


def test_work_submission_file_reaches_the_client_only(site, new_page, login, unique_email):
    client_email, freelancer_email, stranger_email = (
        unique_email("client"), unique_email("freelancer"), unique_email("stranger"))
    site.create_user(client_email, first_name="Cara", last_name="Client", role="client")
    site.create_user(freelancer_email, first_name="Finn", last_name="Freelancer", role="freelancer")
    site.create_user(stranger_email, first_name="Sam", last_name="Stranger", role="client")
    contract_pk, milestone_pk = site.shell(
        CONTRACT.format(client=client_email, freelancer=freelancer_email)).strip().splitlines()[-1].split()

    freelancer = new_page()
    login(freelancer, freelancer_email)
    freelancer.goto(f"/contracts/milestones/{milestone_pk}/submit/")
    freelancer.fill("textarea[name=message]", "The landing page is done; the handover notes are attached.")
    freelancer.set_input_files("input[name=attachment]", files=[
        {"name": "handover.pdf", "mimeType": "application/pdf",
         "buffer": pdf(text="Handover notes: deploy with make serve.")},
    ])
    freelancer.get_by_role("button", name="Submit for review").click()
    freelancer.wait_for_url(re.compile(rf"/contracts/{contract_pk}/$"))

    client = new_page()
    login(client, client_email)
    content = _wait_for(client, f"/contracts/{contract_pk}/", r'href="/files/[0-9a-f-]+/')
    file_url = re.search(r'href="(/files/[0-9a-f-]+/)', content).group(1)
    with client.expect_download() as download_info:
        # (the submission and the workspace's files area both link it: the same private URL)
        client.get_by_role("link", name=re.compile("handover.pdf")).first.click()
    download = download_info.value
    assert download.suggested_filename == "handover.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    stranger = new_page()
    login(stranger, stranger_email)
    assert stranger.request.get(file_url).status == 404

    anonymous = new_page()
    response = anonymous.request.get(file_url, max_redirects=0)
    assert response.status == 302 and "/accounts/login/" in response.headers["location"]
