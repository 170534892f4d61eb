"""``{% load members_tags %}``: how members appear in lists."""

from __future__ import annotations

import datetime as dt
import functools
import html

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import render_value_in_context
from django.template.defaultfilters import date
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cjs import formatting
from cjs.escaping import escape
from cjs.formatting import format_duration, tel_uri
from cjs.links import fixed_url
from cjs.templatetags.icons import icon_html

register = template.Library()


@register.simple_tag(takes_context=True)
def not_cleared_badge(context, user, on: dt.date | None = None) -> str:
    """A "not cleared" badge after a member who may not take jobs for want of a date of birth
    or of the parental authorization (nothing otherwise). Load the users with
    ``select_related("profile")`` to avoid a query per member.

    Why a member is not cleared tells their age and their guardian's answer: only leaders see
    the badge (and the member about themself), never the other members or a delegate looking
    at a rotation."""
    if user is None:
        return ""
    viewer = context.get("user")
    if not getattr(viewer, "is_authenticated", False) or not viewer.reads_private_facts_of(user.pk):
        return ""
    profile = getattr(user, "member_profile", None)
    if profile is None:
        return ""
    problem = profile.clearance_problem_on(on or timezone.localdate())
    return "" if problem is None else _clearance_badge(problem)


def _clearance_badge(problem: str) -> str:
    """The "not cleared" badge telling ``problem`` (what ``format_html`` wrote)."""
    problem = escape(problem)
    return mark_safe(
        f'<span class="badge text-bg-warning" title="{problem}">'
        f"{icon_html('exclamation-triangle')} {escape(_('not cleared'))}"
        f'<span class="visually-hidden"> ({problem})</span></span>'
    )


@register.filter
def duties(obj) -> list[str]:
    """The duties of a role or a committee, one per line."""
    return obj.duty_list() if obj is not None else []


@register.simple_tag
def duties_card(card) -> str:
    """A role or committee held this week (``members.dashboard.DutiesCard``) with its duties
    as a checklist, on the member's dashboard: written here as the former
    ``members/_duties_card.html`` include wrote it (an include and its dozen variables and
    filters cost the template some seven hundred Python calls a card).
    tests/members/test_duties_card.py renders the former template beside this tag."""
    description = (
        f'<p class="small text-body-secondary mb-2">{escape(card.description)}</p>'
        if card.description
        else ""
    )
    duty_list = card.duty_list()
    if duty_list:
        check = icon_html("check2-square", css_class="text-primary")
        items = "".join(f"<li>{check} {escape(duty)}</li>" for duty in duty_list)
        checklist = (
            f'\n    <ul class="list-unstyled mb-0" aria-label="{escape(_("Duties"))}">'
            f"\n      {items}\n    </ul>\n  "
        )
    else:
        checklist = ""
    return mark_safe(
        '\n\n<div class="card mb-2 duties-card"><div class="card-body">'
        '\n  <div class="d-flex justify-content-between align-items-baseline gap-2">'
        f'\n    <h3 class="h5 card-title mb-1">{escape(card.name)}</h3>'
        '\n    <span class="small text-body-secondary text-nowrap">'
        f"{day_month(card.starts_on)} – {day_month(card.ends_on)}</span>"
        f"\n  </div>\n  {description}\n  {checklist}\n</div></div>\n"
    )


@register.filter
def age_on(user, day: dt.date) -> int | None:
    """``{{ member|age_on:today }}``: the member's age that day (``None`` when unknown)."""
    return user.age_on(day) if user is not None else None


@register.simple_tag(takes_context=True)
def rotation_holders(context, members: list, on: dt.date) -> str:
    """The members holding a slot of a published rotation, one a line: the viewer in bold
    (and told "you"), a "not cleared" badge where ``not_cleared_badge`` shows one, a dash when
    nobody holds it. One tag for the cell: a season's committees list hundreds of names, the
    same members in cell after cell, so each member's line is built once per page."""
    if not members:
        return mark_safe('<span class="text-body-secondary">–</span>')
    lines = context.render_context.get(("rotation_holders", on))
    if lines is None:
        # Read once a page: who is looking, and whose badges they may see (``reads``).
        viewer = context.get("user")
        signed_in = getattr(viewer, "is_authenticated", False)
        lines = context.render_context[("rotation_holders", on)] = {
            "viewer": (viewer.pk, viewer.is_leader) if signed_in else (None, False)
        }
    return mark_safe(
        "".join(
            lines.get(member.pk) or lines.setdefault(member.pk, _holder_line(context, member, on))
            for member in members
        )
    )


def _holder_line(context, member, on: dt.date) -> str:
    # Plain formatting with the name escaped once: this runs for every member of the season.
    viewer_pk, reads_everyone = context.render_context[("rotation_holders", on)]["viewer"]
    me = member.pk == viewer_pk
    # ``not_cleared_badge`` shows nothing to who may not read the member's private facts.
    badge = not_cleared_badge(context, member, on) if reads_everyone or me else ""
    name = html.escape(str(member))  # what ``escape`` writes, without its lazy-text wrapper
    if me:
        you = escape(_("you"))
        return (
            f'<div class="fw-bold rotation-me">{name}'
            f' <span class="visually-hidden">({you})</span> {badge}</div>'
        )
    return f'<div class="">{name} {badge}</div>'


