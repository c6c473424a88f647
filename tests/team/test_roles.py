"""Roles on a shared server: enforced by the server's grants (a change the app would not even
send is refused by the server too), mirrored by the services and the command line in one
sentence, and the connected login recorded as the one who changed, signed or issued."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from aibri_desktop.domain.roles import Role
from aibri_desktop.services import Services
from aibri_desktop.storage.database import RefusedError
from aibri_desktop.storage.sqlite_files import DatabaseError
from helpers.services import create_reference_assessment
from team.conftest import LOGINS, as_login


@contextmanager
def opened(url: str) -> Iterator[Services]:
    services = Services.open(url)
    try:
        yield services
    finally:
        services.close()


def raw(url: str) -> psycopg.Connection[Any]:
    """A plain connection as the URL's login: what someone with psql could do."""
    parsed = make_url(url)
    return psycopg.connect(host=str(parsed.query["host"]), port=int(str(parsed.query["port"])),
                           user=parsed.username, dbname=parsed.database, autocommit=True)


@pytest.fixture
def library(team_url: str) -> tuple[str, str]:
    """The team's library with one answered assessment, made by the owner."""
    with opened(team_url) as owner:
        assessment_id = create_reference_assessment(owner)
    return team_url, assessment_id


def test_each_login_gets_its_role(library: tuple[str, str]) -> None:
    url, _ = library
    seen = {}
    for role, login in LOGINS.items():
        with opened(as_login(url, login)) as services:
            seen[role] = (services.database.user, services.database.role)
    assert seen == {"reader": ("t_reader", Role.READER), "analyst": ("t_analyst", Role.ANALYST),
                    "reviewer": ("t_reviewer", Role.REVIEWER)}
    with opened(url) as owner:
        assert owner.database.role is Role.OWNER


def test_a_login_without_a_role_is_told_in_one_line(library: tuple[str, str]) -> None:
    url, _ = library
    with pytest.raises(DatabaseError) as refused:
        Services.open(as_login(url, "t_stranger"))
    assert "t_stranger" in str(refused.value) and "has not granted you any AIBRI role" in str(
        refused.value)


def test_a_reader_reads_and_briefs_but_changes_nothing(library: tuple[str, str],
                                                       tmp_path: Path) -> None:
    url, assessment_id = library
    with opened(as_login(url, LOGINS["reader"])) as reader:
        assert [s.id for s in reader.assessments.list_summaries()] == [assessment_id]
        before = reader.assessments.load(assessment_id)
        with pytest.raises(RefusedError, match="needs the analyst role"):
            reader.assessments.answer(assessment_id=assessment_id, indicator_id="DS-02",
                                      who="t_reader", level=1)
        with pytest.raises(RefusedError, match="needs the reviewer role"):
            reader.library.set_threshold("high", who="t_reader")
        reader.briefs.write(assessment_id, tmp_path / "brief.pdf", who="someone else")
        assert [e["issued_by"] for e in reader.briefs.register()] == ["t_reader"]
        assert reader.assessments.load(assessment_id).answers == before.answers
    # the server refuses what the app would not send
    with raw(as_login(url, LOGINS["reader"])) as connection:
        for statement in ("UPDATE answers SET level = 0",
                          "INSERT INTO answer_history (assessment_id, indicator_id, changed_at, "
                          "changed_by, old_value, new_value) VALUES ('x', 'y', now(), 'z', '', '')",
                          "UPDATE assessments SET title = 'changed'"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement.encode())
        # the settings rows are guarded row by row: an update of another row changes nothing
        connection.execute(b"UPDATE meta SET value = 'x' WHERE key <> 'library_changes'")
    with opened(url) as owner, owner.database.session() as session:
        assert "x" not in set(session.execute(text("SELECT value FROM meta")).scalars())


