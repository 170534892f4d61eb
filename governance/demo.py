"""Demo data of the governance app: the first board meeting and its decisions, the weekly
board meetings with their minutes, a committee meeting, consultations and the meeting of
tomorrow. Everything goes through ``governance.actions``, as a real season would."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import holidays
from django.utils import timezone, translation

from governance import actions
from governance.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Consultation,
    ConsultationResponse,
    DepartedMembers,
    Election,
    Meeting,
    MeetingKind,
    Minutes,
    Motion,
    ShareOutRule,
    Topic,
)
from governance.queries import meeting_members, meeting_roster
from members.models import Committee, Cooperative, RoleAssignment, Season, User

INTERNAL_RULES = (
    "1. Horaires : chacun arrive à l'heure aux chantiers et prévient le comité RH au moins "
    "24 heures avant une absence.\n"
    "2. Chantiers : on travaille en binôme ; le binôme note ses heures le soir même au débrief.\n"
    "3. Sécurité : chaussures fermées et gants pour le jardinage ; on ne monte jamais sur une "
    "échelle seul·e.\n"
    "4. Respect : entre nous comme avec les clients, on se parle poliment ; les conflits se "
    "règlent au conseil d'administration.\n"
    "5. Argent : aucun paiement en liquide sans reçu ; la trésorerie dépose la caisse chaque "
    "vendredi."
)

SHARE_OUT = (
    "Après une réserve de 10 % pour la saison prochaine, le résultat est réparti entre les "
    "membres au prorata des heures travaillées. Une prime égale de 20 € va à chaque membre "
    "qui a au moins 30 heures validées. Un membre parti en cours d'été est payé au prorata "
    "des heures faites avant son départ."
)
# The same rule as data: the finance app computes the share-out from it.
SHARE_OUT_RULE = {
    "reserve_percent": Decimal("10"),
    "equal_percent": Decimal("0"),
    "pro_rata_percent": Decimal("100"),
    "bonus": Decimal("20"),
    "bonus_min_hours": Decimal("30"),
    "departed_members": DepartedMembers.PRO_RATA,
}
# Last summer's rule: equal parts, a member who left mid-season included.
ARCHIVE_SHARE_OUT = (
    "Après une réserve de 10 %, le résultat est réparti en parts égales entre tous les membres "
    "de l'été, y compris celles et ceux partis en cours de saison."
)
ARCHIVE_SHARE_OUT_RULE = {
    **SHARE_OUT_RULE,
    "equal_percent": Decimal("100"),
    "pro_rata_percent": Decimal("0"),
    "bonus": Decimal("0"),
    "bonus_min_hours": Decimal("0"),
    "departed_members": DepartedMembers.FULL,
}

WEEKLY_DECISIONS = [
    (
        "Tarif de la tonte",
        "La tonte de pelouse est facturée 12 € de l'heure et par membre, matériel compris.",
        "Les membres trouvent le tarif juste ; le comité Finances vérifiera la marge dans "
        "deux semaines.",
    ),
    (
        "Achat d'une débroussailleuse d'occasion",
        "La coopérative achète une débroussailleuse d'occasion à 80 € au garage Martin.",
        "Le comité Finances a comparé trois annonces ; celle-ci est révisée et garantie un mois.",
    ),
    (
        "Lavage de voitures au profit de la coopérative",
        "La coopérative organise un lavage de voitures samedi sur le parking du centre social.",
        "Autofinancement : le centre social prête l'eau et les seaux.",
    ),
]

WEEKLY_NOTES = [
    "Tout le monde va bien ; Inès est un peu fatiguée par le chantier de peinture.",
    "RH : planning de la semaine prochaine prêt. Marketing : 150 flyers distribués. "
    "Finances : deux factures en attente de paiement.",
    "Chiffre d'affaires de la semaine : 412 €. Dépenses : 35 € de sacs à déchets verts.",
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _take_attendance(meeting: Meeting, members: list[User], rng: random.Random, by: User) -> None:
    """Most members present, one or two excused, one of them giving a proxy."""
    absent = rng.sample(members, k=min(2, max(0, len(members) - 3)))
    for user in members:
        if user not in absent:
            actions.attendance_set(
                meeting=meeting, user=user, status=Attendance.Status.PRESENT, by=by
            )
    present = [u for u in members if u not in absent]
    for index, user in enumerate(absent):
        if index == 0 and present:
            actions.proxy_give(
                meeting=meeting, giver=user, holder=present[-1], by=by, giver_asked=True
            )
        else:
            actions.attendance_set(
                meeting=meeting, user=user, status=Attendance.Status.EXCUSED, by=by
            )


def _voters(meeting: Meeting) -> list[tuple[User, User]]:
    """(voter, who casts the vote) for everyone who may vote in the meeting."""
    roster = meeting_roster(meeting)
    pairs = []
    for member in roster.members:
        if member.pk in roster.present_ids:
            pairs += [(voter, member) for voter in roster.voters_for(member)]
    return pairs


def _vote_motion(
    motion: Motion, by: User, rng: random.Random, *, no: float = 0.1, abstain: float = 0.1
) -> None:
    ballot = actions.ballot_open(
        motion=motion, secret=motion.secret_requested_by_id is not None, by=by
    )
    for voter, caster in _voters(ballot.meeting):
        draw = rng.random()
        choice = "no" if draw < no else "abstain" if draw < no + abstain else "yes"
        actions.vote_cast(ballot=ballot, voter=voter, by=caster, choice=choice)
    actions.ballot_close(ballot=ballot, by=by)


def _run_election(election: Election, winner: User, rival: User, by: User, rng) -> None:
    """Rounds until the seat is filled: most voters follow the favourite, so a tie or a
    missing majority sends the election to another round now and then."""
    actions.candidate_add(election=election, user=winner, by=by)
    actions.candidate_add(election=election, user=rival, by=by)
    candidates = {c.user_id: c.pk for c in election.candidates.all()}
    for _round in range(6):
        ballot = actions.ballot_open(election=election, secret=True, by=by)
        allowed = set(ballot.candidates.values_list("pk", flat=True))
        for voter, caster in _voters(ballot.meeting):
            pick = candidates[winner.pk] if rng.random() < 0.7 else candidates[rival.pk]
            pick = pick if pick in allowed else next(iter(allowed))
            actions.vote_cast(ballot=ballot, voter=voter, by=caster, candidates=[pick])
        actions.ballot_close(ballot=ballot, by=by)
        election.refresh_from_db()
        if election.status != Election.Status.VOTING:
            return


def _backdate(meeting: Meeting, starts_at: dt.datetime, minutes: int = 75) -> None:
    """Actions stamp 'now'; the demo's past meetings happened at their own time."""
    end = starts_at + dt.timedelta(minutes=minutes)
    Meeting.objects.filter(pk=meeting.pk).update(
        opened_at=starts_at + dt.timedelta(minutes=5),
        closed_at=end,
        convened_at=starts_at - dt.timedelta(days=2),
    )
    for index, ballot in enumerate(Ballot.objects.filter(meeting=meeting).order_by("pk")):
        opened = starts_at + dt.timedelta(minutes=10 + 6 * index)
        closed = opened + dt.timedelta(minutes=3)
        # The demo writes history after the fact: a voted ballot refuses ``save()``.
        Ballot.objects.filter(pk=ballot.pk).update(opened_at=opened, closed_at=closed)
        if ballot.motion_id:
            Motion.objects.filter(pk=ballot.motion_id).update(decided_at=closed)
    Motion.objects.filter(approves_minutes_of__isnull=False, item__meeting=meeting).update(
        decided_at=end
    )
    Minutes.objects.filter(approved_by__item__meeting=meeting).update(approved_at=end)


