import pytest


@pytest.fixture(autouse=True)
def _in_english(english):
    """Funding and engine messages are asserted in English."""
