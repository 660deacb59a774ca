"""The response vocabulary's colours: one theme key per term, distinct in both palettes."""
from __future__ import annotations

from models import response_vocabulary as vocab


def test_the_ui_theme_has_a_colour_for_every_term():
    from ui.theme import DARK, LIGHT

    for theme in (LIGHT, DARK):
        colours = [theme.response(k) for k in vocab.ORDER]
        assert len(set(colours)) == len(colours)
