"""``{% job_cards cards %}`` and ``{% job_card card %}``: the job board's cards
(``services.queries.Card``, dressed), written in Python as ``_job_card.html`` wrote them (an
included card cost the template about a thousand Python calls: its conditions, filters and
translations, for each card of a page). tests/services/test_job_card_tag.py renders the
former template beside them, card by card."""

from __future__ import annotations

import functools

from django import template
from django.template.defaultfilters import time as time_filter
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext

from cjs.escaping import escape
from cjs.formatting import format_money
from cjs.templatetags.cjs_tags import hours
from cjs.templatetags.icons import icon_html

register = template.Library()


_FORM = (
    '<form method="post" action="{url}" data-hx-post="{url}" data-hx-target="closest .job-card"'
    ' data-hx-swap="outerHTML"'
)


@register.simple_tag(takes_context=True)
def job_cards(context: template.Context, cards) -> SafeString:
    """The cards of a page of the board, one after the other."""
    write = _CardWriter(context)
    return mark_safe("".join(write(card) for card in cards))  # escaped by ``_CardWriter``


@register.simple_tag(takes_context=True)
def job_card(context: template.Context, card) -> SafeString:
    """One card (after a tap, on a job's page)."""
    return mark_safe(_CardWriter(context)(card))  # escaped by ``_CardWriter``


@functools.lru_cache(maxsize=8)
def _texts(_language: str) -> dict[str, str]:
    """The cards' fixed texts in the active language (``{% translate %}`` leaves them
    unescaped: they are the catalogue's), once per process and language."""
    # Each a gettext of its own: makemessages finds the texts here.
    return {
        "Every seat is asked for": gettext("Every seat is asked for"),
        "Open to you first": gettext("Open to you first"),
        "Asked: waiting for approval": gettext("Asked: waiting for approval"),
        "Withdraw": gettext("Withdraw"),
        "You are on the team": gettext("You are on the team"),
        "Not retained": gettext("Not retained"),
        "I'll take the seat": gettext("I'll take the seat"),
        "Someone already offered to take it.": gettext("Someone already offered to take it."),
        "I'll take it": gettext("I'll take it"),
        "Look again later: a seat may free up.": gettext("Look again later: a seat may free up."),
        "%(name)s can't make it: take the seat?": gettext("%(name)s can't make it: take the seat?"),
        "Open to everyone from %(time)s": gettext("Open to everyone from %(time)s"),
    }


@functools.lru_cache(maxsize=64)
def _seats_left(seats: int, _language: str) -> str:
    return ngettext("%(seats)s seat left", "%(seats)s seats left", seats) % {"seats": seats}