def _notes(meeting: Meeting, texts: list[str], by: User) -> None:
    for item, text in zip(meeting.items.order_by("position"), texts, strict=False):
        if text:
            actions.minutes_item_notes_save(item=item, notes=text, by=by)


def _first_board(season, members, leaders, rng) -> Meeting:
    # The youth leaders run the first meeting (they hold every capability); the members
    # who hold the présidence and the secrétariat until the election chair it and take the
    # minutes.
    chair = leaders[0]
    # On the season's first day it may not have taken place yet: the demo shows it held.
    starts_at = min(_at(season.starts_on, 14), timezone.now() - dt.timedelta(hours=3))
    meeting = actions.meeting_create(
        season=season,
        kind=MeetingKind.BOARD,
        title="Premier conseil d'administration",
        starts_at=starts_at,
        place="Salle polyvalente du centre social",
        template="first_board",
        by=chair,
    )
    secretary = meeting.secretary or leaders[-1]
    actions.meeting_open(meeting=meeting, by=chair)
    _take_attendance(meeting, members, rng, chair)
    cooperative = Cooperative.load()
    for motion in Motion.objects.filter(item__meeting=meeting).order_by("pk"):
        if motion.topic == "name":
            motion.text = f"La coopérative prend le nom : « {cooperative.name} »."
            motion.proposer = members[4]
        elif motion.topic == "internal_rules":
            motion.text = INTERNAL_RULES
            motion.proposer = members[2]
        elif motion.topic == "share_out":
            motion.text = SHARE_OUT
            motion.proposer = members[3]
        motion.save()
    # The name first, then the officers, then the rules and the share-out.
    name = Motion.objects.get(item__meeting=meeting, topic="name")
    _vote_motion(name, chair, rng, no=0.05, abstain=0.1)
    holders = {
        a.role_id: a.user for a in RoleAssignment.objects.filter(season=season).on(season.starts_on)
    }
    for index, election in enumerate(Election.objects.filter(item__meeting=meeting)):
        winner = holders.get(election.role_id) or members[index]
        rival = next(m for m in members[4 + index :] if m != winner)
        _run_election(election, winner, rival, chair, rng)
        elected = election.candidates.filter(elected=True).first()
        if election.role_id in holders and elected is not None:
            # The members' demo already gave the officers their role for the season: the
            # result is that assignment (its holder follows the vote).
            RoleAssignment.objects.filter(
                season=season, role_id=election.role_id, user=holders[election.role_id]
            ).update(user=elected.user)
            Election.objects.filter(pk=election.pk).update(
                status=Election.Status.APPLIED, applied_at=starts_at, applied_by=chair
            )
        elif elected is not None:
            actions.election_apply(election=election, by=chair)
    rules = Motion.objects.get(item__meeting=meeting, topic="internal_rules", amends=None)
    # The amendment is the whole text as amended: adopted, it becomes the motion's text.
    amendment = actions.motion_add(
        item=rules.item,
        title="Téléphones pendant les chantiers",
        text=INTERNAL_RULES + "\n6. Téléphone rangé pendant les chantiers, sauf urgence.",
        proposer=members[6],
        amends=rules,
        by=chair,
    )
    _vote_motion(amendment, chair, rng, no=0.2, abstain=0.1)
    rules.refresh_from_db()
    _vote_motion(rules, chair, rng, no=0.05, abstain=0.05)
    share_out = Motion.objects.get(item__meeting=meeting, topic="share_out")
    actions.share_out_rule_save(motion=share_out, fields=SHARE_OUT_RULE, by=chair)
    actions.motion_request_secret(motion=share_out, by=members[7])
    _vote_motion(share_out, chair, rng, no=0.1, abstain=0.1)
    _notes(
        meeting,
        [
            "Tour de table des prénoms. Camille rappelle : un membre, une voix ; les animateurs "
            "conseillent mais ne votent pas.",
            "Trois propositions : « Les Coop'ains », « CJS de Bourg-les-Saules », « Jeunes en "
            "action ». Le nom du territoire l'emporte pour être reconnu des habitants.",
            "Chaque candidat·e s'est présenté·e en une minute. Vote à bulletin secret.",
            "Lecture du projet par le comité RH ; un amendement sur les téléphones.",
            "Débat : parts égales ou heures travaillées. Scrutin secret à la demande d'un membre.",
            "Prochain conseil lundi prochain à 17 h 30.",
        ],
        secretary,
    )
    actions.minutes_update(
        meeting=meeting,
        introduction=f"Premier conseil de la saison, présidé par {meeting.chair or members[0]} "
        "en attendant l'élection du bureau ; les animateurs expliquent le déroulé et ne votent "
        "pas.",
        by=secretary,
    )
    actions.meeting_close(meeting=meeting, by=chair)
    _backdate(meeting, starts_at, minutes=150)
    return meeting


