"""The rules that enable the window's actions, read without a window."""

from __future__ import annotations

import subprocess
import sys

import pytest

from aibri_desktop.ui.actions.enabled import NEEDS_DATABASE, enabled_actions

SELECTION = ("open", "duplicate", "final", "archive", "delete", "restore", "purge", "compare",
             "export_aibri", "export_csv", "export_briefs")


def _on(statuses: list[str], **state: bool) -> set[str]:
    """The selection's actions that are enabled."""
    rules = enabled_actions(statuses, **{"on_library": True, "has_open": False, **state})
    return {name for name in SELECTION if rules[name]}


def test_nothing_chosen_enables_no_selection_action() -> None:
    assert _on([]) == set()


def test_one_draft() -> None:
    assert _on(["draft"]) == {"open", "duplicate", "final", "archive", "delete", "export_aibri",
                              "export_csv", "export_briefs"}


def test_final_and_archived_cannot_be_marked_final_and_archived_not_archived_again() -> None:
    assert "final" not in _on(["draft", "final"])
    assert "archive" in _on(["draft", "final"])
    assert "archive" not in _on(["final", "archived"])


def test_two_or_more_can_be_compared() -> None:
    assert "compare" not in _on(["draft"])
    assert "compare" in _on(["draft", "final"])


def test_deleted_ones_can_be_restored_purged_and_exported_only() -> None:
    assert _on(["deleted", "deleted"]) == {"restore", "purge", "export_aibri"}
    # a mix: neither the live nor the deleted actions, but the exchange file (it asks)
    assert _on(["draft", "deleted"]) == {"export_aibri"}


def test_the_selection_counts_only_on_the_library_page() -> None:
    assert _on(["draft", "final"], on_library=False) == set()


def test_the_brief_of_the_open_assessment() -> None:
    assert enabled_actions([], on_library=False, has_open=True)["export_brief"]
    assert not enabled_actions([], on_library=False, has_open=False)["export_brief"]


@pytest.mark.parametrize("attached", [True, False])
def test_before_the_database_is_open_nothing_that_needs_it(attached: bool) -> None:
    rules = enabled_actions(["draft", "final"], on_library=True, has_open=True,
                            attached=attached, adoptable=True)
    needing = [*SELECTION, *NEEDS_DATABASE, "export_brief", "adopt"]
    if attached:
        assert all(rules[name] for name in (*NEEDS_DATABASE, "export_brief", "adopt"))
    else:
        assert not any(rules[name] for name in needing)


def test_adopt_only_when_the_check_found_the_library_sealed_elsewhere() -> None:
    assert not enabled_actions([], on_library=True, has_open=False)["adopt"]
    assert enabled_actions([], on_library=True, has_open=False, adoptable=True)["adopt"]


def test_the_rules_need_no_qt() -> None:
    code = ("import sys, aibri_desktop.ui.actions.enabled\n"
            "print(','.join(sorted(m for m in sys.modules if m.startswith('PySide6'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
