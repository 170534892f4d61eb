from __future__ import annotations

import functools
from collections.abc import Callable

from django import template
from django.template.defaultfilters import date, linebreaksbr
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name, template_localtime
from django.utils.translation import get_language, gettext

from cjs.escaping import escape as escape_text
from cjs.links import pk_url
from cjs.templatetags.icons import icon_html
from governance.minutes import motion_result_sentence
from governance.queries import motion_record

register = template.Library()


@register.filter
def pk_link(pk, name: str) -> str:
    """``{{ item.pk|pk_link:"governance:item_up" }}`` writes ``{% url "governance:item_up"
    item.pk %}`` for a view taking one id, at the price of a format: the URL is reversed once
    per process (and script prefix and URL configuration, all ``reverse`` reads here), not at
    each row of each page."""
    return pk_url(name)(pk)


def _links(*names: str) -> list[Callable[[object], str]]:
    return [pk_url(name) for name in names]


# An agenda item's buttons for those who change the agenda (the meeting page writes them for
# each item: in Python, as the template wrote them, whitespace included). Their fixed texts
# are translated and escaped once per process and language (``{% translate %}`` escapes
# them; ``{% blocktranslate %}`` escapes the title only).
@functools.lru_cache(maxsize=16)
def _texts(language: str | None) -> dict[str, str]:
    return {
        "up": gettext("Move up: %(title)s"),
        "down": gettext("Move down: %(title)s"),
        "change": gettext("Change: %(title)s"),
        "motion": conditional_escape(gettext("Motion")),
        "election": conditional_escape(gettext("Election")),
        "remove?": conditional_escape(gettext("Remove this item from the agenda?")),
        "remove": conditional_escape(gettext("Remove")),
    }


def _csrf(context) -> str:
    """``{% csrf_token %}``, written once per page."""
    made = context.render_context.get(_csrf)
    if made is None:
        made = context.render_context[_csrf] = CsrfTokenNode().render(context)
    return made


def _move(url: str, csrf: str, label: str, icon: str) -> str:
    return (
        f'\n          <form method="post" action="{url}" data-hx-post="{url}" '
        f'data-hx-target="#agenda" data-hx-swap="outerHTML">{csrf}\n            '
        f'<button class="btn btn-sm btn-outline-secondary" type="submit" aria-label="{label}">'
        f"{icon}</button>\n          </form>\n          "
    )


@register.simple_tag(takes_context=True)
def item_buttons(context, item, first: bool, last: bool) -> SafeString:
    """Move the item up (not the first) or down (not the last), change it."""
    up, down, edit = _links("governance:item_up", "governance:item_down", "governance:item_edit")
    texts = _texts(get_language())
    csrf = _csrf(context)
    title = {"title": conditional_escape(item.title)}
    pk = item.pk
    html = '<div class="d-flex align-items-start gap-1 flex-shrink-0" data-testid="item-buttons">'
    html += "\n          "
    if not first:
        html += _move(escape(up(pk)), csrf, texts["up"] % title, icon_html("arrow-up"))
    html += "\n          "
    if not last:
        html += _move(escape(down(pk)), csrf, texts["down"] % title, icon_html("arrow-down"))
    html += (
        f'\n          <a class="btn btn-sm btn-outline-secondary" href="{escape(edit(pk))}" '
        f'aria-label="{texts["change"] % title}">{icon_html("pencil")}</a>\n        </div>'
    )
    return mark_safe(html)  # the title and the links escaped, the texts escaped once


@register.simple_tag(takes_context=True)
def item_head(context, item, loop: dict, can_change: bool) -> SafeString:
    """An agenda item's card opened: its number and title, its buttons for those who change
    the agenda, its description."""
    html = (
        f'<li class="card mb-2" id="item-{item.pk}"><div class="card-body">\n'
        '      <div class="d-flex justify-content-between align-items-start gap-2">\n'
        f'        <h3 class="h5 mb-1"><span class="text-body-secondary">{loop["counter"]}.</span> '
        f"{conditional_escape(item.title)}</h3>\n        "
    )
    if can_change:
        html += "\n        " + item_buttons(context, item, loop["first"], loop["last"])
        html += "\n        "
    html += "\n      </div>\n      "
    if item.description:
        html += (
            '<p class="mb-2 small text-body-secondary">'
            f"{linebreaksbr(item.description, autoescape=True)}</p>"
        )
    return mark_safe(html)  # the title and description escaped


