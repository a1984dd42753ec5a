"""Fixtures of the camp tests: a project with its camp window planned and its people
(the helpers that plan and travel are in helpers.py)."""

from __future__ import annotations

import pytest

from stedskaping.realisation.camp.days import camp_days
from tests.fixtures.factories import make_cast


@pytest.fixture(autouse=True)
def _in_english(english, client):
    client.get("/?lang=en")


@pytest.fixture
def cast(db):
    cast = make_cast()
    cast["days"] = camp_days(cast["project"])
    return cast
