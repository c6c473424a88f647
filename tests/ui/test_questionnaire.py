"""The questionnaire as analysts use it: mouse, keyboard only, N/A reasons, autosave, undo."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.services import Services
from aibri_desktop.storage.models import AnswerHistoryRow
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.models.navigator_model import Mark
from aibri_desktop.ui.settings import AppSettings
from helpers import reference
from helpers.pipes import Lines
from helpers.services import create_reference_assessment
from helpers.ui import make_window

DRIVER = Path(__file__).resolve().parents[1] / "helpers" / "gui_driver.py"


def _new_assessment(window: MainWindow, services: Services) -> str:
    change = window.ops.run(lambda: services.assessments.create(
        country_code="KE", title="Nairobi review", as_of=date(2026, 6, 1)))
    assert change is not None
    window.open_assessment(change.assessment_id)
    return change.assessment_id


def _history_rows(services: Services, assessment_id: str) -> int:
    with services.database.session() as session:
        count = session.scalar(select(func.count()).select_from(AnswerHistoryRow).where(
            AnswerHistoryRow.assessment_id == assessment_id))
    assert count is not None
    return count


def test_answer_a_dimension_with_the_mouse(qtbot, window: MainWindow, services: Services) -> None:
    assessment_id = _new_assessment(window, services)
    page = window.questionnaire
    assert window.pages.currentWidget() is page
    assert page.record is not None
    ga = [i.id for i in page.record.framework.dimension("GA").indicators]
    for n, indicator_id in enumerate(ga):
        rect = page.navigator.visualRect(page.model.index_of(indicator_id))
        page.navigator.scrollTo(page.model.index_of(indicator_id))
        rect = page.navigator.visualRect(page.model.index_of(indicator_id))
        qtbot.mouseClick(page.navigator.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())
        assert page.current_indicator_id() == indicator_id
        qtbot.mouseClick(page.panel.level_buttons[n % 5], Qt.MouseButton.LeftButton)
        assert page.save_label.text().startswith("Saved at")
    record = services.assessments.load(assessment_id)
    assert {i: record.answers[i].level for i in ga} == {i: n % 5 for n, i in enumerate(ga)}
    assert page.model.data(page.model.index_of(ga[0]), Qt.ItemDataRole.UserRole + 2) is \
        Mark.ANSWERED
    assert _history_rows(services, assessment_id) == len(ga)
    ga_row = page.model.index(2, 0)
    assert ga_row.data().endswith(f"{len(ga)}/{len(ga)}")


def test_answer_a_dimension_by_keyboard_alone(qtbot, window: MainWindow,
                                              services: Services) -> None:
    assessment_id = _new_assessment(window, services)
    page = window.questionnaire
    focus = page.navigator
    focus.setFocus()
    qtbot.keyClick(focus, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert page.current_indicator_id() == "TD-01"
    assert page.record is not None
    td = [i.id for i in page.record.framework.dimension("TD").indicators]
    pattern = [(Qt.Key.Key_3, ("answered", 3)), (Qt.Key.Key_U, ("unknown", None)),
               (Qt.Key.Key_0, ("answered", 0)), (Qt.Key.Key_4, ("answered", 4)),
               (Qt.Key.Key_1, ("answered", 1)), (Qt.Key.Key_2, ("answered", 2))]
    steps = [pattern[n % len(pattern)] for n in range(len(td))]  # every TD indicator
    for key, _want in steps:
        qtbot.keyClick(focus, key)
        qtbot.keyClick(focus, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    record = services.assessments.load(assessment_id)
    got = [(record.answers[i].state.value, record.answers[i].level) for i in td]
    assert got == [want for _key, want in steps]
    assert page.current_indicator_id() == "GA-01"  # past the last TD indicator
    qtbot.keyClick(focus, Qt.Key.Key_PageUp, Qt.KeyboardModifier.AltModifier)
    assert page.current_indicator_id() == "TD-01"
    qtbot.keyClick(focus, Qt.Key.Key_PageUp, Qt.KeyboardModifier.AltModifier)
    assert page.current_indicator_id() == "DS-01"
    qtbot.keyClick(focus, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert page.current_indicator_id() == "DS-01"  # stays at the first indicator


def test_keyboard_focus_order_and_accessible_names(window: MainWindow, services: Services) -> None:
    _new_assessment(window, services)
    panel = window.questionnaire.panel
    assert panel.level_buttons[2].accessibleName().startswith("Level 2: ")
    for widget in (panel.unknown, panel.not_applicable, panel.na_reason, panel.confidence,
                   panel.evidence, panel.sources, panel.as_of):
        assert widget.accessibleName(), widget
    assert window.questionnaire.navigator.accessibleName() == "Dimensions and indicators"


def test_not_applicable_needs_a_reason(qtbot, window: MainWindow, services: Services) -> None:
    assessment_id = _new_assessment(window, services)
    page = window.questionnaire
    page.go_to("DS-05")
    qtbot.keyClick(page.navigator, Qt.Key.Key_N)
    assert page.panel.na_error.isVisible()
    assert "needs a reason" in page.save_label.text()
    assert "DS-05" not in services.assessments.load(assessment_id).answers
    qtbot.keyClicks(page.panel.na_reason, "No such registry systems exist.")
    qtbot.waitUntil(lambda: page.save_label.text().startswith("Saved"), timeout=3000)
    answer = services.assessments.load(assessment_id).answers["DS-05"]
    assert answer.state is AnswerState.NOT_APPLICABLE
    assert answer.na_reason == "No such registry systems exist."
    assert not page.panel.na_error.isVisible()


def test_evidence_saves_after_a_pause_and_on_leaving(qtbot, window: MainWindow,
                                                    services: Services) -> None:
    assessment_id = _new_assessment(window, services)
    page = window.questionnaire
    page.go_to("DS-02")
    qtbot.keyClicks(page.panel.evidence, "DPA decision 12/2025 <b>& partners</b>")
    assert page.save_label.text() == "Saving…"
    qtbot.waitUntil(lambda: page.save_label.text().startswith("Saved"), timeout=3000)
    assert services.assessments.load(assessment_id).answers["DS-02"].evidence == \
        "DPA decision 12/2025 <b>& partners</b>"
    page.go_to("DS-03")  # leaving the indicator commits at once
    qtbot.keyClicks(page.panel.evidence, "Gazette notice")
    page.go_to("DS-02")
    assert services.assessments.load(assessment_id).answers["DS-03"].evidence == \
        "Gazette notice"


def test_undo_and_redo_across_several_changes(qtbot, window: MainWindow,
                                              services: Services) -> None:
    assessment_id = _new_assessment(window, services)
    page = window.questionnaire
    nav = page.navigator
    page.go_to("DS-01")
    qtbot.keyClick(nav, Qt.Key.Key_2)
    qtbot.keyClick(nav, Qt.Key.Key_3)
    page.go_to("DS-02")
    qtbot.keyClick(nav, Qt.Key.Key_U)
    undo, redo = window.act("undo"), window.act("redo")
    assert undo.text() == "&Undo: DS-02 unanswered → unknown"
    undo.trigger()
    assert "DS-02" not in services.assessments.load(assessment_id).answers or \
        services.assessments.load(assessment_id).answers["DS-02"].state is AnswerState.UNANSWERED
    assert undo.text() == "&Undo: DS-01 level 2 → 3"
    undo.trigger()
    assert page.current_indicator_id() == "DS-01"  # undo shows what it changed
    assert services.assessments.load(assessment_id).answers["DS-01"].level == 2
    assert page.panel.level_buttons[2].isChecked()
    assert redo.text() == "&Redo: DS-01 level 2 → 3"
    redo.trigger()
    redo.trigger()
    answers = services.assessments.load(assessment_id).answers
    assert answers["DS-01"].level == 3 and answers["DS-02"].state is AnswerState.UNKNOWN
    assert _history_rows(services, assessment_id) == 3 + 4  # each undo and redo is saved


def test_everything_is_there_after_closing_and_reopening(qtbot, services: Services,
                                                         settings: AppSettings, messages,
                                                         tmp_path: Path) -> None:
    first = make_window(qtbot, services, settings)
    assessment_id = _new_assessment(first, services)
    page = first.questionnaire
    for indicator_id, key in (("DS-01", Qt.Key.Key_4), ("DS-02", Qt.Key.Key_1),
                              ("GA-03", Qt.Key.Key_U)):
        page.go_to(indicator_id)
        qtbot.keyClick(page.navigator, key)
    page.go_to("TD-04")
    qtbot.keyClicks(page.panel.evidence, "typed just before closing")
    first.close()  # pending text is committed on close
    services.close()

    reopened = Services.open(tmp_path / "ui.sqlite3")
    second = make_window(qtbot, reopened, AppSettings.at(tmp_path / "settings.ini"))
    second.open_assessment(assessment_id)
    answers = second.questionnaire.answers
    assert answers["DS-01"].level == 4 and answers["DS-02"].level == 1
    assert answers["GA-03"].state is AnswerState.UNKNOWN
    assert answers["TD-04"].evidence == "typed just before closing"
    assert _history_rows(reopened, assessment_id) == 4
    second.close()
    reopened.close()


def test_displayed_numbers_equal_the_reference_fixture(qtbot, window: MainWindow,
                                                       services: Services) -> None:
    assessment_id = create_reference_assessment(services)
    window.open_assessment(assessment_id)
    page = window.questionnaire
    want = reference.expected()
    strip = page.strip
    o = want["overall"]
    assert strip.overall_score.text() == f"score {o['score']}"
    assert strip.overall_band.accessibleName() == "Overall band: at least Elevated, at most High"
    assert o["verdict"]["bands"] == ["Elevated", "High"]
    # each part of the detail on one line: non-breaking spaces inside it
    assert f"range\u00a0{o['low']}–{o['high']}" in strip.overall_detail.text()
    assert f"coverage\u00a0{float(o['coverage']) * 100:.1f}\u00a0%" in \
        strip.overall_detail.text()
    for dim_id, first in (("DS", "DS-01"), ("TD", "TD-01"), ("GA", "GA-01"), ("MC", "MC-01")):
        page.go_to(first)
        d = want["dimensions"][dim_id]
        assert strip.dimension_score.text() == f"score {d['score']}", dim_id
        detail = strip.dimension_detail.text().replace("\u00a0", " ")
        assert f"range {d['low']}–{d['high']}" in detail, dim_id
        assert f"coverage {float(d['coverage']) * 100:.1f} %" in detail
        assert ("provisional" in strip.dimension_detail.text()) is d["provisional"], dim_id
        name = strip.dimension_name.text()
        words = (f"{name}: no band (a capacity)" if d["verdict"] is None else
                 f"{name} band: {d['verdict']['bands'][0]}" if d["verdict"]["settled"] else
                 f"{name} band: at least {d['verdict']['bands'][0]}, "
                 f"at most {d['verdict']['bands'][-1]}")
        assert strip.dimension_band.accessibleName() == words, dim_id
    # A change moves the strip at once: TD-03 (unanswered, weight 2) answered at level 0.
    page.go_to("TD-03")
    assert "weight\u00a02" in page.panel.header.text()  # never "weight" / "2" on two lines
    qtbot.keyClick(page.navigator, Qt.Key.Key_0)
    assert strip.dimension_score.text() == "score 54.2"  # 325 / 6
    assert "provisional" not in strip.dimension_detail.text()


def test_a_final_assessment_cannot_be_changed(qtbot, window: MainWindow,
                                              services: Services) -> None:
    assessment_id = create_reference_assessment(services)
    services.assessments.mark_final(assessment_ids=[assessment_id])
    window.open_assessment(assessment_id)
    page = window.questionnaire
    assert "final and its answers are locked" in page.panel.locked_label.text()
    assert not page.panel.level_buttons[0].isEnabled()
    page.go_to("DS-02")
    qtbot.keyClick(page.navigator, Qt.Key.Key_0)
    assert services.assessments.load(assessment_id).answers["DS-02"].level == 2


def test_carried_over_answers_are_marked_and_reviewed(qtbot, window: MainWindow,
                                                     services: Services) -> None:
    original = create_reference_assessment(services)
    follow_up = services.assessments.duplicate_as_follow_up(assessment_id=original, who="t")
    window.open_assessment(follow_up.assessment_id)
    page = window.questionnaire
    page.go_to("DS-01")
    assert page.panel.carried_bar.isVisible()
    assert page.model.data(page.model.index_of("DS-01"), Qt.ItemDataRole.UserRole + 2) is \
        Mark.CARRIED_OVER
    qtbot.keyClick(page.navigator, Qt.Key.Key_R)
    assert not page.panel.carried_bar.isVisible()
    assert not services.assessments.load(follow_up.assessment_id).answers["DS-01"].carried_over
    assert window.act("undo").text() == "&Undo: DS-01 reviewed"


@pytest.mark.slow
def test_killed_right_after_saved_loses_nothing(tmp_path: Path) -> None:
    services = Services.open(tmp_path / "crash.sqlite3")
    assessment_id = services.assessments.create(country_code="KE", title="Crash test",
                                                as_of=date(2026, 1, 1)).assessment_id
    services.close()
    rng = random.Random(7)
    reported: dict[str, int] = {}
    for _run in range(3):
        with subprocess.Popen(
                [sys.executable, str(DRIVER), str(tmp_path / "crash.sqlite3"), assessment_id],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env={**os.environ, "XDG_RUNTIME_DIR": str(tmp_path)}) as process:
            assert process.stdout is not None
            lines = Lines(process.stdout)  # each line awaited for a bounded time
            wanted = rng.randint(3, 12)
            seen = 0
            while seen < wanted:
                line = lines.next(180 if seen == 0 else 60, "saved edit from the window")
                assert line, "the driver stopped before saving"
                _, indicator, level = line.split()
                reported[indicator] = int(level)
                seen += 1
            process.send_signal(signal.SIGKILL)  # right after "Saved" was shown
            process.wait(timeout=30)
            lines.close()
    con = sqlite3.connect(tmp_path / "crash.sqlite3")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    stored = dict(con.execute("SELECT indicator_id, level FROM answers WHERE assessment_id = ?",
                              (assessment_id,)).fetchall())
    con.close()
    assert {k: stored.get(k) for k in reported} == reported
    assert json.dumps(reported)  # the figures for the record


def test_undo_never_reverts_a_change_made_elsewhere(qtbot, window: MainWindow,
                                                    services: Services, messages) -> None:
    """The window sets DS-01 to 2; the command line then sets it to 4. Undo in the window
    would have put back "unanswered" over the command line's answer: it says the answer was
    changed elsewhere, changes nothing, and leaves the stack; undo of an untouched answer still
    works."""
    assessment_id = _new_assessment(window, services)
    page = window.questionnaire
    page.go_to("DS-02")
    qtbot.keyClick(page.navigator, Qt.Key.Key_1)
    page.go_to("DS-01")
    qtbot.keyClick(page.navigator, Qt.Key.Key_2)
    assert services.assessments.load(assessment_id).answers["DS-01"].level == 2
    assert services.database.path is not None
    other = Services.open(services.database.path)  # another writer on the same file
    other.assessments.answer(assessment_id=assessment_id, indicator_id="DS-01", who="cli",
                             level=4, evidence="set from the command line")
    other.close()
    before = _history_rows(services, assessment_id)
    window.act("undo").trigger()
    answer = services.assessments.load(assessment_id).answers["DS-01"]
    assert answer.level == 4 and answer.evidence == "set from the command line"
    assert _history_rows(services, assessment_id) == before
    errors = [text for kind, text in messages if kind == "error"]
    assert errors and "DS-01 was changed elsewhere since by cli" in errors[-1]
    assert window.act("undo").text() == "&Undo: DS-02 unanswered → level 1"
    window.act("undo").trigger()  # DS-02 was not touched elsewhere: its undo goes through
    assert "DS-02" not in services.assessments.load(assessment_id).answers or \
        services.assessments.load(assessment_id).answers["DS-02"].level is None


def test_window_edits_beside_a_command_line_writer_all_save(qtbot, window: MainWindow,
                                                            services: Services,
                                                            messages) -> None:
    """150 level keys in the window while `aibri answer` runs in a loop on another indicator
    of the same assessment: every edit saves, none shows an error (before write units began
    IMMEDIATE, 30 of 150 showed a modal "unexpected error")."""
    assessment_id = _new_assessment(window, services)
    assert services.database.path is not None
    loop = ("import contextlib, io, sys\n"
            "from aibri_desktop.cli import run\n"
            "failed = 0\n"
            "for n in range(150):\n"
            "    with contextlib.redirect_stderr(io.StringIO()), "
            "contextlib.redirect_stdout(io.StringIO()):\n"
            f"        failed += run(['--db', {str(services.database.path)!r}, 'answer', "
            f"{assessment_id!r}, 'TD-01', '--level', str(n % 5)]) != 0\n"
            "print(failed)\n")
    writer = subprocess.Popen([sys.executable, "-c", loop], stdout=subprocess.PIPE, text=True)
    page = window.questionnaire
    page.go_to("DS-01")
    keys = [Qt.Key.Key_0, Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4]
    saved = 0
    for n in range(150):
        qtbot.keyClick(page.navigator, keys[n % 5])
        saved += page.save_label.text().startswith("Saved")
    out, _ = writer.communicate(timeout=300)
    assert out.strip() == "0", "the command line lost writes"
    assert saved == 150 and [m for m in messages if m[0] == "error"] == []
    record = services.assessments.load(assessment_id)
    assert record.answers["DS-01"].level == 149 % 5 and record.answers["TD-01"].level == 149 % 5


def test_sources_are_added_edited_and_removed_with_their_fields_and_undone(
        qtbot, window: MainWindow, services: Services, monkeypatch) -> None:
    from dataclasses import replace

    from aibri_desktop.domain.answer_sources import read_sources
    from aibri_desktop.ui.dialogs.source_dialog import SourceDialog

    assessment_id = _new_assessment(window, services)
    page = window.questionnaire
    page.go_to("DS-02")
    qtbot.keyClick(page.navigator, Qt.Key.Key_2)
    editor = page.panel.sources
    assert not editor.edit_button.isEnabled() and not editor.remove_button.isEnabled()

    # the dialog says what is wrong and stays open until the source can be cited
    dialog = SourceDialog(None, window)
    qtbot.addWidget(dialog)
    dialog.publisher.setText("Official Gazette")
    dialog.title_edit.setText("Data Protection Act")
    dialog.date.setText("last year")
    dialog.try_accept()
    assert not dialog.error.isHidden() and "a year, a month or a day" in dialog.error.text()
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.date.setText("2019-11")
    dialog.address.setText("https://example.org/dpa")
    dialog.today.click()
    dialog.try_accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    monkeypatch.setattr(SourceDialog, "ask", classmethod(lambda cls, s, p: dialog.source))
    editor.add_button.click()  # saved at once: a list change is a finished edit

    stored = read_sources(services.assessments.load(assessment_id).answers["DS-02"].sources)
    assert [(s.publisher, s.title, s.date, s.url) for s in stored] == [
        ("Official Gazette", "Data Protection Act", "2019-11", "https://example.org/dpa")]
    assert stored[0].accessed is not None and len(stored[0].accessed) == 10
    assert editor.list.item(0).text().startswith("Official Gazette, Data Protection Act (2019-11)")

    assert dialog.source is not None
    edited = replace(dialog.source, note="section 25")
    monkeypatch.setattr(SourceDialog, "ask", classmethod(lambda cls, s, p: edited))
    editor.list.setCurrentRow(0)
    editor.edit_button.click()
    assert read_sources(services.assessments.load(assessment_id).answers["DS-02"]
                        .sources)[0].note == "section 25"
    editor.list.setCurrentRow(0)
    qtbot.keyClick(editor.list, Qt.Key.Key_Delete)
    assert services.assessments.load(assessment_id).answers["DS-02"].sources == ""
    assert editor.list.count() == 0
    window.act("undo").trigger()  # the removal comes back
    assert read_sources(services.assessments.load(assessment_id).answers["DS-02"]
                        .sources)[0].note == "section 25"
    assert editor.list.count() == 1


def test_sources_typed_before_they_had_fields_show_as_titles_and_stay_untouched(
        qtbot, window: MainWindow, services: Services) -> None:
    assessment_id = _new_assessment(window, services)
    window.ops.run(lambda: services.assessments.answer(
        assessment_id=assessment_id, indicator_id="DS-03", who="t", state="answered", level=1,
        sources="Ministry annual report 2024\nhttps://example.org/x"))
    page = window.questionnaire
    page.go_to("DS-03")
    editor = page.panel.sources
    assert [editor.list.item(i).text() for i in range(editor.list.count())] == [
        "Ministry annual report 2024", "https://example.org/x"]
    page.go_to("DS-04")
    page.go_to("DS-03")
    assert services.assessments.load(assessment_id).answers["DS-03"].sources == \
        "Ministry annual report 2024\nhttps://example.org/x"
