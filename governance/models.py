"""The cooperative's democracy: meetings, their agenda, attendance, motions, votes, elections,
minutes and consultations between meetings.

Votes: a ``Ballot`` is one round of voting on a motion or an election. Who took part is a
``Participation`` (one per member and ballot, a database constraint). A named ballot keeps each
choice in ``NamedVote`` (linked to the participation, so it can be changed until the vote
closes); a secret ballot drops its papers in ``SecretVote``, which has nothing that leads back
to a person: no user, no time, a random key, and the papers are shuffled when the vote closes.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.rules import Choice as RuleChoice
from governance.rules import MajorityRule as RuleMajority
from governance.rules import motion_result


class MeetingKind(models.TextChoices):
    BOARD = "board", _("board meeting")
    COMMITTEE = "committee", _("committee meeting")
    GENERAL_ASSEMBLY = "assembly", _("general assembly")
    TEAM = "team", _("team meeting or debrief")


class Majority(models.TextChoices):
    SIMPLE = RuleMajority.SIMPLE.value, _("simple majority of the votes cast")
    ABSOLUTE = RuleMajority.ABSOLUTE.value, _("absolute majority of the members present")
    TWO_THIRDS = RuleMajority.TWO_THIRDS.value, _("two thirds of the votes cast")


class MeetingRules(models.Model):
    """Quorum and voting rules of one kind of meeting (a row per kind, editable by leaders)."""

    kind = models.CharField(_("kind of meeting"), max_length=12, choices=MeetingKind.choices)
    quorum_numerator = models.PositiveSmallIntegerField(
        _("quorum: numerator"),
        default=1,
        help_text=_("With the denominator, the share of members needed (1 / 2: half). 0: none."),
    )
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum: denominator"), default=2, validators=[MinValueValidator(1)]
    )
    quorum_strictly_more = models.BooleanField(
        _("more than that share"),
        default=True,
        help_text=_("Ticked: more than the share (half plus one). Unticked: at least the share."),
    )
    proxies_count_for_quorum = models.BooleanField(_("proxies count for the quorum"), default=True)
    max_proxies = models.PositiveSmallIntegerField(
        _("proxies a member present may carry"),
        default=1,
        validators=[MaxValueValidator(10)],
    )
    chair_casting_vote = models.BooleanField(
        _("the chair has a casting vote"),
        default=False,
        help_text=_("Unticked, a tie rejects the motion."),
    )
    default_majority = models.CharField(
        _("default majority"),
        max_length=12,
        choices=Majority.choices,
        default=Majority.SIMPLE,
    )

    class Meta:
        verbose_name = _("meeting rules")
        verbose_name_plural = _("meeting rules")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind"], name="meetingrules_unique_kind"),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gte=1), name="meetingrules_denominator_positive"
            ),
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="meetingrules_quorum_at_most_all",
            ),
        ]

    def __str__(self) -> str:
        return str(MeetingKind(self.kind).label)

    # What a meeting's rules are made of (the rules form edits them; a closed meeting keeps
    # them with its roster).
    RULE_FIELDS = (
        "quorum_numerator",
        "quorum_denominator",
        "quorum_strictly_more",
        "proxies_count_for_quorum",
        "max_proxies",
        "chair_casting_vote",
        "default_majority",
    )

    @classmethod
    def for_kind(cls, kind: str) -> MeetingRules:
        rules = cls.objects.filter(kind=kind).first()
        return rules if rules is not None else cls(kind=kind, **DEFAULT_RULES.get(kind, {}))


# The defaults (also written by the data migration): half plus one for decisions, nothing for
# the daily team meeting.
DEFAULT_RULES: dict[str, dict] = {
    MeetingKind.BOARD: {"quorum_numerator": 1, "quorum_denominator": 2},
    MeetingKind.COMMITTEE: {"quorum_numerator": 1, "quorum_denominator": 2},
    MeetingKind.GENERAL_ASSEMBLY: {"quorum_numerator": 1, "quorum_denominator": 2},
    MeetingKind.TEAM: {"quorum_numerator": 0, "quorum_denominator": 1},
}


class MeetingQuerySet(models.QuerySet):
    def for_member(self, user, season) -> MeetingQuerySet:
        """Meetings ``user`` is convened to: every board, assembly and team meeting of the
        season, and the meetings of the committees they sit on that day."""
        from members.models import CommitteeMembership

        on_committee = CommitteeMembership.objects.filter(
            season=season,
            user=user,
            committee=models.OuterRef("committee"),
            starts_on__lte=models.OuterRef("starts_at__date"),
            ends_on__gte=models.OuterRef("starts_at__date"),
        )
        return self.filter(season=season).filter(
            ~Q(kind=MeetingKind.COMMITTEE) | Q(models.Exists(on_committee))
        )

    def upcoming(self, now: dt.datetime | None = None) -> MeetingQuerySet:
        now = now or timezone.now()
        return self.exclude(status=Meeting.Status.CLOSED).filter(
            starts_at__gte=now - dt.timedelta(hours=12)
        )


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        CLOSED = "closed", pgettext_lazy("meeting status", "closed")

    season = models.ForeignKey(
        "members.Season",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("season"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MeetingKind.choices)
    committee = models.ForeignKey(
        "members.Committee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("committee"),
    )
    title = models.CharField(_("title"), max_length=150)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=150, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_meetings",
        verbose_name=_("chair"),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minuted_meetings",
        verbose_name=_("secretary"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    convened_at = models.DateTimeField(_("convocation sent at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Written when the meeting closes: who was convened, present, excused or absent, the
    # proxies that counted, the rules and the quorum (see ``governance.queries``). A closed
    # meeting is read from it, so later enrolments or rule changes never rewrite its record.
    # Attendance only: nothing here says how anyone voted.
    closing_roster = models.JSONField(_("roster at closing"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="committee", committee__isnull=False)
                | (~Q(kind="committee") & Q(committee__isnull=True)),
                name="meeting_committee_iff_committee_kind",
            ),
        ]
        indexes = [models.Index(fields=["season", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y})"

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def is_in_progress(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    notes = models.TextField(
        _("secretary's notes"), blank=True, help_text=_("What was said, for the minutes.")
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


def _secret_requested_by() -> models.ForeignKey:
    """The member who asked for a secret ballot (a motion, an election): any member may."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secret ballot requested by"),
    )


