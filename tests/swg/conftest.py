"""Fixtures of the SWG tests."""

import pytest

from tests.swg.factories import space


@pytest.fixture
def health_en():
    return space("health", "en")


@pytest.fixture
def health_lo():
    return space("health", "lo")
