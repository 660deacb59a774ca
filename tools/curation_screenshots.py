"""Screenshots of the curation dialogs at 1366x768 and 1920x1080 (docs/screenshots/<size>_curation_*.png),
each filled as a user would fill it, on a fresh database seeded from the bundled dataset.

    python tools/curation_screenshots.py          # runs itself under xvfb-run, once per screen size
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "docs" / "screenshots"
SIZES = {"1366x768": (1366, 768), "1920x1080": (1920, 1080)}


def run() -> int:
    if shutil.which("xvfb-run") is None:
        print("error: xvfb-run not found (Debian: apt-get install xvfb xauth)", file=sys.stderr)
        return 1
    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    for name, (width, height) in SIZES.items():
        code = subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {width}x{height}x24", sys.executable, __file__,
                               "--shoot", name], env=env, cwd=PROJECT).returncode
        if code:
            return code
    return 0


def shoot(size: str) -> int:
    os.environ["DPRK_BRIEF_SETTINGS_DIR"] = tempfile.mkdtemp(prefix="shots-settings-")
    sys.path.insert(0, str(PROJECT))
    from PySide6.QtWidgets import QApplication

    from models.briefing_model import BriefingModel
    from models.commands import open_store
    from models.curation import AddClaim, ClaimInput, SourceInput
    from ui.main_window import MainWindow
    from ui.style import stylesheet
    from ui.theme import apply_appearance, current_theme

    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    apply_appearance(app, "light")
    app.setStyleSheet(stylesheet(current_theme()))
    store = open_store(Path(tempfile.mkdtemp(prefix="shots-db-")) / "briefing.sqlite3", seed=True)
    model = BriefingModel(store)
    window = MainWindow(model)
    window.show()
    while not window.panes:
        app.processEvents()
    OUT.mkdir(parents=True, exist_ok=True)
    actions = window.curation

    def save(dialog, name: str) -> None:
        for _ in range(20):
            app.processEvents()
        path = OUT / f"{size}_curation_{name}.png"
        dialog.grab().save(str(path))
        print(f"wrote {path.relative_to(PROJECT)} ({dialog.width()}x{dialog.height()})")
        dialog.close()

    model.set_period(date(2024, 1, 1), date(2024, 12, 31))
    launches = model.launches()
    model.select_launch(str(launches[launches["date"] == "2024-10-30"]["launch_id"].iloc[0]))
    d = actions.open_add_statement()
    d.statement_id.setText("JS2024-02")
    d.date.setText("2024-11-05")
    d.title.setText("Joint statement on the DPRK's October 30 ICBM launch")
    d.venue.setText("UN Security Council stakeout")
    d.url.setText("https://m.ajupress.com/view/20241106104541097")
    d.signatories.add_council()
    d.signatories.entry.setText("XYZ")
    d.signatories.add_from_entry()
    d.sources.set_cell(0, "publisher", "Aju Press")
    d.sources.set_cell(0, "url", "https://m.ajupress.com/view/20241106104541097")
    d.check_now()
    save(d, "statement")

    d = actions.open_add_vote()
    d.symbol.setText("S/2024/999")
    d.date.setText("2024-03-28")
    d.members.set_vote("RUS", "no")
    d.members.set_vote("CHN", "abstain")
    d.check_now()
    save(d, "vote")

    d = actions.open_add_launch()
    d.moment.date.setText("2024-10-31")
    d.moment.time.setText("07:11")
    d.missile_class.setCurrentText("ICBM")
    d.name.setText("Hwasong-19")
    d.apogee.setText("7000 km")
    d.check_now()
    save(d, "launch")

    day = "2022-11-02"
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    model.select_launch("L2022-11-01-1")
    actions.curator.run(AddClaim(ClaimInput(day, 23, SourceInput(
        "ROK Joint Chiefs of Staff (via Yonhap)", "https://en.yna.co.kr/view/AEN20221102004200315",
        date.today().isoformat(), "North Korea fired 23 missiles of various types"))))
    d = actions.open_claims()
    save(d, "claims")
    actions.delete("launch")                          # the selected L2022-11-01-1: hidden, restorable
    d = actions.open_facts()
    save(d, "facts")
    d = actions.open_audit()
    save(d, "audit")
    ids = store.rows("SELECT designation_id FROM designations WHERE dprk = 1 ORDER BY designation_id LIMIT 1")
    if ids:
        model.select_designation(int(ids[0][0]))
        d = actions.open_edit_designation()
        save(d, "designation")
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(shoot(sys.argv[sys.argv.index("--shoot") + 1]) if "--shoot" in sys.argv else run())
