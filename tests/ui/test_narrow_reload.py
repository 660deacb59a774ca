"""Another program's change reloads only the panes showing the kinds of data it touched (models.data_kinds):
an edited launch shows in the timeline details without reloading the sanctions log or the alignment matrix;
a revenue-tag decision still reloads the sanctions log."""
from __future__ import annotations

from helpers import settled

LAUNCH, SITE = "L2022-11-18-1", "Sohae (per analyst B)"


def _edit_launch_elsewhere(path) -> None:
    """What a colleague's launch form saves, on a connection of its own (another program)."""
    from models.curation import EditLaunch, SourceInput, launch_input_for
    from models.store import Store

    with Store(path) as other:
        inp = launch_input_for(other, LAUNCH)
        inp.site = SITE
        inp.sources = [SourceInput("ROK Joint Chiefs of Staff", "https://en.yna.co.kr/view/AEN20221118002351315",
                                   "2026-12-03", "")]
        EditLaunch(LAUNCH, inp).apply(other)


def test_a_launch_edited_by_another_program_shows_in_the_timeline_without_reloading_the_sanctions_log(
        window, qtbot):
    settled(window, qtbot)
    details = window.panes["timeline"].details
    sanctions, alignment = window.panes["sanctions"], window.panes["alignment"]
    window.model.select_launch(LAUNCH)
    qtbot.waitUntil(lambda: "Facility" in details.toPlainText(), timeout=10000)
    assert SITE not in details.toPlainText()
    window.db_watch.poll()                                  # the first look takes the fingerprint
    log, job, matrix = sanctions.log, sanctions._load_job, alignment.view
    seen: list = []
    window.model.changed.connect(lambda changes, initiator: seen.append(changes))

    _edit_launch_elsewhere(window.model.store.path)
    assert window.db_watch.poll() is True

    assert SITE in details.toPlainText()                    # the timeline reloaded at once
    assert f"Edit launch {LAUNCH}" in window.statusBar().currentMessage()
    assert [c.kinds for c in seen] == [frozenset({"launches"})]
    assert sanctions._load_job is job and sanctions.log is log      # the sanctions log was not loaded again
    assert not sanctions.caption.text().startswith("Loading")
    assert alignment.view is matrix                         # nor the alignment matrix recomputed


def test_a_tag_decision_by_another_program_still_reloads_the_sanctions_log(window, qtbot):
    from models import revenue
    from models.store import Store

    settled(window, qtbot)
    sanctions = window.panes["sanctions"]
    window.db_watch.poll()
    job = sanctions._load_job
    with Store(window.model.store.path) as other:
        designation = other.scalar("SELECT MIN(designation_id) FROM designations WHERE dprk = 1")
        with other.transaction() as conn:
            revenue.set_streams(conn, designation, ["shipping"])
    assert window.db_watch.poll() is True
    assert sanctions._load_job is not job                   # tags are in the log: loaded again
    settled(window, qtbot)


def test_the_windows_own_launch_edit_and_its_undo_keep_the_sanctions_log_and_the_matrix(window, qtbot):
    from models.curation import EditLaunch, SourceInput, launch_input_for

    settled(window, qtbot)
    details = window.panes["timeline"].details
    sanctions, alignment = window.panes["sanctions"], window.panes["alignment"]
    window.model.select_launch(LAUNCH)
    qtbot.waitUntil(lambda: "Facility" in details.toPlainText(), timeout=10000)
    log, job, matrix = sanctions.log, sanctions._load_job, alignment.view
    seen: list = []
    window.model.changed.connect(lambda changes, initiator: seen.append(changes))

    inp = launch_input_for(window.model.store, LAUNCH)
    inp.site = SITE
    inp.sources = [SourceInput("ROK Joint Chiefs of Staff", "https://en.yna.co.kr/view/AEN20221118002351315",
                               "2026-12-03", "")]
    window.curation.curator.run(EditLaunch(LAUNCH, inp))         # what the launch form's Save does
    assert SITE in details.toPlainText()
    window.curation.undo.trigger()                               # Edit > Undo
    assert SITE not in details.toPlainText()
    assert [c.kinds for c in seen] == [frozenset({"launches"})] * 2
    assert sanctions._load_job is job and sanctions.log is log   # the sanctions log was not loaded again
    assert alignment.view is matrix                              # nor the alignment matrix recomputed
