"""What a meeting decides: motions (and amendments) and elections with their candidates."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models.meetings import AgendaItem, Majority, Meeting
from governance.models.records import VotedRecord
from governance.rules import Choice as RuleChoice
from governance.rules import MajorityRule as RuleMajority
from governance.rules import motion_result


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


class Motion(VotedRecord):
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

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

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

    @classmethod
    def is_voted_state(cls, stored: dict) -> bool:
        return stored.get("status") in {cls.Status.ADOPTED, cls.Status.REJECTED}

    @property
    def is_decided(self) -> bool:
        return self.status in {self.Status.ADOPTED, self.Status.REJECTED}

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None

    @property
    def awaits_rewrite(self) -> bool:
        """An adopted amendment that could not be written into its motion by itself (the
        motion's text changed since the amendment was written, and the motion is still to be
        voted): someone must rewrite the motion with it."""
        return (
            self.amends_id is not None
            and self.status == self.Status.ADOPTED
            and self.amends.status == self.Status.DRAFT
            and self.amends.text != self.text
        )

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


class Election(VotedRecord):
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

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

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

    @classmethod
    def is_voted_state(cls, stored: dict) -> bool:
        return stored.get("status") in {cls.Status.DECIDED, cls.Status.APPLIED}

    @classmethod
    def writable_once_voted(cls, stored: dict) -> set[str]:
        # A decided election is then applied to the roles (``election_apply``).
        if stored.get("status") == cls.Status.DECIDED:
            return {"status", "applied_at", "applied_by_id"}
        return set()

    @property
    def is_decided(self) -> bool:
        return self.status in (self.Status.DECIDED, self.Status.APPLIED)

    @property
    def votes_per_seat(self) -> bool:
        """Several seats filled one ballot at a time (each round names its seat)."""
        return self.seats > 1 and self.method == self.Method.PER_SEAT

    @property
    def awaits_application(self) -> bool:
        """Decided, and the elected members still to be given the role or committee seat."""
        return self.status == self.Status.DECIDED and bool(self.role_id or self.committee_id)

    @property
    def secret_may_be_requested(self) -> bool:
        """Nobody asked for a secret ballot yet, and the election is not decided."""
        return self.secret_requested_by_id is None and not self.is_decided


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
