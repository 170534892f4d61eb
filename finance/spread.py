"""How evenly the season's work and what it brought in were spread among the members, as
pure functions (no database): the lowest, the median and the highest figure, the ratio of
the highest to the lowest, and the Gini coefficient.

The Gini coefficient reads 0 when everyone has the same figure and nears 1 when one member
has everything; the pages explain it in words. Members enrolled who have not worked count,
with 0: leaving them out would hide exactly the unevenness the page is for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Spread:
    count: int
    lowest: Decimal
    median: Decimal
    highest: Decimal
    gini: Decimal | None  # None when there is nothing to share (everyone at 0)

    @property
    def ratio(self) -> Decimal | None:
        """Highest over lowest; None when the lowest is 0 (the ratio would be infinite)."""
        if not self.lowest:
            return None
        return (self.highest / self.lowest).quantize(Decimal("0.1"))

    @property
    def gini_percent(self) -> int | None:
        return None if self.gini is None else int(self.gini * 100)


def median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    if not ordered:
        return ZERO
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def gini(values: Iterable[Decimal]) -> Decimal | None:
    """Mean absolute difference between any two members over twice the mean, computed on the
    sorted figures: ``(2 Σ i·xᵢ) / (n Σ xᵢ) − (n + 1) / n`` with i from 1."""
    ordered = sorted(max(Decimal(value), ZERO) for value in values)
    total = sum(ordered, ZERO)
    if not ordered or not total:
        return None
    n = len(ordered)
    weighted = sum((index * value for index, value in enumerate(ordered, start=1)), ZERO)
    return (2 * weighted / (n * total) - Decimal(n + 1) / n).quantize(HUNDREDTH)


def spread(values: Iterable[Decimal]) -> Spread:
    figures = [Decimal(value) for value in values]
    if not figures:
        return Spread(count=0, lowest=ZERO, median=ZERO, highest=ZERO, gini=None)
    return Spread(
        count=len(figures),
        lowest=min(figures),
        median=median(figures),
        highest=max(figures),
        gini=gini(figures),
    )
