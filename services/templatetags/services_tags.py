from __future__ import annotations

from django import template

from members.models import Cooperative
from services import queries
from services.models import JobStatus, RequestStatus
from services.timeline import describe

register = template.Library()

_REQUEST_BADGES = {
    RequestStatus.NEW: "text-bg-primary",
    RequestStatus.QUOTED: "text-bg-info",
    RequestStatus.ACCEPTED: "text-bg-warning",
    RequestStatus.SCHEDULED: "text-bg-success",
    RequestStatus.DONE: "text-bg-secondary",
    RequestStatus.CANCELLED: "text-bg-light border",
    RequestStatus.DECLINED: "text-bg-light border",
}
_JOB_BADGES = {
    JobStatus.OPEN: "text-bg-warning",
    JobStatus.STAFFED: "text-bg-success",
    JobStatus.DONE: "text-bg-secondary",
    JobStatus.CANCELLED: "text-bg-light border",
}


@register.simple_tag
def active_services():
    """``{% active_services as services %}``: the catalogue residents see, with its skills."""
    return queries.active_services()


@register.filter
def request_badge(status: str) -> str:
    """Bootstrap classes of a request status badge."""
    return _REQUEST_BADGES.get(status, "text-bg-light")


@register.filter
def job_badge(status: str) -> str:
    return _JOB_BADGES.get(status, "text-bg-light")


# A dictionary and not ``get_status_display``, which rebuilds the field's choices at each call:
# the inbox labels every row.
_REQUEST_LABELS = dict(RequestStatus.choices)


@register.filter
def request_status_label(status: str) -> str:
    return _REQUEST_LABELS.get(status, status)


@register.simple_tag(takes_context=True)
def event_text(context: template.Context, event, for_resident: bool = False) -> str:
    """``{% event_text event for_resident=True %}``: what happened, in the page's language."""
    cooperative = context.get("cooperative") or Cooperative.load()
    return describe(event, for_resident=for_resident, cooperative=cooperative)
