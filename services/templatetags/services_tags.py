from __future__ import annotations

from django import template
from django.template.defaultfilters import capfirst
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from cjs.templatetags.cjs_tags import fixed_url
from cjs.templatetags.icons import icon_html
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


@register.simple_tag
def inbox_rows(rows, inbox_url: str) -> str:
    """The inbox's rows (``services.queries.InboxRow``, a page of them), written here as the
    template loop wrote them (each row's dozen variables and filters cost the template about
    250 Python calls). ``inbox_url`` is the inbox's address, escaped (a request's page is
    ``<inbox>/<pk>/``). tests/services/test_inbox_rows.py renders the former loop beside it."""
    declined = (
        '<span class="badge text-bg-secondary" data-testid="quote-declined">'
        f"{icon_html('x-circle')} {conditional_escape(gettext('quote declined'))}</span>"
    )
    lapsed = (
        '<span class="badge text-bg-warning" data-testid="quote-lapsed">'
        f"{icon_html('hourglass-bottom')} {conditional_escape(gettext('quote expired'))}</span>"
    )
    e = conditional_escape
    return mark_safe(
        "".join(
            "\n          "
            f'<a class="list-group-item list-group-item-action" href="{e(inbox_url)}{row.pk}/">'
            '\n            <div class="d-flex flex-wrap justify-content-between gap-2">'
            f'\n              <span class="fw-semibold">{e(row.full_name)} '
            f'<span class="fw-normal text-body-secondary">· {e(row.town_name)}</span></span>'
            '\n              <span class="d-flex flex-wrap gap-1 align-self-start">'
            f"\n                {declined if row.quote_declined else ''}"
            f"\n                {lapsed if row.quote_lapsed else ''}"
            f'\n                <span class="badge {e(request_badge(row.status))}">'
            f"{e(capfirst(request_status_label(row.status)))}</span>"
            "\n              </span>"
            "\n            </div>"
            f'\n            <div class="small">{e(row.service_name)} · {e(row.summary)}</div>'
            f'\n            <div class="small text-body-secondary">{e(row.received)}</div>'
            "\n          </a>"
            "\n        "
            for row in rows
        )
    )


@register.simple_tag
def status_filters(choices, status: str) -> str:
    """The inbox's status radio buttons (``choices``: ``(value, label, count)``, the chosen
    ``status`` checked), written here as the template loop wrote them (its filters cost the
    template about 300 Python calls a status). tests/services/test_inbox_rows.py renders the
    former loop beside it."""
    e = conditional_escape
    written = []
    for value, label, count in choices:
        key = e(value or "all")
        checked = " checked" if value == status else ""
        written.append(
            "\n          "
            f'<input type="radio" class="btn-check" name="status" id="status-{key}"'
            f' value="{e(value)}"{checked}>'
            "\n          "
            f'<label class="btn btn-sm btn-outline-primary" for="status-{key}">'
            f"{e(capfirst(label))} "
            f'<span class="badge text-bg-light" data-testid="count-{key}">{e(count)}</span></label>'
            "\n        "
        )
    return mark_safe("".join(written))


@register.simple_tag
def next_job_rows(jobs) -> str:
    """The member's next jobs on their dashboard (``services.dashboard.NextJob``), written here
    as the template loop wrote them (its ifs and translations cost the template some two
    hundred Python calls a line). tests/services/test_next_job_rows.py renders the former
    loop beside it."""
    e = conditional_escape
    badges = {
        True: ("text-bg-success", e(gettext("On the team"))),
        False: ("text-bg-primary", e(gettext("Waiting for approval"))),
    }
    rows = []
    for job in jobs:
        badge, state = badges[bool(job.approved)]
        rows.append(
            '\n        <li class="list-group-item d-flex flex-wrap justify-content-between gap-2">'
            f'\n          <a href="{e(job.url)}">{e(job.label)}</a>'
            f'\n          <span class="badge {badge} align-self-start">{state}</span>'
            "\n        </li>\n      "
        )
    return mark_safe("".join(rows))


@register.simple_tag
def requests_todo_rows(todo) -> str:
    """The requests waiting for a delegated member's committee, on their dashboard (``(status,
    count)`` pairs, ``services.dashboard.member_context``), written here as the template loop
    wrote them. tests/services/test_next_job_rows.py renders the former loop beside it."""
    e = conditional_escape
    inbox = e(fixed_url("services:inbox"))
    rows = []
    for status, count in todo:
        label = (
            gettext("New requests to answer or quote")
            if status == "new"
            else gettext("Accepted requests to plan")
        )
        figure = e(localize(count))
        rows.append(
            '\n      <a class="list-group-item list-group-item-action d-flex'
            f' justify-content-between" href="{inbox}?status={e(status)}">'
            f"\n        <span>{e(label)}</span>"
            f'\n        <span class="badge text-bg-primary rounded-pill">{figure}</span>'
            "\n      </a>\n    "
        )
    return mark_safe("".join(rows))
