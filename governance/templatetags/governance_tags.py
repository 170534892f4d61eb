from __future__ import annotations

import functools
from collections.abc import Callable

from django import template
from django.template.defaultfilters import capfirst, date, linebreaksbr
from django.template.defaulttags import CsrfTokenNode
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext

from cjs.escaping import escape
from cjs.links import fixed_url, pk_url, pk_urls
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


def _links(context, *names: str) -> list[Callable[[object], str]]:
    """``pk_url`` of each of ``names``, read once per page (``pk_url`` reads the script
    prefix and the URL configuration at each call: the agenda asks for the same links at
    every item and motion)."""
    key = (_links, names)
    links = context.render_context.get(key)
    if links is None:
        links = context.render_context[key] = pk_urls(*names)
    return links


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
        "motion": escape(gettext("Motion")),
        "election": escape(gettext("Election")),
        "remove?": escape(gettext("Remove this item from the agenda?")),
        "remove": escape(gettext("Remove")),
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
    up, down, edit = _links(
        context, "governance:item_up", "governance:item_down", "governance:item_edit"
    )
    texts = _texts(get_language())
    csrf = _csrf(context)
    title = {"title": escape(item.title)}
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
        f"{escape(item.title)}</h3>\n        "
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
        context, "governance:motion_add", "governance:election_add", "governance:item_delete"
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
    return {key: escape(gettext(text)) for key, text in texts.items()}


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
        (vote_open,) = _links(context, "governance:motion_vote_open")
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
            context,
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
        (ask,) = _links(context, "governance:motion_request_secret")
        html += (
            f'\n                <form method="post" action="{escape(ask(pk))}" '
            f'data-confirm="{texts["ask?"]}">{csrf}<button class="btn btn-sm '
            f'btn-outline-secondary" type="submit">{icon_html("incognito")} {texts["ask"]}'
            "</button></form>\n              "
        )
    return mark_safe(html + "\n            ")  # the links escaped, the texts escaped once


@functools.lru_cache(maxsize=16)
def _motion_card_texts(language: str | None) -> dict[str, str]:
    """The texts of a motion's card as ``{% translate %}`` and ``{% blocktranslate %}`` write
    them: not escaped (a template's own texts are safe), only the names put in them are."""
    texts = {
        "amendment": "Amendment:",
        "motion": "Motion:",
        "share_out": "Share-out",
        "my_share": "My share",
        "not_merged": (
            "The motion's text changed since this amendment was written, so it was not "
            "written into the motion."
        ),
        "rewrite": "Rewrite the motion with this amendment",
        "in_progress": "Vote in progress",
        "result": "Result",
    }
    return {
        **{key: gettext(text) for key, text in texts.items()},
        "proposed": gettext("Proposed by %(name)s"),
        "secret": gettext("secret ballot asked by %(name)s"),
    }


@register.simple_tag(takes_context=True)
def motion_cards(context, item) -> SafeString:
    """The cards of an item's motions (read with the agenda, ``meeting_items``): title,
    status, text, the share-out rule put to the vote, who proposed it, its result, its
    ballots and its buttons (``motion_actions``), as the template loop wrote them (the loop
    cost the meeting page more than a thousand Python calls a motion).
    tests/governance/test_motion_cards.py renders the former loop beside this tag."""
    motions = item.motions.all()
    if not motions:
        return mark_safe("")
    texts = _motion_card_texts(get_language())
    share_out, my_share, motion_edit, ballot_detail = _links(
        context,
        "finance:share_out_season",
        "finance:my_share_out_season",
        "governance:motion_edit",
        "governance:ballot_detail",
    )
    return mark_safe(
        "".join(
            _motion_card(
                context, motion, item, texts, share_out, my_share, motion_edit, ballot_detail
            )
            for motion in motions
        )
    )


def _motion_card(context, motion, item, texts, share_out, my_share, motion_edit, ballot_detail):
    amends = motion.amends_id is not None
    html = (
        '\n        <div class="border rounded p-2 mb-2 '
        f'{"ms-3 border-start border-3" if amends else ""}">'
        '\n          <div class="d-flex justify-content-between gap-2">'
        f"\n            <strong>{texts['amendment'] if amends else texts['motion']} "
        f"{escape(motion.title)}</strong>"
        f'\n            <span class="badge {escape(status_class(motion.status))} align-self-start">'
        f"{escape(motion.get_status_display())}</span>"
        "\n          </div>"
        f'\n          <p class="mb-1 small">{linebreaksbr(motion.text, autoescape=True)}</p>'
        "\n          "
    )
    if motion.topic == "share_out" and not amends:
        html += _share_out_rule(context, getattr(motion, "share_out_rule", None))
        html += "\n            "
        if motion.status == "adopted":
            html += '<p class="mb-1 small">'
            if "keep_accounts" in context.get("capabilities", ()):
                season = context["meeting"].season_id
                html += (
                    f'<a href="{escape(share_out(season))}">{icon_html("pie-chart")} '
                    f"{texts['share_out']}</a>"
                )
            elif getattr(context.get("user"), "is_member", False):
                season = context["meeting"].season_id
                html += (
                    f'<a href="{escape(my_share(season))}">{icon_html("pie-chart")} '
                    f"{texts['my_share']}</a>"
                )
            html += "</p>"
        html += "\n          "
    html += "\n          "
    if context.get("can_change_agenda") and motion.awaits_rewrite:
        html += (
            '\n            <p class="small alert alert-warning py-1 px-2 mb-1" '
            f'data-testid="amendment-not-merged">{texts["not_merged"]}'
            f'\n              <a href="{escape(motion_edit(motion.amends_id))}?amendment='
            f'{motion.pk}">{texts["rewrite"]}</a></p>\n          '
        )
    html += '\n          <p class="mb-1 small text-body-secondary">\n            '
    if motion.proposer is not None:
        html += texts["proposed"] % {"name": escape(str(motion.proposer))} + " · "
    html += escape(capfirst(motion.get_majority_display())) + "\n            "
    if motion.secret_requested_by is not None:
        name = escape(str(motion.secret_requested_by))
        html += f" · {icon_html('incognito')} " + texts["secret"] % {"name": name}
    html += "\n          </p>\n          "
    if motion.is_decided:
        html += f'<p class="mb-1 small fw-semibold">{escape(motion_summary(motion))}</p>'
    html += '\n          <div class="d-flex flex-wrap gap-2">\n            '
    for ballot in motion.ballots.all():
        label = texts["in_progress"] if ballot.is_open else texts["result"]
        html += (
            '<a class="btn btn-sm btn-outline-secondary" '
            f'href="{escape(ballot_detail(ballot.pk))}">{label}</a>'
        )
    html += "\n            " + motion_actions(context, motion, item)
    return html + "\n          </div>\n        </div>\n      "


