from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from members.permissions import capabilities_for


def cooperative(request: HttpRequest) -> dict:
    """The cooperative, the season being viewed and the user's capabilities, for every page."""
    return {
        "cooperative": getattr(request, "cooperative", None),
        "season": getattr(request, "season", None),
        "capabilities": SimpleLazyObject(lambda: capabilities_for(request)),
    }
