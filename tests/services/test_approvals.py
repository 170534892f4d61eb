"""Approvers put members on teams: the queue, one-tap and bulk approval, direct assignment,
taking a member off, and the job's status following its team."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from cjs.errors import DomainError
from services import actions
from services.models import Claim, ClaimStatus, Job, JobStatus, RequestEvent

pytestmark = pytest.mark.django_db

QUEUE = reverse("services:approvals")


def test_approving_fills_the_team_and_the_job_becomes_staffed(
    make_job, make_member, leader, mailoutbox, django_capture_on_commit_callbacks
):
    job = make_job(seats=2)
    first, second = make_member(), make_member()
    claims = [actions.job_claim(job=job, member=m) for m in (first, second)]
    with django_capture_on_commit_callbacks(execute=True):
        actions.claim_approve(claim=claims[0], by=leader)
    assert Job.objects.get(pk=job.pk).status == JobStatus.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        actions.claim_approve(claim=claims[1], by=leader)
    job.refresh_from_db()
    assert job.status == JobStatus.STAFFED
    assert RequestEvent.objects.filter(job=job, kind="job_staffed").exists()
    approved = [m for m in mailoutbox if "Vous êtes dans l’équipe" in m.subject]
    assert sorted(m.to[0] for m in approved) == sorted([first.email, second.email])
    assert "Tonte de pelouse" in approved[0].body


def test_taking_a_member_off_frees_the_seat_and_reopens_the_job(
    make_job, make_member, leader, mailoutbox, django_capture_on_commit_callbacks
):
    job = make_job(seats=1)
    member = make_member()
    claim = actions.job_assign(job=job, member=member, by=leader)
    assert Job.objects.get(pk=job.pk).status == JobStatus.STAFFED
    with django_capture_on_commit_callbacks(execute=True):
        actions.claim_reject(claim=claim, by=leader, reason="Tu as déjà trois chantiers.")
    assert Job.objects.get(pk=job.pk).status == JobStatus.OPEN
    message = mailoutbox[-1]
    assert message.subject.endswith("Vous n’êtes plus sur un chantier")
    assert "Tu as déjà trois chantiers." in message.body


def test_a_rejected_claim_is_told_the_reason(
    make_job, member, leader, mailoutbox, django_capture_on_commit_callbacks
):
    claim = actions.job_claim(job=make_job(), member=member)
    with django_capture_on_commit_callbacks(execute=True):
        actions.claim_reject(claim=claim, by=leader, reason="Équipe déjà prévue.")
    assert Claim.objects.get().status == ClaimStatus.REJECTED
    assert mailoutbox[-1].subject.endswith("Votre candidature n’a pas été retenue")
    assert "Équipe déjà prévue." in mailoutbox[-1].body


def test_the_queue_asks_for_the_reason_of_a_no_and_sends_it(
    leader_client, make_job, member, mailoutbox, django_capture_on_commit_callbacks
):
    claim = actions.job_claim(job=make_job(), member=member)
    page = leader_client.get(QUEUE).content.decode()
    # "Reject" opens the reason and the confirmation: two taps, never one by mistake.
    assert '<summary class="btn btn-sm btn-outline-danger" data-testid="reject">' in page
    assert f'id="reason-{claim.pk}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(
            reverse("services:claim_reject", args=[claim.pk]),
            {"reason": "Tu as déjà deux chantiers cette semaine."},
            HTTP_HX_REQUEST="true",
        )
    assert "Non retenue" in response.content.decode()
    assert Claim.objects.get().decision_note == "Tu as déjà deux chantiers cette semaine."
    assert "Tu as déjà deux chantiers cette semaine." in mailoutbox[-1].body


def test_the_team_page_asks_for_the_reason_too(leader_client, make_job, make_member, leader):
    job = make_job(seats=2)
    on_team = actions.job_assign(job=job, member=make_member(), by=leader)
    waiting = actions.job_claim(job=job, member=make_member())
    page = leader_client.get(reverse("services:job_team", args=[job.pk])).content.decode()
    assert f'id="reason-{on_team.pk}"' in page and f'id="reason-{waiting.pk}"' in page
    team_url = reverse("services:job_team", args=[job.pk])
    response = leader_client.post(
        reverse("services:claim_reject", args=[on_team.pk]),
        {"reason": "Absent à la réunion d’équipe.", "next": team_url},
    )
    assert response.url == team_url
    assert Claim.objects.get(pk=on_team.pk).decision_note == "Absent à la réunion d’équipe."


def test_approval_checks_the_rules_again(make_job, make_member, leader):
    """A member may have changed since they asked: the approval refuses what the rules
    refuse now (here, the member left on holiday)."""
    member = make_member()
    job = make_job()
    claim = actions.job_claim(job=job, member=member)
    from tests.factories import AbsenceFactory

    AbsenceFactory(user=member, starts_on=job.date, ends_on=job.date)
    with pytest.raises(DomainError, match="absent"):
        actions.claim_approve(claim=claim, by=leader)
    assert Claim.objects.get().status == ClaimStatus.PENDING


def test_a_direct_assignment_follows_the_same_rules(make_job, make_member, leader):
    minor = make_member(minor=True)
    actions.job_assign(
        job=make_job(starts_at=dt.time(8, 0), ends_at=dt.time(12, 0)), member=minor, by=leader
    )
    afternoon = make_job(starts_at=dt.time(13, 0), ends_at=dt.time(18, 0))
    with pytest.raises(DomainError, match="plus de 8 h par jour") as refusal:
        actions.job_assign(job=afternoon, member=minor, by=leader)
    assert str(minor) in refusal.value.message


def test_a_direct_assignment_needs_a_free_seat(make_job, make_member, leader):
    job = make_job(seats=1)
    actions.job_claim(job=job, member=make_member())
    with pytest.raises(DomainError, match="la seule place de ce chantier est déjà prise"):
        actions.job_assign(job=job, member=make_member(), by=leader)


def test_assigning_a_member_who_asked_approves_their_claim(make_job, make_member, leader):
    member = make_member()
    job = make_job(seats=1)
    actions.job_claim(job=job, member=member)
    actions.job_assign(job=job, member=member, by=leader)
    assert Claim.objects.get().status == ClaimStatus.APPROVED


def test_an_approver_does_not_decide_about_their_own_claim(approver, make_job, make_member):
    job = make_job()
    own = actions.job_claim(job=job, member=approver)
    with pytest.raises(DomainError, match="votre propre candidature"):
        actions.claim_approve(claim=own, by=approver)
    with pytest.raises(DomainError, match="vous inscrire"):
        actions.job_assign(job=make_job(), member=approver, by=approver)
    other = actions.job_claim(job=job, member=make_member())
    actions.claim_approve(claim=other, by=approver)


def test_the_queue_shows_hours_against_the_average_and_warnings(
    leader_client, make_job, make_member
):
    minor = make_member(minor=True)
    actions.job_claim(job=make_job(), member=minor)
    html = leader_client.get(QUEUE).content.decode()
    assert str(minor) in html
    assert "0 h à ce jour" in html
    assert "Moyenne de l’équipe à ce jour" in html
    assert "Mineur·e : les limites du temps de travail" in html
    assert "Première fois sur ce service" in html


def test_one_tap_approval_updates_the_row_in_place(leader_client, make_job, member):
    claim = actions.job_claim(job=make_job(), member=member)
    response = leader_client.post(
        reverse("services:claim_approve", args=[claim.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert f'id="claim-{claim.pk}"' in html
    assert "Dans l’équipe" in html
    assert "<html" not in html
    assert Claim.objects.get().status == ClaimStatus.APPROVED


def test_a_refused_approval_shows_the_rule_in_the_row(leader_client, leader, make_job, make_member):
    job = make_job(seats=1)
    first, second = make_member(), make_member()
    claim = actions.job_claim(job=job, member=first)
    actions.claim_reject(claim=claim, by=leader)
    second_claim = actions.job_claim(job=job, member=second)
    actions.job_assign(job=make_job(seats=1), member=first, by=leader)
    # The seat of ``job`` is taken by a direct assignment behind the approver's back.
    Job.objects.filter(pk=job.pk).update(seats=1)
    Claim.objects.create(job=job, member=first, status=ClaimStatus.APPROVED)
    response = leader_client.post(
        reverse("services:claim_approve", args=[second_claim.pk]), HTTP_HX_REQUEST="true"
    )
    assert "la seule place de ce chantier est déjà prise" in response.content.decode()


def test_bulk_approval_approves_each_and_names_the_refusals(leader_client, make_job, make_member):
    job = make_job(seats=3)
    members = [make_member() for _ in range(3)]
    claims = [actions.job_claim(job=job, member=m) for m in members]
    from tests.factories import AbsenceFactory

    AbsenceFactory(user=members[2], starts_on=job.date, ends_on=job.date)
    response = leader_client.post(
        reverse("services:claims_bulk_approve"),
        {"claims": [str(c.pk) for c in claims]},
        follow=True,
    )
    html = response.content.decode()
    assert "2 membres sont inscrit·es dans une équipe." in html
    assert f"{members[2]} : Refusé" in html
    assert Claim.objects.approved().count() == 2


def test_lowering_the_seats_below_the_team_is_refused(make_job, make_member, leader):
    job = make_job(seats=2)
    for member in (make_member(), make_member()):
        actions.job_assign(job=job, member=member, by=leader)
    with pytest.raises(DomainError, match="2 membres sont déjà dans l’équipe"):
        update(job, leader, seats=1)
    assert Job.objects.get(pk=job.pk).seats == 2


def test_lowering_the_seats_says_no_to_the_latest_claims_waiting(
    make_job, make_member, leader, mailoutbox, django_capture_on_commit_callbacks
):
    job = make_job(seats=3)
    actions.job_assign(job=job, member=make_member(), by=leader)
    early = actions.job_claim(job=job, member=make_member())
    late = actions.job_claim(job=job, member=make_member())
    with django_capture_on_commit_callbacks(execute=True):
        update(job, leader, seats=2)
    assert Claim.objects.get(pk=early.pk).status == ClaimStatus.PENDING
    late.refresh_from_db()
    assert late.status == ClaimStatus.REJECTED
    assert "moins de places" in late.decision_note


def test_raising_the_seats_reopens_a_staffed_job(make_job, make_member, leader):
    job = make_job(seats=1)
    actions.job_assign(job=job, member=make_member(), by=leader)
    update(job, leader, seats=2)
    assert Job.objects.get(pk=job.pk).status == JobStatus.OPEN


def test_moving_a_job_checks_the_team_and_tells_them(
    make_job, make_member, leader, mailoutbox, django_capture_on_commit_callbacks
):
    minor = make_member(minor=True)
    job = make_job()
    actions.job_assign(job=job, member=minor, by=leader)
    with pytest.raises(DomainError, match="ne peut pas travailler entre 22:00 et 06:00"):
        update(job, leader, starts_at=dt.time(20, 0), ends_at=dt.time(23, 0))
    with django_capture_on_commit_callbacks(execute=True):
        update(job, leader, starts_at=dt.time(14, 0), ends_at=dt.time(17, 0))
    team_mail = [m for m in mailoutbox if minor.email in m.to]
    assert team_mail and "Votre chantier a changé" in team_mail[-1].subject


def test_cancelling_a_job_tells_the_team_and_closes_the_claims_waiting(
    make_job, make_member, leader, mailoutbox, django_capture_on_commit_callbacks
):
    job = make_job(seats=2)
    on_team, waiting = make_member(), make_member()
    actions.job_assign(job=job, member=on_team, by=leader)
    claim = actions.job_claim(job=job, member=waiting)
    with django_capture_on_commit_callbacks(execute=True):
        actions.job_cancel(job=job, by=leader, reason="Orage annoncé.")
    cancelled = [m for m in mailoutbox if "Chantier annulé" in m.subject]
    assert sorted(r for m in cancelled for r in m.to) == sorted([on_team.email, waiting.email])
    # One email each: teammates, often minors, never see each other's addresses.
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in cancelled)
    assert "Orage annoncé." in cancelled[0].body
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.REJECTED


def test_cancelling_the_request_tells_the_team(
    make_job, make_member, leader, mailoutbox, django_capture_on_commit_callbacks
):
    job = make_job()
    member = make_member()
    actions.job_assign(job=job, member=member, by=leader)
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_cancel(service_request=job.request, by=leader, reason="Vendu la maison.")
    assert any(member.email in m.to and "Chantier annulé" in m.subject for m in mailoutbox)


def update(job: Job, by, **changes) -> Job:
    job = Job.objects.get(pk=job.pk)
    fields = {
        "date": job.date,
        "starts_at": job.starts_at,
        "ends_at": job.ends_at,
        "seats": job.seats,
        "skills": list(job.skills.all()),
        "address": job.address,
        "postal_code": job.postal_code,
        "town_name": job.town_name,
        "hourly_rate": job.hourly_rate,
        "notes": job.notes,
        **changes,
    }
    return actions.job_update(job=job, by=by, **fields)


def test_the_team_page_suggests_members_with_reasons_and_assigns(
    leader_client, make_job, make_member
):
    job = make_job(seats=2)
    members = [make_member() for _ in range(3)]
    response = leader_client.get(reverse("services:job_team", args=[job.pk]))
    html = response.content.decode()
    assert "Équipe suggérée" in html
    assert "Fait partie de celles et ceux qui ont le moins gagné" in html
    response = leader_client.post(
        reverse("services:job_assign", args=[job.pk]), {"member": members[0].pk}, follow=True
    )
    assert f"{members[0]} est dans l’équipe." in response.content.decode()
    assert Claim.objects.approved().get().member == members[0]


def test_following_the_suggestion_job_after_job_shares_the_work(
    leader_client, make_job, make_member, leader
):
    """No hours are validated before the jobs are done: the suggestion counts the jobs each
    member already holds, so the next job goes to others."""
    members = [make_member() for _ in range(6)]
    picked = []
    for offset in range(3):
        job = make_job(date=timezone.localdate() + dt.timedelta(days=2 + offset), seats=2)
        response = leader_client.get(reverse("services:job_team", args=[job.pk]))
        pair = [member for member, _reasons in response.context["suggestion"]]
        for member in pair:
            actions.job_assign(job=job, member=member, by=leader)
        picked.append({member.pk for member in pair})
    assert len(picked[0] | picked[1] | picked[2]) == 6
    assert {m.pk for m in members} == picked[0] | picked[1] | picked[2]
    # Once everyone holds a job, the reason counts what is to come.
    job = make_job(date=timezone.localdate() + dt.timedelta(days=6), seats=2)
    html = leader_client.get(reverse("services:job_team", args=[job.pk])).content.decode()
    assert "chantiers à venir compris : 0,00\xa0€ gagnés et 36,00\xa0€ à venir" in html


def test_the_request_page_and_the_tracking_page_show_the_team(
    leader_client, anonymous, make_job, make_member, leader
):
    job = make_job()
    member = make_member()
    actions.job_assign(job=job, member=member, by=leader)
    detail = leader_client.get(job.request.get_absolute_url()).content.decode()
    assert str(member) in detail
    track = anonymous.get(job.request.get_tracking_url()).content.decode()
    assert f"Votre équipe : {member.first_name}" in track
    assert member.last_name not in track


@pytest.mark.parametrize("size", [2, 10])
def test_the_approval_queue_runs_a_constant_number_of_queries(
    size, leader_client, make_job, make_member, leader, django_assert_max_num_queries
):
    for index in range(size):
        job = make_job(date=timezone.localdate() + dt.timedelta(days=1 + index % 7), seats=3)
        actions.job_claim(job=job, member=make_member(minor=index % 2 == 0))
        if index % 3 == 0:
            actions.job_assign(job=job, member=make_member(), by=leader)
    # session, user, season, cooperative, capabilities, claims (joined), skills, members'
    # work facts (4), hours and earnings, work booked, enrolled count, commitments,
    # experience, incomplete teams
    with django_assert_max_num_queries(18):
        response = leader_client.get(QUEUE)
    assert response.content.decode().count('data-testid="claim-row"') == size


@pytest.mark.parametrize("size", [2, 10])
def test_the_team_page_runs_a_constant_number_of_queries(
    size, leader_client, make_job, make_member, leader, django_assert_max_num_queries
):
    job = make_job(seats=3)
    for index in range(size):
        member = make_member(minor=index % 2 == 0)
        if index == 0:
            claim = actions.job_assign(job=job, member=member, by=leader)
            actions.replacement_ask(claim=claim, by=member)
        elif index == 1:
            actions.job_claim(job=job, member=member)
        else:
            actions.job_assign(job=make_job(seats=1), member=member, by=leader)
    # session, user, season, cooperative, job (with counts), skills, team, members enrolled,
    # members' work facts (4), hours and earnings, work booked, enrolled count, commitments,
    # experience, replacements asked and their offers
    with django_assert_max_num_queries(19):
        response = leader_client.get(reverse("services:job_team", args=[job.pk]))
    assert response.status_code == 200


def test_bulk_approval_ignores_a_posted_value_that_is_not_an_id(leader_client):
    """``"²".isdigit()`` is true but ``int("²")`` raises: it was a server error."""
    response = leader_client.post(
        reverse("services:claims_bulk_approve"), {"claims": ["²", "9" * 40]}, follow=True
    )
    assert response.status_code == 200
    assert Claim.objects.approved().count() == 0


def _hostile_queue(make_job, make_member, leader) -> None:
    """Claims waiting with hostile names, towns and reasons."""
    from members.models import User
    from services.models import Replacement

    hostile = {"first_name": "Zoé <b>&\"'", "last_name": "O'Brien & <i>Cie</i>"}
    job = make_job(seats=3, date=timezone.localdate() + dt.timedelta(days=3))
    Job.objects.filter(pk=job.pk).update(town_name='Saint-<Pré> & "Val" l\'Eau')
    adult, minor = make_member(), make_member(minor=True)
    User.objects.filter(pk__in=[adult.pk, minor.pk]).update(**hostile)
    actions.job_claim(job=job, member=adult)
    actions.job_claim(job=job, member=minor)
    # An offer to replace a member who can't make it, with their reason.
    away = make_member()
    User.objects.filter(pk=away.pk).update(first_name="Léa <script>&")
    on_team = actions.job_assign(
        job=make_job(seats=1, date=timezone.localdate() + dt.timedelta(days=1)),
        member=away,
        by=leader,
    )
    replacement = actions.replacement_ask(
        claim=on_team, by=away, reason='Chez <le> médecin & "vite" l\'après-midi'
    )
    actions.replacement_take(replacement=replacement, member=make_member())
    assert Replacement.objects.count() == 1


# The queue's heading of a job and row of a claim as the template wrote them with template
# tags, before the view wrote their texts and links (``QueueJob``, ``QueueRow``): kept in
# tests/services/tagged_queue_*.html.
TAGGED = Path(__file__).parent
TAGGED_HEADING = (TAGGED / "tagged_queue_heading.html").read_text()
TAGGED_ROW = (TAGGED / "tagged_queue_row.html").read_text()


def _without_tokens(html: str) -> str:
    import re

    return re.sub(r'value="[A-Za-z0-9]{64}"', 'value="token"', html)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_queue_writes_its_rows_as_the_template_tags_wrote_them(
    language, leader_client, make_job, make_member, leader, settings
):
    """The view writes the rows' texts and links (cheaper than a template tag each): the
    rows must stay what the tags wrote, hostile names, towns and reasons included, in both
    languages."""
    from django.template import engines
    from django.test.html import parse_html
    from django.utils import translation

    from services.queries import waiting_claims
    from services.views.team import _facts

    _hostile_queue(make_job, make_member, leader)

    leader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = leader_client.get(QUEUE)
    with translation.override(language):
        page = parse_html(_without_tokens(response.content.decode()))
        request = response.wsgi_request
        claims = list(waiting_claims(request.season))
        facts = _facts(request, [c.member_id for c in claims], [c.job.date for c in claims])
        engine = engines["django"]
        for claim in claims:
            row = engine.from_string(TAGGED_ROW).render({"row": facts.row(claim)}, request)
            assert parse_html(_without_tokens(row)) in page, claim
            heading = engine.from_string(TAGGED_HEADING).render({"job": claim.job}, request)
            assert parse_html(heading) in page
    assert len(claims) == 3


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_queue_rows_tag_writes_each_row_as_the_row_partial(
    language, leader_client, make_job, make_member, leader, settings
):
    """``{% queue_rows %}`` writes the page's rows (cheaper than the partial's tags); the
    ``row`` partial of services/approvals.html stays for the row sent back after a tap:
    both must write the same row, to the character, hostile values included."""
    from django.template.loader import get_template
    from django.utils import translation

    from services.queries import waiting_claims, waiting_rows
    from services.queries.queues import queue_claims, queue_rows, queue_texts
    from services.views.team import _queue_facts

    _hostile_queue(make_job, make_member, leader)
    # A member not cleared waiting too (a claim made before the rules said no): a badge.
    job = Job.objects.order_by("-date").first()
    Claim.objects.create(job=job, member=make_member(not_cleared=True))
    leader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = leader_client.get(QUEUE)
    page = _without_tokens(response.content.decode())
    partial = get_template("services/approvals.html#row")
    with translation.override(language):
        request = response.wsgi_request
        claims = queue_claims(waiting_rows(request.season)[0:10])
        assert [c.pk for c in claims] == [c.pk for c in waiting_claims(request.season)]
        rows = queue_rows(request.cooperative, _queue_facts(request, claims), claims)
        context = {"texts": queue_texts(), "done": False, "error": None}
        written = [partial.render({**context, "row": row}, request) for row in rows]
    assert len(written) == 4
    assert "badge text-bg-warning" in written[-1]
    for row in written:
        assert _without_tokens(row) in page
    # The rows of a job one after the other, as the partial wrote them in the loop.
    assert _without_tokens("".join(written[1:])) in page


# The queue's jobs as the page's template loop wrote them, before ``{% queue_sections %}``.
FORMER_SECTIONS = (
    "{% load services_tags %}"
    "{% for job, rows in groups %}{# job: a QueueJob, its heading written by the view #}\n"
    '  <section class="card mb-3" data-testid="queue-job">\n'
    '    <div class="card-header d-flex flex-wrap justify-content-between gap-2">\n'
    '      <a class="fw-semibold" href="{{ job.url }}">{{ job.title }}</a>\n'
    '      <span class="small text-body-secondary">{{ job.place }}</span>\n'
    "    </div>\n"
    '    <ul class="list-group list-group-flush">\n'
    "      {% queue_rows rows texts %}\n"
    "    </ul>\n"
    "  </section>\n"
    "{% endfor %}"
)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_queue_sections_tag_writes_the_jobs_as_the_template_loop(
    language, leader_client, make_job, make_member, leader, settings
):
    """``{% queue_sections %}`` writes the page's jobs and their rows as the template's loop
    wrote them, to the character, hostile towns and names included."""
    from django.template import engines
    from django.utils import translation

    from services.queries import waiting_rows
    from services.queries.queues import queue_claims, queue_groups, queue_rows, queue_texts
    from services.views.team import _queue_facts

    _hostile_queue(make_job, make_member, leader)
    leader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = leader_client.get(QUEUE)
    engine = engines["django"]
    with translation.override(language):
        request = response.wsgi_request
        claims = queue_claims(waiting_rows(request.season)[0:10])
        facts = _queue_facts(request, claims)
        groups = queue_groups(queue_rows(request.cooperative, facts, claims))
        context = {"groups": groups, "texts": queue_texts()}
        former = engine.from_string(FORMER_SECTIONS).render(context, request)
        tag = "{% load services_tags %}{% queue_sections groups texts %}"
        written = engine.from_string(tag).render(context, request)
    assert len(groups) == 2
    assert "Saint-&lt;Pré&gt; &amp; &quot;Val&quot; l&#x27;Eau" in written
    assert _without_tokens(written) == _without_tokens(former)
    assert _without_tokens(written) in _without_tokens(response.content.decode())


def test_the_queue_reads_the_jobs_needs_as_needs_of_reads_a_job(make_job, make_member):
    """``needs_of_jobs``: the needs of the queue's jobs (the rules read them) read as columns
    for the page, in one query, the same as ``needs_of`` makes of each job (skills, their
    level, the service's minimum age), in both languages."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from members.models import Skill
    from services.models import JobSkill
    from services.queries import needs_of, needs_of_jobs, waiting_rows
    from services.queries.queues import queue_claims

    first, second = make_job(seats=3), make_job(seats=3)
    skills = [
        Skill.objects.create(
            name_fr=f"Compétence {n} <b>",
            name_en=f"Skill {n} (test)" if n else "",
            slug=f"test-{n}",
            requires_certificate=n,
        )
        for n in (0, 1)
    ]
    JobSkill.objects.create(job=first, skill=skills[0], level="confirmed")
    JobSkill.objects.create(job=first, skill=skills[1])
    for job in (first, second, first):  # claims made before the needs were known
        Claim.objects.create(job=job, member=make_member())
    for language in ("fr", "en"):
        with translation.override(language):
            claims = queue_claims(waiting_rows(first.season)[0:10])
            jobs = {claim.job_id: claim.job for claim in claims}
            assert sorted(jobs) == sorted([first.pk, second.pk])
            with CaptureQueriesContext(connection) as queries:
                found = needs_of_jobs(list(jobs.values()))
            assert len(queries) == 1
            expected = {pk: needs_of(Job.objects.get(pk=pk)) for pk in jobs}
            assert found == expected
            assert [len(found[pk].skills) for pk in (first.pk, second.pk)] == [2, 0]


def test_a_queue_claim_read_as_columns_is_the_claim_read_as_a_model(make_job, make_member, leader):
    """``queue_claims`` (the page's rows, as columns) and ``queue_claim`` (the row a tap sends
    back, from the model) read the same of a claim: its job, whom it replaces and why."""
    from django.utils import translation

    from services.queries import waiting_claims, waiting_rows
    from services.queries.queues import queue_claim, queue_claims

    _hostile_queue(make_job, make_member, leader)
    season = Job.objects.first().season
    for language in ("fr", "en"):
        with translation.override(language):
            columns = queue_claims(waiting_rows(season)[0:10])
            models = [queue_claim(claim) for claim in waiting_claims(season)]
            assert columns == models
    assert len(columns) == 3
    assert [c.replaced for c in columns if c.replaces] == ["Léa <script>&"]
    assert [c.reason for c in columns if c.replaces] == ['Chez <le> médecin & "vite" l\'après-midi']


def test_the_queue_reads_the_skills_its_jobs_need_and_refuses_as_with_every_skill(
    make_job, make_member, leader
):
    """``TeamFacts(needs=...)``: the queue reads of its members' skills only those its jobs
    need (the rules ask nothing else), and the rules answer as with every skill read:
    a skill missing, a certificate lapsed, a level not confirmed."""
    from members.models import Cooperative, MemberSkill, Skill
    from services.models import JobSkill
    from services.queries import TeamFacts, needs_of_jobs, waiting_rows
    from services.queries.queues import queue_claims

    first = make_job(seats=4)
    second = make_job(seats=4, date=first.date + dt.timedelta(days=3))  # no overlap
    skills = [
        Skill.objects.create(name=f"Skill {n}", slug=f"skill-{n}", requires_certificate=n == 1)
        for n in range(4)
    ]
    JobSkill.objects.create(job=first, skill=skills[0], level="confirmed")
    JobSkill.objects.create(job=second, skill=skills[1])
    holds_all, declared, lapsed, none = (make_member() for _ in range(4))
    today = timezone.localdate()
    for skill in skills:
        MemberSkill.objects.create(
            user=holds_all,
            skill=skill,
            confirmed_at=timezone.now(),
            certificate_until=today + dt.timedelta(days=365),
        )
    MemberSkill.objects.create(user=declared, skill=skills[0])
    MemberSkill.objects.create(user=declared, skill=skills[2])
    MemberSkill.objects.create(
        user=lapsed, skill=skills[1], certificate_until=today - dt.timedelta(days=1)
    )
    for job in (first, second):
        for member in (holds_all, declared, lapsed, none):
            Claim.objects.create(job=job, member=member)
    claims = queue_claims(waiting_rows(first.season)[0:10])
    assert len(claims) == 8

    def facts(**needs):
        return TeamFacts(
            viewer=leader,
            season=first.season,
            cooperative=Cooperative.load(),
            member_ids=[c.member_id for c in claims],
            days=[c.job.date for c in claims],
            **needs,
        )

    needs = needs_of_jobs(list({c.job_id: c.job for c in claims}.values()))
    restricted, every = facts(needs=needs), facts()
    assert {
        held.skill_id for m in restricted.members.values() for held in m.member_skills.all()
    } == {skills[0].pk, skills[1].pk}
    refusals = [restricted.refusal(c.member_id, c.job) for c in claims]
    jobs = {job.pk: job for job in (first, second)}
    assert refusals == [every.refusal(c.member_id, jobs[c.job_id]) for c in claims]
    assert refusals.count(None) == 2  # holds_all, on both jobs
