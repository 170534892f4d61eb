"""Planning meetings: default chair and secretary, agenda templates and order, convocation,
attendance, proxies and the read-only archive."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cjs.errors import DomainError
from governance import actions
from governance.models import AgendaItem, Attendance, Election, Motion, Proxy, Topic
from governance.queries import meeting_members, meeting_roster, member_ids
from members.models import Committee, Role, User
from tests.factories import (
    AgendaItemFactory,
    ArchivedSeasonFactory,
    CommitteeMembershipFactory,
    EnrolmentFactory,
    LeaderFactory,
    MeetingFactory,
    MemberFactory,
    RoleAssignmentFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def _tonight():
    return timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)


def test_chair_and_secretary_default_to_the_roles_of_the_day(
    season, member, other_member, leader, make_members
):
    RoleAssignmentFactory(season=season, role=Role.objects.get(slug="presidence"), user=member)
    RoleAssignmentFactory(
        season=season, role=Role.objects.get(slug="secretariat"), user=other_member
    )
    meeting = actions.meeting_create(
        season=season, kind="board", title="CA", starts_at=_tonight(), by=leader
    )
    assert (meeting.chair, meeting.secretary) == (member, other_member)
    (ines,) = make_members(1)
    chosen = actions.meeting_create(
        season=season, kind="board", title="CA", starts_at=_tonight(), chair=ines, by=leader
    )
    assert (chosen.chair, chosen.secretary) == (ines, other_member)


def test_a_leader_neither_chairs_nor_takes_the_minutes(season, member, leader, leader_client):
    """Youth leaders run meetings alongside the members (they hold the capabilities) but the
    chair, who has the casting vote, and the secretary are members of the meeting."""
    refusals = {"chair": "ne peut pas présider", "secretary": "ne peut pas tenir le secrétariat"}
    for seat, refusal in refusals.items():
        with pytest.raises(DomainError, match=refusal):
            actions.meeting_create(
                season=season,
                kind="board",
                title="CA",
                starts_at=_tonight(),
                by=leader,
                **{seat: leader},
            )
    meeting = actions.meeting_create(
        season=season, kind="board", title="CA", starts_at=_tonight(), chair=member, by=leader
    )
    with pytest.raises(DomainError, match="ne peut pas présider"):
        actions.meeting_update(meeting=meeting, fields={"chair": leader}, by=leader)
    form = leader_client.get(reverse("governance:meeting_create")).context["form"]
    assert leader not in form.fields["chair"].queryset
    assert member in form.fields["secretary"].queryset


def test_a_committee_meeting_is_chaired_by_one_of_its_members(season, member, other_member, leader):
    """The présidence of the day does not chair a committee they do not sit on."""
    committee = Committee.objects.get(slug="finances")
    CommitteeMembershipFactory(season=season, committee=committee, user=member)
    RoleAssignmentFactory(
        season=season, role=Role.objects.get(slug="presidence"), user=other_member
    )
    meeting = actions.meeting_create(
        season=season,
        kind="committee",
        committee=committee,
        title="Comité finances",
        starts_at=_tonight(),
        by=leader,
    )
    assert meeting.chair is None
    with pytest.raises(DomainError, match="ne peut pas présider"):
        actions.meeting_update(meeting=meeting, fields={"chair": other_member}, by=leader)
    actions.meeting_update(meeting=meeting, fields={"chair": member}, by=leader)


def test_first_board_template_prepares_name_officers_rules_and_share_out(season, leader):
    meeting = actions.meeting_create(
        season=season,
        kind="board",
        title="Premier CA",
        starts_at=_tonight(),
        template="first_board",
        by=leader,
    )
    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert titles == [
        "Accueil et façon de décider",
        "Nom de la coopérative",
        "Élection du bureau",
        "Règlement intérieur",
        "Répartition des résultats",
        "Questions diverses",
    ]
    topics = set(Motion.objects.filter(item__meeting=meeting).values_list("topic", flat=True))
    assert topics == {Topic.NAME, Topic.INTERNAL_RULES, Topic.SHARE_OUT}
    elections = Election.objects.filter(item__meeting=meeting)
    assert {e.role.slug for e in elections} == {
        "presidence",
        "vice-presidence",
        "secretariat",
        "tresorerie",
    }
    assert all(e.seats == 1 and e.term_ends_on == season.ends_on for e in elections)


def test_agenda_items_move_up_and_down(meeting, leader):
    first, second, third = (AgendaItemFactory(meeting=meeting, position=n) for n in (1, 2, 3))
    actions.agenda_item_move(item=third, offset=-1, by=leader)
    actions.agenda_item_move(item=first, offset=-1, by=leader)  # already first: no change
    order = list(AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True))
    assert order == [first.pk, third.pk, second.pk]
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("position", flat=True)) == [
        1,
        2,
        3,
    ]


def test_convocation_goes_to_members_with_an_email(
    meeting, member, other_member, leader, mailoutbox, django_capture_on_commit_callbacks
):
    other_member.email = ""
    other_member.save()
    AgendaItemFactory(meeting=meeting, title="Tarifs de la tonte")
    with django_capture_on_commit_callbacks(execute=True):
        sent = actions.meeting_convene(meeting=meeting, by=leader)
    assert sent.reached == [member]
    assert sent.unreached == [(other_member, "pas d’adresse e-mail")]
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "Convocation" in mailoutbox[0].subject
    assert "Tarifs de la tonte" in mailoutbox[0].body
    assert f"/vie-democratique/reunions/{meeting.pk}/" in mailoutbox[0].body
    meeting.refresh_from_db()
    assert meeting.convened_at is not None


def test_convocation_needs_an_agenda(meeting, leader):
    with pytest.raises(DomainError, match="ordre du jour"):
        actions.meeting_convene(meeting=meeting, by=leader)


def test_committee_meeting_convenes_the_committee_members_of_that_day(
    season, member, other_member, leader
):
    committee = Committee.objects.get(slug="marketing")
    CommitteeMembershipFactory(season=season, committee=committee, user=member)
    meeting = actions.meeting_create(
        season=season,
        kind="committee",
        committee=committee,
        title="Comité marketing",
        starts_at=_tonight(),
        by=leader,
    )
    assert list(meeting_members(meeting)) == [member]
    with pytest.raises(DomainError, match="comité"):
        actions.meeting_create(
            season=season, kind="committee", title="?", starts_at=_tonight(), by=leader
        )


def test_a_member_carries_one_proxy_by_default(
    live_meeting, member, other_member, leader, make_members
):
    first, second = make_members(2)
    actions.proxy_give(
        meeting=live_meeting, giver=first, holder=member, by=leader, giver_asked=True
    )
    with pytest.raises(DomainError, match="porte déjà 1 procuration"):
        actions.proxy_give(
            meeting=live_meeting, giver=second, holder=member, by=leader, giver_asked=True
        )
    roster = meeting_roster(live_meeting)
    assert roster.quorum.represented == 1
    assert roster.status[first.pk] == Attendance.Status.EXCUSED
    assert [v.pk for v in roster.voters_for(member)] == [member.pk, first.pk]


def test_the_rules_may_allow_more_proxies(live_meeting, member, leader, make_members):
    from governance.models import MeetingRules

    MeetingRules.objects.filter(kind="board").update(max_proxies=2)
    first, second = make_members(2)
    actions.proxy_give(
        meeting=live_meeting, giver=first, holder=member, by=leader, giver_asked=True
    )
    actions.proxy_give(
        meeting=live_meeting, giver=second, holder=member, by=leader, giver_asked=True
    )
    assert Proxy.objects.filter(holder=member).count() == 2


def test_a_member_who_arrives_takes_back_their_proxy(live_meeting, member, leader, make_members):
    (late,) = make_members(1)
    actions.proxy_give(meeting=live_meeting, giver=late, holder=member, by=leader, giver_asked=True)
    actions.attendance_set(meeting=live_meeting, user=late, status="present", by=leader)
    assert not Proxy.objects.filter(giver=late).exists()


def test_a_present_member_cannot_give_a_proxy(live_meeting, member, other_member, leader):
    with pytest.raises(DomainError, match="présent"):
        actions.proxy_give(
            meeting=live_meeting, giver=member, holder=other_member, by=leader, giver_asked=True
        )


def test_archived_seasons_are_read_only(leader):
    archived = ArchivedSeasonFactory()
    with pytest.raises(DomainError, match="archivée"):
        actions.meeting_create(
            season=archived,
            kind="board",
            title="CA",
            starts_at=timezone.make_aware(dt.datetime.combine(archived.starts_on, dt.time(18))),
            by=leader,
        )
    meeting = MeetingFactory(
        season=archived,
        starts_at=timezone.make_aware(dt.datetime.combine(archived.starts_on, dt.time(18))),
    )
    with pytest.raises(DomainError, match="archivée"):
        actions.agenda_item_add(meeting=meeting, title="Point", by=leader)


def _closed_meeting(season, leader, hour: int = 9):
    meeting = actions.meeting_create(
        season=season,
        kind="board",
        title="Conseil du matin",
        starts_at=_tonight().replace(hour=hour),
        by=leader,
    )
    actions.meeting_open(meeting=meeting, by=leader)
    actions.meeting_close(meeting=meeting, by=leader)
    return meeting


def test_closing_puts_the_minutes_on_the_next_planned_meeting(season, leader):
    """Weekly meetings are planned ahead: the next one gets the approval when this closes."""
    today = actions.meeting_create(
        season=season, kind="board", title="CA du jour", starts_at=_tonight(), by=leader
    )
    actions.meeting_open(meeting=today, by=leader)
    next_week = actions.meeting_create(
        season=season,
        kind="board",
        title="CA de la semaine prochaine",
        starts_at=_tonight() + dt.timedelta(days=7),
        template="weekly_board",
        by=leader,
    )
    later = actions.meeting_create(
        season=season,
        kind="board",
        title="CA dans deux semaines",
        starts_at=_tonight() + dt.timedelta(days=14),
        by=leader,
    )
    assert not Motion.objects.filter(topic=Topic.MINUTES).exists()
    actions.meeting_close(meeting=today, by=leader)
    approval = Motion.objects.get(topic=Topic.MINUTES)
    assert approval.item.meeting == next_week and approval.approves_minutes_of == today
    titles = list(next_week.items.order_by("position").values_list("title", flat=True))
    assert titles[0] == "Approbation du procès-verbal de la réunion précédente"
    assert titles[1] == "Météo de la semaine"
    positions = list(next_week.items.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, len(titles) + 1))
    assert not Motion.objects.filter(item__meeting=later).exists()


def test_the_approval_can_be_put_on_the_agenda_by_hand(
    season, leader, leader_client, member_client
):
    morning = _closed_meeting(season, leader)
    evening = actions.meeting_create(
        season=season, kind="board", title="CA du soir", starts_at=_tonight(), by=leader
    )
    first = Motion.objects.get(item__meeting=evening, topic=Topic.MINUTES)
    page = leader_client.get(reverse("governance:meeting_detail", args=[evening.pk])).content
    assert "Mettre l’approbation du procès-verbal précédent à l’ordre du jour" not in page.decode()
    actions.motion_postpone(motion=first, by=leader)  # the minutes were not ready

    page = leader_client.get(reverse("governance:meeting_detail", args=[evening.pk])).content
    assert "Mettre l’approbation du procès-verbal précédent à l’ordre du jour" in page.decode()
    url = reverse("governance:minutes_approval_add", args=[evening.pk])
    assert member_client.post(url).status_code == 403
    assert leader_client.post(url).status_code == 302
    again = Motion.objects.filter(item__meeting=evening, topic=Topic.MINUTES).exclude(pk=first.pk)
    assert again.get().approves_minutes_of == morning
    with pytest.raises(DomainError, match="Aucun procès-verbal"):
        actions.minutes_approval_add(meeting=evening, by=leader)


def test_a_member_carrying_a_proxy_cannot_pass_it_on(live_meeting, member, leader, make_members):
    """Zoé gives her proxy to Sarah; Sarah cannot then give hers to Léa: Zoé's vote would
    disappear without anyone noticing."""
    zoe, sarah = make_members(2)
    actions.proxy_give(meeting=live_meeting, giver=zoe, holder=sarah, by=leader, giver_asked=True)
    with pytest.raises(DomainError, match=r"porte la procuration de .*serait perdue"):
        actions.proxy_give(
            meeting=live_meeting, giver=sarah, holder=member, by=leader, giver_asked=True
        )
    assert list(Proxy.objects.values_list("giver", "holder")) == [(zoe.pk, sarah.pk)]


def test_a_proxy_whose_holder_is_not_present_shows_as_inactive(
    live_meeting, member, leader, leader_client, client_for, make_members
):
    zoe, sarah = make_members(2)
    actions.proxy_give(meeting=live_meeting, giver=zoe, holder=sarah, by=leader, giver_asked=True)
    roster = meeting_roster(live_meeting)
    assert roster.active_proxies == [] and roster.quorum.represented == 0
    page = leader_client.get(reverse("governance:attendance", args=[live_meeting.pk]))
    html = page.content.decode()
    assert html.count('data-testid="inactive-proxy"') == 1
    assert "inactive : " in html and "n’est pas noté·e présent·e" in html  # Zoé's row
    mine = client_for(zoe).get(reverse("governance:meeting_detail", args=[live_meeting.pk]))
    assert "inactive" in mine.content.decode()

    actions.attendance_set(meeting=live_meeting, user=sarah, status="present", by=leader)
    html = leader_client.get(reverse("governance:attendance", args=[live_meeting.pk])).content
    assert 'data-testid="inactive-proxy"' not in html.decode()
    assert meeting_roster(live_meeting).quorum.represented == 1


def test_the_daily_debrief_is_chaired_by_the_member_who_runs_it_that_day(
    season, member, other_member, leader, make_members
):
    (host,) = make_members(1)
    RoleAssignmentFactory(season=season, role=Role.objects.get(slug="presidence"), user=member)
    RoleAssignmentFactory(
        season=season, role=Role.objects.get(slug="secretariat"), user=other_member
    )
    debrief_role = RoleFactory(slug="animation-debrief", name="Animation du débrief")
    RoleAssignmentFactory(season=season, role=debrief_role, user=host)
    debrief = actions.meeting_create(
        season=season,
        kind="team",
        title="Débrief",
        starts_at=_tonight(),
        template="debrief",
        by=leader,
    )
    assert (debrief.chair, debrief.secretary) == (host, other_member)
    board = actions.meeting_create(
        season=season, kind="board", title="CA", starts_at=_tonight(), by=leader
    )
    assert board.chair == member


def test_without_a_debrief_role_the_presidence_hosts_the_debrief(season, member, leader):
    RoleAssignmentFactory(season=season, role=Role.objects.get(slug="presidence"), user=member)
    debrief = actions.meeting_create(
        season=season, kind="team", title="Débrief", starts_at=_tonight(), by=leader
    )
    assert debrief.chair == member


def test_only_active_members_enrolled_that_day_are_convened(season, member, leader, meeting):
    """The convened users (``meeting_members``, the roster's, a voter's roll) are the ids the
    enrolments give, of users who are members and active: as ``member_ids`` says."""
    day = meeting.day
    deactivated = EnrolmentFactory(season=season, user=MemberFactory(is_active=False)).user
    EnrolmentFactory(season=season, user=LeaderFactory())  # enrolled by mistake
    left = EnrolmentFactory(season=season, user=MemberFactory(), left_on=day).user
    later = EnrolmentFactory(
        season=season, user=MemberFactory(), joined_on=day + dt.timedelta(days=1)
    ).user
    convened = set(meeting_members(meeting))
    assert member in convened
    assert not convened & {deactivated, left, later}
    assert all(user.is_member for user in convened)
    by_ids = User.objects.filter(
        pk__in=member_ids(season=season, kind=meeting.kind, committee_id=None, day=day)
    )
    assert convened == set(by_ids)
    in_order = sorted(convened, key=lambda u: (u.first_name, u.last_name, u.username))
    assert [m.pk for m in meeting_roster(meeting).members] == [u.pk for u in in_order]
