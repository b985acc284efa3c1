"""The contract page as people see it: milestone actions within a 390 px phone screen, Pause and End
readable (not white on white), the offer form showing one contract type at a time."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SETUP = """
from accounts.models import User
from contracts import services
client = User.objects.get(email={client!r})
freelancer = User.objects.get(email={freelancer!r})
contract = services.offer_create(client=client, freelancer=freelancer, title="Logo and brand guide",
    milestones=[{{"description": "Three logo sketches with a short rationale for each", "amount_cents": 45000}}])
services.offer_accept(contract_id=contract.pk, actor=freelancer)
print(contract.pk)
"""


def test_contract_page_on_a_phone_and_the_offer_form(site, new_page, login, unique_email):
    client_email, freelancer_email = unique_email("client"), unique_email("freelancer")
    site.create_user(client_email, first_name="Cara", last_name="Client", role="client")
    site.create_user(freelancer_email, first_name="Finn", last_name="Freelancer", role="freelancer")
    contract_pk = site.shell(SETUP.format(client=client_email, freelancer=freelancer_email)).strip().splitlines()[-1]

    phone = new_page(viewport={"width": 390, "height": 844})
    login(phone, client_email)
    phone.goto(f"/contracts/{contract_pk}/")
    fund = phone.get_by_role("link", name="Fund", exact=True)
    box = fund.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    for name in ("Pause", "End contract"):
        colors = phone.get_by_role("button" if name == "Pause" else "link", name=name, exact=True).evaluate(
            "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"
        )
        assert colors[0] != colors[1] and colors[0] != "rgb(255, 255, 255)", (name, colors)

    desk = new_page()
    login(desk, client_email)
    lookup = f"from accounts.models import User; print(User.objects.get(email={freelancer_email!r}).pk)"
    freelancer_pk = site.shell(lookup).strip().splitlines()[-1]
    desk.goto(f"/contracts/offers/new/?freelancer={freelancer_pk}")
    assert desk.locator(".kind-fixed").is_visible() and not desk.locator(".kind-hourly").is_visible()
    desk.locator("input[name=kind][value=hourly]").check()
    assert desk.locator(".kind-hourly").is_visible() and not desk.locator(".kind-fixed").is_visible()
