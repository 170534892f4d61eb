"""The rows of the approvers' queues (the claims to approve, the hours to validate) with what
each row writes, made once in Python: the texts, figures and links of a page of rows written by
template tags (a ``blocktranslate``, ``url``, ``money`` or ``include`` each) cost more than the
rest of the page. tests/services/test_approvals.py and test_hours.py render the former
tagged rows beside the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.template.defaultfilters import time as time_filter
from django.urls import get_script_prefix
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from cjs.escaping import escape
from cjs.formatting import format_duration, format_money
from cjs.i18n import localized
from cjs.kept import kept_by_text
from cjs.links import pk_url
from members.models import Cooperative, MemberProfile, User
from services import rules
from services.models import Claim, Job, Timesheet
from services.queries.board import formatted
from services.queries.team import needs_of_jobs
from services.queries.team_facts import TeamFacts

if TYPE_CHECKING:
    from services.forms import HoursValidationForm


@dataclass
class QueueJob:
    """A job heading claims of the approval queue, as its heading writes it."""

    pk: int
    url: str  # its team page
    title: str  # day, times and service
    place: str  # town and seats


@dataclass
class PageJob:
    """A job of the approval queue read as columns: what its heading, the rules
    (``needs_of_jobs``) and the warnings (``TeamFacts.warnings``) read of it."""

    pk: int
    date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    seats: int
    town_name: str
    service_id: int
    service_name: str
    minimum_age: int | None


@dataclass
class QueueClaim:
    """A claim of the approval queue read as columns (``QUEUE_ROW_COLUMNS``): its job, and
    whom it offers to replace (their first name, their reason) when it does."""

    pk: int
    job_id: int
    member_id: int
    job: PageJob
    replaces: bool  # the claim offers to take the seat of a member who can't make it
    replaced: str  # that member's first name
    reason: str  # why they can't make it (may be empty)


def queue_claims(rows) -> list[QueueClaim]:
    """The claims of rows of ``QUEUE_ROW_COLUMNS`` (a page of ``waiting_rows``), the claims
    of a job sharing its ``PageJob``."""
    jobs: dict[int, PageJob] = {}
    claims = []
    language = get_language()
    for (
        pk,
        job_id,
        member_id,
        date,
        starts_at,
        ends_at,
        seats,
        town_name,
        service_id,
        name_fr,
        name_en,
        minimum_age,
        replacement_id,
        reason,
        replaced,
    ) in rows:
        job = jobs.get(job_id)
        if job is None:
            name = localized(name_fr, name_en, language)
            job = jobs[job_id] = PageJob(
                job_id, date, starts_at, ends_at, seats, town_name, service_id, name, minimum_age
            )
        replaces = replacement_id is not None
        claims.append(
            QueueClaim(
                pk,
                job_id,
                member_id,
                job,
                replaces,
                replaced or "",
                (reason or "") if replaces else "",
            )
        )
    return claims


def page_needs(claims: list[QueueClaim]) -> dict[int, rules.JobNeeds]:
    """The needs of the jobs of ``claims``, read once for the page (``TeamFacts(needs=)``)."""
    return needs_of_jobs(list({claim.job_id: claim.job for claim in claims}.values()))


def queue_claim(claim: Claim) -> QueueClaim:
    """``claim`` (with its job's service, its replacement's claim and member) as the queue's
    rows read it: the row an approver's tap sends back."""
    job, replacement = claim.job, claim.replacement
    return QueueClaim(
        pk=claim.pk,
        job_id=claim.job_id,
        member_id=claim.member_id,
        job=PageJob(
            job.pk,
            job.date,
            job.starts_at,
            job.ends_at,
            job.seats,
            job.town_name,
            job.service_id,
            job.service.name,
            job.service.minimum_age,
        ),
        replaces=replacement is not None,
        replaced=replacement.claim.member.first_name if replacement else "",
        reason=replacement.reason if replacement else "",
    )


@dataclass
class QueueRow:
    """A claim of the approval queue with what its row writes, made once: the texts,
    figures and links of ten rows written by template tags (a ``blocktranslate``, ``url``,
    ``money`` or ``include`` each) cost more than the rest of the page."""

    claim: QueueClaim
    pk: str  # the claim's, as the row writes it
    member: User
    name: str
    tick: str  # the checkbox's label
    figures: str  # hours so far, earnings, hours booked
    replaces: str  # "replaces Léa" when the claim offers to replace someone
    cant_make_it: str  # the replaced member's reason, when they gave one
    confirm: str  # the button that says no
    approve_url: str
    reject_url: str
    warnings: list[str]
    refusal: str | None


def safe(value) -> SafeString:
    """``conditional_escape(value)``: ``cjs.escaping.escape``'s text, marked safe (without
    the lazy-text wrapper: a page of rows escapes a hundred values)."""
    return SafeString(escape(value))


