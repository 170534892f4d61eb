"""Small helpers the members' views share."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from members.models import Season


def current_season_or_message(request: HttpRequest) -> Season | None:
    """The season being viewed, or ``None`` with a message asking to start one."""
    season = request.season or None
    if season is None:
        messages.error(request, _("Start a season first."))
    return season
