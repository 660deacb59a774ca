"""Colours shared by widgets, plots and the printed brief. Widgets never hard-code colours."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    surface: str
    text: str
    muted: str
    grid: str
    accent: str
    success: str
    failure: str
    unknown: str
    highlight: str
    # positions in the alignment matrix
    joined: str
    not_joined: str
    vote_no: str
    abstain: str
    absent: str
    no_standing: str
    # revenue streams (sanctions pane and brief)
    stream_labour: str = "#8e6bbf"
    stream_minerals: str = "#8d6e63"
    stream_shipping: str = "#1e88e5"
    stream_cyber: str = "#00897b"
    stream_finance: str = "#e0a526"
    stream_procurement: str = "#c62828"
    stream_other: str = "#9aa3ae"
    disabled: str = "#a9afb8"             # text of disabled controls: plainly dimmer than `muted`
    field: str = "#ffffff"                # input fields and check boxes: set off from the window
    # the response vocabulary (models.response_vocabulary): one colour per term, everywhere
    response_statement_or_vote: str = "#2e7d32"
    response_designation_dated: str = "#1f4e79"
    response_designation_possible: str = "#8e9bb0"
    response_not_covered: str = "#b0b0b0"
    response_no_response: str = "#c62828"

    def response(self, key: str) -> str:
        """The colour of a response-vocabulary term (models.response_vocabulary keys)."""
        return getattr(self, f"response_{key}")

    def stream(self, name: str | None) -> str:
        """The colour of a revenue stream (labour, minerals, ...); 'other' for anything unknown."""
        return getattr(self, f"stream_{name}", self.stream_other) if name else self.stream_other


LIGHT = Theme("light", background="#ffffff", surface="#f4f5f7", text="#1d2430", muted="#6b7280",
              grid="#d7dbe2", accent="#1f4e79", success="#2e7d32", failure="#c62828", unknown="#8d8d8d",
              highlight="#f2a900", joined="#1f4e79", not_joined="#e9ecf1", vote_no="#b3261e",
              abstain="#e0a526", absent="#9aa3ae", no_standing="#ffffff")
DARK = Theme("dark", background="#15191f", surface="#1e242c", text="#e6e9ee", muted="#9aa3ae",
             grid="#343c47", accent="#6ea8dc", success="#66bb6a", failure="#ef5350", unknown="#a0a0a0",
             highlight="#ffc53d", joined="#4f8fcf", not_joined="#2a313b", vote_no="#e5534b",
             abstain="#d9a03a", absent="#6b7380", no_standing="#15191f",
             stream_labour="#b39ddb", stream_minerals="#bcaaa4", stream_shipping="#64b5f6", stream_cyber="#4db6ac",
             stream_finance="#ffd54f", stream_procurement="#ef5350", stream_other="#7d8794",
             disabled="#5a626d", field="#262d37",
             response_statement_or_vote="#66bb6a", response_designation_dated="#6ea8dc",
             response_designation_possible="#7d8aa0", response_not_covered="#6b7380", response_no_response="#ef5350")
PRINT = LIGHT


def current_theme() -> Theme:
    """DARK when the application palette is dark, else LIGHT."""
    app = QApplication.instance()
    if app is None:
        return LIGHT
    window = app.palette().color(QPalette.ColorRole.Window)
    return DARK if window.lightness() < 128 else LIGHT


def qcolor(hex_colour: str, alpha: int = 255) -> QColor:
    colour = QColor(hex_colour)
    colour.setAlpha(alpha)
    return colour


APPEARANCES = ("system", "light", "dark")


def palette_for(theme: Theme) -> QPalette:
    """A Qt palette in the theme's colours, so widgets and plots agree (and current_theme() finds it)."""
    palette = QPalette()
    role = QPalette.ColorRole
    for roles, colour in (((role.Window, role.AlternateBase), theme.surface),
                          ((role.Button,), theme.field if theme.name == "dark" else theme.surface),
                          ((role.Base,), theme.field if theme.name == "dark" else theme.background),
                          ((role.ToolTipBase,), theme.background),
                          ((role.WindowText, role.Text, role.ButtonText, role.ToolTipText), theme.text),
                          ((role.PlaceholderText,), theme.muted),
                          ((role.Highlight,), theme.accent),
                          ((role.HighlightedText,), theme.background),
                          ((role.Link,), theme.accent),
                          ((role.Light, role.Midlight), theme.grid),
                          ((role.Mid, role.Dark), theme.muted if theme.name == "dark" else theme.grid),
                          ((role.Shadow,), theme.background)):
        for r in roles:
            palette.setColor(r, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText, role.PlaceholderText):
        palette.setColor(disabled, r, QColor(theme.disabled))
    palette.setColor(disabled, role.Button, QColor(theme.surface))
    palette.setColor(disabled, role.Base, QColor(theme.surface))
    return palette


def theme_for(app: QApplication, appearance: str) -> Theme:
    """The theme an appearance stands for; 'system' follows the platform's colour scheme."""
    if appearance == "dark":
        return DARK
    if appearance == "light":
        return LIGHT
    from PySide6.QtCore import Qt

    return DARK if app.styleHints().colorScheme() == Qt.ColorScheme.Dark else LIGHT


def apply_appearance(app: QApplication, appearance: str) -> None:
    """Set the application palette from the appearance's theme (system: the platform's scheme)."""
    app.setPalette(palette_for(theme_for(app, appearance)))