class _CardWriter:
    """What the cards of one page share (the member may tap, the CSRF field, the feedback
    after a tap) and how a card is written."""

    def __init__(self, context: template.Context) -> None:
        self.context = context
        user = context.get("user")
        self.tappable = bool(user is not None and user.is_member and context.get("writable"))
        self._csrf: str | None = None
        self.language = get_language()
        self.texts = _texts(self.language)
        # ``{% money %}``: the cooperative's currency, the page's language (read once).
        cooperative = context.get("cooperative")
        self.money = functools.partial(
            format_money,
            **(
                {"currency": cooperative.currency, "region": cooperative.babel_locale_suffix}
                if cooperative
                else {}
            ),
            language=self.language,
        )
        feedback = context.get("feedback")
        self.feedback = ""
        if feedback:
            kind = "alert-success" if context.get("feedback_ok") else "alert-danger"
            self.feedback = (
                f'<div class="alert {kind} py-2 px-3 mt-2 mb-0 small" role="status"'
                f' data-testid="card-feedback">{escape(feedback)}</div>'
            )

    def csrf(self) -> str:
        if self._csrf is None:
            self._csrf = CsrfTokenNode().render(self.context)
        return self._csrf

    def __call__(self, card) -> str:
        e = escape
        job, claim = card.job, card.claim
        out = (card.refusal and not claim) or (claim is not None and claim.is_rejected)
        return (
            "\n\n"
            f'<article class="card job-card{" job-card-out" if out else ""}"'
            f' id="{e(card.dom_id)}" data-testid="job-card" data-job="{job.pk}">\n'
            '  <div class="card-body">\n'
            '    <div class="d-flex justify-content-between align-items-start gap-2">\n'
            f'      <h2 class="h5 mb-1"><a href="{e(card.detail_url)}">'
            f"{e(job.service.name)}</a></h2>\n"
            '      <span class="fw-semibold text-nowrap" data-testid="job-pay">'
            f"{e(self.money(card.pay))}</span>\n"
            "    </div>\n"
            f'    <div class="fw-semibold">{e(card.when)}</div>\n'
            '    <div class="small text-body-secondary">\n'
            f"      {icon_html('geo-alt')} {e(job.town_name)}\n"
            f"      · {e(hours(card.hours))} × {e(self.money(job.hourly_rate))}\n"
            f"      {e(card.skills)}\n"
            "    </div>\n"
            '    <div class="d-flex flex-wrap gap-1 mt-2">\n'
            f"      {self._badges(card)}\n"
            f"      {self._head_start(card)}\n"
            "    </div>\n"
            f"    {self.feedback}\n"
            f"    {self._actions(card) if self.tappable else ''}\n"
            "  </div>\n"
            "</article>\n\n"
        )

    def _badges(self, card) -> str:
        if card.replacement:
            name = escape(card.replacement.claim.member.first_name)
            text = self.texts["%(name)s can't make it: take the seat?"] % {"name": name}
            return (
                "\n"
                '        <span class="badge text-bg-info" data-testid="replacement-badge">'
                f"{text}</span>\n      "
            )
        if card.seats_left:
            text = _seats_left(card.seats_left, self.language)
            badge = (
                f'<span class="badge text-bg-success" data-testid="seats-left">{text}</span>\n'
                "        "
            )
        else:
            badge = (
                '<span class="badge text-bg-secondary" data-testid="seats-left">'
                f"{self.texts['Every seat is asked for']}</span>"
            )
        return f"\n        {badge}\n      "

    def _head_start(self, card) -> str:
        if not card.first_for_me:
            return ""
        moment = escape(time_filter(template_localtime(card.head_start_ends), "H:i"))
        title = self.texts["Open to everyone from %(time)s"] % {"time": moment}
        return (
            f'<span class="badge text-bg-warning" data-testid="head-start" title="{title}">'
            f"{icon_html('star-fill')} {self.texts['Open to you first']}</span>"
        )

    def _actions(self, card) -> str:
        return f'\n    <div class="mt-2">\n      {self._action(card)}\n    </div>\n    '

    def _action(self, card) -> str:
        e = escape
        claim = card.claim
        url = e(card.action_url)
        if claim and claim.is_pending:
            return (
                "\n"
                '        <div class="d-flex flex-wrap align-items-center gap-2">\n'
                '          <span class="badge text-bg-primary" data-testid="claim-status">'
                f"{icon_html('hourglass-split')} {self.texts['Asked: waiting for approval']}"
                "</span>\n"
                f"          {_FORM.format(url=url)}>\n"
                f"            {self.csrf()}\n"
                '            <button type="submit" class="btn btn-sm btn-outline-secondary">'
                f"{self.texts['Withdraw']}</button>\n"
                "          </form>\n"
                "        </div>\n      "
            )
        if claim and claim.is_approved:
            return (
                "\n"
                '        <span class="badge text-bg-success" data-testid="claim-status">'
                f"{icon_html('check-circle')} {self.texts['You are on the team']}</span>\n      "
            )
        if claim and claim.is_rejected:
            note = (
                f'<p class="small text-body-secondary mb-0 mt-1">{e(claim.decision_note)}</p>'
                if claim.decision_note
                else ""
            )
            return (
                "\n"
                '        <span class="badge text-bg-secondary" data-testid="claim-status">'
                f"{icon_html('x-circle')} {self.texts['Not retained']}</span>\n"
                f"        {note}\n      "
            )
        if card.refusal:
            if card.refused_now:
                kind, role, icon = "text-danger", ' role="alert"', "x-octagon"
            else:
                kind, role, icon = "text-body-secondary", "", "info-circle"
            return (
                "\n"
                f'        <p class="small mb-0 {kind}" data-testid="job-refusal"{role}>'
                f"{icon_html(icon)} {e(card.refusal)}</p>\n      "
            )
        if card.replacement:
            if card.seats_left:
                label = self.texts["I'll take the seat"]
                inner = (
                    "\n"
                    f"        {_FORM.format(url=url)}>\n"
                    f"          {self.csrf()}\n"
                    '          <button type="submit" class="btn btn-primary w-100">'
                    f"{label}</button>\n"
                    "        </form>\n        "
                )
            else:
                inner = (
                    '<p class="small text-body-secondary mb-0">'
                    f"{self.texts['Someone already offered to take it.']}</p>"
                )
            return f"\n        {inner}\n      "
        if card.seats_left:
            label = self.texts["I'll take it"]
            return (
                "\n"
                f"        {_FORM.format(url=url)} data-disable-on-submit>\n"
                f"          {self.csrf()}\n"
                '          <button type="submit" class="btn btn-primary w-100"'
                f' data-testid="claim-button">{label}</button>\n'
                "        </form>\n      "
            )
        return (
            "\n"
            '        <p class="small text-body-secondary mb-0">'
            f"{self.texts['Look again later: a seat may free up.']}</p>\n      "
        )
