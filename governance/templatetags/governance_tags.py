from __future__ import annotations

from django import template

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
