import pytest

from tests.fixtures.factories import make_cast


@pytest.fixture(autouse=True)
def _in_english(english, client):
    """Participation messages and pages are asserted in English (the language chosen
    with ?lang=en is remembered in a cookie)."""
    client.get("/?lang=en")


@pytest.fixture
def cast(db):
    return make_cast()
