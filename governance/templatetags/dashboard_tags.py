"""``{% load dashboard_tags %}``: the meetings panel of the dashboards (``{% governance_panel %}``,
its convocations and meeting rows)."""

from __future__ import annotations

import functools

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import date
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from cjs.escaping import escape
from cjs.links import fixed_url, pk_url
from cjs.templatetags.icons import icon_html
from governance.templatetags.governance_tags import status_class

register = template.Library()


@register.simple_tag
def convocation_cards(convocations) -> str:
    """The convocations sent to the member, on their dashboard (``governance.dashboard``: a
    meeting's title, start, place, agenda and printable convocation's address), written here
    as the template loop wrote them (its translations, filters and agenda loop cost the
    template some six hundred Python calls a card). tests/governance/test_convocation_cards.py
    renders the former loop beside it."""
    if not convocations:
        return ""
    envelope = icon_html("envelope-paper")
    printable = escape(gettext("Printable convocation"))
    cards = []
    for meeting in convocations:
        title = gettext("Convocation: %(title)s") % {"title": escape(meeting["title"])}
        when = escape(date(template_localtime(meeting["starts_at"]), "l j F, H:i"))
        place = f" · {escape(meeting['place'])}" if meeting["place"] else ""
        agenda = "".join(f"<li>{escape(item)}</li>" for item in meeting["agenda"])
        cards.append(
            '\n    <div class="card border-primary mb-2" data-testid="convocation-card">'
            '\n      <div class="card-body py-2">'
            f'\n        <h3 class="h6 mb-1">{envelope} {title}</h3>'
            f'\n        <p class="mb-1 small">{when}{place}</p>'
            f'\n        <ol class="small mb-1">{agenda}</ol>'
            f'\n        <a class="small" href="{escape(meeting["convocation_url"])}">'
            f"{printable}</a>\n      </div>\n    </div>\n  "
        )
    return mark_safe("".join(cards))


@register.simple_tag
def meeting_rows(meetings) -> str:
    """The next meetings on the dashboards, as the loop over ``meeting_list.html#row`` wrote
    them (the link, title, local start, place, committee and status badge; about a hundred
    Python calls a row fewer). ``meetings``: the member's, read as columns
    (``governance.queries.sql.meeting_row``), or the leaders' ``Meeting`` objects.
    tests/governance/test_meeting_rows.py renders the former loop beside it."""
    detail = pk_url("governance:meeting_detail")
    e = escape
    rows = []
    for meeting in meetings:
        if isinstance(meeting, dict):
            pk, title, starts_at, place, status, shown, committee = (
                meeting[key] for key in MEETING_ROW
            )
        else:
            pk, title, starts_at, place, status, committee = (
                getattr(meeting, key) for key in MEETING_ROW if key != "get_status_display"
            )
            shown = meeting.get_status_display()
        where = f" · {e(place)}" if place else ""
        if committee:
            where += f" · {e(committee)}"
        rows.append(
            "\n"
            '<a class="list-group-item list-group-item-action d-flex justify-content-between'
            f' align-items-start gap-2" href="{e(detail(pk))}">\n'
            "  <span>\n"
            f'    <span class="fw-semibold">{e(title)}</span><br>\n'
            '    <span class="small text-body-secondary">'
            f"{e(date(template_localtime(starts_at), 'l j F, H:i'))}{where}</span>\n"
            "  </span>\n"
            f'  <span class="badge {e(status_class(status))}">{e(shown)}</span>\n'
            "</a>\n"
        )
    return mark_safe("".join(rows))  # every value escaped as the row's {{ }} escaped it


# What ``meeting_rows`` reads of a meeting, in its order.
MEETING_ROW = ("pk", "title", "starts_at", "place", "status", "get_status_display", "committee")


@register.simple_tag(takes_context=True)
def governance_panel(context: template.Context) -> str:
    """The meetings panel of the dashboards (``governance.dashboard``: the convocations sent,
    the next meetings, the open consultations), written here as the former
    ``governance/_dashboard_panel.html`` wrote it (tests/governance/test_governance_panel.py
    renders the former template beside it, for the member's rows read as columns and the
    leaders' objects). A consultation is a dictionary or a ``Consultation`` (``answered``
    annotated for the leaders)."""
    shown = functools.partial(render_value_in_context, context=context)
    meetings = context.get("governance_meetings")
    if meetings:
        listed = (
            '\n    <div class="list-group mb-2" data-testid="upcoming-meetings">\n      '
            f"{meeting_rows(meetings)}\n    </div>\n  "
        )
    else:
        listed = (
            '\n    <p class="text-body-secondary">'
            f"{shown(gettext('No meeting in the next two weeks.'))}</p>\n  "
        )
    user = context.get("user")
    detail = pk_url("governance:consultation_detail")
    bubble = icon_html("chat-square-dots")
    asked = []
    for consultation in context.get("governance_consultations") or ():
        if isinstance(consultation, dict):
            pk, title, closes_at = (
                consultation["pk"],
                consultation["title"],
                consultation["closes_at"],
            )
            answered = consultation.get("answered")
        else:
            pk, title, closes_at = consultation.pk, consultation.title, consultation.closes_at
            answered = getattr(consultation, "answered", None)
        if answered:
            state = shown(gettext("answered"))
        elif user is not None and user.is_member:
            state = shown(gettext("give my position"))
        else:
            day = shown(date(template_localtime(closes_at), "j N"))
            state = gettext("until %(day)s") % {"day": day}
        look = "alert-light border" if answered else "alert-warning"
        asked.append(
            f'\n    <a class="alert {look} d-flex justify-content-between gap-2 mb-2'
            f' text-decoration-none" href="{escape(detail(pk))}">\n'
            f"      <span>{bubble} {escape(title)}</span>\n"
            f'      <span class="small text-nowrap">{state}</span>\n'
            "    </a>\n  "
        )
    return mark_safe(  # every value escaped as the template escaped it
        '<section class="mb-4" aria-labelledby="governance-panel-heading">\n'
        '  <div class="d-flex justify-content-between align-items-baseline">\n'
        f'    <h2 class="h4" id="governance-panel-heading">{shown(gettext("Meetings"))}</h2>\n'
        f'    <a class="small" href="{escape(fixed_url("governance:meeting_list"))}">'
        f"{shown(gettext('All meetings and decisions'))}</a>\n"
        "  </div>\n"
        f"  {convocation_cards(context.get('governance_convocations'))}\n"
        f"  {listed}\n"
        f"  {''.join(asked)}\n"
        "</section>"
    )
