"""A member's working time in a season, summed once when it changes instead of on every page.

The head-start circle (``services.queries.work.circle_hours``) compares the working time of
every member taking part: summing the season's claims, jobs and hours for it on each board
and dashboard cost as much as the season was long. ``WorkTally`` keeps those three sums per
member and season; ``services.actions.tally_refresh`` recomputes a member's row from the
claims, jobs and hours themselves (never adds to it, so it cannot drift), in the same
transaction as the write that changed them (``services.receivers``), and
``services.actions.tally_rebuild`` recomputes a season's rows (seeding, ``manage.py
rebuild_work_tallies``). The claims, jobs and hours stay the facts a leader traces.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkTally(models.Model):
    season = models.ForeignKey(
        "members.Season", on_delete=models.CASCADE, related_name="+", verbose_name=_("season")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    # Of the member's claims waiting or approved on the season's jobs not cancelled: the
    # validated hours of those approved, the hours logged and not validated yet, and the
    # planned hours (in hundredths, each job rounded as ``hours_between``) of those without
    # hours logged.
    worked = models.DecimalField(_("hours validated"), max_digits=8, decimal_places=2, default=0)
    logged = models.DecimalField(_("hours logged"), max_digits=8, decimal_places=2, default=0)
    planned = models.PositiveIntegerField(_("planned hours (hundredths)"), default=0)

    class Meta:
        verbose_name = _("working time")
        verbose_name_plural = _("working times")
        constraints = [
            models.UniqueConstraint(
                fields=["season", "member"], name="worktally_one_per_member_and_season"
            )
        ]
        # The leaders' hours chart: the season's members with the most validated hours, read
        # from the top of the index, and how many have some, counted from it alone.
        indexes = [models.Index(fields=["season", "worked"], name="worktally_season_worked")]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.season_id}: {self.worked}+{self.logged}+{self.planned}"
