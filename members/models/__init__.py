"""The people of the cooperative and the frame their work belongs to.

- ``User``: one account per person, a *leader* (adult youth leader) or a *member* (youth).
- ``Cooperative``: the single editable record of the cooperative this site runs.
- ``Town``: the territory served (towns and postal codes).
- ``Season``: one summer; every request, job, role, meeting and sum of money belongs to one.
- ``Enrolment``: who takes part in which season (returning members are enrolled again).
- ``Committee``, ``Role`` and their dated ``CommitteeMembership`` / ``RoleAssignment``.
- ``PermissionGrant``: a leader's capability delegated to a committee or a role.
- ``MemberProfile`` (``user.profile``), ``MemberSkill`` and ``Absence``: who a member is, what
  they can do and when they are away; they answer "may this member work on that day?".
- ``RotationPlan`` and its ``RotationSeat`` rows: the rotation of roles or committees, which
  publishing turns into ``RoleAssignment`` / ``CommitteeMembership`` rows.
- ``PortfolioEntry``: the skills portfolio (boîte à compétences) of each member.

The models live in one module per topic (``people``, ``cooperative``, ``committees``,
``grants``, ``rotation``, ``portfolio``); import them from here.
"""

from members.models.committees import (
    Committee,
    CommitteeMembership,
    DatedQuerySet,
    Responsibility,
    Role,
    RoleAssignment,
    TimeBoundMembership,
    time_bound_constraints,
)
from members.models.cooperative import (
    MINOR_LIMIT_PRESETS,
    Cooperative,
    Enrolment,
    EnrolmentQuerySet,
    Season,
    SeasonQuerySet,
    Town,
    TownQuerySet,
    active_enrolment,
    normalize_postal_code,
)
from members.models.grants import PermissionGrant
from members.models.people import (
    AFTERNOON_STARTS,
    AUTHORIZATION_LASTS,
    CLEARANCE_FACTS,
    EVERY_HALF_DAY,
    HALF_DAY_NAMES,
    WEEKDAY_NAMES,
    Absence,
    CJSUserManager,
    ClearanceFacts,
    MemberProfile,
    MemberSkill,
    Skill,
    SkillLevel,
    User,
    UserQuerySet,
    eighteen_years_before,
    half_day_bit,
    not_cleared_flag,
)
from members.models.portfolio import PortfolioEntry, PortfolioEntryQuerySet
from members.models.rotation import (
    RotationJoin,
    RotationPlan,
    RotationPlanQuerySet,
    RotationSeat,
)

__all__ = [
    "AFTERNOON_STARTS",
    "AUTHORIZATION_LASTS",
    "CLEARANCE_FACTS",
    "EVERY_HALF_DAY",
    "HALF_DAY_NAMES",
    "MINOR_LIMIT_PRESETS",
    "WEEKDAY_NAMES",
    "Absence",
    "CJSUserManager",
    "ClearanceFacts",
    "Committee",
    "CommitteeMembership",
    "Cooperative",
    "DatedQuerySet",
    "Enrolment",
    "EnrolmentQuerySet",
    "MemberProfile",
    "MemberSkill",
    "PermissionGrant",
    "PortfolioEntry",
    "PortfolioEntryQuerySet",
    "Responsibility",
    "Role",
    "RoleAssignment",
    "RotationJoin",
    "RotationPlan",
    "RotationPlanQuerySet",
    "RotationSeat",
    "Season",
    "SeasonQuerySet",
    "Skill",
    "SkillLevel",
    "TimeBoundMembership",
    "Town",
    "TownQuerySet",
    "User",
    "UserQuerySet",
    "active_enrolment",
    "eighteen_years_before",
    "half_day_bit",
    "normalize_postal_code",
    "not_cleared_flag",
    "time_bound_constraints",
]
