"""factory-boy factories with French Faker data, shared by every test module."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from members.models import (
    Committee,
    CommitteeMembership,
    Enrolment,
    PermissionGrant,
    Role,
    RoleAssignment,
    Season,
    Town,
    User,
)

factory.Faker._DEFAULT_LOCALE = "fr_FR"

TEST_PASSWORD = "un-mot-de-passe-de-test"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n:03d}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = User.Role.MEMBER
    password = factory.django.Password(TEST_PASSWORD)


class LeaderFactory(UserFactory):
    username = factory.Sequence(lambda n: f"leader{n:03d}")
    role = User.Role.LEADER


class MemberFactory(UserFactory):
    class Meta:
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n:03d}")
    role = User.Role.MEMBER
    # An adult with a date of birth by default (cleared); see MemberProfileFactory's traits.
    profile = factory.RelatedFactory("tests.factories.MemberProfileFactory", "user")


def _this_season_dates() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    return monday - dt.timedelta(weeks=3), monday + dt.timedelta(weeks=6)


class SeasonFactory(DjangoModelFactory):
    """By default the current season, running around today."""

    class Meta:
        model = Season
        django_get_or_create = ["year"]

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    starts_on = factory.LazyFunction(lambda: _this_season_dates()[0])
    ends_on = factory.LazyFunction(lambda: _this_season_dates()[1])
    status = Season.Status.CURRENT


class ArchivedSeasonFactory(SeasonFactory):
    year = factory.Sequence(lambda n: timezone.localdate().year - 1 - n)
    starts_on = factory.LazyAttribute(lambda s: dt.date(s.year, 7, 1))
    ends_on = factory.LazyAttribute(lambda s: dt.date(s.year, 8, 28))
    status = Season.Status.ARCHIVED


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    season = factory.SubFactory(SeasonFactory)
    user = factory.SubFactory(MemberFactory)
    joined_on = factory.LazyAttribute(lambda e: e.season.starts_on)


class TownFactory(DjangoModelFactory):
    class Meta:
        model = Town
        django_get_or_create = ["name", "postal_code"]

    name = factory.Faker("city")
    postal_code = factory.Faker("postcode")


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Comité {n}")
    slug = factory.Sequence(lambda n: f"comite-{n}")
    description = factory.Faker("sentence")
    duties = "Première tâche\nDeuxième tâche"


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Rôle {n}")
    slug = factory.Sequence(lambda n: f"role-{n}")
    description = factory.Faker("sentence")
    duties = "Tâche A\nTâche B"


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    season = factory.SubFactory(SeasonFactory)
    role = factory.SubFactory(RoleFactory)
    user = factory.SubFactory(MemberFactory)
    starts_on = factory.LazyFunction(
        lambda: timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    )
    ends_on = factory.LazyAttribute(lambda a: a.starts_on + dt.timedelta(days=6))


class CommitteeMembershipFactory(DjangoModelFactory):
    class Meta:
        model = CommitteeMembership

    season = factory.SubFactory(SeasonFactory)
    committee = factory.SubFactory(CommitteeFactory)
    user = factory.SubFactory(MemberFactory)
    starts_on = factory.LazyFunction(
        lambda: timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    )
    ends_on = factory.LazyAttribute(lambda m: m.starts_on + dt.timedelta(weeks=3, days=-1))


class PermissionGrantFactory(DjangoModelFactory):
    class Meta:
        model = PermissionGrant

    capability = "edit_public_page"
    committee = factory.SubFactory(CommitteeFactory)
    role = None


# Services: catalogue, requests, quotes, jobs ---------------------------------------------

import uuid  # noqa: E402
from decimal import Decimal  # noqa: E402

from services.models import (  # noqa: E402
    Job,
    Pricing,
    Quote,
    RequestStatus,
    Satisfaction,
    Service,
    ServiceRequest,
)


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"service-{n}")
    name_fr = factory.Sequence(lambda n: f"Jardinage {n}")
    name_en = factory.Sequence(lambda n: f"Gardening {n}")
    description_fr = "Désherbage et plantations."
    description_en = "Weeding and planting."
    pricing = Pricing.HOURLY
    hourly_rate = Decimal("12.00")


class ServiceRequestFactory(DjangoModelFactory):
    """A new request from a resident of a served town, in the current season."""

    class Meta:
        model = ServiceRequest

    season = factory.SubFactory(SeasonFactory)
    service = factory.SubFactory(ServiceFactory)
    status = RequestStatus.NEW
    form_token = factory.LazyFunction(uuid.uuid4)
    description = factory.Faker("sentence", nb_words=12)
    wished_from = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=3))
    address = factory.Faker("street_address")
    postal_code = "71140"
    town_name = "Bourg-les-Saules"
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    phone = "06 12 34 56 78"
    email = factory.Sequence(lambda n: f"habitant{n}@example.fr")
    consented_at = factory.LazyFunction(timezone.now)


class QuoteFactory(DjangoModelFactory):
    class Meta:
        model = Quote

    request = factory.SubFactory(ServiceRequestFactory, status=RequestStatus.QUOTED)
    pricing = Pricing.HOURLY
    hours = Decimal("6")
    hourly_rate = Decimal("12.00")
    amount = Decimal("72.00")
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=15))


class JobFactory(DjangoModelFactory):
    """An open job, the day after tomorrow, for a scheduled request."""

    class Meta:
        model = Job

    request = factory.SubFactory(ServiceRequestFactory, status=RequestStatus.SCHEDULED)
    season = factory.LazyAttribute(lambda j: j.request.season)
    service = factory.LazyAttribute(lambda j: j.request.service)
    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=2))
    starts_at = dt.time(9, 0)
    ends_at = dt.time(12, 0)
    address = factory.LazyAttribute(lambda j: j.request.address)
    postal_code = factory.LazyAttribute(lambda j: j.request.postal_code)
    town_name = factory.LazyAttribute(lambda j: j.request.town_name)
    seats = 2
    hourly_rate = Decimal("12.00")


class SatisfactionFactory(DjangoModelFactory):
    class Meta:
        model = Satisfaction

    request = factory.SubFactory(ServiceRequestFactory, status=RequestStatus.DONE)
    punctuality = 5
    quality = 4
    politeness = 5


# --- Members: profiles, skills, dates away, portfolio ---------------------------------------


def _years_ago(years: int, days: int = 40) -> dt.date:
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day - dt.timedelta(days=days)


class MemberProfileFactory(DjangoModelFactory):
    """Fills the profile every member gets on creation (``MemberFactory`` uses it).

    ``MemberFactory(profile__minor=True)``: a cleared minor (authorization received);
    ``MemberFactory(profile__not_cleared=True)``: a minor without the authorization.
    """

    class Meta:
        model = "members.MemberProfile"

    class Params:
        minor = factory.Trait(
            date_of_birth=factory.LazyFunction(lambda: _years_ago(16)),
            guardian_name=factory.Faker("name"),
            guardian_phone=factory.Faker("phone_number"),
            guardian_email=factory.Faker("email"),
            parental_authorization_received_on=factory.LazyFunction(
                lambda: timezone.localdate() - dt.timedelta(days=30)
            ),
        )
        not_cleared = factory.Trait(minor=True, parental_authorization_received_on=None)

    user = factory.SubFactory(UserFactory)
    date_of_birth = factory.LazyFunction(lambda: _years_ago(19))
    phone = factory.Faker("phone_number")
    emergency_contact_name = factory.Faker("name")
    emergency_contact_phone = factory.Faker("phone_number")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        user = kwargs.pop("user")
        profile, _created = model_class.objects.update_or_create(user=user, defaults=kwargs)
        user.profile = profile  # replace the blank profile cached when the user was created
        return profile


def enrol_every_clearance_case(season, day: dt.date) -> dict[str, object]:
    """Members enrolled in ``season``, one for each way a profile clears a member for work on
    ``day`` or not (``MemberProfile.is_cleared_on``, ``UserQuerySet.not_cleared_on``): cleared
    are ``adult``, ``cleared_minor`` and ``forgotten_adult`` (date of birth forgotten, adult
    by what was kept); the others are not."""

    def member(**profile):
        user = MemberFactory(**{f"profile__{key}": value for key, value in profile.items()})
        EnrolmentFactory(season=season, user=user)
        return user

    cases = {
        "adult": member(),
        "cleared_minor": member(minor=True),
        "waiting_minor": member(not_cleared=True),
        "expired": member(
            minor=True, parental_authorization_received_on=day - dt.timedelta(days=400)
        ),
        "not_yet": member(
            minor=True, parental_authorization_received_on=day + dt.timedelta(days=1)
        ),
        "unknown_birth": member(date_of_birth=None),
        "no_profile": member(),
        "forgotten_adult": member(
            date_of_birth=None, private_facts_forgotten_on=day, adult_from=day
        ),
        "forgotten_minor": member(
            date_of_birth=None,
            private_facts_forgotten_on=day,
            adult_from=day + dt.timedelta(days=30),
        ),
    }
    cases["no_profile"].profile.delete()
    return cases


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = "members.Skill"
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Savoir-faire {n}")
    slug = factory.Sequence(lambda n: f"savoir-faire-{n}")


class MemberSkillFactory(DjangoModelFactory):
    class Meta:
        model = "members.MemberSkill"

    user = factory.SubFactory(MemberFactory)
    skill = factory.SubFactory(SkillFactory)


class AbsenceFactory(DjangoModelFactory):
    class Meta:
        model = "members.Absence"

    user = factory.SubFactory(MemberFactory)
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyAttribute(lambda a: a.starts_on + dt.timedelta(days=6))
    reason = "Vacances"


class PortfolioEntryFactory(DjangoModelFactory):
    class Meta:
        model = "members.PortfolioEntry"

    user = factory.SubFactory(MemberFactory)
    season = factory.SubFactory(SeasonFactory)
    happened_on = factory.LazyFunction(timezone.localdate)
    title = factory.Faker("sentence", nb_words=5)
    reflection = factory.Faker("paragraph")


# Governance ------------------------------------------------------------------------------

from governance.models import (  # noqa: E402  (each app's factories in a section of its own)
    AgendaItem,
    Candidate,
    Consultation,
    Election,
    Meeting,
    MeetingKind,
    Motion,
)


def _meeting_time():
    now = timezone.localtime()
    return now.replace(hour=18, minute=0, second=0, microsecond=0)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    season = factory.SubFactory(SeasonFactory)
    kind = MeetingKind.BOARD
    title = factory.Sequence(lambda n: f"Conseil d'administration n° {n + 1}")
    starts_at = factory.LazyFunction(_meeting_time)
    place = "Salle du centre social"


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Faker("sentence", nb_words=4)
    description = factory.Faker("sentence")


class MotionFactory(DjangoModelFactory):
    class Meta:
        model = Motion

    item = factory.SubFactory(AgendaItemFactory)
    title = factory.Faker("sentence", nb_words=5)
    text = factory.Faker("paragraph")


class ElectionFactory(DjangoModelFactory):
    class Meta:
        model = Election

    item = factory.SubFactory(AgendaItemFactory)
    title = "Élection"
    term_starts_on = factory.LazyAttribute(lambda e: e.item.meeting.day)
    term_ends_on = factory.LazyAttribute(lambda e: e.item.meeting.season.ends_on)


class CandidateFactory(DjangoModelFactory):
    class Meta:
        model = Candidate

    election = factory.SubFactory(ElectionFactory)
    user = factory.SubFactory(MemberFactory)


class ConsultationFactory(DjangoModelFactory):
    class Meta:
        model = Consultation

    season = factory.SubFactory(SeasonFactory)
    title = factory.Faker("sentence", nb_words=6)
    details = factory.Faker("paragraph")
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))


# --- Jobs: claims, replacements, hours -------------------------------------------------------

from services.models import Claim, ClaimStatus, Timesheet  # noqa: E402


class ClaimFactory(DjangoModelFactory):
    """A member's claim on a job, waiting for approval (``status=ClaimStatus.APPROVED``: on
    the team). Written directly: the rules are the actions' business."""

    class Meta:
        model = Claim

    job = factory.SubFactory(JobFactory)
    member = factory.SubFactory(MemberFactory)
    status = ClaimStatus.PENDING


