"""The inbox's rows are read as columns and their texts written in Python (services.queries
``inbox_rows``): they stay what the template's tags and filters wrote, hostile values
included."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator

from services.forms import InboxFilterForm
from services.queries import inbox, inbox_rows
from services.queries.requests import summary
from tests.factories import ServiceFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db

# What the template wrote before.
ROW_LINES = Template(
    "{% load i18n %}{{ item.service.name }} · {{ item.description|truncatechars:90 }}|"
    '{% blocktranslate with date=item.created_at|date:"j N, H:i" '
    'wished=item.wished_from|date:"j N" %}Received {{ date }} · wished from {{ wished }}'
    "{% endblocktranslate %}"
)
SELECT = Template(
    '{% with chosen=form.service.value|stringformat:"s" %}{% for item in services %}'
    '<option value="{{ item.pk }}"{% if chosen == item.pk|stringformat:"s" %} selected'
    "{% endif %}>{{ item.name }}</option>{% endfor %}{% endwith %}"
)
NEW_SELECT = Template(
    "{% for value, name, selected in services %}"
    '<option value="{{ value }}"{% if selected %} selected{% endif %}>{{ name }}</option>'
    "{% endfor %}"
)
HOSTILE = "<b>\"Tom\" & 'Jerry'</b>"
TEXTS = [
    "",
    "court",
    "x" * 90,
    "x" * 91,
    "y" * 200,
    "é" * 90 + "e",
    "Tailler la haie du jardin, côté rue, et ramasser les branches: " * 3,
    # Combining accents do not count: decomposed text is cut further.
    "e\u0301" * 95,
    "a" * 85 + "e\u0301" * 10,
    HOSTILE * 10,
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_summary_is_cut_as_truncatechars_cuts(text, language):
    with translation.override(language):
        assert summary(text) == Truncator(text).chars(90)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("zone", ["Europe/Paris", "America/Montreal"])
def test_a_row_says_what_the_template_wrote(season, language, zone):
    service = ServiceFactory(slug="haie", name_fr=HOSTILE, name_en="Hedge <i>")
    request = ServiceRequestFactory(
        season=season,
        service=service,
        first_name=HOSTILE,
        last_name="O'Brien",
        description=HOSTILE * 12,
        wished_from=dt.date(2026, 7, 3),
    )
    moment = dt.datetime(2026, 12, 31, 23, 5, tzinfo=dt.UTC)
    type(request).objects.filter(pk=request.pk).update(created_at=moment)
    request.refresh_from_db()
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        (row,) = inbox_rows(inbox(season, {}).ordered())
        expected = ROW_LINES.render(Context({"item": request}))
        shown = Template("{{ row.service_name }} · {{ row.summary }}|{{ row.received }}")
        assert shown.render(Context({"row": row})) == expected
    assert row.full_name == request.full_name
    assert (row.pk, row.last_name, row.status) == (request.pk, "O'Brien", request.status)


def test_a_row_links_to_the_request_page(leader_client, season):
    request = ServiceRequestFactory(season=season)
    html = leader_client.get(reverse("services:inbox")).content.decode()
    assert f'href="{reverse("services:request_detail", args=[request.pk])}"' in html


@pytest.mark.parametrize("chosen", [None, "", "bogus", "first", "second"])
def test_the_services_select_is_written_as_before(chosen):
    first = ServiceFactory(slug="a", name_fr=HOSTILE, name_en="")
    second = ServiceFactory(slug="b", name_fr="Peinture", name_en="Painting & co")
    value = {"first": str(first.pk), "second": str(second.pk)}.get(chosen, chosen)
    form = InboxFilterForm({} if value is None else {"service": value})
    form.is_valid()
    for language in ("fr", "en"):
        with translation.override(language):
            services = list(form.fields["service"].queryset)
            before = SELECT.render(Context({"form": form, "services": services}))
            after = NEW_SELECT.render(Context({"services": form.service_options()}))
            assert after == before


# The inbox's loop as the template wrote it before ``{% inbox_rows %}``.
FORMER_LOOP = Template((Path(__file__).parent / "former_inbox_loop.html").read_text())
NEW_LOOP = Template(
    "{% load services_tags %}{% url 'services:inbox' as inbox_url %}"
    "{% inbox_rows page.object_list inbox_url %}"
)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_rows_are_written_as_the_template_loop_wrote_them(language):
    from django.utils.safestring import mark_safe

    from services.models import RequestStatus
    from services.queries.requests import InboxRow

    rows = [
        InboxRow(
            pk=pk,
            first_name=HOSTILE if pk % 2 else "Léa",
            last_name="O'Brien <script>",
            town_name=HOSTILE,
            status=status,
            service_name=HOSTILE if pk % 3 else "Jardinage",
            summary=HOSTILE + " & co",
            received=mark_safe("Reçu le 3 déc. · <b>souhaité</b>"),
            quote_lapsed=bool(pk % 2),
            quote_declined=bool(pk % 3 == 0),
        )
        for pk, status in enumerate([*RequestStatus.values, "unknown-status"], start=1)
    ]
    with translation.override(language):
        context = Context({"page": {"object_list": rows}})
        former = FORMER_LOOP.render(context)
        assert NEW_LOOP.render(Context({"page": {"object_list": rows}})) == former
    assert "&lt;b&gt;&quot;Tom&quot;" in former and "<b>souhaité</b>" in former
    assert 'data-testid="quote-lapsed"' in former and 'data-testid="quote-declined"' in former


# The status filters as the template's loop wrote them before ``{% status_filters %}``.
FORMER_STATUS_LOOP = Template(
    "{% for value, label, count in status_choices %}\n"
    '          <input type="radio" class="btn-check" name="status" '
    'id="status-{{ value|default:\'all\' }}" value="{{ value }}"'
    "{% if value == status %} checked{% endif %}>\n"
    '          <label class="btn btn-sm btn-outline-primary" '
    "for=\"status-{{ value|default:'all' }}\">{{ label|capfirst }} "
    '<span class="badge text-bg-light" data-testid="count-{{ value|default:\'all\' }}">'
    "{{ count }}</span></label>\n"
    "        {% endfor %}"
)
NEW_STATUS_LOOP = Template("{% load services_tags %}{% status_filters status_choices status %}")


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("status", ["", "quoted", "<b>"])
def test_the_status_filters_are_written_as_the_template_loop_wrote_them(language, status):
    from django.utils.translation import gettext_lazy

    from services.models import RequestStatus

    choices = [
        ("", gettext_lazy("All"), 12),
        *((value, label, n) for n, (value, label) in enumerate(RequestStatus.choices)),
        ('"><script>', HOSTILE, 3),
    ]
    with translation.override(language):
        context = {"status_choices": choices, "status": status}
        former = FORMER_STATUS_LOOP.render(Context(context))
        assert NEW_STATUS_LOOP.render(Context(context)) == former
    assert "&lt;b&gt;&quot;Tom&quot;" in former and "<script>" not in former
    assert former.count(" checked") == (0 if status == "<b>" else 1)
