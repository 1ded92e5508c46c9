import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)


def server_error(request):
    """The 500 page, or a 503 asking to retry when the database is unreachable.

    Like Django's default handler, it renders without a request context: it must not
    touch the database that may be the reason it runs.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        logger.warning("Database unavailable: answering 503 (%s)", error)
        response = HttpResponseServerError(loader.get_template("503.html").render())
        response.status_code = 503
        response["Retry-After"] = "10"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
