"""Each agenda item's heading, description, motions, elections and buttons for those who
change the agenda, and the meeting's own head and buttons, are written in Python
(``{% item_head %}``, ``{% motion_cards %}``, ``{% election_cards %}``,
``{% item_additions %}``, ``{% meeting_head %}``...): they stay what the template wrote,
hostile titles, texts and names, both languages, every position in the agenda and every
right included."""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from governance.models import Ballot, Motion, ShareOutRule
from governance.queries import meeting_items
from members.models import Cooperative
from tests.factories import (
    AgendaItemFactory,
    CandidateFactory,
    CommitteeFactory,
    ElectionFactory,
    MemberFactory,
    MotionFactory,
)

pytestmark = pytest.mark.django_db

# The meeting page's item heading and additions as the template wrote them (``{% url %}``).
FORMER = Template(
    "{% load i18n %}{% for item in items %}"
    + (Path(__file__).parent / "former_agenda_buttons.html").read_text()
    + "|{% endfor %}"
)
NOW = Template(
    "{% load governance_tags %}{% for item in items %}    "
    "{% item_head item forloop can_change_agenda %}\n|{% if can_change_agenda %}\n        "
    "{% item_additions item %}\n{% endif %}\n|{% endfor %}"
)
HOSTILE = "<b>\"Tom\" & 'Jerry'</b> 100 %"


def _former(name: str, head: str = "", tail: str = "") -> Template:
    """The former template text kept in ``name`` (beside this module), between ``head`` and
    ``tail``."""
    return Template("{% load i18n %}" + head + (Path(__file__).parent / name).read_text() + tail)


@pytest.mark.parametrize("can_change", [True, False])
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("count", [1, 2, 4])
def test_the_items_are_what_the_template_wrote(meeting, language, count, can_change):
    titles = [HOSTILE, "Approbation du procès-verbal", "l’ordre du jour", "{{ x }} %(title)s"]
    descriptions = ["", HOSTILE + "\nligne 2\r\n\nligne 4", "Une ligne.", " "]
    for position, title in enumerate(titles[:count]):
        item = AgendaItemFactory(
            meeting=meeting, position=position, title=title, description=descriptions[position]
        )
        if position == 1:
            MotionFactory(item=item)
        if position == 2:
            ElectionFactory(item=item)
    items = meeting_items(meeting)
    context = {"items": items, "csrf_token": "tokén<&>", "can_change_agenda": can_change}
    with translation.override(language):
        former = FORMER.render(Context(context))
        assert NOW.render(Context(context)) == former
    assert former.count("|") == 2 * count and "&lt;b&gt;" in former
    # Only the items with no motion and no election may be removed.
    assert former.count("text-danger") == {1: 1, 2: 1, 4: 2}[count] * can_change
    assert ("<br>" in former) is (count > 1)


# A motion's buttons while it waits for its vote, as the template wrote them (``{% url %}``).
FORMER_ACTIONS = Template(
    "{% load i18n %}{% for item in items %}{% for motion in item.motions.all %}"
    + (Path(__file__).parent / "former_motion_actions.html").read_text()
    + "|{% endfor %}{% endfor %}"
)
NOW_ACTIONS = Template(
    "{% load governance_tags %}{% for item in items %}{% for motion in item.motions.all %}"
    "            {% motion_actions motion item %}\n|{% endfor %}{% endfor %}"
)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_motions_buttons_are_what_the_template_wrote(meeting, member, language):
    item = AgendaItemFactory(meeting=meeting)
    motion = MotionFactory(item=item, title=HOSTILE)
    MotionFactory(item=item, amends=motion, secret_requested_by=member)
    MotionFactory(item=item, topic="share_out")
    MotionFactory(item=item, status="adopted")
    items = meeting_items(meeting)
    for closed in (False, True):
        meeting.status = "closed" if closed else "planned"
        for run, plan, is_member in itertools.product([True, False], repeat=3):
            context = {
                "items": items,
                "meeting": meeting,
                "csrf_token": "tokén<&>",
                "can_run_meeting": run,
                "can_plan": plan,
                "is_member": is_member,
            }
            with translation.override(language):
                former = FORMER_ACTIONS.render(Context(context))
                assert NOW_ACTIONS.render(Context(context)) == former
            assert former.count("|") == 4
            assert ("<form" in former) is (not closed and (run or plan or is_member))


# The meeting's own buttons as the template wrote them (``{% url %}``).
FORMER_MEETING = Template(
    "{% load i18n %}" + (Path(__file__).parent / "former_meeting_buttons.html").read_text()
)
NOW_MEETING = Template("{% load governance_tags %}{% meeting_buttons %}\n")
RIGHTS = ("can_change_agenda", "can_open_meeting", "can_record_attendance")
MORE_RIGHTS = ("can_write_minutes", "can_run_meeting")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_meetings_buttons_are_what_the_template_wrote(meeting, language):
    for convened in (None, meeting.starts_at):
        meeting.convened_at = convened
        for rights in itertools.product([True, False], repeat=len(RIGHTS + MORE_RIGHTS)):
            context = {
                "meeting": meeting,
                "csrf_token": "tokén<&>",
                **dict(zip(RIGHTS + MORE_RIGHTS, rights, strict=True)),
            }
            with translation.override(language):
                former = FORMER_MEETING.render(Context(context))
                assert NOW_MEETING.render(Context(context)) == former
            assert former.count("<form") == rights[0] + rights[1] + rights[4]


