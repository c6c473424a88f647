"""The verdict: a band only as far as the open indicators allow (docs/scoring.md, "The
verdict"), what must be answered before it can settle, and the decision threshold.

Every possible answer to the open indicators lands inside ``[low, high]``, so the span of
bands from ``band(low)`` to ``band(high)`` (on the rounded values) is guaranteed. One band is a
settled verdict; more is an open one, worded as a bound: "at least Elevated, at most High".
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .bands import Band, band_name, round1
from .translate import Translate, untranslated

if TYPE_CHECKING:  # (scoring and the framework it reads are not needed for a stored verdict)
    from .scoring import OpenItem

SETTLED_WIDTH = Fraction(20)  # a band is 20 points wide: a narrower range can sit in one
_STEP = Decimal("0.1")


@dataclass(frozen=True)
class Verdict:
    bands: tuple[Band, ...]  # every band of the span, lowest first

    @property
    def settled(self) -> bool:
        return len(self.bands) == 1

    @property
    def lowest(self) -> Band:
        return self.bands[0]

    @property
    def highest(self) -> Band:
        return self.bands[-1]

    def to_json(self) -> dict[str, Any]:
        return {"settled": self.settled, "bands": [band.label for band in self.bands]}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Verdict | None:
        if data is None:
            return None
        by_label = {band.label: band for band in Band}
        return cls(tuple(by_label[label] for label in data["bands"]))

    def words(self, *, _: Translate = untranslated) -> str:
        """"High" when settled; "at least Elevated, at most High" when open."""
        if self.settled:
            return band_name(self.lowest.label, _=_)
        return _("at least {low}, at most {high}").format(
            low=band_name(self.lowest.label, _=_), high=band_name(self.highest.label, _=_))


def words_of(figures: dict[str, Any] | None, *, _: Translate = untranslated) -> str | None:
    """A summary figure's verdict in words ("High"; "at least Elevated, at most High"), read
    from its ``verdict`` JSON; None without one (no score, or the capacity dimension)."""
    verdict = Verdict.from_json(figures.get("verdict")) if figures else None
    return verdict.words(_=_) if verdict is not None else None


def verdict_of(low: Fraction | None, high: Fraction | None) -> Verdict | None:
    """The span of bands from band(low) to band(high), on the rounded values; None without
    a range (nothing applicable)."""
    if low is None or high is None:
        return None
    bands = list(Band)
    first, last = bands.index(Band.of(round1(low))), bands.index(Band.of(round1(high)))
    return Verdict(tuple(bands[first:last + 1]))


_LOWER_EDGES = tuple(float(band.lower) for band in list(Band)[1:])  # 20, 40, 60, 80


@lru_cache(maxsize=32)
def _span(first: int, last: int) -> Verdict:
    return Verdict(tuple(list(Band)[first:last + 1]))


def stored_verdict(low: float, high: float) -> Verdict:
    """The verdict of a stored range (values already rounded to one decimal, as the library
    rows keep them): how many band edges each end reaches, for 10,000 rows at a start."""
    return _span(bisect_right(_LOWER_EDGES, low), bisect_right(_LOWER_EDGES, high))


def by_share(items: Sequence[OpenItem]) -> list[OpenItem]:
    """Largest share first; equal shares in indicator order."""
    return sorted(items, key=lambda item: (-item.span, item.indicator_id))


def largest_remainder(values: Sequence[Fraction], target: Decimal) -> list[Decimal]:
    """Round ``values`` to one decimal so that the rounded ones add up to ``target`` (itself
    within 0.1 of their exact sum): each rounded down, then the missing tenths go to the
    largest remainders (ties: the larger value, then the earlier one)."""
    floors = [Decimal((value * 10).__floor__()) / 10 for value in values]
    steps = int((target - sum(floors, Decimal(0))) / _STEP)
    order = sorted(range(len(values)), key=lambda n: (
        -(values[n] - Fraction(floors[n])), -values[n], n))
    rounded = list(floors)
    for n in order[:max(0, min(steps, len(values)))]:
        rounded[n] += _STEP
    return [r.quantize(_STEP) for r in rounded]


def settle_by(items: Sequence[OpenItem], low: Fraction | None, high: Fraction | None
              ) -> list[tuple[OpenItem, Decimal]]:
    """Every open indicator with its share of the width in points, largest first, rounded so
    that the displayed shares add up to the displayed high − low."""
    if low is None or high is None or not items:
        return []
    ordered = by_share(items)
    target = round1(high) - round1(low)
    return list(zip(ordered, largest_remainder([i.span for i in ordered], target),
                    strict=True))


def must_answer(items: Sequence[OpenItem], low: Fraction | None, high: Fraction | None,
                verdict: Verdict | None = None) -> list[str]:
    """The fewest open indicators, largest share first, whose exact shares add up to more
    than (high − low) − 20: a settled band needs a width under 20 points, so the band cannot
    settle unless at least these are answered. It never promises that answering them will
    settle it. Empty when the verdict is settled or no single answer is needed."""
    verdict = verdict or verdict_of(low, high)
    if verdict is None or verdict.settled or low is None or high is None:
        return []
    needed = (high - low) - SETTLED_WIDTH
    chosen: list[str] = []
    total = Fraction(0)
    for item in by_share(items):
        if total > needed:
            break
        chosen.append(item.indicator_id)
        total += item.span
    return chosen if total > needed else []


def threshold_answer(low: Fraction | None, high: Fraction | None, threshold: Fraction
                     ) -> str | None:
    """"Is exposure at or above the threshold?" — "yes" if low ≥ t, "no" if high < t,
    otherwise "open" (on the rounded values a reader sees); None without a range."""
    if low is None or high is None:
        return None
    if round1(low) >= round1(threshold):
        return "yes"
    if round1(high) < round1(threshold):
        return "no"
    return "open"
