from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from members.permissions import capabilities_for, reads_minors_data


def cooperative(request: HttpRequest) -> dict:
    """The cooperative, the season being viewed, the user's capabilities and whether they read
    minors' data (the Account security page), for every page."""
    return {
        "cooperative": getattr(request, "cooperative", None),
        "season": getattr(request, "season", None),
        "capabilities": SimpleLazyObject(lambda: capabilities_for(request)),
        "reads_minors_data": SimpleLazyObject(lambda: reads_minors_data(request)),
    }
