import pytest


@pytest.fixture(autouse=True)
def _in_english(english):
    """Engine messages are asserted in English."""
