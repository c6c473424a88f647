"""The open assessment: the one owner of its state in the window.

The record (facts, framework, answers, judgements, score) lives here and nowhere else. Pages,
the navigator model and the score strip receive this object in their constructors, read the
record from it and connect to its typed signals; none keeps a copy. Every change of the open
assessment goes through its operations (answer, set judgements, reload), so each change is
announced once, with who started it, and each screen redraws only what the change names and
skips what it started itself.

It also follows changes made elsewhere (the command line, another window, an import): one
cheap read of the library's change counter, on a short timer and whenever the application
becomes active; when it moved, the assessment's revision; when that moved, the record is read
again and only what differs is announced, so the user's place is kept. An edit based on
values that changed elsewhere is refused by the service (compare and set) and the fresh values
are shown.

A follow-up carried to a newer framework version also holds the earlier answers of its changed
items (:attr:`OpenAssessment.earlier`), read once, off the GUI thread, when it opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from ...domain.answers import Answer
from ...domain.bands import Band
from ...domain.details import DETAIL_FIELDS, Details
from ...domain.judgements import Judgements
from ...domain.reference import Offered
from ...domain.robustness import Robustness, robustness
from ...domain.roles import Action, refusal
from ...domain.scoring import AssessmentScore
from ...services.changes import AnswerSaved, Change, ChangeKind, DetailsSaved, JudgementsSaved
from ...services.errors import RETRYABLE, ChangedSinceError
from ...services.records import AssessmentRecord
from ...services.who import current_user
from ..ops import Operations
from ..undo import answer_values
from ..words import lock_reason_text, translate
from .earlier_answers import EarlierAnswer, read_earlier_answers

if TYPE_CHECKING:
    from ...services import Services

FOLLOW_MS = 500  # how often the window looks for changes made elsewhere
ROBUSTNESS_PAUSE_MS = 300  # robustness runs once the answers have been still this long
ELSEWHERE = "elsewhere"  # the initiator of changes read back from the database


class OpenAssessment(QObject):
    """Signals carry the payload and the initiator (the object that asked for the change, or
    :data:`ELSEWHERE`), so a screen can skip the changes it made itself."""

    replaced = Signal(object)  # AssessmentRecord | None: opened, closed, or read again whole
    answer_saved = Signal(object, object)  # AnswerSaved, initiator
    judgements_saved = Signal(object, object)  # JudgementsSaved, initiator
    status_changed = Signal(object)  # AssessmentRecord: final, archived, deleted or restored
    robustness_ready = Signal(object, bool)  # Robustness, stored (when marked final)
    followed = Signal(str)  # a sentence for the status bar: what changed elsewhere
    library_changed = Signal()  # a setting of the library (the decision threshold), set here
    earlier_ready = Signal()  # the earlier answers of a follow-up's changed items were read
    suggestions_ready = Signal()  # what public data suggests was read, or a decision changed it

    def __init__(self, services: Services | None, ops: Operations,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._ops = ops
        # the last change failed in a way that can be retried as it is (server gone, busy)
        self.retryable = False
        self.record: AssessmentRecord | None = None
        self.robustness: Robustness | None = None
        self.earlier: dict[str, EarlierAnswer] = {}  # by indicator id (see earlier_ready)
        self.suggested: dict[str, Offered] = {}  # by indicator id (see suggestions_ready)
        self.reference_gaps: dict[str, str] = {}  # items with data for another supplier only
        self.reference_approved = False
        self._opening = 0  # one more at each open and close: late earlier answers are dropped
        self._counter: int | None = None
        self._own = False  # an operation of ours is running: its Change is not news to us
        self._generation = 0
        self._wanted = False  # a screen shows the robustness
        self._running: int | None = None  # the generation whose robustness is computing
        self._robustness_timer = QTimer(self)
        self._robustness_timer.setSingleShot(True)
        self._robustness_timer.setInterval(ROBUSTNESS_PAUSE_MS)
        self._robustness_timer.timeout.connect(self._start_robustness)
        self._follow_timer = QTimer(self)
        self._follow_timer.setInterval(FOLLOW_MS)
        self._follow_timer.timeout.connect(self.follow)
        ops.changed.connect(self._on_change)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._application_state)

    def attach(self, services: Services) -> None:
        self._services = services

    # ---- reading -------------------------------------------------------------------------

    @property
    def id(self) -> str | None:
        return self.record.id if self.record is not None else None

    @property
    def answers(self) -> dict[str, Answer]:
        return self.record.answers if self.record is not None else {}

    @property
    def score(self) -> AssessmentScore | None:
        return self.record.score if self.record is not None else None

    def answer_of(self, indicator_id: str) -> Answer | None:
        return self.answers.get(indicator_id)

    # ---- what the connected role may do (a shared server; an SQLite file's user may all) --

    @property
    def server_login(self) -> str | None:
        """The login connected to a shared server, whom every change is recorded as made by
        (nobody signs for someone else); None on an SQLite file."""
        database = self._services.database if self._services is not None else None
        return database.user if database is not None and database.on_server else None

    def refused(self, action: Action) -> str:
        """Why the connected role may not take ``action``, in one sentence; "" when it may."""
        if self._services is None:
            return ""
        database = self._services.database
        return refusal(database.role, action, database.user or "", _=translate) or ""

    def lock_reason(self) -> str:
        """Why the open assessment's answers and judgement cannot change here: its status
        (final, archived, deleted), else the connected role; "" for a draft one may edit."""
        if self.record is None:
            return ""
        return lock_reason_text(self.record) or self.refused(Action.EDIT)

    def threshold(self) -> Band | None:
        """The library's decision threshold (shared by everyone who uses the library), read
        through its service when asked: one small read. None when none is set or it cannot
        be read now (the next redraw asks again)."""
        if self._services is None:
            return None
        try:
            return self._services.library.threshold()
        except Exception:  # a busy or vanished database: shown as none until the next redraw
            return None

    # ---- opening and closing -------------------------------------------------------------

    def open(self, assessment_id: str) -> bool:
        """Read the assessment and announce it; False (reported) if it cannot be read."""
        assert self._services is not None
        services = self._services
        try:
            counter = services.assessments.change_counter()
            record = services.assessments.load(assessment_id)
        except Exception as exc:  # reported in one sentence, never a traceback
            self._ops.failed.emit(str(exc))
            return False
        self._counter = counter
        self._opening += 1
        self.earlier = {}
        self._set(record)
        self.replaced.emit(record)
        self._follow_timer.start()
        self._read_earlier(record)
        self._read_suggestions(record)
        return True

    def _read_suggestions(self, record: AssessmentRecord) -> None:
        """What public data suggests for this country, and whether the dataset is approved,
        off the GUI thread (a fictional country or a framework without rules has nothing)."""
        self.suggested = {}
        self.reference_gaps = {}
        self.reference_approved = False
        if self._services is None or not record.country.alpha_3:
            return
        services, opening = self._services, self._opening

        def read(_progress: object) -> tuple[dict[str, Offered], bool, dict[str, str]]:
            offered = services.reference.offered(record.id)
            return ({o.suggestion.indicator: o for o in offered},
                    services.reference.approval() is not None,
                    services.reference.supplier_gaps(record.id))

        def done(found: tuple[dict[str, Offered], bool, dict[str, str]]) -> None:
            if opening == self._opening:
                self.suggested, self.reference_approved, self.reference_gaps = found
                self.suggestions_ready.emit()

        self._ops.start(read, on_done=done, on_failed=lambda _m: None)  # a help only: quiet

    def accept_suggestion(self, indicator_id: str, *,
                          initiator: object = None) -> Change[AnswerSaved] | None:
        """Save the suggested answer through the answer service (see ReferenceService)."""
        record = self.record
        if record is None or self._services is None:
            return None
        services = self._services
        change = self._run(lambda: services.reference.accept_one(record.id, indicator_id,
                                                                 current_user()))
        if change is not None and change.payload is not None:
            self._apply_answer(change.payload, initiator)
            self._decided(indicator_id, "accepted")
        return change

    def reject_suggestion(self, indicator_id: str) -> bool:
        record = self.record
        if record is None or self._services is None:
            return False
        services = self._services
        change = self._run(lambda: services.reference.reject_one(record.id, indicator_id,
                                                                 current_user()))
        if change is not None:
            self._decided(indicator_id, "rejected")
        return change is not None

    def _decided(self, indicator_id: str, status: str) -> None:
        offer = self.suggested.get(indicator_id)
        if offer is not None:
            self.suggested[indicator_id] = replace(offer, status=status, newer_data=False)
            self.suggestions_ready.emit()

    def _read_earlier(self, record: AssessmentRecord) -> None:
        """A follow-up's earlier answers, once, off the GUI thread (only a follow-up on a
        newer framework version has any)."""
        if record.predecessor_id is None or record.framework.previous_version is None \
                or self._services is None:
            return
        services, opening, predecessor = self._services, self._opening, record.predecessor_id

        def done(found: dict[str, EarlierAnswer]) -> None:
            if opening == self._opening and found:
                self.earlier = found
                self.earlier_ready.emit()

        self._ops.start(lambda _p: read_earlier_answers(services, record.id, predecessor),
                        on_done=done, on_failed=lambda _m: None)  # only a reference: quiet

    def close(self) -> None:
        if self.record is None:
            return
        self._follow_timer.stop()
        self._robustness_timer.stop()
        self._generation += 1
        self._opening += 1
        self.record = None
        self.robustness = None
        self.earlier = {}
        self.suggested = {}
        self.replaced.emit(None)

    def stop(self) -> None:
        """No new background work (the window is closing)."""
        self._follow_timer.stop()
        self._robustness_timer.stop()
        self._generation += 1
        self._opening += 1

    def _set(self, record: AssessmentRecord) -> None:
        changed_answers = self.record is None or self.record.answers != record.answers
        self.record = record
        if record.stored_robustness is not None:
            self._generation += 1
            self.robustness = record.stored_robustness
            self.robustness_ready.emit(record.stored_robustness, True)
        elif changed_answers or self.robustness is None:
            self._schedule_robustness()

    # ---- operations ----------------------------------------------------------------------

    def answer(self, indicator_id: str, values: dict[str, Any], *,
               expected: dict[str, Any] | None = None,
               initiator: object = None) -> Change[AnswerSaved] | None:
        """Save one answer through the same service as ``aibri answer``. ``expected``: the
        values the answer must still hold (undo and redo); by default the values this window
        shows, so an edit made on values changed elsewhere is refused, never silently laid
        over them. None if refused (reported; the fresh values are then shown)."""
        record = self.record
        if record is None or self._services is None:
            return None
        services = self._services
        base = expected if expected is not None else answer_values(
            record.answers.get(indicator_id), indicator_id)
        change = self._run(lambda: services.assessments.answer(
            assessment_id=record.id, indicator_id=indicator_id, who=current_user(),
            expected=base, **values))
        if change is not None and change.payload is not None:
            self._apply_answer(change.payload, initiator)
        return change

    def set_judgements(self, judgements: Judgements, *,
                       initiator: object = None) -> Change[JudgementsSaved] | None:
        record = self.record
        if record is None or self._services is None:
            return None
        services = self._services
        change = self._run(lambda: services.assessments.set_judgements(
            assessment_id=record.id, judgements=judgements, expected=record.judgements))
        if change is not None and change.payload is not None:
            saved = change.payload
            missed = saved.revision != record.revision + 1  # see _apply_answer
            self.record = replace(record, judgements=saved.judgements,
                                  revision=saved.revision)
            self.judgements_saved.emit(saved, initiator)
            if missed:
                self.follow(force=True)
        return change

    def set_details(self, details: Details, *, expected: Details | None = None
                    ) -> Change[DetailsSaved] | None:
        """Save the details (Assessment → Details…) through the same service as ``aibri
        edit``; ``expected``: the details they must still be (undo and redo; by default the
        ones shown). The record is read back whole: a change of modules changes what the pages
        show. None if refused (reported; the stored details are then shown)."""
        record = self.record
        if record is None or self._services is None:
            return None
        services = self._services
        base = expected if expected is not None else record.details
        given = {name: getattr(details, name) for name in DETAIL_FIELDS}
        change = self._run(lambda: services.assessments.edit_details(
            assessment_id=record.id, who=current_user(), expected=base, **given))
        if change is not None and change.payload is not None:
            try:
                fresh = services.assessments.load(record.id)
            except Exception:  # a busy database: the next look for changes reads it
                return change
            self._set(fresh)
            self.replaced.emit(fresh)
        return change

    def rescore(self, who: str) -> Change[Any] | None:
        """A reviewer moves this final assessment from scoring rules version 1 to the current
        version (see AssessmentService.rescore_to_current_rules); it is read back at once."""
        record = self.record
        if record is None or self._services is None:
            return None
        services = self._services
        change = self._run(lambda: services.assessments.rescore_to_current_rules(
            assessment_id=record.id, who=who))
        if change is not None:
            self.follow(force=True)
        return change

    def _run(self, action: Callable[[], Change[Any]]) -> Change[Any] | None:
        """One of our operations through :class:`Operations` (errors reported there). A
        refusal because the values changed elsewhere reads the fresh ones at once."""
        stale = False
        self.retryable = False

        def guarded() -> Change[Any]:
            nonlocal stale
            try:
                return action()
            except ChangedSinceError:
                stale = True
                raise
            except RETRYABLE:  # nothing written; the same change can be made again
                self.retryable = True
                raise

        self._own = True
        try:
            change = self._ops.run(guarded)
        finally:
            self._own = False
        if stale:
            self.follow(force=True)
        return change

    def _apply_answer(self, saved: AnswerSaved, initiator: object) -> None:
        assert self.record is not None
        # each change of an assessment adds one to its revision: a larger step means a change
        # made elsewhere came in between, and is read back after this one
        missed = saved.revision != self.record.revision + 1
        answers = dict(self.record.answers)
        answers[saved.answer.indicator_id] = saved.answer
        self.record = replace(self.record, answers=answers, score=saved.score,
                              revision=saved.revision)
        offer = self.suggested.get(saved.answer.indicator_id)
        if offer is not None and offer.given(saved.answer) != offer:  # e.g. an accept undone
            self.suggested[saved.answer.indicator_id] = offer.given(saved.answer)
            self.suggestions_ready.emit()
        self.answer_saved.emit(saved, initiator)
        self._schedule_robustness()
        if missed:
            self.follow(force=True)

    # ---- changes made by other parts of the window, and elsewhere --------------------------

    def _on_change(self, change: Change[Any]) -> None:
        """A change announced by another part of this window (the library's lifecycle
        actions, an import, a restore): read back what it did to the open assessment. A
        setting of the library (the decision threshold) is announced to the pages."""
        if change.kind is ChangeKind.LIBRARY:
            self.library_changed.emit()
            if self.record is not None and not self._own:  # e.g. reference data approved
                self._read_suggestions(self.record)
            return
        if self._own or self.record is None or not change.touches(self.record.id):
            return
        if change.kind is ChangeKind.DELETED and self.record.id in change.assessment_ids:
            self.close()
            return
        self.follow(force=True)

    def _application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.follow()

    def follow(self, *, force: bool = False) -> None:
        """Look for changes made elsewhere: one read of the change counter, and only if it
        moved (or ``force``), of the assessment's revision; only if that moved, the record."""
        record = self.record
        if record is None or self._services is None:
            return
        services = self._services
        try:
            counter = services.assessments.change_counter()
            if counter == self._counter and not force:
                return
            self._counter = counter
            revision = services.assessments.revision(record.id)
            if revision == record.revision and not force:
                return
            fresh = services.assessments.load(record.id) if revision is not None else None
        except Exception:  # a busy or vanished database: try again on the next tick
            return
        if fresh is None:
            self.followed.emit(self.tr("“{title}” was removed elsewhere; it is closed.")
                               .format(title=record.title))
            self.close()
            return
        self._merge(record, fresh)

    def _merge(self, old: AssessmentRecord, fresh: AssessmentRecord) -> None:
        """Announce only what differs between the record shown and the one stored."""
        if (fresh.framework.content_hash != old.framework.content_hash
                or fresh.details != old.details  # Details… or aibri edit elsewhere
                or fresh.scoring_rules != old.scoring_rules):  # a reviewer's rescore
            self._set(fresh)
            self.replaced.emit(fresh)
            self.followed.emit(self.tr("“{title}” was changed elsewhere; it is shown as "
                                       "stored now.").format(title=fresh.title))
            return
        changed = [i for i in {*old.answers, *fresh.answers}
                   if old.answers.get(i) != fresh.answers.get(i)]
        self._set(fresh)
        for indicator_id in sorted(changed):
            answer = fresh.answers.get(indicator_id) or Answer(indicator_id)
            self.answer_saved.emit(AnswerSaved(answer, old.answers.get(indicator_id),
                                               fresh.score, fresh.revision), ELSEWHERE)
        if fresh.judgements.to_json() != old.judgements.to_json():
            self.judgements_saved.emit(JudgementsSaved(fresh.judgements, fresh.revision),
                                       ELSEWHERE)
        if (fresh.status, fresh.deleted) != (old.status, old.deleted):
            self.status_changed.emit(fresh)
        what = ", ".join(sorted(changed)[:4]) + ("…" if len(changed) > 4 else "")
        if changed:
            self.followed.emit(self.tr("Changed elsewhere: {what}. The window shows the stored "
                                       "answers.").format(what=what))
        elif (fresh.status, fresh.deleted) != (old.status, old.deleted):
            self.followed.emit(self.tr("“{title}” is now {status}.").format(
                title=fresh.title, status=self.tr("deleted") if fresh.deleted
                else fresh.status))

    # ---- robustness, once per change, off the GUI thread ----------------------------------

    def _schedule_robustness(self) -> None:
        """The answers changed: the robustness shown so far is out of date. It is computed
        again only when a screen asks for it (the results page, when shown), so answering
        in the questionnaire never shares the interpreter with 2,000 draws in the back."""
        self._generation += 1
        self.robustness = None
        self._running = None
        if self._wanted:
            self._robustness_timer.start()

    def request_robustness(self) -> None:
        """A screen shows the robustness: compute it (once per change) if it is not known."""
        self._wanted = True
        if self.record is not None and self.robustness is None and \
                self._running != self._generation and not self._robustness_timer.isActive():
            self._robustness_timer.start()

    def release_robustness(self) -> None:
        """No screen shows it any more: stop computing it after each change."""
        self._wanted = False
        self._robustness_timer.stop()

    def _start_robustness(self) -> None:
        record = self.record
        if record is None:
            return
        generation = self._generation
        self._running = generation
        framework, answers, modules = record.framework, dict(record.answers), record.modules
        self._ops.start(lambda _p: robustness(framework, answers, modules),
                        on_done=lambda result: self._robustness_done(generation, result),
                        on_failed=lambda _m: None)

    def _robustness_done(self, generation: int, result: Robustness) -> None:
        if generation != self._generation:
            return  # the answers changed since: a newer run is on its way
        self.robustness = result
        self.robustness_ready.emit(result, False)

    def robustness_pending(self) -> bool:
        return self.record is not None and self.robustness is None
