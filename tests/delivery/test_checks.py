"""`manage.py check` warns when cached pages would go stale across processes."""

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def warnings():
    return [message.id for message in run_checks(tags=["caches"])]


def test_a_process_local_cache_under_the_page_cache_fails_the_check(settings):
    settings.CACHES = LOCAL
    settings.DEBUG = False
    settings.PAGE_CACHE_SECONDS = 3600
    with pytest.raises(SystemCheckError, match="pages will go stale with several workers"):
        call_command("check", tag=["caches"], fail_level="WARNING")


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.dummy.DummyCache",
        "django.core.cache.backends.db.DatabaseCache",
    ],
)
def test_a_cache_every_process_shares_or_one_that_stores_nothing_passes(
    settings, tmp_path, backend
):
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": str(tmp_path)}}
    settings.DEBUG = False
    assert warnings() == []
    call_command("check", tag=["caches"], fail_level="WARNING")


@pytest.mark.parametrize("debug, seconds", [(True, 3600), (False, 0)])
def test_local_memory_is_fine_in_development_or_without_the_page_cache(settings, debug, seconds):
    settings.CACHES = LOCAL
    settings.DEBUG = debug
    settings.PAGE_CACHE_SECONDS = seconds
    assert warnings() == []