def _weekly_board(season, members, week: int, rng, decision) -> Meeting:
    day = season.starts_on + dt.timedelta(weeks=week)
    starts_at = _at(day, 17, 30)
    meeting = actions.meeting_create(
        season=season,
        kind=MeetingKind.BOARD,
        title=f"Conseil d'administration – semaine {week + 1}",
        starts_at=starts_at,
        place="Local de la coopérative",
        template="weekly_board",
        by=members[0],
    )
    chair = meeting.chair or members[0]
    secretary = meeting.secretary or members[2]
    actions.meeting_open(meeting=meeting, by=chair)
    _take_attendance(meeting, members, rng, secretary)
    approval = Motion.objects.filter(item__meeting=meeting, topic="minutes").first()
    if approval is not None:
        _vote_motion(approval, chair, rng, no=0.0, abstain=0.1)
    title, text, notes = decision
    offset = 1 if approval is not None else 0
    decisions_item = list(meeting.items.order_by("position", "pk"))[offset + 3]
    motion = actions.motion_add(
        item=decisions_item, title=title, text=text, proposer=rng.choice(members), by=chair
    )
    _vote_motion(motion, chair, rng, no=0.15, abstain=0.15)
    _notes(meeting, [""] * offset + [*WEEKLY_NOTES, notes], secretary)
    actions.meeting_close(meeting=meeting, by=chair)
    _backdate(meeting, starts_at)
    return meeting