def _share_out_rule(context, rule) -> str:
    """``{% include "governance/_share_out_rule.html" with rule=rule %}``."""
    template = context.template.engine.get_template("governance/_share_out_rule.html")
    with context.push(rule=rule or ""):
        return template.render(context)


@functools.lru_cache(maxsize=16)
def _meeting_head_texts(language: str | None) -> dict[str, str]:
    """As ``{% translate %}`` and ``{% blocktranslate %}`` write them (not escaped)."""
    return {
        "breadcrumb": gettext("Breadcrumb"),
        "meetings": gettext("Meetings"),
        "chair": gettext("Chair: <strong>%(name)s</strong>"),
        "secretary": gettext("Secretary: <strong>%(name)s</strong>"),
    }


@register.simple_tag(takes_context=True)
def meeting_head(context) -> SafeString:
    """The meeting page's head: the way back to the meetings, the meeting's title, body, start,
    place, chair, secretary and status, as the template wrote them (its tags and filters cost
    the page some nine hundred Python calls). tests/governance/test_agenda_buttons.py renders
    the former template beside it."""
    meeting = context["meeting"]
    texts = _meeting_head_texts(get_language())
    committee = meeting.committee
    body = str(committee) if committee is not None else capfirst(meeting.get_kind_display())
    when = date(template_localtime(meeting.starts_at), "l j F Y, H:i")
    place = f" · {escape(meeting.place)}" if meeting.place else ""
    chair = escape(str(meeting.chair)) if meeting.chair is not None else "—"
    secretary = escape(str(meeting.secretary)) if meeting.secretary is not None else "—"
    return mark_safe(
        f'<nav aria-label="{texts["breadcrumb"]}" class="mb-2"><a href="'
        f'{escape(fixed_url("governance:meeting_list"))}">{icon_html("arrow-left")} '
        f"{texts['meetings']}</a></nav>"
        '\n<div class="d-flex flex-wrap justify-content-between align-items-start gap-2 mb-2">'
        "\n  <div>"
        f'\n    <h1 class="h2 mb-1">{escape(meeting.title)}</h1>'
        '\n    <p class="mb-0 text-body-secondary">'
        f"\n      {escape(body)}"
        f"\n      · {escape(when)}{place}"
        "\n    </p>"
        '\n    <p class="mb-0 small">'
        f"\n      {texts['chair'] % {'name': chair}} ·"
        f"\n      {texts['secretary'] % {'name': secretary}}"
        "\n    </p>"
        "\n  </div>"
        f'\n  <span class="badge fs-6 {escape(status_class(meeting.status))}" '
        f'data-testid="meeting-status">{escape(meeting.get_status_display())}</span>'
        "\n</div>"
    )


@register.simple_tag
def election_cards(item) -> SafeString:
    """The cards of an item's elections (read with the agenda, ``meeting_items``): title,
    status, seats and candidates, as the template loop wrote them.
    tests/governance/test_agenda_buttons.py renders the former loop beside this tag."""
    elections = item.elections.all()
    if not elections:
        return mark_safe("")
    (detail,) = pk_urls("governance:election_detail")
    # The texts as ``{% translate %}`` and ``_("...")`` give them: a template's own texts
    # are safe, not escaped.
    nobody = gettext("no candidate yet")
    elected = " " + icon_html(
        "check-circle-fill", label=mark_safe(gettext("elected")), css_class="text-success"
    )
    cards = []
    for election in elections:
        seats = ngettext("%(seats)s seat", "%(seats)s seats", election.seats) % {
            "seats": escape(localize(election.seats))
        }
        names = ", ".join(
            [
                escape(str(candidate)) + (elected if candidate.elected else "")
                for candidate in election.candidates.all()
            ]
        )
        cards.append(
            '\n        <div class="border rounded p-2 mb-2">'
            '\n          <div class="d-flex justify-content-between gap-2">'
            f'\n            <a class="fw-semibold" href="{escape(detail(election.pk))}">'
            f"{icon_html('person-badge')} {escape(election.title)}</a>"
            f'\n            <span class="badge {escape(status_class(election.status))} '
            f'align-self-start">{escape(election.get_status_display())}</span>'
            "\n          </div>"
            '\n          <p class="mb-0 small text-body-secondary">'
            f"\n            {seats} ·\n            {names or nobody}"
            "\n          </p>"
            "\n        </div>\n      "
        )
    return mark_safe("".join(cards))


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
    return {text: escape(gettext(text)) for text in _MEETING_TEXTS}


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
            context,
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
