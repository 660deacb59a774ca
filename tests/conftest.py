"""Test set-up: offscreen Qt, temporary QSettings, and the shared real data (../shared/data)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

SHARED_DATA = PROJECT.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_file(relative: str) -> Path:
    """A file under ../shared/data: skip when absent, fail when REQUIRE_SHARED_DATA=1."""
    path = SHARED_DATA / relative
    if not path.exists():
        reason = f"../shared/data/{relative} is not available (the real public data lives beside the checkout)"
        if os.environ.get("REQUIRE_SHARED_DATA") == "1":
            pytest.fail(reason + " and REQUIRE_SHARED_DATA=1")
        pytest.skip(reason)
    return path


CNS_CSV = "missiles/north_korea_missile_test_database.csv"
CNS_XLSX = "missiles/north_korea_missile_test_database.xlsx"
STATEMENT_FILES = ["statements/statements_2022.csv", "statements/signatories_2022.csv",
                   "statements/unsc_votes_2022.csv"]


@pytest.fixture
def store(tmp_path):
    from models.store import Store

    with Store(tmp_path / "test.sqlite3") as s:
        yield s


@pytest.fixture
def real_store(tmp_path):
    """A store with the real CNS CSV and the 2022 statement register imported."""
    from models.importers import import_files
    from models.store import Store

    files = [shared_file(CNS_CSV)] + [shared_file(f) for f in STATEMENT_FILES]
    with Store(tmp_path / "real.sqlite3") as s:
        import_files(s, files)
        yield s


@pytest.fixture
def bundled_store(tmp_path):
    """A store seeded from the bundled dataset in resources/ (needs no ../shared)."""
    from models.bundle import seed_store
    from models.store import Store

    with Store(tmp_path / "bundled.sqlite3") as s:
        seed_store(s)
        yield s


@pytest.fixture(autouse=True)
def _temporary_settings(tmp_path, monkeypatch):
    """Point QSettings at a temporary folder so tests never touch the user's settings."""
    monkeypatch.setenv("DPRK_BRIEF_SETTINGS_DIR", str(tmp_path / "settings"))
    monkeypatch.setenv("DPRK_BRIEF_DB", str(tmp_path / "default.sqlite3"))


@pytest.fixture(autouse=True)
def _dev_null_stays_a_device():
    """Name the test after which /dev/null is no longer a device (an atomic replace once turned it into a
    regular file on a developer machine, breaking every program that writes to it)."""
    yield
    import stat

    if os.name == "posix" and not stat.S_ISCHR(os.stat(os.devnull).st_mode):
        pytest.fail(f"{os.devnull} is no longer a character device after this test")


@pytest.fixture
def window(qtbot, bundled_store):
    """The main window on the bundled data, shown, with every pane built."""
    from models.briefing_model import BriefingModel
    from ui.main_window import MainWindow

    win = MainWindow(BriefingModel(bundled_store))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.panes_ready, timeout=20000):
        win.show()
    yield win
    win.close()
