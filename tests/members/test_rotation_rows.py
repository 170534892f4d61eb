"""Who does what: the published grids are read with three compiled queries as plain slots
and holders (``members.planning.published_grids``), and their rows are written by
``{% rotation_rows %}`` instead of a template loop. The page must show what it showed: the
same columns and holders as the plans' roles, committees and assignments, and the HTML the
former loop wrote (hostile names, empty cells, the running period, both languages, the
viewer's line and the leaders' badges)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Engine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from cjs.db import CompiledQuery
from members import actions
from members.models import CommitteeMembership, RoleAssignment, RotationPlan, User
from members.planning import plan_periods, published_grids
from tests.factories import CommitteeFactory, EnrolmentFactory, MemberFactory
from tests.members.conftest import make_plan

pytestmark = pytest.mark.django_db

HOSTILE = '<b>"O\'Brien" & co</b>'

# The content of rotation_published.html as it was, with its loop over the rows.
FORMER_CONTENT = """{% load i18n members_tags %}
<h1 class="h2 mb-3">{% translate "Who does what" %}</h1>
{% if hideable %}<p class="small"><a href="{% url 'my:rotation' %}">{% translate "Hide the periods already over" %}</a></p>{% endif %}
{% for grid in grids %}
  <section class="mb-4" id="grid-{{ grid.plan.pk }}">
    <h2 class="h4">{% if grid.plan.is_roles %}{% translate "Roles" %}{% else %}{% translate "Committees" %}{% endif %} <span class="small text-body-secondary fw-normal">{{ grid.plan.first_week|date:"j N" }} – {{ grid.plan.last_day|date:"j N" }}</span></h2>
    {% if grid.earlier %}<p class="small mb-2"><a href="?earlier=1#grid-{{ grid.plan.pk }}">{% if grid.plan.is_roles %}{% blocktranslate count counter=grid.earlier %}Show the earlier week{% plural %}Show the {{ counter }} earlier weeks{% endblocktranslate %}{% else %}{% blocktranslate count counter=grid.earlier %}Show the earlier period{% plural %}Show the {{ counter }} earlier periods{% endblocktranslate %}{% endif %}</a></p>{% endif %}
    <div class="table-responsive">
      <table class="table table-bordered table-sm align-middle rotation-grid">
        <thead><tr>
          <th scope="col">{% if grid.plan.is_roles %}{% translate "Week" %}{% else %}{% translate "Period" %}{% endif %}</th>
          {% for slot in grid.slots %}<th scope="col">{{ slot.name }}</th>{% endfor %}
        </tr></thead>
        <tbody>
          {% for row in grid.rows %}
            <tr class="{% if row.period.start <= today and today <= row.period.end %}table-primary{% endif %}">
              <th scope="row" class="text-nowrap">{{ row.period.start|date:"j N" }} – {{ row.period.end|date:"j N" }}{% if row.period.start <= today and today <= row.period.end %} <span class="badge text-bg-primary">{% translate "now" %}</span>{% endif %}</th>
              {% for members in row.cells %}
                <td>
                  {% rotation_holders members today %}
                </td>
              {% endfor %}
            </tr>
          {% endfor %}
        </tbody>
      </table>
    </div>
  </section>
{% empty %}
  <p class="text-body-secondary">{% translate "No rotation is published yet." %}</p>
{% endfor %}
"""  # noqa: E501


@pytest.fixture
def published(season, roles, member, leader):
    """A rotation of roles (one week a role nobody holds) and one of committees, published;
    a member with a hostile name, a minor not cleared, a role named in English too and a
    committee with a hostile name."""
    roles[0].name_en = "Debrief lead"
    roles[0].save()
    members = [
        member,
        MemberFactory(first_name=HOSTILE, last_name="Zed"),
        MemberFactory(first_name="Nina", last_name="Mineure", profile__not_cleared=True),
        MemberFactory(first_name="", last_name="", username="sans.nom"),
    ]
    for user in members[1:]:
        EnrolmentFactory(season=season, user=user)
    today = timezone.localdate()
    plan = make_plan(season, roles, members, leader)
    actions.rotation_publish(plan=plan, today=today, by=leader, notify=False)
    RoleAssignment.objects.filter(plan=plan).order_by("-starts_on").first().delete()
    committees = [
        CommitteeFactory(name=f"Comité {HOSTILE}", slug="hostile"),
        CommitteeFactory(name="Comité B", slug="b", order=1),
    ]
    committee_plan = make_plan(
        season,
        committees,
        members,
        leader,
        kind=RotationPlan.Kind.COMMITTEES,
        weeks_per_period=2,
    )
    actions.rotation_publish(plan=committee_plan, today=today, by=leader, notify=False)
    return [plan, committee_plan]


@pytest.mark.parametrize("earlier", [False, True])
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("viewer", ["leader_client", "member_client"])
def test_the_page_is_what_the_template_loop_wrote(
    published, season, language, viewer, earlier, request
):
    client = request.getfixturevalue(viewer)
    client.cookies["cjs_language"] = language
    response = client.get(reverse("my:rotation"), {"earlier": "1"} if earlier else {})
    html = response.content.decode()
    content = html[html.index('<h1 class="h2 mb-3">') : html.index("</main>")]
    with override(language):
        former = (
            Engine.get_default()
            .from_string(FORMER_CONTENT)
            .render(
                Context(
                    {
                        "grids": published_grids(
                            season, from_day=None if earlier else timezone.localdate()
                        ),
                        "today": timezone.localdate(),
                        "user": response.wsgi_request.user,
                        # Both plans have periods over: showing them hides something.
                        "hideable": earlier,
                    }
                )
            )
        )
    assert content.strip() == former.strip()
    assert HOSTILE not in content and escape(HOSTILE) in content
    assert "table-primary" in content and '<span class="text-body-secondary">–</span>' in content
    assert ("Debrief lead" in content) == (language == "en")
    # Why a minor is not cleared is for the leaders (and the minor) only.
    assert ("text-bg-warning" in content) == (viewer == "leader_client")


def _held(plan, **lookups) -> set:
    """(period, slot, holder) of the assignments ``plan`` created."""
    model = RoleAssignment if plan.is_roles else CommitteeMembership
    return {
        (row.starts_on, row.slot.pk, str(row.user))
        for row in model.objects.filter(plan=plan, **lookups)
    }


def _shown(grid) -> set:
    """(period, slot, holder) as ``grid`` shows them."""
    return {
        (row.period.start, slot.pk, str(holder))
        for row in grid.rows
        for slot, holders in zip(grid.slots, row.cells, strict=True)
        for holder in holders
    }


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_grids_hold_the_plans_slots_and_assignments(published, season, language):
    with override(language):
        grids = published_grids(season)
        assert [grid.plan.pk for grid in grids] == [plan.pk for plan in published]
        for grid, plan in zip(grids, published, strict=True):
            slots = plan.roles.all() if plan.is_roles else plan.committees.all()
            expected = sorted(slots, key=lambda slot: (slot.order, slot.name))
            assert [(s.pk, s.name) for s in grid.slots] == [(s.pk, s.name) for s in expected]
            assert _shown(grid) == _held(plan)
            assert [row.period.start for row in grid.rows] == [
                plan.first_week + dt.timedelta(weeks=week)
                for week in range(0, plan.weeks, 1 if plan.is_roles else plan.weeks_per_period)
            ]


def test_the_grids_from_a_day_leave_out_the_periods_over_and_do_not_read_them(
    published, season, monkeypatch
):
    today = timezone.localdate()
    read = []
    rows = CompiledQuery.rows

    def recorded(self, params=None):
        read.append(found := rows(self, params))
        return found

    monkeypatch.setattr(CompiledQuery, "rows", recorded)
    grids = published_grids(season, from_day=today)
    *_plans_and_slots, assignments = read
    for grid, plan in zip(grids, published, strict=True):
        periods = plan_periods(plan)
        kept = [period for period in periods if period.end >= today]
        assert 0 < len(kept) < len(periods)
        assert [row.period for row in grid.rows] == kept
        assert grid.earlier == len(periods) - len(kept)
        assert _shown(grid) == _held(plan, starts_on__gte=kept[0].start)
    # The assignments read start in the earliest period a grid shows, or later.
    since = min(grid.rows[0].period.start for grid in grids)
    assert assignments and min(row[2] for row in assignments) >= since


def _holders(grids) -> dict:
    return {
        holder.pk: holder
        for grid in grids
        for row in grid.rows
        for cell in row.cells
        for holder in cell
    }


def test_a_member_viewing_reads_their_own_clearance_facts_and_no_one_elses(
    published, season, member, leader
):
    holders = _holders(published_grids(season, member))
    assert holders[member.pk].member_profile is not None
    others = [holder for pk, holder in holders.items() if pk != member.pk]
    assert others and all(holder.member_profile is None for holder in others)
    # A leader's grids hold everyone's: the minor's badge says why she may not work.
    everyone = _holders(published_grids(season, leader))
    nina = next(holder for holder in everyone.values() if holder.name == "Nina Mineure")
    assert nina.member_profile.clearance_problem_on(timezone.localdate())


def test_a_minor_not_cleared_sees_her_own_badge(published, client):
    nina = User.objects.get(first_name="Nina", last_name="Mineure")
    client.force_login(nina)
    html = client.get(reverse("my:rotation")).content.decode()
    mine = html[html.index("rotation-me") :]
    assert "text-bg-warning" in mine[: mine.index("</div>")]
    assert html.count("text-bg-warning") == html.count("rotation-me")
