import pytest


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """Tests walk many pages; the rate limit has tests of its own (test_access.py)."""
    settings.API_RATE_LIMIT = 0
