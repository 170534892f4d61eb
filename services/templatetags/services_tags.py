from __future__ import annotations

import functools

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import capfirst
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from cjs.escaping import escape
from cjs.links import fixed_url, pk_url
from cjs.templatetags.icons import icon_html
from members.models import Cooperative
from members.templatetags.members_tags import not_cleared_badge
from services import queries
from services.forms import RequestForm
from services.models import JobStatus, RequestStatus
from services.queries.board import formatted
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


@register.simple_tag
def blank_request_form(
    *, catalogue, service, currency, country, hourly_rate, today, form_token
) -> RequestForm:
    """``{% blank_request_form ... as form %}``: the form of the request form's blank page
    (``services/_request_form_blank.html``), from the facts its HTML is kept for alone."""
    cooperative = Cooperative(currency=currency, country=country, default_hourly_rate=hourly_rate)
    return RequestForm.blank(
        catalogue=catalogue,
        service=service,
        cooperative=cooperative,
        today=today,
        form_token=form_token,
    )


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
    e = escape
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


@register.simple_tag(takes_context=True)
def queue_sections(context: template.Context, groups, texts: dict) -> str:
    """The approval queue's jobs (``services.queries.queues.queue_groups``: a ``QueueJob``
    and its rows), each heading its rows (``queue_rows``), as the template's loop wrote
    them: the loop's variables and tag cost it about a hundred Python calls a job.
    tests/services/test_approvals.py renders the former loop beside it."""
    e = escape
    return mark_safe(  # every text in it is escaped, the rows written by ``queue_rows``
        "".join(
            '\n  <section class="card mb-3" data-testid="queue-job">'
            '\n    <div class="card-header d-flex flex-wrap justify-content-between gap-2">'
            f'\n      <a class="fw-semibold" href="{e(job.url)}">{e(job.title)}</a>'
            f'\n      <span class="small text-body-secondary">{e(job.place)}</span>'
            "\n    </div>"
            '\n    <ul class="list-group list-group-flush">'
            f"\n      {queue_rows(context, rows, texts)}"
            "\n    </ul>"
            "\n  </section>\n"
            for job, rows in groups
        )
    )


@register.simple_tag(takes_context=True)
def queue_rows(context: template.Context, rows, texts: dict) -> str:
    """The approval queue's rows of a job (``services.queries.queues.QueueRow``, written by
    the view), as the ``row`` partial of services/approvals.html writes each on the page
    (nothing decided, no error): its variables, conditions and tags cost the template about
    nine hundred Python calls a row. The partial stays for the row an approver's tap sends
    back. tests/services/test_approvals.py renders the partial beside it."""
    e = escape
    csrf, refused = _page_parts(context)
    approve, reject, reason = e(texts["approve"]), e(texts["reject"]), e(texts["reason"])
    # The day the badges tell of (``not_cleared_badge``'s), asked once a page.
    today = context.render_context.get("queue_today")
    if today is None:
        today = context.render_context["queue_today"] = timezone.localdate()
    written = []
    for row in rows:
        pk = e(row.pk)
        replaces = (
            f'<span class="badge text-bg-info">{e(row.replaces)}</span>' if row.replaces else ""
        )
        cant = (
            f'<div class="small text-body-secondary mt-1">{e(row.cant_make_it)}</div>'
            if row.cant_make_it
            else ""
        )
        refusal = (
            f'<div class="small text-danger mt-1">{refused} {e(row.refusal)}</div>'
            if row.refusal
            else ""
        )
        warnings = (
            '<ul class="small text-warning-emphasis mb-0 mt-1">'
            + "".join(f"<li>{e(warning)}</li>" for warning in row.warnings)
            + "</ul>"
            if row.warnings
            else ""
        )
        approve_url, reject_url = e(row.approve_url), e(row.reject_url)
        written.append(
            f'\n        <li class="list-group-item" id="claim-{pk}" data-testid="claim-row">'
            '\n          <div class="d-flex flex-wrap justify-content-between'
            ' align-items-start gap-2">'
            "\n            <div>"
            '\n              <input class="form-check-input me-1" type="checkbox" name="claims"'
            f' value="{pk}" form="bulk-form" aria-label="{e(row.tick)}">'
            f'\n              <span class="fw-semibold">{e(row.name)}</span>'
            f" {e(not_cleared_badge(context, row.member, today))}"
            f"\n              {replaces}"
            '\n              <div class="small text-body-secondary" data-testid="member-hours">'
            f"{e(row.figures)}</div>"
            "\n            </div>"
            "\n            "
            f'\n              <form method="post" action="{approve_url}"'
            f' data-hx-post="{approve_url}" data-hx-target="#claim-{pk}"'
            f' data-hx-swap="outerHTML">{csrf}'
            '\n                <button type="submit" class="btn btn-sm btn-success"'
            f' data-testid="approve">{approve}</button>'
            "\n              </form>"
            "\n            "
            "\n          </div>"
            f"\n          {cant}"
            "\n          "
            f"\n          {refusal}"
            f"\n          {warnings}"
            "\n          "
            '\n            <details class="reject-details mt-1" data-testid="reject-details">'
            '\n              <summary class="btn btn-sm btn-outline-danger"'
            f' data-testid="reject">{reject}</summary>'
            f'\n              <form method="post" action="{reject_url}"'
            f' data-hx-post="{reject_url}" data-hx-target="#claim-{pk}"'
            f' data-hx-swap="outerHTML" class="card card-body mt-2 p-2">{csrf}'
            f'\n                <label class="form-label small mb-1" for="reason-{pk}">'
            f"{reason}</label>"
            '\n                <textarea class="form-control form-control-sm mb-2" name="reason"'
            f' id="reason-{pk}" rows="2" maxlength="2000"></textarea>'
            '\n                <button type="submit" class="btn btn-sm btn-danger"'
            f' data-testid="confirm-reject">{e(row.confirm)}</button>'
            "\n              </form>"
            "\n            </details>"
            "\n          "
            "\n        </li>"
            "\n      "
        )
    return mark_safe("".join(written))


