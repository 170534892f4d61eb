"""Capabilities of the governance app that leaders may delegate.

Without any delegation, the chair of a meeting runs that meeting (attendance, votes) and its
secretary writes its minutes: see ``governance.access``.
"""

from django.utils.translation import gettext_lazy as _

from members.permissions import Capability, register

PLAN_MEETINGS = "plan_meetings"
CHAIR_MEETINGS = "chair_meetings"
WRITE_MINUTES = "write_minutes"
RUN_CONSULTATIONS = "run_consultations"

register(
    Capability(
        PLAN_MEETINGS,
        _("Plan meetings and agendas"),
        _("Create meetings, write their agenda, motions and elections, send the convocation."),
    ),
    Capability(
        CHAIR_MEETINGS,
        _("Chair meetings"),
        _("Open and close any meeting, take attendance, open and close the votes."),
    ),
    Capability(
        WRITE_MINUTES,
        _("Write the minutes"),
        _("Write the minutes of any meeting (the secretary of a meeting always may)."),
    ),
    Capability(
        RUN_CONSULTATIONS,
        _("Run consultations"),
        _("Ask all members a question between meetings and write its outcome."),
    ),
)
