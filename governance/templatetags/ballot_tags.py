"""``{% load ballot_tags %}``: the voting cards of an open ballot (``{% vote_card_list %}``),
the page an assembly's phones open at once."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import capfirst
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from cjs.escaping import escape
from cjs.links import pk_url
from governance.templatetags.governance_tags import _csrf

register = template.Library()


# The voting cards of an open ballot (the page an assembly's phones open at once, and the
# answer to each vote): in Python, as the template wrote them.
_CHOICE_CLASSES = {"yes": "success", "no": "danger"}


@register.simple_tag(takes_context=True)
def vote_card_list(context) -> SafeString:
    """``{% vote_card_list %}``: a card per voter of ``cards`` (themselves, the proxies they
    carry) with its buttons (a motion) or its candidates (an election), nothing once the
    ballot is closed."""
    ballot = context["ballot"]
    if not ballot.is_open:
        return mark_safe("")
    e = escape
    saved = context.get("saved")
    vote_url = pk_url("governance:ballot_vote")(ballot.pk)
    csrf = _csrf(context)
    written = []
    for card in context["cards"]:
        voter = card["voter"]
        if card["is_self"]:
            who = f"<strong>{e(gettext('My own vote'))}</strong>"
        else:
            who = gettext("For <strong>%(name)s</strong> (proxy)") % {"name": e(voter)}
        parts = [
            '<div class="card mb-2" data-testid="vote-card"><div class="card-body">\n'
            f'<p class="mb-2">{who}\n'
        ]
        if card["voted"]:
            parts.append(
                '<span class="badge text-bg-success ms-1" data-testid="voted">'
                f"{e(gettext('vote recorded'))}</span>"
            )
        parts.append("\n")
        if saved == voter.pk:
            parts.append(
                '<span class="visually-hidden" role="status">'
                f"{e(gettext('Your vote is recorded.'))}</span>"
            )
        parts.append("</p>\n")
        if ballot.secret and card["voted"]:
            text = gettext("Secret ballot: your paper is in the box and cannot be changed.")
            parts.append(f'<p class="small text-body-secondary mb-0">{e(text)}</p>\n')
        else:
            parts.append(
                f'<form method="post" action="{vote_url}" data-hx-post="{vote_url}" '
                f'data-hx-target="#vote" data-hx-swap="outerHTML">{csrf}\n'
                f'<input type="hidden" name="voter" value="{e(voter.pk)}">\n'
            )
            parts.append(
                _motion_buttons(context, card, ballot)
                if ballot.motion
                else _candidate_choices(context, card, ballot)
            )
            parts.append("</form>\n")
        parts.append("</div></div>")
        written.append("".join(parts))
    return mark_safe("\n".join(written))


def _motion_buttons(context, card, ballot) -> str:
    e = escape
    buttons = []
    for value, label in context["choices"]:
        pressed = value in card["choices"]
        colour = _CHOICE_CLASSES.get(value, "secondary")
        css = f"btn-{colour}" if pressed else f"btn-outline-{colour}"
        buttons.append(
            f'<button type="submit" name="choice" value="{e(value)}" class="btn btn-lg '
            f'flex-fill {css}" aria-pressed="{"true" if pressed else "false"}">'
            f"{e(capfirst(label))}</button>"
        )
    changed = ""
    if card["voted"] and not ballot.secret:
        text = e(gettext("You may change your vote until the vote closes."))
        changed = f'<p class="small text-body-secondary mt-2 mb-0">{text}</p>'
    return '<div class="d-grid gap-2 d-sm-flex">\n' + "\n".join(buttons) + f"\n</div>\n{changed}\n"


def _candidate_choices(context, card, ballot) -> str:
    e = escape
    most = ballot.max_choices
    legend = ngettext(
        "Choose %(max)s name, or none for a blank vote.",
        "Choose up to %(max)s names, or none for a blank vote.",
        most,
    ) % {"max": e(localize(most))}
    kind = "radio" if most == 1 else "checkbox"
    voter_pk = e(card["voter"].pk)
    rows = []
    for candidate in context["candidates"]:
        box = f"c{voter_pk}-{e(candidate.pk)}"
        checked = "checked" if candidate.pk in card["candidates"] else ""
        rows.append(
            f'<div class="form-check fs-5">\n<input class="form-check-input" type="{kind}" '
            f'name="candidate" value="{e(candidate.pk)}" id="{box}" {checked}>\n'
            f'<label class="form-check-label" for="{box}">{e(candidate)}</label>\n</div>'
        )
    cast = e(gettext("Cast this ballot"))
    return (
        f'<fieldset>\n<legend class="small">{legend}</legend>\n'
        + "\n".join(rows)
        + "\n</fieldset>\n"
        f'<button type="submit" class="btn btn-primary btn-lg mt-2">{cast}</button>\n'
    )
