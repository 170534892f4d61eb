"""Pages of the cooperative's democracy. Views parse, authorize (``governance.access``), call
one action or read, and render; the rules live in ``governance.actions`` and ``.rules``."""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cjs.errors import DomainError
from governance import actions
from governance.access import (
    can_chair,
    can_plan,
    can_take_attendance,
    can_write_minutes,
    meeting_for,
    permissions,
    require,
    season_for,
)
from governance.capabilities import PLAN_MEETINGS, RUN_CONSULTATIONS
from governance.forms import (
    AgendaItemForm,
    ConsultationForm,
    ElectionForm,
    MeetingForm,
    MeetingRulesFormSet,
    MemberChoiceForm,
    MinutesForm,
    MotionForm,
    OutcomeForm,
    OwnProxyForm,
    ProxyForm,
    ResponseForm,
)
from governance.minutes import minutes_draft
from governance.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Candidate,
    Consultation,
    ConsultationResponse,
    Election,
    Meeting,
    MeetingRules,
    Minutes,
    Motion,
    NamedVote,
    Participation,
    Proxy,
    Topic,
    VoteChoice,
)
from governance.pdf import minutes_pdf_bytes
from governance.queries import (
    election_rounds,
    meeting_items,
    meeting_members,
    meeting_record,
    meeting_roster,
    motions_in_vote_order,
    previous_meeting_to_approve,
)
from members.permissions import leader_required, request_can


def _flash_error(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error.message)


def _attempt(request: HttpRequest, call, success: str = "") -> bool:
    """Run an action for a button: its refusal, or ``success``, becomes a flash message.
    True when the action went through."""
    try:
        call()
    except DomainError as error:
        _flash_error(request, error)
        return False
    if success:
        messages.success(request, success)
    return True


