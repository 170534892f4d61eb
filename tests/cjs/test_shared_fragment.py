"""The main menu is rendered once per process for each role, set of capabilities and language
(``{% shared_fragment %}``), and still follows a delegation the moment it is made."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from cjs.templatetags import cjs_tags
from tests.factories import (
    CommitteeFactory,
    CommitteeMembershipFactory,
    EnrolmentFactory,
    MemberFactory,
    PermissionGrantFactory,
)


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


def test_a_fragment_is_rendered_once_for_the_same_facts(rendered):
    facts = {"is_authenticated": True, "is_leader": False, "is_member": True}
    with translation.override("fr"):
        first = cjs_tags.shared_fragment("includes/main_menu.html", **facts, capabilities={"a"})
        again = cjs_tags.shared_fragment("includes/main_menu.html", **facts, capabilities={"a"})
        cjs_tags.shared_fragment("includes/main_menu.html", **facts, capabilities=set())
    with translation.override("en"):
        cjs_tags.shared_fragment("includes/main_menu.html", **facts, capabilities={"a"})
    assert first == again
    assert len(rendered) == 3  # fr with {"a"}, fr with none, en with {"a"}


def test_a_hole_takes_each_requests_value_escaped_in_a_fragment_written_once(rendered):
    facts = {"cooperative_name": "CJS", "phone": "", "email": "", "shifted_demo": False}
    with translation.override("fr"):
        first = cjs_tags.shared_fragment(
            "includes/footer.html",
            **facts,
            next=cjs_tags.hole('/demande/?q=<script>"x"'),
            csrf_token=cjs_tags.hole("tok1"),
        )
        second = cjs_tags.shared_fragment(
            "includes/footer.html",
            **facts,
            next=cjs_tags.hole("/suivi/"),
            csrf_token=cjs_tags.hole("tok2"),
        )
    assert rendered == ["includes/footer.html"]
    assert 'value="/demande/?q=&lt;script&gt;&quot;x&quot;"' in first
    assert 'name="csrfmiddlewaretoken" value="tok1"' in first
    assert 'value="/suivi/"' in second and 'value="tok2"' in second
    assert "cjs-hole" not in first + second


def test_a_fact_that_looks_like_a_hole_marker_stays_as_written():
    cjs_tags._shared_fragment.cache_clear()
    html = cjs_tags.shared_fragment(
        "includes/footer.html",
        cooperative_name="cjs-hole-next",
        phone="",
        email="",
        shifted_demo=False,
        next=cjs_tags.hole("/x/"),
        csrf_token=cjs_tags.hole("t"),
    )
    assert "<strong>cjs-hole-next</strong>" in html


def test_each_member_sees_their_own_name_and_token_in_the_shared_navigation_bar(
    member_client, member, season
):
    other = MemberFactory(first_name="Zoé<b>")
    EnrolmentFactory(season=season, user=other)
    mine = member_client.get(reverse("my:rotation")).content.decode()
    member_client.force_login(other)
    theirs = member_client.get(reverse("my:rotation")).content.decode()
    assert member.first_name in mine
    assert "Zoé&lt;b&gt;" in theirs and "Zoé<b>" not in theirs
    assert member.first_name not in theirs.split("</nav>")[0]
    token = theirs.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert len(token) == 64
    assert "cjs-hole" not in mine + theirs


def test_the_language_switch_comes_back_to_the_page_with_its_query(member_client):
    html = member_client.get(reverse("my:rotation") + "?week=2&x=%3Cb%3E").content.decode()
    footer = html.split("<footer")[1]
    assert f'name="next" value="{reverse("my:rotation")}?week=2&amp;x=%3Cb%3E"' in footer


def test_plain_facts_and_dates_are_kept_as_they_are(monkeypatch):
    """Facts of plain types (booleans, numbers, strings, None) and dates key the fragment as
    they are, whether or not a set stands beside them: the same facts, the same fragment."""
    import datetime as dt

    kept = []
    real = cjs_tags._shared_fragment

    def spying(template_name, language, facts, holes):
        kept.append(facts)
        return real(template_name, language, facts, holes)

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


def test_a_safe_text_fact_is_written_as_it_is_and_a_lazy_fact_is_read_at_once(rendered):
    from django.utils.functional import SimpleLazyObject
    from django.utils.safestring import mark_safe

    facts = {"phone": "", "email": "", "shifted_demo": False, "next": cjs_tags.hole("/")}
    html = cjs_tags.shared_fragment(
        "includes/footer.html", cooperative_name=mark_safe("CJS &amp; co"), **facts
    )
    assert "<strong>CJS &amp; co</strong>" in html
    plain = cjs_tags.shared_fragment("includes/footer.html", cooperative_name="CJS & co", **facts)
    assert "<strong>CJS &amp; co</strong>" in plain
    lazy = SimpleLazyObject(lambda: True)
    key = cjs_tags._frozen(lazy)
    assert key is True and type(key) is bool
    assert cjs_tags._frozen(SimpleLazyObject(lambda: {"b", "a"})) == frozenset({"a", "b"})
