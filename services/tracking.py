"""What other apps add to a resident's tracking page, without services importing them.

An app above services (finance: the invoices and what is left to pay) registers a
``TrackingPanel`` from its ``AppConfig.ready()``; the tracking page renders each panel that has
something to say, under the dates of the work. A panel reads only what its own page needs,
so the page keeps a constant number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import SafeString

from services.models import ServiceRequest


@dataclass(frozen=True)
class TrackingPanel:
    app: str
    # The panel's HTML for this request ("" when it has nothing to show).
    render: Callable[[HttpRequest, ServiceRequest], SafeString | str]


_PANELS: dict[str, TrackingPanel] = {}


def register_tracking_panel(panel: TrackingPanel) -> None:
    _PANELS[panel.app] = panel


def tracking_panels(request: HttpRequest, service_request: ServiceRequest) -> list[SafeString]:
    rendered = (panel.render(request, service_request) for panel in _PANELS.values())
    return [html for html in rendered if html]
