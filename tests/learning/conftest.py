import pytest

from tests.fixtures.factories import make_cast


@pytest.fixture(autouse=True)
def _in_english(english, client):
    """The learning pages and messages are asserted in English."""
    client.get("/?lang=en")


@pytest.fixture
def cast(db):
    return make_cast()


# The browser's fixtures (a headless Chromium, its page, screenshots, the demo data), for
# the learning domain's browser test.
from tests.browser.conftest import browser, demo_data, page, screenshot  # noqa: E402, F401