def _page_parts(context: template.Context) -> tuple[str, str]:
    """What the queues' rows write the same on a page (``queue_rows``, ``hours_rows``: a call
    a job): the CSRF token's input and the refusal icon, made once a page."""
    parts = context.render_context.get("queue_page_parts")
    if parts is None:
        token = context.get("csrf_token")
        csrf = str(csrf_token_input(token)) if token else ""
        parts = context.render_context["queue_page_parts"] = (csrf, icon_html("x-octagon"))
    return parts


def csrf_token_input(token) -> str:
    """What ``{% csrf_token %}`` writes."""
    if str(token) == "NOTPROVIDED":
        return format_html("")
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


@register.simple_tag(takes_context=True)
def hours_rows(context: template.Context, rows, texts: dict) -> str:
    """The rows of a job among the hours to validate (``services.queries.queues.HoursRow``,
    written by the view), as the ``row`` partial of services/hours_queue.html writes each on
    the page (no error): its variables and conditions cost the template about a thousand
    Python calls a row. The partial stays for the row sent back after a tap.
    tests/services/test_hours.py renders the partial beside it."""
    e = escape
    csrf, refused = _page_parts(context)
    labels = context.render_context.get("hours_rows_labels")
    if labels is None:  # once a page (its jobs' rows are written a job at a time)
        names = ("started_at", "ended_at", "break_minutes", "note")
        labels = context.render_context["hours_rows_labels"] = {n: e(texts[n]) for n in names}
    written = []
    for row in rows:
        pk = e(row.pk)
        if row.validated:
            status = (
                '<span class="badge text-bg-success" data-testid="hours-validated">'
                f"{e(row.hours)}</span>\n            "
            )
        elif row.hours:
            status = f'<span class="small">{e(row.hours)}</span>\n            '
        else:
            status = f'<span class="small text-warning-emphasis">{e(texts["not_logged"])}</span>'
        form = "" if row.validated else _hours_form(row, pk, labels, csrf, refused, texts)
        written.append(
            f'\n        <li class="list-group-item" id="hours-{pk}" data-testid="hours-row">'
            '\n          <div class="d-flex flex-wrap justify-content-between gap-2">'
            f'\n            <span class="fw-semibold">{e(row.name)}</span>'
            f"\n            {status}"
            "\n          </div>"
            "\n          "
            f"\n          {form}"
            "\n        </li>"
            "\n      "
        )
    return mark_safe("".join(written))


def _hours_form(row, pk: str, labels: dict, csrf: str, refused: str, texts: dict) -> str:
    """A row's problems and form (``hours_rows``): the inputs of an unbound form as Django's
    widgets write them, or the widgets of a form sent back."""
    e = escape
    problems = (
        '<ul class="small text-danger mb-0 mt-1 list-unstyled" data-testid="hours-problems">'
        + "".join(f"<li>{refused} {e(problem)}</li>" for problem in row.problems)
        + "</ul>"
        if row.problems
        else ""
    )
    if row.form:
        inputs = {name: e(row.form[name]) for name in labels}
    else:
        inputs = {
            "started_at": f'<input type="time" name="{pk}-started_at" value="{e(row.started_at)}"'
            f' class="form-control" required id="id_{pk}-started_at">',
            "ended_at": f'<input type="time" name="{pk}-ended_at" value="{e(row.ended_at)}"'
            f' class="form-control" required id="id_{pk}-ended_at">',
            "break_minutes": f'<input type="number" name="{pk}-break_minutes"'
            f' value="{e(row.break_minutes)}" step="5" min="0" max="600" class="form-control"'
            f' required id="id_{pk}-break_minutes">',
            "note": f'<input type="text" name="{pk}-note" class="form-control" maxlength="200"'
            f' aria-describedby="id_{pk}-note_helptext" id="id_{pk}-note">',
        }
    columns = {
        "started_at": "col-6 col-sm-4 col-md-3",
        "ended_at": "col-6 col-sm-4 col-md-3",
        "break_minutes": "col-12 col-sm-4 col-md-2",
        "note": "col-12 col-md-4",
    }
    url = e(row.validate_url)
    return (
        problems + f'\n          <form method="post" action="{url}" data-hx-post="{url}"'
        f' data-hx-target="#hours-{pk}" data-hx-swap="outerHTML"'
        f' class="row g-2 align-items-end mt-1">{csrf}'
        + "".join(
            f'\n            <div class="{css}"><label class="form-label small mb-0"'
            f' for="id_{pk}-{name}">{labels[name]}</label>{inputs[name]}</div>'
            for name, css in columns.items()
        )
        + '\n            <div class="col-12"><button type="submit" class="btn btn-success w-100"'
        f' data-testid="validate-hours">{e(texts["validate"])}</button></div>'
        "\n          </form>"
        "\n          "
    )


