"""The directory's filters are written by ``{% directory_filters %}``, its title and table head
by ``{% shared_fragment %}`` (once per process and language) and its addresses by
``{% fixed_url %}``, no longer by a dozen ``{% translate %}`` and ``{% url %}`` tags a visit:
the page must stay what the former template wrote, the search typed (hostile or not), the
choices made and both languages included."""

from __future__ import annotations

import re

import pytest
from django.template import engines
from django.urls import reverse
from django.utils.translation import override

from members.forms import DirectoryFilterForm
from tests.factories import MemberFactory, SkillFactory

pytestmark = pytest.mark.django_db

HOSTILE = '"><script>alert("q&a")</script>'

# The filters as ``members/directory.html`` wrote them.
FORMER_FILTERS = """{% load i18n %}<form method="get" action="{% url 'members:directory' %}" class="row g-2 align-items-end mb-3" role="search"
      data-hx-get="{% url 'members:directory' %}" data-hx-target="#directory-results" data-hx-swap="outerHTML"
      data-hx-trigger="input changed delay:300ms from:#id_q, change from:select, submit" data-hx-push-url="true">
  <div class="col-12 col-md-5">
    <label class="form-label" for="id_q">{% translate "Search" %}</label>
    <input class="form-control" type="search" name="q" id="id_q" value="{{ form.q.value|default:'' }}" placeholder="{% translate 'Name, username, email, phone' %}" autocomplete="off">
  </div>
  <div class="col-6 col-md-3">
    <label class="form-label" for="id_skill">{% translate "Skill" %}</label>
    {{ form.skill }}
  </div>
  <div class="col-6 col-md-3">
    <label class="form-label" for="id_status">{% translate "Status" %}</label>
    {{ form.status }}
  </div>
  <div class="col-12 col-md-1">
    <button class="btn btn-outline-secondary w-100" type="submit">{% translate "Filter" %}</button>
  </div>
</form>"""  # noqa: E501

# The page's content before the results (title, buttons, filters) and the table's head, as
# the former template wrote them.
FORMER_HEAD = """{% load i18n %}<div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
  <h1 class="h2 mb-0">{% translate "Members" %}</h1>
  <div class="d-flex flex-wrap gap-2">
    <a class="btn btn-primary" href="{% url 'members:member_create' %}">{% icon "person-plus" %} {% translate "Add a member" %}</a>
    <a class="btn btn-outline-primary" href="{% url 'members:member_import' %}">{% icon "upload" %} {% translate "Import a CSV file" %}</a>
  </div>
</div>

"""  # noqa: E501
FORMER_RESULTS_HEAD = """{% load i18n %}<div id="directory-results">
  <form method="post" action="{% url 'members:credentials_sheet' %}" data-confirm="{% translate 'New temporary passwords will replace the current ones of the ticked members. Continue?' %}">
    """  # noqa: E501
FORMER_THEAD = """{% load i18n %}    <div class="table-responsive">
      <table class="table table-hover align-middle directory-table">
        <thead>
          <tr>
            <th scope="col"><span class="visually-hidden">{% translate "Select" %}</span></th>
            <th scope="col">{% translate "Member" %}</th>
            <th scope="col" class="text-end">{% translate "Age" %}</th>
            <th scope="col">{% translate "Skills" %}</th>
            <th scope="col">{% translate "Roles this season" %}</th>
            <th scope="col">{% translate "Committee now" %}</th>
            <th scope="col" class="text-end">{% translate "Validated hours" %}</th>
          </tr>
        </thead>
        <tbody>"""
FORMER_EXPORT = """{% load i18n %}<a class="btn btn-sm btn-outline-secondary" href="{% url 'members:directory_export' %}?{{ request.GET.urlencode }}">"""  # noqa: E501


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.fixture
def skills(db):
    return [
        SkillFactory(name="Jardinage & co", name_en="Gardening & co", slug="jardinage"),
        SkillFactory(name=HOSTILE, name_en="", slug="hostile"),
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": HOSTILE, "skill": "hostile", "status": "minors"},
        {"q": "Léa O'Brien", "skill": "jardinage", "status": "inactive"},
        {"q": "", "skill": "unknown", "status": "nonsense"},
    ],
)
def test_the_filters_are_what_the_template_wrote(skills, language, data):
    with override(language):
        form = DirectoryFilterForm(data)
        form.is_valid()
        former = _render(FORMER_FILTERS, form=form)
        assert _render("{% load members_tags %}{% directory_filters form %}", form=form) == former
    if data and data["q"] == HOSTILE:
        assert HOSTILE not in former and 'value="&quot;&gt;&lt;script&gt;' in former


def _without_tokens(html: str) -> str:
    """The page without its CSRF tokens (masked anew at each rendering)."""
    return re.sub(r'value="[A-Za-z0-9]{64}"', 'value="TOKEN"', html)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_page_writes_what_the_former_template_wrote(leader_client, season, skills, language):
    MemberFactory(first_name=HOSTILE, last_name="Zed")
    leader_client.cookies["cjs_language"] = language
    query = {"q": "Zed", "skill": "", "status": ""}
    response = leader_client.get(reverse("members:directory"), query)
    page = response.content.decode()
    form = response.context["form"]
    request = response.wsgi_request
    with override(language):
        expected = [
            _render(FORMER_HEAD) + _render(FORMER_FILTERS, form=form),
            _render(FORMER_RESULTS_HEAD),
            _render(FORMER_EXPORT, request=request),
            _render(FORMER_THEAD),
        ]
    for part in expected:
        assert _without_tokens(part) in _without_tokens(page)
    assert "&lt;script&gt;" in page and HOSTILE not in page