@register.simple_tag(takes_context=True)
def item_additions(context, item) -> SafeString:
    """Add a motion or an election to the item; remove it while it holds neither."""
    motion_add, election_add, delete = _links(
        "governance:motion_add", "governance:election_add", "governance:item_delete"
    )
    texts = _texts(get_language())
    plus = icon_html("plus")
    pk = item.pk
    html = (
        '<div class="d-flex gap-2 mt-1">\n          <a class="btn btn-sm btn-link px-0" '
        f'href="{escape(motion_add(pk))}">{plus} {texts["motion"]}</a>\n          '
        f'<a class="btn btn-sm btn-link" href="{escape(election_add(pk))}">{plus} '
        f"{texts['election']}</a>\n          "
    )
    if not item.motions.all() and not item.elections.all():
        html += (
            f'\n          <form method="post" action="{escape(delete(pk))}" '
            f'data-confirm="{texts["remove?"]}">{_csrf(context)}<button '
            f'class="btn btn-sm btn-link text-danger" type="submit">{texts["remove"]}</button>'
            "</form>\n          "
        )
    return mark_safe(html + "\n        </div>")  # escaped piece by piece above


@functools.lru_cache(maxsize=16)
def _motion_texts(language: str | None) -> dict[str, str]:
    """The motion's buttons' texts, escaped as ``{% translate %}`` escapes them."""
    texts = {
        "secret": "secret ballot",
        "open": "Open the vote",
        "amend": "Amend",
        "change": "Change",
        "rule": "Share-out rule",
        "postpone": "Postpone",
        "withdraw?": "Withdraw this motion?",
        "withdraw": "Withdraw",
        "ask?": "Ask for a secret ballot on this motion?",
        "ask": "Ask for a secret ballot",
    }
    return {key: conditional_escape(gettext(text)) for key, text in texts.items()}


@register.simple_tag(takes_context=True)
def motion_actions(context, motion, item) -> SafeString:
    """A motion's buttons while it waits for its vote: open the vote (the chair, the meeting
    in progress), amend, change, postpone or withdraw it (who plans the meeting), ask for a
    secret ballot (a member), as the template wrote them."""
    if motion.status != "draft" or context["meeting"].is_closed:
        return mark_safe("")
    texts = _motion_texts(get_language())
    csrf = _csrf(context)
    pk = motion.pk
    secret_asked = motion.secret_requested_by_id is not None
    html = "\n              "
    if context.get("can_run_meeting"):
        (vote_open,) = _links("governance:motion_vote_open")
        if secret_asked:
            secrecy = '<input type="hidden" name="secret" value="1">'
        else:
            secrecy = (
                '\n                  <div class="form-check mb-0"><input class="form-check-input" '
                f'type="checkbox" name="secret" value="1" id="secret-{pk}"><label '
                f'class="form-check-label small" for="secret-{pk}">{texts["secret"]}</label></div>'
            )
        html += (
            f'\n                <form method="post" action="{escape(vote_open(pk))}" '
            f'class="d-flex gap-2 align-items-center">{csrf}\n                  {secrecy}'
            '\n                  <button class="btn btn-sm btn-warning" type="submit">'
            f"{icon_html('hand-index')} {texts['open']}</button>\n                </form>"
            "\n              "
        )
    html += "\n              "
    if context.get("can_plan"):
        add, edit, rule, postpone, withdraw = _links(
            "governance:motion_add",
            "governance:motion_edit",
            "governance:share_out_rule_edit",
            "governance:motion_postpone",
            "governance:motion_withdraw",
        )
        button = '<a class="btn btn-sm btn-outline-secondary" href="{}">{}</a>'
        html += "\n                "
        if not motion.amends_id:
            html += button.format(f"{escape(add(item.pk))}?amends={pk}", texts["amend"])
        html += "\n                " + button.format(escape(edit(pk)), texts["change"])
        html += "\n                "
        if motion.topic == "share_out" and not motion.amends_id:
            html += button.format(escape(rule(pk)), texts["rule"])
        html += (
            f'\n                <form method="post" action="{escape(postpone(pk))}">{csrf}'
            '<button class="btn btn-sm btn-outline-secondary" type="submit">'
            f'{texts["postpone"]}</button></form>\n                <form method="post" '
            f'action="{escape(withdraw(pk))}" data-confirm="{texts["withdraw?"]}">{csrf}'
            '<button class="btn btn-sm btn-outline-secondary" type="submit">'
            f"{texts['withdraw']}</button></form>\n              "
        )
    html += "\n              "
    if context.get("is_member") and not secret_asked:
        (ask,) = _links("governance:motion_request_secret")
        html += (
            f'\n                <form method="post" action="{escape(ask(pk))}" '
            f'data-confirm="{texts["ask?"]}">{csrf}<button class="btn btn-sm '
            f'btn-outline-secondary" type="submit">{icon_html("incognito")} {texts["ask"]}'
            "</button></form>\n              "
        )
    return mark_safe(html + "\n            ")  # the links escaped, the texts escaped once


