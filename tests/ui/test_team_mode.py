"""Team mode in the dashboard: two processes on one PostgreSQL database hear each other's edits."""
from __future__ import annotations

import subprocess
import sys
import time

from conftest import PROJECT

EDIT_SCRIPT = r"""
import sys, time
from models import revenue
from models.store import open_store

with open_store(sys.argv[1]) as store:
    designation = store.scalar("SELECT MIN(designation_id) FROM designations WHERE dprk = 1")
    with store.transaction() as conn:
        revenue.set_streams(conn, designation, ["shipping"])
    print(designation, time.time(), flush=True)
    time.sleep(3)                   # still running while the dashboard hears it: its exit is not the signal
"""


def test_an_edit_in_another_process_reaches_the_open_dashboard_within_a_second(qtbot, pg_cluster):
    from models.briefing_model import BriefingModel
    from models.store import open_store
    from ui.db_watch import DatabaseWatcher

    url = pg_cluster.bundled_database()
    with open_store(url) as store:
        model = BriefingModel(store)
        watcher = DatabaseWatcher(model, interval_ms=3_600_000)     # no polling: only the notification can tell
        heard: list[tuple[float, str]] = []
        watcher.reloaded.connect(lambda what: heard.append((time.time(), what)))
        editor = subprocess.Popen([sys.executable, "-c", EDIT_SCRIPT, url], cwd=PROJECT, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        try:
            qtbot.waitUntil(lambda: bool(heard), timeout=30000)
        finally:
            out, err = editor.communicate(timeout=60)
        assert editor.returncode == 0, err
        designation, committed = out.split()
        assert heard[0][0] - float(committed) < 1.0
        assert heard[0][1].startswith("postgres: ")               # who changed it (the editor's database user)
        assert store.scalar("SELECT status FROM revenue_tags WHERE designation_id = ? AND stream = 'shipping'",
                            (int(designation),)) == "confirmed"
        assert watcher.poll() is False                              # seen once, not reloaded again
        watcher.close()
    pg_cluster.drop_database(url)


def test_an_analyst_sees_tags_read_only_instead_of_a_failing_save(qtbot, pg_cluster):
    from models import revenue
    from models.briefing_model import BriefingModel
    from models.store import open_store
    from PySide6.QtCore import Qt
    from ui.panes.sanctions_details import READ_ONLY_HINT
    from ui.panes.sanctions_pane import SanctionsPane

    url = pg_cluster.bundled_database()
    with open_store(pg_cluster.analyst_url(url)) as store:
        pane = SanctionsPane(BriefingModel(store))
        qtbot.addWidget(pane)
        pane.resize(1400, 900)
        pane.show()
        qtbot.waitUntil(lambda: pane.loaded, timeout=30000)
        designation = store.scalar("SELECT MIN(designation_id) FROM revenue_tags")
        before = revenue.tags(store.conn, designation)
        pane.model.select_designation(designation)
        editor = pane.tag_editor
        assert editor.hint.text() == READ_ONLY_HINT
        assert not editor.confirm.isEnabled() and not any(b.isEnabled() for b in editor.buttons.values())
        qtbot.mouseClick(editor.confirm, Qt.MouseButton.LeftButton)           # a disabled button: nothing
        editor.set_streams(["shipping"])                                      # nor through the command
        assert revenue.tags(store.conn, designation) == before
        pane.close()
    pg_cluster.drop_database(url)


def test_an_analyst_role_gets_no_curation_forms_it_could_not_save(qtbot, pg_cluster):
    """Read-only database role: the Data menu's add / edit / delete entries are disabled, reading stays."""
    from models.briefing_model import BriefingModel
    from models.store import open_store
    from ui.main_window import MainWindow

    url = pg_cluster.bundled_database()
    with open_store(pg_cluster.analyst_url(url)) as store:
        win = MainWindow(BriefingModel(store))
        qtbot.addWidget(win)
        with qtbot.waitSignal(win.panes_ready, timeout=60000):
            win.show()
        win.model.select_launch(store.scalar("SELECT MIN(launch_id) FROM launches"))
        actions = win.curation
        assert win.read_only_label.isVisible()
        assert not any(a.isEnabled() for a in (actions.add_launch, actions.add_statement, actions.add_vote,
                                               actions.edit_launch, actions.delete_launch))
        assert actions.claims.isEnabled() and actions.audit.isEnabled()
        win.close()
    pg_cluster.drop_database(url)
