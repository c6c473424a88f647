"""An answer change in words: the one home of "DS-03 level 2 → 3" wherever it is shown.

The status bar and the command line say it once saved ("DS-03 level 2 → 3. Saved."), the
undo menu without ("Undo: DS-03 level 2 → 3"). Sentences are translated with the caller's
``_`` (see :mod:`.translate`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .answers import Answer, AnswerState
from .translate import Translate, untranslated

# An answer, or its saved fields as a mapping (the undo stack keeps those); None: no answer.
AnswerLike = Answer | Mapping[str, Any] | None


Level = int | tuple[int, int] | None  # a level, or a range answer's two levels


def describe_state(state: AnswerState | str, level: Level, *,
                   _: Translate = untranslated) -> str:
    """"level 2", "levels 2–4" (a range), "unknown", "not applicable", "unanswered"."""
    state = AnswerState(state)
    if state is AnswerState.ANSWERED:
        return _("level {level}").format(level=level)
    if state is AnswerState.RANGE and isinstance(level, tuple):
        return _("levels {low}–{high}").format(low=level[0], high=level[1])
    if state is AnswerState.UNKNOWN:
        return _("unknown")
    if state is AnswerState.NOT_APPLICABLE:
        return _("not applicable")
    return _("unanswered")


def _state_and_level(answer: AnswerLike) -> tuple[AnswerState, Level]:
    if answer is None:
        return AnswerState.UNANSWERED, None
    if isinstance(answer, Answer):
        values: Mapping[str, Any] = {"state": answer.state, "level": answer.level,
                                     "level_low": answer.level_low,
                                     "level_high": answer.level_high}
    else:
        values = answer
    state = AnswerState(values.get("state", AnswerState.UNANSWERED))
    if state is AnswerState.RANGE:
        low, high = values.get("level_low"), values.get("level_high")
        return state, (low, high) if low is not None and high is not None else None
    return state, values.get("level") if state is AnswerState.ANSWERED else None


def describe_answer(answer: AnswerLike, *, _: Translate = untranslated) -> str:
    """An answer's state in words; no answer at all is "unanswered"."""
    state, level = _state_and_level(answer)
    return describe_state(state, level, _=_)


def describe_change(indicator_id: str, old: AnswerLike, new: AnswerLike,
                    what: str | None = None, *, saved: bool = False,
                    _: Translate = untranslated) -> str:
    """One answer's change: "DS-03 level 2 → 3", "DS-03 unknown → level 1", and when only
    its details changed "DS-03 {what}" (``what``: the caller's word for them, e.g. "evidence";
    "details" when not given). ``saved``: as a status line once it is stored ("DS-03 level 2
    → 3. Saved.", "DS-03 evidence saved.")."""
    (old_state, old_level), (new_state, new_level) = _state_and_level(old), _state_and_level(new)
    before = describe_state(old_state, old_level, _=_)
    after = describe_state(new_state, new_level, _=_)
    if before == after:
        text = _("{id} {what}").format(id=indicator_id, what=what or _("details"))
        return _("{change} saved.").format(change=text) if saved else text
    if isinstance(old_level, int) and isinstance(new_level, int):
        text = _("{id} level {old} → {new}").format(id=indicator_id, old=old_level,
                                                   new=new_level)
    else:
        text = _("{id} {before} → {after}").format(id=indicator_id, before=before,
                                                  after=after)
    return _("{change}. Saved.").format(change=text) if saved else text
