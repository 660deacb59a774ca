"""What a user does in the curation dialogs, as key presses and clicks (shared by tests/ui/test_curation_*)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QMenu, QTableWidget

LAUNCH = "L2022-11-01-1"            # 21:51 UTC on 1 Nov 2022 = 06:51 on 2 Nov in Korea (CNS: 4 missiles)
DAY = "2022-11-02"                  # its Korea date, the contested day
JCS_URL = "https://en.yna.co.kr/view/AEN20221102004200315"     # the ROK JCS's report (via Yonhap)


def on_launch(window, qtbot, launch: str = LAUNCH):
    """The window showing 2022 with every pane loaded and `launch` selected (where the launch tests start)."""
    window.model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    qtbot.waitUntil(window.panes_loaded, timeout=20000)
    window.model.select_launch(launch)
    return window


def launch_site(window, launch: str = LAUNCH) -> str:
    """The launch's site as the database holds it now."""
    return window.model.store.scalar("SELECT facility FROM launches WHERE launch_id = ?", (launch,))


def menu_action(window, menu_title: str, text_start: str):
    """The action of a main-window menu whose text (without '&') starts with `text_start`."""
    for menu in window.menuBar().findChildren(QMenu):
        if menu.title().replace("&", "") == menu_title:
            for action in menu.actions():
                if action.text().replace("&", "").startswith(text_start):
                    return action
    raise AssertionError(f"no {menu_title} > {text_start}… in the menus")


def choose(qtbot, window, menu_title: str, text_start: str):
    """Trigger a menu entry (as a click on it would) and return the dialog it opened."""
    action = menu_action(window, menu_title, text_start)
    assert action.isEnabled(), f"{menu_title} > {action.text()} is disabled"
    action.trigger()
    dialog = window.curation.dialog
    qtbot.waitExposed(dialog)
    return dialog


def type_into(qtbot, widget, text: str, clear: bool = True) -> None:
    """Click into a field, select what is there, type `text`."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    if clear:
        widget.selectAll()
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def settle(qtbot, dialog) -> None:
    """Let the as-you-type check run (it is queued after each keystroke)."""
    qtbot.waitUntil(lambda: not dialog._pending, timeout=10000)


def type_in_cell(qtbot, table: QTableWidget, row: int, col: int, text: str) -> None:
    """Go to a cell, press F2 to edit it, type, press Enter."""
    activate(qtbot, table.window())
    table.setFocus()
    table.setCurrentCell(row, col)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.parent() is table.viewport(), "F2 opened no editor"
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not table.viewport().findChildren(QLineEdit), timeout=10000)   # the editor is gone


def fill_source(qtbot, editor, publisher: str, url: str, quote: str = "", row: int = 0) -> None:
    type_in_cell(qtbot, editor.table, row, 0, publisher)
    type_in_cell(qtbot, editor.table, row, 1, url)
    if quote:
        type_in_cell(qtbot, editor.table, row, 3, quote)


def click_list_item(qtbot, widget: QListWidget, text_part: str, key=None):
    """Click the item whose text contains `text_part` (then press `key`, e.g. Space or Delete)."""
    for i in range(widget.count()):
        item = widget.item(i)
        if text_part in item.text():
            widget.scrollToItem(item)
            qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=widget.visualItemRect(item).center())
            if key is not None:
                qtbot.keyClick(widget, key)
            return item
    raise AssertionError(f"no item with {text_part!r} in {[widget.item(i).text() for i in range(widget.count())]}")


def activate(qtbot, window) -> None:
    """Make a window the active one, as the user's click on it would (offscreen, nothing else does)."""
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        try:
            qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10000)
        except Exception:
            raise AssertionError(f"active {QApplication.activeWindow()} popup {QApplication.activePopupWidget()} "
                                 f"modal {QApplication.activeModalWidget()} want {window}") from None


def press_in_window(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press (a shortcut like Ctrl+Z) with the main window active again, as after closing a dialog."""
    activate(qtbot, window)
    qtbot.keyClick(window, key, modifier)
