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


def pytest_configure(config):
    config.addinivalue_line("markers", "both_engines: run the test's stores on SQLite and on PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: in a both_engines file, a test of SQLite's own machinery")


def pytest_generate_tests(metafunc):
    """Tests marked both_engines get their stores (store, real_store, bundled_store, new_store) twice."""
    marked = metafunc.definition.get_closest_marker
    if marked("both_engines") and not marked("sqlite_only") and "db_engine" in metafunc.fixturenames:
        metafunc.parametrize("db_engine", ["sqlite", "postgres"])


@pytest.fixture
def db_engine():
    """Which engine a test's stores use: SQLite unless the test is marked both_engines."""
    return "sqlite"


_CLUSTER: dict = {}


@pytest.fixture(scope="session")
def pg_cluster():
    """A throw-away PostgreSQL server for the whole test session (tests/pg.py); skips when it cannot be
    started here, fails instead when REQUIRE_POSTGRES=1 (CI)."""
    from tests.pg import ClusterUnavailable, start_cluster

    if "cluster" not in _CLUSTER and "error" not in _CLUSTER:
        try:
            _CLUSTER["cluster"] = start_cluster()
        except ClusterUnavailable as exc:
            _CLUSTER["error"] = str(exc)
    if "error" in _CLUSTER:
        reason = f"PostgreSQL tests need a local server: {_CLUSTER['error']}"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " (and REQUIRE_POSTGRES=1)")
        pytest.skip(reason)
    yield _CLUSTER["cluster"]


def pytest_sessionfinish(session, exitstatus):
    cluster = _CLUSTER.pop("cluster", None)
    if cluster is not None:
        cluster.stop()


@pytest.fixture
def new_store(request, tmp_path, db_engine):
    """Open a new, empty store on the test's engine: new_store() or new_store("name"); closed at the end."""
    opened = []

    def make(name: str = "test", bundled: bool = False):
        from models.store import Store, open_store

        if db_engine == "postgres":
            cluster = request.getfixturevalue("pg_cluster")
            url = cluster.bundled_database() if bundled else cluster.new_database()
            s = open_store(url)
            opened.append((s, lambda: cluster.drop_database(url)))
        else:
            s = Store(tmp_path / f"{name}.sqlite3")
            opened.append((s, None))
        return s

    yield make
    for s, drop in opened:
        s.close()
        if drop is not None:
            drop()


@pytest.fixture
def store(new_store):
    yield new_store("test")


@pytest.fixture
def real_store(new_store):
    """A store with the real CNS CSV and the 2022 statement register imported."""
    from models.importers import import_files

    files = [shared_file(CNS_CSV)] + [shared_file(f) for f in STATEMENT_FILES]
    s = new_store("real")
    import_files(s, files)
    yield s


@pytest.fixture
def bundled_store(new_store):
    """A store seeded from the bundled dataset in resources/ (needs no ../shared)."""
    from models.bundle import seed_store

    s = new_store("bundled", bundled=True)
    if s.engine == "sqlite":
        seed_store(s)               # PostgreSQL: a copy of a database seeded the same way (tests/pg.py)
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