# The meeting's own buttons, each in its text escaped as ``{% translate %}`` escapes it.
_MEETING_TEXTS = (
    "Change",
    "Send the convocation with the agenda to every member by email?",
    "Send the convocation again",
    "Send the convocation",
    "Open the meeting",
    "Attendance and proxies",
    "Write the minutes",
    "Printable convocation",
    "Minutes",
    "Results (CSV)",
    "Close the meeting? Motions not voted will be postponed.",
    "Close the meeting",
)


@functools.lru_cache(maxsize=16)
def _meeting_texts(language: str | None) -> dict[str, str]:
    return {text: conditional_escape(gettext(text)) for text in _MEETING_TEXTS}


@register.simple_tag(takes_context=True)
def meeting_buttons(context) -> SafeString:
    """The meeting page's buttons, each as the right to it allows, as the template wrote
    them."""
    meeting = context["meeting"]
    pk = meeting.pk
    t = _meeting_texts(get_language())
    (
        edit,
        convene,
        start,
        attendance,
        minutes_edit,
        convocation,
        minutes,
        results,
        close,
    ) = (
        escape(link(pk))
        for link in _links(
            "governance:meeting_edit",
            "governance:meeting_convene",
            "governance:meeting_open",
            "governance:attendance",
            "governance:minutes_edit",
            "governance:meeting_convocation",
            "governance:minutes_detail",
            "governance:results_csv",
            "governance:meeting_close",
        )
    )
    html = '<div class="d-flex flex-wrap gap-2 my-3">\n  '
    if context.get("can_change_agenda"):
        again = "Send the convocation again" if meeting.convened_at else "Send the convocation"
        html += (
            f'\n    <a class="btn btn-sm btn-outline-secondary" href="{edit}">'
            f'{icon_html("pencil")} {t["Change"]}</a>\n    <form method="post" '
            f'action="{convene}" data-confirm="{t[_MEETING_TEXTS[1]]}">{_csrf(context)}\n      '
            '<button class="btn btn-sm btn-outline-primary" type="submit">'
            f"{icon_html('envelope')} {t[again]}</button>\n    </form>\n  "
        )
    html += "\n  "
    if context.get("can_open_meeting"):
        html += (
            f'\n    <form method="post" action="{start}">{_csrf(context)}\n      <button '
            f'class="btn btn-sm btn-success" type="submit">{icon_html("play-fill")} '
            f"{t['Open the meeting']}</button>\n    </form>\n  "
        )
    html += "\n  "
    if context.get("can_record_attendance"):
        html += (
            f'\n    <a class="btn btn-sm btn-outline-primary" href="{attendance}">'
            f"{icon_html('person-check')} {t['Attendance and proxies']}</a>\n  "
        )
    html += "\n  "
    if context.get("can_write_minutes"):
        html += (
            f'\n    <a class="btn btn-sm btn-outline-primary" href="{minutes_edit}">'
            f"{icon_html('pencil-square')} {t['Write the minutes']}</a>\n  "
        )
    html += (
        f'\n  <a class="btn btn-sm btn-outline-secondary" href="{convocation}" '
        f'data-testid="printable-convocation">{icon_html("printer")} '
        f'{t["Printable convocation"]}</a>\n  <a class="btn btn-sm btn-outline-secondary" '
        f'href="{minutes}">{icon_html("file-text")} {t["Minutes"]}</a>\n  '
        f'<a class="btn btn-sm btn-outline-secondary" href="{results}">'
        f"{icon_html('filetype-csv')} {t['Results (CSV)']}</a>\n  "
    )
    if context.get("can_run_meeting"):
        html += (
            f'\n    <form method="post" action="{close}" data-confirm="{t[_MEETING_TEXTS[10]]}">'
            f'{_csrf(context)}\n      <button class="btn btn-sm btn-outline-danger" '
            f'type="submit">{icon_html("stop-fill")} {t["Close the meeting"]}</button>\n'
            "    </form>\n  "
        )
    return mark_safe(html + "\n</div>")  # the links escaped, the texts escaped once


@register.filter
def motion_summary(motion) -> str:
    """The vote and result of a motion in one sentence (its ballots prefetched)."""
    return motion_result_sentence(motion_record(motion))