@register.filter
def day_month(day: dt.date) -> str:
    """``{{ day|day_month }}``: ``{{ day|date:"j N" }}`` ("3 nov."), written once per process,
    day and language (a rotation's grid writes the same weeks again and again)."""
    return formatting.day_month(day, get_language())


@receiver(setting_changed)
def _forget_days(**kwargs) -> None:
    """A test that changes the settings (languages, formats) gets fresh dates and texts."""
    _directory_filter_texts.cache_clear()
    _long_day.cache_clear()


@register.simple_tag(takes_context=True)
def rotation_rows(context, grid, on: dt.date) -> str:
    """The rows of a published rotation's grid (``members.planning.PublishedGrid``): a period
    a row (the one running on ``on`` highlighted and told "now"), its holders a cell
    (``rotation_holders``). Written here as the template loop wrote them: the loop cost more
    than the data of the page. tests/members/test_rotation_rows.py renders the former loop
    beside this tag and compares them."""
    now = f' <span class="badge text-bg-primary">{_("now")}</span>'
    rows = []
    for row in grid.rows:
        start, end = row.period.start, row.period.end
        running = start <= on <= end
        cells = "".join(
            f"\n                <td>\n                  {rotation_holders(context, members, on)}"
            "\n                </td>\n              "
            for members in row.cells
        )
        rows.append(
            f'\n            <tr class="{"table-primary" if running else ""}">'
            f'\n              <th scope="row" class="text-nowrap">{day_month(start)} – '
            f"{day_month(end)}{now if running else ''}</th>\n              {cells}"
            "\n            </tr>\n          "
        )
    return mark_safe("".join(rows))


@register.simple_tag(takes_context=True)
def directory_rows(context, members: list, on: dt.date, members_url: str) -> str:
    """The rows of the directory's table (``members.queries.DirectoryRow``, a page of them),
    written here as the template loop wrote them: that loop cost more than a thousand Python
    calls a row, most of the page. ``members_url`` is the directory's address, escaped (a
    member's page is ``membres/<pk>/``). What every row asks is read once for the page: who
    looks (only leaders, and a member about themself, see why a member is not cleared), the
    cooperative's country (the dial links), the translated texts; each distinct badge and
    number of hours is written once. tests/members/test_directory_rows.py renders the former
    loop beside this tag and compares them, hostile values included."""
    viewer = context.get("user")
    signed_in = getattr(viewer, "is_authenticated", False)
    cooperative = context.get("cooperative")
    page = _DirectoryPage(
        viewer_pk=viewer.pk if signed_in else None,
        reads_everyone=signed_in and viewer.is_leader,
        region=cooperative.babel_locale_suffix if cooperative else "FR",
        on=on,
        members_url=members_url,
    )
    return mark_safe("".join([page.row(member) for member in members]))


class _DirectoryPage:
    """What the directory's rows share, and the writing of one row."""

    def __init__(self, *, viewer_pk, reads_everyone: bool, region: str, on, members_url):
        self.viewer_pk, self.reads_everyone, self.region = viewer_pk, reads_everyone, region
        self.on, self.members_url = on, members_url
        self.select = _("Select %(member)s")
        self.deactivated = f'<span class="badge text-bg-secondary">{_("deactivated")}</span>'
        self.not_enrolled = (
            f'<span class="badge text-bg-light">{_("not enrolled this season")}</span>'
        )
        self.to_check = f' <span class="text-body-secondary">({_("certificate to check")})</span>'
        self.badges: dict[str, str] = {}
        self.durations: dict = {}

    def badge(self, member) -> str:
        """``not_cleared_badge(context, member, on)``."""
        profile = member.member_profile
        if profile is None or not (self.reads_everyone or member.pk == self.viewer_pk):
            return ""
        problem = profile.clearance_problem_on(self.on)
        if problem is None:
            return ""
        badge = self.badges.get(problem)
        if badge is None:
            badge = self.badges[problem] = _clearance_badge(problem)
        return badge

    def row(self, member) -> str:
        name = escape(member.name)
        if not member.is_active:
            status = self.deactivated
        elif not member.enrolled:
            status = self.not_enrolled
        else:
            status = ""
        contact = escape(member.username)
        phone = member.phone
        if phone:
            link = escape(tel_uri(phone, self.region))
            contact = f'{contact} · <a class="text-nowrap" href="{link}">{escape(phone)}</a>'
        profile = member.member_profile
        age = profile.age_on(self.on) if profile is not None else None
        if member.skills:
            skills = []
            for skill, to_check in member.skills:
                skills.append(escape(skill) + self.to_check if to_check else escape(skill))
            skills = ", ".join(skills)
        else:
            skills = '<span class="text-body-secondary">–</span>'
        committees = ", ".join([escape(held) for held in member.committees]) or "–"
        hours = self.durations.get(member.hours)
        if hours is None:
            hours = self.durations[member.hours] = escape(format_duration(member.hours))
        return (
            "\n            <tr>"
            '\n              <td><input class="form-check-input" type="checkbox" name="members"'
            f' value="{member.pk}" aria-label="{self.select % {"member": name}}"'
            f" {'' if member.is_active else 'disabled'}></td>"
            "\n              <td>"
            f'\n                <a href="{self.members_url}{member.pk}/" class="fw-semibold">'
            f"{name}</a>"
            f"\n                {self.badge(member)}"
            f"\n                {status}"
            f'\n                <div class="small text-body-secondary">{contact}</div>'
            "\n              </td>"
            f'\n              <td class="text-end">{"–" if age is None else age}</td>'
            f'\n              <td class="small">{skills}</td>'
            f'\n              <td class="small">{escape(member.role_names) or "–"}</td>'
            f'\n              <td class="small">{committees}</td>'
            f'\n              <td class="text-end" data-testid="hours-worked">{hours}</td>'
            "\n            </tr>"
            "\n          "
        )