@register.simple_tag
def understaffed_rows(jobs) -> str:
    """The jobs of ``understaffed_jobs`` as services/_understaffed.html listed them, a
    ``{% url %}``, two filters and a ``blocktranslate`` a job (the approval queue and the
    leader's dashboard show the list). tests/services/test_understaffed_rows.py renders the
    former loop beside it."""
    team_url = pk_url("services:job_team")
    asked = f" ({conditional_escape(gettext('a replacement is asked'))})"
    e = escape
    return mark_safe(
        "".join(
            f'\n        <li><a href="{e(team_url(job.pk))}">{e(formatted(job.date, "D j N"))}'
            f" {e(formatted(job.starts_at, 'H:i'))} · {e(job.service.name)} · {e(job.town_name)}"
            "</a> –\n          "
            + ngettext("%(missing)s member missing", "%(missing)s members missing", job.missing)
            % {"missing": e(localize(job.missing))}
            + (asked if job.replacements_open else "")
            + "</li>\n      "
            for job in jobs
        )
    )


@register.simple_tag
def status_filters(choices, status: str) -> str:
    """The inbox's status radio buttons (``choices``: ``(value, label, count)``, the chosen
    ``status`` checked), written here as the template loop wrote them (its filters cost the
    template about 300 Python calls a status). tests/services/test_inbox_rows.py renders the
    former loop beside it."""
    e = escape
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
    e = escape
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
    e = escape
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


@register.simple_tag
def towns_served(towns) -> str:
    """The request form's "We work in: …" line and the town field's suggestions, from the
    served towns (nothing when there are none)."""
    if not towns:
        return ""
    listed = ", ".join(f"{escape(town.name)} ({escape(town.postal_code)})" for town in towns)
    options = "".join(f'<option value="{escape(town.name)}"></option>' for town in towns)
    return mark_safe(
        f'<p class="small text-body-secondary mb-2">{escape(gettext("We work in:"))} {listed}.</p>'
        f'\n<datalist id="towns-served">{options}</datalist>'
    )


@register.simple_tag(takes_context=True)
def my_jobs_section(context: template.Context) -> str:
    """The member's "My jobs" panel on their dashboard: the jobs whose hours they have to log,
    their next jobs (``next_job_rows``) and the job board's open jobs, written here as
    ``services/_member_panel.html`` wrote its section (its translations, counted texts and
    links cost the template ~500 Python calls). tests/services/test_my_jobs_section.py renders
    the former panel beside it."""
    shown = functools.partial(render_value_in_context, context=context)
    my_jobs = escape(fixed_url("services:my_jobs"))
    to_log = context.get("hours_to_log")
    alert = ""
    if to_log:
        text = ngettext(
            "Log your hours of %(count)s job", "Log your hours of %(count)s jobs", to_log
        )
        alert = (
            '\n    <div class="alert alert-warning py-2">'
            f'<a href="{my_jobs}">{text % {"count": shown(to_log)}}</a></div>\n  '
        )
    claims = context.get("my_next_claims")
    if claims:
        nexts = f'\n    <ul class="list-group mb-2">\n      {next_job_rows(claims)}\n    </ul>\n  '
    else:
        nexts = (
            '\n    <p class="text-body-secondary small mb-2">'
            f"{shown(gettext('No job planned for you.'))}</p>\n  "
        )
    count = context.get("open_jobs_count")
    board = ngettext("Job board: %(count)s open job", "Job board: %(count)s open jobs", count)
    return mark_safe(  # every value escaped as the template escaped it
        '<section class="mb-4" aria-labelledby="my-jobs-title" data-testid="my-jobs-panel">\n'
        '  <div class="d-flex justify-content-between align-items-baseline">\n'
        f'    <h2 class="h4" id="my-jobs-title">{shown(gettext("My jobs"))}</h2>\n'
        f'    <a href="{my_jobs}">{shown(gettext("All my jobs"))}</a>\n'
        "  </div>\n"
        f"  {alert}\n"
        f"  {nexts}\n"
        f'  <a class="btn btn-primary" href="{escape(fixed_url("services:job_board"))}">'
        f"{icon_html('signpost-split')} {board % {'count': shown(count)}}</a>\n"
        "</section>"
    )
