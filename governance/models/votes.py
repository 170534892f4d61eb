"""Votes: ballots, who took part, named choices and the secret ballot box (see the package's
docstring for how a secret ballot stays secret)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from governance.models.meetings import Meeting
from governance.models.motions import Candidate, Election, Motion
from governance.models.records import VotedRecord
from governance.rules import Choice as RuleChoice


class Ballot(VotedRecord):
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

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

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

    @classmethod
    def is_voted_state(cls, stored: dict) -> bool:
        return stored.get("status") == cls.Status.CLOSED

    @classmethod
    def writable_once_voted(cls, stored: dict) -> set[str]:
        # A tie waiting for the chair's casting vote is settled on the closed ballot.
        return {"outcome"} if stored.get("outcome") == cls.AWAITING_CASTING_VOTE else set()

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


class SecretCount(models.Model):
    """How many papers of a secret ballot chose one option: a motion's for, against or
    abstention, a candidate, or a blank paper (no candidate, ``abstain``). All the options of a
    ballot get their row when it opens, and every paper updates every row of its ballot in one
    statement (adding 0 to the options not chosen): the rows never move, never multiply, and
    all carry the same last writer whatever was chosen, so nothing stored pairs a voter with a
    choice. The number of papers is the number of participations. Never shown in the admin."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="secret_counts")
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("secret ballot count")
        verbose_name_plural = _("secret ballot counts")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "choice"],
                condition=Q(candidate__isnull=True),
                name="secretcount_one_per_choice",
            ),
            models.UniqueConstraint(
                fields=["ballot", "candidate"],
                condition=Q(candidate__isnull=False),
                name="secretcount_one_per_candidate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate or self.get_choice_display()}: {self.count}"
