"""The share-out rule (``finance.rules.share_out``) for any hours and amounts: the parts are
never negative and add up exactly to the amount shared, equal hours differ by at most one
cent, and more hours never give a smaller pro rata part."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from finance.rules import Departed, ShareOutTerms, Sharer, share_out
from governance.models import DepartedMembers

cents = st.integers(min_value=0, max_value=2_000_000).map(lambda c: Decimal(c) / 100)
hours = st.integers(min_value=0, max_value=40_000).map(lambda q: Decimal(q) / 100)
percent = st.integers(min_value=0, max_value=10_000).map(lambda p: Decimal(p) / 100)
sharers = st.lists(st.tuples(hours, st.booleans()), min_size=1, max_size=25).map(
    lambda rows: [
        Sharer(key=index, name=f"M{index}", hours=worked, departed=left)
        for index, (worked, left) in enumerate(rows)
    ]
)


@st.composite
def accounts(draw) -> tuple[Decimal, Decimal]:
    """Income and expenses leaving a result to share (a loss is tested on its own)."""
    income = draw(st.integers(min_value=1, max_value=2_000_000))
    expenses = draw(st.integers(min_value=0, max_value=income - 1))
    return Decimal(income) / 100, Decimal(expenses) / 100


@st.composite
def terms(draw) -> ShareOutTerms:
    equal = draw(percent)
    return ShareOutTerms(
        reserve_percent=draw(percent),
        equal_percent=equal,
        pro_rata_percent=Decimal(100) - equal,
        bonus=draw(st.sampled_from([Decimal(0), Decimal("20"), Decimal("7.33")])),
        bonus_min_hours=draw(st.sampled_from([Decimal(0), Decimal(8), Decimal("30.5")])),
        departed_members=draw(
            st.sampled_from([Departed.PRO_RATA, Departed.FULL, Departed.EXCLUDED])
        ),
    )


def _plan(figures, members, rule):
    income, expenses = figures
    plan = share_out(income=income, expenses=expenses, sharers=members, terms=rule)
    assume(plan.is_possible)
    return plan


@given(accounts(), sharers, terms())
def test_the_parts_are_never_negative_and_add_up_to_the_amount_shared(figures, members, rule):
    plan = _plan(figures, members, rule)
    for part in plan.parts:
        assert min(part.equal, part.pro_rata, part.bonus) >= 0
        assert part.total == part.equal + part.pro_rata + part.bonus
        assert part.total.as_tuple().exponent >= -2
    assert sum(part.total for part in plan.parts) == plan.distributable
    assert plan.reserve + plan.distributable == plan.result == figures[0] - figures[1]


@given(accounts(), sharers, terms())
def test_equal_hours_differ_by_at_most_one_cent(figures, members, rule):
    plan = _plan(figures, members, rule)
    for one in plan.parts:
        for other in plan.parts:
            if (one.hours, one.departed) == (other.hours, other.departed):
                assert abs(one.total - other.total) <= Decimal("0.01")


@given(accounts(), sharers, terms())
def test_more_hours_never_give_a_smaller_pro_rata_part(figures, members, rule):
    plan = _plan(figures, members, rule)
    paid_pro_rata = [p for p in plan.parts if not p.departed or rule.departed_members != "excluded"]
    for one in paid_pro_rata:
        for other in paid_pro_rata:
            if one.hours > other.hours:
                assert one.pro_rata >= other.pro_rata


@given(cents, sharers, terms())
def test_a_loss_or_a_zero_result_shares_nothing_and_says_so(amount, members, rule):
    plan = share_out(income=amount, expenses=amount + 1, sharers=members, terms=rule)
    assert not plan.is_possible
    assert plan.refusal.code == "nothing_to_share"
    assert plan.parts == []


def test_bonuses_larger_than_the_amount_are_refused_with_the_figures():
    members = [Sharer(key=i, name=str(i), hours=Decimal(10)) for i in range(5)]
    rule = ShareOutTerms(Decimal(10), Decimal(0), Decimal(100), bonus=Decimal(30))
    plan = share_out(income=Decimal(100), expenses=Decimal(0), sharers=members, terms=rule)
    assert plan.refusal.code == "bonuses_exceed"
    assert plan.refusal.values == {"bonuses": "150.00", "distributable": "90.00"}


def test_the_demo_rule_worked_by_hand():
    """1 234,00 € − 10 % (123,40 €) = 1 110,60 €; 20 € to the two with 30 h or more; the
    rest, 1 070,60 €, pro rata of 60 + 30 + 10 = 100 hours: 642,36 / 321,18 / 107,06."""
    members = [
        Sharer(key=1, name="A", hours=Decimal(60)),
        Sharer(key=2, name="B", hours=Decimal(30)),
        Sharer(key=3, name="C", hours=Decimal(10)),
    ]
    rule = ShareOutTerms(
        Decimal(10), Decimal(0), Decimal(100), bonus=Decimal(20), bonus_min_hours=Decimal(30)
    )
    plan = share_out(income=Decimal("1500"), expenses=Decimal("266"), sharers=members, terms=rule)
    assert (plan.result, plan.reserve, plan.distributable) == (
        Decimal("1234.00"),
        Decimal("123.40"),
        Decimal("1110.60"),
    )
    assert [(p.bonus, p.pro_rata) for p in plan.parts] == [
        (Decimal("20.00"), Decimal("642.36")),
        (Decimal("20.00"), Decimal("321.18")),
        (Decimal("0.00"), Decimal("107.06")),
    ]
    assert [step.code for step in plan.steps] == ["result", "reserve", "bonus", "pro_rata", "check"]


def test_a_member_who_left_is_treated_by_the_rule_text():
    members = [
        Sharer(key=1, name="Stayed", hours=Decimal(10)),
        Sharer(key=2, name="Left", hours=Decimal(10), departed=True),
    ]

    def parts(departed: str):
        rule = ShareOutTerms(Decimal(0), Decimal(50), Decimal(50), departed_members=departed)
        plan = share_out(income=Decimal(100), expenses=Decimal(0), sharers=members, terms=rule)
        return [(p.equal, p.pro_rata) for p in plan.parts]

    assert parts(Departed.PRO_RATA) == [
        (Decimal("50.00"), Decimal("25.00")),
        (Decimal("0.00"), Decimal("25.00")),
    ]
    assert parts(Departed.FULL) == [(Decimal("25.00"), Decimal("25.00"))] * 2
    assert parts(Departed.EXCLUDED) == [
        (Decimal("50.00"), Decimal("50.00")),
        (Decimal("0.00"), Decimal("0.00")),
    ]


def test_leftover_cents_of_the_equal_part_go_one_each():
    members = [Sharer(key=i, name=str(i), hours=Decimal(1)) for i in range(3)]
    rule = ShareOutTerms(Decimal(0), Decimal(100), Decimal(0))
    plan = share_out(income=Decimal("100"), expenses=Decimal(0), sharers=members, terms=rule)
    assert sorted(p.total for p in plan.parts) == [
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("33.34"),
    ]
    equal = next(step for step in plan.steps if step.code == "equal")
    assert equal.values["each"] == "33.33" and equal.values["cents"] == "1"


def test_the_rule_knows_every_choice_the_motion_offers_for_members_who_left():
    assert {Departed.PRO_RATA, Departed.FULL, Departed.EXCLUDED} == set(DepartedMembers.values)
