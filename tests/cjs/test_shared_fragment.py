"""The main menu is rendered once per process for each role, set of capabilities and language
(``{% shared_fragment %}``), and still follows a delegation the moment it is made."""

from __future__ import annotations

from django.template import loader
from django.urls import reverse
from django.utils import translation

from cjs.templatetags import cjs_tags
from tests.factories import CommitteeFactory, CommitteeMembershipFactory, PermissionGrantFactory


def test_the_menu_shows_a_new_delegation_on_the_next_page(member_client, member, season):
    catalogue = reverse("services:catalogue")
    assert catalogue not in member_client.get(reverse("dashboard")).content.decode()

    committee = CommitteeFactory()
    PermissionGrantFactory(capability="manage_catalogue", committee=committee)
    CommitteeMembershipFactory(season=season, committee=committee, user=member)

    assert catalogue in member_client.get(reverse("dashboard")).content.decode()


def test_the_menu_follows_the_language(member_client):
    member_client.cookies.load({"cjs_language": "en"})
    assert "My jobs" in member_client.get(reverse("dashboard")).content.decode()
    member_client.cookies.load({"cjs_language": "fr"})
    html = member_client.get(reverse("dashboard")).content.decode()
    assert "My jobs" not in html
    assert "Mes chantiers" in html


def test_the_menu_holds_no_csrf_token_and_no_personal_data(member_client, member):
    html = cjs_tags.shared_fragment(
        "includes/main_menu.html",
        is_authenticated=True,
        is_leader=False,
        is_member=True,
        capabilities=frozenset(),
    )
    assert "csrfmiddlewaretoken" not in html
    assert member.first_name not in html
    assert reverse("services:job_board") in html


def test_a_fragment_is_rendered_once_for_the_same_facts(monkeypatch):
    rendered = []
    real = loader.get_template

    def counting(name, *args, **kwargs):
        rendered.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(cjs_tags, "get_template", counting)
    cjs_tags._shared_fragment.cache_clear()
    facts = {"is_authenticated": True, "is_leader": False, "is_member": True}
    with translation.override("fr"):
        first = cjs_tags.shared_fragment("includes/main_menu.html", **facts, capabilities={"a"})
        again = cjs_tags.shared_fragment("includes/main_menu.html", **facts, capabilities={"a"})
        cjs_tags.shared_fragment("includes/main_menu.html", **facts, capabilities=set())
    with translation.override("en"):
        cjs_tags.shared_fragment("includes/main_menu.html", **facts, capabilities={"a"})
    assert first == again
    assert len(rendered) == 3  # fr with {"a"}, fr with none, en with {"a"}


def test_plain_facts_and_dates_are_kept_as_they_are(monkeypatch):
    """Facts of plain types (booleans, numbers, strings, None, dates) key the fragment as
    they are, whether or not a set stands beside them: the same facts, the same fragment."""
    import datetime as dt

    kept = []
    real = cjs_tags._shared_fragment

    def spying(template_name, language, facts):
        kept.append(facts)
        return real(template_name, language, facts)

    spying.cache_clear = real.cache_clear  # what a change of the settings calls
    monkeypatch.setattr(cjs_tags, "_shared_fragment", spying)
    day = dt.date(2026, 7, 14)
    with translation.override("en"):
        cjs_tags.shared_fragment("dashboard/_leader_greeting.html", name="Léa", today=day)
        cjs_tags.shared_fragment(
            "includes/main_menu.html", is_leader=True, capabilities={"b", "a"}, n=None
        )
    assert kept == [
        (("name", "Léa"), ("today", day)),
        (("capabilities", frozenset({"a", "b"})), ("is_leader", True), ("n", None)),
    ]
