"""
The production settings plus two things only the benchmark uses; never deployed.

Only the benchmark's own app server runs with ``DJANGO_SETTINGS_MODULE=bench.settings``:

- ``bench.urls`` adds a trivial view, the yardstick for what Django itself costs on the
  same server and middleware;
- ``X-Bench-Changed: key …`` on a request marks those surrogate keys as changed just
  before it is served (``bench.middleware``), so that every measured request is the first
  one after a change.
"""

from newsroom import settings as production

globals().update({name: value for name, value in vars(production).items() if name.isupper()})

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.ChangedBeforeRequest", *production.MIDDLEWARE]
