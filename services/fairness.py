"""Who gets the work: the fair head start and the team suggestion, as pure functions.

Cooperatives decide their own rule; the one many use, and the app's, is that members who have
earned the least so far come first. The app suggests and explains; people decide.

- ``head_start_circle``: while a new job is in its head start, only the members with the
  fewest hours see it, counting the hours validated and those booked (jobs they are on or asked
  for, hours not validated yet). "Fewest" is the lowest third of the members (at least as many
  as the job's seats), everyone tied with the last of them included, so that at the start of
  the season, when nobody has worked yet, everyone sees every job.
- ``suggest_team``: for the free seats of a job, the members who may take it (free, cleared,
  skilled, within their limits: the rules said so beforehand), least earned first, counting
  what they will earn on the jobs already booked (otherwise, until hours are validated, the
  same members would be picked for every job); when the team would have nobody who has done
  this service before, the most deserving experienced member takes one of the seats so that
  a newcomer learns from them. Every pick says why.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal


def head_start_circle(hours_by_member: Mapping[int, Decimal], seats: int) -> frozenset[int]:
    """The members a new job is first shown to: the fewest hours so far (see module doc)."""
    if not hours_by_member:
        return frozenset()
    ranked = sorted(hours_by_member.values())
    size = circle_size(len(ranked), seats)
    if size >= len(ranked):
        return frozenset(hours_by_member)
    cutoff = ranked[size - 1]
    return frozenset(member for member, hours in hours_by_member.items() if hours <= cutoff)


def circle_size(members: int, seats: int) -> int:
    """How many of ``members`` a new job of ``seats`` seats is first shown to, before the
    members tied with the last of them."""
    return max(math.ceil(members / 3), seats, 1)


def in_head_start_circle(members: int, fewer_hours: int, seats: int) -> bool:
    """Whether a member is in ``head_start_circle`` of ``members`` members for a job of
    ``seats`` seats, when ``fewer_hours`` of them have fewer hours than they do: the same
    answer from three numbers (a member is within the circle's last hours exactly when fewer
    members than its size come before them), whatever the cooperative's size."""
    return fewer_hours < circle_size(members, seats)


def head_start_ends(created_at: dt.datetime, hours: int) -> dt.datetime:
    return created_at + dt.timedelta(hours=hours)


@dataclass(frozen=True)
class Candidate:
    """A member as the suggestion sees them for one job."""

    member_id: int
    earned: Decimal = Decimal(0)  # validated hours x rate, this season
    hours: Decimal = Decimal(0)  # validated hours, this season
    experience: int = 0  # jobs of this service done so far
    refusal: str | None = None  # the first rule the job would break for them
    available: bool = True  # within their weekly availability and not away
    booked_earnings: Decimal = Decimal(0)  # pay of the jobs booked, not validated yet
    booked_hours: Decimal = Decimal(0)  # hours of those jobs

    @property
    def key(self) -> tuple[Decimal, Decimal, int]:
        """Least earned first, counting the jobs booked, then fewest hours; the id settles
        ties, deterministically."""
        return (
            self.earned + self.booked_earnings,
            self.hours + self.booked_hours,
            self.member_id,
        )


@dataclass(frozen=True)
class Reason:
    code: str  # "least_earned", "experienced", "newcomer"
    earned: Decimal = Decimal(0)
    average: Decimal = Decimal(0)
    experience: int = 0
    booked: Decimal = Decimal(0)  # with "least_earned": the pay of the jobs booked


@dataclass(frozen=True)
class Pick:
    member_id: int
    reasons: tuple[Reason, ...]

    def has(self, code: str) -> bool:
        return any(reason.code == code for reason in self.reasons)


def eligible(candidates: Sequence[Candidate], on_team: frozenset[int]) -> list[Candidate]:
    """Candidates who may take the job, least earned first."""
    return sorted(
        (c for c in candidates if c.refusal is None and c.available and c.member_id not in on_team),
        key=lambda c: c.key,
    )


def suggest_team(
    *,
    free_seats: int,
    candidates: Sequence[Candidate],
    on_team: frozenset[int] = frozenset(),
    team_has_experience: bool = False,
) -> list[Pick]:
    """Members to propose for ``free_seats`` seats of a job, with the reason for each pick.

    ``on_team``: members already on the job (approved or waiting); ``team_has_experience``:
    one of them has done this service before. Deterministic: the order of ``candidates``
    does not matter.
    """
    pool = eligible(candidates, on_team)
    if free_seats <= 0 or not pool:
        return []
    chosen = pool[:free_seats]
    team_size = len(on_team) + len(chosen)
    experienced = [c for c in pool if c.experience > 0]
    paired: Candidate | None = None
    if (
        team_size >= 2
        and not team_has_experience
        and experienced
        and not any(c.experience > 0 for c in chosen)
    ):
        # The least deserving of the equity picks gives way to the first experienced member.
        paired = experienced[0]
        chosen = [*chosen[:-1], paired]
    average = sum((c.key[0] for c in pool), Decimal(0)) / len(pool)
    average = average.quantize(Decimal("0.01"))
    has_mentor = team_has_experience or any(c.experience > 0 for c in chosen)
    has_newcomer = any(c.experience == 0 for c in chosen) or (
        len(on_team) > 0 and not team_has_experience
    )
    picks = []
    for candidate in chosen:
        reasons: list[Reason] = []
        if candidate is paired:
            reasons.append(Reason("experienced", experience=candidate.experience))
        else:
            reasons.append(
                Reason(
                    "least_earned",
                    earned=candidate.earned,
                    average=average,
                    booked=candidate.booked_earnings,
                )
            )
            if candidate.experience > 0 and has_newcomer and team_size >= 2:
                reasons.append(Reason("experienced", experience=candidate.experience))
        if candidate.experience == 0 and has_mentor and team_size >= 2:
            reasons.append(Reason("newcomer"))
        picks.append(Pick(candidate.member_id, tuple(reasons)))
    return picks
