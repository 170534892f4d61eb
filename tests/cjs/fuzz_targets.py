"""Every form-handling POST view of the project, with the persona allowed to use it, the
object it acts on (picked from the fuzzing world) and the page that shows its form (whose
fields and valid values the fuzzer starts from). Used by ``test_hostile_input.py``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import totp

from governance.models import Candidate, Consultation, Proxy
from members import actions as members_actions
from members.demo import DEMO_PASSWORD
from members.first_login import make_token
from members.models import Absence, MemberSkill, Season, User
from services.models import ClaimStatus, RequestStatus, Service
from tests.cjs.fuzz_world import World
from tests.cjs.hostile import FormField

SELF = "self"


@dataclass(frozen=True)
class Target:
    """``who``: the persona posting (None: an anonymous visitor); ``kwargs``: the URL's;
    ``page``: the page showing the form, as ``(url name, kwargs)`` from the world, ``SELF`` for
    the form's own URL (its GET), None when the view's source tells the fields."""

    who: Callable[[World], User | None]
    kwargs: Callable[[World], dict] = lambda world: {}
    page: Callable[[World, dict], tuple[str, dict]] | str | None = SELF
    prepare: Callable | None = None
    extra_fields: dict[str, FormField] = field(default_factory=dict)

    def resolve(self, world: World) -> tuple[User | None, dict]:
        return self.who(world), self.kwargs(world)

    def page_url(self, world: World, kwargs: dict, url: str, endpoint) -> str | None:
        if self.page == SELF:
            return url if "GET" in endpoint.methods else None
        if self.page is None:
            return None
        name, page_kwargs = self.page(world, kwargs)
        return reverse(name, kwargs=page_kwargs)


def leader(world: World) -> User:
    return world.leader


def member(world: World) -> User:
    return world.member


def anonymous(world: World) -> None:
    return None


def on(name: str, **kwargs: Callable[[World], object]):
    """The page ``name``, its kwargs computed from the world."""
    return lambda world, _kwargs: (name, {key: value(world) for key, value in kwargs.items()})


def _reset_session(client, kwargs) -> None:
    """Django's reset page keeps the token in the session and posts to ``set-password``."""
    uid = kwargs["uidb64"]
    user = User.objects.get(username="member03")
    client.get(
        reverse(
            "password_reset_confirm",
            kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)},
        )
    )


def _reset_kwargs(world: World) -> dict:
    user = User.objects.get(username="member03")
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": "set-password"}


def _season(world: World) -> int:
    return world.season.pk


def _request_pk(status: str):
    return lambda world: {"pk": world.request(status).pk}


def _token(status: str):
    return lambda world: {"token": world.request(status).token}


def _turn_on_two_factor(user: User) -> None:
    """The user's authenticator app confirmed (as ``tests/members/test_two_factor`` does)."""
    device = members_actions.two_factor_start(user=user)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    members_actions.two_factor_confirm(user=user, token=f"{code:0{device.digits}d}")


def _two_factor_started(client, kwargs) -> None:
    """The leader asked for a key: the page shows the form that confirms it with a code."""
    client.post(reverse("two_factor_start"))


def _two_factor_on(client, kwargs) -> None:
    _turn_on_two_factor(User.objects.get(username="leader1"))


def _password_given(client, kwargs) -> None:
    """A leader with two-factor sign-in gave the password: the code's step awaits."""
    _turn_on_two_factor(User.objects.get(username="leader1"))
    client.post(reverse("login"), {"username": "leader1", "password": DEMO_PASSWORD})


def _track(world: World, kwargs: dict) -> tuple[str, dict]:
    return "services:track", kwargs


_member_pk = {"pk": lambda world: world.member.pk}
_live = {"pk": lambda world: world.live_meeting.pk}