def _committee_meeting(season, rng, today) -> Meeting | None:
    committee = Committee.objects.filter(slug="marketing").first()
    if committee is None:
        return None
    monday = today - dt.timedelta(days=today.weekday())
    day = max(monday, today - dt.timedelta(days=2))
    if _at(day, 11) > timezone.now():  # not held yet this morning: it met the day before
        day -= dt.timedelta(days=1)
    starts_at = _at(day, 10)
    meeting = Meeting(season=season, kind=MeetingKind.COMMITTEE, committee=committee, title="")
    meeting.starts_at = starts_at
    members = list(meeting_members(meeting).order_by("username"))
    if len(members) < 2:
        return None
    chair, secretary = members[0], members[1]
    meeting = actions.meeting_create(
        season=season,
        kind=MeetingKind.COMMITTEE,
        committee=committee,
        title=committee.name,
        starts_at=starts_at,
        place="Local de la coopérative",
        chair=chair,
        secretary=secretary,
        by=chair,
    )
    flyers = actions.agenda_item_add(
        meeting=meeting,
        title="Flyers pour le quartier des Prés",
        description="Maquette, nombre d'exemplaires, tournée de distribution.",
        by=chair,
    )
    actions.agenda_item_add(
        meeting=meeting,
        title="Demandes en attente de réponse",
        description="Trois demandes reçues ce week-end.",
        by=chair,
    )
    motion = actions.motion_add(
        item=flyers,
        title="Impression de 300 flyers",
        text="Le comité fait imprimer 300 flyers en couleur à la reprographie (45 €).",
        proposer=secretary,
        by=chair,
    )
    actions.meeting_open(meeting=meeting, by=chair)
    for user in members:
        actions.attendance_set(meeting=meeting, user=user, status="present", by=secretary)
    _vote_motion(motion, chair, rng, no=0.0, abstain=0.2)
    _notes(
        meeting,
        [
            "La maquette de Jade est validée, avec le numéro de téléphone en plus gros.",
            "Hugo rappelle les trois clients ce soir ; un devis de peinture à préparer.",
        ],
        secretary,
    )
    actions.meeting_close(meeting=meeting, by=chair)
    _backdate(meeting, starts_at, minutes=45)
    return meeting


TSHIRT = "Porter le t-shirt de la coopérative sur les chantiers ?"
CREPES = "Une journée crêpes au marché de samedi prochain ?"

# What members write with their position: each reason fits the answer it comes with.
REASONS = {
    TSHIRT: {
        "yes": ["C'est plus pro.", "Oui, mais on les lave nous-mêmes."],
        "no": ["Trop chaud en plein soleil."],
        "abstain": ["Je n'ai pas encore reçu le mien."],
    },
    CREPES: {
        "yes": ["Je peux venir le matin.", "Je veux bien tenir la caisse."],
        "no": ["Je travaille ce jour-là.", "On a déjà trois chantiers samedi."],
        "abstain": ["Je ne sais pas encore si je serai là."],
    },
}


def _respond(consultation: Consultation, user: User, choice: str, rng) -> None:
    reasons = REASONS[consultation.title][choice]
    ConsultationResponse.objects.create(
        consultation=consultation,
        user=user,
        choice=choice,
        reason=rng.choice(["", *reasons]),
    )


