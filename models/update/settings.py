"""The update settings file: which sources to fetch, from which addresses, with which transfer limits.

The user's copy lives in the user config folder (`$DPRK_BRIEF_SOURCES` or `--config` point elsewhere)
and is created from `resources/update/sources.toml` on first use, so the official addresses are the
defaults and a mirror, an internal copy or a switched-off source is one edit away.
"""
from __future__ import annotations

import os
import shutil
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from models.paths import APP_NAME, RESOURCES_DIR

DEFAULT_SETTINGS = RESOURCES_DIR / "update" / "sources.toml"


class SettingsError(ValueError):
    """The settings file cannot be used: names the file and what is wrong."""


@dataclass(frozen=True)
class SourceFile:
    name: str                        # the file name the importers see (OFAC's list name follows it)
    url: str
    format: str | None = None        # what content detection must recognise it as (None: anything but HTML)
    max_bytes: int = 400 * 2 ** 20


@dataclass(frozen=True)
class Source:
    name: str
    title: str
    files: tuple[SourceFile, ...]
    enabled: bool = True
    do_import: bool = True           # False: downloaded and kept, not imported


@dataclass(frozen=True)
class Transfer:
    timeout: float = 60.0
    retries: int = 4
    backoff: float = 2.0
    max_backoff: float = 60.0


@dataclass
class UpdateSettings:
    path: Path
    transfer: Transfer
    sources: list[Source] = field(default_factory=list)

    def select(self, names: list[str] | None) -> list[Source]:
        """The named sources (any, enabled or not), or every enabled one; unknown names raise."""
        if not names:
            return [s for s in self.sources if s.enabled]
        known = {s.name: s for s in self.sources}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise SettingsError(f"{self.path}: no source named {', '.join(map(repr, unknown))}; "
                                f"the sources are: {', '.join(known)}")
        return [known[n] for n in dict.fromkeys(names)]


def default_settings_path() -> Path:
    """$DPRK_BRIEF_SOURCES, else sources.toml in the user config folder."""
    override = os.environ.get("DPRK_BRIEF_SOURCES")
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "sources.toml"


def load_settings(path: Path | None = None) -> UpdateSettings:
    """Read the settings file, creating it from the shipped defaults when it does not exist yet."""
    path = Path(path) if path is not None else default_settings_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEFAULT_SETTINGS, path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read the settings file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from None
    return parse_settings(path, data)


def parse_settings(path: Path, data: dict) -> UpdateSettings:
    t = data.get("transfer", {})
    max_default = _number(path, t, "max_file_mb", 400)
    transfer = Transfer(timeout=_number(path, t, "timeout_seconds", 60), retries=int(_number(path, t, "retries", 4)),
                        backoff=_number(path, t, "backoff_seconds", 2.0))
    sources, seen = [], set()
    for index, s in enumerate(data.get("source", []), start=1):
        if not isinstance(s, dict):
            raise SettingsError(f"{path}: source {index} is not a table ([[source]])")
        name = s.get("name")
        if not name or not isinstance(name, str):
            raise SettingsError(f"{path}: source {index} has no name")
        if name in seen:
            raise SettingsError(f"{path}: two sources are named {name!r}")
        seen.add(name)
        files = []
        for f in s.get("files", []):
            if not isinstance(f, dict) or not f.get("name") or not f.get("url"):
                raise SettingsError(f"{path}: source {name!r}: every file needs a name and a url")
            url = expand(str(f["url"]))
            if not url.lower().startswith(("https://", "http://")):
                raise SettingsError(f"{path}: source {name!r}: {url!r} is not an http(s) address")
            files.append(SourceFile(expand(str(f["name"])), url, f.get("format"),
                                    int(_number(path, f, "max_mb", max_default) * 2 ** 20)))
        if not files:
            raise SettingsError(f"{path}: source {name!r} lists no files")
        sources.append(Source(name, str(s.get("title", name)), tuple(files), bool(s.get("enabled", True)),
                              bool(s.get("import", True))))
    return UpdateSettings(path, transfer, sources)


def expand(text: str, today: datetime | None = None) -> str:
    """Fill the placeholders: {yy} is the current year's last two digits (sdnnew26.txt)."""
    today = today or datetime.now(timezone.utc)
    return text.replace("{yy}", f"{today.year % 100:02d}")


def _number(path: Path, table: dict, key: str, default: float) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise SettingsError(f"{path}: {key} must be a number of zero or more, not {value!r}")
    return float(value)
