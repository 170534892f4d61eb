"""Capabilities of the services app that leaders may delegate (see ``members.permissions``).

The demo hands them to the committees that do this work in a CJS: marketing answers the
residents, finance quotes, human resources plans the jobs, approves the teams and validates
the hours noted at the evening debrief.
"""

from django.utils.translation import gettext_lazy as _

from members.permissions import Capability, register

ANSWER_REQUESTS = "answer_requests"
QUOTE_REQUESTS = "quote_requests"
PLAN_JOBS = "plan_jobs"
MANAGE_CATALOGUE = "manage_catalogue"
APPROVE_CLAIMS = "approve_claims"
VALIDATE_HOURS = "validate_hours"

# Holding any of these opens the requests inbox and the request pages.
REQUEST_INBOX = (ANSWER_REQUESTS, QUOTE_REQUESTS, PLAN_JOBS)

register(
    Capability(
        ANSWER_REQUESTS,
        _("Answer service requests"),
        _(
            "Read the residents' requests, add notes, decline a request with a reason or "
            "cancel it for the resident."
        ),
    ),
    Capability(
        QUOTE_REQUESTS,
        _("Quote service requests"),
        _("Send residents a quote: hours times a rate, or a fixed price."),
    ),
    Capability(
        PLAN_JOBS,
        _("Plan jobs"),
        _("Turn accepted requests into jobs, change them, mark them done or cancel them."),
    ),
    Capability(
        MANAGE_CATALOGUE,
        _("Manage the service catalogue"),
        _("Add services, change their descriptions and prices, stop offering them."),
    ),
    Capability(
        APPROVE_CLAIMS,
        _("Approve job teams"),
        _(
            "Approve or reject the members' claims on jobs, put members on a team directly, "
            "take them off, and use the team suggestion."
        ),
        reads_minors_data=True,
    ),
    Capability(
        VALIDATE_HOURS,
        _("Validate hours"),
        _("Validate or correct the hours the members log after each job."),
        reads_minors_data=True,
    ),
)
