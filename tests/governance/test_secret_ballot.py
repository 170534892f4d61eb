"""Secret ballots: who voted is recorded apart from the papers, and nothing the app shows,
exports or administers can put a member next to a choice."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import connection, models, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import actions
from governance.models import Ballot, Minutes, NamedVote, Participation, SecretCount
from tests.factories import LeaderFactory

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"')


def test_secret_counters_carry_nothing_that_leads_back_to_a_voter():
    fields = SecretCount._meta.get_fields()
    user_model = settings.AUTH_USER_MODEL.lower()
    assert not [
        f for f in fields if f.is_relation and f.related_model._meta.label_lower == user_model
    ]
    assert not [f for f in fields if isinstance(f, models.DateField | models.DateTimeField)]
    assert not [f for f in fields if f.is_relation and f.related_model is Participation]


def test_the_admin_never_shows_votes_or_participations():
    registered = set(admin.site._registry)
    assert not registered & {SecretCount, Participation, NamedVote, Ballot}


def test_results_of_a_secret_ballot_stay_hidden_until_it_closes(
    motion, member, other_member, leader, client_for
):
    ballot = actions.ballot_open(motion=motion, secret=True, by=leader)
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="no")
    chair_view = client_for(leader).get(reverse("governance:ballot_live", args=[ballot.pk]))
    html = chair_view.content.decode()
    assert 'data-testid="ballots-cast">1<' in html
    assert "Contre" not in html and "live-tally" not in html
    actions.ballot_close(ballot=ballot, by=leader)
    html = client_for(member).get(reverse("governance:ballot_live", args=[ballot.pk])).content
    assert "Contre : <strong>1</strong>" in html.decode()
    assert "Qui a voté quoi" not in html.decode()


@pytest.fixture
def frozen_now(monkeypatch):
    moment = timezone.now().replace(microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def invariant_pdf(monkeypatch):
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "invariant", 1)


def _every_screen(meeting, ballot, motion) -> list[str]:
    urls = [
        reverse("dashboard"),
        reverse("governance:meeting_list"),
        reverse("governance:meeting_detail", args=[meeting.pk]),
        reverse("governance:meeting_live", args=[meeting.pk]),
        reverse("governance:attendance", args=[meeting.pk]),
        reverse("governance:ballot_detail", args=[ballot.pk]),
        reverse("governance:ballot_live", args=[ballot.pk]),
        reverse("governance:minutes_detail", args=[meeting.pk]),
        reverse("governance:minutes_edit", args=[meeting.pk]),
        reverse("governance:minutes_pdf", args=[meeting.pk]),
        reverse("governance:results_csv", args=[meeting.pk]),
        reverse("governance:register"),
        reverse("governance:register_csv"),
    ]
    admin_urls = [reverse("admin:index"), reverse("admin:app_list", args=["governance"])]
    for model in admin.site._registry:
        if model._meta.app_label == "governance":
            info = (model._meta.app_label, model._meta.model_name)
            admin_urls.append(reverse("admin:{}_{}_changelist".format(*info)))
    admin_urls.append(reverse("admin:governance_motion_change", args=[motion.pk]))
    admin_urls.append(reverse("admin:governance_meeting_change", args=[meeting.pk]))
    return urls, admin_urls


def _render_world(choices, *, meeting, ballot, motion, viewers, superuser) -> tuple[list, list]:
    """Cast ``choices`` ({voter: choice}), close the ballot, and read every screen; then roll
    everything back so that the other world starts from the same state."""
    pages, queries = [], []
    with transaction.atomic():
        for voter, choice in choices.items():
            actions.vote_cast(ballot=ballot, voter=voter, by=voter, choice=choice)
        leader = meeting.chair
        actions.ballot_close(ballot=ballot, by=leader)
        urls, admin_urls = _every_screen(meeting, ballot, motion)
        for user in viewers:
            client = Client()
            client.force_login(user)
            for url in urls:
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
                # Members may not open the chair's and the secretary's pages: a 403 is a page
                # too, and must not differ either.
                assert response.status_code in (200, 403), url
                pages.append((user.username, url, CSRF.sub("", response.content.decode("latin-1"))))
                queries += [q["sql"] for q in captured.captured_queries]
        client = Client()
        client.force_login(superuser)
        for url in admin_urls:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, url
            pages.append(("admin", url, CSRF.sub("", response.content.decode("latin-1"))))
            queries += [q["sql"] for q in captured.captured_queries]
        transaction.set_rollback(True)
    return pages, queries


def test_no_page_export_or_admin_screen_can_tell_who_voted_what(
    motion, member, other_member, leader, frozen_now, invariant_pdf
):
    """Two worlds where Léa and Hugo swap their secret votes must look exactly the same on
    every page, export and admin screen, to everyone; and no query ever joins the voters to
    the papers."""
    meeting = motion.item.meeting
    # A meeting gets its minutes when it is called (actions.meeting_create): made here, before
    # the two worlds, so that no primary key drawn inside one world (PostgreSQL's sequences do
    # not roll back) shows on a page.
    Minutes.objects.get_or_create(meeting=meeting)
    ballot = actions.ballot_open(motion=motion, secret=True, by=leader)
    superuser = LeaderFactory(is_staff=True, is_superuser=True)
    context = {
        "meeting": meeting,
        "ballot": ballot,
        "motion": motion,
        "viewers": [leader, member, other_member],
        "superuser": superuser,
    }
    world_a, queries_a = _render_world({member: "yes", other_member: "no"}, **context)
    world_b, queries_b = _render_world({member: "no", other_member: "yes"}, **context)

    assert len(world_a) == len(world_b) > 40
    for (who, url, page_a), (_who, _url, page_b) in zip(world_a, world_b, strict=True):
        assert page_a == page_b, f"{who} can tell the worlds apart on {url}"
    assert "1 pour, 1 contre" in " ".join(p for _w, _u, p in world_a)  # the result is shown
    for sql in queries_a + queries_b:
        assert not ("governance_participation" in sql and "governance_secretcount" in sql), sql


def test_the_counters_are_made_when_the_vote_opens_and_only_count(
    motion, member, other_member, leader
):
    """Papers add to counters made, all at once, when the ballot opens: no row is added, moved
    or removed by a vote, and closing counts what they hold."""
    ballot = actions.ballot_open(motion=motion, secret=True, by=leader)
    rows = list(SecretCount.objects.filter(ballot=ballot).values_list("pk", "choice", "count"))
    assert [(c, n) for _pk, c, n in rows] == [("yes", 0), ("no", 0), ("abstain", 0)]
    actions.vote_cast(ballot=ballot, voter=member, by=member, choice="yes")
    actions.vote_cast(ballot=ballot, voter=other_member, by=other_member, choice="no")
    closed = actions.ballot_close(ballot=ballot, by=leader)
    after = list(SecretCount.objects.filter(ballot=ballot).values_list("pk", "choice", "count"))
    assert [pk for pk, _c, _n in after] == [pk for pk, _c, _n in rows]
    assert [(c, n) for _pk, c, n in after] == [("yes", 1), ("no", 1), ("abstain", 0)]
    assert (closed.papers, closed.tally) == (2, {"yes": 1, "no": 1, "abstain": 0})


def test_the_same_check_does_tell_the_worlds_apart_for_a_named_vote(
    motion, member, other_member, leader, frozen_now, invariant_pdf
):
    """The comparison above is sensitive: with a named vote, the pages differ."""
    meeting = motion.item.meeting
    ballot = actions.ballot_open(motion=motion, secret=False, by=leader)
    context = {
        "meeting": meeting,
        "ballot": ballot,
        "motion": motion,
        "viewers": [member],
        "superuser": LeaderFactory(is_staff=True, is_superuser=True),
    }
    world_a, _queries = _render_world({member: "yes", other_member: "no"}, **context)
    world_b, _queries = _render_world({member: "no", other_member: "yes"}, **context)
    differing = {url for (_w, url, a), (_x, _u, b) in zip(world_a, world_b, strict=True) if a != b}
    assert reverse("governance:ballot_detail", args=[ballot.pk]) in differing
