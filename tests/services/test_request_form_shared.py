"""The blank request form is written once per process for its facts (``{% shared_fragment %}``
in services/request_form.html): the page is the one the former template wrote, each resident
gets tokens of their own, and a leader's change to the catalogue, the towns or the prices
shows at the next request."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from members.models import Cooperative, Town
from members.queries import served_towns
from services.forms import RequestForm
from services.models import Pricing, Service
from tests.factories import ServiceFactory, TownFactory
from tests.services.conftest import form_data

pytestmark = pytest.mark.django_db

URL = reverse("services:request_create")
# The content of services/request_form.html before the blank form was shared.
FORMER = Template((Path(__file__).parent / "former_request_form.html").read_text())
HOSTILE = "<script>alert(\"Tom\")</script> & 'Jerry'"


@pytest.fixture
def hostile_catalogue(db):
    ServiceFactory(slug="hostile", name_fr=HOSTILE, name_en=f"{HOSTILE} (en)", order=1)
    ServiceFactory(
        slug="forfait",
        name_fr="Forfait « vitres » & co",
        name_en="",
        pricing=Pricing.FIXED,
        hourly_rate=None,
        fixed_price=Decimal("35.50"),
        order=2,
    )
    ServiceFactory(slug="taux", name_fr="Taux de la coopérative", hourly_rate=None, order=3)
    ServiceFactory(slug="fermé", name_fr="Fermé", is_active=False)
    TownFactory(name=HOSTILE, postal_code="<71140>")
    TownFactory(name="Saint-Jean-d'Arc", postal_code="71145")


def _tokens(html: str) -> tuple[str, str]:
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form_token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    return csrf, form_token


def _former(html: str, slug: str = "") -> str:
    """What the former template wrote for this page's tokens."""
    csrf, form_token = _tokens(html)
    initial = {"form_token": form_token}
    wanted = Service.objects.active().filter(slug=slug).first() if slug else None
    if wanted is not None:
        initial["service"] = wanted
    form = RequestForm(initial=initial, cooperative=Cooperative.load())
    context = {"form": form, "towns": served_towns(), "csrf_token": csrf}
    return FORMER.render(Context(context))


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("query", ["", "?service=hostile", "?service=forfait", "?service=x"])
def test_the_blank_page_is_what_the_former_template_wrote(
    language, query, anonymous, season, hostile_catalogue, rendered
):
    anonymous.cookies.load({"cjs_language": language})
    for _ in range(2):  # written, then reused
        html = anonymous.get(URL + query).content.decode()
        with translation.override(language):
            former = _former(html, query.removeprefix("?service="))
        assert former.strip() in html
        assert HOSTILE not in former
    assert rendered.count("services/_request_form_blank.html") == 1


def test_each_resident_gets_tokens_of_their_own(anonymous, client, season, service, towns):
    first = _tokens(anonymous.get(URL).content.decode())
    again = _tokens(anonymous.get(URL).content.decode())
    other = _tokens(client.get(URL).content.decode())
    assert first[1] != again[1] != other[1] != first[1]
    assert first[0] != other[0]
    assert anonymous.cookies.get("csrftoken") is not None


def _option(html: str, service: Service) -> str:
    found = re.search(rf'<option value="{service.pk}"[^>]*>([^<]*)</option>', html)
    return found.group(1) if found else ""


def test_a_change_to_the_catalogue_shows_at_the_next_request(
    anonymous, season, service, towns, rendered
):
    assert "12,00" in _option(anonymous.get(URL).content.decode(), service)
    service.hourly_rate = Decimal("14.50")
    service.save()
    assert "14,50" in _option(anonymous.get(URL).content.decode(), service)
    service.name_fr = "Tonte & débroussaillage"
    service.save()
    assert "Tonte &amp; débroussaillage" in _option(anonymous.get(URL).content.decode(), service)
    other = ServiceFactory(name_fr="Arrosage")
    assert "Arrosage" in _option(anonymous.get(URL).content.decode(), other)
    service.is_active = False
    service.save()
    html = anonymous.get(URL).content.decode()
    assert _option(html, service) == ""
    assert "Tonte" not in html
    assert rendered.count("services/_request_form_blank.html") == 5


def test_a_change_to_the_towns_shows_at_the_next_request(anonymous, season, service, towns):
    assert "Vernay-sur-Loue (71145)" in anonymous.get(URL).content.decode()
    towns[1].delete()
    TownFactory(name="Chaumont", postal_code="71150")
    html = anonymous.get(URL).content.decode()
    assert "Vernay-sur-Loue" not in html
    assert "Chaumont (71150)" in html
    assert '<option value="Chaumont"></option>' in html
    Town.objects.all().delete()
    assert 'id="towns-served"' not in anonymous.get(URL).content.decode()


def test_a_change_to_the_cooperatives_prices_shows_at_the_next_request(anonymous, season, towns):
    service = ServiceFactory(hourly_rate=None)
    cooperative = Cooperative.load()
    cooperative.default_hourly_rate = Decimal("9.75")
    cooperative.save()
    assert "9,75" in _option(anonymous.get(URL).content.decode(), service)
    cooperative.default_hourly_rate = Decimal("10.25")
    cooperative.currency = "CAD"
    cooperative.save()
    label = _option(anonymous.get(URL).content.decode(), service)
    assert "10,25" in label
    assert "$" in label


def test_the_first_day_one_may_wish_for_follows_the_calendar(
    anonymous, season, service, towns, monkeypatch
):
    today = timezone.localdate()
    assert f'min="{today.isoformat()}"' in anonymous.get(URL).content.decode()
    tomorrow = today + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert f'min="{tomorrow.isoformat()}"' in anonymous.get(URL).content.decode()


def test_a_form_sent_back_with_errors_keeps_what_was_typed(anonymous, season, service, towns):
    anonymous.get(URL)
    html = anonymous.post(URL, {"service": service.pk, "first_name": HOSTILE}).content.decode()
    assert "is-invalid" in html
    escaped = "&lt;script&gt;alert(&quot;Tom&quot;)&lt;/script&gt; &amp; &#x27;Jerry&#x27;"
    assert f'value="{escaped}"' in html
    assert f'<option value="{service.pk}" selected>' in html


def test_the_emails_of_a_form_sent_come_from_the_cooperative_read_once(
    anonymous, season, service, towns, leader, mailoutbox, django_capture_on_commit_callbacks
):
    cooperative = Cooperative.load()
    cooperative.name = "Coop « Les Saules » & Cie"
    cooperative.save()
    sent = django_capture_on_commit_callbacks(execute=True)
    with CaptureQueriesContext(connection) as queries, sent:
        assert anonymous.post(URL, form_data(service)).status_code == 302
    read = [q["sql"] for q in queries if 'FROM "members_cooperative"' in q["sql"]]
    assert len(read) == 1
    assert len(mailoutbox) == 2  # the resident's, the leader's
    assert all(m.subject.startswith("[Coop « Les Saules » & Cie] ") for m in mailoutbox)
