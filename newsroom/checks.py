"""System checks for the project's configuration (``manage.py check``)."""

from django.conf import settings
from django.core import checks


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
