"""Ready-made agendas for the meetings every cooperative holds. A template is a list of items;
an item may carry a motion to vote or the election of the officers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from governance.models import Majority, MeetingKind, Topic


@dataclass(frozen=True)
class MotionTemplate:
    title: str | Promise
    text: str | Promise
    topic: str = Topic.GENERAL
    majority: str = Majority.SIMPLE


@dataclass(frozen=True)
class ItemTemplate:
    title: str | Promise
    description: str | Promise = ""
    motion: MotionTemplate | None = None
    elect_officers: bool = False


@dataclass(frozen=True)
class AgendaTemplate:
    code: str
    label: str | Promise
    kind: str
    items: list[ItemTemplate] = field(default_factory=list)


FIRST_BOARD = AgendaTemplate(
    "first_board",
    _("First board meeting"),
    MeetingKind.BOARD,
    [
        ItemTemplate(
            _("Welcome and how we decide"),
            _(
                "Round of first names. One member, one vote; the youth leaders advise but do "
                "not vote. How a motion, an amendment and a secret ballot work."
            ),
        ),
        ItemTemplate(
            _("Name of the cooperative"),
            _("Proposals, then a vote. The name goes on the flyers, the quotes and the invoices."),
            motion=MotionTemplate(
                _("Name of the cooperative"),
                _("The cooperative takes the name: …"),
                topic=Topic.NAME,
            ),
        ),
        ItemTemplate(
            _("Election of the officers"),
            _(
                "Chair, vice-chair, secretary and treasurer. Candidates present themselves, "
                "then a secret ballot for each role."
            ),
            elect_officers=True,
        ),
        ItemTemplate(
            _("Internal rules"),
            _("Reading of the draft, amendments, then the vote on the whole text."),
            motion=MotionTemplate(
                _("Adoption of the internal rules"),
                _(
                    "The board adopts the internal rules read in the meeting: schedules and "
                    "punctuality, how jobs are shared, safety, respect between members and with "
                    "clients, use of the common money."
                ),
                topic=Topic.INTERNAL_RULES,
                majority=Majority.TWO_THIRDS,
            ),
        ),
        ItemTemplate(
            _("Share-out of the earnings"),
            _("How the season's result will be shared at the end of the summer."),
            motion=MotionTemplate(
                _("Rule for sharing the earnings"),
                _(
                    "After keeping a tenth as a reserve for the next season, the result is "
                    "shared between the members in proportion to the hours each one worked."
                ),
                topic=Topic.SHARE_OUT,
                majority=Majority.TWO_THIRDS,
            ),
        ),
        ItemTemplate(_("Other business")),
    ],
)

WEEKLY_BOARD = AgendaTemplate(
    "weekly_board",
    _("Weekly board meeting"),
    MeetingKind.BOARD,
    [
        ItemTemplate(_("Weather of the week"), _("Each member says in one word how they are.")),
        ItemTemplate(
            _("Committee reports"),
            _("Human resources, marketing, finances: what was done, what is coming."),
        ),
        ItemTemplate(_("Accounts of the week"), _("Turnover, invoices to chase, expenses.")),
        ItemTemplate(_("Decisions to take")),
        ItemTemplate(_("Other business")),
    ],
)

GENERAL_ASSEMBLY = AgendaTemplate(
    "assembly",
    _("End-of-season general assembly"),
    MeetingKind.GENERAL_ASSEMBLY,
    [
        ItemTemplate(_("Report of the season"), _("Jobs done, clients, what we learned.")),
        ItemTemplate(_("Accounts of the season"), _("Turnover, expenses, result.")),
        ItemTemplate(
            _("Share-out of the result"),
            _("Apply the share-out rule adopted at the start of the season."),
            motion=MotionTemplate(
                _("Share-out of the result"),
                _("The assembly approves the share-out of the result presented by the treasury."),
                topic=Topic.SHARE_OUT,
            ),
        ),
        ItemTemplate(_("Other business")),
    ],
)

DEBRIEF = AgendaTemplate(
    "debrief",
    _("Daily debrief"),
    MeetingKind.TEAM,
    [
        ItemTemplate(_("Jobs of the day"), _("How each job went, hours to record, invoices.")),
        ItemTemplate(_("Tomorrow"), _("Teams, tools and times for tomorrow's jobs.")),
    ],
)

TEMPLATES: dict[str, AgendaTemplate] = {
    t.code: t for t in [FIRST_BOARD, WEEKLY_BOARD, GENERAL_ASSEMBLY, DEBRIEF]
}


def template_choices() -> list[tuple[str, str | Promise]]:
    return [("", _("Empty agenda")), *((t.code, t.label) for t in TEMPLATES.values())]
