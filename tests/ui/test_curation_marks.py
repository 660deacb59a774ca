"""A contested day is flagged wherever its missile count shows: the timeline's markers (with the claims in
the hover tip), the ledger's Missiles and Whose count cells (tooltip: the other claims and this event's
count basis) and the ledger's details line."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from curation_steps import DAY, LAUNCH, on_launch
from models.curation import AddClaim, ChooseClaim, ClaimInput, SourceInput

JCS = SourceInput("ROK Joint Chiefs of Staff (via Yonhap)", "https://en.yna.co.kr/view/AEN20221102004200315",
                  "2026-12-01", "North Korea fired 23 missiles of various types")
MOD = SourceInput("Japan Ministry of Defense", "https://www.mod.go.jp/j/press/news/2022/11/02a.html", "2026-12-01")


@pytest.fixture
def win(window, qtbot):
    win = on_launch(window, qtbot)
    curator = win.curation.curator
    jcs = AddClaim(ClaimInput(DAY, 23, JCS))
    curator.run(jcs)
    curator.run(AddClaim(ClaimInput(DAY, 8, MOD)))
    curator.run(ChooseClaim(DAY, jcs.claim_id))
    qtbot.waitUntil(win.panes_loaded, timeout=20000)
    return win


def test_the_ledger_flags_the_contested_count_and_names_whose_count_counts(qtbot, win):
    pane = win.panes["ledger"]
    model = pane.table_model
    qtbot.waitUntil(lambda: model.view_row_of(LAUNCH) is not None, timeout=20000)
    row = model.view_row_of(LAUNCH)
    columns = list(model.frame.columns)
    missiles = model.index(row, columns.index("missile_count"))
    whose = model.index(row, columns.index("launch_count"))
    assert model.data(missiles) == "20 ⚑"                                  # 4 + the JCS claim's 16 more
    assert model.data(whose) == "ROK Joint Chiefs of Staff (via Yonhap) (claim)"
    tip = model.data(missiles, Qt.ItemDataRole.ToolTipRole)
    assert "2 other claims: CNS count (the record) 7, Japan Ministry of Defense 8" in tip
    assert "this event carries the difference [+16]" in tip                # its count basis
    win.model.select_launch(LAUNCH)
    qtbot.waitUntil(lambda: "contested count" in pane.details.text())
    assert "counted: ROK Joint Chiefs of Staff (via Yonhap), 23 missiles" in pane.details.text()
    other = next(r for r in range(model.rowCount()) if model.data(model.index(r, columns.index("launch_id")))
                 not in win.panes["timeline"].contested)
    assert "⚑" not in str(model.data(model.index(other, columns.index("missile_count"))))


def test_the_timeline_flags_the_days_markers_and_the_hover_tip_lists_the_claims(qtbot, win):
    pane = win.panes["timeline"]
    flags = pane.items.contested.data
    assert len(flags) == len(pane.contested) >= 2                          # every event of the day, no other
    assert "flagged ⚑" in pane.header.text()
    row = int(next(i for i, lid in enumerate(pane.events["launch_id"]) if lid == LAUNCH))
    drawn = int(next(i for i, r in enumerate(pane.items.rows) if r == row))
    vb = pane.plot.getViewBox()
    scene = vb.mapViewToScene(QPointF(float(pane.items.x[drawn]), float(pane.items.y[drawn])))
    pane._on_scene_moved(scene)                                            # the pointer over the marker
    tip = " ".join(pane.hover.textItem.toPlainText().split())            # unwrapped
    assert "20 missiles" in tip and "⚑ Contested count: counted: ROK Joint Chiefs of Staff (via Yonhap), 23 missiles on 2022-11-02" in tip
    assert "2 other claims: CNS count (the record) 7, Japan Ministry of Defense 8" in tip
    assert "this event carries the difference [+16]" in tip
