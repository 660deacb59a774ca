"""`python main.py update [--source NAME ...] [--dry-run] [--config FILE]`."""
from __future__ import annotations

import sys
from pathlib import Path

from models.store import Store


def cmd_update(store: Store, sources: list[str] | None, dry_run: bool, config: Path | None) -> int:
    """Run an update and print its report: 0 when every source updated or had no change, 1 when one
    failed, 2 when the settings cannot be used or another update is running."""
    from models.update.settings import SettingsError, load_settings
    from models.update.updater import UpdateBusy, run_update

    try:
        settings = load_settings(config)
        report = run_update(store, settings, sources, dry_run, _console_progress())
    except (SettingsError, UpdateBusy) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Update sources: {settings.path}" + (" (dry run: nothing is imported)" if dry_run else ""))
    print()
    print(report.summary())
    return 1 if report.failed else 0


def _console_progress():
    """Progress on stderr when it is a terminal (one line, rewritten), silent otherwise."""
    from models.progress import Progress

    if not sys.stderr.isatty():
        return Progress()

    def show(done: int, total: int, text: str) -> None:
        sys.stderr.write(f"\r\033[K{text[:100]}")
        sys.stderr.flush()
    return Progress(show, interval=0.2)
