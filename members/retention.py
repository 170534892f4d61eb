"""RGPD retention: what the cooperative forgets by itself, and when.

- the private facts of a member who left (date of birth, guardian, emergency contact, phone)
  at the end of the season after next (``settings.RETENTION_MEMBER_SEASONS`` = 2 seasons
  after their last one);
- a resident's contact data 12 months after their last job
  (``settings.RETENTION_RESIDENT_MONTHS``), by services' registered step;
- the security log of failed logins (the username typed, the address it came from) after
  ``settings.RETENTION_SECURITY_LOG_DAYS`` = 90 days.

``apply_retention(now)`` runs every step (the scheduler calls it daily;
``manage.py apply_retention --dry-run`` prints what it would do). Each step is idempotent.
"""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from members.actions.erasure import forget_private_facts, history_scrub
from members.models import MemberProfile, Season
from members.personal_data import retention_steps


def apply_retention(now: dt.datetime | None = None, *, dry_run: bool = False) -> list[str]:
    """Apply every retention rule as of ``now``; one line per person concerned."""
    now = now or timezone.now()
    lines = forget_departed_members(now, dry_run=dry_run)
    lines += forget_old_security_log(now, dry_run=dry_run)
    for step in retention_steps():
        lines += step(now, dry_run)
    return lines


def last_season_start_to_forget(seasons: list[Season], today: dt.date) -> dt.date | None:
    """The start of the latest season whose members who stopped there are forgotten by
    ``today``: the one ``RETENTION_MEMBER_SEASONS`` seasons before a season that has ended."""
    later = settings.RETENTION_MEMBER_SEASONS
    ordered = sorted(seasons, key=lambda season: season.starts_on)
    eligible = [
        season.starts_on
        for index, season in enumerate(ordered)
        if index + later < len(ordered) and ordered[index + later].ends_on < today
    ]
    return max(eligible, default=None)


def forget_departed_members(now: dt.datetime, *, dry_run: bool = False) -> list[str]:
    today = timezone.localdate(now)
    cutoff = last_season_start_to_forget(list(Season.objects.all()), today)
    if cutoff is None:
        return []
    departed = (
        MemberProfile.objects.filter(private_facts_forgotten_on__isnull=True)
        .annotate(last_season=Max("user__enrolments__season__starts_on"))
        .filter(last_season__lte=cutoff)
        .values("pk")
    )
    lines = []
    with transaction.atomic():
        profiles = MemberProfile.objects.filter(pk__in=departed, private_facts_forgotten_on=None)
        if not dry_run:
            profiles = profiles.select_for_update()
        for profile in profiles.select_related("user").order_by("pk"):
            lines.append(f"member {profile.user_id}: private facts forgotten")
            if not dry_run:
                forgotten = forget_private_facts(profile, today)
                profile.save(update_fields=forgotten)
                history_scrub(profile, forgotten)
    return lines


def forget_old_security_log(now: dt.datetime, *, dry_run: bool = False) -> list[str]:
    """Failed logins and lock-out counters (django-axes keeps the username typed and the
    address) older than ``RETENTION_SECURITY_LOG_DAYS``: long past any lock-out, no longer
    needed to see an attack."""
    cutoff = now - dt.timedelta(days=settings.RETENTION_SECURITY_LOG_DAYS)
    failures = AccessFailureLog.objects.filter(attempt_time__lt=cutoff)
    counters = AccessAttempt.objects.filter(attempt_time__lt=cutoff)
    found = failures.count() + counters.count()
    if not found:
        return []
    if not dry_run:
        with transaction.atomic():
            failures.delete()
            counters.delete()
    return [f"security log: {found} lines older than {cutoff:%Y-%m-%d} forgotten"]
