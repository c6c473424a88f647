"""The keyboard alone: Tab and Shift+Tab go round every page and dialog, reach every control
and never get stuck (users found the questionnaire's "As of" field kept the focus when its
date was "Not set")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import pairwise

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget

from aibri_desktop.services import Services
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.smoke import Session
from helpers.keyboard import (
    SURFACES,
    Opener,
    Stop,
    activate,
    describe,
    links,
    press_tab,
    sample_session,
    stop_units,
    surfaces,
    walk,
    widget_cycle,
)
from helpers.services import create_reference_assessment

MARGIN = 5  # presses allowed beyond one per stop before "does not come back round" fails


@pytest.fixture(scope="module")
def session(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    yield from sample_session(tmp_path_factory)


@pytest.fixture(scope="module")
def openers(session: Session) -> dict[str, Opener]:
    return surfaces(session)


def test_every_surface_is_listed(openers: dict[str, Opener]) -> None:
    assert sorted(openers) == sorted(SURFACES), "a page or dialog the keyboard tests skip"


@pytest.mark.parametrize("name", SURFACES)
def test_tab_goes_round_every_control_and_shift_tab_back(qtbot, session: Session,
                                                         openers: dict[str, Opener],
                                                         name: str) -> None:
    top = openers[name]()
    session.settle()
    try:
        problems = check_tab_cycle(qtbot, top)
    finally:
        if top is not session.window:
            top.close()
    assert not problems, f"On “{name}” ({describe(top)}):\n" + "\n".join(problems)


def test_tab_goes_round_the_welcome_page(qtbot, window: MainWindow) -> None:
    """An empty library: its two buttons and the page list."""
    assert window.library.welcome.isVisible()
    problems = check_tab_cycle(qtbot, window)
    assert not problems, "On the welcome page:\n" + "\n".join(problems)


def check_tab_cycle(qtbot, top: QWidget) -> list[str]:
    """Tab from the focus round the window and back; Shift+Tab the same way backwards. What
    went wrong, each as a sentence naming the widgets (empty: nothing)."""
    start = activate(qtbot, top)
    units = stop_units(top)
    budget = len(units) + sum(links(w) for unit in units for w in unit) + MARGIN
    forward = walk(qtbot, budget)
    chain = "\n".join(f"    {n}. {stop}" for n, stop in enumerate(forward))
    problems = _traps(forward, "Tab")
    reached = {id(stop.widget) for stop in forward}
    for unit in units:
        if not any(id(w) in reached for w in unit):
            problems.append(f"- Tab never reaches {describe(unit[0])}"
                            + (f" (nor the {len(unit) - 1} other buttons of its group)"
                               if len(unit) > 1 else "")
                            + f" in {len(forward) - 1} presses.")
    came_back = forward[-1].widget is start and len(forward) > 1
    if not came_back:
        problems.append(f"- Tab does not come back to {describe(start)} within {budget} "
                        "presses.")
    if problems:
        return [*problems, f"  Tab went:\n{chain}"]
    backward = walk(qtbot, budget, backwards=True)
    problems = _traps(backward, "Shift+Tab")
    there, back = widget_cycle(forward), widget_cycle(backward)
    if back != [there[0], *reversed(there[1:])]:
        problems.append("- Shift+Tab does not walk the Tab order backwards.\n"
                        f"  Tab:       {' → '.join(describe(w) for w in there)}\n"
                        f"  Shift+Tab: {' → '.join(describe(w) for w in back)}")
    return problems


def _traps(stops: list[Stop], key: str) -> list[str]:
    """A press that leaves the focus where it was, or more presses on one widget than it has
    links to stop at."""
    problems: dict[int, str] = {}  # one sentence per widget
    run = 1
    for before, after in pairwise(stops):
        run = run + 1 if after.widget is before.widget else 1
        if after == before:
            problems.setdefault(id(after.widget), f"- {key} on {after} leaves the focus "
                                "there: a keyboard trap.")
        elif after.widget is not None and run > links(after.widget) + 1:
            problems.setdefault(id(after.widget), f"- {key} stays on "
                                f"{describe(after.widget)} for {run} presses.")
    return list(problems.values())


# ---- the "As of" field -------------------------------------------------------------------

def _open_new(window: MainWindow, services: Services) -> str:
    change = window.ops.run(lambda: services.assessments.create(
        country_code="KE", title="Nairobi review", as_of=date(2026, 6, 1)))
    assert change is not None
    window.open_assessment(change.assessment_id)
    return change.assessment_id


def test_tab_leaves_the_as_of_field_while_it_is_not_set(qtbot, window: MainWindow,
                                                        services: Services) -> None:
    """The users' report: Tab kept the focus on "As of" showing "Not set" (8 presses)."""
    _open_new(window, services)
    panel = window.questionnaire.panel
    activate(qtbot, window)
    panel.as_of.setFocus(Qt.FocusReason.TabFocusReason)
    assert panel.as_of.text() == "Not set"
    assert press_tab(qtbot).widget is panel.evidence
    assert press_tab(qtbot, backwards=True).widget is panel.as_of
    assert press_tab(qtbot, backwards=True).widget is panel.confidence
    assert panel.as_of.text() == "Not set", "passing through leaves it unset"


