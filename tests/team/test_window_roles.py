"""The window on a shared server mirrors the connected role: what the role may not do is
disabled with the reason in its tip, a reader's questionnaire and judgement are read-only, an
analyst answers (recorded as the login) but cannot sign, a reviewer signs as the login, and
the status bar always says as whom the user acts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.services import Services
from aibri_desktop.ui.dialogs.details_dialog import DetailsDialog
from aibri_desktop.ui.dialogs.messages import Messages
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.navigation import PageId
from aibri_desktop.ui.settings import AppSettings
from helpers.services import create_reference_assessment
from helpers.ui import make_window
from team.conftest import as_login

Seen = list[tuple[str, str]]
# the window, as the given login ("" for the library's owner), with the library's assessment
Opener = Callable[[str], tuple[MainWindow, Services]]


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> Seen:
    """Message boxes never block: confirmations say yes, the rest is recorded."""
    seen: Seen = []

    def record(kind: str, answer: bool | None = None) -> classmethod[Messages, ..., object]:
        def shown(_cls: type[Messages], _parent: object, _title: str, text: str,
                  **_kw: object) -> bool | None:
            seen.append((kind, text))
            return answer
        return classmethod(shown)

    monkeypatch.setattr(Messages, "confirm", record("confirm", True))
    monkeypatch.setattr(Messages, "error", record("error"))
    monkeypatch.setattr(Messages, "info", record("info"))
    return seen


@pytest.fixture
def library(team_url: str) -> tuple[str, str]:
    """The team's library with one answered draft, made by its owner."""
    owner = Services.open(team_url)
    try:
        return team_url, create_reference_assessment(owner)
    finally:
        owner.close()


@pytest.fixture
def open_as(qtbot: QtBot, library: tuple[str, str], tmp_path: Path,
            messages: Seen) -> Iterator[Opener]:
    url, _ = library
    opened: list[tuple[MainWindow, Services]] = []

    def open_window(login: str) -> tuple[MainWindow, Services]:
        services = Services.open(as_login(url, login) if login else url)
        window = make_window(qtbot, services, AppSettings.at(tmp_path / f"{login}.ini"))
        opened.append((window, services))
        return window, services

    yield open_window
    for window, services in opened:
        window.close()
        services.close()


def _choose(window: MainWindow, assessment_id: str) -> None:
    window.library.select_ids([assessment_id])
    assert window.library.selected_ids() == [assessment_id]


def _disabled_with_reason(window: MainWindow, name: str, needs: str) -> None:
    action = window.act(name)
    assert not action.isEnabled(), name
    for tip in (action.toolTip(), action.statusTip()):
        assert tip.startswith(f"You are connected as {window.services.database.user} ("), tip
        assert f"needs the {needs} role on this server" in tip


def _other_level(services: Services, assessment_id: str, indicator_id: str) -> int:
    answer = services.assessments.load(assessment_id).answers.get(indicator_id)
    return 1 if answer is None or answer.level != 1 else 2


