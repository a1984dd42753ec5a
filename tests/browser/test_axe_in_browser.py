"""axe-core finds no accessibility problem (WCAG 2.1 A/AA and its best practices) on any
page of the app, as each role (anonymous, backer, team member, initiator, facilitator,
admin), in bokmål and in English.

Each role's pages come from a crawl of a rich data set (tests/fixtures/site.py). In
bokmål each role's first page found for each endpoint is checked, unless a page of the
same markup (``site.shape``: the same elements and attributes in <main>, other texts) was
already checked for another role: each role's own header is checked on its first page.
In English, to keep the time down, each endpoint once, as the first role that reached it.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest

from tests.fixtures.axe import axe_script, axe_violations
from tests.fixtures.site import ROLES, RolePages, role_pages
from tests.fixtures.stripe import card_pages_paused
from tests.fuzz import world

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def axe():
    return axe_script()


def _check(browser, base, axe, pages, lang, cookie_name):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1200, "height": 900})
    host = urlsplit(base).hostname
    # The language cookie outranks the demo accounts' profile language (nb).
    cookies = [{"name": cookie_name, "value": lang, "domain": host, "path": "/"}]
    if pages.session_cookie:
        cookies.append({"name": "session", "value": pages.session_cookie, "domain": host,
                        "path": "/"})
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(10_000)
    found = []
    try:
        for _endpoint, urls in sorted(pages.pages.items()):
            page.goto(base + urls[0])
            assert page.locator("html").get_attribute("lang") == lang, urls[0]
            for v in axe_violations(page, axe):
                found.append(f"{pages.role} {urls[0]} [{v['impact']}] {v['id']}: {v['help']}\n"
                             + "\n".join("      " + n for n in v["nodes"]))
    finally:
        context.close()
    return found


def _each_shape_once(every):
    """Per role, its pages whose <main> no earlier role's checked page shares."""
    seen: set[str] = set()
    fewer = []
    for pages in every:
        left = {}
        for endpoint, urls in pages.pages.items():
            found = pages.shapes.get(urls[0])
            if found not in seen or not left:
                left[endpoint] = urls
            seen.add(found)
        fewer.append(RolePages(pages.role, pages.session_cookie, left, pages.shapes))
    return fewer


def _first_role_per_endpoint(every):
    seen: set[str] = set()
    fewer = []
    for pages in every:
        left = {e: urls for e, urls in pages.pages.items() if e not in seen}
        fewer.append(RolePages(pages.role, pages.session_cookie, left))
        seen |= set(left)
    return fewer


def test_no_page_has_an_accessibility_violation(stripe_app, stripe_live_server, browser,
                                                axe, localstripe):
    # One data set and one crawl for both languages: they are most of the cost.
    card_pages_paused.set()  # the card job waits while the data set is written and crawled
    time.sleep(1)  # a run that had started ends
    try:
        with stripe_app.app_context():
            data = world.build(stripe_app)
            every = [role_pages(stripe_app, data, role) for role in ROLES]
    finally:
        card_pages_paused.clear()
    assert sum(len(p.pages) for p in every) > 30  # the crawl did reach the site
    cookie_name = stripe_app.config["LANGUAGE_COOKIE"]
    found = []
    for lang, roles in (("nb", _each_shape_once(every)), ("en", _first_role_per_endpoint(every))):
        for pages in roles:
            found += _check(browser, stripe_live_server, axe, pages, lang, cookie_name)
    assert not found, f"{len(found)} violations:\n" + "\n".join(found)
