"""Back office for the governance app.

Ballots, participations and the votes themselves are deliberately absent: the admin must never
put who voted next to what was voted (secret ballots), and results are read in the app.
What was voted (a closed meeting, a decided motion or election, approved minutes) is shown
read-only: a correction is a new decision (``governance.models.records``).
"""

from django.contrib import admin
from django.http import HttpRequest

from cjs.admin import ReadOnlyAdmin
from governance.models import (
    AgendaItem,
    Attendance,
    Candidate,
    Consultation,
    ConsultationResponse,
    Election,
    Meeting,
    MeetingRules,
    Minutes,
    Motion,
    Proxy,
    ShareOutRule,
)


class VotedRecordAdmin(admin.ModelAdmin):
    """Changes and deletions stop once the record is voted (the form shows it read-only)."""

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        voted = obj is not None and obj.is_voted_record
        return not voted and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        voted = obj is not None and obj.is_voted_record
        return not voted and super().has_delete_permission(request, obj)


class VotedParentInline(admin.TabularInline):
    """The rows of a voted record (a closed meeting's agenda, a decided election's
    candidates) are read-only with it."""

    def _frozen(self, obj) -> bool:
        return obj is not None and obj.is_voted_record

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(MeetingRules)
class MeetingRulesAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "quorum_numerator",
        "quorum_denominator",
        "quorum_strictly_more",
        "max_proxies",
        "chair_casting_vote",
    ]


class AgendaItemInline(VotedParentInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "description"]


@admin.register(Meeting)
class MeetingAdmin(VotedRecordAdmin):
    list_display = ["title", "kind", "committee", "starts_at", "status", "season"]
    list_filter = ["season", "kind", "status"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["chair", "secretary", "created_by"]
    inlines = [AgendaItemInline]


class ShareOutRuleInline(VotedParentInline):
    """A share-out motion's rule, read-only with its voted motion."""

    model = ShareOutRule
    extra = 0
    max_num = 1


@admin.register(Motion)
class MotionAdmin(VotedRecordAdmin):
    list_display = ["title", "item", "status", "majority", "votes_yes", "votes_no", "votes_abstain"]
    list_filter = ["status", "topic", "item__meeting__season"]
    search_fields = ["title", "text"]
    raw_id_fields = ["item", "amends", "proposer", "approves_minutes_of", "secret_requested_by"]
    readonly_fields = ["votes_yes", "votes_no", "votes_abstain", "voters", "casting_vote"]
    inlines = [ShareOutRuleInline]


class CandidateInline(VotedParentInline):
    model = Candidate
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["elected", "elected_round"]


@admin.register(Election)
class ElectionAdmin(VotedRecordAdmin):
    list_display = ["title", "role", "committee", "seats", "status"]
    list_filter = ["status"]
    raw_id_fields = ["item", "applied_by"]
    inlines = [CandidateInline]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "closes_at", "outcome_adopted", "season"]
    list_filter = ["season"]
    search_fields = ["title", "outcome"]
    raw_id_fields = ["created_by", "outcome_by"]


# Written by the meeting's actions (attendance and proxies decide the quorum, minutes follow
# their approval): visible here, changed only in the app.


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "user", "status", "updated_at"]
    list_filter = ["status", "meeting__season"]
    list_select_related = ["meeting", "user"]


@admin.register(Proxy)
class ProxyAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "giver", "holder", "recorded_by", "giver_asked", "created_at"]
    list_select_related = ["meeting", "giver", "holder", "recorded_by"]


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "status", "approved_at"]
    list_filter = ["status"]
    list_select_related = ["meeting"]


@admin.register(ConsultationResponse)
class ConsultationResponseAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "user", "choice", "updated_at"]
    list_select_related = ["consultation", "user"]
