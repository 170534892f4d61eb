"""Each agenda item's heading, description and buttons for those who change the agenda are
written in Python (``{% item_head %}``, ``{% item_additions %}``): they stay what the template
wrote, hostile titles and descriptions, both languages, every position in the agenda and
either right included."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from governance.queries import meeting_items
from tests.factories import AgendaItemFactory, ElectionFactory, MotionFactory

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