class TimesheetFactory(DjangoModelFactory):
    """Hours logged by the member on an approved claim, not validated yet."""

    class Meta:
        model = Timesheet

    claim = factory.SubFactory(ClaimFactory, status=ClaimStatus.APPROVED)
    started_at = factory.LazyAttribute(lambda t: t.claim.job.starts_at)
    ended_at = factory.LazyAttribute(lambda t: t.claim.job.ends_at)
    logged_started_at = factory.SelfAttribute("started_at")
    logged_ended_at = factory.SelfAttribute("ended_at")
    logged_break_minutes = 0
    hours = factory.LazyAttribute(lambda t: t.claim.job.duration_hours)
    logged_at = factory.LazyFunction(timezone.now)


# --- Finance: finished requests to invoice, draft invoices -----------------------------------

from finance.models import Invoice, InvoiceLine, LineKind  # noqa: E402
from services.models import QuoteStatus  # noqa: E402


class AcceptedQuoteFactory(QuoteFactory):
    """The accepted quote of a finished request (hourly, 6 h × 12,00 € by default)."""

    request = factory.SubFactory(ServiceRequestFactory, status=RequestStatus.DONE)
    status = QuoteStatus.ACCEPTED


class DraftInvoiceFactory(DjangoModelFactory):
    """A draft invoice without requests (written directly: the rules are the actions')."""

    class Meta:
        model = Invoice

    season = factory.SubFactory(SeasonFactory)
    customer_name = factory.Faker("name")
    customer_address = "12 rue des Tilleuls\n71140 Bourg-les-Saules"
    customer_email = factory.Sequence(lambda n: f"client{n}@example.fr")
    total = Decimal("0.00")


class MaterialLineFactory(DjangoModelFactory):
    class Meta:
        model = InvoiceLine

    invoice = factory.SubFactory(DraftInvoiceFactory)
    kind = LineKind.MATERIAL
    description = "Sacs de déchets verts"
    quantity = Decimal("2")
    unit_price = Decimal("1.50")
    amount = Decimal("3.00")


# --- finance: the ledger ------------------------------------------------------------------
from finance.models import Expense, ExpenseCategory, IncomeCategory, OtherIncome  # noqa: E402


class ExpenseFactory(DjangoModelFactory):
    """An expense of the current season, without a receipt (receipts go through the action,
    which reads their first bytes)."""

    class Meta:
        model = Expense

    season = factory.SubFactory(SeasonFactory)
    spent_on = factory.LazyFunction(timezone.localdate)
    amount = Decimal("20.00")
    category = ExpenseCategory.MATERIALS
    note = "Sacs de déchets verts"


class OtherIncomeFactory(DjangoModelFactory):
    class Meta:
        model = OtherIncome

    season = factory.SubFactory(SeasonFactory)
    received_on = factory.LazyFunction(timezone.localdate)
    amount = Decimal("150.00")
    category = IncomeCategory.CAR_WASH
    note = "Lavage de voitures sur la place"