def translated(msgid: str, **values) -> str:
    """``gettext(msgid) % values`` as ``{% blocktranslate %}`` writes it: the values escaped,
    the translation as it is."""
    return SafeString(gettext(msgid) % {k: escape(v) for k, v in values.items()})


def queue_texts() -> dict[str, str]:
    """What every row of the queue writes the same."""
    return {
        "approve": gettext("Approve"),
        "reject": gettext("Reject"),
        "reason": gettext("Reason, sent to the member (optional)"),
    }


def queue_groups(rows: list[QueueRow]) -> list[tuple[QueueJob, list[QueueRow]]]:
    """The rows under their jobs (the rows come in the jobs' order)."""
    prefix = get_script_prefix()
    groups: list[tuple[QueueJob, list[QueueRow]]] = []
    for row in rows:
        if not groups or groups[-1][0].pk != row.claim.job_id:
            job = row.claim.job
            heading = _job_heading(
                job.pk,
                job.date,
                job.starts_at,
                job.ends_at,
                job.service_name,
                job.town_name,
                job.seats,
                prefix,
            )
            groups.append((QueueJob(job.pk, *heading), []))
        groups[-1][1].append(row)
    return groups


@kept_by_text(most=256)
def _job_heading(
    pk: int,
    date: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    service_name: str,
    town_name: str,
    seats: int,
    _prefix: str,
) -> tuple[str, str, str]:
    """A job's heading in the queue (``QueueJob``'s link to its team page, title and place),
    written once per process for each job, language and script prefix (``cjs.kept``): the
    same jobs head the queue request after request."""
    language = get_language()
    title = f"{formatted(date, 'D j N', language)} · {formatted(starts_at, 'H:i', language)}"
    title += f"–{formatted(ends_at, 'H:i', language)} · {service_name}"
    needed = ngettext("%(seats)s member needed", "%(seats)s members needed", seats)
    return (
        safe(pk_url("services:job_team")(pk)),
        safe(title),
        SafeString(f"{escape(town_name)} · {needed % {'seats': localize(seats)}}"),
    )


def filled(message: str, **values) -> str:
    """``message % values`` as ``{% blocktranslate %}`` writes it (``translated``) for a
    message translated once for all the rows of a page."""
    return SafeString(message % {k: escape(v) for k, v in values.items()})


def queue_rows(
    cooperative: Cooperative, facts: TeamFacts, claims: list[QueueClaim]
) -> list[QueueRow]:
    """The rows of ``claims``, their members' facts and the rules read by ``facts`` (made
    with the needs of the claims' jobs: ``page_needs``)."""
    approve_url = pk_url("services:claim_approve")
    reject_url = pk_url("services:claim_reject")
    currency = cooperative.currency
    region = cooperative.babel_locale_suffix
    # Translated once for the page's rows.
    so_far = gettext("%(hours)s so far")
    booked = gettext("%(hours)s booked")
    tick = gettext("Tick %(name)s")
    replaces = gettext("replaces %(name)s")
    cant_make_it = gettext("%(name)s can't make it: “%(reason)s”")
    confirm = gettext("Confirm: tell %(name)s")
    rows = []
    for claim in claims:
        row = facts.row(claim)
        member = facts.members[claim.member_id]
        name = safe(str(member))
        figures = filled(so_far, hours=format_duration(row.hours))
        figures += " · " + escape(format_money(row.earned, currency, region=region))
        if row.booked:
            figures += " · " + filled(booked, hours=format_duration(row.booked))
        replaced = claim.replaced
        rows.append(
            QueueRow(
                claim=claim,
                pk=mark_safe(str(claim.pk)),
                member=member,
                name=name,
                tick=filled(tick, name=name),
                figures=mark_safe(figures),
                replaces=filled(replaces, name=replaced) if claim.replaces else "",
                cant_make_it=(
                    filled(cant_make_it, name=replaced, reason=claim.reason) if claim.reason else ""
                ),
                confirm=filled(confirm, name=member.first_name),
                approve_url=safe(approve_url(claim.pk)),
                reject_url=safe(reject_url(claim.pk)),
                warnings=row.warnings,
                refusal=row.refusal,
            )
        )
    return rows


class _Profile:
    """What the limits of minors read of a member's profile (``is_minor_on``), read as
    columns and answered by ``MemberProfile``'s own methods."""

    __slots__ = ("adult_from", "date_of_birth", "private_facts_forgotten_on")
    age_on = MemberProfile.age_on
    is_minor_on = MemberProfile.is_minor_on

    def __init__(self, date_of_birth, private_facts_forgotten_on, adult_from) -> None:
        self.date_of_birth = date_of_birth
        self.private_facts_forgotten_on = private_facts_forgotten_on
        self.adult_from = adult_from


