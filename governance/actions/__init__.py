"""Business operations of the governance app. Each validates, locks what it changes, writes
atomically and raises ``DomainError`` with a readable message when a rule refuses.

Who may call them (the chair, the secretary, a capability) is checked by the views through
``governance.access``; the rules of the democracy itself (only members present vote, once each,
quorum before a vote...) are checked here, whoever asks.
"""

from __future__ import annotations

from governance.actions.attendance import (
    attendance_set,
    proxy_give,
    proxy_revoke,
)
from governance.actions.consultations import (
    consultation_close_now,
    consultation_conclude,
    consultation_create,
    consultation_respond,
    consultations_closing_remind,
)
from governance.actions.elections import (
    candidate_add,
    candidate_remove,
    election_add,
    election_apply,
    election_request_secret,
)
from governance.actions.meetings import (
    Convocation,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
    meeting_close,
    meeting_convene,
    meeting_create,
    meeting_open,
    meeting_update,
    minutes_approval_add,
)
from governance.actions.minutes import (
    minutes_item_notes_save,
    minutes_update,
)
from governance.actions.motions import (
    motion_add,
    motion_postpone,
    motion_request_secret,
    motion_update,
    motion_withdraw,
    share_out_rule_save,
)
from governance.actions.votes import (
    ballot_casting_vote,
    ballot_close,
    ballot_open,
    vote_cast,
)

__all__ = [
    "Convocation",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "attendance_set",
    "ballot_casting_vote",
    "ballot_close",
    "ballot_open",
    "candidate_add",
    "candidate_remove",
    "consultation_close_now",
    "consultation_conclude",
    "consultation_create",
    "consultation_respond",
    "consultations_closing_remind",
    "election_add",
    "election_apply",
    "election_request_secret",
    "meeting_close",
    "meeting_convene",
    "meeting_create",
    "meeting_open",
    "meeting_update",
    "minutes_approval_add",
    "minutes_item_notes_save",
    "minutes_update",
    "motion_add",
    "motion_postpone",
    "motion_request_secret",
    "motion_update",
    "motion_withdraw",
    "proxy_give",
    "proxy_revoke",
    "share_out_rule_save",
    "vote_cast",
]
