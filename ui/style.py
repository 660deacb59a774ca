"""Loading the numbered QSS files in resources/styles with the theme's colours filled in."""
from __future__ import annotations

from dataclasses import asdict
from string import Template

from models.paths import RESOURCES_DIR
from ui.theme import Theme

STYLES_DIR = RESOURCES_DIR / "styles"
ICONS_DIR = RESOURCES_DIR / "icons"


def stylesheet(theme: Theme) -> str:
    sheets = sorted(STYLES_DIR.glob("*.qss"))
    return "\n".join(Template(p.read_text(encoding="utf-8")).safe_substitute(asdict(theme), icons=ICONS_DIR.as_posix()) for p in sheets)
