"""How evenly the work was spread (``finance.spread``): lowest, median, highest, the ratio of
the highest to the lowest and the Gini coefficient, on plain numbers."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from finance.spread import gini, median, spread

D = Decimal


def test_everyone_with_the_same_hours_reads_a_gini_of_zero():
    assert gini([D(10), D(10), D(10)]) == D("0.00")


def test_one_member_with_all_the_hours_reads_a_gini_near_one():
    # With n members the highest possible value is (n - 1) / n.
    assert gini([D(0), D(0), D(0), D(40)]) == D("0.75")


def test_nobody_has_worked_yet_gives_no_gini():
    assert gini([D(0), D(0)]) is None
    assert gini([]) is None


def test_the_median_of_an_even_count_is_the_mean_of_the_two_middle_figures():
    assert median([D(1), D(9), D(3), D(5)]) == D(4)
    assert median([D(7), D(1), D(3)]) == D(3)


def test_the_spread_counts_the_members_who_have_not_worked():
    figures = spread([D(0), D(12), D(6)])
    assert (figures.count, figures.lowest, figures.median, figures.highest) == (
        3,
        D(0),
        D(6),
        D(12),
    )
    assert figures.ratio is None  # the lowest is 0: no finite ratio


def test_the_ratio_is_the_highest_over_the_lowest():
    assert spread([D(4), D(10)]).ratio == D("2.5")


@given(st.lists(st.decimals(min_value=0, max_value=500, places=2), min_size=1, max_size=30))
def test_the_gini_stays_between_zero_and_one(values):
    result = gini(values)
    assert result is None or D(0) <= result <= D(1)
