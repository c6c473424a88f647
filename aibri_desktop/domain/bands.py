"""Rounding and bands: round half up to one decimal once, then take the band from that value."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from fractions import Fraction

from .translate import Translate, untranslated


class Band(Enum):
    LOW = ("low", "Low", Decimal(0))
    GUARDED = ("guarded", "Guarded", Decimal(20))
    ELEVATED = ("elevated", "Elevated", Decimal(40))
    HIGH = ("high", "High", Decimal(60))
    SEVERE = ("severe", "Severe", Decimal(80))

    def __init__(self, key: str, label: str, lower: Decimal) -> None:
        self.key = key
        self.label = label
        self.lower = lower

    @classmethod
    def of(cls, rounded: Decimal) -> Band:
        """The band of a value already rounded to one decimal."""
        for band in _DESCENDING:
            if rounded >= band.lower:
                return band
        return cls.LOW

    @classmethod
    def from_key(cls, key: str) -> Band:
        for band in cls:
            if band.key == key:
                return band
        raise KeyError(key)


# the bands from the highest down, listed once: the enum's own iteration cost 75 µs a call,
# and a comparison of ten assessments asks for some 2,000 bands
_DESCENDING = tuple(reversed(tuple(Band)))


def round1(value: Fraction) -> Decimal:
    """Round half up to one decimal, exactly (no binary floating point on the way)."""
    return round_to(value, 1)


def round_to(value: Fraction, places: int) -> Decimal:
    """Round half away from zero to ``places`` decimals, on the exact fraction."""
    quantum = Decimal(1).scaleb(-places)
    factor = 10**places
    # floor(|value| × factor + 1/2) on integers: n/d × f + 1/2 = (2·n·f + d) / (2·d)
    numerator, denominator = value.numerator * factor, value.denominator
    if numerator >= 0:
        whole = (2 * numerator + denominator) // (2 * denominator)
    else:
        whole = -((-2 * numerator + denominator) // (2 * denominator))
    return (Decimal(whole) / Decimal(factor)).quantize(quantum, rounding=ROUND_HALF_UP)


def band_of(value: Fraction) -> Band:
    return Band.of(round1(value))


def band_name(label: str | None, *, _: Translate = untranslated) -> str:
    """A band's stored (English) label in the caller's language (see :mod:`.translate`);
    "No score" for none, an unknown label as it is."""
    names = {Band.LOW.label: _("Low"), Band.GUARDED.label: _("Guarded"),
             Band.ELEVATED.label: _("Elevated"), Band.HIGH.label: _("High"),
             Band.SEVERE.label: _("Severe")}
    if label is None:
        return _("No score")
    return names.get(label, label)
