"""Framework 2.0 in assessments: the supplier state as a parameter, the perspective, and a
1.1.0 assessment carried to 2.0 as a follow-up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.domain.suppliers import framework_texts
from aibri_desktop.services import Services
from aibri_desktop.services.errors import InvalidInputError
from aibri_desktop.storage.models import Assessment, SupplierProfileRecord
from helpers.services import open_services


@pytest.fixture
def services(tmp_path: Path):
    opened = open_services(tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def v2(services: Services):
    return next(f for f in services.frameworks.bundled if f.version == "2.0.0")


def _v1(services: Services):
    return next(f for f in services.frameworks.bundled if f.version == "1.1.0")


def test_an_assessment_reads_its_framework_for_its_supplier(services: Services, v2) -> None:
    us = services.suppliers.get("USA")
    made = services.assessments.create(country_code="KEN", title="Kenya and the US",
                                       as_of=date(2026, 6, 1), framework=v2, supplier=us,
                                       perspective="outside")
    record = services.assessments.load(made.assessment_id)
    assert record.country.code == "KE"  # alpha-3 accepted
    assert record.supplier is not None
    assert (record.supplier.id, record.perspective) == ("US", "outside")
    texts = [text.get() for _path, text in framework_texts(record.framework)]
    assert not [t for t in texts if "{supplier" in t]  # nothing unfilled reaches a user
    assert any("GPS" in t for t in texts) and not any("BeiDou" in t for t in texts)
    with services.database.session() as session:
        row = session.get(Assessment, made.assessment_id)
        assert row is not None
        assert (row.supplier_id, row.supplier_version, row.supplier_hash) == (
            "US", us.version, us.content_hash)
        stored = session.get(SupplierProfileRecord, us.content_hash)
        assert stored is not None and stored.supplier_id == "US"

    default = services.assessments.create(country_code="KE", title="Kenya", framework=v2,
                                          as_of=date(2026, 6, 1))
    chosen = services.assessments.load(default.assessment_id).supplier
    assert chosen is not None and chosen.id == "CN"


def test_a_version_1_framework_takes_no_other_supplier(services: Services) -> None:
    with pytest.raises(InvalidInputError, match="written for the PRC only"):
        services.assessments.create(country_code="KE", title="x", as_of=date(2026, 1, 1),
                                    framework=_v1(services),
                                    supplier=services.suppliers.get("US"))
    with pytest.raises(InvalidInputError, match="not a perspective"):
        services.assessments.create(country_code="KE", title="x", as_of=date(2026, 1, 1),
                                    perspective="sideways")
    with services.database.session() as session:
        assert session.scalars(select(Assessment)).all() == []  # nothing half-made


def test_a_follow_up_on_2_0_carries_unchanged_items_and_shows_changed_ones(
        services: Services, v2) -> None:
    old = services.assessments.create(country_code="KE", title="Kenya 2025",
                                      as_of=date(2025, 6, 1), framework=_v1(services),
                                      perspective="inside").assessment_id
    for indicator, level in (("DS-04", 2), ("DS-01", 1), ("GA-06", 3)):
        services.assessments.answer(assessment_id=old, indicator_id=indicator, who="t",
                                    state="answered", level=level, confidence="medium")
    assert v2.indicator("DS-04").previous.unchanged
    assert not v2.indicator("DS-01").previous.unchanged
    made = services.assessments.duplicate_as_follow_up(assessment_id=old, who="t",
                                                        framework=v2)
    record = services.assessments.load(made.assessment_id)
    assert record.supplier is not None and made.payload is not None
    assert record.framework.version == "2.0.0" and record.supplier.id == "CN"
    assert record.perspective == "inside" and made.payload.carried_over == 1
    carried = record.answers["DS-04"]
    assert (carried.state, carried.level, carried.carried_over) == (
        AnswerState.ANSWERED, 2, True)
    assert "DS-01" not in record.answers and "GA-06" not in record.answers
    earlier = services.assessments.earlier_answers(made.assessment_id)
    assert earlier["DS-01"][0] == "DS-01" and earlier["DS-01"][1].level == 1
    assert earlier["GA-06"][1].level == 3 and "DS-04" not in earlier
    # DS-11 is the new half of 1.1.0's DS-01 (law and enforcement were asked at once): the
    # earlier DS-01 answer is shown beside it too, marked as a split
    assert earlier["DS-11"] == ("DS-01", earlier["DS-01"][1], True)
    assert earlier["DS-01"][2] is False
    assert "TD-12" not in earlier  # split from TD-10, which was not answered
    with pytest.raises(InvalidInputError, match="cannot go back"):
        services.assessments.duplicate_as_follow_up(
            assessment_id=made.assessment_id, who="t", framework=_v1(services))


def test_the_supplier_and_perspective_travel_in_an_exchange_file(
        services: Services, v2, tmp_path: Path) -> None:
    us = services.suppliers.get("US")
    made = services.assessments.create(country_code="KE", title="Kenya and the US",
                                       as_of=date(2026, 6, 1), framework=v2, supplier=us,
                                       perspective="outside")
    services.assessments.answer(assessment_id=made.assessment_id, indicator_id="DS-04",
                                who="t", state="answered", level=3, confidence="high")
    target = tmp_path / "kenya.aibri"
    services.exchange.export([made.assessment_id], target)
    other = open_services(tmp_path / "elsewhere")
    try:
        other.exchange.import_file(target)
        record = other.assessments.load(made.assessment_id)
        assert record.supplier is not None and record.supplier.content_hash == us.content_hash
        assert record.perspective == "outside"
        assert "US-headquartered" in record.framework.indicator("DS-04").question.get()
        assert other.safety.check().ok  # the imported rows verify with the new fields
    finally:
        other.close()
