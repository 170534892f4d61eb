"""Every write of the services app: ``<thing>_<verb>``, keyword-only, typed, atomic.

Each validates, locks what it changes (the request first, then its jobs, then a claim, then
the member, then the member's working time, ``tally``: the order every writer follows),
writes inside ``transaction.atomic()`` and raises ``DomainError`` with a readable message
when a rule refuses. Emails go through ``services.notify`` after commit.

- ``transitions``: the one place where requests and jobs change status (and the locks);
- ``requests``: a resident's request, quotes and answers, notes, cancellation, rating;
- ``jobs``: planning, changing, finishing and cancelling jobs;
- ``claims``: claims, approvals, direct assignments, a member leaving;
- ``replacements``: a member on a team who can't make it;
- ``hours``: hours logged and validated;
- ``reminders``: what the scheduler runs (``services/tasks.py``);
- ``tally``: each member's working time per season, recomputed when their work changes.

``team`` holds what the writes on a team share (locks, checks); it is no action itself.
"""

from services.actions.claims import (
    claim_approve,
    claim_reject,
    claim_withdraw,
    claims_approve,
    job_assign,
    job_claim,
    member_claims_check,
    member_claims_release,
    team_fit,
)
from services.actions.erasure import (
    apply_resident_retention,
    register_resident_eraser,
    resident_erase,
    scrub_member,
)
from services.actions.hours import (
    hours_log,
    hours_validate,
)
from services.actions.jobs import (
    job_cancel,
    job_create,
    job_mark_done,
    job_update,
)
from services.actions.reminders import (
    claims_waiting_remind,
    hours_to_log_remind,
    job_reminders_send,
    jobs_understaffed_remind,
    quotes_lapsing_remind,
    satisfaction_reminders_send,
)
from services.actions.replacements import (
    replacement_ask,
    replacement_assign,
    replacement_cancel,
    replacement_take,
)
from services.actions.requests import (
    quote_accept,
    quote_decline,
    quote_send,
    request_cancel,
    request_decline,
    request_note_add,
    request_submit,
    satisfaction_record,
)
from services.actions.tally import tally_rebuild, tally_refresh
from services.actions.transitions import (
    event_log,
    job_transition,
    jobs_cancel,
    request_sync_with_jobs,
    request_transition,
)

__all__ = [
    "apply_resident_retention",
    "claim_approve",
    "claim_reject",
    "claim_withdraw",
    "claims_approve",
    "claims_waiting_remind",
    "event_log",
    "hours_log",
    "hours_to_log_remind",
    "hours_validate",
    "job_assign",
    "job_cancel",
    "job_claim",
    "job_create",
    "job_mark_done",
    "job_reminders_send",
    "job_transition",
    "job_update",
    "jobs_cancel",
    "jobs_understaffed_remind",
    "member_claims_check",
    "member_claims_release",
    "quote_accept",
    "quote_decline",
    "quote_send",
    "quotes_lapsing_remind",
    "register_resident_eraser",
    "replacement_ask",
    "replacement_assign",
    "replacement_cancel",
    "replacement_take",
    "request_cancel",
    "request_decline",
    "request_note_add",
    "request_submit",
    "request_sync_with_jobs",
    "request_transition",
    "resident_erase",
    "satisfaction_record",
    "satisfaction_reminders_send",
    "scrub_member",
    "tally_rebuild",
    "tally_refresh",
    "team_fit",
]
