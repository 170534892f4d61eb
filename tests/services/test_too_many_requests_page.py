"""The page a client who sent the request form too often gets: its content is written once per
process for the time it names, the contact details and the language (``{% shared_fragment %}``)
and is what the former template wrote."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from members.models import Cooperative
from services.views import public
from tests.services.conftest import form_data

pytestmark = pytest.mark.django_db

URL = reverse("services:request_create")
# The content of services/too_many_requests.html before it was shared.
FORMER = Template((Path(__file__).parent / "former_too_many_requests.html").read_text())
HOSTILE = "<script>alert(\"Tom\")</script> & 'Jerry'"


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "phone, email",
    [
        ("03 85 12 34 56", "contact@cjs.example"),
        ("<b>\"03\"</b> & 'x'", f"a&b'{HOSTILE}"),  # the phone column holds 30 characters
        ("", ""),
    ],
)
def test_the_page_is_what_the_former_template_wrote(
    language, phone, email, anonymous, season, service, towns, monkeypatch
):
    monkeypatch.setattr(public, "RATE_LIMIT", 0)
    cooperative = Cooperative.load()
    cooperative.contact_phone, cooperative.contact_email = phone, email
    cooperative.save()
    anonymous.cookies.load({"cjs_language": language})
    for _ in range(2):  # written, then reused
        response = anonymous.post(URL, form_data(service))
        assert response.status_code == 429
        html = response.content.decode()
        hours, minutes = re.search(r" (\d\d):(\d\d)\.</p>", html).groups()
        reopens = timezone.localtime().replace(hour=int(hours), minute=int(minutes))
        with translation.override(language):
            context = {"reopens": reopens, "cooperative": Cooperative.load()}
            former = FORMER.render(Context(context))
        assert former.strip() in html
        assert HOSTILE not in former


def test_the_page_follows_the_contact_details(anonymous, season, service, towns, monkeypatch):
    monkeypatch.setattr(public, "RATE_LIMIT", 0)
    cooperative = Cooperative.load()
    cooperative.contact_email = "before@cjs.example"
    cooperative.save()
    assert "mailto:before@cjs.example" in anonymous.post(URL, form_data(service)).content.decode()
    cooperative.contact_email = "after@cjs.example"
    cooperative.save()
    html = anonymous.post(URL, form_data(service)).content.decode()
    assert "mailto:after@cjs.example" in html
    assert "before@cjs.example" not in html


def test_the_page_names_the_end_of_the_window(anonymous, season, service, towns, monkeypatch):
    monkeypatch.setattr(public, "RATE_LIMIT", 0)
    now, real = timezone.localtime(), timezone.localtime

    def shifted(value=None, *args, shift=0):
        return now + dt.timedelta(hours=shift) if value is None else real(value, *args)

    for shift in (0, 2):  # two windows: two times named
        monkeypatch.setattr(timezone, "localtime", functools.partial(shifted, shift=shift))
        response = anonymous.post(URL, form_data(service))
        reopens = now + dt.timedelta(hours=shift, seconds=int(response["Retry-After"]))
        assert f"{reopens:%H:%M}." in response.content.decode()
