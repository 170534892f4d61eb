"""What the RGPD tests share: a member's history across the apps, and every text stored in
the database (to prove a name appears nowhere after an erasure)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection

from governance.models import Ballot, ConsultationResponse, NamedVote, Participation
from members.models import User
from services.models import RequestEvent
from tests.factories import (
    AbsenceFactory,
    ConsultationFactory,
    EnrolmentFactory,
    MemberFactory,
    MemberProfileFactory,
    MotionFactory,
    PortfolioEntryFactory,
    TimesheetFactory,
)


def member_with_history(season, first_name="Zéphyrine", last_name="Quintavalle", jobs=1) -> User:
    """A minor member who worked, voted (named and secret) and wrote about herself."""
    member = MemberFactory(first_name=first_name, last_name=last_name, username=first_name.lower())
    MemberProfileFactory(
        user=member,
        minor=True,
        guardian_name=f"Ophélie {last_name}",
        guardian_email="ophelie@example.fr",
        phone="06 99 88 77 66",
    )
    EnrolmentFactory(season=season, user=member)
    AbsenceFactory(user=member, reason=f"Mariage de la cousine {last_name}")
    PortfolioEntryFactory(user=member, season=season, title=f"{first_name} a appris à tondre")
    ConsultationResponse.objects.create(
        consultation=ConsultationFactory(season=season),
        user=member,
        choice="yes",
        reason=f"{first_name} trouve que c'est juste",
    )
    for _ in range(jobs):
        sheet = TimesheetFactory(
            claim__member=member,
            claim__job__request__season=season,
            claim__job__date=season.starts_on,
            hours=Decimal("3.00"),
            validated_at=dt.datetime(2026, 7, 2, 18, tzinfo=dt.UTC),
        )
        RequestEvent.objects.create(
            request=sheet.claim.job.request,
            kind="note",
            actor=member,
            message=f"Fini, signé {first_name}",
            is_public=False,
        )
        RequestEvent.objects.create(
            request=sheet.claim.job.request,
            kind="note",
            message=f"Merci à {first_name} {last_name} !",
            is_public=False,
        )
        motion = MotionFactory(item__meeting__season=season)
        meeting = motion.item.meeting
        named = Ballot.objects.create(meeting=meeting, motion=motion)
        vote = Participation.objects.create(ballot=named, voter=member, cast_by=member)
        NamedVote.objects.create(participation=vote, choice="yes")
        Ballot.objects.filter(pk=named.pk).update(status="closed")
        other = MotionFactory(item__meeting=meeting)
        secret = Ballot.objects.create(meeting=meeting, motion=other, secret=True)
        Participation.objects.create(ballot=secret, voter=member, cast_by=member)
        Ballot.objects.filter(pk=secret.pk).update(status="closed")
    return member


def stored_text(*, except_tables: tuple[str, ...] = ()) -> str:
    """Every value of every row of every table, as one text."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in except_tables:
                continue
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  (our own table names)
            parts += [str(value) for row in cursor.fetchall() for value in row]
    return "\n".join(parts)
