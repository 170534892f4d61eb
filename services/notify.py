"""Emails of the requests workflow, sent after the transaction commits (``cjs.mail``).

Residents get theirs in the language they used on the site (French unless they chose
English); leaders and the members holding the capability concerned get theirs in French.
A failing mail server is logged by ``cjs.mail`` and never undoes the change.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cjs.db import CompiledQuery
from cjs.mail import send_after_commit, send_each_after_commit
from members.models import (
    CommitteeMembership,
    Cooperative,
    Enrolment,
    PermissionGrant,
    RoleAssignment,
    Season,
    User,
)
from services.capabilities import (
    ANSWER_REQUESTS,
    APPROVE_CLAIMS,
    PLAN_JOBS,
    QUOTE_REQUESTS,
    REQUEST_INBOX,
)
from services.models import Claim, Job, Quote, ServiceRequest


def staff_emails(codes: Iterable[str]) -> list[str]:
    """Addresses of the leaders and of the members holding one of ``codes`` today, in one
    query (the same rules as ``members.permissions.user_capabilities``), whose SQL is built
    once a day for each set of codes (its five subqueries cost the ORM ten times what the
    database spends on them, in the request a resident's form sends)."""
    found = _staff_emails_sql(tuple(sorted(set(codes))), timezone.localdate(), User.objects.db)
    return [email for (email,) in found.rows()]


@functools.lru_cache(maxsize=32)
def _staff_emails_sql(codes: tuple[str, ...], today: dt.date, alias: str) -> CompiledQuery:
    grants = PermissionGrant.objects.filter(capability__in=codes)
    enrolled = Enrolment.objects.filter(
        user=OuterRef("pk"), season__status=Season.Status.CURRENT, left_on__isnull=True
    )
    on_committee = CommitteeMembership.objects.filter(
        user=OuterRef("pk"),
        starts_on__lte=today,
        ends_on__gte=today,
        committee__in=grants.filter(committee__isnull=False).values("committee"),
    )
    in_role = RoleAssignment.objects.filter(
        user=OuterRef("pk"),
        starts_on__lte=today,
        ends_on__gte=today,
        role__in=grants.filter(role__isnull=False).values("role"),
    )
    board_grant = grants.filter(committee__is_board=True)
    holders = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(role=User.Role.LEADER)
            | Q(is_superuser=True)
            | Q(Exists(on_committee))
            | Q(Exists(in_role))
            | (Q(Exists(enrolled)) & Q(Exists(board_grant)))
        )
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return CompiledQuery.of(holders.using(alias))


def _resident(service_request: ServiceRequest, template: str, **context) -> None:
    send_after_commit(
        template=f"services/{template}",
        to=[service_request.email],
        context={"service_request": service_request, **context},
        language=service_request.language,
    )


def _staff(codes: Iterable[str], template: str, service_request: ServiceRequest, **context):
    """One email per person: the members on a committee are often minors, and nobody gets
    the others' addresses this way."""
    send_each_after_commit(
        template=f"services/{template}",
        to=staff_emails(codes),
        context={"service_request": service_request, **context},
    )


# Residents ---------------------------------------------------------------------------------


def request_received(
    service_request: ServiceRequest, *, cooperative: Cooperative | None = None
) -> None:
    """``cooperative``: the sender, if the caller read it already (else read at commit)."""
    _resident(service_request, "request_received", cooperative=cooperative)


def quote_sent(quote: Quote) -> None:
    _resident(quote.request, "quote_sent", quote=quote)


def request_declined(service_request: ServiceRequest) -> None:
    _resident(service_request, "request_declined")


def request_cancelled(service_request: ServiceRequest, *, by_resident: bool, reason: str) -> None:
    _resident(service_request, "request_cancelled", by_resident=by_resident, reason=reason)


def job_scheduled(job: Job) -> None:
    _resident(job.request, "job_scheduled", job=job)


def job_changed(job: Job) -> None:
    _resident(job.request, "job_changed", job=job)


def job_cancelled(job: Job, reason: str) -> None:
    _resident(job.request, "job_cancelled", job=job, reason=reason)


def request_done(service_request: ServiceRequest) -> None:
    """The work is done: thanks, and the satisfaction form."""
    _resident(service_request, "request_done")


def satisfaction_reminder(service_request: ServiceRequest) -> None:
    _resident(service_request, "satisfaction_reminder")


# Leaders and delegated members ------------------------------------------------------------


def new_request(service_request: ServiceRequest, *, cooperative: Cooperative | None = None) -> None:
    _staff([ANSWER_REQUESTS], "new_request", service_request, cooperative=cooperative)


def quote_answered(quote: Quote) -> None:
    codes = [PLAN_JOBS] if quote.status == quote.Status.ACCEPTED else [QUOTE_REQUESTS]
    _staff(codes, "quote_answered", quote.request, quote=quote)


def cancelled_by_resident(service_request: ServiceRequest, reason: str) -> None:
    _staff(REQUEST_INBOX, "cancelled_by_resident", service_request, reason=reason)


# Members (French, the language of the members' site) -------------------------------------


def _member(template: str, to: Iterable[str], **context) -> None:
    """One email per member: teammates (often minors) never see each other's addresses."""
    to = sorted({address for address in to if address})
    send_each_after_commit(template=f"services/{template}", to=to, context=context)


def claim_approved(claim) -> None:
    _member("claim_approved", [claim.member.email], claim=claim, job=claim.job)


def claim_rejected(claim, *, was_on_team: bool) -> None:
    _member(
        "claim_rejected", [claim.member.email], claim=claim, job=claim.job, was_on_team=was_on_team
    )


def replacement_done(claim, taker) -> None:
    """The member who could not come is off the team: someone takes their seat."""
    _member("replacement_done", [claim.member.email], claim=claim, job=claim.job, taker=taker)


def replacement_wanted(replacement, emails: Iterable[str]) -> None:
    """Teammates who could take the seat are asked, each by their own email."""
    _member("replacement_wanted", emails, replacement=replacement, job=replacement.claim.job)


def team_emails(job: Job) -> list[str]:
    """The members on the job or waiting for an answer."""
    return list(
        Claim.objects.live()
        .filter(job=job)
        .exclude(member__email="")
        .values_list("member__email", flat=True)
    )


def team_job_changed(job: Job, emails: Iterable[str] | None = None) -> None:
    _member("team_job_changed", team_emails(job) if emails is None else emails, job=job)


def team_job_cancelled(job: Job, reason: str, emails: Iterable[str] | None = None) -> None:
    _member(
        "team_job_cancelled",
        team_emails(job) if emails is None else emails,
        job=job,
        reason=reason,
    )


def job_reminder(claim) -> None:
    _member("job_reminder", [claim.member.email], claim=claim, job=claim.job)


def hours_to_log(claim) -> None:
    _member("hours_to_log", [claim.member.email], claim=claim, job=claim.job)


def quote_lapsing(quote: Quote) -> None:
    _resident(quote.request, "quote_lapsing", quote=quote)


def _digest(codes: Iterable[str], template: str, **context) -> None:
    """One email per approver or planner, listing everything at once."""
    send_each_after_commit(template=f"services/{template}", to=staff_emails(codes), context=context)


def claims_waiting(claims: list[Claim]) -> None:
    _digest([APPROVE_CLAIMS], "claims_waiting", claims=claims)


def jobs_understaffed(jobs: list[Job]) -> None:
    _digest([PLAN_JOBS], "jobs_understaffed", jobs=jobs)