STATUS_CLASSES = {
    "planned": "text-bg-secondary",
    "in_progress": "text-bg-success",
    "closed": "text-bg-dark",
    "draft": "text-bg-light border",
    "open": "text-bg-warning",
    "adopted": "text-bg-success",
    "rejected": "text-bg-danger",
    "withdrawn": "text-bg-secondary",
    "postponed": "text-bg-info",
    "voting": "text-bg-warning",
    "decided": "text-bg-success",
    "applied": "text-bg-primary",
    "approved": "text-bg-success",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "text-bg-light")


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
    printable = conditional_escape(gettext("Printable convocation"))
    cards = []
    for meeting in convocations:
        title = gettext("Convocation: %(title)s") % {"title": conditional_escape(meeting["title"])}
        when = conditional_escape(date(template_localtime(meeting["starts_at"]), "l j F, H:i"))
        place = f" · {conditional_escape(meeting['place'])}" if meeting["place"] else ""
        agenda = "".join(f"<li>{conditional_escape(item)}</li>" for item in meeting["agenda"])
        cards.append(
            '\n    <div class="card border-primary mb-2" data-testid="convocation-card">'
            '\n      <div class="card-body py-2">'
            f'\n        <h3 class="h6 mb-1">{envelope} {title}</h3>'
            f'\n        <p class="mb-1 small">{when}{place}</p>'
            f'\n        <ol class="small mb-1">{agenda}</ol>'
            f'\n        <a class="small" href="{conditional_escape(meeting["convocation_url"])}">'
            f"{printable}</a>\n      </div>\n    </div>\n  "
        )
    return mark_safe("".join(cards))


# A meeting of a dashboard's list (``governance.queries.sql.meeting_row``'s dictionaries), as
# the row partial ``governance/meeting_list.html#row`` writes it.
_MEETING_ROW = (
    '\n<a class="list-group-item list-group-item-action d-flex justify-content-between'
    ' align-items-start gap-2" href="{url}">'
    '\n  <span>\n    <span class="fw-semibold">{title}</span><br>'
    '\n    <span class="small text-body-secondary">{when}{place}{committee}</span>'
    '\n  </span>\n  <span class="badge {badge}">{status}</span>\n</a>\n'
)


@functools.lru_cache(maxsize=1024)
def _moment_text(moment, style: str, _zone: str, _language: str | None) -> str:
    """An aware date and time as the template's ``date`` filter writes it (in the current
    time zone), escaped; once per process, zone and language."""
    return escape_text(date(template_localtime(moment), style))


@register.simple_tag
def meeting_rows(meetings) -> SafeString:
    """The meetings of the dashboards' governance panel, written as the template loop of the
    row partial wrote them (its url, filters and conditions cost the template some three
    hundred Python calls a row). tests/governance/test_dashboard_panel_rows.py renders the
    former loop beside it."""
    link, zone, language = (
        pk_url("governance:meeting_detail"),
        get_current_timezone_name(),
        get_language(),
    )
    return mark_safe(  # every text in it is escaped
        "".join(
            _MEETING_ROW.format(
                url=escape_text(link(meeting["pk"])),
                title=escape_text(meeting["title"]),
                when=_moment_text(meeting["starts_at"], "l j F, H:i", zone, language),
                place=f" · {escape_text(meeting['place'])}" if meeting["place"] else "",
                committee=f" · {escape_text(meeting['committee'])}" if meeting["committee"] else "",
                badge=escape_text(status_class(meeting["status"])),
                status=escape_text(meeting["get_status_display"]),
            )
            for meeting in meetings
        )
    )


@functools.lru_cache(maxsize=16)
def _consultation_texts(language: str | None) -> dict[str, str]:
    return {
        "icon": icon_html("chat-square-dots"),
        "answered": escape_text(gettext("answered")),
        "give": escape_text(gettext("give my position")),
    }


@register.simple_tag(takes_context=True)
def consultation_alerts(context, consultations) -> SafeString:
    """The open consultations of the dashboards' governance panel (dictionaries: pk, title,
    closes_at and, for the leaders, answered), written as the template loop wrote them: its
    link, whether answered, else "give my position" for a member or the closing day."""
    if not consultations:
        return ""
    link, zone, language = (
        pk_url("governance:consultation_detail"),
        get_current_timezone_name(),
        get_language(),
    )
    texts = _consultation_texts(language)
    is_member = getattr(context.get("user"), "is_member", False)
    alerts = []
    for consultation in consultations:
        answered = consultation.get("answered")
        if answered:
            state = texts["answered"]
        elif is_member:
            state = texts["give"]
        else:
            day = _moment_text(consultation["closes_at"], "j N", zone, language)
            state = gettext("until %(day)s") % {"day": day}
        alerts.append(
            '\n    <a class="alert '
            f"{'alert-light border' if answered else 'alert-warning'}"
            ' d-flex justify-content-between gap-2 mb-2 text-decoration-none"'
            f' href="{escape_text(link(consultation["pk"]))}">'
            f"\n      <span>{texts['icon']} {escape_text(consultation['title'])}</span>"
            f'\n      <span class="small text-nowrap">{state}</span>\n    </a>\n  '
        )
    return mark_safe("".join(alerts))  # every text in it is escaped
