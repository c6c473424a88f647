"""Settings → Database: a file on this computer or a team's server, saved as a path or as a
URL without a password; switching copies and deletes nothing; the library's own settings
are disabled, with the reason, for a role that may not change them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from aibri_desktop.domain.roles import Role
from aibri_desktop.services import Services
from aibri_desktop.services import connection as checks
from aibri_desktop.services.connection import (
    NO_PASSWORD,
    ServerFields,
    parse_server_url,
    server_url,
    shown,
)
from aibri_desktop.services.errors import InvalidInputError
from aibri_desktop.ui.dialogs.database_tab import DatabaseTab
from aibri_desktop.ui.dialogs.settings_dialog import SettingsDialog
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.settings import AppSettings
from helpers.keyboard import describe, focusable, spoken_name

CA = "/etc/ssl/ministry-ca.crt"
TEAM = ("postgresql+psycopg://analyst_a@db.ministry.lan:5432/aibri?sslmode=verify-full"
        f"&sslrootcert={CA}")


def _save(dialog: SettingsDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save is not None
    save.click()


# ---- the URL and its fields ----------------------------------------------------------------

@pytest.mark.parametrize(("fields", "url"), [
    (ServerFields("db.ministry.lan", 5432, "aibri", "analyst_a", "verify-full", CA), TEAM),
    (ServerFields("/run/postgresql", 5433, "aibri", "ana", "disable", ""),
     "postgresql+psycopg://ana@/aibri?host=/run/postgresql&port=5433&sslmode=disable"),
    (ServerFields("10.0.0.5", 6432, "team library", "ana@ministry", "require", ""),
     "postgresql+psycopg://ana%40ministry@10.0.0.5:6432/team library?sslmode=require"),
    (ServerFields("::1", 5432, "aibri", "", "verify-full", ""),
     "postgresql+psycopg://[::1]:5432/aibri?sslmode=verify-full"),
    (ServerFields("db", 5432, "aibri", "ana", "", "",
                  (("connect_timeout", "5"), ("application_name", "x"))),
     "postgresql+psycopg://ana@db:5432/aibri?connect_timeout=5&application_name=x"),
])
def test_a_server_url_and_its_fields_round_trip(fields: ServerFields, url: str) -> None:
    built = server_url(fields.host, fields.port, fields.database, fields.user,
                       fields.tls_mode, fields.root_cert, extra=fields.extra)
    assert built == url
    assert parse_server_url(built) == fields
    assert checks.is_server_url(built) and not checks.is_server_url("/tmp/a.sqlite3")


def test_a_service_file_url_keeps_its_service() -> None:
    fields = parse_server_url("postgresql+psycopg:///?service=aibri")
    assert (fields.host, fields.database, fields.extra) == ("", "", (("service", "aibri"),))
    assert server_url(fields.host, fields.port, fields.database, fields.user, fields.tls_mode,
                      extra=fields.extra) == "postgresql+psycopg://?service=aibri"


@pytest.mark.parametrize("url", ["postgresql+psycopg://ana:s3cret@db/aibri",
                                 "postgresql+psycopg://ana@db/aibri?password=s3cret"])
def test_a_url_with_a_password_is_refused_in_one_sentence(url: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_server_url(url)
    assert str(refused.value) == NO_PASSWORD and "s3cret" not in str(refused.value)
    with pytest.raises(InvalidInputError):
        checks.test_connection(url)  # refused before anything connects
    assert "s3cret" not in shown("postgresql+psycopg://ana:s3cret@db/aibri")
    with pytest.raises(InvalidInputError, match="never stores a password"):
        server_url("db", 5432, "aibri", "ana", "require", extra=(("password", "s3cret"),))


@pytest.mark.parametrize(("host", "database", "port", "words"), [
    ("", "aibri", 5432, "server's name"), ("db", "", 5432, "name of the database"),
    ("db", "aibri", 0, "from 1 to 65535")])
def test_incomplete_fields_are_named(host: str, database: str, port: int, words: str) -> None:
    with pytest.raises(InvalidInputError, match=words):
        server_url(host, port, database, "ana", "verify-full")


# ---- the tab ---------------------------------------------------------------------------------

def test_the_tab_shows_a_saved_server_url_in_its_fields(qtbot) -> None:
    tab = DatabaseTab(TEAM, "/tmp/here.sqlite3")
    qtbot.addWidget(tab)
    assert tab.on_server and tab.local_fields.isHidden() and not tab.server_fields.isHidden()
    assert (tab.host.text(), tab.port.value(), tab.database_name.text(), tab.user.text(),
            tab.tls.currentData(), tab.root_cert.text()) == (
        "db.ministry.lan", 5432, "aibri", "analyst_a", "verify-full", CA)
    assert tab.value() == TEAM
    assert tab.in_use.text() == "In use now: the file /tmp/here.sqlite3."
    assert tab.path.text() == "/tmp/here.sqlite3"  # the file to go back to
    assert "next time" in tab.change_note.text()


def test_a_saved_url_with_a_password_is_not_shown_or_kept(qtbot) -> None:
    tab = DatabaseTab("postgresql+psycopg://ana:s3cret@db/aibri", "/tmp/here.sqlite3")
    qtbot.addWidget(tab)
    assert tab.report.text() == NO_PASSWORD and not tab.report.isHidden()
    assert tab.host.text() == "" and tab.user.text() == ""
    assert all("s3cret" not in label.text() for label in
               (tab.in_use, tab.report, tab.change_note))


def test_a_tls_mode_the_list_does_not_offer_is_kept_as_saved(qtbot) -> None:
    tab = DatabaseTab("postgresql+psycopg://ana@db/aibri", "/tmp/here.sqlite3")
    qtbot.addWidget(tab)
    assert tab.tls.currentText() == "As saved (prefer)" and tab.tls.currentData() == ""
    assert "without TLS" in tab.tls_warning.text()
    assert tab.value() == "postgresql+psycopg://ana@db:5432/aibri"


def test_switching_kinds_shows_each_kinds_fields_and_says_when(qtbot, tmp_path: Path) -> None:
    here = tmp_path / "here.sqlite3"
    tab = DatabaseTab("", str(here))
    qtbot.addWidget(tab)
    tab.show()
    assert tab.local.isChecked() and tab.path.text() == str(here)
    assert tab.server_fields.isHidden() and tab.change_note.isHidden()
    tab.server.click()
    assert tab.local_fields.isHidden() and tab.server_fields.isVisible()
    assert tab.change_note.text() == ("Not in use yet: this choice takes effect the next "
                                      "time AIBRI Desktop starts.")
    assert tab.tls.currentText() == "Verify the server's certificate (verify-full)"
    assert tab.tls_warning.isHidden() and tab.root_cert.isEnabled()
    tab.tls.setCurrentIndex(tab.tls.findData("disable"))
    assert "Warning: without TLS" in tab.tls_warning.text() and tab.tls_warning.isVisible()
    assert not tab.root_cert.isEnabled()
    tab.local.click()
    assert tab.server_fields.isHidden() and tab.change_note.isHidden()
    assert "copies or deletes nothing" in tab.move_note.text()
    assert "File → Export selected to .aibri…" in tab.move_note.text()
    assert "File → Import .aibri file…" in tab.move_note.text()


def test_every_control_of_the_tab_has_a_name(qtbot) -> None:
    tab = DatabaseTab(TEAM, "/tmp/here.sqlite3")
    qtbot.addWidget(tab)
    tab.show()
    for server in (True, False):
        (tab.server if server else tab.local).click()
        controls = focusable(tab)
        assert len(controls) >= (10 if server else 4)
        assert not [describe(w) for w in controls if not spoken_name(w)]


def test_the_test_runs_off_the_window_and_reports_an_absent_server(
        qtbot, tmp_path: Path) -> None:
    """A socket folder with no server: the button is busy while it asks, then one line."""
    empty = tmp_path / "no-server"
    empty.mkdir()
    tab = DatabaseTab("", "/tmp/here.sqlite3")
    qtbot.addWidget(tab)
    tab.server.click()
    tab.host.setText(str(empty))
    tab.database_name.setText("aibri")
    tab.user.setText("ana")
    tab.test_button.click()
    assert tab.testing and tab.report.text().startswith("Connecting to ")
    qtbot.waitUntil(lambda: not tab.testing, timeout=15_000)
    assert tab.report.text().startswith("Could not connect to postgresql+psycopg://ana@/aibri?"
                                        f"host={empty}&port=5432")
    assert "\n" not in tab.report.text() and tab.report.text().endswith("Nothing was changed.")


def test_testing_incomplete_fields_says_what_is_missing(qtbot) -> None:
    tab = DatabaseTab("", "/tmp/here.sqlite3")
    qtbot.addWidget(tab)
    tab.server.click()
    tab.test_button.click()
    assert not tab.testing
    assert tab.report.text().startswith("Type the server's name or address")


# ---- saving ----------------------------------------------------------------------------------

def test_saving_a_server_keeps_its_url_without_a_password_and_touches_no_data(
        qtbot, services: Services, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = services.database.path
    assert path is not None
    before = services.assessments.list_summaries()
    def files() -> list[str]:  # SQLite's own -wal and -shm come and go as it reads
        return sorted(p.name for p in path.parent.iterdir()
                      if not p.name.endswith(("-wal", "-shm")))

    files_before = files()
    ini = tmp_path_factory.mktemp("config") / "db.ini"  # away from the library's folder
    settings = AppSettings.at(ini)
    dialog = SettingsDialog(settings, str(path))
    qtbot.addWidget(dialog)
    tab = dialog.database_tab
    tab.server.click()
    tab.host.setText("db.ministry.lan")
    tab.database_name.setText("aibri")
    tab.user.setText("analyst_a")
    tab.root_cert.setText(CA)
    _save(dialog)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert AppSettings.at(ini).database_path == TEAM
    # switching copies and deletes nothing: the file is there, as it was, and nothing new
    assert path.exists() and services.assessments.list_summaries() == before
    assert files() == files_before

    again = SettingsDialog(AppSettings.at(ini), str(path))
    qtbot.addWidget(again)
    assert again.database_tab.on_server and again.database_tab.fields() == parse_server_url(TEAM)
    again.database_tab.local.click()  # back to the file in use: nothing of the server kept
    _save(again)
    assert AppSettings.at(ini).database_path == str(path)


def test_another_file_is_not_made_until_the_next_start(qtbot, tmp_path: Path) -> None:
    settings = AppSettings.at(tmp_path / "db.ini")
    dialog = SettingsDialog(settings, str(tmp_path / "here.sqlite3"))
    qtbot.addWidget(dialog)
    elsewhere = tmp_path / "elsewhere" / "aibri.sqlite3"
    dialog.database.setText(str(elsewhere))
    _save(dialog)
    assert settings.database_path == str(elsewhere)
    assert not elsewhere.parent.exists()


def test_incomplete_server_fields_keep_the_dialog_open_and_save_nothing(
        qtbot, tmp_path: Path) -> None:
    settings = AppSettings.at(tmp_path / "db.ini")
    dialog = SettingsDialog(settings, str(tmp_path / "here.sqlite3"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.marking.setCurrentText("SECRET")
    dialog.database_tab.server.click()
    dialog.database_tab.host.setText("db.ministry.lan")
    dialog.tabs.setCurrentIndex(0)
    _save(dialog)
    assert dialog.isVisible() and dialog.tabs.currentWidget() is dialog.database_tab
    assert dialog.database_tab.report.text() == "Type the name of the database on the server."
    assert settings.database_path == "" and settings.default_marking != "SECRET"


# ---- who may change the library's settings ------------------------------------------------------

@pytest.mark.parametrize(("role", "allowed"), [(Role.SINGLE, True), (Role.OWNER, True),
                                               (Role.REVIEWER, True), (Role.ANALYST, False),
                                               (Role.READER, False)])
def test_the_librarys_settings_follow_the_connected_role(
        qtbot, services: Services, settings: AppSettings, role: Role, allowed: bool) -> None:
    dialog = SettingsDialog(settings, TEAM, library=services.library, user="ana", role=role)
    qtbot.addWidget(dialog)
    assert dialog.threshold.isEnabled() is allowed and dialog.paper.isEnabled() is allowed
    if allowed:
        assert not hasattr(dialog, "library_refusal")
        return
    reason = dialog.library_refusal.text()
    assert reason.startswith(f"You are connected as ana ({role.value}): changing the "
                             "library's settings")
    assert "reviewer role" in reason
    assert dialog.threshold.toolTip() == reason == dialog.paper.toolTip()
    assert not dialog.library_refusal.isHidden()
    dialog.threshold.setCurrentIndex(2)  # even if it were changed, it is not sent
    _save(dialog)
    assert services.library.threshold() is None


def test_the_window_passes_who_is_connected(qtbot, window: MainWindow,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def ask(cls: type[SettingsDialog], /, *args: object, **kwargs: object) -> bool:
        seen.update(kwargs)
        return False

    monkeypatch.setattr(SettingsDialog, "ask", classmethod(ask))
    window.open_settings()
    assert seen == {"user": window.services.database.user,
                    "role": window.services.database.role}
    assert seen["role"] is Role.SINGLE


# ---- fit ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100 %", "150 %"])
def test_the_server_fields_fit_a_small_screen_at_a_large_font(
        qtbot, services: Services, settings: AppSettings, scale: float) -> None:
    """The tab in server mode with a long report, on a 1024×768 window: nothing cut, the
    dialog within the screen (the tab scrolls when it must)."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QWidget

    from helpers.fit import larger_font, page_misfits

    with larger_font(scale) as app:
        parent = QWidget()
        qtbot.addWidget(parent)
        parent.resize(1024, 768)
        dialog = SettingsDialog(settings, TEAM, parent, library=services.library,
                                user="analyst_a", role=Role.ANALYST)
        qtbot.addWidget(dialog)
        tab = dialog.database_tab
        dialog.tabs.setCurrentWidget(tab)
        dialog.show()
        qtbot.waitExposed(dialog)
        tab.tls.setCurrentIndex(tab.tls.findData("require"))
        tab._say("Could not connect to " + TEAM + ": connection to server at "
                 "\"db.ministry.lan\" (10.0.0.5), port 5432 failed: Connection refused. "
                 "Nothing was changed.", error=True)
        app.processEvents()
        found = [str(m) for m in page_misfits("settings", dialog, QSize(1024, 768),
                                              app.processEvents)]
        assert not found, "\n".join(found)
