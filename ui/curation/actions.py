"""The curation entries of the main window: Data menu (add, edit, delete, contested counts, audit trail,
conflicts), Edit > Undo / Redo, and the same actions on the panes' context menus.

Every dialog hands its input to `Curator.run` (ui.curation.undo): one model command, one change
notification, one undo step. Dialogs open non-blocking (`open()`), so tests and users can keep typing.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QGraphicsView, QMenu, QMessageBox, QTextBrowser, QWidget

from models.briefing_model import Changes
from ui.curation.undo import Curator

if TYPE_CHECKING:
    from ui.main_window import MainWindow

VOTE_KINDS = ("resolution_vote", "draft_resolution_vote", "procedural_vote")


class CurationActions:
    """Owns the Curator (undo stack) and the actions; `install` puts them in the window's menus."""

    def __init__(self, window: "MainWindow"):
        self.window = window
        self.model = window.model
        self.curator = Curator(window.model, window)
        self.curator.done.connect(lambda text: window.statusBar().showMessage(text, 6000))
        self.curator.failed.connect(lambda text: window.show_message("warning", "Undo / Redo", text))
        self.dialog: QWidget | None = None         # the dialog open now (tests drive it)
        self.undo = self._action("&Undo", self.curator.undo, QKeySequence.StandardKey.Undo, "undoAction")
        self.redo = self._action("&Redo", self.curator.redo, QKeySequence.StandardKey.Redo, "redoAction")
        stack = self.curator.stack
        stack.undoTextChanged.connect(lambda t: self.undo.setText(f"&Undo {t}" if t else "&Undo"))
        stack.redoTextChanged.connect(lambda t: self.redo.setText(f"&Redo {t}" if t else "&Redo"))
        stack.canUndoChanged.connect(self.undo.setEnabled)
        stack.canRedoChanged.connect(self.redo.setEnabled)
        self.undo.setEnabled(False)
        self.redo.setEnabled(False)
        self.add_launch = self._action("Add &launch…", self.open_add_launch, "Ctrl+Alt+L", "addLaunchAction")
        self.add_statement = self._action("Add &statement…", self.open_add_statement, "Ctrl+Alt+S",
                                          "addStatementAction")
        self.add_vote = self._action("Add Council &vote…", self.open_add_vote, "Ctrl+Alt+V", "addVoteAction")
        self.edit_launch = self._action("&Edit selected launch…", self.open_edit_launch, "Ctrl+Alt+E",
                                        "editLaunchAction")
        self.edit_statement = self._action("Edit selected statement or vo&te…", self.open_edit_statement,
                                           "Ctrl+Alt+T", "editStatementAction")
        self.edit_designation = self._action("Curate selected &designation…", self.open_edit_designation,
                                             "Ctrl+Alt+D", "editDesignationAction")
        self.delete_launch = self._action("Delete selected launch", lambda: self.delete("launch"), None,
                                          "deleteLaunchAction")
        self.delete_statement = self._action("Delete selected statement or vote", lambda: self.delete("statement"),
                                             None, "deleteStatementAction")
        self.claims = self._action("&Contested counts of the selected launch…", self.open_claims, "Ctrl+Alt+C",
                                   "claimsAction")
        self.facts = self._action("&Facts you recorded or changed…", self.open_facts, None, "factsAction")
        self.audit = self._action("&Audit trail…", self.open_audit, None, "auditAction")
        self.conflicts = self._action("Re-import co&nflicts…", self.open_conflicts, None, "conflictsAction")
        self.model.changed.connect(self._on_model_changed)
        self._update_enabled()

    def _action(self, text: str, slot, shortcut, name: str) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        self.window.addAction(action)          # shortcuts work wherever the focus is in the window
        return action

    # -- menus --------------------------------------------------------------------------------
    def install(self, data_menu: QMenu, edit_menu: QMenu) -> None:
        first = edit_menu.actions()[0] if edit_menu.actions() else None
        edit_menu.insertAction(first, self.undo)
        edit_menu.insertAction(first, self.redo)
        edit_menu.insertSeparator(first)
        data_menu.addSeparator()
        for action in (self.add_launch, self.add_statement, self.add_vote):
            data_menu.addAction(action)
        data_menu.addSeparator()
        for action in (self.edit_launch, self.edit_statement, self.edit_designation, self.claims,
                       self.delete_launch, self.delete_statement):
            data_menu.addAction(action)
        data_menu.addSeparator()
        data_menu.addAction(self.facts)
        data_menu.addAction(self.audit)
        data_menu.addAction(self.conflicts)

    def pane_actions(self, key: str) -> list[QAction]:
        """The actions a pane's context menu offers."""
        return {"timeline": [self.edit_launch, self.claims, self.delete_launch, None, self.add_launch,
                             self.add_statement],
                "ledger": [self.edit_launch, self.claims, self.delete_launch, None, self.add_statement],
                "alignment": [self.edit_statement, self.delete_statement, None, self.add_statement, self.add_vote],
                "sanctions": [self.edit_designation]}.get(key, [])

    def install_in_panes(self, panes: dict[str, QWidget]) -> None:
        """Right-click on a pane's details (and the ledger's table) offers its curation actions; the sanctions
        pane's revenue-stream Confirm runs through this Curator (Edit > Undo, the audit trail)."""
        editor = getattr(panes.get("sanctions"), "tag_editor", None)
        if editor is not None:
            editor.runner = self.curator.run
            editor.source_needed.connect(lambda _designation, streams: self.open_edit_designation(streams))
        for key, pane in panes.items():
            actions = self.pane_actions(key)
            if not actions:
                continue
            for browser in pane.findChildren(QTextBrowser):
                _extend_context_menu(browser, actions)
            view = getattr(pane, "view", None) or getattr(pane, "table", None)
            if view is not None and hasattr(view, "addAction"):
                view.setProperty("curationActions", True)
                for action in actions:
                    if action is not None:
                        view.addAction(action)
            for view in pane.findChildren(QGraphicsView):          # the plots (their own menus are off)
                view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
                for action in actions:
                    view.addAction(_separator(view) if action is None else action)

    # -- state --------------------------------------------------------------------------------
    def _on_model_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.selection or changes.data:
            self._update_enabled()

    def _update_enabled(self) -> None:
        sel = self.model.selection
        writable = not self.model.store.read_only      # an analyst role on a shared database reads only
        for action in (self.edit_launch, self.delete_launch):
            action.setEnabled(writable and sel.launch_id is not None)
        self.claims.setEnabled(sel.launch_id is not None)            # the claims can be read by anyone
        for action in (self.edit_statement, self.delete_statement):
            action.setEnabled(writable and sel.statement_id is not None)
        self.edit_designation.setEnabled(writable and sel.designation_id is not None)
        for action in (self.add_launch, self.add_statement, self.add_vote):
            action.setEnabled(writable)
            action.setToolTip("" if writable else "Your database role may read but not change this shared database")
        launch = sel.launch_id or ""
        self.edit_launch.setText(f"&Edit launch {launch}…" if launch else "&Edit selected launch…")
        self.delete_launch.setText(f"Delete launch {launch}" if launch else "Delete selected launch")
        stmt = sel.statement_id or ""
        self.edit_statement.setText(f"Edit {stmt}…" if stmt else "Edit selected statement or vo&te…")
        self.delete_statement.setText(f"Delete {stmt}" if stmt else "Delete selected statement or vote")

    # -- dialogs ------------------------------------------------------------------------------
    def _show(self, dialog: QWidget) -> QWidget:
        """Open a form window-modal (`open()`: it does not block the caller), a browser (not modal) beside."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open() if dialog.isModal() else dialog.show()
        return dialog

    def open_add_launch(self, existing=None, launch_id: str | None = None):
        from models.curation import AddLaunch, EditLaunch
        from ui.curation.launch_dialog import LaunchDialog

        submit = (self._edit_submit("launch", launch_id, lambda inp: EditLaunch(launch_id, inp)) if launch_id
                  else lambda inp: self.curator.run(AddLaunch(inp)))
        return self._show(LaunchDialog(self.model.store, submit, existing, launch_id, self.window))

    def open_edit_launch(self):
        from models.curation import launch_input_for

        launch_id = self.model.selection.launch_id
        if launch_id:
            return self.open_add_launch(launch_input_for(self.model.store, launch_id), launch_id)
        return None

    def open_add_statement(self, existing=None):
        from models.curation import AddStatement, EditStatement
        from ui.curation.statement_dialog import StatementDialog

        submit = (self._edit_submit("statement", existing.statement_id,
                                    lambda inp: EditStatement(existing.statement_id, inp)) if existing
                  else lambda inp: self.curator.run(AddStatement(inp)))
        return self._show(StatementDialog(self.model, submit, existing, self.window))

    def open_add_vote(self, existing=None):
        from models.curation import AddVote, EditVote
        from ui.curation.vote_dialog import VoteDialog

        submit = (self._edit_submit("vote", existing.symbol, lambda inp: EditVote(existing.symbol, inp)) if existing
                  else lambda inp: self.curator.run(AddVote(inp)))
        return self._show(VoteDialog(self.model, submit, existing, self.window))

    def _statement_kind(self, statement_id: str) -> str | None:
        rows = self.model.store.rows("SELECT kind FROM statements WHERE statement_id = ?", (statement_id,))
        return rows[0][0] if rows else None

    def open_edit_statement(self):
        from models.curation import statement_input_for, vote_input_for

        sid = self.model.selection.statement_id
        if not sid:
            return None
        if self._statement_kind(sid) in VOTE_KINDS:
            return self.open_add_vote(vote_input_for(self.model.store, sid))
        return self.open_add_statement(statement_input_for(self.model.store, sid))

    def open_edit_designation(self, streams: list[str] | None = None):
        """The designation form; `streams`: tick these revenue streams (the sanctions pane's Confirm of a
        stream that needs the analyst's source)."""
        from models.curation import EditDesignation
        from ui.curation.designation_dialog import DesignationDialog

        designation = self.model.selection.designation_id
        if designation is None:
            return None
        submit = self._edit_submit("designation", str(int(designation)), EditDesignation)
        return self._show(DesignationDialog(self.model.store, submit, int(designation), self.window, streams))

    def _edit_submit(self, kind: str, record_id: str, make):
        """The Save of an edit form: remembers the record's version now (the form opening); saving over a
        change someone else made since asks whose version to keep (models.curation.EditConflict)."""
        from models.curation import EditConflict, fact_version

        opened = fact_version(self.model.store.conn, kind, str(record_id))

        def submit(inp) -> None:
            command = make(inp)
            command.expected_version = opened
            try:
                self.curator.run(command)
            except EditConflict as conflict:
                if self.choose_version(conflict) == "mine":
                    command.expected_version = conflict.version          # save over theirs, knowingly
                    self.curator.run(command)
                    self.window.statusBar().showMessage(f"Saved your version over {conflict.who}'s", 8000)
                else:
                    self.model.reload(self)             # show theirs
                    self.window.statusBar().showMessage(
                        f"Kept {conflict.who}'s version of {kind} {record_id}; your edit was not saved", 8000)
        return submit

    def choose_version(self, conflict) -> str:
        """Ask whose version to keep, showing both: 'mine' or 'theirs' (closing the box keeps theirs)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Changed by someone else", str(conflict).split("\n", 1)[0],
                          parent=self.dialog if self.dialog is not None else self.window)
        box.setObjectName("editConflictBox")
        box.setInformativeText("\n".join(f"{name}:\n  theirs: {_shown(theirs)}\n  yours: {_shown(mine)}"
                                         for name, theirs, mine in conflict.differences()))
        mine = box.addButton("Keep &mine", QMessageBox.ButtonRole.AcceptRole)
        mine.setObjectName("keepMine")
        theirs = box.addButton("Keep &theirs", QMessageBox.ButtonRole.RejectRole)
        theirs.setObjectName("keepTheirs")
        box.setDefaultButton(theirs)            # Enter never overwrites a colleague's work
        box.exec()
        return "mine" if box.clickedButton() is mine else "theirs"

    def delete(self, kind: str) -> None:
        """Delete the selected launch or statement: an own record is removed, an imported one hidden;
        Edit > Undo brings it back."""
        from models.curation import HideRecord

        sel = self.model.selection
        record = sel.launch_id if kind == "launch" else sel.statement_id
        if not record:
            return
        if kind == "statement" and self._statement_kind(record) in VOTE_KINDS:
            kind = "vote"
        try:
            self.curator.run(HideRecord(kind, record))
        except Exception as exc:
            self.window.show_message("warning", "Not deleted", str(exc))
            return
        self.window.statusBar().showMessage(f"Deleted {record} (Edit > Undo restores it)", 8000)

    def open_claims(self):
        from ui.curation.claims_view import ClaimsDialog, launch_day

        launch_id = self.model.selection.launch_id
        if not launch_id:
            return None
        rows = self.model.launches()
        hit = rows[rows["launch_id"] == launch_id]
        if hit.empty:
            return None
        return self._show(ClaimsDialog(self.model, self.curator, launch_day(hit.iloc[0].to_dict()), self.window))

    def open_facts(self):
        from ui.curation.facts_dialog import FactsDialog

        dialog = FactsDialog(self.model, self, self.window)
        dialog.setModal(False)
        return self._show(dialog)

    def open_audit(self):
        from ui.curation.audit_dialog import AuditDialog

        dialog = AuditDialog(self.model, self.window)
        dialog.setModal(False)
        return self._show(dialog)

    def open_conflicts(self):
        from ui.curation.conflicts_dialog import ConflictsDialog

        return self._show(ConflictsDialog(self.model, self.curator, self.window))


def _shown(value) -> str:
    import json

    if value is None:
        return "not recorded"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _extend_context_menu(browser: QTextBrowser, actions: list) -> None:
    """The browser's own menu (copy, select all) plus the curation actions."""
    browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def menu_at(point) -> None:
        menu = browser.createStandardContextMenu(point)
        menu.addSeparator()
        for action in actions:
            menu.addSeparator() if action is None else menu.addAction(action)
        menu.popup(browser.viewport().mapToGlobal(point))
    browser.customContextMenuRequested.connect(menu_at)


def _separator(parent: QWidget) -> QAction:
    action = QAction(parent)
    action.setSeparator(True)
    return action
