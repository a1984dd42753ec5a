"""Every page the app serves, to each role, has each id once, labels and ARIA attributes
that point to ids on the page, valid ``datetime`` attributes, no ``details`` in a
``figure`` and a placeholder option first in each required select.

The pages are those the fuzz test's crawler reaches from every GET route of the URL map
and the links of each page and e-mail, on its rich data set (tests/fuzz/world.py),
without a browser.
"""

from __future__ import annotations

import random

import pytest

from tests.fixtures.html_checks import html_problems
from tests.fixtures.site import ROLES, role_pages
from tests.fuzz import world


@pytest.fixture
def data(stripe_app, stripe_ctx, db, monkeypatch):
    from localstripe import resources

    monkeypatch.setattr(resources, "random", random.SystemRandom())
    return world.build(stripe_app)


def test_every_page_has_valid_ids_and_markup(stripe_app, data):
    found: dict[str, list[str]] = {}

    def check(role):
        def on_page(url, html):
            for problem in html_problems(html):
                found.setdefault(problem, []).append(f"{role} {url}")
        return on_page

    pages = {role: role_pages(stripe_app, data, role, on_page=check(role)) for role in ROLES}
    assert sum(len(p.pages) for p in pages.values()) > 100  # the crawl did reach the site
    report = [f"{problem}: {', '.join(where[:3])}" + (f" (+{len(where) - 3})"
                                                       if len(where) > 3 else "")
              for problem, where in sorted(found.items())]
    assert not report, "\n".join(report)