class Topic(models.TextChoices):
    """What a decision is about, so that the register can show the rules in force."""

    GENERAL = "general", _("general decision")
    NAME = "name", _("name of the cooperative")
    INTERNAL_RULES = "internal_rules", _("internal rules")
    SHARE_OUT = "share_out", _("share-out of the earnings")
    MINUTES = "minutes", _("approval of minutes")


class Motion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("to be voted")
        OPEN = "open", _("vote open")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        POSTPONED = "postponed", _("postponed")

    Majority = Majority

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="motions", verbose_name=_("agenda item")
    )
    amends = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("amends"),
    )
    title = models.CharField(_("title"), max_length=150)
    text = models.TextField(_("text"))
    # An amendment is the whole text of its motion as amended; ``original_text`` is the
    # motion's text it was written against. Adopted, it becomes the motion's text if that
    # text did not change meanwhile (another amendment adopted first).
    original_text = models.TextField(_("text of the motion amended"), blank=True)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_motions",
        verbose_name=_("proposed by"),
    )
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices, default="general")
    approves_minutes_of = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approval_motions",
        verbose_name=_("approves the minutes of"),
    )
    majority = models.CharField(
        _("majority"), max_length=12, choices=Majority.choices, default=Majority.SIMPLE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    secret_requested_by = _secret_requested_by()
    # The result, written when the vote closes (the minutes and the register read it).
    votes_yes = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_no = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    voters = models.PositiveSmallIntegerField(_("members present or represented"), default=0)
    casting_vote = models.CharField(_("casting vote"), max_length=8, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        # Each motion followed by its amendments.
        ordering = [
            "item__position",
            Coalesce("amends_id", "id").asc(),
            F("amends_id").asc(nulls_first=True),
            "pk",
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_decided(self) -> bool:
        return self.status in {self.Status.ADOPTED, self.Status.REJECTED}

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None

    def verdict(self, casting_vote: str | None = None):
        """The rule's verdict on the counts written at closing (``governance.rules``)."""
        return motion_result(
            yes=self.votes_yes,
            no=self.votes_no,
            abstain=self.votes_abstain,
            voters=self.voters,
            rule=RuleMajority(self.majority),
            casting_vote=RuleChoice(casting_vote) if casting_vote else None,
        )


class Election(models.Model):
    class Method(models.TextChoices):
        PER_SEAT = "per_seat", _("one ballot per seat")
        MULTIPLE = "multiple", _("one ballot, several names")

    class Status(models.TextChoices):
        DRAFT = "draft", _("candidacies open")
        VOTING = "voting", _("voting")
        DECIDED = "decided", _("decided")
        APPLIED = "applied", _("applied to the roles")

    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="elections",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=150)
    role = models.ForeignKey(
        "members.Role",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("role"),
    )
    committee = models.ForeignKey(
        "members.Committee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committee"),
    )
    seats = models.PositiveSmallIntegerField(
        _("seats"), default=1, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    method = models.CharField(
        _("ballot"), max_length=10, choices=Method.choices, default=Method.PER_SEAT
    )
    absolute_majority_first_round = models.BooleanField(
        _("absolute majority needed in the first round"), default=True
    )
    term_starts_on = models.DateField(_("term starts on"))
    term_ends_on = models.DateField(_("term ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    secret_requested_by = _secret_requested_by()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["item__position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__isnull=True) | Q(committee__isnull=True),
                name="election_role_or_committee",
            ),
            models.CheckConstraint(
                condition=Q(role__isnull=True) | Q(seats=1), name="election_role_has_one_seat"
            ),
            models.CheckConstraint(
                condition=Q(term_ends_on__gte=models.F("term_starts_on")),
                name="election_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("election")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="candidacies",
        verbose_name=_("member"),
    )
    elected = models.BooleanField(_("elected"), default=False)
    elected_round = models.PositiveSmallIntegerField(_("elected at round"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["user__first_name", "user__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "user"], name="candidate_unique_per_election"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class Ballot(models.Model):
    """One round of voting on a motion, or on an election (a seat, a round)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", pgettext_lazy("ballot status", "closed")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("meeting")
    )
    motion = models.ForeignKey(
        Motion, on_delete=models.CASCADE, null=True, blank=True, related_name="ballots"
    )
    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, null=True, blank=True, related_name="ballots"
    )
    seat = models.PositiveSmallIntegerField(_("seat"), default=1)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    candidates = models.ManyToManyField(Candidate, blank=True, related_name="ballots")
    max_choices = models.PositiveSmallIntegerField(_("names per paper"), default=1)
    secret = models.BooleanField(_("secret ballot"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="open")
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Written at closing: papers received and the counts, {"yes": 3, ...} or {"<candidate>": 2}.
    papers = models.PositiveSmallIntegerField(_("ballots cast"), default=0)
    blank = models.PositiveSmallIntegerField(_("blank"), default=0)
    tally = models.JSONField(_("tally"), default=dict, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["opened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(motion__isnull=False, election__isnull=True)
                | Q(motion__isnull=True, election__isnull=False),
                name="ballot_motion_or_election",
            ),
            # One vote at a time in a meeting: the members' phones show "the" vote.
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(status="open"), name="ballot_one_open_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["election", "seat", "round"],
                condition=Q(election__isnull=False),
                name="ballot_unique_election_round",
            ),
        ]

    # The outcome of a closed motion ballot whose tie waits for the chair's casting vote.
    AWAITING_CASTING_VOTE = "casting"

    def __str__(self) -> str:
        return str(self.motion or self.election)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def awaits_casting_vote(self) -> bool:
        return self.outcome == self.AWAITING_CASTING_VOTE


class Participation(models.Model):
    """``voter`` has voted on ``ballot`` (through ``cast_by``, who carries their proxy, or
    themselves). Once per member and ballot: the database refuses a second row."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="participations")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "voter"], name="participation_once_per_ballot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.voter} – {self.ballot}"


class VoteChoice(models.TextChoices):
    YES = RuleChoice.YES.value, _("for")
    NO = RuleChoice.NO.value, _("against")
    ABSTAIN = RuleChoice.ABSTAIN.value, _("abstention")


class NamedVote(models.Model):
    """A choice on a named ballot: a motion's yes/no/abstain, or a name in an election (no
    candidate and ``abstain``: a blank paper)."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="votes")
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        verbose_name = _("named vote")
        verbose_name_plural = _("named votes")
        constraints = [
            models.UniqueConstraint(
                fields=["participation"],
                condition=Q(candidate__isnull=True),
                name="namedvote_one_choice",
            ),
            models.UniqueConstraint(
                fields=["participation", "candidate"], name="namedvote_candidate_once"
            ),
        ]

    def __str__(self) -> str:
        return self.get_choice_display()


def _random_key() -> uuid.UUID:
    return uuid.uuid4()


class SecretVote(models.Model):
    """A paper in the ballot box of a secret ballot. Deliberately nothing here leads back to
    its voter: no user, no timestamp, a random key (rows sort in random order), and the papers
    are shuffled again when the vote closes. Never shown in the admin."""

    id = models.UUIDField(primary_key=True, default=_random_key, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="secret_votes")
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        verbose_name = _("secret ballot paper")
        verbose_name_plural = _("secret ballot papers")

    def __str__(self) -> str:
        return self.get_choice_display()


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("attendance"), max_length=8, choices=Status.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_status_display()}"


class Proxy(models.Model):
    """``giver``, who cannot come, lets ``holder`` (present) vote in their name."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proxies")
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="proxies_given",
        verbose_name=_("given by"),
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="proxies_held",
        verbose_name=_("carried by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "giver"], name="proxy_one_per_giver"),
            models.CheckConstraint(
                condition=~Q(giver=models.F("holder")), name="proxy_not_to_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.holder}"


class Minutes(models.Model):
    """The secretary's part of the minutes; the rest is drafted from the meeting itself."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    introduction = models.TextField(_("introduction"), blank=True)
    other_business = models.TextField(_("other business"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    approved_by = models.ForeignKey(
        Motion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by the motion"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # Written when the minutes are approved: the whole document as data (names, counts, times;
    # no language), so that approved minutes read the same forever.
    record = models.JSONField(_("approved record"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.meeting)


class Consultation(models.Model):
    """A quick poll between meetings (Loomio style): open to every member until it closes,
    then an outcome statement says what was decided."""

    season = models.ForeignKey(
        "members.Season", on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField(_("question"), max_length=150)
    details = models.TextField(_("details"), blank=True)
    closes_at = models.DateTimeField(_("closes at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    outcome = models.TextField(_("outcome statement"), blank=True)
    outcome_adopted = models.BooleanField(_("adopted"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    outcome_at = models.DateTimeField(_("outcome written at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-closes_at"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) < self.closes_at


class ConsultationResponse(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_responses"
    )
    choice = models.CharField(_("position"), max_length=8, choices=VoteChoice.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="consultation_one_response"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_choice_display()}"
