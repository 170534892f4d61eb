"""The members' jobs as iCalendar (RFC 5545): a private feed per member, and one job as a
``.ics`` file. Built with the ``icalendar`` library; times carry the site's time zone."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from services.models import Claim, JobStatus

PRODUCT_ID = "-//CJS//Chantiers//FR"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "cjs.local"


def job_event(claim: Claim, *, teammates: Iterable[str] = ()) -> Event:
    """One job of a member as a VEVENT (a cancelled job stays, marked cancelled, so that
    calendar apps remove it)."""
    job = claim.job
    event = Event()
    event.add("uid", f"job-{job.pk}-member-{claim.member_id}@{_host()}")
    event.add("dtstamp", timezone.now())
    event.add("last-modified", job.updated_at)
    event.add("sequence", job.revision)
    event.add("dtstart", timezone.localtime(job.starts))
    event.add("dtend", timezone.localtime(job.ends))
    event.add("summary", f"{job.service.name} – {job.town_name}")
    event.add("location", f"{job.address}, {job.postal_code} {job.town_name}")
    lines = []
    names = ", ".join(teammates)
    if names:
        lines.append(_("Team: %(names)s") % {"names": names})
    if job.notes:
        lines.append(job.notes)
    if lines:
        event.add("description", "\n".join(lines))
    event.add(
        "status",
        "CANCELLED" if job.status == JobStatus.CANCELLED or not claim.is_approved else "CONFIRMED",
    )
    event.add("url", settings.SITE_URL + reverse("services:job_detail", args=[job.pk]))
    return event


def calendar_of(claims: Iterable[Claim], *, name: str, team: dict | None = None) -> bytes:
    """A VCALENDAR of these claims; ``team`` maps a job id to the first names on its team."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for claim in claims:
        calendar.add_component(job_event(claim, teammates=(team or {}).get(claim.job_id, ())))
    calendar.add_missing_timezones()
    return calendar.to_ical()
