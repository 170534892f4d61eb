"""Every read that builds a members' page, in a fixed number of queries.

- ``directory``: the members' directory, a page of plain rows, and its CSV export;
- ``people``: a member's page, the attestation, the portfolio, the seasons, the rotations,
  the delegations, the declared skills, a person's data, the two-factor set-up, the towns
  served.
"""

from members.queries.directory import (
    DIRECTORY_PAGE_SIZE,
    DirectoryRow,
    directory_export_header,
    directory_export_row,
    directory_page,
    directory_queryset,
    role_names,
    skill_choices,
)
from members.queries.people import (
    PROFILE_EXPORT,
    AttestedSkill,
    ServedTown,
    attestation_context,
    attested_skills,
    grant_rows,
    member_detail_context,
    member_for_leader,
    member_personal_data,
    member_with_profile,
    own_portfolio_entries,
    portfolio_entries_to_confirm,
    portfolio_entry_card,
    qr_code_svg,
    rotation_plans,
    seasons_with_member_counts,
    served_town_rows,
    served_towns,
    skills_to_confirm,
    towns_serving,
    two_factor_context,
)

__all__ = [
    "DIRECTORY_PAGE_SIZE",
    "PROFILE_EXPORT",
    "AttestedSkill",
    "DirectoryRow",
    "ServedTown",
    "attestation_context",
    "attested_skills",
    "directory_export_header",
    "directory_export_row",
    "directory_page",
    "directory_queryset",
    "grant_rows",
    "member_detail_context",
    "member_for_leader",
    "member_personal_data",
    "member_with_profile",
    "own_portfolio_entries",
    "portfolio_entries_to_confirm",
    "portfolio_entry_card",
    "qr_code_svg",
    "role_names",
    "rotation_plans",
    "seasons_with_member_counts",
    "served_town_rows",
    "served_towns",
    "skill_choices",
    "skills_to_confirm",
    "towns_serving",
    "two_factor_context",
]
