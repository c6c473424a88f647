"""End to end: a real country with no answers, the dataset approved, every suggestion accepted
one by one: what public data alone does to coverage and the verdict (three regions)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from helpers.services import open_services


@pytest.mark.parametrize(("country", "accepted", "coverage"), [
    ("KE", ["DS-01", "GA-03", "GA-05", "GA-06"], 4.5),  # Africa
    ("BR", ["DS-01", "GA-01", "GA-02", "GA-03", "GA-05", "GA-06"], 7.8),  # Latin America
    ("ID", ["DS-01", "GA-03", "GA-05", "GA-06"], 4.8),  # Asia
])
def test_public_data_alone_narrows_the_range_a_little_and_never_settles_it(
        tmp_path: Path, country: str, accepted: list[str], coverage: float) -> None:
    services = open_services(tmp_path)
    try:
        made = services.assessments.create(country_code=country, title="From public data",
                                           as_of=date(2026, 11, 1)).assessment_id
        before = services.assessments.load(made).score.overall
        assert before.coverage == 0 and before.low is not None and before.high is not None
        services.reference.approve("Approver")
        offered = [o.suggestion.indicator for o in services.reference.offered(made)]
        assert offered == accepted
        for indicator in offered:  # one by one: there is no "accept all"
            services.reference.accept(made, [indicator], "analyst")
        after = services.assessments.load(made).score.overall
        assert after.coverage is not None and after.low is not None and after.high is not None
        assert round(float(after.coverage) * 100, 1) == coverage
        assert after.high - after.low < before.high - before.low
        assert after.high - after.low > 90  # public data cannot close the range
        assert {o.status for o in services.reference.offered(made)} == {"accepted"}
    finally:
        services.close()
