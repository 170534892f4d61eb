"""The dashboards' registry: how the site-wide dashboard asks each app for its panels without
importing any app (``cjs`` is the bottom layer and never reaches up).

Each app registers its ``Panels`` from its ``AppConfig.ready()``; the dashboard view calls them
in the order of ``INSTALLED_APPS`` (``members`` first). A panel function returns the context
its include in ``templates/dashboard/_leader_panels.html`` or ``_member_panels.html`` reads.

The members app says whether the member is enrolled in the season (``"enrolled"`` in its member
context); the other apps' member panels are shown only to an enrolled member.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

PanelContext = Callable[[HttpRequest, Any, dt.date], dict]


@dataclass(frozen=True)
class Panels:
    """One app's contribution to the dashboards. ``season`` is always a ``members.Season``.

    - ``leader(request, season, today)``: the leader's dashboard of the current season;
    - ``member(request, season, today)``: the member's dashboard of the current season;
    - ``archive(season)``: figures of what an archived summer amounted to (a fixed number of
      queries: one per figure).
    """

    app: str
    leader: PanelContext | None = None
    member: PanelContext | None = None
    archive: Callable[[Any], dict] | None = None


_PANELS: dict[str, Panels] = {}


def register(panels: Panels) -> None:
    _PANELS[panels.app] = panels


def leader_context(request: HttpRequest, season, today: dt.date) -> dict:
    context: dict = {}
    for panels in _PANELS.values():
        if panels.leader is not None:
            context.update(panels.leader(request, season, today))
    return context


def member_context(request: HttpRequest, season, today: dt.date) -> dict:
    context: dict = {}
    for panels in _PANELS.values():
        if panels.member is None:
            continue
        if context.get("enrolled") is False:
            break
        context.update(panels.member(request, season, today))
    return context


def archive_summary(season) -> dict:
    summary: dict = {}
    for panels in _PANELS.values():
        if panels.archive is not None:
            summary.update(panels.archive(season))
    return summary
