"""The printable brief as data: sections, key judgments, tables and figure specs (no Qt).

`build_brief(store, options)` returns a `Brief`; ui/export renders it to PDF or print, and
models.report.html renders it to self-contained HTML.
"""
from models.report.content import (  # noqa: F401
    ALL_SECTIONS, DEFAULT_BANNER, DEFAULT_TITLE, Brief, BriefError, BriefOptions, Bullets, Figure, Paragraph,
    Section, Table, build_brief)