TARGETS: dict[str, Target] = {
    # Accounts
    "login": Target(anonymous),
    "logout": Target(member, page=None),
    "password_change": Target(member),
    "password_reset": Target(anonymous),
    "password_reset_confirm": Target(anonymous, _reset_kwargs, prepare=_reset_session),
    "set_language": Target(
        anonymous,
        page=None,
        extra_fields={"language": FormField("language", "fr"), "next": FormField("next", "/")},
    ),
    "my:first_login": Target(anonymous, lambda world: {"token": make_token(world.member)}),
    "login_verify": Target(anonymous, prepare=_password_given),
    "two_factor_start": Target(leader, page=on("two_factor")),
    "two_factor_confirm": Target(leader, page=on("two_factor"), prepare=_two_factor_started),
    "two_factor_disable": Target(leader, page=on("two_factor"), prepare=_two_factor_on),
    "members:member_two_factor_reset": Target(
        leader,
        lambda world: {"pk": world.member.pk},
        page=on("members:member_detail", **_member_pk),
    ),
    # Members: the leaders' pages
    "members:cooperative_edit": Target(leader),
    "members:public_page_edit": Target(leader),
    "members:season_start": Target(leader),
    "members:season_view": Target(
        leader,
        lambda world: {"year": Season.objects.exclude(pk=world.season.pk).first().year},
        page=on("members:season_list"),
    ),
    "members:grants_edit": Target(leader),
    "members:lockout_lift": Target(
        leader, lambda world: {"pk": AccessAttempt.objects.first().pk}, page=on("members:security")
    ),
    "members:member_create": Target(leader),
    "members:member_import": Target(leader),
    "members:credentials_sheet": Target(leader, page=on("members:directory")),
    "members:member_edit": Target(leader, lambda world: {"pk": world.member.pk}),
    "members:first_login_link": Target(
        leader,
        lambda world: {"pk": world.member.pk},
        page=on("members:member_detail", **_member_pk),
    ),
    "members:member_deactivate": Target(leader, lambda world: {"pk": world.member.pk}),
    "members:member_reactivate": Target(
        leader,
        lambda world: {"pk": world.member.pk},
        page=on("members:member_detail", **_member_pk),
    ),
    "members:member_erase": Target(leader, lambda world: {"pk": world.member.pk}),
    "members:member_absence_add": Target(
        leader,
        lambda world: {"pk": world.member.pk},
        page=on("members:member_detail", **_member_pk),
    ),
    "members:member_absence_delete": Target(
        leader,
        lambda world: {
            "pk": Absence.objects.first().user_id,
            "absence_pk": Absence.objects.first().pk,
        },
        page=None,
    ),
    "members:portfolio_confirm": Target(
        leader, lambda world: {"pk": world.entry.pk}, page=on("members:portfolio_queue")
    ),
    "members:skill_confirm": Target(
        leader,
        lambda world: {"pk": MemberSkill.objects.filter(confirmed_at__isnull=True).first().pk},
        page=on("members:skills_queue"),
    ),
    "members:rotation_create": Target(leader),
    **{
        f"members:{name}": Target(
            leader,
            lambda world: {"pk": world.plan.pk},
            page=on("members:rotation_board", pk=lambda world: world.plan.pk),
        )
        for name in (
            "seat_place",
            "seats_swap",
            "rotation_replan",
            "rotation_take_in",
            "rotation_publish",
            "rotation_delete",
        )
    },
    **{
        f"members:{name}": Target(
            leader,
            lambda world: {"pk": world.plan.pk, "seat_pk": world.plan.seats.first().pk},
            page=on("members:rotation_board", pk=lambda world: world.plan.pk),
        )
        for name in ("seat_set", "seat_move")
    },
    # Members: their own space
    "my:profile": Target(member),
    "my:absence_add": Target(member, page=on("my:profile")),
    "my:absence_delete": Target(
        lambda world: Absence.objects.first().user,
        lambda world: {"pk": Absence.objects.first().pk},
        page=on("my:profile"),
    ),
    "my:portfolio": Target(lambda world: world.entry.user),
    "my:portfolio_edit": Target(
        lambda world: world.entry.user, lambda world: {"pk": world.entry.pk}
    ),
    "my:portfolio_delete": Target(
        lambda world: world.entry.user,
        lambda world: {"pk": world.entry.pk},
        page=on("my:portfolio"),
    ),
    # Services: residents
    "services:request_create": Target(anonymous),
    "services:track_accept": Target(anonymous, _token(RequestStatus.QUOTED), page=_track),
    "services:track_decline": Target(anonymous, _token(RequestStatus.QUOTED), page=_track),
    "services:track_cancel": Target(anonymous, _token(RequestStatus.NEW), page=_track),
    "services:track_rate": Target(anonymous, _token(RequestStatus.DONE), page=_track),
    # Services: leaders and delegates
    "services:quote_create": Target(leader, _request_pk(RequestStatus.NEW)),
    **{
        f"services:{name}": Target(
            leader,
            _request_pk(RequestStatus.NEW),
            page=lambda world, kwargs: ("services:request_detail", kwargs),
        )
        for name in ("request_decline", "request_cancel", "request_note")
    },
    "services:resident_erase": Target(leader, _request_pk(RequestStatus.CANCELLED)),
    "services:job_create": Target(leader, _request_pk(RequestStatus.ACCEPTED)),
    "services:job_edit": Target(leader, lambda world: {"pk": world.open_job.pk}),
    **{
        f"services:{name}": Target(
            leader,
            lambda world: {"pk": world.open_job.pk},
            page=lambda world, kwargs: ("services:job_team", kwargs),
        )
        for name in ("job_done", "job_cancel", "job_assign")
    },
    "services:service_create": Target(leader),
    "services:service_edit": Target(leader, lambda world: {"pk": Service.objects.first().pk}),
    "services:claims_bulk_approve": Target(leader, page=on("services:approvals")),
    **{
        f"services:{name}": Target(
            leader,
            lambda world: {"pk": world.claim(status=ClaimStatus.PENDING).pk},
            page=on("services:approvals"),
        )
        for name in ("claim_approve", "claim_reject")
    },
    "services:replacement_assign": Target(
        leader,
        lambda world: {"pk": world.replacement.pk},
        page=on("services:job_team", pk=lambda world: world.replacement.claim.job_id),
    ),
    "services:hours_validate": Target(
        leader, lambda world: {"pk": world.hours_claim.pk}, page=on("services:hours_queue")
    ),
    # Services: members
    "services:job_claim": Target(
        lambda world: world.member_outside(world.open_job),
        lambda world: {"pk": world.open_job.pk},
        page=on("services:job_board"),
    ),
    "services:claim_withdraw": Target(
        lambda world: world.claim(status=ClaimStatus.PENDING).member,
        lambda world: {"pk": world.claim(status=ClaimStatus.PENDING).pk},
        page=on("services:my_jobs"),
    ),
    "services:hours_log": Target(
        lambda world: world.past_claim.member,
        lambda world: {"pk": world.past_claim.pk},
        page=on("services:my_jobs"),
    ),
    "services:replacement_ask": Target(
        lambda world: world.future_claim.member,
        lambda world: {"pk": world.future_claim.pk},
        page=on("services:my_jobs"),
    ),
    "services:calendar_reset": Target(member, page=on("services:my_jobs")),
    "services:replacement_take": Target(
        lambda world: world.member_outside(world.replacement.claim.job),
        lambda world: {"pk": world.replacement.pk},
        page=on("services:job_board"),
    ),
    "services:replacement_cancel": Target(
        lambda world: world.replacement.claim.member,
        lambda world: {"pk": world.replacement.pk},
        page=on("services:my_jobs"),
    ),
    # Governance
    "governance:meeting_create": Target(leader),
    "governance:meeting_edit": Target(leader, lambda world: {"pk": world.planned_meeting.pk}),
    **{
        f"governance:{name}": Target(
            leader,
            lambda world: {"pk": world.planned_meeting.pk},
            page=lambda world, kwargs: ("governance:meeting_detail", kwargs),
        )
        for name in ("meeting_convene", "meeting_open")
    },
    **{
        f"governance:{name}": Target(
            leader,
            lambda world: {"pk": world.live_meeting.pk},
            page=on("governance:meeting_detail", **_live),
        )
        for name in ("meeting_close", "minutes_approval_add")
    },
    "governance:attendance_set": Target(
        leader,
        lambda world: {"pk": world.live_meeting.pk, "user_pk": world.member.pk},
        page=on("governance:attendance", **_live),
    ),
    "governance:proxy_add": Target(
        leader,
        lambda world: {"pk": world.planned_meeting.pk},
        page=lambda world, kwargs: ("governance:attendance", kwargs),
    ),
    "governance:proxy_give_own": Target(
        member,
        lambda world: {"pk": world.planned_meeting.pk},
        page=lambda world, kwargs: ("governance:meeting_detail", kwargs),
    ),
    "governance:proxy_revoke": Target(
        leader, lambda world: {"pk": Proxy.objects.first().pk}, page=None
    ),
    "governance:item_add": Target(leader, lambda world: {"pk": world.live_meeting.pk}),
    "governance:item_edit": Target(leader, lambda world: {"pk": world.item.pk}),
    **{
        f"governance:{name}": Target(
            leader,
            lambda world: {"pk": world.item.pk},
            page=on("governance:meeting_detail", **_live),
        )
        for name in ("item_up", "item_down", "item_delete")
    },
    "governance:motion_add": Target(leader, lambda world: {"pk": world.item.pk}),
    "governance:election_add": Target(leader, lambda world: {"pk": world.item.pk}),
    "governance:motion_edit": Target(leader, lambda world: {"pk": world.draft_motion.pk}),
    "governance:share_out_rule_edit": Target(leader, lambda world: {"pk": world.draft_motion.pk}),
    **{
        f"governance:{name}": Target(
            leader,
            lambda world: {"pk": world.draft_motion.pk},
            page=on("governance:meeting_detail", **_live),
        )
        for name in ("motion_withdraw", "motion_postpone", "motion_vote_open")
    },
    "governance:motion_request_secret": Target(
        member,
        lambda world: {"pk": world.draft_motion.pk},
        page=on("governance:meeting_detail", **_live),
    ),
    "governance:election_detail": Target(leader, lambda world: {"pk": world.election.pk}),
    "governance:election_request_secret": Target(
        member,
        lambda world: {"pk": world.election.pk},
        page=lambda world, kwargs: ("governance:election_detail", kwargs),
    ),
    **{
        f"governance:{name}": Target(
            leader,
            lambda world: {"pk": world.election.pk},
            page=lambda world, kwargs: ("governance:election_detail", kwargs),
        )
        for name in ("election_vote_open", "election_apply")
    },
    "governance:candidate_remove": Target(
        leader,
        lambda world: {"pk": Candidate.objects.filter(election=world.election).first().pk},
        page=on("governance:election_detail", pk=lambda world: world.election.pk),
    ),
    "governance:ballot_vote": Target(
        member,
        lambda world: {"pk": world.ballot.pk},
        page=lambda world, kwargs: ("governance:ballot_detail", kwargs),
    ),
    **{
        f"governance:{name}": Target(
            leader,
            lambda world: {"pk": world.ballot.pk},
            page=lambda world, kwargs: ("governance:ballot_detail", kwargs),
        )
        for name in ("ballot_close", "ballot_casting_vote")
    },
    "governance:minutes_edit": Target(leader, lambda world: {"pk": world.closed_meeting.pk}),
    "governance:minutes_item_notes": Target(
        leader,
        lambda world: {"pk": world.closed_meeting.items.first().pk},
        page=on("governance:minutes_edit", pk=lambda world: world.closed_meeting.pk),
    ),
    "governance:consultation_create": Target(leader),
    "governance:consultation_detail": Target(
        member, lambda world: {"pk": Consultation.objects.order_by("-closes_at").first().pk}
    ),
    **{
        f"governance:{name}": Target(
            leader,
            lambda world: {"pk": Consultation.objects.order_by("-closes_at").first().pk},
            page=lambda world, kwargs: ("governance:consultation_detail", kwargs),
        )
        for name in ("consultation_close", "consultation_outcome")
    },
    "governance:rules_edit": Target(leader),
    # Finance
    "finance:invoice_create": Target(leader, page=on("finance:invoiceable")),
    **{
        f"finance:{name}": Target(
            leader,
            lambda world: {"pk": world.draft_invoice.pk},
            page=lambda world, kwargs: ("finance:invoice_detail", kwargs),
        )
        for name in ("line_add", "invoice_delete", "invoice_issue")
    },
    "finance:line_remove": Target(
        leader,
        lambda world: {"pk": world.draft_invoice.pk, "line": world.draft_invoice.lines.first().pk},
        page=on("finance:invoice_detail", pk=lambda world: world.draft_invoice.pk),
    ),
    **{
        f"finance:{name}": Target(
            leader,
            lambda world: {"pk": world.issued_invoice.pk},
            page=lambda world, kwargs: ("finance:invoice_detail", kwargs),
        )
        for name in ("credit_note_create", "payment_record", "invoice_remind")
    },
    "finance:expense_create": Target(leader, lambda world: {"season": _season(world)}),
    "finance:income_create": Target(leader, lambda world: {"season": _season(world)}),
    "finance:share_out_freeze": Target(
        leader,
        lambda world: {"season": _season(world)},
        page=lambda world, kwargs: ("finance:share_out_season", kwargs),
    ),
    "finance:settings": Target(leader),
}
