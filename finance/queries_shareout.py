"""What the share-out pages read: the rule the assembly adopted (or the one a motion puts to
the vote), the members with their validated hours, the season's result from the ledger
(``finance.queries.ledger``: the same figures as the accounts), the frozen share-out, and
each step said in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, OuterRef, Prefetch, Subquery
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from cjs.formatting import format_money
from finance import rules
from finance.models import ShareOut, ShareOutLine
from finance.queries import ledger
from governance.models import DepartedMembers, Motion, ShareOutRule, Topic
from members.models import Enrolment, Season, User
from members.work_records import hours_worked


def shareout_for_season(season: Season) -> ShareOut | None:
    """The season's frozen share-out with its lines (two queries), or ``None``."""
    lines = Prefetch("lines", queryset=ShareOutLine.objects.order_by("name", "pk"))
    return (
        ShareOut.objects.filter(season=season)
        .select_related("season", "motion__item__meeting")
        .prefetch_related(lines)
        .first()
    )


def _rules_of(season: Season):
    return ShareOutRule.objects.filter(
        motion__item__meeting__season=season,
        motion__topic=Topic.SHARE_OUT,
        motion__amends__isnull=True,
    ).select_related("motion__item__meeting")


def adopted_rule(season: Season) -> ShareOutRule | None:
    """The rule of the season's latest adopted share-out motion (one query)."""
    return (
        _rules_of(season)
        .filter(motion__status=Motion.Status.ADOPTED)
        .order_by(F("motion__decided_at").desc(nulls_last=True), "-motion__pk")
        .first()
    )


def rule_in_force(season: Season) -> ShareOutRule | None:
    """The adopted rule, or else the rule of the latest motion still to be voted (its
    preview helps the assembly decide). One query."""
    candidates = _rules_of(season).filter(
        motion__status__in=[Motion.Status.ADOPTED, Motion.Status.DRAFT, Motion.Status.OPEN]
    )
    found = list(candidates.order_by("-motion__pk"))
    adopted = [rule for rule in found if rule.motion.status == Motion.Status.ADOPTED]
    return (adopted or found or [None])[0]


def terms_of(rule: ShareOutRule) -> rules.ShareOutTerms:
    return rules.ShareOutTerms(**{term: getattr(rule, term) for term in rule.TERMS})


def sharers(season: Season) -> list[rules.Sharer]:
    """The members enrolled in the season (those who left included) with their validated
    hours, in one query."""
    enrolment = Enrolment.objects.filter(season=season, user=OuterRef("pk"))
    members = (
        User.objects.members()
        .filter(enrolments__season=season)
        .annotate(hours=hours_worked(season), left_on=Subquery(enrolment.values("left_on")[:1]))
        .order_by("first_name", "last_name", "pk")
    )
    return [
        rules.Sharer(
            key=user.pk,
            name=user.get_full_name() or user.username,
            hours=Decimal(user.hours or 0),
            departed=user.left_on is not None or not user.is_active,
        )
        for user in members
    ]


def plan_for(season: Season, rule: ShareOutRule) -> rules.ShareOutPlan:
    """The share-out ``rule`` gives for the season's figures (four queries)."""
    figures = ledger(season)
    return rules.share_out(
        income=figures.income,
        expenses=figures.expenses,
        sharers=sharers(season),
        terms=terms_of(rule),
    )


# --- The steps in words -------------------------------------------------------------------


def _number(value: str) -> str:
    return number_format(Decimal(value), use_l10n=True)


# code -> (the sentence, its values that are amounts, its values that are other numbers)
STEP_SENTENCES = {
    "result": (
        _lazy("Income of the season %(income)s − expenses %(expenses)s = result %(result)s."),
        ("income", "expenses", "result"),
        (),
    ),
    "reserve": (
        _lazy(
            "Result %(result)s − reserve of %(percent)s %% (%(reserve)s) = %(distributable)s "
            "to share."
        ),
        ("result", "reserve", "distributable"),
        ("percent",),
    ),
    "bonus": (
        _lazy(
            "Bonus: %(bonus)s × %(count)s members with at least %(hours)s validated hours = "
            "%(bonuses)s; %(rest)s remain for the equal part and the pro rata part."
        ),
        ("bonus", "bonuses", "rest"),
        ("hours",),
    ),
    "equal": (
        _lazy(
            "Equal part: %(percent)s %% of %(rest)s = %(pot)s ÷ %(count)s members = %(each)s each."
        ),
        ("rest", "pot", "each"),
        ("percent",),
    ),
    "pro_rata": (
        _lazy(
            "Pro rata of the hours: %(percent)s %% of %(rest)s = %(pot)s ÷ %(hours)s validated "
            "hours ≈ %(per_hour)s per hour. Each member gets their hours × this amount, rounded "
            "down to the cent; the cents left over go one each to the largest remainders."
        ),
        ("rest", "pot", "per_hour"),
        ("percent", "hours"),
    ),
    "check": (
        _lazy("Check: the %(count)s parts add up to %(shared)s, exactly the amount shared."),
        ("shared",),
        (),
    ),
    # Why a rule cannot be applied (``ShareOutPlan.refusal``).
    "nothing_to_share": (
        _lazy("The result is %(result)s: there is nothing to share."),
        ("result",),
        (),
    ),
    "no_members": (_lazy("No member takes part in the share-out."), (), ()),
    "bonuses_exceed": (
        _lazy(
            "The bonuses (%(bonuses)s) exceed the amount to share (%(distributable)s): the "
            "rule cannot be applied as voted."
        ),
        ("bonuses", "distributable"),
        (),
    ),
    "no_equal_members": (
        _lazy("No member receives the equal part: it cannot be shared."),
        (),
        (),
    ),
    "no_hours": (
        _lazy("Nobody has validated hours: the pro rata part cannot be computed."),
        (),
        (),
    ),
}


