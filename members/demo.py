"""Demo data of the members app: the cooperative, its territory, two seasons, the people.

Dates are relative to today so that the demo always shows a season under way.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from members.capabilities import EDIT_PUBLIC_PAGE
from members.models import (
    Committee,
    CommitteeMembership,
    Cooperative,
    Enrolment,
    PermissionGrant,
    Role,
    RoleAssignment,
    Season,
    Town,
    User,
)

DEMO_PASSWORD = "cooperative"  # noqa: S105  (documented demo logins, never a real account)

TOWNS = [
    ("Bourg-les-Saules", "71140"),
    ("Vernay-sur-Loue", "71145"),
    ("Les Essarts-du-Val", "71146"),
    ("Saint-Aubin-des-Prés", "71148"),
]

LEADERS = [
    ("leader1", "Camille", "Rousseau", "camille.rousseau@example.org"),
    ("leader2", "Karim", "Benali", "karim.benali@example.org"),
]

FIRST_NAMES = [
    "Léa",
    "Hugo",
    "Chloé",
    "Nathan",
    "Inès",
    "Lucas",
    "Manon",
    "Yanis",
    "Jade",
    "Théo",
    "Sarah",
    "Enzo",
    "Lina",
    "Mathis",
    "Zoé",
    "Adam",
    "Clara",
    "Noah",
    "Emma",
    "Rayan",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
]


def member_username(number: int) -> str:
    return f"member{number:02d}"


def season_dates(today: dt.date) -> tuple[dt.date, dt.date]:
    """A nine-week season under way: started four weeks ago on a Monday."""
    monday = today - dt.timedelta(days=today.weekday())
    starts_on = monday - dt.timedelta(weeks=4)
    return starts_on, starts_on + dt.timedelta(weeks=9, days=-3)


def seed(*, scale: int = 1, stdout=None) -> None:
    if User.objects.filter(username="leader1").exists():
        return
    rng = random.Random(2026)
    today = timezone.localdate()
    password = make_password(DEMO_PASSWORD)

    cooperative = Cooperative.load()
    cooperative.name = "CJS de Bourg-les-Saules"
    cooperative.tagline = "Des jeunes du territoire à votre service cet été"
    cooperative.public_description = (
        "Cet été, quinze jeunes de 16 à 18 ans du Val de Loue forment une vraie coopérative : "
        "ils proposent leurs services aux habitants, décident ensemble en assemblée et se "
        "partagent les résultats.\n\n"
        "Jardinage, tonte, ménage, peinture, aide au déménagement, garde d'enfants ou "
        "d'animaux : dites-nous ce dont vous avez besoin, une équipe vous répond vite avec "
        "un devis.\n\n"
        "La coopérative est accompagnée par deux animateurs et par le comité local (mairie, "
        "centre social, mission locale)."
    )
    cooperative.country = Cooperative.Country.FRANCE
    cooperative.apply_country_preset()
    cooperative.contact_email = "contact@cjs-bourg-les-saules.example.org"
    cooperative.contact_phone = "03 85 12 34 56"
    cooperative.default_hourly_rate = Decimal("12.00")
    cooperative.save()

    for name, code in TOWNS:
        Town.objects.get_or_create(name=name, postal_code=code)

    for username, first, last, email in LEADERS:
        User.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            email=email,
            role=User.Role.LEADER,
            is_staff=True,
            password=password,
        )

    members = []
    for number in range(1, 15 * scale + 1):
        first = FIRST_NAMES[(number - 1) % len(FIRST_NAMES)]
        last = rng.choice(LAST_NAMES)
        has_email = number % 4 != 0  # some youth have no email address
        members.append(
            User(
                username=member_username(number),
                first_name=first,
                last_name=last,
                email=f"{member_username(number)}@example.org" if has_email else "",
                role=User.Role.MEMBER,
                password=password,
            )
        )
    members = User.objects.bulk_create(members)

    # Last summer, archived, with the members who came back this year.
    last_year = Season.objects.create(
        year=today.year - 1,
        starts_on=dt.date(today.year - 1, 7, 1),
        ends_on=dt.date(today.year - 1, 8, 28),
        status=Season.Status.ARCHIVED,
    )
    returning = members[:5]
    Enrolment.objects.bulk_create(
        Enrolment(season=last_year, user=user, joined_on=last_year.starts_on) for user in returning
    )

    starts_on, ends_on = season_dates(today)
    season = Season.objects.create(
        year=today.year, starts_on=starts_on, ends_on=ends_on, status=Season.Status.CURRENT
    )
    Enrolment.objects.bulk_create(
        Enrolment(season=season, user=user, joined_on=starts_on) for user in members
    )

    # The officers elected at the first board meeting hold their role all season.
    officers = list(Role.objects.filter(is_officer=True).order_by("order"))
    RoleAssignment.objects.bulk_create(
        RoleAssignment(season=season, role=role, user=user, starts_on=starts_on, ends_on=ends_on)
        for role, user in zip(officers, members, strict=False)
    )
    # Each committee gets a third of the members for the current three-week period.
    committees = list(Committee.objects.filter(is_board=False).order_by("order"))
    period_start = today - dt.timedelta(days=today.weekday())
    period_end = period_start + dt.timedelta(weeks=3, days=-1)
    CommitteeMembership.objects.bulk_create(
        CommitteeMembership(
            season=season,
            committee=committees[index % len(committees)],
            user=user,
            starts_on=period_start,
            ends_on=min(period_end, ends_on),
        )
        for index, user in enumerate(members)
    )
    marketing = Committee.objects.get(slug="marketing")
    PermissionGrant.objects.get_or_create(
        capability=EDIT_PUBLIC_PAGE, committee=marketing, defaults={"granted_by_id": None}
    )
    if stdout:
        stdout.write(
            f"  members: {len(members)} members, 2 leaders, seasons {last_year.year} "
            f"(archive) and {season.year} (current)"
        )
