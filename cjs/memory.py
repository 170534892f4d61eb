"""The garbage collector in a long-lived server process.

A worker holds some 185,000 objects that live as long as it does: modules, models, URL
patterns, compiled templates and queries, translations, Babel's locale data. Python's full
collection walks all of them (tens of milliseconds, more on a busy machine), and the
allocations of a page trigger one now and then: that request, and the requests queued behind
it on the worker, wait. ``gc.freeze()`` moves the objects alive at that moment out of the
collector's reach (they are still freed by reference counting when no longer used; only a
reference cycle among them would stay). The worker freezes them once the app is loaded
(``cjs/wsgi.py``) and again after its first requests, which compile the templates and the
queries and load the catalogues.
"""

from __future__ import annotations

import gc
import itertools

# After which of its requests a worker freezes what it holds again (the first requests fill
# the per-process caches; later ones add little).
FREEZE_AFTER_REQUESTS = frozenset({25, 250})

_served = itertools.count(1)


def freeze() -> None:
    """Collect what is garbage now, then keep the rest out of later collections: at load,
    before the worker serves (a collection takes tens of milliseconds)."""
    gc.collect()
    gc.freeze()


def request_finished(**kwargs) -> None:
    """``request_finished`` receiver of the server's processes (``cjs/wsgi.py``): what the
    first requests added is frozen as it is, without a collection first (``gc.freeze`` alone
    takes no time; a request waiting behind a collection would), so the few cycles of
    garbage alive at that moment stay until the worker stops."""
    if next(_served) in FREEZE_AFTER_REQUESTS:
        gc.freeze()
