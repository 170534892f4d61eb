"""The resident's private tracking page: timeline, quote, dates, cancel, satisfaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from services.models import JobStatus, QuoteStatus, RequestStatus, Satisfaction
from tests.services.conftest import plan_job, start_job_now

pytestmark = pytest.mark.django_db


def track(request) -> str:
    return reverse("services:track", args=[request.token])


def test_an_unknown_token_gives_a_helpful_404_that_reveals_nothing(anonymous, make_request):
    make_request()
    response = anonymous.get(reverse("services:track", args=["nimportequoi-0123456789abcdef"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Ce lien de suivi ne fonctionne pas" in html
    assert reverse("services:request_create") in html
    assert "Monique" not in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("action", ["track_accept", "track_decline", "track_cancel", "track_rate"])
def test_actions_with_an_unknown_token_give_the_same_404(anonymous, action):
    response = anonymous.post(reverse(f"services:{action}", args=["inconnu"]))
    assert response.status_code == 404


def test_the_tracking_page_shows_the_status_and_the_timeline(anonymous, make_request):
    request = make_request(RequestStatus.NEW)
    response = anonymous.get(track(request))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    html = response.content.decode()
    assert "Nouvelle" in html
    assert "Vous avez envoyé votre demande." in html


def test_the_resident_accepts_the_quote(anonymous, make_request):
    request = make_request(RequestStatus.QUOTED)
    html = anonymous.get(track(request)).content.decode()
    assert "48,00\xa0€" in html
    response = anonymous.post(reverse("services:track_accept", args=[request.token]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert request.quotes.get().status == QuoteStatus.ACCEPTED
    assert "Vous avez accepté le devis." in anonymous.get(track(request)).content.decode()


def test_an_expired_quote_cannot_be_accepted(anonymous, make_request):
    request = make_request(RequestStatus.QUOTED)
    request.quotes.update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    assert "a expiré" in anonymous.get(track(request)).content.decode()
    response = anonymous.post(reverse("services:track_accept", args=[request.token]), follow=True)
    request.refresh_from_db()
    assert request.status == RequestStatus.QUOTED
    assert "expiré" in response.content.decode()


def test_the_resident_declines_the_quote_with_a_reason(anonymous, make_request):
    request = make_request(RequestStatus.QUOTED)
    anonymous.post(
        reverse("services:track_decline", args=[request.token]), {"reason": "Trop cher."}
    )
    request.refresh_from_db()
    quote = request.quotes.get()
    assert quote.status == QuoteStatus.DECLINED
    assert quote.decline_reason == "Trop cher."
    assert request.status == RequestStatus.NEW  # the cooperative may propose again


def test_accepting_twice_is_refused_without_harm(anonymous, make_request):
    request = make_request(RequestStatus.QUOTED)
    url = reverse("services:track_accept", args=[request.token])
    anonymous.post(url)
    response = anonymous.post(url, follow=True)
    assert "Aucun devis n’attend votre réponse." in response.content.decode()
    assert request.events.filter(kind="quote_accepted").count() == 1


def test_the_scheduled_dates_appear_with_the_team_size(anonymous, make_request, leader):
    request = make_request(RequestStatus.ACCEPTED)
    plan_job(request, leader, seats=3)
    html = anonymous.get(track(request)).content.decode()
    assert "Une équipe de 3 jeunes coopérants" in html
    assert "09:00 – 12:00" in html


@pytest.mark.parametrize(
    "status", [RequestStatus.NEW, RequestStatus.QUOTED, RequestStatus.ACCEPTED, "scheduled"]
)
def test_the_resident_cancels_before_the_work_starts(anonymous, make_request, status):
    request = make_request(status)
    assert "Annuler ma demande" in anonymous.get(track(request)).content.decode()
    anonymous.post(reverse("services:track_cancel", args=[request.token]), {"reason": "Réglé."})
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    assert not request.jobs.exclude(status=JobStatus.CANCELLED).exists()
    assert not request.quotes.filter(status=QuoteStatus.PENDING).exists()


def test_a_reason_too_long_cancels_nothing_and_says_why(anonymous, make_request):
    request = make_request(RequestStatus.QUOTED)
    response = anonymous.post(
        reverse("services:track_cancel", args=[request.token]), {"reason": "x" * 2001}, follow=True
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.QUOTED
    assert "au plus 2000 caractères" in response.content.decode()


def test_the_resident_cannot_cancel_once_the_work_has_started(anonymous, make_request, leader):
    request = make_request(RequestStatus.SCHEDULED)
    start_job_now(request.jobs.get())
    assert "Annuler ma demande" not in anonymous.get(track(request)).content.decode()
    response = anonymous.post(reverse("services:track_cancel", args=[request.token]), follow=True)
    request.refresh_from_db()
    assert request.status == RequestStatus.SCHEDULED
    assert "a déjà commencé" in response.content.decode()


def test_the_satisfaction_form_is_offered_once_done(anonymous, make_request):
    request = make_request(RequestStatus.DONE)
    html = anonymous.get(track(request)).content.decode()
    assert "Comment ça s’est passé ?" in html
    response = anonymous.post(
        reverse("services:track_rate", args=[request.token]),
        {"punctuality": "5", "quality": "4", "politeness": "5", "comment": "Très bien."},
    )
    assert response.status_code == 302
    satisfaction = Satisfaction.objects.get(request=request)
    assert (satisfaction.punctuality, satisfaction.quality, satisfaction.politeness) == (5, 4, 5)
    html = anonymous.get(track(request)).content.decode()
    assert "Comment ça s’est passé ?" not in html
    assert "Très bien." in html


def test_the_satisfaction_form_is_refused_before_the_work_is_done(anonymous, make_request):
    request = make_request(RequestStatus.SCHEDULED)
    assert "Comment ça s’est passé ?" not in anonymous.get(track(request)).content.decode()
    anonymous.post(
        reverse("services:track_rate", args=[request.token]),
        {"punctuality": "5", "quality": "5", "politeness": "5"},
    )
    assert not Satisfaction.objects.exists()


def test_marks_outside_1_to_5_are_refused(anonymous, make_request):
    request = make_request(RequestStatus.DONE)
    response = anonymous.post(
        reverse("services:track_rate", args=[request.token]),
        {"punctuality": "9", "quality": "0", "politeness": "5"},
    )
    assert response.status_code == 400
    assert not Satisfaction.objects.exists()


def test_the_resident_rates_only_once(anonymous, make_request):
    request = make_request(RequestStatus.DONE)
    url = reverse("services:track_rate", args=[request.token])
    anonymous.post(url, {"punctuality": "5", "quality": "5", "politeness": "5"})
    response = anonymous.post(
        url, {"punctuality": "1", "quality": "1", "politeness": "1"}, follow=True
    )
    assert Satisfaction.objects.get().punctuality == 5
    assert "nous avons déjà votre réponse" in response.content.decode()


def test_the_timeline_never_names_members_or_leaders(anonymous, make_request, leader):
    request = make_request(RequestStatus.SCHEDULED)
    from services import actions

    actions.request_note_add(service_request=request, by=leader, text="Appelée à 18 h.")
    html = anonymous.get(track(request)).content.decode()
    assert leader.last_name not in html
    assert "Appelée à 18 h." not in html  # notes are internal
    assert "La coopérative vous a envoyé un devis" in html


def test_a_declined_request_shows_the_reason(anonymous, make_request):
    request = make_request(RequestStatus.DECLINED)
    html = anonymous.get(track(request)).content.decode()
    assert "Trop loin." in html
    assert "Annuler ma demande" not in html


def test_an_archived_request_is_read_only_for_the_resident(anonymous, make_request):
    request = make_request(RequestStatus.QUOTED)
    request.season.status = "archived"
    request.season.save()
    html = anonymous.get(track(request)).content.decode()
    assert "Annuler ma demande" not in html
    assert "Accepter le devis" not in html
    assert "appartient à une saison passée" in html
    anonymous.post(reverse("services:track_accept", args=[request.token]))
    request.refresh_from_db()
    assert request.status == RequestStatus.QUOTED


def test_a_past_season_does_not_offer_a_satisfaction_form_it_would_refuse(anonymous, make_request):
    request = make_request(RequestStatus.DONE)
    assert "Comment ça s’est passé" in anonymous.get(track(request)).content.decode()
    request.season.status = "archived"
    request.season.save()
    assert "Comment ça s’est passé" not in anonymous.get(track(request)).content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_the_tracking_page_runs_a_constant_number_of_queries(
    size, anonymous, leader, make_request, django_assert_max_num_queries
):
    request = make_request(RequestStatus.SCHEDULED)
    for day in range(size):
        plan_job(request, leader, date=timezone.localdate() + dt.timedelta(days=3 + day))
    # request (with service and season), quotes, jobs, events, cooperative, current season
    with django_assert_max_num_queries(6):
        assert anonymous.get(track(request)).status_code == 200