def test_an_analyst_edits_as_themselves_but_cannot_sign(library: tuple[str, str]) -> None:
    url, assessment_id = library
    with opened(as_login(url, LOGINS["analyst"])) as analyst:
        analyst.assessments.answer(assessment_id=assessment_id, indicator_id="DS-02",
                                   who="Minister's name typed in", level=1)
        analyst.assessments.edit_details(assessment_id=assessment_id, who="anyone",
                                         title="Edited by the analyst", as_of=date(2027, 2, 1))
        with analyst.database.session() as session:
            last = session.execute(text(
                "SELECT changed_by FROM answer_history WHERE indicator_id = 'DS-02' "
                "ORDER BY id DESC LIMIT 1")).scalar()
        assert last == "t_analyst"
        assert {c.changed_by for c in analyst.assessments.detail_history(assessment_id)} == {
            "t_analyst"}
        with pytest.raises(RefusedError, match="needs the reviewer role"):
            analyst.assessments.mark_final(assessment_ids=[assessment_id], who="t_analyst")
        with pytest.raises(RefusedError, match="needs the owner role"):
            analyst.assessments.purge(assessment_ids=[assessment_id], who="t_analyst")
        assert analyst.assessments.load(assessment_id).status == "draft"
    with raw(as_login(url, LOGINS["analyst"])) as connection:
        for statement in ("UPDATE assessments SET status = 'final'",
                          "UPDATE assessments SET reviewed_by = 'me'",
                          "UPDATE answer_history SET changed_by = 'someone'",
                          "DELETE FROM answer_history",
                          "DELETE FROM detail_history",
                          "DELETE FROM assessments",
                          "UPDATE issued_briefs SET issued_by = 'someone'",
                          "DELETE FROM library_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement.encode())


def test_a_reviewer_signs_as_the_connected_login(library: tuple[str, str]) -> None:
    url, assessment_id = library
    with opened(as_login(url, LOGINS["reviewer"])) as reviewer:
        reviewer.assessments.mark_final(assessment_ids=[assessment_id], who="Someone Else")
        signed = reviewer.assessments.load(assessment_id)
        assert (signed.status, signed.reviewed_by) == ("final", "t_reviewer")
        reviewer.library.set_threshold("high", who="Someone Else")
        assert reviewer.library.threshold() is not None
        assert reviewer.safety.check().ok  # the rows verify under the library's own key
    with raw(as_login(url, LOGINS["reviewer"])) as connection:
        for statement in ("DELETE FROM assessments", "UPDATE answer_history SET old_value = ''",
                          "UPDATE library_log SET by = 'x'"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement.encode())


def test_every_member_verifies_the_same_rows_with_no_key_of_their_own(
        library: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ = library
    for login in LOGINS.values():  # each member on a computer of their own
        folder = tmp_path / login
        monkeypatch.setenv("AIBRI_CONFIG_DIR", str(folder))
        with opened(as_login(url, login)) as member:
            assert member.safety.check().ok
        assert not (folder / "checksum.key").exists()
    # a row changed behind the app's back (by the owner, in psql) is found by everyone
    with raw(url) as connection:
        connection.execute(b"UPDATE answers SET evidence = 'changed in psql' "
                           b"WHERE indicator_id = 'DS-01'")
    with opened(as_login(url, LOGINS["reader"])) as reader:
        report = reader.safety.check()
        assert not report.ok and any("DS-01" in row for row in report.changed_rows)


def test_the_command_line_refuses_in_one_line_before_sending(
        library: tuple[str, str], aibri: Callable[..., Any]) -> None:
    url, assessment_id = library
    reader = as_login(url, LOGINS["reader"])
    result = aibri("--db", reader, "answer", assessment_id, "DS-02", "--level", "1")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "aibri: You are connected as t_reader (reader): changing assessments needs the analyst "
        "role on this server; nothing was changed."]
    analyst = as_login(url, LOGINS["analyst"])
    result = aibri("--db", analyst, "finalize", assessment_id)
    assert result.returncode == 1 and "needs the reviewer role" in result.stderr
    reviewer = as_login(url, LOGINS["reviewer"])
    result = aibri("--db", reviewer, "finalize", assessment_id, "--reviewer", "Someone Else")
    assert result.returncode == 1 and "the connected reviewer signs" in result.stderr
    result = aibri("--db", reviewer, "finalize", assessment_id)
    assert result.returncode == 0, result.stderr
    with opened(url) as owner:
        assert owner.assessments.load(assessment_id).reviewed_by == "t_reviewer"
