"""The database side of the real-server benchmark, run by ``bench/serve.py`` in a process of its
own (the settings of the database under test, the server's ``SECRET_KEY`` so that the sessions
made here are valid there):

    python -m bench.fixtures prepare --scale N --archived-seasons K
    python -m bench.fixtures scenarios
    python -m bench.fixtures check --ballot PK --job PK --warm-job PK --flyer-mark TEXT
    python -m bench.fixtures analyze

Each prints one JSON object on its last line. Sessions are written straight into the session
store (what a login leaves behind) so that 60 phones do not spend the bench hashing passwords.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cjs.settings")

import django  # noqa: E402  (the path and the settings first)

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.pages import pages  # noqa: E402
from governance import actions as governance  # noqa: E402
from governance.models import MeetingKind, NamedVote, Participation, VoteChoice  # noqa: E402
from members.models import Season, Town, User  # noqa: E402
from services import actions as services  # noqa: E402
from services.models import Claim, Job, Service, ServiceRequest  # noqa: E402
from services.rules import PLANNABLE_STATUSES  # noqa: E402
from tests.factories import EnrolmentFactory, MemberFactory  # noqa: E402

VOTERS = 60
CLAIMERS = 30
# Members who claim a job of its own before the job release is measured (``scenarios``).
WARM_CLAIMERS = 3
BENCH_MEMBER = "bench{:02d}"


def session_for(user: User) -> str:
    """A logged-in session of ``user``, as ``django.contrib.auth.login`` leaves it."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"  # as a form login
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def settle_statistics() -> dict:
    """What autovacuum gives a database in service: the planner's statistics of the rows just
    seeded, and the tables vacuumed (PostgreSQL). Without the statistics, the first minutes'
    plans are guesses on empty tables; without the vacuum, an index-only scan still reads
    the table for each row (the visibility map is set by a vacuum). The bench would
    measure a database no server in service has."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {"analyzed": connection.vendor == "postgresql"}


def prepare(scale: int, archived_seasons: int) -> dict:
    """Migrate and seed a fresh database; the pages to measure and a session per persona."""
    quiet = open(os.devnull, "w")  # noqa: SIM115  (closed with the process)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("seed_demo", scale=scale, archived_seasons=archived_seasons, stdout=quiet)
    settle_statistics()
    found = pages()
    personas = {persona for persona, _label, _url in found if persona != "anonymous"}
    sessions = {name: session_for(User.objects.get(username=name)) for name in personas}
    town = Town.objects.order_by("pk").first()
    return {
        "pages": [{"persona": p, "page": label, "url": url} for p, label, url in found],
        "sessions": sessions,
        "form": {
            "service": Service.objects.active().order_by("pk").first().pk,
            "town_name": town.name,
            "postal_code": town.postal_code,
            "wished_from": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        },
    }


def _bench_members(season: Season, count: int) -> list[User]:
    """Adult members enrolled this season. They never log in with a password (their sessions
    are made here): ``password=None`` is an unusable one, with no costly hashing."""
    members = []
    for number in range(1, count + 1):
        user = MemberFactory(username=BENCH_MEMBER.format(number), password=None)
        EnrolmentFactory(season=season, user=user)
        members.append(user)
    return members


def scenarios() -> dict:
    """What scenarios 1 and 2 need: an assembly in progress with 60 members present and a
    named vote open; a two-seat job open to claims (its head start over) and 30 members."""
    season = Season.objects.current()
    leader = User.objects.get(username="leader1")
    members = _bench_members(season, VOTERS)
    chair = members[0]
    meeting = governance.meeting_create(
        season=season,
        kind=MeetingKind.GENERAL_ASSEMBLY,
        title="Assemblée du banc d’essai",
        starts_at=timezone.now(),
        chair=chair,
        secretary=members[1],
        by=leader,
    )
    governance.meeting_open(meeting=meeting, by=chair)
    for member in members:
        governance.attendance_set(meeting=meeting, user=member, status="present", by=chair)
    item = governance.agenda_item_add(meeting=meeting, title="Banc d’essai", by=chair)
    motion = governance.motion_add(
        item=item, title="Motion du banc d’essai", text="Voter depuis son téléphone.", by=chair
    )
    ballot = governance.ballot_open(motion=motion, by=chair)

    request = (
        ServiceRequest.objects.filter(season=season, status__in=PLANNABLE_STATUSES)
        .order_by("pk")
        .first()
    )

    # The job released to the 30 members; and one that three others claim before, as members
    # claim all summer long (a server in service has run the claim, a refusal because the
    # job is full and "you already asked" long before a release): each worker's first claim
    # compiles and loads what a claim needs, ~48 ms, which a warm-up is for.
    def released(starts_at: dt.time, ends_at: dt.time) -> Job:
        return services.job_create(
            service_request=request,
            by=leader,
            date=timezone.localdate() + dt.timedelta(days=2),
            starts_at=starts_at,
            ends_at=ends_at,
            seats=2,
            skills=[],
            address=request.address,
            postal_code=request.postal_code,
            town_name=request.town_name,
            hourly_rate=Decimal("12.00"),
            notes="",
        )

    job, warm_job = (
        released(dt.time(9, 0), dt.time(12, 0)),
        released(dt.time(14, 0), dt.time(16, 0)),
    )
    # Released a day ago: the fair head start is over, every member may claim at once.
    Job.objects.filter(pk__in=[job.pk, warm_job.pk]).update(
        created_at=timezone.now() - dt.timedelta(days=1)
    )
    warm_claimers = members[CLAIMERS : CLAIMERS + WARM_CLAIMERS]
    return {
        "ballot": ballot.pk,
        "ballot_page": reverse("governance:ballot_detail", args=[ballot.pk]),
        "ballot_live": reverse("governance:ballot_live", args=[ballot.pk]),
        "ballot_vote": reverse("governance:ballot_vote", args=[ballot.pk]),
        "choice": VoteChoice.YES.value,
        "voters": [{"pk": m.pk, "session": session_for(m)} for m in members],
        "job": job.pk,
        "warm_job": warm_job.pk,
        "job_claim": reverse("services:job_claim", args=[job.pk]),
        "job_board": reverse("services:job_board"),
        "claimers": [session_for(m) for m in members[:CLAIMERS]],
        "warm_claim": reverse("services:job_claim", args=[warm_job.pk]),
        "warm_claimers": [session_for(m) for m in warm_claimers],
    }


def check(ballot: int, job: int, warm_job: int, flyer_mark: str) -> dict:
    """The invariants the scenarios must leave: each vote counted once, exactly the seats
    claimed (and the warm-up's claims made: its taps did what a member's do), each accepted
    form stored once."""
    participations = Participation.objects.filter(ballot_id=ballot)
    duplicate_voters = (
        participations.values("voter").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    flyers = ServiceRequest.objects.filter(description__contains=flyer_mark)
    return {
        "votes": participations.count(),
        "named_votes": NamedVote.objects.filter(participation__ballot_id=ballot).count(),
        "duplicate_voters": duplicate_voters,
        "claims": Claim.objects.filter(job_id=job).live().count(),
        "warm_claims": Claim.objects.filter(job_id=warm_job).live().count(),
        "flyer_requests": flyers.count(),
        "flyer_duplicate_tokens": flyers.count() - flyers.values("form_token").distinct().count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["prepare", "scenarios", "check", "analyze"])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--archived-seasons", type=int, default=1)
    parser.add_argument("--ballot", type=int)
    parser.add_argument("--job", type=int)
    parser.add_argument("--warm-job", type=int)
    parser.add_argument("--flyer-mark", default="")
    args = parser.parse_args()
    if args.command == "prepare":
        result = prepare(args.scale, args.archived_seasons)
    elif args.command == "scenarios":
        result = scenarios()
    elif args.command == "analyze":
        result = settle_statistics()
    else:
        result = check(args.ballot, args.job, args.warm_job, args.flyer_mark)
    connections.close_all()  # SQLite folds its journal into the file the bench may copy
    print(json.dumps(result))


if __name__ == "__main__":
    main()
