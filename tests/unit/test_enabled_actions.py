"""The rules that enable the window's actions, read without a window."""

from __future__ import annotations

import subprocess
import sys

import pytest

from aibri_desktop.domain.roles import Role
from aibri_desktop.ui.actions.enabled import (
    NEEDS_DATABASE,
    ROLE_ACTIONS,
    enabled_actions,
    role_reasons,
)

SELECTION = ("open", "duplicate", "final", "archive", "delete", "restore", "purge", "compare",
             "export_aibri", "export_csv", "export_briefs")


def _on(statuses: list[str], *, on_library: bool = True) -> set[str]:
    """The selection's actions that are enabled."""
    rules = enabled_actions(statuses, on_library=on_library, has_open=False)
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


# ---- the connected role on a shared server ------------------------------------------------

EDITING = {"new", "samples", "import", "duplicate", "delete", "restore"}
SIGNING = {"final", "archive"}
MAINTAINING = {"purge", "adopt"}
READING = {"open", "compare", "export_aibri", "export_csv", "export_brief", "export_briefs",
           "evidence_requests", "register", "details", "page_compare"}


def _all_on(role: Role, statuses: list[str]) -> set[str]:
    """The role-bound actions enabled for a role, with everything else allowing them."""
    rules = enabled_actions(statuses, on_library=True, has_open=True, adoptable=True,
                            role=role)
    return {name for name in ROLE_ACTIONS if rules[name]}


def _any_selection(role: Role) -> set[str]:
    """What the role enables for one draft, two drafts or two deleted ones (between them,
    every action's selection), and on another page with an assessment open."""
    rules = enabled_actions([], on_library=False, has_open=True, role=role)
    return ({name for name in ROLE_ACTIONS if rules[name]}
            | _all_on(role, ["draft"]) | _all_on(role, ["draft", "draft"])
            | _all_on(role, ["deleted", "deleted"]))


def test_every_role_bound_action_is_named_once() -> None:
    assert set(ROLE_ACTIONS) == EDITING | SIGNING | MAINTAINING | READING
    assert len(EDITING) + len(SIGNING) + len(MAINTAINING) + len(READING) == len(ROLE_ACTIONS)


@pytest.mark.parametrize(("role", "allowed"), [
    (Role.SINGLE, EDITING | SIGNING | MAINTAINING | READING),
    (Role.OWNER, EDITING | SIGNING | MAINTAINING | READING),
    (Role.REVIEWER, EDITING | SIGNING | READING),
    (Role.ANALYST, EDITING | READING),
    (Role.READER, READING),
    (Role.NONE, set()),
])
def test_each_role_enables_what_it_may_do(role: Role, allowed: set[str]) -> None:
    assert _any_selection(role) == allowed


def test_actions_bound_to_no_role_stay_as_the_selection_says() -> None:
    rules = enabled_actions(["draft"], on_library=True, has_open=True, role=Role.READER)
    assert rules["settings"] and rules["about"] and rules["shortcuts"]


def test_the_role_never_enables_what_the_selection_does_not() -> None:
    assert "final" not in _all_on(Role.REVIEWER, ["final"])
    assert "restore" not in _all_on(Role.ANALYST, ["draft"])


def test_the_sole_user_of_a_file_and_the_owner_have_no_reasons() -> None:
    assert role_reasons(Role.SINGLE) == {}
    assert role_reasons(Role.OWNER, "it") == {}


def test_a_reader_is_told_why_each_change_is_disabled() -> None:
    reasons = role_reasons(Role.READER, "ana")
    assert set(reasons) == EDITING | SIGNING | MAINTAINING
    assert reasons["new"].startswith("You are connected as ana (reader)")
    assert "changing assessments needs the analyst role" in reasons["delete"]
    assert "marking final, archiving and rescoring needs the reviewer role" in reasons["final"]
    assert "needs the owner role" in reasons["purge"]


def test_an_analyst_is_told_why_signing_and_purging_are_disabled() -> None:
    reasons = role_reasons(Role.ANALYST, "bo")
    assert set(reasons) == SIGNING | MAINTAINING
    assert "needs the reviewer role" in reasons["archive"]


def test_a_reviewer_may_not_purge_or_adopt() -> None:
    assert set(role_reasons(Role.REVIEWER, "cy")) == MAINTAINING


def test_the_reasons_come_in_the_callers_language() -> None:
    reasons = role_reasons(Role.READER, "ana", lambda text: "»" + text)
    assert reasons["new"].startswith("»You are connected as ana (»reader)")


def test_the_rules_need_no_qt() -> None:
    code = ("import sys, aibri_desktop.ui.actions.enabled\n"
            "print(','.join(sorted(m for m in sys.modules if m.startswith('PySide6'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
