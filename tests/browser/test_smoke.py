"""The harness itself: the real server answers and a user can log in through the browser."""


def test_browser_login_page_renders(page):
    page.goto("/accounts/login/")
    assert page.locator("input[name=login]").is_visible()
    assert page.locator("input[name=password]").is_visible()


def test_browser_login_with_created_user(site, page, login, unique_email):
    address = unique_email("smoke")
    site.create_user(address, first_name="Sam", last_name="Smoke", role="freelancer")
    login(page, address)
    assert "/accounts/login/" not in page.url
    page.goto("/accounts/password/change/")  # login required: no redirect back to the login form
    assert "/accounts/login/" not in page.url
    assert page.get_by_role("button", name="Log out").is_visible()
