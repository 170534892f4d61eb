"""What services holds about a person (RGPD: right of access): a member's jobs and hours, a
resident's requests, quotes, messages and satisfaction form. A resident has no account: their
data is every request sent with the same email address. Finance adds the invoices through
``register_resident_source`` (from its ``AppConfig.ready()``)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from members.models import User
from members.personal_data import PersonalData, Section, section
from services.models import Claim, Quote, RequestEvent, Satisfaction, ServiceRequest

ResidentSource = Callable[[list[ServiceRequest]], list[Section]]
_resident_sources: list[ResidentSource] = []


def register_resident_source(source: ResidentSource) -> None:
    if source not in _resident_sources:
        _resident_sources.append(source)


def member_sections(user: User) -> list[Section]:
    """The member's places on jobs, with the hours logged and validated (2 queries)."""
    claims = (
        Claim.objects.filter(member=user)
        .select_related("job__service", "timesheet")
        .order_by("job__date", "job__starts_at", "pk")
    )
    rows = [
        {
            "date": claim.job.date,
            "service": claim.job.service.name,
            "town": claim.job.town_name,
            "status": claim.get_status_display(),
            "hours": getattr(_timesheet(claim), "hours", None),
            "validated_at": getattr(_timesheet(claim), "validated_at", None),
        }
        for claim in claims
    ]
    columns = [
        ("date", _("date")),
        ("service", _("service")),
        ("town", _("town")),
        ("status", _("status")),
        ("hours", _("hours")),
        ("validated_at", _("validated at")),
    ]
    notes = RequestEvent.objects.filter(actor=user).exclude(message="").order_by("created_at")
    return [
        section("jobs", _("Jobs and hours"), columns, rows),
        section(
            "messages",
            _("Messages and history"),
            [("created_at", _("when")), ("kind", _("what")), ("message", _("message"))],
            notes,
        ),
    ]


def _timesheet(claim: Claim):
    try:
        return claim.timesheet
    except Claim.timesheet.RelatedObjectDoesNotExist:
        return None


def resident_requests(request: ServiceRequest) -> QuerySet[ServiceRequest]:
    """Every request of the resident who sent ``request`` (same email, case aside)."""
    if not request.email:
        return ServiceRequest.objects.filter(pk=request.pk)
    return ServiceRequest.objects.filter(email__iexact=request.email)


REQUEST_COLUMNS = [
    ("created_at", _("received at")),
    ("service__name", _("service")),
    ("status", _("status")),
    ("first_name", _("first name")),
    ("last_name", _("last name")),
    ("email", _("email")),
    ("phone", _("phone")),
    ("address", _("address")),
    ("postal_code", _("postal code")),
    ("town_name", _("town")),
    ("description", _("what you need")),
    ("consented_at", _("consent given at")),
    ("decline_reason", _("reason for declining")),
]


def resident_personal_data(request: ServiceRequest) -> PersonalData:
    """Everything about the resident who sent ``request``: a fixed number of queries."""
    requests = list(
        resident_requests(request).select_related("service").order_by("created_at", "pk")
    )
    sections = [
        section("requests", _("Requests"), REQUEST_COLUMNS, requests),
        section(
            "quotes",
            _("Quotes"),
            [
                ("created_at", _("sent at")),
                ("amount", _("amount")),
                ("status", _("status")),
                ("decline_reason", _("resident's reason")),
            ],
            Quote.objects.filter(request__in=requests).order_by("created_at", "pk"),
        ),
        section(
            "messages",
            _("Messages and history"),
            [("created_at", _("when")), ("kind", _("what")), ("message", _("message"))],
            RequestEvent.objects.filter(request__in=requests, is_public=True).order_by(
                "created_at", "pk"
            ),
        ),
        section(
            "satisfaction",
            _("Satisfaction forms"),
            [
                ("created_at", _("received at")),
                ("punctuality", _("punctuality")),
                ("quality", _("quality of the work")),
                ("politeness", _("politeness")),
                ("comment", _("comment")),
            ],
            Satisfaction.objects.filter(request__in=requests),
        ),
    ]
    for source in _resident_sources:
        sections += source(requests)
    subject = requests[-1].full_name if requests else request.full_name
    notes = [
        _(
            "Issued invoices keep the name and address they were issued to: French law requires "
            "keeping them 10 years, even after an erasure."
        )
    ]
    return PersonalData(subject=subject, sections=sections, notes=notes)
