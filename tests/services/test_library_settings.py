"""The library's decision threshold (docs/scoring.md, "The decision threshold"): a setting of
the library kept in its database, shared by every window and command that opens it, set by
someone the library log names; a bad key is refused with nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from aibri_desktop.domain.bands import Band
from aibri_desktop.services.changes import ChangeKind
from aibri_desktop.services.errors import InvalidInputError
from helpers import reference
from helpers.services import create_reference_assessment, open_services, recorded


def test_the_threshold_is_kept_in_the_library_and_logged(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assert services.library.threshold() is None
    counter = services.assessments.change_counter()
    change = services.library.set_threshold("high", who="Ministry of Digital Affairs")
    assert change.kind is ChangeKind.LIBRARY and change.payload is not None
    assert (change.payload.threshold, change.payload.previous) == (Band.HIGH, None)
    assert change.summary == "Decision threshold set: High or above (60)."
    # other windows notice it: the library's change counter moved
    assert services.assessments.change_counter() == counter + 1
    services.close()

    again = open_services(tmp_path)  # another window or command on the same library
    assert again.library.threshold() is Band.HIGH
    log = again.safety.check().log
    assert (log[0].event, log[0].by) == ("threshold", recorded("Ministry of Digital Affairs"))
    assert log[0].detail == "decision threshold none → High or above (60)"
    assert not again.safety.check().changed_rows  # the log entry is sealed like the rest

    removed = again.library.set_threshold(None, who="Ana")
    assert removed.payload is not None and removed.payload.previous is Band.HIGH
    assert again.library.threshold() is None
    assert again.safety.check().log[0].detail == "decision threshold High or above (60) → none"
    again.close()


@pytest.mark.parametrize("key", ["low", "very high", "60", ""])
def test_a_bad_key_is_refused_and_nothing_changes(tmp_path: Path, key: str) -> None:
    services = open_services(tmp_path)
    services.library.set_threshold("elevated", who="Ana")
    counter = services.assessments.change_counter()
    with pytest.raises(InvalidInputError) as refused:
        services.library.set_threshold(key, who="Ana")
    message = str(refused.value)
    assert "\n" not in message
    assert message == (f"“{key}” is not a decision threshold: choose guarded, elevated, high, "
                       "severe or none; nothing was changed.")
    assert services.library.threshold() is Band.ELEVATED
    assert services.assessments.change_counter() == counter
    assert len([e for e in services.safety.check().log if e.event == "threshold"]) == 1
    services.close()


def test_who_sets_it_must_be_named_and_setting_it_again_changes_nothing(
        tmp_path: Path) -> None:
    services = open_services(tmp_path)
    with pytest.raises(InvalidInputError, match="needs the name of who decides it"):
        services.library.set_threshold("high", who="  ")
    assert services.library.threshold() is None
    services.library.set_threshold("HIGH", who="Ana")
    counter = services.assessments.change_counter()
    same = services.library.set_threshold("high", who="Ben")
    assert same.payload is None and "already High or above" in same.summary
    assert services.assessments.change_counter() == counter
    services.close()


@pytest.mark.parametrize("case", reference.CASES)
def test_the_brief_data_carry_the_fixtures_answer(tmp_path: Path, case: str) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services, case=case)
    assert services.briefs.data(assessment_id).threshold is None
    services.library.set_threshold("high", who="Ana")
    data = services.briefs.data(assessment_id)
    want = reference.expected(case)["overall"]["threshold_60"]
    assert data.threshold == {"band": "High", "lower": 60.0, "answer": want}
    services.close()
