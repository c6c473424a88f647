"""The SQL docs/team-server.md gives a ministry's IT, run as written against a fresh server:
the owner's first open makes the schema and grants the roles, and each person's login then
works in the role the document gives it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from aibri_desktop.domain.roles import Role
from aibri_desktop.services import Services
from helpers.pgserver import PostgresServer
from team.conftest import running_server

DOC = Path(__file__).resolve().parents[2] / "docs" / "team-server.md"


def setup_sql() -> list[str]:
    """The statements of the document's first SQL block (the server's set-up)."""
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```sql\n(.*?)```", text, re.S)
    assert block is not None, "docs/team-server.md has no SQL block"
    return [s.strip() for s in block.group(1).split(";") if s.strip()]


@pytest.fixture(scope="module")
def fresh_server() -> Iterator[PostgresServer]:
    """A server of its own: the document creates roles, which belong to a whole server."""
    yield from running_server()


def test_the_documented_setup_gives_each_login_its_role(fresh_server: PostgresServer,
                                                        tmp_path: Path) -> None:
    for statement in setup_sql():
        fresh_server.admin(statement)

    def url(login: str) -> str:
        return fresh_server.url("aibri").replace(f"//{fresh_server.user}@", f"//{login}@")

    roles = {}
    for login in ("aibri_owner", "amina", "kofi", "press_office"):
        services = Services.open(url(login))
        try:
            roles[login] = services.database.role
            if login == "aibri_owner":
                services.demo.generate(count=1)
            elif login == "amina":  # an analyst's change, recorded as her login
                (summary,) = services.assessments.list_summaries()
                services.assessments.edit_details(assessment_id=summary.id, who="typed",
                                                  title="Edited by Amina")
                history = services.assessments.detail_history(summary.id)
                assert history[-1].changed_by == "amina"
            assert services.safety.check().ok
        finally:
            services.close()
    assert roles == {"aibri_owner": Role.OWNER, "amina": Role.ANALYST, "kofi": Role.REVIEWER,
                     "press_office": Role.READER}
