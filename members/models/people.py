"""The people: ``User`` (a leader or a member), the ``MemberProfile`` every member has, the
``Skill`` list with the ``MemberSkill`` rows members hold, and their ``Absence`` dates.

The profile answers the work rules ("may this member work on that day?"); use
``User.objects.with_work_facts()`` to ask them of many members without a query each.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models, router
from django.db.models import BooleanField, ExpressionWrapper, F, Prefetch, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cjs.db import QueryShape
from members.models.cooperative import Enrolment, Season

# A guardian signs the parental authorization for one summer: last summer's does not clear a
# minor this summer (it lasts a year from the day it was received, whatever the season dates).
AUTHORIZATION_LASTS = dt.timedelta(days=365)

WEEKDAY_NAMES = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]
HALF_DAY_NAMES = [_("morning"), _("afternoon")]
AFTERNOON_STARTS = dt.time(13, 0)
EVERY_HALF_DAY = (1 << 14) - 1


def half_day_bit(weekday: int, afternoon: bool) -> int:
    """Weekly availability is 14 bits: bit ``2 * weekday`` the morning (before 13:00), the
    next one the afternoon."""
    return 1 << (2 * weekday + int(afternoon))


def eighteen_years_before(day: dt.date) -> dt.date:
    """Whoever was born on that day or before is an adult on ``day``."""
    try:
        return day.replace(year=day.year - 18)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 18, day=28)


def _forgotten_adult_on(day: dt.date, to: str = "") -> Q:
    """An adult on ``day`` by what was kept when the date of birth was forgotten (of the user
    at the path ``to``, e.g. ``"user__"``)."""
    return Q(
        **{
            f"{to}profile__date_of_birth__isnull": True,
            f"{to}profile__private_facts_forgotten_on__isnull": False,
            f"{to}profile__adult_from__lte": day,
        }
    )


def _minor_on(day: dt.date, to: str = "") -> Q:
    """Under 18 on ``day``, or with no date of birth recorded (``UserQuerySet.minors_on``)."""
    unknown = Q(**{f"{to}profile__date_of_birth__isnull": True}) & ~_forgotten_adult_on(day, to)
    return unknown | Q(**{f"{to}profile__date_of_birth__gt": eighteen_years_before(day)})


def _not_cleared_on(day: dt.date, to: str = "") -> Q:
    """The user (at the path ``to``, e.g. ``"user__"``) may not work on ``day`` for want of a
    date of birth or of the parental authorization: ``UserQuerySet.not_cleared_on`` as a
    condition, for a query of another model to ask of its users' profiles by a join."""
    authorized = f"{to}profile__parental_authorization_received_on"
    return _minor_on(day, to) & (
        Q(**{f"{to}profile__date_of_birth__isnull": True})
        | Q(**{f"{authorized}__isnull": True})
        | Q(**{f"{authorized}__gt": day})
        | Q(**{f"{authorized}__lt": day - AUTHORIZATION_LASTS})
    )


def not_cleared_flag(day: dt.date, to: str = "") -> Coalesce:
    """``_not_cleared_on`` as a boolean column, false where SQL finds the condition unknown
    (as an EXISTS over it answers). The profile is read by a LEFT JOIN: a user without one
    has its columns empty, and counts as not cleared (no date of birth)."""
    return Coalesce(ExpressionWrapper(_not_cleared_on(day, to), BooleanField()), Value(False))


class UserQuerySet(models.QuerySet):
    def members(self) -> UserQuerySet:
        return self.filter(role=User.Role.MEMBER)

    def minors_on(self, day: dt.date) -> UserQuerySet:
        """Under 18 on ``day``, or with no date of birth recorded (see ``is_minor_on``)."""
        return self.filter(_minor_on(day))

    def adults_on(self, day: dt.date) -> UserQuerySet:
        return self.filter(
            Q(profile__date_of_birth__lte=eighteen_years_before(day)) | _forgotten_adult_on(day)
        )

    def not_cleared_on(self, day: dt.date) -> UserQuerySet:
        """Members who may not work on ``day`` for want of a date of birth or of the parental
        authorization (the database twin of ``MemberProfile.is_cleared_on``)."""
        return self.filter(_not_cleared_on(day))

    def enrolled_in(self, season: Season) -> UserQuerySet:
        """Members taking part in ``season`` (enrolled, not left, account active)."""
        return self.filter(
            pk__in=Enrolment.objects.filter(season=season).active().values("user_id")
        )

    def with_work_facts(self) -> UserQuerySet:
        """Load, in a fixed number of queries, everything the work rules read: the profile,
        the skills held, the dates away and the enrolment in the current season. The users
        then answer ``can_work_on``, ``work_refusal_on``, ``is_available``, ``holds_skill``,
        ``age_on``, ``is_minor_on`` and ``is_cleared_on`` without another query."""
        return self.select_related("profile").prefetch_related(
            Prefetch("member_skills", queryset=MemberSkill.objects.select_related("skill")),
            "absences",
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.filter(season__status=Season.Status.CURRENT),
                to_attr="current_enrolments",
            ),
        )


class CJSUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    def get(self, *args, **kwargs):
        """``User.objects.get(pk=<int>)`` (what Django's ``ModelBackend`` asks at every
        request of a logged-in user) by SQL compiled once (``cjs.db.QueryShape``): the same
        row, the same errors; any other lookup as Django makes it."""
        pk = kwargs.get("pk")
        if args or len(kwargs) != 1 or type(pk) is not int or self._db is not None:
            return super().get(*args, **kwargs)
        found = _USER_BY_PK.instances(pk, using=router.db_for_read(self.model))
        if not found:
            raise self.model.DoesNotExist(
                f"{self.model._meta.object_name} matching query does not exist."
            )
        return found[0]

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # ``createsuperuser`` makes the first leader of a new installation.
        extra_fields.setdefault("role", User.Role.LEADER)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    class Role(models.TextChoices):
        LEADER = "leader", _("youth leader")
        MEMBER = "member", _("member")

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Asks for a new password at the next login (first login)."),
    )
    temporary_password_set_at = models.DateTimeField(
        _("temporary password given at"),
        null=True,
        blank=True,
        help_text=_("A temporary password stops opening the account some days later."),
    )
    # Kept in step with the user's confirmed django-otp devices by ``members.actions`` (and
    # by a receiver when the technical admin deletes a device): the pages of minors' data
    # read it on every request, without a query.
    two_factor_enabled = models.BooleanField(
        _("two-factor sign-in"),
        default=False,
        editable=False,
        help_text=_("Logs in with a code from an authenticator app after the password."),
    )

    erased_at = models.DateTimeField(
        _("personal data erased at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Anonymised at their request: the hours, votes and totals stay."),
    )

    objects = CJSUserManager()

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]
        indexes = [
            # The directory reads its pages in this order, a page at a time.
            models.Index(
                fields=["last_name", "first_name", "username"], name="user_directory_order"
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    # The work facts of a member, answered by their profile (see ``MemberProfile``). A user
    # without a profile (a leader) has no age on record and never takes jobs.

    @property
    def member_profile(self) -> MemberProfile | None:
        # The profile loaded with the user (``select_related``, ``with_work_facts``) read as
        # the descriptor reads it, without its layers: the rules ask it some ten times a row
        # of a page. None cached: the user has no profile (the descriptor raises).
        cache = self._state.fields_cache
        if "profile" in cache:
            return cache["profile"]
        try:
            return self.profile
        except MemberProfile.DoesNotExist:
            return None

    def age_on(self, day: dt.date) -> int | None:
        profile = self.member_profile
        return profile.age_on(day) if profile else None

    def is_minor_on(self, day: dt.date) -> bool:
        profile = self.member_profile
        return profile.is_minor_on(day) if profile else False

    def is_cleared_on(self, day: dt.date) -> bool:
        profile = self.member_profile
        return profile.is_cleared_on(day) if profile else True

    def can_work_on(self, day: dt.date) -> bool:
        return self.work_refusal_on(day) is None

    def work_refusal_on(self, day: dt.date) -> str | None:
        profile = self.member_profile
        if profile is None:
            return gettext("Only members take jobs.")
        return profile.work_refusal_on(day)

    def is_available(self, day: dt.date, start: dt.time, end: dt.time) -> bool:
        profile = self.member_profile
        return profile.is_available(day, start, end) if profile else False

    def holds_skill(self, skill: Skill | int, on: dt.date) -> bool:
        profile = self.member_profile
        return profile.holds_skill(skill, on) if profile else False

    @property
    def is_leader(self) -> bool:
        """Leaders (and superusers) run the site; they hold every capability."""
        return self.is_active and (self.role == self.Role.LEADER or self.is_superuser)

    @property
    def is_member(self) -> bool:
        return self.is_active and self.role == self.Role.MEMBER

    def reads_private_facts_of(self, member_id: int | None) -> bool:
        """What tells about a member's age, guardian's authorization or working-time limits
        is for the leaders and the member themselves, never for other members, delegates
        included."""
        return self.is_leader or (member_id is not None and self.pk == member_id)


class Skill(models.Model):
    """Something a member knows how to do (gardening, babysitting, ...), a list leaders manage.
    Services require skills; members hold them."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    requires_certificate = models.BooleanField(
        _("needs a certificate"),
        default=False,
        help_text=_("A member holds this skill only with a certificate (babysitting: PSC1, BAFA)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class MemberProfile(models.Model):
    """What the cooperative knows about a member (one per member; leaders have none).

    Date of birth, guardian and emergency contact are personal data of minors: only leaders
    read them. The methods answer the work rules; use ``User.objects.with_work_facts()`` to
    ask them of many members without a query each.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="profile", verbose_name=_("member")
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    guardian_name = models.CharField(_("legal guardian"), max_length=120, blank=True)
    guardian_phone = models.CharField(_("guardian's phone"), max_length=30, blank=True)
    guardian_email = models.EmailField(_("guardian's email"), blank=True)
    parental_authorization_received_on = models.DateField(
        _("parental authorization received on"),
        null=True,
        blank=True,
        help_text=_("The date the signed authorization of the legal guardian was received."),
    )
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=120, blank=True)
    emergency_contact_phone = models.CharField(
        _("emergency contact's phone"), max_length=30, blank=True
    )
    availability = models.PositiveSmallIntegerField(
        _("weekly availability"),
        default=EVERY_HALF_DAY,
        help_text=_("The half-days of the week the member can work."),
    )
    # What stays of the date of birth once it is forgotten (retention, erasure): see
    # ``adult_from_kept``. The hours worked as a minor stay checkable.
    adult_from = models.DateField(_("adult from"), null=True, blank=True, editable=False)
    private_facts_forgotten_on = models.DateField(
        _("private facts forgotten on"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The audit trail (django-simple-history, see README "Libraries").
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(availability__lte=EVERY_HALF_DAY), name="profile_availability_bits"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    def age_on(self, day: dt.date) -> int | None:
        birth = self.date_of_birth
        if birth is None:
            return None
        return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))

    def is_minor_on(self, day: dt.date) -> bool:
        """Under 18 on ``day``. An unknown date of birth counts as a minor: the rules that
        protect minors apply until a leader records it. Once forgotten (retention, erasure),
        what was kept answers (``adult_from``)."""
        if self.date_of_birth is None and self.private_facts_forgotten_on is not None:
            return self.adult_from is None or day < self.adult_from
        age = self.age_on(day)
        return age is None or age < 18

    def is_cleared_on(self, day: dt.date) -> bool:
        """An adult, or a minor whose parental authorization was received by ``day``, less
        than a year before (``AUTHORIZATION_LASTS``)."""
        return self.clearance_problem_on(day) is None

    def clearance_problem_on(self, day: dt.date) -> str | None:
        if self.date_of_birth is None:
            return gettext("Date of birth unknown: a youth leader must record it.")
        if not self.is_minor_on(day):
            return None
        received = self.parental_authorization_received_on
        if received is None or received > day:
            return gettext("Minor without the parental authorization.")
        if received < day - AUTHORIZATION_LASTS:
            return gettext(
                "Minor whose parental authorization (received on %(date)s) is more than a year "
                "old: a new one is needed each summer."
            ) % {"date": date_format(received, "SHORT_DATE_FORMAT")}
        return None

    def is_away_on(self, day: dt.date) -> bool:
        return any(a.starts_on <= day <= a.ends_on for a in self.user.absences.all())

    def is_enrolled_on(self, day: dt.date) -> bool:
        """Enrolled in the current season and not left by ``day``."""
        user = self.user
        enrolments = getattr(user, "current_enrolments", None)
        if enrolments is None:
            enrolments = Enrolment.objects.filter(user=user, season__status=Season.Status.CURRENT)
        return any(e.left_on is None or e.left_on > day for e in enrolments)

    def work_refusal_on(self, day: dt.date) -> str | None:
        """Why the member may not work on ``day``, or ``None`` when they may."""
        if not self.user.is_active:
            return gettext("This member's account is deactivated.")
        if not self.is_enrolled_on(day):
            return gettext("This member is not enrolled in the current season.")
        problem = self.clearance_problem_on(day)
        if problem:
            return problem
        if self.is_away_on(day):
            return gettext("This member is away that day.")
        return None

    def can_work_on(self, day: dt.date) -> bool:
        return self.work_refusal_on(day) is None

    def is_available_at(self, weekday: int, afternoon: bool) -> bool:
        return bool(self.availability & half_day_bit(weekday, afternoon))

    def is_available(self, day: dt.date, start: dt.time, end: dt.time) -> bool:
        """Free from ``start`` to ``end`` on ``day``: the half-days it touches are in the
        weekly availability, and the member is not away."""
        if self.is_away_on(day):
            return False
        weekday = day.weekday()
        if start < AFTERNOON_STARTS and not self.is_available_at(weekday, afternoon=False):
            return False
        return not (end > AFTERNOON_STARTS and not self.is_available_at(weekday, afternoon=True))

    def availability_rows(self) -> list[tuple[str, list[bool]]]:
        """``[(day name, [free in the morning, free in the afternoon]), ...]``."""
        return [
            (
                WEEKDAY_NAMES[day],
                [self.is_available_at(day, False), self.is_available_at(day, True)],
            )
            for day in range(7)
        ]

    def holds_skill(self, skill: Skill | int, on: dt.date) -> bool:
        """The member holds ``skill`` on ``on`` (with a valid certificate when it needs one)."""
        skill_id = skill if isinstance(skill, int) else skill.pk
        return any(
            held.skill_id == skill_id and held.is_valid_on(on)
            for held in self.user.member_skills.all()
        )


# What tells a member's age and clearance (the "not cleared" badge), of their profile.
CLEARANCE_FACTS = (
    "date_of_birth",
    "parental_authorization_received_on",
    "private_facts_forgotten_on",
    "adult_from",
)


class ClearanceFacts:
    """The ``CLEARANCE_FACTS`` of a profile read as plain columns, for the pages that list
    many members (a ``MemberProfile`` instance costs some seventy Python calls to make). They
    answer ``age_on``, ``is_minor_on`` and ``clearance_problem_on`` with the profile's own
    methods, so the rules stay in one place."""

    __slots__ = CLEARANCE_FACTS

    def __init__(
        self,
        date_of_birth: dt.date | None,
        parental_authorization_received_on: dt.date | None,
        private_facts_forgotten_on: dt.date | None,
        adult_from: dt.date | None,
    ) -> None:
        self.date_of_birth = date_of_birth
        self.parental_authorization_received_on = parental_authorization_received_on
        self.private_facts_forgotten_on = private_facts_forgotten_on
        self.adult_from = adult_from

    age_on = MemberProfile.age_on
    is_minor_on = MemberProfile.is_minor_on
    is_cleared_on = MemberProfile.is_cleared_on
    clearance_problem_on = MemberProfile.clearance_problem_on


class SkillLevel(models.TextChoices):
    """How far a member's skill is known: the member ticked it (declared), a youth leader or
    the delegated HR committee vouched for it (confirmed), or the member used it on a job whose
    hours were validated (earned). A service asks for each of its skills either level
    ``DECLARED`` (any level will do) or ``CONFIRMED`` (confirmed or earned)."""

    DECLARED = "declared", _("declared")
    CONFIRMED = "confirmed", _("confirmed")
    EARNED = "earned", _("earned on a job")


class MemberSkill(models.Model):
    """A skill a member holds. A skill that needs a certificate counts only while the
    certificate (checked by a leader) is valid. Declared by the member, it may be confirmed by
    a youth leader or the HR committee (``confirmed_by``, ``confirmed_at``) or earned by hours
    validated on a job that uses it (``earned_at``, the first such validation)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="member_skills", verbose_name=_("member")
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="holders", verbose_name=_("skill")
    )
    certificate_until = models.DateField(
        _("certificate valid until"),
        null=True,
        blank=True,
        help_text=_("Only for the skills that need a certificate; recorded by a youth leader."),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    earned_at = models.DateTimeField(
        _("earned at"),
        null=True,
        blank=True,
        help_text=_("When hours on a job using this skill were first validated."),
    )

    class Meta:
        verbose_name = _("skill held")
        verbose_name_plural = _("skills held")
        ordering = ["skill__order", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="member_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.skill}"

    @property
    def level(self) -> str:
        if self.confirmed_at is not None:
            return SkillLevel.CONFIRMED
        if self.earned_at is not None:
            return SkillLevel.EARNED
        return SkillLevel.DECLARED

    def get_level_display(self) -> str:
        return SkillLevel(self.level).label

    @property
    def is_vouched_for(self) -> bool:
        """Confirmed by someone or earned on a job: what a service asking for a confirmed
        skill accepts, and what the attestation lists."""
        return self.level != SkillLevel.DECLARED

    def is_valid_on(self, day: dt.date) -> bool:
        if not self.skill.requires_certificate:
            return True
        return self.certificate_until is not None and self.certificate_until >= day


class Absence(models.Model):
    """Dates a member is away (holidays, exams), both ends included."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="absences", verbose_name=_("member")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("date away")
        verbose_name_plural = _("dates away")
        ordering = ["starts_on", "ends_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="absence_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.starts_on:%d/%m} – {self.ends_on:%d/%m})"


@receiver(post_save, sender=User)
def _give_members_a_profile(sender, instance: User, created: bool, raw: bool, **kwargs) -> None:
    """Every member has a profile, whoever created the account (a form, the back office)."""
    if raw or instance.role != User.Role.MEMBER:
        return
    update_fields = kwargs.get("update_fields")
    if created or update_fields is None or "role" in update_fields:
        MemberProfile.objects.get_or_create(user=instance)


_USER_BY_PK = QueryShape(
    lambda pk: User._default_manager.get_queryset().filter(pk=pk).order_by(), int
)