def _consultations(season, members, leader, rng) -> None:
    closed = Consultation.objects.create(
        season=season,
        title=TSHIRT,
        details="Les t-shirts sont arrivés ; les clients nous reconnaîtraient mieux.",
        closes_at=timezone.now() - dt.timedelta(days=3),
        created_by=leader,
    )
    for user in members[: max(3, len(members) - 3)]:
        _respond(closed, user, "yes" if rng.random() < 0.85 else "abstain", rng)
    actions.consultation_conclude(
        consultation=closed,
        outcome="Le t-shirt de la coopérative est porté sur tous les chantiers à partir de lundi.",
        adopted=True,
        by=leader,
    )
    open_one = Consultation.objects.create(
        season=season,
        title=CREPES,
        details="Le comité Marketing propose un stand de crêpes pour se faire connaître et "
        "financer la sortie de fin de saison. Il faut six volontaires.",
        closes_at=timezone.now() + dt.timedelta(days=3),
        created_by=members[1],
    )
    for user in members[: max(1, len(members) // 3)]:
        _respond(open_one, user, rng.choice(["yes", "yes", "no", "abstain"]), rng)


def _tomorrow(season, members, today) -> Meeting | None:
    tomorrow = today + dt.timedelta(days=1)
    if not season.contains(tomorrow):
        return None
    meeting = actions.meeting_create(
        season=season,
        kind=MeetingKind.BOARD,
        title="Conseil d'administration de la semaine",
        starts_at=_at(tomorrow, 17, 30),
        place="Local de la coopérative",
        template="weekly_board",
        by=members[0],
    )
    Meeting.objects.filter(pk=meeting.pk).update(convened_at=timezone.now())
    return meeting


def _closing_assembly(season, leader) -> Meeting | None:
    """The end-of-season assembly, planned on the season's last working day (not held yet)."""
    closed = holidays.country_holidays("FR", years=season.year)  # the demo is French
    day = season.ends_on
    while day.weekday() > 4 or day in closed:
        day -= dt.timedelta(days=1)
    starts_at = _at(day, 17)
    if starts_at <= timezone.now() + dt.timedelta(days=1):
        return None  # the last day is upon us: tomorrow's meeting is the one to show
    return actions.meeting_create(
        season=season,
        kind=MeetingKind.GENERAL_ASSEMBLY,
        title="Assemblée générale de fin de saison",
        starts_at=starts_at,
        place="Salle polyvalente du centre social",
        template="assembly",
        by=leader,
    )


def seed(*, scale: int = 1, stdout=None) -> None:
    with translation.override("fr"):
        _archive(stdout=stdout)
        _seed(stdout=stdout)


def _archive(*, stdout=None) -> None:
    """Last summer's closing assembly, as the archive keeps it: the share-out motion adopted
    with its rule. An archived season no longer changes through the actions, so its record
    is written as it was left (once)."""
    season = Season.objects.filter(status=Season.Status.ARCHIVED).order_by("-year").first()
    if season is None or Meeting.objects.filter(season=season).exists():
        return
    voters = season.enrolments.count()
    starts_at = _at(season.ends_on, 17)
    meeting = Meeting.objects.create(
        season=season,
        kind=MeetingKind.GENERAL_ASSEMBLY,
        title="Assemblée de clôture",
        starts_at=starts_at,
        place="Salle polyvalente du centre social",
    )
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Répartition des excédents")
    motion = Motion.objects.create(
        item=item, title="Répartition de l'été", text=ARCHIVE_SHARE_OUT, topic=Topic.SHARE_OUT
    )
    ShareOutRule.objects.create(motion=motion, **ARCHIVE_SHARE_OUT_RULE)
    Motion.objects.filter(pk=motion.pk).update(
        status=Motion.Status.ADOPTED,
        votes_yes=voters,
        voters=voters,
        decided_at=starts_at + dt.timedelta(minutes=40),
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CLOSED)
    if stdout:
        stdout.write(f"  governance: {season} archive, its share-out motion adopted")


def _seed(*, stdout=None) -> None:
    season = Season.objects.current()
    if season is None or Meeting.objects.filter(season=season).exists():
        return
    members = list(
        User.objects.filter(
            enrolments__season=season, enrolments__left_on__isnull=True, role=User.Role.MEMBER
        ).order_by("username")
    )
    leaders = list(User.objects.filter(role=User.Role.LEADER).order_by("username"))
    if len(members) < 8 or not leaders:
        return
    rng = random.Random(1905)
    today = timezone.localdate()
    first = _first_board(season, members, leaders, rng)
    meetings = [first]
    for week, decision in enumerate(WEEKLY_DECISIONS, start=1):
        day = season.starts_on + dt.timedelta(weeks=week)
        if day >= today:
            break
        meetings.append(_weekly_board(season, members, week, rng, decision))
    committee = _committee_meeting(season, rng, today)
    _consultations(season, members, leaders[0], rng)
    tomorrow = _tomorrow(season, members, today)
    assembly = _closing_assembly(season, leaders[0])
    if stdout:
        stdout.write(
            f"  governance: {len(meetings)} board meetings with minutes, "
            f"{'a' if committee else 'no'} committee meeting, 2 consultations, "
            f"{'a' if tomorrow else 'no'} meeting tomorrow, "
            f"{'an' if assembly else 'no'} end-of-season assembly planned"
        )
