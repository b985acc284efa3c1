"""From a job post to a public review on both profiles, with the notifications seen in-app on the way
(issue 15's journey): a client posts, a freelancer proposes, the client hires, funds and approves,
ends the contract, both leave feedback, and each profile shows the other's review and rating."""
from __future__ import annotations

import re
import time
import uuid

import pytest

pytestmark = pytest.mark.browser

USER_ID = "from accounts.models import User; print(User.objects.get(email={email!r}).pk)"


def _see(page, url: str, *texts: str, seconds: float = 20) -> str:
    """Open `url` until every text shows (notifications come from Celery: a worker in this site)."""
    deadline = time.monotonic() + seconds
    while True:
        page.goto(url)
        content = page.content()
        if all(text in content for text in texts) or time.monotonic() > deadline:
            assert all(text in content for text in texts), (texts, url)
            return content
        page.wait_for_timeout(500)


def _feedback(page, contract_url: str, score: str, comment: str) -> None:
    page.goto(contract_url)
    page.get_by_role("link", name="Leave feedback").click()
    page.select_option("select[name=score]", value=score)
    page.fill("textarea[name=comment]", comment)
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_load_state()


def test_job_post_to_public_reviews_with_notifications(site, new_page, login, unique_email):
    token = uuid.uuid4().hex[:8]
    client_email, freelancer_email = unique_email("rep-client"), unique_email("rep-freelancer")
    site.create_user(client_email, first_name="Rosa", last_name="Client", role="client")
    site.create_user(freelancer_email, first_name="Tomas", last_name="Freelancer", role="freelancer")

    client = new_page()
    login(client, client_email)
    client.goto("/jobs/new/")
    client.fill("input[name=title]", f"Shop catalogue {token}")
    client.fill("textarea[name=description]", "Product pages and a catalogue search for our tea shop.")
    client.select_option("select[name=category]", label="Web development")
    client.check("input[name=budget_type][value=fixed]")
    client.fill("input[name=budget_min]", "800")
    client.fill("input[name=budget_max]", "1200")
    client.get_by_role("button", name="Publish job").click()
    client.wait_for_load_state()
    job_url = client.url
    assert re.search(r"/jobs/\d+/$", job_url), job_url

    freelancer = new_page()
    login(freelancer, freelancer_email)
    freelancer.goto(job_url)
    assert "About the client" in freelancer.content() and "Proposals: 0" in freelancer.content()
    freelancer.get_by_role("link", name="Submit a proposal").click()
    freelancer.fill("textarea[name=cover_letter]", "I built two shop catalogues with fast search last year.")
    freelancer.fill("input[name=bid]", "1000")
    freelancer.select_option("select[name=duration]", value="lt_1m")
    freelancer.get_by_role("button", name="Send proposal").click()
    freelancer.wait_for_load_state()
    proposal_pk = re.search(r"/proposals/(\d+)/$", freelancer.url).group(1)

    # The client sees the proposal in the notification centre (the bell counts it).
    _see(client, "/notifications/", "New proposal on")
    assert client.locator("[data-notification-badge]").first.inner_text() != "0"

    client.goto(f"/contracts/offers/new/{proposal_pk}/")
    client.get_by_role("button", name="Send offer").click()
    client.wait_for_url(re.compile(r"/contracts/\d+/$"))
    contract_url = client.url

    _see(freelancer, "/notifications/", "You received an offer")
    freelancer.goto(contract_url)
    freelancer.get_by_role("button", name="Accept offer").click()

    client.goto("/contracts/balance/top-up/")
    client.fill("input[name=amount]", "1000")
    client.fill("input[name=card_number]", "4242 4242 4242 4242")
    client.get_by_role("button", name="Continue").click()
    client.get_by_role("button", name="Charge $1,000.00").click()
    client.goto(contract_url)
    client.get_by_role("link", name="Fund", exact=True).click()
    client.get_by_role("button", name="Fund milestone").click()

    freelancer.goto(contract_url)
    freelancer.get_by_role("link", name="Submit work").click()
    freelancer.fill("textarea[name=message]", "Catalogue and search are live on staging.")
    freelancer.get_by_role("button", name="Submit for review").click()

    client.goto(contract_url)
    client.get_by_role("link", name="Approve & pay").click()
    client.get_by_role("button", name="Approve and release").click()
    client.goto(contract_url)
    client.get_by_role("link", name="End contract").click()
    client.get_by_role("button", name="End contract").click()
    client.wait_for_load_state()

    _see(freelancer, "/notifications/", "A milestone was funded", "Payment released")

    _feedback(client, contract_url, "5", "Fast, careful work and clear updates.")
    _feedback(freelancer, contract_url, "4", "Clear brief and quick approvals.")

    freelancer_id = site.shell(USER_ID.format(email=freelancer_email)).strip().splitlines()[-1]
    client_id = site.shell(USER_ID.format(email=client_email)).strip().splitlines()[-1]
    anonymous = new_page()
    anonymous.goto(f"/freelancers/{freelancer_id}/")
    profile = anonymous.content()
    assert "Fast, careful work and clear updates." in profile and "5.0" in profile
    anonymous.goto(f"/clients/{client_id}/")
    profile = anonymous.content()
    assert "Clear brief and quick approvals." in profile and "4.0" in profile and "Payment verified" in profile
    _see(freelancer, "/notifications/", "You received feedback")
