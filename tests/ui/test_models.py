"""Every item model passes Qt's QAbstractItemModelTester while it changes."""

from __future__ import annotations

from PySide6.QtTest import QAbstractItemModelTester

from aibri_desktop.domain.answers import Answer, AnswerState
from aibri_desktop.ui.models.compare_model import CompareTableModel
from aibri_desktop.ui.models.navigator_model import NavigatorModel
from helpers import reference

WARN = QAbstractItemModelTester.FailureReportingMode.Warning


def test_navigator_model(qtbot) -> None:
    model = NavigatorModel()
    tester = QAbstractItemModelTester(model, WARN)
    model.set_assessment(reference.framework(), frozenset(reference.modules()),
                         reference.answers())
    assert model.rowCount() == 4  # DS, TD, GA, MC (IE is off)
    model.update_answer(Answer("DS-03", AnswerState.ANSWERED, 2))
    model.set_assessment(reference.framework(), frozenset(), {})
    assert model.rowCount() == 3 and tester is not None


def test_compare_table_model(qtbot) -> None:
    model = CompareTableModel()
    tester = QAbstractItemModelTester(model, WARN)
    model.set_rows([["item", "a", "b", "change"], ["Overall", "10.0", "20.0", "+10"],
                    ["DS", "5.0", "1.0", "−4"]])
    assert model.rowCount() == 2 and model.columnCount() == 4
    model.set_rows([])
    assert model.rowCount() == 0 and tester is not None


def test_register_model(qtbot) -> None:
    from aibri_desktop.ui.dialogs.register_dialog import RegisterModel

    row = {"issued_at": "2026-11-28T10:00:00", "format": "pdf", "marking": "OFFICIAL",
           "recipient": "", "issued_by": "ana", "file_name": "/tmp/x.pdf", "sha256": "ab" * 32}
    model = RegisterModel([row, row])
    tester = QAbstractItemModelTester(model, WARN)
    assert model.rowCount() == 2 and model.columnCount() == 7 and tester is not None
