"""Settings → Database: the library in an SQLite file on this computer, or on a team's
PostgreSQL server, and "Test connection" for the server.

The choice is saved as a path or as a URL without a password and takes effect at the next
start. Switching copies and deletes nothing: moving a library is its own explicit action
(export to .aibri, import while connected to the other database).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ...domain.roles import Role, role_name
from ...paths import default_database_path
from ...services.connection import (
    CONNECT_TIMEOUT_S,
    DEFAULT_PORT,
    ConnectionReport,
    LibraryState,
    ServerFields,
    is_server_url,
    parse_server_url,
    server_url,
    shown,
    sqlite_path,
    test_connection,
)
from ...services.errors import InvalidInputError
from ...services.location import location_warning
from ..ops import Operations
from ..style import set_tone
from ..words import translate


class DatabaseTab(QWidget):
    """The Database tab. ``saved`` is what the settings hold (a path, a URL, or "" for the
    default), ``current`` the database open now; ``user`` and ``role`` say as whom."""

    def __init__(self, saved: str, current: str, *, user: str | None = None,
                 role: Role = Role.SINGLE, ops: Operations | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current = current
        self._ops = ops or Operations(self)
        self._extra: tuple[tuple[str, str], ...] = ()  # what else the saved URL says
        # the widgets are made in reading order, in their final parents: that is Tab's order
        self._content = content = QWidget(self)
        content.setObjectName("databaseTab")
        self.in_use = QLabel(self._in_use_text(current, user, role), content)
        self.in_use.setObjectName("databaseInUse")
        self.in_use.setWordWrap(True)
        self.in_use.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.local = QRadioButton(self.tr("This computer (SQLite file)"), content)
        self.local_fields = QWidget(content)
        self._file_fields(self.local_fields)
        self.server = QRadioButton(self.tr("Shared server (PostgreSQL)"), content)
        self.server_fields = QWidget(content)
        self._server_fields(self.server_fields)
        self.change_note = QLabel(content)
        self.change_note.setObjectName("databaseChange")
        self.change_note.setWordWrap(True)
        set_tone(self.change_note, None, "font-weight: 600;")
        self.move_note = QLabel(self.tr(
            "Switching takes effect the next time AIBRI Desktop starts, and copies or deletes "
            "nothing: the library you leave stays where it is. To move the library on this "
            "computer to the server, select its assessments and use File → Export selected to "
            ".aibri…, then start connected to the server and use File → Import .aibri file… "
            "(it asks what to do with assessments the server already has: skip, replace or "
            "import copies)."), content)
        self.move_note.setWordWrap(True)
        set_tone(self.move_note, "muted")
        self.kind = QButtonGroup(self)
        self.kind.addButton(self.local)
        self.kind.addButton(self.server)

        indent = self.style().pixelMetric(
            QStyle.PixelMetric.PM_ExclusiveIndicatorWidth) + 8  # under the radio's text
        for fields in (self.local_fields, self.server_fields):
            layout = fields.layout()
            assert layout is not None
            layout.setContentsMargins(indent, 0, 0, 0)
        column = QVBoxLayout(content)
        for widget in (self.in_use, self.local, self.local_fields, self.server,
                       self.server_fields, self.change_note, self.move_note):
            column.addWidget(widget)
        column.addStretch(1)
        scroll = QScrollArea(self)  # at a large font on a small screen the tab scrolls
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields are the Tab stops
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self._show(saved or current)
        self.kind.buttonToggled.connect(self._kind_toggled)
        for edit in (self.path, self.host, self.database_name, self.user, self.root_cert):
            edit.textChanged.connect(self._changed)
        self.port.valueChanged.connect(self._changed)
        self.tls.currentIndexChanged.connect(self._changed)
        self._changed()

    def sizeHint(self) -> QSize:
        """Room for the whole tab with the server's fields (the taller choice), so that it
        scrolls only when the screen is too small (a scroll area alone asks for little)."""
        hint = self._content.sizeHint()
        extra = max(0, self.server_fields.sizeHint().height()
                    - self.local_fields.sizeHint().height()) if self.server_fields.isHidden() \
            else 0
        return QSize(hint.width(), hint.height() + extra)

    # ---- building ------------------------------------------------------------------------

    def _file_fields(self, box: QWidget) -> None:
        self.path = QLineEdit(box)
        self.path.setAccessibleName(self.tr("Database file"))
        self.browse = QPushButton(self.tr("Browse…"), box)
        self.browse.setAccessibleName(self.tr("Choose the database file"))
        self.browse.clicked.connect(self._browse_file)
        self.path_warning = QLabel(box)
        self.path_warning.setObjectName("databaseWarning")
        self.path_warning.setWordWrap(True)
        set_tone(self.path_warning, "error")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        column = QVBoxLayout(box)
        column.addLayout(row)
        column.addWidget(self.path_warning)

    def _server_fields(self, box: QWidget) -> None:
        self.host = QLineEdit(box)
        self.host.setAccessibleName(self.tr("Server host"))
        self.host.setPlaceholderText(self.tr("db.ministry.lan"))
        self.host.setToolTip(self.tr("The server's name or address, or the folder of its Unix "
                                     "socket on this computer (/run/postgresql)"))
        self.port = QSpinBox(box)
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setAccessibleName(self.tr("Server port"))
        self.database_name = QLineEdit(box)
        self.database_name.setAccessibleName(self.tr("Database name"))
        self.database_name.setPlaceholderText(self.tr("aibri"))
        self.user = QLineEdit(box)
        self.user.setAccessibleName(self.tr("Database user"))
        self.user.setPlaceholderText(self.tr("your login name"))
        self.tls = QComboBox(box)
        self.tls.setAccessibleName(self.tr("TLS encryption"))
        self.tls.addItem(self.tr("Verify the server's certificate (verify-full)"),
                         "verify-full")
        self.tls.addItem(self.tr("Encrypt only (require)"), "require")
        self.tls.addItem(self.tr("Off (disable)"), "disable")
        self.tls_warning = QLabel(box)
        self.tls_warning.setObjectName("tlsWarning")
        self.tls_warning.setWordWrap(True)
        set_tone(self.tls_warning, "error")
        self.root_cert = QLineEdit(box)
        self.root_cert.setAccessibleName(self.tr("CA certificate file"))
        self.root_cert.setPlaceholderText(self.tr("~/.postgresql/root.crt"))
        self.root_cert.setToolTip(self.tr("The certificate of the authority that signed the "
                                          "server's certificate (the ministry's CA)"))
        self.browse_cert = QPushButton(self.tr("Browse…"), box)
        self.browse_cert.setAccessibleName(self.tr("Choose the CA certificate file"))
        self.browse_cert.clicked.connect(self._browse_cert)
        self.test_button = QPushButton(self.tr("Test connection"), box)
        self.test_button.clicked.connect(self.test)
        self.report = QLabel(box)
        self.report.setObjectName("connectionReport")
        self.report.setWordWrap(True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report.setVisible(False)
        self.password_note = QLabel(self.tr(
            "AIBRI Desktop stores no password: the server's password comes from ~/.pgpass or "
            "a service file, or the server accepts your login by peer, certificate or Kerberos "
            "authentication."), box)
        self.password_note.setWordWrap(True)
        set_tone(self.password_note, "muted")
        cert_row = QHBoxLayout()
        cert_row.addWidget(self.root_cert, 1)
        cert_row.addWidget(self.browse_cert)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Host"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Database"), self.database_name)
        form.addRow(self.tr("User"), self.user)
        tls_column = QVBoxLayout()
        tls_column.addWidget(self.tls)
        tls_column.addWidget(self.tls_warning)
        form.addRow(self.tr("TLS"), tls_column)
        form.addRow(self.tr("CA certificate"), cert_row)
        column = QVBoxLayout(box)
        column.addLayout(form)
        column.addLayout(test_row)
        column.addWidget(self.report)
        column.addWidget(self.password_note)

    def _in_use_text(self, current: str, user: str | None, role: Role) -> str:
        if is_server_url(current):
            if user:
                return self.tr("In use now: the server {where}, as {user} ({role}).").format(
                    where=shown(current), user=user, role=role_name(role, translate))
            return self.tr("In use now: the server {where}.").format(where=shown(current))
        return self.tr("In use now: the file {path}.").format(path=sqlite_path(current))

    def _show(self, spec: str) -> None:
        """Fill the fields from a saved path or URL."""
        if not is_server_url(spec):
            self.local.setChecked(True)
            self.path.setText(sqlite_path(spec))
            return
        self.server.setChecked(True)
        # the file to go back to: the one in use, or the default one
        self.path.setText(str(default_database_path()) if is_server_url(self._current)
                          else sqlite_path(self._current))
        try:
            fields = parse_server_url(spec)
        except InvalidInputError as exc:  # a password in it: shown as the reason, not used
            self._say(str(exc), error=True)
            return
        self._extra = fields.extra
        self.host.setText(fields.host)
        self.port.setValue(fields.port)
        self.database_name.setText(fields.database)
        self.user.setText(fields.user)
        if self.tls.findData(fields.tls_mode) < 0:  # a mode the list does not offer: kept
            self.tls.addItem(self.tr("As saved ({mode})").format(
                mode=fields.tls_mode or "prefer"), fields.tls_mode)
        self.tls.setCurrentIndex(self.tls.findData(fields.tls_mode))
        self.root_cert.setText(fields.root_cert)

    # ---- what is chosen ------------------------------------------------------------------

    @property
    def on_server(self) -> bool:
        return self.server.isChecked()

    def fields(self) -> ServerFields:
        mode = str(self.tls.currentData() or "")
        return ServerFields(self.host.text().strip(), self.port.value(),
                            self.database_name.text().strip(), self.user.text().strip(), mode,
                            self.root_cert.text().strip() if mode != "disable" else "",
                            self._extra)

    def chosen_url(self) -> str:
        """The server URL the fields make (no password); InvalidInputError when incomplete."""
        f = self.fields()
        return server_url(f.host, f.port, f.database, f.user, f.tls_mode, f.root_cert,
                          extra=f.extra)

    def value(self) -> str:
        """What to save: the file's path, or the server's URL. InvalidInputError (shown
        beside the fields) when the server's fields are incomplete."""
        if not self.on_server:
            return self.path.text().strip()
        try:
            return self.chosen_url()
        except InvalidInputError as exc:
            self._say(str(exc), error=True)
            raise

    def is_current(self) -> bool:
        """The choice names the database open now."""
        if not self.on_server:
            text = self.path.text().strip()
            return not text or text == sqlite_path(self._current)
        if not is_server_url(self._current):
            return False
        try:
            return parse_server_url(self._current) == parse_server_url(self.chosen_url())
        except InvalidInputError:
            return False

    def _kind_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self._changed()

    def _changed(self) -> None:
        server = self.on_server
        self.local_fields.setVisible(not server)
        self.server_fields.setVisible(server)
        text = self.path.text().strip()
        warning = location_warning(Path(text)) if text and not server else None
        self.path_warning.setText(self.tr("Warning: {text}").format(text=warning)
                                  if warning else "")
        self.path_warning.setVisible(bool(warning))
        mode = str(self.tls.currentData() or "")
        self.tls_warning.setText(
            self.tr("Warning: without TLS the assessments, and your login, cross the network "
                    "readable by anyone on the way. Use it only for a server on this computer "
                    "(a socket folder) or on a network you trust.")
            if mode in ("disable", "allow", "prefer", "") else
            self.tr("Encrypted, but whoever answers at this address is taken for the server: "
                    "its certificate is checked only against a CA certificate given below.")
            if mode == "require" else "")
        set_tone(self.tls_warning, "error" if mode != "require" else "warning")
        self.tls_warning.setVisible(bool(self.tls_warning.text()))
        checked = mode != "disable"  # libpq checks against a given CA from "require" up
        self.root_cert.setEnabled(checked)
        self.browse_cert.setEnabled(checked)
        current = self.is_current()  # then "In use now" at the top says it
        self.change_note.setText(
            "" if current else self.tr("Not in use yet: this choice takes effect the next "
                                       "time AIBRI Desktop starts."))
        self.change_note.setVisible(not current)

    # ---- Test connection -----------------------------------------------------------------

    def test(self) -> None:
        """Connect with the fields as they are, off the GUI thread, and show what was found."""
        try:
            url = self.chosen_url()
        except InvalidInputError as exc:
            self._say(str(exc), error=True)
            return
        self.test_button.setEnabled(False)
        self.setCursor(Qt.CursorShape.BusyCursor)
        self._say(self.tr("Connecting to {where}… (at most {seconds} seconds)").format(
            where=shown(url), seconds=CONNECT_TIMEOUT_S))
        self._ops.start(lambda _progress: test_connection(url), on_done=self._tested,
                        on_failed=self._test_failed)

    @property
    def testing(self) -> bool:
        return not self.test_button.isEnabled()

    def _done(self) -> bool:
        if not isValid(self):
            return False  # the dialog closed while the server was asked
        self.test_button.setEnabled(True)
        self.unsetCursor()
        return True

    def _tested(self, report: ConnectionReport) -> None:
        if not self._done():
            return
        trouble = (not report.reachable or report.role is Role.NONE
                   or report.library in (LibraryState.NEWER, LibraryState.UNKNOWN))
        self._say("\n".join(report.lines(translate)), error=trouble,
                  success=not trouble)

    def _test_failed(self, message: str) -> None:
        if self._done():
            self._say(message, error=True)

    def _say(self, text: str, *, error: bool = False, success: bool = False) -> None:
        self.report.setText(text)
        set_tone(self.report, "error" if error else "success" if success else None)
        self.report.setVisible(bool(text))

    # ---- files ---------------------------------------------------------------------------

    def _browse_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Choose a database file"), self.path.text(),
            self.tr("AIBRI databases (*.sqlite3);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.path.setText(path)

    def _browse_cert(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the CA certificate"), self.root_cert.text(),
            self.tr("Certificates (*.crt *.pem *.cer);;All files (*)"))
        if path:
            self.root_cert.setText(path)
