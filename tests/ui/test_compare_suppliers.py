"""The compare page lays one country's assessments against two supplier states side by side
(the supplier profile view), and says why it is not offered for one supplier state."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.services import Services
from aibri_desktop.ui.pages.compare_page import ComparePage


def _create(services: Services, supplier: str, levels: dict[str, int], as_of: date) -> str:
    framework = next(f for f in services.frameworks.bundled if f.version == "2.0.0")
    change = services.assessments.create(
        country_code="KE", title=f"Kenya {supplier}", as_of=as_of, framework=framework,
        supplier=services.suppliers.get(supplier), perspective="outside")
    for indicator, level in levels.items():
        services.assessments.answer(assessment_id=change.assessment_id, indicator_id=indicator,
                                    who="t", state=AnswerState.ANSWERED, level=level)
    return change.assessment_id


def _header(page: ComparePage) -> list[str]:
    model = page.table_model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def _first_column(page: ComparePage) -> list[str]:
    model = page.table_model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_one_country_against_two_suppliers_is_its_supplier_profile(
        qtbot, services: Services) -> None:
    levels = {"DS-04": 2, "TD-01": 3, "TD-09": 0}
    ids = [_create(services, "CN", levels, date(2026, 1, 1)),
           _create(services, "US", {**levels, "TD-09": 4}, date(2026, 2, 1))]
    page = ComparePage(services)
    qtbot.addWidget(page)
    page.set_ids(ids)
    assert page.supplier_view.text().startswith("Supplier profile, side by side on the 35 "
                                                "supplier-symmetric items")
    assert not page.supplier_view.isHidden()
    assert "No change is computed between supplier states" in page.supplier_note.text()
    assert page.changes_panel.isHidden() and page.change_texts() == []  # no "what changed"
    assert page.trend.isHidden()
    assert _header(page) == ["item",
                             "Kenya, 2026-01-01\nexposure to the People's Republic of China",
                             "Kenya, 2026-02-01\nexposure to the United States"]
    names = _first_column(page)
    assert "DS-04 Supplier-hosted government workloads" in names
    assert not any(name.startswith("TD-09") for name in names)
    chosen = [page.chosen.item(i).text() for i in range(page.chosen.count())]
    assert "exposure to the United States  —  on the supplier-symmetric items:" in chosen[1]
    assert "(on the supplier-symmetric items)" in page.radar.title


def test_the_page_says_why_the_supplier_profile_is_not_offered(
        qtbot, services: Services) -> None:
    ids = [_create(services, "US", {"DS-04": 1}, date(2025, 1, 1)),
           _create(services, "US", {"DS-04": 3}, date(2026, 1, 1))]
    page = ComparePage(services)
    qtbot.addWidget(page)
    page.set_ids(ids)
    assert page.supplier_view.isHidden()
    assert page.supplier_note.text().startswith("Supplier profile view not offered")
    assert "these all measure exposure to the United States" in page.supplier_note.text()
    assert not page.changes_panel.isHidden()
    assert _header(page)[-1] == "change (last − first)"
    assert page.change_texts()[0].startswith("+50.0  DS-04 Supplier-hosted government "
                                             "workloads  answer changed")
