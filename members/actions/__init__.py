"""Business operations of the members app, one module per topic (``seasons``, ``people``,
``rotation``, ``portfolio``, ``skills``). Each validates, locks, writes atomically, and raises
``DomainError`` with a readable message when a rule refuses. Import them from here:
``from members import actions; actions.member_create(...)``."""

from cjs.errors import DomainError  # callers catch what the actions raise
from members.actions.erasure import forget_private_facts, member_erase
from members.actions.people import (
    PROFILE_FIELDS,
    MemberDetails,
    absence_add,
    absence_delete,
    credentials_issue,
    first_login_complete,
    first_login_link_send,
    member_create,
    member_deactivate,
    member_reactivate,
    member_update,
    members_import,
    profile_update_own,
    temporary_password,
    username_for,
)
from members.actions.portfolio import (
    PortfolioDetails,
    portfolio_entry_confirm,
    portfolio_entry_delete,
    portfolio_entry_save,
    portfolio_entry_unconfirm,
)
from members.actions.rotation import (
    rotation_plan_create,
    rotation_plan_delete,
    rotation_publish,
    rotation_replan,
    rotation_seat_move,
    rotation_seat_place,
    rotation_seat_set,
    rotation_seats_swap,
    rotation_take_in,
)
from members.actions.seasons import (
    cooperative_update,
    grants_replace,
    refuse_archived,
    season_start,
)
from members.actions.security import lockout_lift
from members.actions.skills import (
    member_skill_confirm,
    member_skill_withdraw,
    member_skills_earn,
)
from members.actions.two_factor import (
    TwoFactorSetup,
    two_factor_check,
    two_factor_confirm,
    two_factor_disable,
    two_factor_reset,
    two_factor_start,
)

__all__ = [
    "PROFILE_FIELDS",
    "DomainError",
    "MemberDetails",
    "PortfolioDetails",
    "TwoFactorSetup",
    "absence_add",
    "absence_delete",
    "cooperative_update",
    "credentials_issue",
    "first_login_complete",
    "first_login_link_send",
    "forget_private_facts",
    "grants_replace",
    "lockout_lift",
    "member_create",
    "member_deactivate",
    "member_erase",
    "member_reactivate",
    "member_skill_confirm",
    "member_skill_withdraw",
    "member_skills_earn",
    "member_update",
    "members_import",
    "portfolio_entry_confirm",
    "portfolio_entry_delete",
    "portfolio_entry_save",
    "portfolio_entry_unconfirm",
    "profile_update_own",
    "refuse_archived",
    "rotation_plan_create",
    "rotation_plan_delete",
    "rotation_publish",
    "rotation_replan",
    "rotation_seat_move",
    "rotation_seat_place",
    "rotation_seat_set",
    "rotation_seats_swap",
    "rotation_take_in",
    "season_start",
    "temporary_password",
    "two_factor_check",
    "two_factor_confirm",
    "two_factor_disable",
    "two_factor_reset",
    "two_factor_start",
    "username_for",
]
