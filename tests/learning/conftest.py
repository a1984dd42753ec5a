import pytest

from tests.fixtures.factories import make_cast


@pytest.fixture(autouse=True)
def _in_english(english, client):
    """The learning pages and messages are asserted in English."""
    client.get("/?lang=en")


@pytest.fixture
def cast(db):
    return make_cast()

