"""What residents ask for and the work it becomes.

- ``Service``: the catalogue (names and descriptions in French and English, price, skills).
- ``ServiceRequest``: a resident's request, followed through a private tracking link.
- ``Quote``: the price proposed for a request; at most one waits for the resident's answer.
- ``Job``: one piece of work on a date, done by a team of members (the Jobs issue staffs it).
- ``RequestEvent``: who did what and when, the leaders' log and the resident's timeline.
- ``Satisfaction``: the resident's rating once the work is done.

Status changes of requests and jobs go through ``services.actions.transitions`` only.

One module per topic: ``catalogue``, ``requests``, ``jobs``, ``history``, ``teams``, ``tally``
(the members' working time per season, kept from the claims and hours).
"""

from services.models.catalogue import (
    CENT,
    Pricing,
    Service,
    ServiceQuerySet,
    ServiceSkill,
    localized,
    new_tracking_token,
)
from services.models.history import (
    EventKind,
    RequestEvent,
    Satisfaction,
)
from services.models.jobs import (
    ACTIVE_JOB_STATUSES,
    Job,
    JobQuerySet,
    JobSkill,
    JobStatus,
    work_has_started,
)
from services.models.requests import (
    CANCELLABLE_STATUSES,
    Quote,
    QuoteStatus,
    RequestStatus,
    ServiceRequest,
    ServiceRequestQuerySet,
    TimeOfDay,
    search_words,
)
from services.models.tally import WorkTally
from services.models.teams import (
    COUNTED_JOB_STATUSES,
    LIVE_CLAIM_STATUSES,
    STANDING_REJECTION,
    TAKES_A_SEAT,
    CalendarFeed,
    Claim,
    ClaimQuerySet,
    ClaimStatus,
    Replacement,
    ReplacementStatus,
    Timesheet,
    hours_between,
    new_calendar_token,
)

__all__ = [
    "ACTIVE_JOB_STATUSES",
    "CANCELLABLE_STATUSES",
    "CENT",
    "COUNTED_JOB_STATUSES",
    "LIVE_CLAIM_STATUSES",
    "STANDING_REJECTION",
    "TAKES_A_SEAT",
    "CalendarFeed",
    "Claim",
    "ClaimQuerySet",
    "ClaimStatus",
    "EventKind",
    "Job",
    "JobQuerySet",
    "JobSkill",
    "JobStatus",
    "Pricing",
    "Quote",
    "QuoteStatus",
    "Replacement",
    "ReplacementStatus",
    "RequestEvent",
    "RequestStatus",
    "Satisfaction",
    "Service",
    "ServiceQuerySet",
    "ServiceRequest",
    "ServiceRequestQuerySet",
    "ServiceSkill",
    "TimeOfDay",
    "Timesheet",
    "WorkTally",
    "hours_between",
    "localized",
    "new_calendar_token",
    "new_tracking_token",
    "search_words",
    "work_has_started",
]
