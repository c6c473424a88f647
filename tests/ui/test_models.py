"""Every item model passes Qt's QAbstractItemModelTester while it changes."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtTest import QAbstractItemModelTester

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.services import Services
from aibri_desktop.ui.models.compare_model import CompareTableModel
from aibri_desktop.ui.models.navigator_model import (
    MARK_ROLE,
    PROGRESS_ROLE,
    Mark,
    NavigatorModel,
)
from aibri_desktop.ui.models.open_assessment import OpenAssessment
from aibri_desktop.ui.ops import Operations
from aibri_desktop.ui.widgets.navigator_delegate import dimension_text
from helpers.services import create_reference_assessment

WARN = QAbstractItemModelTester.FailureReportingMode.Warning


def test_navigator_model(qtbot, services: Services) -> None:
    """The navigator follows the open assessment: opened, an answer saved, closed."""
    assessment = OpenAssessment(services, Operations())
    model = NavigatorModel(assessment)
    tester = QAbstractItemModelTester(model, WARN)
    assert assessment.open(create_reference_assessment(services))
    assert model.rowCount() == 4  # DS, TD, GA, MC (IE is off)
    ds = model.index(0, 0)
    before = ds.data()
    assert assessment.answer("DS-03", {"state": AnswerState.UNKNOWN}) is not None
    assert model.data(model.index_of("DS-03"), MARK_ROLE) is Mark.UNKNOWN
    assert model.index(0, 0).data() == before  # looked at either way: same progress
    # a narrow column elides the dimension's name, never its progress ("0/11" was cut)
    name, count = model.index(0, 0).data(PROGRESS_ROLE)
    assert before == f"{name}  {count}"
    metrics = QFontMetrics(QFont())
    for width in (60, 120, metrics.horizontalAdvance(before) + 4):
        shown = dimension_text(name, count, metrics, width)
        assert shown.endswith(f"  {count}"), (width, shown)
        assert metrics.horizontalAdvance(shown) <= max(width, metrics.horizontalAdvance(
            f"…  {count}")), (width, shown)
    assert dimension_text(name, count, metrics, metrics.horizontalAdvance(before) + 4) == before
    assessment.close()
    assert model.rowCount() == 0 and tester is not None


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


def test_work_that_ends_after_its_window_closed_prints_nothing(qtbot, capfd) -> None:
    """The start-up check can still run when the user closes the window: its result is
    dropped quietly, never a traceback in the terminal."""
    import threading

    from shiboken6 import delete

    release = threading.Event()
    ops = Operations()
    done: list[object] = []

    def work(progress):
        release.wait(5)
        progress(1, 1)
        return "finished"

    task = ops.start(work, on_done=done.append)
    delete(task.signals)  # what closing the window does to the task's signals
    release.set()
    assert ops.wait(5_000)
    qtbot.wait(20)
    assert done == []
    assert "Traceback" not in capfd.readouterr().err
