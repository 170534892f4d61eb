from __future__ import annotations

from django import template
from django.template.defaultfilters import date
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from cjs.templatetags.icons import icon_html
from governance.minutes import motion_result_sentence
from governance.queries import motion_record

register = template.Library()


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