def test_the_as_of_field_is_one_tab_stop_and_arrows_edit_its_date(
        qtbot, window: MainWindow, services: Services) -> None:
    """With a date, Tab no longer walks year, month and day: it leaves (saving the date);
    Up and Down change the part under the cursor, Left and Right move between the parts."""
    assessment_id = _open_new(window, services)
    page = window.questionnaire
    panel = page.panel
    activate(qtbot, window)
    panel.as_of.setFocus(Qt.FocusReason.TabFocusReason)
    panel.as_of.setDate(QDate(2026, 1, 31))
    qtbot.keyClick(panel.as_of, Qt.Key.Key_Up)  # the year, where Tab put the cursor
    assert panel.as_of.date() == QDate(2027, 1, 31)
    qtbot.keyClick(panel.as_of, Qt.Key.Key_End)
    qtbot.keyClick(panel.as_of, Qt.Key.Key_Down)  # the day
    assert panel.as_of.date() == QDate(2027, 1, 30)
    assert press_tab(qtbot).widget is panel.evidence
    answer = services.assessments.load(assessment_id).answers[page.current_indicator_id() or ""]
    assert answer.as_of == date(2027, 1, 30)


def test_the_as_of_date_can_still_be_cleared_to_not_set(qtbot, window: MainWindow,
                                                        services: Services) -> None:
    assessment_id = _open_new(window, services)
    page = window.questionnaire
    indicator = page.current_indicator_id()
    assert indicator is not None
    panel = page.panel
    panel.as_of.setDate(QDate(2026, 1, 31))
    panel.as_of.editingFinished.emit()
    assert services.assessments.load(assessment_id).answers[indicator].as_of == \
        date(2026, 1, 31)
    assert panel.as_of.text() == "2026-01-31"
    activate(qtbot, window)
    panel.as_of.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(panel.as_of, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(panel.as_of, Qt.Key.Key_Delete)
    assert press_tab(qtbot).widget is panel.evidence
    assert panel.as_of.text() == "Not set"
    assert services.assessments.load(assessment_id).answers[indicator].as_of is None


def test_tab_leaves_the_library_table(qtbot, window: MainWindow, services: Services) -> None:
    """The table's cell painter took the table's Tab and Shift+Tab as an editor's."""
    window.library.load_samples()
    qtbot.waitUntil(lambda: window.library.model.rowCount() > 0, timeout=30_000)
    table = window.library.table
    activate(qtbot, window)
    table.setFocus(Qt.FocusReason.TabFocusReason)
    assert press_tab(qtbot).widget is not table
    table.setFocus(Qt.FocusReason.TabFocusReason)
    assert press_tab(qtbot, backwards=True).widget is window.library.status


def test_tab_reaches_the_answer_at_its_chosen_level(qtbot, window: MainWindow,
                                                   services: Services) -> None:
    """The choices are one stop, at the one chosen: a screen reader says the answer."""
    _open_new(window, services)
    panel = window.questionnaire.panel
    activate(qtbot, window)
    qtbot.keyClick(window.questionnaire.navigator, Qt.Key.Key_3)
    assert panel.level_buttons[3].isChecked()
    panel.setFocus(Qt.FocusReason.TabFocusReason)
    assert press_tab(qtbot).widget is panel.level_buttons[3]
    assert press_tab(qtbot).widget is panel.na_reason
    window.questionnaire.step(1)  # unanswered: the first level
    panel.setFocus(Qt.FocusReason.TabFocusReason)
    assert press_tab(qtbot).widget is panel.level_buttons[0]


@pytest.mark.parametrize(("name", "before", "after"), [
    ("new-assessment", "outside", "first module"),
    ("questionnaire", "public_only", "navigator"),
    ("results", "tab bar", "red flags"),
    ("results", "charts area", "radar"),
])
def test_tab_follows_the_reading_order(qtbot, session: Session, openers: dict[str, Opener],
                                       name: str, before: str, after: str) -> None:
    """Where creation order and the screen disagreed: the modules came after Create, the
    tab bar after the lists it switches, the filter after the tree below it."""
    top = openers[name]()
    session.settle()
    w = session.window
    widgets: dict[str, QWidget] = {}
    if name == "new-assessment":
        widgets = {"outside": top.outside,  # type: ignore[attr-defined]
                   "first module": next(iter(top._module_boxes.values()))}  # type: ignore[attr-defined]
    elif name == "questionnaire":
        widgets = {"public_only": w.questionnaire.public_only,
                   "navigator": w.questionnaire.navigator}
    else:
        w.results.left_tabs.setCurrentIndex(0)  # "results-judgement" showed the other tab
        widgets = {"tab bar": w.results.left_tabs.tabBar(), "red flags": w.results.flags,
                   "charts area": w.results._charts_view, "radar": w.results.radar}
    try:
        activate(qtbot, top)
        widgets[before].setFocus(Qt.FocusReason.TabFocusReason)
        assert press_tab(qtbot).widget is widgets[after], \
            f"on {name}, Tab from the {before} goes elsewhere than the {after}"
    finally:
        if top is not w:
            top.close()


def test_passing_through_the_as_of_field_does_not_review_a_carried_over_answer(
        qtbot, window: MainWindow, services: Services) -> None:
    """Leaving the field saved its date again, and any save of a carried-over answer marks it
    reviewed: Shift+Tab through the panel reviewed answers no one had looked at."""
    first = create_reference_assessment(services)
    follow_up = services.assessments.duplicate_as_follow_up(assessment_id=first, who="test")
    window.open_assessment(follow_up.assessment_id)
    page = window.questionnaire
    page.go_to("DS-01")
    panel = page.panel
    assert panel.carried_bar.isVisible()
    activate(qtbot, window)
    panel.evidence.setFocus(Qt.FocusReason.TabFocusReason)
    assert press_tab(qtbot, backwards=True).widget is panel.as_of
    assert press_tab(qtbot, backwards=True).widget is panel.confidence
    assert services.assessments.load(follow_up.assessment_id).answers["DS-01"].carried_over
    assert panel.carried_bar.isVisible()
