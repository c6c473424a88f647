from decimal import Decimal
from fractions import Fraction

import pytest

from aibri_desktop.domain.bands import Band, band_of, round1


@pytest.mark.parametrize(
    ("value", "rounded", "band"),
    [
        (Fraction(0), "0.0", Band.LOW),
        (Fraction(1999, 100), "20.0", Band.GUARDED),  # rounds up into the next band
        (Fraction(1994, 100), "19.9", Band.LOW),
        (Fraction(8125, 100), "81.3", Band.SEVERE),  # half up, not half to even
        (Fraction(3995, 100), "40.0", Band.ELEVATED),
        (Fraction(5999, 100), "60.0", Band.HIGH),
        (Fraction(7995, 100), "80.0", Band.SEVERE),
        (Fraction(100), "100.0", Band.SEVERE),
        (Fraction(1, 3) * 100, "33.3", Band.GUARDED),
    ],
)
def test_round_half_up_then_band(value: Fraction, rounded: str, band: Band) -> None:
    assert round1(value) == Decimal(rounded)
    assert band_of(value) is band


def test_negative_deltas_round_away_from_zero() -> None:
    assert round1(Fraction(-25, 100)) == Decimal("-0.3")
