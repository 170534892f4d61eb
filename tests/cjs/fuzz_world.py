"""The world the hostile-input fuzzing acts on: the demo cooperative, plus what it lacks
(a meeting in progress with a vote open, a draft invoice, a locked-out login), and the
lookups that pick each form's object from it."""

from __future__ import annotations

from functools import cached_property

from axes.models import AccessAttempt
from django.utils import timezone

from finance.models import Invoice, InvoiceStatus
from governance import actions as governance_actions
from governance.models import Attendance, Ballot, Election, Meeting, Motion
from members.models import Enrolment, PortfolioEntry, RotationPlan, Season, User
from services.models import Claim, ClaimStatus, Job, JobStatus, Replacement, ServiceRequest
from tests.factories import (
    AgendaItemFactory,
    CandidateFactory,
    DraftInvoiceFactory,
    ElectionFactory,
    MaterialLineFactory,
    MeetingFactory,
    MotionFactory,
)

FUZZ_MEETING = "Réunion du fuzzing"


def build_extra_world() -> None:
    """What the demo lacks for some forms: a meeting in progress (everyone present) with a
    vote open, a draft motion and an election taking candidates; a draft invoice with a line;
    a locked-out login."""
    leader = User.objects.get(username="leader1")
    season = Season.objects.current()
    meeting = MeetingFactory(season=season, chair=leader, title=FUZZ_MEETING)
    governance_actions.meeting_open(meeting=meeting, by=leader)
    for enrolment in Enrolment.objects.filter(season=season, left_on__isnull=True):
        governance_actions.attendance_set(
            meeting=meeting, user=enrolment.user, status=Attendance.Status.PRESENT, by=leader
        )
    voted = MotionFactory(item=AgendaItemFactory(meeting=meeting), title="Une tondeuse")
    governance_actions.ballot_open(motion=voted, by=leader)
    MotionFactory(item=AgendaItemFactory(meeting=meeting), title="Des gants")
    election = ElectionFactory(item=AgendaItemFactory(meeting=meeting))
    members = User.objects.filter(role=User.Role.MEMBER, is_active=True).order_by("pk")
    for member in members[:2]:
        CandidateFactory(election=election, user=member)
    MaterialLineFactory(invoice=DraftInvoiceFactory(season=season))
    AccessAttempt.objects.create(
        username="member02",
        ip_address="203.0.113.9",
        user_agent="fuzz",
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/compte/connexion/",
        failures_since_start=10,
    )


class World:
    """The objects the targets act on, looked up in the demo world."""

    @cached_property
    def leader(self) -> User:
        return User.objects.get(username="leader1")

    @cached_property
    def member(self) -> User:
        return User.objects.get(username="member01")

    @cached_property
    def season(self) -> Season:
        return Season.objects.current()

    def request(self, status: str) -> ServiceRequest:
        return ServiceRequest.objects.filter(status=status).order_by("pk").first()

    @cached_property
    def open_job(self) -> Job:
        return Job.objects.filter(status=JobStatus.OPEN, date__gte=timezone.localdate()).first()

    def claim(self, **lookups) -> Claim:
        return Claim.objects.filter(**lookups).select_related("member", "job").first()

    @cached_property
    def future_claim(self) -> Claim:
        return self.claim(
            status=ClaimStatus.APPROVED,
            job__date__gte=timezone.localdate(),
            replacement_requests__isnull=True,
        )

    @cached_property
    def past_claim(self) -> Claim:
        return self.claim(
            status=ClaimStatus.APPROVED,
            job__date__lt=timezone.localdate(),
            timesheet__isnull=True,
        ) or self.claim(status=ClaimStatus.APPROVED, job__date__lt=timezone.localdate())

    @cached_property
    def hours_claim(self) -> Claim:
        return self.claim(timesheet__isnull=False, timesheet__validated_at__isnull=True)

    @cached_property
    def replacement(self) -> Replacement:
        return Replacement.objects.select_related("claim__member", "claim__job").first()

    def member_outside(self, job: Job) -> User:
        """An enrolled member with no claim on ``job``."""
        return (
            User.objects.filter(enrolments__season=self.season, enrolments__left_on__isnull=True)
            .exclude(job_claims__job=job)
            .order_by("pk")
            .first()
        )

    @cached_property
    def entry(self) -> PortfolioEntry:
        return PortfolioEntry.objects.filter(confirmed_at__isnull=True).first()

    @cached_property
    def plan(self) -> RotationPlan:
        return RotationPlan.objects.order_by("published_at", "pk").first()

    @cached_property
    def live_meeting(self) -> Meeting:
        return Meeting.objects.get(title=FUZZ_MEETING)

    @cached_property
    def planned_meeting(self) -> Meeting:
        return Meeting.objects.filter(status=Meeting.Status.PLANNED).first()

    @cached_property
    def closed_meeting(self) -> Meeting:
        return Meeting.objects.filter(status=Meeting.Status.CLOSED, season=self.season).first()

    @cached_property
    def item(self):
        return self.live_meeting.items.order_by("position").first()

    @cached_property
    def draft_motion(self) -> Motion:
        return Motion.objects.get(title="Des gants")

    @cached_property
    def ballot(self) -> Ballot:
        return Ballot.objects.get(status=Ballot.Status.OPEN)

    @cached_property
    def election(self) -> Election:
        return Election.objects.get(status=Election.Status.DRAFT)

    @cached_property
    def draft_invoice(self) -> Invoice:
        return Invoice.objects.filter(status=InvoiceStatus.DRAFT).first()

    @cached_property
    def issued_invoice(self) -> Invoice:
        return Invoice.objects.filter(status=InvoiceStatus.ISSUED).order_by("-pk").first()
