"""Meetings, their rules, agenda, attendance and proxies."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cjs.db import QueryShape
from governance.models.records import VotedRecord
from governance.rules import MajorityRule as RuleMajority
from members.models import CommitteeMembership


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
        found = _RULES_OF_KIND.instances(kind)  # one row at most: a kind is unique
        rules = found[0] if found else None
        return rules if rules is not None else cls(kind=kind, **DEFAULT_RULES.get(kind, {}))


# The rules of a kind of meeting (every meeting's roster reads them): SQL compiled once.
_RULES_OF_KIND = QueryShape(lambda kind: MeetingRules.objects.filter(kind=kind), str)


# The defaults (also written by the data migration): half plus one for decisions, nothing for
# the daily team meeting.
DEFAULT_RULES: dict[str, dict] = {
    MeetingKind.BOARD: {"quorum_numerator": 1, "quorum_denominator": 2},
    MeetingKind.COMMITTEE: {"quorum_numerator": 1, "quorum_denominator": 2},
    MeetingKind.GENERAL_ASSEMBLY: {"quorum_numerator": 1, "quorum_denominator": 2},
    MeetingKind.TEAM: {"quorum_numerator": 0, "quorum_denominator": 1},
}


# A meeting stays "to come" until it is closed, or for half a day after its start when nobody
# opened it (``MeetingQuerySet.upcoming``; the meeting list sorts its rows with ``is_upcoming``).
STILL_UPCOMING_FOR = dt.timedelta(hours=12)


def is_upcoming(status: str, starts_at: dt.datetime, now: dt.datetime) -> bool:
    return status != Meeting.Status.CLOSED and starts_at >= now - STILL_UPCOMING_FOR


def meeting_name(title: str, starts_at: dt.datetime) -> str:
    """How a meeting is named in lists and links: its title and local day."""
    return f"{title} ({timezone.localtime(starts_at):%d/%m/%Y})"


class MeetingQuerySet(models.QuerySet):
    def for_member(self, user, season) -> MeetingQuerySet:
        """Meetings ``user`` is convened to: every board, assembly and team meeting of the
        season, and the meetings of the committees they sit on that day."""
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
            starts_at__gte=now - STILL_UPCOMING_FOR
        )


class Meeting(VotedRecord):
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

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

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
        return meeting_name(self.title, self.starts_at)

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

    @classmethod
    def is_voted_state(cls, stored: dict) -> bool:
        return stored.get("status") == cls.Status.CLOSED


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
    """``giver``, who cannot come, lets ``holder`` (present) vote in their name. Given by the
    member themselves, or recorded by the chair or the secretary when the member asked them
    (``giver_asked``: they confirm it; the giver is told by email)."""

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
    # Empty for the proxies recorded before this was kept.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("proxy", "recorded by"),
    )
    giver_asked = models.BooleanField(_("asked for by the member"), default=False)
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
