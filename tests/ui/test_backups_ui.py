"""Settings → Backups: back up now, restore one, and the window follows."""

from __future__ import annotations

from aibri_desktop.services import Services
from aibri_desktop.ui.dialogs.settings_dialog import SettingsDialog
from aibri_desktop.ui.main_window import MainWindow
from helpers.services import create_reference_assessment


def test_back_up_and_restore_from_settings(qtbot, window: MainWindow, services: Services,
                                           messages) -> None:
    assessment_id = create_reference_assessment(services)
    window.library.reload()
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 1)
    dialog = SettingsDialog(window.settings, str(services.database.path), window,
                            services.framework_files, window.ops, services.safety)
    qtbot.addWidget(dialog)
    dialog.back_up_now()
    # The list says "No backups yet." (one row) until the backup's result comes back: wait
    # for the row the user is waiting for, not for any one row.
    qtbot.waitUntil(lambda: "manual" in dialog.backup_list.item(0).text(), timeout=10_000)
    assert dialog.backup_list.count() == 1 and len(services.safety.backups()) == 1
    window.ops.run(lambda: services.assessments.delete(assessment_ids=[assessment_id]))
    assert services.assessments.list_summaries() == []
    dialog.backup_list.setCurrentRow(0)
    dialog.restore_selected()
    assert messages[-1][0] == "confirm"
    assert [r.id for r in services.assessments.list_summaries()] == [assessment_id]
    qtbot.waitUntil(lambda: window.library.proxy.rowCount() == 1, timeout=10_000)
    assert "Restored the backup" in dialog.backup_message.text()
    assert [b.reason for b in services.safety.backups()][:2] == ["before-restore", "manual"]
