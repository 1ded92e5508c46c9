"""System checks for the project's configuration (``manage.py check``)."""

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache


@checks.register("newsroom")
def environment_values(app_configs, **kwargs):
    """Each environment variable whose value could not be read (newsroom/configuration.py)."""
    return [
        checks.Error(
            problem,
            hint="Fix the value in the environment; until then the default applies.",
            id="newsroom.E001",
        )
        for problem in getattr(settings, "ENVIRONMENT_PROBLEMS", ())
    ]


@checks.register(checks.Tags.caches)
def page_cache_shared_by_every_process(app_configs, **kwargs):
    """Cached pages are purged in the cache of the process that made the change: every
    other worker, server or ``manage.py`` run must see that purge, so the cache they share
    cannot live inside one process."""
    if not settings.PAGE_CACHE_SECONDS or settings.DEBUG:
        return []
    if not isinstance(caches["default"], LocMemCache):
        return []
    return [
        checks.Warning(
            "The page cache is on (PAGE_CACHE_SECONDS > 0) but the default cache is local "
            "memory, which each process keeps for itself: pages will go stale with several "
            "workers or processes (a change made in one, or by manage.py, is not seen by "
            "the others).",
            hint="Set REDIS_URL, or leave it empty for the shared file-based cache in "
            "CACHE_DIR, or set PAGE_CACHE_SECONDS=0.",
            id="newsroom.W001",
        )
    ]
