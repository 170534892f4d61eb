"""The job board, my jobs and the member's dashboard write some of their texts and links in
Python (``services.queries.board.dress``, ``formatted``, ``cjs.links.pk_url``, the filter's
``options_html``) instead of with template filters and tags on every row: what they write
stays what the template wrote, hostile values included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils import translation

from cjs.links import pk_url
from members.models import Cooperative, Skill, SkillLevel
from services.board_filter import BoardFilterForm
from services.forms import options_html
from services.models import JobSkill, Service, ServiceSkill
from services.queries import build_cards, card_job, formatted, pay_of
from tests.factories import ServiceFactory, SkillFactory

HOSTILE = ["", "plain", "<script>alert(1)</script>", "a & b", "\"quoted\" 'single'", "été →"]


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_filters_options_are_what_the_template_loop_wrote(language):
    options = [
        (value, label, index % 2 == 0)
        for index, (value, label) in enumerate(zip(HOSTILE, reversed(HOSTILE), strict=True))
    ]
    options += [("", translation.gettext_lazy("All services"), False)]
    loop = (
        '{% for value, label, selected in options %}<option value="{{ value }}"'
        "{% if selected %} selected{% endif %}>{{ label }}</option>{% endfor %}"
    )
    with translation.override(language):
        assert options_html(options) == _render(loop, options=options)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_dates_and_times_are_written_as_the_date_and_time_filters_write_them(language):
    days = [dt.date(2026, 7, 1) + dt.timedelta(days=offset) for offset in range(0, 400, 13)]
    times = [dt.time(0, 0), dt.time(9, 5), dt.time(12, 30), dt.time(23, 59)]
    with translation.override(language):
        for day in days:
            for style in ("l j F", "D j N"):
                assert formatted(day, style) == _render(f'{{{{ day|date:"{style}" }}}}', day=day), (
                    day,
                    style,
                )
        for moment in times:
            assert formatted(moment, "H:i") == _render('{{ t|time:"H:i" }}', t=moment)


@pytest.mark.parametrize("pk", [1, 7, 42, 987654321, 2**31 - 1])
@pytest.mark.parametrize(
    "name",
    [
        "services:job_detail",
        "services:job_claim",
        "services:claim_withdraw",
        "services:replacement_take",
    ],
)
def test_links_made_from_one_reverse_are_the_reversed_ones(name, pk):
    assert pk_url(name)(pk) == reverse(name, args=[pk])


def _old_card_texts(card) -> str:
    """The texts of a card as ``_job_card.html`` wrote them with filters and tags."""
    return _render(
        "{% load i18n cjs_tags %}{% with job=card.job %}"
        "{% url 'services:job_detail' job.pk %}|"
        '{{ job.date|date:"l j F" }} · {{ job.starts_at|time:"H:i" }}'
        ' – {{ job.ends_at|time:"H:i" }}|{{ job.duration_hours|hours }}|'
        "{% for need in job.skill_needs.all %}{% if forloop.first %} · {% endif %}"
        "{{ need.skill.name }}{% if need.needs_confirmation %}"
        ' ({% translate "confirmed skill" %}){% endif %}{% if not forloop.last %}, {% endif %}'
        "{% endfor %}|{% url 'services:job_claim' job.pk %}{% endwith %}",
        card=card,
    )


def _new_card_texts(card) -> str:
    return _render(
        "{% load cjs_tags %}{{ card.detail_url }}|{{ card.when }}|{{ card.hours|hours }}|"
        "{{ card.skills }}|{{ card.action_url }}",
        card=card,
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_cards_texts_are_what_its_template_wrote(language, member, season, service, make_job):
    confirmed = Skill.objects.get(slug="animaux")
    hostile = SkillFactory(name="<b>Taille</b> & \"haies\" 'vives'", slug="hostile")
    plain = SkillFactory(name="Promenade", slug="promenade")
    ServiceSkill.objects.create(service=service, skill=confirmed, level=SkillLevel.CONFIRMED)
    job = make_job(
        skills=[confirmed, hostile, plain],
        date=dt.date.today() + dt.timedelta(days=3),
        starts_at=dt.time(8, 5),
        ends_at=dt.time(11, 50),
    )
    assert JobSkill.objects.filter(job=job).count() == 3
    bare = make_job(starts_at=dt.time(13, 0), ends_at=dt.time(17, 15))
    with translation.override(language):
        for made in (job, bare):
            (card,) = build_cards(
                viewer=member, season=season, cooperative=Cooperative.load(), jobs=card_job(made.pk)
            )
            assert _new_card_texts(card) == _old_card_texts(card)
            assert card.dom_id == f"job-card-{made.pk}"
            assert card.pay == pay_of(card.job)
            if made == job:
                assert "&lt;b&gt;Taille&lt;/b&gt; &amp; &quot;haies&quot;" in _new_card_texts(card)


def _former_day_choices(today: dt.date, days: int) -> list[tuple[str, str]]:
    """The board's days as ``BoardFilterForm`` made them before they were kept per day."""
    choices = [("", translation.gettext("The coming days"))]
    for offset in range(days + 1):
        day = today + dt.timedelta(days=offset)
        label = _render('{{ day|date:"l j F" }}', day=day)
        if offset == 0:
            label = translation.gettext("Today, %(day)s") % {"day": label}
        elif offset == 1:
            label = translation.gettext("Tomorrow, %(day)s") % {"day": label}
        choices.append((day.isoformat(), label))
    return choices


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_board_filters_options_are_those_its_fields_gave(language, service):
    """The days and the catalogue's names are kept once written; a renamed service shows
    its new name at once (the names are read at each request)."""
    other = ServiceFactory(slug="menage", name_fr="Ménage <b>&</b>", name_en="")
    today = dt.date.today()
    queries_of = [
        None,
        {"day": (today + dt.timedelta(days=1)).isoformat()},
        {"day": today.isoformat(), "service": "menage"},
        {"day": "<bad>", "service": "<nope>"},
    ]
    with translation.override(language):
        for rename in ("", " bis"):
            if rename:
                Service.objects.filter(pk=other.pk).update(name_fr="Ménage" + rename)
            for data in queries_of * 2:
                form = BoardFilterForm(data, today=today, days=14)
                day = form["day"].value()
                assert form.day_options() == options_html(
                    (value, label, value == day) for value, label in _former_day_choices(today, 14)
                )
                chosen = form["service"].value() or ""
                assert form.service_options() == options_html(
                    [("", form.fields["service"].empty_label, chosen == "")]
                    + [(s.slug, str(s), s.slug == chosen) for s in Service.objects.all()]
                )
                assert form.is_valid() == (data is not None and "<bad>" not in data.values())


def test_the_cards_links_follow_the_sites_address(member, season, make_job):
    """Each card link is reversed once per process and address of the site (its script
    prefix behind a proxy, its URLconf)."""
    job = make_job()
    try:
        for prefix in ("/", "/cjs/", "/"):
            set_script_prefix(prefix)
            (card,) = build_cards(
                viewer=member, season=season, cooperative=Cooperative.load(), jobs=card_job(job.pk)
            )
            assert card.detail_url == reverse("services:job_detail", args=[job.pk])
            assert card.action_url == reverse("services:job_claim", args=[job.pk])
            assert card.detail_url.startswith(prefix)
    finally:
        set_script_prefix("/")