# The meeting page's head as the template wrote it (``{% url %}``, filters, translations).
FORMER_HEAD = _former("former_meeting_head.html", "{% load governance_tags %}")
NOW_HEAD = Template("{% load governance_tags %}{% meeting_head %}")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_meetings_head_is_what_the_template_wrote(meeting, leader, language):
    hostile = MemberFactory(first_name=HOSTILE, last_name="Zed")
    committee = CommitteeFactory(name=f"Comité {HOSTILE}", slug="comite-hostile")
    cases = [
        {},
        {"title": HOSTILE, "place": HOSTILE, "secretary": hostile, "status": "in_progress"},
        {"place": "", "chair": None, "committee": committee, "kind": "committee"},
        {"kind": "assembly", "status": "closed", "chair": hostile, "secretary": leader},
    ]
    for case in cases:
        for name, value in case.items():
            setattr(meeting, name, value)
        with translation.override(language):
            former = FORMER_HEAD.render(Context({"meeting": meeting}))
            assert NOW_HEAD.render(Context({"meeting": meeting})) == former
        assert HOSTILE not in former
    assert "&lt;b&gt;" in former and "<strong>Camille Rousseau</strong>" in former


# The meeting page's loop over an item's motions as the template wrote it.
FORMER_CARDS = _former(
    "former_motion_cards.html", "{% load governance_tags %}{% for item in items %}", "|{% endfor %}"
)
NOW_CARDS = Template(
    "{% load governance_tags %}{% for item in items %}{% motion_cards item %}|{% endfor %}"
)


@pytest.fixture
def motions(meeting):
    item = AgendaItemFactory(meeting=meeting, title="Motions")
    hostile = MemberFactory(first_name=HOSTILE + " {{ x }} %(name)s", last_name="Zed")
    plain = MotionFactory(item=item, title=HOSTILE, text=HOSTILE + "\nligne 2", proposer=hostile)
    # An adopted amendment its motion's new text left out: to rewrite.
    MotionFactory(
        item=item, amends=plain, status="adopted", text="autre", secret_requested_by=hostile
    )
    rejected = MotionFactory(
        item=item, status="rejected", majority="two_thirds", votes_yes=1, votes_no=3, voters=4
    )
    Ballot.objects.create(
        meeting=meeting, motion=rejected, status="closed", closed_at=timezone.now()
    )
    Ballot.objects.create(meeting=meeting, motion=plain)
    for adopted, bonus in ((True, Decimal("20")), (False, Decimal("0"))):
        share_out = MotionFactory(item=item, topic="share_out")
        ShareOutRule.objects.create(
            motion=share_out,
            reserve_percent=Decimal("12.5"),
            equal_percent=Decimal("0"),
            pro_rata_percent=Decimal("100"),
            bonus=bonus,
            bonus_min_hours=Decimal("30"),
        )
        if adopted:  # a rule is written while its motion waits for the vote
            Motion.objects.filter(pk=share_out.pk).update(status="adopted")
    MotionFactory(item=item, topic="share_out", status="adopted")  # its rule not written yet
    AgendaItemFactory(meeting=meeting, title="Sans motion")
    return Motion.objects.filter(item__meeting=meeting)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_motion_cards_are_what_the_template_loop_wrote(
    meeting, motions, member, leader, language
):
    items = meeting_items(meeting)
    rights = ("can_change_agenda", "can_run_meeting", "can_plan", "is_member")
    for viewer, keeps_accounts, *granted in itertools.product(
        [member, leader], [True, False], *[[True, False]] * len(rights)
    ):
        context = {
            "items": items,
            "meeting": meeting,
            "user": viewer,
            "capabilities": {"keep_accounts"} if keeps_accounts else set(),
            "cooperative": Cooperative.load(),
            "csrf_token": "tokén<&>",
            **dict(zip(rights, granted, strict=True)),
        }
        with translation.override(language):
            former = FORMER_CARDS.render(Context(context))
            assert NOW_CARDS.render(Context(context)) == former
    assert former.count("|") == 2 and HOSTILE not in former
    assert "&lt;b&gt;&quot;Tom&quot;" in former and 'data-testid="share-out-rule"' in former
    assert "12,5" in former or "12.5" in former


# The loop over an item's elections as the template wrote it.
FORMER_ELECTIONS = _former(
    "former_election_cards.html",
    "{% load governance_tags %}{% for item in items %}",
    "|{% endfor %}",
)
NOW_ELECTIONS = Template(
    "{% load governance_tags %}{% for item in items %}{% election_cards item %}|{% endfor %}"
)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_election_cards_are_what_the_template_loop_wrote(meeting, language):
    item = AgendaItemFactory(meeting=meeting, title="Élections")
    hostile = ElectionFactory(item=item, title=HOSTILE, seats=1)
    CandidateFactory(election=hostile, user__first_name=HOSTILE, elected=True)
    CandidateFactory(election=hostile, user__first_name="Léa")
    ElectionFactory(item=item, title="Bureau", seats=3, status="decided")  # nobody yet
    AgendaItemFactory(meeting=meeting, title="Sans élection")
    items = meeting_items(meeting)
    with translation.override(language):
        former = FORMER_ELECTIONS.render(Context({"items": items}))
        assert NOW_ELECTIONS.render(Context({"items": items})) == former
    assert former.count("|") == 2 and HOSTILE not in former and "&lt;b&gt;" in former
    assert former.count('role="img"') == 1  # the one elected
