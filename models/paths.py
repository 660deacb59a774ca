"""Where the program keeps its files."""
from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "dprk-pressure-brief"
PROJECT_DIR = Path(__file__).resolve().parent.parent
RESOURCES_DIR = PROJECT_DIR / "resources"
REFERENCE_DIR = RESOURCES_DIR / "reference"
BUNDLED_DATASET = RESOURCES_DIR / "dataset" / "briefing_dataset.json.gz"


def default_db_path() -> Path:
    """The user's database: $DPRK_BRIEF_DB, else the platform's user data directory."""
    override = os.environ.get("DPRK_BRIEF_DB")
    if override:
        from models.engines import db_target

        return db_target(override)      # a file, or a PostgreSQL database (postgresql://..., service=...)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "briefing.sqlite3"


def shared_data_dir() -> Path:
    """`../shared/data` beside the checkout (the real public files; read-only)."""
    return PROJECT_DIR.parent / "shared" / "data"
