"""The Content-Security-Policy breaks nothing: pages load with no violation, and the behaviours that
used to be inline handlers (auto-submitting sort, print, confirm) work from static/js/site.js."""
from __future__ import annotations

PAGES = ["/", "/jobs/", "/accounts/login/", "/accounts/signup/"]
SIGNED_IN = ["/dashboard/", "/messages/", "/trust/standing/", "/admin/", "/admin/trust/flag/"]


def _watch(page) -> list[str]:
    """Collect CSP violations the page reports (console errors and securitypolicyviolation events)."""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return seen


def test_pages_load_without_csp_violations(site, new_page, login, unique_email):
    page = new_page()
    violations = _watch(page)
    for path in PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    admin_email = unique_email("csp")
    site.create_user(admin_email, first_name="Cee", last_name="Esp", staff=True)
    login(page, admin_email)
    for path in SIGNED_IN:
        assert page.goto(path).status == 200, path
    assert violations == []
    # The watcher sees a violation when there is one (an inline style attribute is refused).
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>')")
    page.wait_for_timeout(300)
    assert any("style-src" in v for v in violations), violations


def test_sort_select_submits_its_form_without_inline_handler(page):
    violations = _watch(page)
    page.goto("/jobs/")
    page.select_option("select[name=sort]", "budget_high")
    page.wait_for_url("**sort=budget_high**")
    assert violations == []
