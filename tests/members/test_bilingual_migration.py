"""The migration to bilingual texts, run on the database in use (SQLite or PostgreSQL): the
texts written before become the French ones; the untouched defaults get their English text."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from governance.models import AgendaItem
from members.models import Committee, Cooperative, Skill
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("members", "0011_history_of_rgpd_fields"),
    ("governance", "0009_merge_0008_audit_trail_0008_share_out_rule"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_texts_written_before_become_french_and_untouched_defaults_get_english(leader):
    old = _migrate(BEFORE)
    OldSkill = old.get_model("members", "Skill")
    OldCommittee = old.get_model("members", "Committee")
    # The defaults as migrations 0002 and 0004 wrote them (a flushed database has none).
    OldSkill.objects.update_or_create(
        slug="jardinage",
        defaults={
            "name": "Jardinage",
            "description": "Désherbage, plantations, taille de haies basses.",
        },
    )
    OldSkill.objects.update_or_create(
        slug="tonte", defaults={"name": "Tonte", "description": "Tondeuse."}
    )  # renamed by the leaders
    OldSkill.objects.create(slug="bricolage", name="Bricolage", description="Petites réparations.")
    OldCommittee.objects.update_or_create(
        slug="marketing", defaults={"name": "Comité Marketing", "description": "", "duties": ""}
    )
    old.get_model("members", "Cooperative").objects.filter(pk=1).update(
        tagline="Au service du quartier"
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    gardening = Skill.objects.get(slug="jardinage")
    assert (gardening.name_fr, gardening.name_en) == ("Jardinage", "Gardening")
    assert gardening.description_en == "Weeding, planting, trimming low hedges."
    mowing = Skill.objects.get(slug="tonte")
    assert (mowing.name_fr, mowing.name_en, mowing.description_en) == ("Tonte", None, None)
    diy = Skill.objects.get(slug="bricolage")
    assert (diy.name_fr, diy.description_fr, diy.name_en) == (
        "Bricolage",
        "Petites réparations.",
        None,
    )
    marketing = Committee.objects.get(slug="marketing")
    assert (marketing.name_fr, marketing.name_en) == ("Comité Marketing", "Marketing committee")
    assert marketing.description_en is None  # its French description was rewritten
    if Cooperative.objects.exists():
        assert Cooperative.objects.get().tagline_fr == "Au service du quartier"


def test_agenda_items_written_before_become_french(season):
    meeting = MeetingFactory(season=season)
    old = _migrate(BEFORE)
    old.get_model("governance", "AgendaItem").objects.create(
        meeting_id=meeting.pk, position=1, title="Divers", description="Tout le reste."
    )
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.title_fr, item.description_fr, item.title_en) == ("Divers", "Tout le reste.", None)
