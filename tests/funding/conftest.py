import pytest
from flask_babel import force_locale


@pytest.fixture(autouse=True)
def english(db):
    """Engine messages are asserted in English."""
    with force_locale("en"):
        yield