class _Member:
    """A member of the hours to validate read as columns: their name (``str``) and whether
    they are a minor, answered by ``User``'s own methods."""

    __slots__ = ("first_name", "last_name", "member_profile", "username")
    get_full_name = User.get_full_name
    __str__ = User.__str__
    is_minor_on = User.is_minor_on

    def __init__(self, first_name, last_name, username, member_profile) -> None:
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.member_profile = member_profile


@dataclass
class _Service:
    name: str


@dataclass
class _Job:
    """What the hours to validate read of a job (its heading, the limits' slot)."""

    pk: int
    date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    town_name: str
    service: _Service


@dataclass
class _Timesheet:
    """What a row of the hours to validate reads of the hours logged."""

    started_at: dt.time
    ended_at: dt.time
    break_minutes: int
    hours: Decimal
    logged_started_at: dt.time | None
    logged_ended_at: dt.time | None
    validated_at: dt.datetime | None
    is_validated = Timesheet.is_validated


@dataclass
class HoursClaim:
    """A claim of the hours to validate read as columns (``HOURS_ROW_COLUMNS``): what
    ``hours_row``, ``hours_job`` and ``HoursCheck`` read of a ``Claim``."""

    pk: int
    job_id: int
    member_id: int
    member: _Member
    job: _Job
    timesheet: _Timesheet | None


def hours_claims_of(rows) -> list[HoursClaim]:
    """The claims of rows of ``HOURS_ROW_COLUMNS`` (a page of ``hours_page_claims``)."""
    language = get_language()
    jobs: dict[int, _Job] = {}
    claims = []
    for (
        pk,
        job_id,
        member_id,
        first_name,
        last_name,
        username,
        profile_id,
        born,
        forgotten_on,
        adult_from,
        date,
        starts_at,
        ends_at,
        town_name,
        name_fr,
        name_en,
        timesheet_id,
        *timesheet,
    ) in rows:
        job = jobs.get(job_id)
        if job is None:
            service = _Service(localized(name_fr, name_en, language))
            job = jobs[job_id] = _Job(job_id, date, starts_at, ends_at, town_name, service)
        profile = _Profile(born, forgotten_on, adult_from) if profile_id is not None else None
        member = _Member(first_name, last_name, username, profile)
        logged = _Timesheet(*timesheet) if timesheet_id is not None else None
        claims.append(HoursClaim(pk, job_id, member_id, member, job, logged))
    return claims


@dataclass
class HoursRow:
    """A claim of the hours to validate with what its row writes, made once (as the
    approval queue's rows): the texts, the link and the inputs' values of an unbound form;
    ``form`` only when it comes back with errors (Django's widgets write it then)."""

    claim: Claim | HoursClaim
    pk: str  # the claim's, as the row writes it
    name: str
    validated: bool
    hours: str  # the hours validated or logged, with the times logged
    validate_url: str
    started_at: str  # the inputs' values
    ended_at: str
    break_minutes: str
    problems: list[str]
    form: HoursValidationForm | None = None


def hours_row(
    claim: Claim | HoursClaim,
    problems: list[str],
    url: Callable[[int], str],
    form: HoursValidationForm | None = None,
    language: str | None = None,  # the active one, asked once for a page of rows
) -> HoursRow:
    timesheet = getattr(claim, "timesheet", None)
    validated = timesheet is not None and timesheet.is_validated
    if validated:
        hours = translated("%(hours)s validated", hours=format_duration(timesheet.hours))
    elif timesheet is not None:
        hours = translated(
            "Logged %(start)s – %(end)s: %(hours)s",
            start=time_filter(timesheet.logged_started_at, "H:i"),
            end=time_filter(timesheet.logged_ended_at, "H:i"),
            hours=format_duration(timesheet.hours),
        )
        if timesheet.break_minutes:
            minutes = localize(timesheet.break_minutes)
            hours += mark_safe(f" ({translated('break %(minutes)s min', minutes=minutes)})")
    else:
        hours = ""
    # The initial values of ``HoursForm``: the hours logged, or the job's planned times.
    if timesheet is not None:
        times = (timesheet.started_at, timesheet.ended_at, timesheet.break_minutes)
    else:
        times = (claim.job.starts_at, claim.job.ends_at, 0)
    return HoursRow(
        claim=claim,
        pk=mark_safe(str(claim.pk)),
        name=safe(str(claim.member)),
        validated=validated,
        hours=hours,
        validate_url=safe(url(claim.pk)),
        started_at=formatted(times[0], "H:i", language),
        ended_at=formatted(times[1], "H:i", language),
        break_minutes=f"{times[2]:d}",
        problems=problems,
        form=form,
    )


def hours_job(job: Job | _Job, language: str | None = None) -> str:
    """A job's heading among the hours to validate: day, times, service and town."""
    language = language or get_language()
    return safe(
        f"{formatted(job.date, 'D j N', language)} · {formatted(job.starts_at, 'H:i', language)}"
        f"–{formatted(job.ends_at, 'H:i', language)} · {job.service.name} · {job.town_name}"
    )
