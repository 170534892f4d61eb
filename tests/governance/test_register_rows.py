"""The register's rows are made by its query (texts, day, meeting name and link, the vote's
sentence): the page writes what the template wrote from the motions and consultations
themselves, hostile texts included, in both languages."""

# ruff: noqa: E501 (the rows as the template wrote them, line for line)
from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from governance.models import Consultation, Motion, Topic
from governance.queries.exports import _decisions, _with_amended
from tests.factories import AgendaItemFactory, ConsultationFactory, MeetingFactory, MotionFactory

pytestmark = pytest.mark.django_db

# The rows as the template wrote them before, from the models.
BEFORE = Template(
    """{% load i18n %}{% for row in rows %}
    {% if row.motion %}{% with motion=row.motion %}
    <div class="list-group-item">
      <div class="d-flex justify-content-between gap-2">
        <strong>{{ motion.title }}</strong>
        <span class="small text-body-secondary text-nowrap">{{ motion.decided_at|date:"j N Y" }}</span>
      </div>
      <p class="mb-1 small">{{ motion.text|linebreaksbr }}</p>
      <p class="mb-0 small text-body-secondary">
        <a href="{% url 'governance:meeting_detail' motion.item.meeting_id %}">{{ motion.item.meeting }}</a> ·
        {% blocktranslate with yes=motion.votes_yes no=motion.votes_no %}{{ yes }} for, {{ no }} against{% endblocktranslate %}, {% blocktranslate count abstain=motion.votes_abstain %}{{ abstain }} abstention{% plural %}{{ abstain }} abstentions{% endblocktranslate %}
        {% if motion.topic != "general" %} · {{ motion.get_topic_display }}{% endif %}
        {% if motion.amended %} · {% translate "as amended" %}{% endif %}
      </p>
    </div>
    {% endwith %}{% else %}{% with consultation=row.consultation %}
    <div class="list-group-item">
      <div class="d-flex justify-content-between gap-2">
        <strong>{{ consultation.title }}</strong>
        <span class="small text-body-secondary text-nowrap">{{ consultation.outcome_at|date:"j N Y" }}</span>
      </div>
      <p class="mb-1 small">{{ consultation.outcome|linebreaksbr }}</p>
      <p class="mb-0 small text-body-secondary"><a href="{% url 'governance:consultation_detail' consultation.pk %}">{% translate "Consultation" %}</a></p>
    </div>
    {% endwith %}{% endif %}
  {% endfor %}"""
)


@pytest.fixture
def hostile_decisions(season):
    meeting = MeetingFactory(season=season, title="<b>AG</b> & « co »")
    item = AgendaItemFactory(meeting=meeting)
    now = timezone.now()
    rules = MotionFactory(
        item=item,
        title="<script>alert('règles')</script>",
        text='Ligne 1\nLigne <2> & "3"',
        topic=Topic.INTERNAL_RULES,
        status=Motion.Status.ADOPTED,
        votes_yes=1,
        votes_no=0,
        votes_abstain=1,
        decided_at=now - timezone.timedelta(days=2),
    )
    MotionFactory(item=item, amends=rules, status=Motion.Status.ADOPTED, decided_at=now)
    MotionFactory(
        item=item,
        title="Général",
        status=Motion.Status.ADOPTED,
        votes_yes=12,
        votes_no=3,
        votes_abstain=2,
        decided_at=now - timezone.timedelta(days=1),
    )
    ConsultationFactory(
        season=season,
        title="<i>T-shirts</i>",
        outcome="On les porte.\n<b>Tous</b>",
        outcome_adopted=True,
        outcome_at=now - timezone.timedelta(days=3),
    )


def _rows_as_before(season) -> str:
    motions = _with_amended(_decisions(season)).select_related("item__meeting")
    rows = [{"day": m.decided_at, "pk": m.pk, "motion": m} for m in motions]
    rows += [
        {"day": c.outcome_at, "pk": c.pk, "consultation": c}
        for c in Consultation.objects.filter(season=season, outcome_adopted=True)
    ]
    rows.sort(key=lambda row: row["day"], reverse=True)
    return BEFORE.render(Context({"rows": rows}))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_register_rows_are_written_as_the_template_wrote_them(
    hostile_decisions, season, member_client, language
):
    member_client.cookies["cjs_language"] = language
    html = member_client.get(reverse("governance:register")).content.decode()
    with translation.override(language):
        expected = _rows_as_before(season)
    assert expected.count('class="list-group-item"') == 3
    assert expected.strip() in html  # every row, in order, byte for byte
    assert "<script>" not in html and "&lt;script&gt;" in html
