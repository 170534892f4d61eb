"""Sentences describing a request's history, for the leaders' log and the resident's timeline.

Described when shown, in the reader's language, from the facts each event keeps; the
resident's version never names members or leaders ("the cooperative").
"""

from __future__ import annotations

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from cjs.formatting import format_money
from members.models import Cooperative
from services.models import EventKind, RequestEvent

K = EventKind


def _when(event: RequestEvent) -> str:
    day, start, end = event.job_date, event.job_starts_at, event.job_ends_at
    if not (day and start and end):
        return ""
    return _("%(date)s, %(start)s – %(end)s") % {
        "date": date_format(day, "l j F"),
        "start": time_format(start, "H:i"),
        "end": time_format(end, "H:i"),
    }


def describe(event: RequestEvent, *, for_resident: bool, cooperative: Cooperative) -> str:
    amount = ""
    if event.amount is not None:
        amount = format_money(
            event.amount, cooperative.currency, region=cooperative.babel_locale_suffix
        )
    facts = {"amount": amount, "when": _when(event), "average": event.data.get("average", "")}
    kind = event.kind
    if for_resident:
        texts = {
            K.SUBMITTED: _("You sent your request."),
            K.QUOTED: _("The cooperative sent you a quote: %(amount)s."),
            K.QUOTE_ACCEPTED: _("You accepted the quote."),
            K.QUOTE_DECLINED: _("You declined the quote."),
            K.DECLINED: _("The cooperative cannot take on your request."),
            K.CANCELLED: _("You cancelled your request.")
            if event.by_resident
            else _("The cooperative cancelled your request."),
            K.JOB_PLANNED: _("Work planned: %(when)s."),
            K.JOB_CHANGED: _("The work is now planned: %(when)s."),
            K.JOB_STAFFED: _("The team is ready for %(when)s."),
            K.JOB_DONE: _("Work done: %(when)s."),
            K.JOB_CANCELLED: _("The work planned %(when)s is cancelled."),
            K.RATED: _("You told us how it went. Thank you!"),
        }
    else:
        texts = {
            K.SUBMITTED: _("Request received from the form."),
            K.NOTE: _("Note"),
            K.QUOTED: _("Quote sent: %(amount)s."),
            K.QUOTE_ACCEPTED: _("The resident accepted the quote (%(amount)s)."),
            K.QUOTE_DECLINED: _("The resident declined the quote (%(amount)s)."),
            K.DECLINED: _("Request declined."),
            K.CANCELLED: _("The resident cancelled the request.")
            if event.by_resident
            else _("Request cancelled for the resident."),
            K.JOB_PLANNED: _("Job planned: %(when)s."),
            K.JOB_CHANGED: _("Job changed: %(when)s."),
            K.JOB_STAFFED: _("Team complete for %(when)s."),
            K.JOB_REOPENED: _("The job of %(when)s needs members again."),
            K.JOB_DONE: _("Job done: %(when)s."),
            K.JOB_CANCELLED: _("Job cancelled: %(when)s."),
            K.RATED: _("Satisfaction form received: %(average)s / 5."),
        }
    text = texts.get(kind)
    if text is None:
        return event.get_kind_display()
    return text % facts
