"""Demo data of the members app: the cooperative, its territory, two seasons, the people.

Dates are relative to today so that the demo always shows a season under way: a real
summer's shape (a Monday, nine weeks, within one year) moved to today's date, marked
``is_demo`` so that the pages can say so outside June to September.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from members import actions
from members.capabilities import CONFIRM_SKILLS, EDIT_PUBLIC_PAGE, PLAN_ROTATION
from members.models import (
    EVERY_HALF_DAY,
    Absence,
    Committee,
    Cooperative,
    Enrolment,
    MemberProfile,
    MemberSkill,
    PermissionGrant,
    PortfolioEntry,
    Role,
    RoleAssignment,
    RotationPlan,
    Season,
    Skill,
    Town,
    User,
    half_day_bit,
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


# A real summer: nine weeks, from a Monday to the Friday of the ninth week.
SEASON_LENGTH = dt.timedelta(weeks=9, days=-3)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def season_dates(today: dt.date) -> tuple[dt.date, dt.date]:
    """The demo season, under way today and shaped like a real summer: it starts on a Monday,
    lasts nine weeks and lies within today's year (the season of a year never crosses it).

    Today falls in its fifth week, when the calendar allows; later near the year's end (from
    late November the season ends by 31 December, which it stretches to when today is after
    the ninth week's Friday), earlier in January (it starts on the year's first Monday). In
    the year's first days before that Monday it starts on 1 January (no Monday of the year comes
    before today) and ends on the Friday of the ninth week after it."""
    year_end = dt.date(today.year, 12, 31)
    starts_on = _monday(today) - dt.timedelta(weeks=4)
    starts_on = min(starts_on, _monday(year_end - SEASON_LENGTH))
    starts_on = max(starts_on, _monday(dt.date(today.year, 1, 7)))
    if starts_on > today:
        starts_on = dt.date(today.year, 1, 1)
    ends_on = _monday(starts_on + dt.timedelta(days=6)) + SEASON_LENGTH
    if ends_on < today:
        ends_on = year_end
    return starts_on, ends_on


def past_summer(year: int) -> tuple[dt.date, dt.date]:
    """An archived summer on its real dates: from the Monday between 26 June and 2 July to
    the Friday of the ninth week (25 to 31 August)."""
    starts_on = _monday(dt.date(year, 7, 2))
    return starts_on, starts_on + SEASON_LENGTH


def seed(*, scale: int = 1, stdout=None) -> None:
    if User.objects.filter(username="leader1").exists():
        return
    rng = random.Random(2026)
    today = timezone.localdate()
    password = make_password(DEMO_PASSWORD)

    cooperative = Cooperative.load()
    cooperative.name = "CJS de Bourg-les-Saules"
    # The home page texts in both languages (the English one is shown to English readers).
    cooperative.tagline_fr = "Des jeunes du territoire à votre service cet été"
    cooperative.tagline_en = "Young people of the area at your service this summer"
    cooperative.public_description_fr = (
        "Cet été, quinze jeunes de 16 à 18 ans du Val de Loue forment une vraie coopérative : "
        "ils proposent leurs services aux habitants, décident ensemble en assemblée et se "
        "partagent les résultats.\n\n"
        "Jardinage, tonte, ménage, peinture, aide au déménagement, garde d'enfants ou "
        "d'animaux : dites-nous ce dont vous avez besoin, une équipe vous répond vite avec "
        "un devis.\n\n"
        "La coopérative est accompagnée par deux animateurs et par le comité local (mairie, "
        "centre social, mission locale)."
    )
    cooperative.public_description_en = (
        "This summer, fifteen young people aged 16 to 18 from the Val de Loue run a real "
        "cooperative: they offer their services to residents, decide together in meetings and "
        "share the earnings.\n\n"
        "Gardening, mowing, housework, painting, help with moving house, childcare or pet "
        "care: tell us what you need, a team answers quickly with a quote.\n\n"
        "The cooperative is supported by two youth leaders and by the local committee (town "
        "hall, community centre, youth employment office)."
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
    last_starts_on, last_ends_on = past_summer(today.year - 1)
    last_year = Season.objects.create(
        year=today.year - 1,
        starts_on=last_starts_on,
        ends_on=last_ends_on,
        status=Season.Status.ARCHIVED,
    )
    returning = members[:5]
    Enrolment.objects.bulk_create(
        Enrolment(season=last_year, user=user, joined_on=last_year.starts_on) for user in returning
    )

    starts_on, ends_on = season_dates(today)
    season = Season(
        year=today.year,
        starts_on=starts_on,
        ends_on=ends_on,
        status=Season.Status.CURRENT,
        is_demo=True,
    )
    season.full_clean(validate_unique=False, validate_constraints=False)
    season.save()
    Enrolment.objects.bulk_create(
        Enrolment(season=season, user=user, joined_on=starts_on) for user in members
    )

    # The officers elected at the first board meeting hold their role all season.
    officers = list(Role.objects.filter(is_officer=True).order_by("order"))
    RoleAssignment.objects.bulk_create(
        RoleAssignment(season=season, role=role, user=user, starts_on=starts_on, ends_on=ends_on)
        for role, user in zip(officers, members, strict=False)
    )
    marketing = Committee.objects.get(slug="marketing")
    PermissionGrant.objects.get_or_create(
        capability=EDIT_PUBLIC_PAGE, committee=marketing, defaults={"granted_by_id": None}
    )
    # The HR committee plans the rotation and confirms skills itself (leaders delegated it).
    for capability in (PLAN_ROTATION, CONFIRM_SKILLS):
        PermissionGrant.objects.get_or_create(
            capability=capability,
            committee=Committee.objects.get(slug="rh"),
            defaults={"granted_by_id": None},
        )
    leader = User.objects.get(username="leader1")
    _seed_profiles(members, season, rng, today, leader)
    _seed_rotation(members, season, leader, today)
    _seed_portfolio(members, season, leader, rng, today)
    if stdout:
        stdout.write(
            f"  members: {len(members)} members with profiles, 2 leaders, seasons "
            f"{last_year.year} (archive) and {season.year} (current), rotation published"
        )


GUARDIAN_FIRST_NAMES = ["Sophie", "Nadia", "Laurent", "Isabelle", "Karim", "Céline", "Marc"]
EMERGENCY_FIRST_NAMES = ["Martine", "Jean", "Fatima", "Pascal", "Sylvie", "Thomas"]
NOT_CLEARED_INDEX = 6  # member07, 16: a minor whose parental authorization has not come back yet

# Weekly responsibilities a cooperative adds to the officers (demo data, leaders may edit).
WEEKLY_ROLES = [
    {
        "slug": "animation-debrief",
        "name": "Animation du débrief",
        "name_en": "Debrief lead",
        "committee": "rh",
        "description": "Anime le point d'équipe de 17 h et note les heures de la journée.",
        "description_en": "Leads the 5 pm team meeting and records the day's hours.",
        "duties": "Lancer le débrief à 17 h\nFaire le tour des chantiers du jour\n"
        "Noter les heures de chacun\nRelever les problèmes pour le CA",
        "duties_en": "Start the debrief at 5 pm\nGo over the day's jobs\n"
        "Record everyone's hours\nNote the problems for the board",
    },
    {
        "slug": "materiel",
        "name": "Responsable du matériel",
        "name_en": "Equipment keeper",
        "committee": "rh",
        "description": "Veille au matériel : prêt, rangement, réparations.",
        "description_en": "Looks after the equipment: lending, storing, repairs.",
        "duties": "Vérifier le matériel chaque matin\nTenir le cahier des prêts\n"
        "Signaler ce qu'il faut réparer ou racheter",
        "duties_en": "Check the equipment every morning\nKeep the lending book\n"
        "Report what needs repairing or replacing",
    },
    {
        "slug": "accueil",
        "name": "Accueil téléphonique",
        "name_en": "Phone desk",
        "committee": "marketing",
        "description": "Répond au téléphone et aux messages de la coopérative.",
        "description_en": "Answers the cooperative's phone and messages.",
        "duties": "Répondre aux appels et aux messages dans la journée\n"
        "Noter chaque demande de service\nTransmettre les demandes au comité Marketing",
        "duties_en": "Answer calls and messages within the day\n"
        "Write down every service request\nPass the requests on to the marketing committee",
    },
    {
        "slug": "caisse",
        "name": "Caisse et reçus",
        "name_en": "Cash box and receipts",
        "committee": "finances",
        "description": "Tient la caisse et remet les reçus aux clients.",
        "description_en": "Keeps the cash box and gives the clients their receipts.",
        "duties": "Compter la caisse le matin et le soir\nRemettre un reçu à chaque paiement\n"
        "Déposer les chèques avec un animateur",
        "duties_en": "Count the cash box morning and evening\nGive a receipt for every payment\n"
        "Bank the cheques with a youth leader",
    },
]

PORTFOLIO_IDEAS = [
    (
        "jardinage",
        "Tailler une haie proprement",
        "J'ai appris à tenir le taille-haie en sécurité "
        "et à ramasser au fur et à mesure. La prochaine fois je prévois plus de sacs.",
    ),
    (
        "menage",
        "Organiser un grand ménage à deux",
        "On s'est réparti les pièces avant de "
        "commencer : c'était plus rapide et la cliente était contente.",
    ),
    (
        "peinture",
        "Préparer un mur avant de peindre",
        "Lessiver, reboucher, poncer : la "
        "préparation prend plus de temps que la peinture mais le résultat est bien meilleur.",
    ),
    (
        None,
        "Animer le débrief du soir",
        "J'ai appris à donner la parole à tout le monde et à "
        "tenir le temps. Pas facile quand tout le monde parle en même temps !",
    ),
    (
        None,
        "Répondre à une cliente au téléphone",
        "J'ai noté toutes les informations et "
        "proposé un rendez-vous pour le devis. Je me sens plus à l'aise qu'au début.",
    ),
    (
        "demenagement",
        "Porter des charges sans se blesser",
        "Plier les jambes, garder le dos droit et demander de l'aide pour les meubles lourds.",
    ),
]


def _seed_profiles(members, season, rng, today, leader) -> None:
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    # A leader saw half of the members care for animals, and checked every first aid
    # certificate: the services that ask for these skills confirmed stay staffable.
    vouched = {"confirmed_by": leader, "confirmed_at": timezone.now()}
    profiles, held, absences = [], [], []
    for index, user in enumerate(members):
        age = 16 + index % 3
        born = today.replace(year=today.year - age) - dt.timedelta(days=rng.randint(20, 340))
        minor = age < 18
        guardian = f"{rng.choice(GUARDIAN_FIRST_NAMES)} {user.last_name}"
        availability = EVERY_HALF_DAY
        if index % 5 == 1:  # no weekends
            for day in (5, 6):
                availability &= ~(half_day_bit(day, False) | half_day_bit(day, True))
        elif index % 5 == 3:  # mornings only (a summer job in the afternoon)
            for day in range(7):
                availability &= ~half_day_bit(day, True)
        profiles.append(
            MemberProfile(
                user=user,
                date_of_birth=born,
                phone=f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                guardian_name=guardian if minor else "",
                guardian_phone=f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}"
                if minor
                else "",
                guardian_email=f"{guardian.split()[0].lower()}.parent{index}@example.org"
                if minor
                else "",
                parental_authorization_received_on=None
                if index == NOT_CLEARED_INDEX or not minor
                else season.starts_on - dt.timedelta(days=rng.randint(3, 20)),
                emergency_contact_name=guardian
                if minor
                else f"{rng.choice(EMERGENCY_FIRST_NAMES)} {user.last_name}",
                emergency_contact_phone=f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                availability=availability,
            )
        )
        for slug in rng.sample(
            [
                "jardinage",
                "tonte",
                "menage",
                "peinture",
                "demenagement",
                "animaux",
                "lavage-auto",
                "informatique",
            ],
            k=rng.randint(2, 4),
        ):
            confirmed = slug == "animaux" and index % 2 == 0
            held.append(
                MemberSkill(user=user, skill=skills[slug], **(vouched if confirmed else {}))
            )
        if index % 4 == 0:
            held.append(
                MemberSkill(
                    user=user,
                    skill=skills["garde-enfants"],
                    **vouched,
                    certificate_until=season.ends_on + dt.timedelta(days=365)
                    if index % 8
                    else None,
                )
            )
        if index % 6 == 4:  # a week of holidays, some past and some to come
            start = season.starts_on + dt.timedelta(weeks=1 + index % 7)
            absences.append(
                Absence(
                    user=user,
                    starts_on=start,
                    ends_on=start + dt.timedelta(days=6),
                    reason="Vacances en famille",
                )
            )
    MemberProfile.objects.bulk_create(profiles)
    MemberSkill.objects.bulk_create(held)
    Absence.objects.bulk_create(absences)


def _seed_rotation(members, season, leader, today) -> None:
    """The weekly roles and the committees, planned for the whole season and published."""
    roles = []
    for order, data in enumerate(WEEKLY_ROLES, start=10):
        committee = Committee.objects.get(slug=data["committee"])
        role, _created = Role.objects.get_or_create(
            slug=data["slug"],
            defaults={**data, "committee": committee, "order": order},
        )
        roles.append(role)
    weeks = len(season.week_starts())
    plans = [
        actions.rotation_plan_create(
            season=season,
            kind=RotationPlan.Kind.ROLES,
            first_week=season.week_starts()[0],
            weeks=weeks,
            weeks_per_period=1,
            slots=roles,
            participants=members,
            by=leader,
        ),
        actions.rotation_plan_create(
            season=season,
            kind=RotationPlan.Kind.COMMITTEES,
            first_week=season.week_starts()[0],
            weeks=weeks,
            weeks_per_period=3,
            slots=Committee.objects.filter(is_board=False),
            participants=members,
            by=leader,
        ),
    ]
    for plan in plans:
        actions.rotation_publish(plan=plan, today=today, by=leader, notify=False)


def _seed_portfolio(members, season, leader, rng, today) -> None:
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    debrief = Role.objects.get(slug="animation-debrief")
    accueil = Role.objects.get(slug="accueil")
    entries = []
    days_so_far = max((today - season.starts_on).days, 1)
    for index, user in enumerate(members):
        for number, (slug, title, reflection) in enumerate(
            rng.sample(PORTFOLIO_IDEAS, k=2 + index % 2)
        ):
            happened_on = season.starts_on + dt.timedelta(days=rng.randint(0, days_so_far - 1))
            confirmed = number == 0 and index % 3 != 1
            entries.append(
                PortfolioEntry(
                    user=user,
                    season=season,
                    happened_on=min(happened_on, today),
                    title=title,
                    reflection=reflection,
                    skill=skills.get(slug) if slug else None,
                    role=(debrief if "débrief" in title else accueil) if slug is None else None,
                    confirmed_by=leader if confirmed else None,
                    confirmed_at=timezone.now() if confirmed else None,
                )
            )
    PortfolioEntry.objects.bulk_create(entries)


def seed_archived_seasons(count: int, *, scale: int = 1, stdout=None) -> None:
    """A long-lived cooperative (``seed_demo --archived-seasons N``): N archived summers in all,
    the oldest ones each with a crew of former members (``15 × scale`` youth who have left), so
    that the benchmark measures pages over a real archive. The demo's own seeder already made
    last summer; this adds the summers before it, and does nothing when they are there."""
    today = timezone.localdate()
    wanted = [today.year - back for back in range(2, count + 1)]
    missing = [year for year in wanted if not Season.objects.filter(year=year).exists()]
    password = make_password(None)
    for year in missing:
        starts_on, ends_on = past_summer(year)
        season = Season.objects.create(
            year=year, starts_on=starts_on, ends_on=ends_on, status=Season.Status.ARCHIVED
        )
        crew = User.objects.bulk_create(
            User(
                username=f"former{year}-{number:02d}",
                first_name=FIRST_NAMES[number % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(number + year) % len(LAST_NAMES)],
                role=User.Role.MEMBER,
                password=password,
            )
            for number in range(1, 15 * scale + 1)
        )
        Enrolment.objects.bulk_create(
            Enrolment(season=season, user=user, joined_on=season.starts_on, left_on=season.ends_on)
            for user in crew
        )
    if stdout is not None and missing:
        stdout.write(f"  archive: {len(missing)} more archived seasons ({min(missing)}-)")