def test_a_reader_reads_and_is_told_why_nothing_else(
        open_as: Opener, library: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, assessment_id = library
    window, services = open_as("t_reader")
    assert window.connected_as.isVisible()
    assert window.connected_as.text() == "Shared server: t_reader (reader)"
    _choose(window, assessment_id)
    _disabled_with_reason(window, "new", "analyst")
    _disabled_with_reason(window, "delete", "analyst")
    _disabled_with_reason(window, "duplicate", "analyst")
    _disabled_with_reason(window, "final", "reviewer")
    _disabled_with_reason(window, "purge", "owner")
    for name in ("open", "export_aibri", "export_csv", "export_briefs", "details"):
        assert window.act(name).isEnabled(), name
    assert window.act("open").toolTip() == "Open the selected assessment"  # its own tip

    window.open_assessment(assessment_id)
    page = window.questionnaire
    indicator_id = page.current_indicator_id()
    assert indicator_id is not None
    before = services.assessments.load(assessment_id).answers.get(indicator_id)
    reason = page.panel.locked_label.text()
    assert reason.startswith("You are connected as t_reader (reader)")
    assert "changing assessments needs the analyst role" in reason
    assert page.panel.locked_label.isVisibleTo(page.panel)
    assert not any(b.isEnabled() for b in page.panel.choices.buttons())
    page.choose(AnswerState.ANSWERED, _other_level(services, assessment_id, indicator_id))
    assert services.assessments.load(assessment_id).answers.get(indicator_id) == before

    window.show_page(PageId.RESULTS)  # the results: the judgement is read-only, with the reason
    judgement = window.results.judgement
    assert not judgement.comment.isEnabled()
    assert judgement.saved_label.text() == reason

    shown: list[DetailsDialog] = []  # Details… opens read-only rather than disabled

    def exec_(dialog: DetailsDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(DetailsDialog, "exec", exec_)
    window.edit_details()
    assert len(shown) == 1
    dialog = shown[0]
    assert dialog.lock.text() == reason and not dialog.lock.isHidden()
    assert not dialog.title_edit.isEnabled()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Save) is None


def test_an_analyst_answers_as_the_login_but_cannot_sign(
        open_as: Opener, library: tuple[str, str]) -> None:
    _, assessment_id = library
    window, services = open_as("t_analyst")
    assert window.connected_as.text() == "Shared server: t_analyst (analyst)"
    _choose(window, assessment_id)
    _disabled_with_reason(window, "final", "reviewer")
    _disabled_with_reason(window, "archive", "reviewer")
    for name in ("new", "duplicate", "delete", "details"):
        assert window.act(name).isEnabled(), name
    assert window.act("new").toolTip() == "Start a new assessment"

    window.open_assessment(assessment_id)
    page = window.questionnaire
    indicator_id = page.current_indicator_id()
    assert indicator_id is not None
    assert page.panel.locked_label.isHidden()
    level = _other_level(services, assessment_id, indicator_id)
    page.choose(AnswerState.ANSWERED, level)
    stored = services.assessments.load(assessment_id).answers[indicator_id]
    assert stored.level == level
    with services.database.session() as session:
        author = session.execute(text(
            "SELECT changed_by FROM answer_history WHERE assessment_id = :a AND "
            "indicator_id = :i ORDER BY id DESC LIMIT 1"),
            {"a": assessment_id, "i": indicator_id}).scalar()
    assert author == "t_analyst"
    window.show_page(PageId.RESULTS)  # the judgement is the analyst's; a rescore is not
    assert window.results.judgement.comment.isEnabled()
    rescore = window.results.rescore_button
    assert not rescore.isEnabled()
    assert "marking final, archiving and rescoring needs the reviewer role" in rescore.toolTip()


def test_a_reviewer_signs_as_the_login(open_as: Opener, library: tuple[str, str],
                                       messages: Seen) -> None:
    _, assessment_id = library
    window, services = open_as("t_reviewer")
    assert window.connected_as.text() == "Shared server: t_reviewer (reviewer)"
    _choose(window, assessment_id)
    final = window.act("final")
    assert final.isEnabled()
    assert final.toolTip() == "Lock the answers of the selected assessments"
    _disabled_with_reason(window, "purge", "owner")
    final.trigger()
    assert any(kind == "confirm" and "signed off by t_reviewer, the login connected to the "
               "server" in words for kind, words in messages)
    record = services.assessments.load(assessment_id)
    assert (record.status, record.reviewed_by) == ("final", "t_reviewer")


def test_the_owner_may_do_everything_and_a_file_says_nothing_of_a_server(
        open_as: Opener, library: tuple[str, str], qtbot: QtBot, tmp_path: Path) -> None:
    _, assessment_id = library
    window, _services = open_as("")
    assert window.connected_as.text().endswith("(owner)")
    _choose(window, assessment_id)
    for name in ("new", "delete", "final", "archive", "details"):
        assert window.act(name).isEnabled(), name
    laptop = Services.open(tmp_path / "laptop.sqlite3")
    try:
        single = make_window(qtbot, laptop, AppSettings.at(tmp_path / "laptop.ini"))
        assert single.connected_as.isHidden() and not single.connected_as.text()
        single.close()
    finally:
        laptop.close()


def test_an_answer_saved_by_another_analyst_appears_in_the_open_window(
        open_as: Opener, library: tuple[str, str], qtbot: QtBot) -> None:
    """Changes appear: the analyst's window shows a colleague's answer within a few seconds,
    named by the colleague's login, and keeps the analyst's place."""
    _, assessment_id = library
    window, services = open_as("t_analyst")
    window.open_assessment(assessment_id)
    page = window.questionnaire
    record = services.assessments.load(assessment_id)
    place = [i.id for d in record.framework.enabled_dimensions(record.modules)
             for i in d.indicators][-1]  # the user's place: another dimension's indicator
    page.go_to(place)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    _, colleague = open_as("t_reviewer")
    level = _other_level(colleague, assessment_id, "DS-01")
    colleague.assessments.answer(assessment_id=assessment_id, indicator_id="DS-01",
                                 who="typed", level=level)
    qtbot.waitUntil(lambda: window.open is not None
                    and window.open.answers["DS-01"].level == level, timeout=5000)
    assert any("Changed elsewhere: DS-01" in text for text in said), said
    assert page.current_indicator_id() == place
    with services.database.session() as session:
        last = session.execute(text(
            "SELECT changed_by FROM answer_history WHERE indicator_id = 'DS-01' "
            "ORDER BY id DESC LIMIT 1")).scalar()
    assert last == "t_reviewer"