def step_text(step: rules.Step, money: Callable[[Decimal], str]) -> str:
    """One step (or the refusal) as the treasurer explains it, in the reader's language."""
    v = step.values
    if step.code == "departed":
        count = int(v["count"])
        return ngettext(
            "%(count)s member left during the season: by the rule, they are %(rule)s.",
            "%(count)s members left during the season: by the rule, they are %(rule)s.",
            count,
        ) % {"count": count, "rule": DepartedMembers(v["rule"]).label}
    sentence, amounts, numbers = STEP_SENTENCES[step.code]
    values = {
        **v,
        **{key: money(Decimal(v[key])) for key in amounts},
        **{key: _number(v[key]) for key in numbers},
    }
    text = str(sentence) % values
    cents = int(v.get("cents", 0))
    if cents:
        text += " " + ngettext(
            "The %(cents)s cent left over goes to the first member of the list.",
            "The %(cents)s cents left over go one each to %(cents)s members.",
            cents,
        ) % {"cents": cents}
    return text


def stored_steps(share_out: ShareOut) -> list[rules.Step]:
    return [rules.Step(item["code"], dict(item["values"])) for item in share_out.steps]


# --- The pages ----------------------------------------------------------------------------


@dataclass
class ShareOutPage:
    season: Season
    frozen: ShareOut | None
    rule: ShareOutRule | None
    plan: rules.ShareOutPlan | None
    steps: list[str] = field(default_factory=list)
    refusal: str = ""
    lines: list = field(default_factory=list)
    seasons: list[Season] = field(default_factory=list)

    @property
    def motion(self) -> Motion | None:
        if self.frozen is not None:
            return self.frozen.motion
        return self.rule.motion if self.rule else None

    @property
    def may_freeze(self) -> bool:
        """Computed from a rule the assembly adopted, possible, not frozen yet."""
        return (
            self.frozen is None
            and self.rule is not None
            and self.rule.motion.status == Motion.Status.ADOPTED
            and self.plan is not None
            and self.plan.is_possible
        )

    @property
    def figures(self):
        return self.frozen or self.plan


def share_out_page(season: Season, money: Callable[[Decimal], str]) -> ShareOutPage:
    """The frozen share-out as stored (four queries), or the preview computed from the rule
    in force and the ledger (seven queries)."""
    seasons = list(Season.objects.order_by("-year"))
    frozen = shareout_for_season(season)
    if frozen is not None:
        return ShareOutPage(
            season=season,
            frozen=frozen,
            rule=None,
            plan=None,
            steps=[step_text(step, money) for step in stored_steps(frozen)],
            lines=list(frozen.lines.all()),
            seasons=seasons,
        )
    rule = rule_in_force(season)
    plan = plan_for(season, rule) if rule is not None else None
    return ShareOutPage(
        season=season,
        frozen=None,
        rule=rule,
        plan=plan,
        steps=[step_text(step, money) for step in plan.steps] if plan else [],
        refusal=step_text(plan.refusal, money) if plan and plan.refusal else "",
        lines=plan.parts if plan else [],
        seasons=seasons,
    )


@dataclass
class MyShare:
    season: Season
    frozen: ShareOut | None
    line: ShareOutLine | None
    steps: list[str]


def my_share(season: Season, member: User, money: Callable[[Decimal], str]) -> MyShare:
    """A member's own line of the frozen share-out and its steps (two queries): the other
    members' amounts stay with those keeping the accounts."""
    frozen = ShareOut.objects.filter(season=season).select_related("motion").first()
    line = frozen and ShareOutLine.objects.filter(share_out=frozen, member=member).first()
    steps = [step_text(step, money) for step in stored_steps(frozen)] if frozen else []
    return MyShare(season=season, frozen=frozen, line=line or None, steps=steps)


def money_formatter(cooperative) -> Callable[[Decimal], str]:
    """Amounts in the cooperative's currency and the reader's language."""
    if cooperative is None:
        return format_money
    return lambda amount: format_money(
        amount, cooperative.currency, region=cooperative.babel_locale_suffix
    )
