"""Signals other apps listen to, so that members does not depend on them.

``member_leaving(sender=User, user=..., on=date, by=User)``: sent inside the transaction of
``members.actions.member_deactivate`` *before* the member's row is locked (the order every
writer follows: the apps' own rows first, then the member). Receivers free what the member
held after ``on`` (seats on jobs, ...).

``member_left(sender=User, user=..., on=date)``: sent in the same transaction once the member
is deactivated and their row locked. Receivers only read: they raise ``DomainError`` when
something still holds the member after ``on`` (a job claimed at that very moment), which
rolls the whole departure back with a message asking to try again.


``season_started(sender=Season, season=..., previous=Season | None)``: sent inside the
transaction of ``members.actions.season_start`` once the new season is current. Receivers
carry over into it what is still open in the previous one (requests not yet planned).
"""

from django.dispatch import Signal

member_leaving = Signal()
member_left = Signal()
season_started = Signal()
