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
    username = factory.Sequence(lambda n: f"member{n:03d}")
    role = User.Role.MEMBER


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