def _form_page(
    request: HttpRequest,
    form,
    *,
    save,
    heading: str,
    back: str,
    success: str = "",
    **extra,
) -> HttpResponse:
    """The pages made of one form: a valid POST calls ``save(cleaned_data)`` (an action) and
    follows the redirect it returns; a refused action re-renders the form with its message."""
    if request.method == "POST" and form.is_valid():
        try:
            response = save(form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if success:
                messages.success(request, success)
            return response
    context = {"form": form, "heading": heading, "back": back, **extra}
    return render(request, "governance/form.html", context)


def _back(meeting: Meeting, anchor: str = "") -> HttpResponse:
    url = reverse("governance:meeting_detail", args=[meeting.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


# Meetings ---------------------------------------------------------------------------------


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    season = season_for(request)
    now = timezone.now()
    meetings = Meeting.objects.filter(season=season).select_related("committee", "chair")
    if not request.user.is_leader:
        meetings = meetings.for_member(request.user, season)
    upcoming = list(meetings.upcoming(now).order_by("starts_at"))
    past = list(
        meetings.exclude(pk__in=[m.pk for m in upcoming])
        .select_related("minutes")
        .order_by("-starts_at")
    )
    consultations = list(
        Consultation.objects.filter(season=season, closes_at__gt=now)
        .annotate(answered=Count("responses", filter=Q(responses__user=request.user)))
        .order_by("closes_at")
    )
    return render(
        request,
        "governance/meeting_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "consultations": consultations,
            "can_plan": request_can(request, PLAN_MEETINGS),
            "can_consult": request_can(request, RUN_CONSULTATIONS),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    season = season_for(request)
    require(can_plan(request))

    def save(data: dict) -> HttpResponse:
        fields = ("kind", "committee", "title", "starts_at", "place", "chair", "secretary")
        meeting = actions.meeting_create(
            season=season,
            template=data["template"],
            by=request.user,
            **{name: data[name] for name in fields},
        )
        return _back(meeting)

    return _form_page(
        request,
        MeetingForm(request.POST or None, season=season),
        save=save,
        heading=_("Plan a meeting"),
        back=reverse("governance:meeting_list"),
        success=_("The meeting is planned."),
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_plan(request, meeting))

    def save(data: dict) -> HttpResponse:
        fields = ("title", "starts_at", "place", "chair", "secretary")
        actions.meeting_update(
            meeting=meeting, fields={name: data[name] for name in fields}, by=request.user
        )
        return _back(meeting)

    return _form_page(
        request,
        MeetingForm(request.POST or None, season=meeting.season, meeting=meeting),
        save=save,
        heading=_("Change the meeting"),
        back=_url(meeting),
        success=_("The meeting is updated."),
    )


def _url(meeting: Meeting) -> str:
    return reverse("governance:meeting_detail", args=[meeting.pk])


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    roster = meeting_roster(meeting)
    user = request.user
    is_member = any(m.pk == user.pk for m in roster.members)
    my_proxy = next((p for p in roster.proxies if p.giver_id == user.pk), None)
    perms = permissions(request, meeting)
    context = {
        "meeting": meeting,
        "items": meeting_items(meeting),
        "roster": roster,
        "minutes_to_approve": previous_meeting_to_approve(meeting)
        if perms["can_plan"] and not meeting.is_closed
        else None,
        "is_member": is_member,
        "my_status": roster.status.get(user.pk, ""),
        "my_proxy": my_proxy,
        "held_proxies": [p for p in roster.proxies if p.holder_id == user.pk],
        "proxy_form": OwnProxyForm(members=meeting_members(meeting).exclude(pk=user.pk))
        if is_member and not meeting.is_closed
        else None,
        **perms,
        **_live_context(request, meeting),
    }
    return render(request, "governance/meeting_detail.html", context)


def _live_context(request: HttpRequest, meeting: Meeting) -> dict:
    """What the members' phones show live: the vote open now, or the last result. Three
    queries."""
    ballot = (
        Ballot.objects.filter(meeting=meeting, status=Ballot.Status.OPEN)
        .select_related("motion", "election")
        .first()
    )
    voted = False
    if ballot is not None:
        voted = Participation.objects.filter(ballot=ballot, voter=request.user).exists()
    last = (
        Ballot.objects.filter(meeting=meeting, status=Ballot.Status.CLOSED)
        .select_related("motion", "election")
        .order_by("-closed_at", "-pk")
        .first()
    )
    return {"open_ballot": ballot, "voted": voted, "last_ballot": last}


@require_GET
def meeting_live(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    return render(
        request,
        "governance/meeting_detail.html#live",
        {"meeting": meeting, **_live_context(request, meeting)},
    )


@require_POST
def meeting_convene(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_plan(request, meeting))
    try:
        sent = actions.meeting_convene(meeting=meeting, by=request.user)
    except DomainError as error:
        _flash_error(request, error)
    else:
        messages.success(
            request, _("Convocation sent by email to %(count)d members.") % {"count": sent}
        )
    return _back(meeting)


@require_POST
def minutes_approval_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_plan(request, meeting))
    _attempt(
        request,
        lambda: actions.minutes_approval_add(meeting=meeting, by=request.user),
        _("The approval of the previous minutes is on the agenda."),
    )
    return _back(meeting, "agenda")


@require_POST
def meeting_open(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_chair(request, meeting))
    if _attempt(
        request,
        lambda: actions.meeting_open(meeting=meeting, by=request.user),
        _("The meeting is open. Take the attendance first."),
    ):
        return redirect("governance:attendance", pk=meeting.pk)
    return _back(meeting)


@require_POST
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_chair(request, meeting))
    _attempt(
        request,
        lambda: actions.meeting_close(meeting=meeting, by=request.user),
        _("The meeting is closed."),
    )
    return _back(meeting)


# Agenda -----------------------------------------------------------------------------------


def _item_for(request: HttpRequest, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    item.meeting = meeting_for(request, item.meeting_id)
    return item


@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_plan(request, meeting))

    def save(data: dict) -> HttpResponse:
        item = actions.agenda_item_add(meeting=meeting, by=request.user, **data)
        return _back(meeting, f"item-{item.pk}")

    return _form_page(
        request,
        AgendaItemForm(request.POST or None),
        save=save,
        heading=_("Add an agenda item"),
        back=_url(meeting),
    )


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    require(can_plan(request, item.meeting))

    def save(data: dict) -> HttpResponse:
        actions.agenda_item_update(item=item, by=request.user, **data)
        return _back(item.meeting, f"item-{item.pk}")

    initial = {"title": item.title, "description": item.description}
    return _form_page(
        request,
        AgendaItemForm(request.POST or None, initial=initial),
        save=save,
        heading=_("Change the agenda item"),
        back=_url(item.meeting),
    )


@require_POST
def item_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    item = _item_for(request, pk)
    meeting = item.meeting
    require(can_plan(request, meeting))
    offset = -1 if direction == "up" else 1
    _attempt(request, lambda: actions.agenda_item_move(item=item, offset=offset, by=request.user))
    if request.htmx:
        return render(
            request,
            "governance/meeting_detail.html#agenda",
            {"meeting": meeting, "items": meeting_items(meeting), **permissions(request, meeting)},
        )
    return _back(meeting, "agenda")


@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    require(can_plan(request, item.meeting))
    _attempt(
        request,
        lambda: actions.agenda_item_delete(item=item, by=request.user),
        _("The item is removed from the agenda."),
    )
    return _back(item.meeting, "agenda")


# Motions ----------------------------------------------------------------------------------


def _motion_for(request: HttpRequest, pk: int) -> Motion:
    motion = get_object_or_404(Motion.objects.select_related("item", "amends"), pk=pk)
    motion.item.meeting = meeting_for(request, motion.item.meeting_id)
    return motion


@require_http_methods(["GET", "POST"])
def motion_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    meeting = item.meeting
    require(can_plan(request, meeting))
    amends = None
    amends_pk = request.POST.get("amends") or request.GET.get("amends") or ""
    if amends_pk:
        amends = get_object_or_404(Motion, pk=amends_pk if amends_pk.isdigit() else 0, item=item)
    rules = MeetingRules.for_kind(meeting.kind)
    initial = {"majority": rules.default_majority}
    form = MotionForm(request.POST or None, season=meeting.season, initial=initial)
    if amends is not None:
        # An amendment is the motion's whole text as amended: it starts from that text.
        form.initial.update(text=amends.text, majority=amends.majority)
        form.fields["text"].help_text = _(
            "The whole text of the motion as it will read if the amendment is adopted."
        )
        del form.fields["topic"]

    def save(data: dict) -> HttpResponse:
        actions.motion_add(item=item, amends=amends, by=request.user, **data)
        return _back(meeting, f"item-{item.pk}")

    return _form_page(
        request,
        form,
        save=save,
        heading=_("Propose an amendment") if amends else _("Add a motion"),
        back=_url(meeting),
        hidden={"amends": amends.pk} if amends else {},
        intro=_("Amendment to: %(title)s") % {"title": amends.title} if amends else item.title,
    )


@require_http_methods(["GET", "POST"])
def motion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    motion = _motion_for(request, pk)
    meeting = motion.item.meeting
    require(can_plan(request, meeting))
    form = MotionForm(
        request.POST or None,
        season=meeting.season,
        initial={
            "title": motion.title,
            "text": motion.text,
            "proposer": motion.proposer_id,
            "majority": motion.majority,
            "topic": motion.topic,
        },
    )
    if motion.topic == Topic.MINUTES or motion.is_amendment:
        del form.fields["topic"]
    amendment_pk = request.GET.get("amendment", "")
    if amendment_pk.isdigit() and not form.is_bound:
        # An adopted amendment that could not be merged by itself: start from its text.
        adopted = get_object_or_404(
            Motion, pk=amendment_pk, amends=motion, status=Motion.Status.ADOPTED
        )
        form.initial["text"] = adopted.text

    def save(data: dict) -> HttpResponse:
        actions.motion_update(motion=motion, fields=data, by=request.user)
        return _back(meeting, f"item-{motion.item_id}")

    return _form_page(request, form, save=save, heading=_("Change the motion"), back=_url(meeting))


@require_POST
def motion_status(request: HttpRequest, pk: int, change: str) -> HttpResponse:
    motion = _motion_for(request, pk)
    meeting = motion.item.meeting
    require(can_plan(request, meeting) or can_chair(request, meeting))
    action = {"withdraw": actions.motion_withdraw, "postpone": actions.motion_postpone}[change]
    _attempt(request, lambda: action(motion=motion, by=request.user))
    return _back(meeting, f"item-{motion.item_id}")


@require_POST
def motion_request_secret(request: HttpRequest, pk: int) -> HttpResponse:
    motion = _motion_for(request, pk)
    _attempt(
        request,
        lambda: actions.motion_request_secret(motion=motion, by=request.user),
        _("The vote on this motion will be secret."),
    )
    return _back(motion.item.meeting, f"item-{motion.item_id}")


@require_POST
def motion_vote_open(request: HttpRequest, pk: int) -> HttpResponse:
    motion = _motion_for(request, pk)
    meeting = motion.item.meeting
    require(can_chair(request, meeting))
    try:
        ballot = actions.ballot_open(
            motion=motion, secret=request.POST.get("secret") == "1", by=request.user
        )
    except DomainError as error:
        _flash_error(request, error)
        return _back(meeting, f"item-{motion.item_id}")
    return redirect("governance:ballot_detail", pk=ballot.pk)


# Elections --------------------------------------------------------------------------------


def _election_for(request: HttpRequest, pk: int) -> Election:
    election = get_object_or_404(Election.objects.select_related("item"), pk=pk)
    election.item.meeting = meeting_for(request, election.item.meeting_id)
    return election


@require_http_methods(["GET", "POST"])
def election_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    meeting = item.meeting
    require(can_plan(request, meeting))

    def save(data: dict) -> HttpResponse:
        actions.election_add(item=item, by=request.user, **data)
        return _back(meeting, f"item-{item.pk}")

    return _form_page(
        request,
        ElectionForm(request.POST or None, meeting=meeting),
        save=save,
        heading=_("Add an election"),
        back=_url(meeting),
    )


@require_http_methods(["GET", "POST"])
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election_for(request, pk)
    meeting = election.item.meeting
    members = meeting_members(meeting)
    form = MemberChoiceForm(request.POST or None, members=members)
    perms = permissions(request, meeting)
    if request.method == "POST":
        self_nomination = request.POST.get("user") == str(request.user.pk)
        require(perms["can_plan"] or self_nomination)
        if form.is_valid():
            try:
                actions.candidate_add(
                    election=election, user=form.cleaned_data["user"], by=request.user
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                return redirect("governance:election_detail", pk=election.pk)
    election = (
        Election.objects.select_related("item", "role", "committee", "secret_requested_by")
        .prefetch_related(
            Prefetch("candidates", queryset=Candidate.objects.select_related("user")),
            Prefetch("ballots", queryset=Ballot.objects.order_by("seat", "round")),
        )
        .get(pk=election.pk)
    )
    election.item.meeting = meeting
    candidates = list(election.candidates.all())
    return render(
        request,
        "governance/election_detail.html",
        {
            "meeting": meeting,
            "election": election,
            "candidates": candidates,
            "rounds": election_rounds(election),
            "open_ballot": next((b for b in election.ballots.all() if b.is_open), None),
            "form": form,
            "is_candidate": any(c.user_id == request.user.pk for c in candidates),
            "is_member": members.filter(pk=request.user.pk).exists(),
            **perms,
        },
    )


@require_POST
def candidate_remove(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_or_404(Candidate.objects.select_related("election"), pk=pk)
    election = _election_for(request, candidate.election_id)
    require(can_plan(request, election.item.meeting) or candidate.user_id == request.user.pk)
    _attempt(request, lambda: actions.candidate_remove(candidate=candidate, by=request.user))
    return redirect("governance:election_detail", pk=election.pk)


@require_POST
def election_request_secret(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election_for(request, pk)
    _attempt(
        request,
        lambda: actions.election_request_secret(election=election, by=request.user),
        _("The votes of this election will be secret."),
    )
    return redirect("governance:election_detail", pk=election.pk)


@require_POST
def election_vote_open(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election_for(request, pk)
    require(can_chair(request, election.item.meeting))
    try:
        ballot = actions.ballot_open(
            election=election, secret=request.POST.get("secret") == "1", by=request.user
        )
    except DomainError as error:
        _flash_error(request, error)
        return redirect("governance:election_detail", pk=election.pk)
    return redirect("governance:ballot_detail", pk=ballot.pk)


@require_POST
def election_apply(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election_for(request, pk)
    require(can_chair(request, election.item.meeting))
    try:
        count = actions.election_apply(election=election, by=request.user)
    except DomainError as error:
        _flash_error(request, error)
        return redirect("governance:election_detail", pk=election.pk)
    if count:
        message = ngettext(
            "Result applied: %(count)d member takes up their seat.",
            "Result applied: %(count)d members take up their seat.",
            count,
        ) % {"count": count}
    else:
        message = _("Result applied: the elected members already sit there for the whole term.")
    messages.success(request, message)
    return redirect("governance:election_detail", pk=election.pk)


# Attendance and proxies -------------------------------------------------------------------


def _attendance_context(request: HttpRequest, meeting: Meeting) -> dict:
    roster = meeting_roster(meeting)
    return {
        "meeting": meeting,
        "roster": roster,
        "rows": roster.rows(),
        "statuses": Attendance.Status.choices,
        "proxy_form": ProxyForm(members=meeting_members(meeting)),
        **permissions(request, meeting),
    }


@require_GET
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_take_attendance(request, meeting))
    return render(request, "governance/attendance.html", _attendance_context(request, meeting))


@require_POST
def attendance_set(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_take_attendance(request, meeting))
    user = get_object_or_404(meeting_members(meeting), pk=user_pk)
    status = request.POST.get("status", "")
    _attempt(
        request,
        lambda: actions.attendance_set(meeting=meeting, user=user, status=status, by=request.user),
    )
    if request.htmx:
        return render(
            request, "governance/attendance.html#roster", _attendance_context(request, meeting)
        )
    return redirect("governance:attendance", pk=meeting.pk)


@require_POST
def proxy_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    require(can_take_attendance(request, meeting))
    form = ProxyForm(request.POST, members=meeting_members(meeting))
    if form.is_valid():
        _attempt(
            request,
            lambda: actions.proxy_give(meeting=meeting, by=request.user, **form.cleaned_data),
            _("The proxy is recorded."),
        )
    else:
        messages.error(request, _("Choose both members."))
    return redirect("governance:attendance", pk=meeting.pk)


@require_POST
def proxy_give_own(request: HttpRequest, pk: int) -> HttpResponse:
    """A member who cannot come gives their proxy from their phone."""
    meeting = meeting_for(request, pk)
    members = meeting_members(meeting)
    require(members.filter(pk=request.user.pk).exists())
    form = OwnProxyForm(request.POST, members=members.exclude(pk=request.user.pk))
    if form.is_valid():
        try:
            actions.proxy_give(
                meeting=meeting,
                giver=request.user,
                holder=form.cleaned_data["holder"],
                by=request.user,
            )
        except DomainError as error:
            _flash_error(request, error)
        else:
            messages.success(
                request,
                _("%(name)s will vote in your name.") % {"name": form.cleaned_data["holder"]},
            )
    return _back(meeting)


@require_POST
def proxy_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    proxy = get_object_or_404(Proxy, pk=pk)
    meeting = meeting_for(request, proxy.meeting_id)
    require(can_take_attendance(request, meeting) or proxy.giver_id == request.user.pk)
    _attempt(request, lambda: actions.proxy_revoke(proxy=proxy, by=request.user))
    if proxy.giver_id == request.user.pk and not can_take_attendance(request, meeting):
        return _back(meeting)
    return redirect("governance:attendance", pk=meeting.pk)


# Ballots ----------------------------------------------------------------------------------


def _ballot_for(request: HttpRequest, pk: int) -> Ballot:
    ballot = get_object_or_404(
        Ballot.objects.select_related("motion", "election", "meeting"), pk=pk
    )
    ballot.meeting = meeting_for(request, ballot.meeting_id)
    return ballot


def _vote_context(request: HttpRequest, ballot: Ballot) -> dict:
    """The voting cards of ``request.user``: themselves and each member whose proxy they carry,
    with what they voted (named) or that they voted (secret)."""
    roster = meeting_roster(ballot.meeting)
    voters = roster.voters_for(request.user)
    done = {
        p.voter_id: p
        for p in Participation.objects.filter(ballot=ballot, voter__in=[v.pk for v in voters])
    }
    current: dict[int, list] = {}
    if not ballot.secret and done:
        for vote in NamedVote.objects.filter(participation__in=done.values()).select_related(
            "participation"
        ):
            current.setdefault(vote.participation.voter_id, []).append(vote)
    candidates = list(ballot.candidates.select_related("user")) if ballot.election_id else []
    cards = [
        {
            "voter": voter,
            "is_self": voter.pk == request.user.pk,
            "voted": voter.pk in done,
            "choices": {v.choice for v in current.get(voter.pk, [])},
            "candidates": {v.candidate_id for v in current.get(voter.pk, []) if v.candidate_id},
        }
        for voter in voters
    ]
    return {
        "ballot": ballot,
        "cards": cards,
        "candidates": candidates,
        "choices": VoteChoice.choices,
        "is_leader": request.user.is_leader,
        "present": request.user.pk in roster.present_ids,
        "is_member": any(m.pk == request.user.pk for m in roster.members),
    }


def _live_ballot_context(request: HttpRequest, ballot: Ballot) -> dict:
    """The count of ballots cast (and the tally of a named vote, for the chair) while the vote
    is open; the result for everyone once it is closed. At most three queries."""
    chair = can_chair(request, ballot.meeting)
    context = {
        "ballot": ballot,
        "can_chair": chair,
        "gives_casting_vote": ballot.meeting.chair_id == request.user.pk,
    }
    if ballot.is_open:
        context["cast"] = Participation.objects.filter(ballot=ballot).count()
        if chair and not ballot.secret:
            context["tally"] = _named_tally(ballot)
    else:
        context["result"] = _closed_result(ballot)
    return context


def _named_tally(ballot: Ballot) -> list[tuple[str, int]]:
    votes = NamedVote.objects.filter(participation__ballot=ballot)
    if ballot.motion_id:
        counts = dict(votes.values_list("choice").annotate(n=Count("pk")))
        return [(label, counts.get(value, 0)) for value, label in VoteChoice.choices]
    counts = dict(
        votes.filter(candidate__isnull=False).values_list("candidate").annotate(n=Count("pk"))
    )
    names = {c.pk: str(c.user) for c in ballot.candidates.select_related("user")}
    return sorted(((name, counts.get(pk, 0)) for pk, name in names.items()), key=lambda r: -r[1])


def _closed_result(ballot: Ballot) -> dict:
    tally = ballot.tally or {}
    result = {"outcome": ballot.outcome, "papers": ballot.papers, "blank": ballot.blank}
    if ballot.motion_id:
        result["counts"] = [(label, tally.get(value, 0)) for value, label in VoteChoice.choices]
        result["motion"] = ballot.motion
        # The rule's verdict on the counts: a tie, and how many votes for were needed.
        verdict = ballot.motion.verdict()
        result["tie"], result["required"] = verdict.tie, verdict.required
        if not ballot.secret:
            names: dict[str, list[str]] = {}
            for choice, first, last, username in (
                NamedVote.objects.filter(participation__ballot=ballot)
                .values_list(
                    "choice",
                    "participation__voter__first_name",
                    "participation__voter__last_name",
                    "participation__voter__username",
                )
                .order_by("participation__voter__first_name", "participation__voter__last_name")
            ):
                names.setdefault(choice, []).append(f"{first} {last}".strip() or username)
            result["names"] = [(label, names.get(value, [])) for value, label in VoteChoice.choices]
    else:
        candidates = {c.pk: c for c in ballot.candidates.select_related("user")}
        result["votes"] = sorted(
            (
                (str(candidates[int(pk)].user), count)
                for pk, count in tally.get("votes", {}).items()
                if int(pk) in candidates
            ),
            key=lambda row: -row[1],
        )
        result["elected"] = [str(candidates[pk].user) for pk in tally.get("elected", [])]
        result["runoff"] = [str(candidates[pk].user) for pk in tally.get("runoff", [])]
    return result


@require_GET
def ballot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot_for(request, pk)
    context = {
        "meeting": ballot.meeting,
        **_vote_context(request, ballot),
        **_live_ballot_context(request, ballot),
    }
    return render(request, "governance/ballot_detail.html", context)


@require_GET
def ballot_live(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot_for(request, pk)
    return render(
        request, "governance/ballot_detail.html#live", _live_ballot_context(request, ballot)
    )


@require_POST
def ballot_vote(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot_for(request, pk)
    voter = get_object_or_404(meeting_members(ballot.meeting), pk=request.POST.get("voter") or 0)
    try:
        actions.vote_cast(
            ballot=ballot,
            voter=voter,
            by=request.user,
            choice=request.POST.get("choice"),
            candidates=[pk for pk in request.POST.getlist("candidate") if pk.isdigit()],
        )
    except DomainError as error:
        if request.htmx:
            ballot.refresh_from_db(fields=["status", "outcome"])  # closed meanwhile?
            context = {**_vote_context(request, ballot), "error": error.message}
            return render(request, "governance/ballot_detail.html#vote", context)
        _flash_error(request, error)
    else:
        if not request.htmx:
            messages.success(request, _("Your vote is recorded."))
    if request.htmx:
        context = {**_vote_context(request, ballot), "saved": voter.pk}
        return render(request, "governance/ballot_detail.html#vote", context)
    return redirect("governance:ballot_detail", pk=ballot.pk)


@require_POST
def ballot_close(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot_for(request, pk)
    require(can_chair(request, ballot.meeting))
    _attempt(
        request,
        lambda: actions.ballot_close(ballot=ballot, by=request.user),
        _("The vote is closed."),
    )
    return redirect("governance:ballot_detail", pk=ballot.pk)


@require_POST
def ballot_casting_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair of the meeting settles a tie."""
    ballot = _ballot_for(request, pk)
    require(ballot.meeting.chair_id == request.user.pk)
    choice = request.POST.get("choice", "")
    _attempt(
        request,
        lambda: actions.ballot_casting_vote(ballot=ballot, choice=choice, by=request.user),
        _("Your casting vote settles the tie."),
    )
    return redirect("governance:ballot_detail", pk=ballot.pk)


# Minutes ----------------------------------------------------------------------------------


def _document(request: HttpRequest, meeting: Meeting):
    return minutes_draft(meeting_record(meeting, cooperative_name=request.cooperative.name))


@require_GET
def minutes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    return render(
        request,
        "governance/minutes_detail.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "document": _document(request, meeting),
            **permissions(request, meeting),
        },
    )


@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary's editor: notes per item and the free parts, saved as they type."""
    meeting = meeting_for(request, pk)
    require(can_write_minutes(request, meeting))
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    form = MinutesForm(
        request.POST or None,
        initial={"introduction": minutes.introduction, "other_business": minutes.other_business},
    )
    if request.method == "POST":
        saved_at = None
        error = ""
        if form.is_valid():
            try:
                fields = {k: v for k, v in form.cleaned_data.items() if k in request.POST}
                actions.minutes_update(meeting=meeting, by=request.user, **fields)
                saved_at = timezone.localtime()
            except DomainError as exc:
                error = exc.message
        if request.htmx:
            return render(
                request,
                "governance/minutes_edit.html#saved",
                {"saved_at": saved_at, "error": error},
            )
        if error:
            messages.error(request, error)
        return redirect("governance:minutes_edit", pk=meeting.pk)
    return render(
        request,
        "governance/minutes_edit.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "items": list(meeting.items.order_by("position", "pk")),
        },
    )


@require_POST
def minutes_item_notes(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    require(can_write_minutes(request, item.meeting))
    saved_at, error = None, ""
    try:
        actions.minutes_item_notes_save(
            item=item, notes=request.POST.get("notes", "")[:20000], by=request.user
        )
        saved_at = timezone.localtime()
    except DomainError as exc:
        error = exc.message
    if request.htmx:
        return render(
            request,
            "governance/minutes_edit.html#saved",
            {"saved_at": saved_at, "error": error, "target": item.pk},
        )
    if error:
        messages.error(request, error)
    return redirect("governance:minutes_edit", pk=item.meeting_id)


@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    document = _document(request, meeting)
    response = HttpResponse(
        minutes_pdf_bytes(document, cooperative=document.cooperative),
        content_type="application/pdf",
    )
    filename = f"proces-verbal-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{meeting.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# Exports and the register -----------------------------------------------------------------


def _csv_response(filename: str) -> tuple[HttpResponse, csv.writer]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # spreadsheets then read the accents right
    return response, csv.writer(response, delimiter=";")


@require_GET
def meeting_results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every vote of the meeting in the order of the agenda: each motion with its rule,
    counts and result, each round of each election with its votes per candidate."""
    meeting = meeting_for(request, pk)
    response, writer = _csv_response(f"resultats-{meeting.pk}.csv")
    writer.writerow(
        [
            _("Item"),
            _("Kind"),
            _("Title"),
            _("Rule"),
            _("Ballot"),
            _("Seat"),
            _("Round"),
            _("Members present or represented"),
            _("Ballots cast"),
            _("Blank"),
            _("For"),
            _("Against"),
            _("Abstentions"),
            _("Votes per candidate"),
            _("Result"),
        ]
    )
    for item in meeting_items(meeting):
        for motion in motions_in_vote_order(item):
            writer.writerow([item.title, *_motion_result_row(motion)])
        for election in item.elections.all():
            for row in _election_result_rows(election):
                writer.writerow([item.title, *row])
    return response


def _ballot_kind(secret: bool | None) -> str:
    if secret is None:
        return ""
    return _("secret") if secret else _("named")


def _motion_result_row(motion: Motion) -> list:
    ballots = list(motion.ballots.all())
    decided = motion.is_decided
    return [
        _("Amendment") if motion.is_amendment else _("Motion"),
        motion.title,
        motion.get_majority_display(),
        _ballot_kind(ballots[-1].secret if ballots else None),
        "",
        "",
        motion.voters if decided else "",
        ballots[-1].papers if decided and ballots else "",
        "",
        motion.votes_yes if decided else "",
        motion.votes_no if decided else "",
        motion.votes_abstain if decided else "",
        "",
        motion.get_status_display(),
    ]


def _election_result_rows(election: Election) -> list[list]:
    rounds = election_rounds(election)
    if not rounds:
        return [[_("Election"), election.title, "", "", "", "", "", "", "", "", "", "", "", ""]]
    rows = []
    for round_ in rounds:
        absolute = round_.round == 1 and election.absolute_majority_first_round
        votes = ", ".join(
            _("%(name)s: %(count)d") % {"name": name, "count": count}
            for name, count in round_.votes
        )
        rows.append(
            [
                _("Election"),
                election.title,
                _("absolute majority of the ballots") if absolute else _("most votes"),
                _ballot_kind(round_.secret),
                round_.seat,
                round_.round,
                "",
                round_.papers if round_.outcome else "",
                round_.blank if round_.outcome else "",
                "",
                "",
                "",
                votes,
                _round_result(round_),
            ]
        )
    return rows


def _round_result(round_) -> str:
    if not round_.outcome:
        return _("The vote is under way.")
    if round_.outcome == "tie":
        return _("Tie: a new round between %(names)s.") % {"names": ", ".join(round_.runoff)}
    if round_.outcome == "no_majority":
        return _("No absolute majority: a second round.")
    if round_.elected:
        return ngettext("Elected: %(names)s.", "Elected: %(names)s.", len(round_.elected)) % {
            "names": ", ".join(round_.elected)
        }
    return _("No other candidate received a vote: the seat stays vacant.")


def _adopted_motions(season):
    """The season's adopted motions, each with ``amended`` when an amendment of it was
    adopted and ``secret`` for its ballot. Amendments themselves are steps of their motion,
    not decisions of their own."""
    amended = Motion.objects.filter(amends=OuterRef("pk"), status=Motion.Status.ADOPTED)
    last_ballot = Ballot.objects.filter(motion=OuterRef("pk")).order_by("-opened_at", "-pk")
    return Motion.objects.filter(
        item__meeting__season=season, status=Motion.Status.ADOPTED, amends__isnull=True
    ).annotate(amended=Exists(amended), secret=Subquery(last_ballot.values("secret")[:1]))


def _register_rows(season, query: str) -> list[dict]:
    """The decisions of the season, the latest first: adopted motions and the consultations
    whose outcome adopted something. Two queries."""
    motions = _adopted_motions(season).select_related("item__meeting__committee")
    consultations = Consultation.objects.filter(season=season, outcome_adopted=True).annotate(
        **{
            f"votes_{choice}": Count("responses", filter=Q(responses__choice=choice))
            for choice in VoteChoice.values
        }
    )
    if query:
        motions = motions.filter(
            Q(title__icontains=query) | Q(text__icontains=query) | Q(item__title__icontains=query)
        )
        consultations = consultations.filter(
            Q(title__icontains=query) | Q(outcome__icontains=query)
        )
    rows = [{"day": m.decided_at, "motion": m} for m in motions]
    rows += [{"day": c.outcome_at, "consultation": c} for c in consultations]
    oldest = timezone.make_aware(dt.datetime(1970, 1, 1))
    return sorted(rows, key=lambda row: row["day"] or oldest, reverse=True)


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    season = season_for(request)
    query = request.GET.get("q", "").strip()[:100]
    in_force = {}
    for topic in (Topic.NAME, Topic.INTERNAL_RULES, Topic.SHARE_OUT):
        in_force[topic] = None
    for motion in (
        _adopted_motions(season)
        .filter(topic__in=list(in_force))
        .select_related("item__meeting")
        .order_by("decided_at", "pk")
    ):
        in_force[motion.topic] = motion  # the latest adopted wins
    return render(
        request,
        "governance/register.html",
        {
            "rows": _register_rows(season, query),
            "query": query,
            "name_motion": in_force[Topic.NAME],
            "rules_motion": in_force[Topic.INTERNAL_RULES],
            "share_out_motion": in_force[Topic.SHARE_OUT],
        },
    )


@require_GET
def register_csv(request: HttpRequest) -> HttpResponse:
    season = season_for(request)
    rows = _register_rows(season, request.GET.get("q", "").strip()[:100])
    response, writer = _csv_response(f"registre-des-decisions-{season.year}.csv")
    writer.writerow(
        [
            _("Date"),
            _("Meeting"),
            _("Decision"),
            _("Text"),
            _("Topic"),
            _("Rule"),
            _("Ballot"),
            _("For"),
            _("Against"),
            _("Abstentions"),
        ]
    )
    for row in rows:
        day = (
            formats.date_format(timezone.localtime(row["day"]), "SHORT_DATE_FORMAT")
            if row["day"]
            else ""
        )
        if "motion" in row:
            motion = row["motion"]
            writer.writerow(
                [
                    day,
                    str(motion.item.meeting),
                    motion.title,
                    motion.text,
                    motion.get_topic_display(),
                    motion.get_majority_display(),
                    _ballot_kind(motion.secret),
                    motion.votes_yes,
                    motion.votes_no,
                    motion.votes_abstain,
                ]
            )
        else:
            consultation = row["consultation"]
            writer.writerow(
                [
                    day,
                    _("Consultation"),
                    consultation.title,
                    consultation.outcome,
                    "",
                    _("outcome written after the consultation"),
                    _("named"),
                    consultation.votes_yes,
                    consultation.votes_no,
                    consultation.votes_abstain,
                ]
            )
    return response


# Consultations ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    season = season_for(request)
    require(request_can(request, RUN_CONSULTATIONS))

    def save(data: dict) -> HttpResponse:
        consultation = actions.consultation_create(season=season, by=request.user, **data)
        return redirect("governance:consultation_detail", pk=consultation.pk)

    return _form_page(
        request,
        ConsultationForm(request.POST or None),
        save=save,
        heading=_("Ask the members"),
        back=reverse("governance:meeting_list"),
        success=_("The consultation is open; members are told by email."),
        intro=_(
            "A quick question between two meetings: every member gives their position "
            "until the closing date, then you write what was decided."
        ),
    )


@require_http_methods(["GET", "POST"])
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    season = season_for(request)
    consultation = get_object_or_404(Consultation, pk=pk, season=season)
    mine = ConsultationResponse.objects.filter(consultation=consultation, user=request.user).first()
    form = ResponseForm(
        request.POST or None,
        initial={"choice": mine.choice, "reason": mine.reason} if mine else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.consultation_respond(
                consultation=consultation, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your position is recorded."))
            return redirect("governance:consultation_detail", pk=consultation.pk)
    responses = list(consultation.responses.select_related("user").order_by("updated_at"))
    counts = _counts_by_choice(responses)
    can_run = request_can(request, RUN_CONSULTATIONS)
    is_open = consultation.is_open()
    return render(
        request,
        "governance/consultation_detail.html",
        {
            "consultation": consultation,
            "responses": responses,
            "counts": counts,
            "form": form if is_open and request.user.is_member else None,
            "mine": mine,
            "is_open": is_open,
            "can_run": can_run,
            "outcome_form": OutcomeForm() if can_run and not is_open else None,
        },
    )


def _counts_by_choice(responses) -> list[tuple[str, int]]:
    counts = {value: 0 for value, _label in VoteChoice.choices}
    for response in responses:
        counts[response.choice] += 1
    return [(label, counts[value]) for value, label in VoteChoice.choices]


@require_POST
def consultation_close(request: HttpRequest, pk: int) -> HttpResponse:
    season = season_for(request)
    require(request_can(request, RUN_CONSULTATIONS))
    consultation = get_object_or_404(Consultation, pk=pk, season=season)
    _attempt(
        request,
        lambda: actions.consultation_close_now(consultation=consultation, by=request.user),
    )
    return redirect("governance:consultation_detail", pk=consultation.pk)


@require_POST
def consultation_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    season = season_for(request)
    require(request_can(request, RUN_CONSULTATIONS))
    consultation = get_object_or_404(Consultation, pk=pk, season=season)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        adopted = {"yes": True, "no": False}.get(form.cleaned_data["adopted"])
        try:
            actions.consultation_conclude(
                consultation=consultation,
                outcome=form.cleaned_data["outcome"],
                adopted=adopted,
                by=request.user,
            )
        except DomainError as error:
            _flash_error(request, error)
        else:
            messages.success(request, _("The outcome is published."))
    else:
        messages.error(request, _("Write the outcome statement."))
    return redirect("governance:consultation_detail", pk=consultation.pk)


# Settings ---------------------------------------------------------------------------------


@leader_required
@require_http_methods(["GET", "POST"])
def rules_edit(request: HttpRequest) -> HttpResponse:
    for kind, _label in Meeting._meta.get_field("kind").choices:
        MeetingRules.objects.get_or_create(kind=kind)
    formset = MeetingRulesFormSet(request.POST or None, queryset=MeetingRules.objects.all())
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("The meeting rules are saved."))
        return redirect("governance:rules_edit")
    return render(request, "governance/rules_form.html", {"formset": formset})
