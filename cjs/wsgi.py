"""WSGI entry point: ``gunicorn cjs.wsgi``."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import request_finished

from cjs import memory

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cjs.settings")

try:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
except ImproperlyConfigured as error:
    # Exit code 4 is gunicorn's "application failed to load": the arbiter stops instead of
    # restarting workers forever, and the message stays the last line of the log.
    print(f"Configuration error: {error}", file=sys.stderr)
    sys.exit(4)

# What the worker loaded, and what its first requests add, stays out of the garbage
# collector's full collections (cjs.memory).
request_finished.connect(memory.request_finished, dispatch_uid="cjs.memory")
memory.freeze()
