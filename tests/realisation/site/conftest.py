import pytest

from tests.fixtures.factories import make_cast


@pytest.fixture(autouse=True)
def _in_english(english, client):
    """The realisation's pages and messages are asserted in English."""
    client.get("/?lang=en")


@pytest.fixture
def cast(db):
    """A project whose camp (29 November to 4 December) is on today, 1 December."""
    from datetime import timedelta

    from tests.conftest import TODAY

    return make_cast(camp_on=TODAY - timedelta(days=2))