@register.simple_tag
def directory_filters(form) -> str:
    """The directory's filters (``members.forms.DirectoryFilterForm``): the search typed, the
    skill and the status chosen. Written here as ``members/directory.html`` wrote it, its
    texts and address once per process and language (the template's nine tags cost more
    than the two lists). tests/members/test_directory_filters.py renders the former template
    beside this tag."""
    head, skill, status, tail = _directory_filter_texts(
        get_language(), fixed_url("members:directory")
    )
    return mark_safe(
        f"{head}{escape(form['q'].value() or '')}{skill}{form['skill']}{status}"
        f"{form['status']}{tail}"
    )


@functools.lru_cache(maxsize=8)
def _directory_filter_texts(_language: str, url: str) -> tuple[str, str, str, str]:
    # The texts as ``{% translate %}`` writes them: a template's own texts are not escaped.
    url = escape(url)
    head = (
        f'<form method="get" action="{url}" class="row g-2 align-items-end mb-3" role="search"'
        f'\n      data-hx-get="{url}" data-hx-target="#directory-results"'
        ' data-hx-swap="outerHTML"'
        '\n      data-hx-trigger="input changed delay:300ms from:#id_q, change from:select,'
        ' submit" data-hx-push-url="true">'
        '\n  <div class="col-12 col-md-5">'
        f'\n    <label class="form-label" for="id_q">{_("Search")}</label>'
        '\n    <input class="form-control" type="search" name="q" id="id_q" value="'
    )
    skill = (
        f'" placeholder="{_("Name, username, email, phone")}" autocomplete="off">'
        "\n  </div>"
        '\n  <div class="col-6 col-md-3">'
        f'\n    <label class="form-label" for="id_skill">{_("Skill")}</label>'
        "\n    "
    )
    status = (
        "\n  </div>"
        '\n  <div class="col-6 col-md-3">'
        f'\n    <label class="form-label" for="id_status">{_("Status")}</label>'
        "\n    "
    )
    tail = (
        "\n  </div>"
        '\n  <div class="col-12 col-md-1">'
        '\n    <button class="btn btn-outline-secondary w-100" type="submit">'
        f"{_('Filter')}</button>"
        "\n  </div>"
        "\n</form>"
    )
    return head, skill, status, tail


@register.simple_tag(takes_context=True)
def my_week_section(context) -> str:
    """The member's roles and committees of the week on their dashboard (``week_start``,
    ``week_end``, ``my_week_cards`` of ``members.dashboard``), written here as the former
    section of ``dashboard/member.html`` wrote it (its translations and dates cost the
    template ~400 Python calls). tests/members/test_my_week_section.py renders the former
    section beside this tag."""
    shown = functools.partial(render_value_in_context, context=context)
    language = get_language()
    span = _("From %(start)s to %(end)s") % {
        "start": shown(_long_day(context["week_start"], language)),
        "end": shown(_long_day(context["week_end"], language)),
    }
    cards = "".join(
        f"\n      {duties_card(card)}\n    " for card in context.get("my_week_cards") or ()
    )
    if not cards:
        cards = (
            '\n      <p class="text-body-secondary">'
            f"{shown(_('No role or committee for you this week.'))}</p>\n    "
        )
    return mark_safe(  # every value escaped as the template escaped it
        '<section class="mb-4" aria-labelledby="my-week-title">\n'
        '    <div class="d-flex flex-wrap justify-content-between align-items-baseline gap-2">\n'
        f'      <h2 class="h4" id="my-week-title">{shown(_("My roles this week"))}</h2>\n'
        f'      <a class="small" href="{escape(fixed_url("my:rotation"))}">'
        f"{shown(_('Who does what'))} {icon_html('arrow-right')}</a>\n"
        "    </div>\n"
        f'    <p class="small text-body-secondary">{span}</p>\n'
        f"    {cards}\n"
        "  </section>"
    )


@functools.lru_cache(maxsize=64)
def _long_day(day: dt.date, _language: str) -> str:
    """``{{ day|date:"l j F" }}``'s text ("lundi 6 juillet"), once per day and language."""
    return date(day, "l j F")
