"""File > Open database…: a file or a shared PostgreSQL database, typed or picked from the recent ones;
no password is ever written to the settings."""
from __future__ import annotations

from pathlib import Path

from curation_steps import menu_action
from PySide6.QtCore import Qt


def _open_dialog(qtbot, window):
    menu_action(window, "File", "Open database").trigger()
    dialog = window.open_dialog
    qtbot.waitExposed(dialog)
    return dialog


def _type_and_open(qtbot, window, dialog, text: str) -> None:
    edit = dialog.box.lineEdit()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    with qtbot.waitSignal(window.model.changed, timeout=60000):
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def _settings_text() -> str:
    import os

    path = Path(os.environ["DPRK_BRIEF_SETTINGS_DIR"]) / "settings.ini"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_a_server_database_typed_with_a_password_opens_and_is_remembered_without_it(window, qtbot, pg_cluster):
    url = pg_cluster.bundled_database()
    name = url.split("?", 1)[0].rsplit("/", 1)[1]
    with_password = url.replace("postgres@", "postgres:s3cret-word@", 1)
    dialog = _open_dialog(qtbot, window)
    _type_and_open(qtbot, window, dialog, with_password)
    store = window.model.store
    assert store.engine == "postgres"
    assert f"Database: PostgreSQL {name} on" in window.vintage_label.toolTip()
    assert "s3cret" not in window.vintage_label.toolTip()
    assert "Data as of:" in window.vintage_label.text() and "no data imported" not in window.vintage_label.text()
    from ui.settings import app_settings, recent_databases

    app_settings().sync()
    assert recent_databases()[0] == url                              # as typed, less the password
    assert name in _settings_text() and "s3cret" not in _settings_text()

    again = _open_dialog(qtbot, window)                              # the current database, offered again
    items = [again.box.itemText(i) for i in range(again.box.count())]
    assert items[0] == url and not any("s3cret" in i for i in items)
    again.reject()


def test_a_file_typed_into_the_box_opens_and_heads_the_recent_list(window, qtbot, tmp_path):
    first = window.model.store.path
    target = tmp_path / "other.sqlite3"
    dialog = _open_dialog(qtbot, window)
    _type_and_open(qtbot, window, dialog, str(target))
    assert Path(window.model.store.path) == target and target.exists()
    from ui.settings import recent_databases

    assert recent_databases()[0] == str(target)
    again = _open_dialog(qtbot, window)
    assert again.box.itemText(0) == str(target)
    again.reject()
    assert first != target
