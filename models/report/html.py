"""The brief as HTML (no Qt): block snippets for the PDF renderer's QTextDocument and a self-contained
HTML file with the figures inline as SVG.

Every piece of text from the data goes through `esc` (html.escape), so a name containing `<b>`,
`&` or `<script>` shows as those characters and is never interpreted as markup.
"""
from __future__ import annotations

import html
from typing import Iterable

from models.report.content import Brief, Bullets, Figure, Paragraph, Section, Table
from models.safe_text import show_bidi

# QTextDocument understands a subset of CSS: class selectors, colours, fonts, margins, cell borders.
QT_CSS = """
body { font-family: 'DejaVu Sans'; font-size: 8.5pt; color: #1d2430; }
p { margin-top: 0px; margin-bottom: 5px; }
.lead { font-size: 9.5pt; color: #1d2430; }
.note { font-size: 7.5pt; color: #4b5563; }
.subhead { font-family: 'DejaVu Serif'; font-size: 11pt; font-weight: bold; color: #1f4e79; margin-top: 8px; }
.section { font-family: 'DejaVu Serif'; font-size: 16pt; font-weight: bold; color: #1f4e79; }
.title { font-family: 'DejaVu Serif'; font-size: 17pt; font-weight: bold; color: #1d2430; margin-bottom: 4px; }
.kicker { font-size: 8pt; font-weight: bold; color: #1f4e79; margin-bottom: 3px; }
.standfirst { font-family: 'DejaVu Serif'; font-size: 10pt; color: #374151; margin-bottom: 4px; }
.meta { font-size: 8.5pt; color: #374151; margin-bottom: 2px; }
.caption { font-size: 8pt; font-weight: bold; color: #1d2430; margin-bottom: 3px; }
.figcaption { font-size: 7.5pt; color: #4b5563; }
.kj { font-size: 9pt; margin-bottom: 4px; }
.fn { font-size: 7pt; color: #4b5563; margin-bottom: 1px; }
li { margin-bottom: 2px; }
"""
# A table document's only style rule (the rest is inline attributes, see table_html).
QT_TABLE_CSS = "td { border-bottom: 1px solid #d7dbe2; }"

WEB_CSS = """
body { font-family: 'DejaVu Sans', Verdana, sans-serif; font-size: 10pt; color: #1d2430; max-width: 60em;
       margin: 0 auto; padding: 1em 2em; }
.banner { text-align: center; font-weight: bold; letter-spacing: 0.08em; color: #b3261e; font-size: 9pt;
          border-bottom: 1px solid #b3261e; padding: 0.3em 0; }
h1, h2, h3 { font-family: 'DejaVu Serif', Georgia, serif; color: #1f4e79; }
.title { font-family: 'DejaVu Serif', Georgia, serif; color: #1d2430; font-size: 20pt; font-weight: bold;
         margin: 0.2em 0 0.2em; }
.kicker { color: #1f4e79; font-weight: bold; font-size: 9pt; margin-top: 1em; }
.standfirst { font-family: 'DejaVu Serif', Georgia, serif; color: #374151; font-size: 12pt; }
.meta { color: #374151; margin: 0.1em 0; }
.lead { font-size: 11pt; }
.note, .fn, figcaption { color: #4b5563; font-size: 8.5pt; }
.caption { font-weight: bold; margin: 1em 0 0.3em; }
table.data { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
table.data th { background: #1f4e79; color: #fff; text-align: left; padding: 3px 5px; }
table.data td { border-bottom: 1px solid #d7dbe2; padding: 3px 5px; vertical-align: top; }
table.data tr:nth-child(even) td { background: #f4f5f7; }
td.num, th.num { text-align: right; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
footer { color: #6b7280; font-size: 8pt; border-top: 1px solid #d7dbe2; margin-top: 2em; padding-top: 0.5em; }
"""


def esc(value: object) -> str:
    """Data text for HTML (the export and the PDF's tables): markup escaped, bidi controls shown visibly."""
    return html.escape(show_bidi("" if value is None else str(value)), quote=True)


def paragraph_html(p: Paragraph) -> str:
    return f'<p class="{esc(p.style)}">{esc(p.text)}</p>'


def bullets_html(b: Bullets) -> str:
    return "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in b.items) + "</ul>"


def table_html(t: Table, qt: bool = True, caption: bool = True, note: bool = True) -> str:
    """The table with a <thead> header row; `widths` become percentages; numeric columns align right.

    For QTextDocument (`qt`) the styling is inline attributes, not class selectors: matching a style
    sheet against every cell made laying out the brief's tables 2.5 times slower."""
    columns = [str(c) for c in t.frame.columns]
    total = sum(t.widths) if t.widths and len(t.widths) == len(columns) else None
    numeric = [c in t.numeric for c in columns]
    head = []
    for i, c in enumerate(columns):
        width = f' width="{t.widths[i] / total * 100:.1f}%"' if total else ""
        if qt:
            align = ' align="right"' if numeric[i] else ' align="left"'
            head.append(f'<th bgcolor="#1f4e79"{align}{width}><font color="#ffffff">{esc(c)}</font></th>')
        else:
            cls = ' class="num"' if numeric[i] else ""
            head.append(f"<th{cls}{width}>{esc(c)}</th>")
    body = []
    for r, row in enumerate(t.frame.astype(str).to_numpy()):
        if qt:
            shade = ' bgcolor="#f4f5f7"' if r % 2 else ""
            right = f'{shade} align="right"'
            cells = "".join(f"<td{right if numeric[i] else shade}>{esc(v)}</td>" for i, v in enumerate(row))
        else:
            cells = "".join(f'<td class="num">{esc(v)}</td>' if numeric[i] else f"<td>{esc(v)}</td>"
                            for i, v in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    if not body:
        body.append(f'<tr><td colspan="{max(len(columns), 1)}">None in the period.</td></tr>')
    attrs = (' width="100%" cellspacing="0" cellpadding="3" border="0" style="font-size: 7.5pt"' if qt
             else ' class="data"')
    out = [f'<p class="caption">{esc(t.caption)}</p>'] if caption else []
    out.append(f'<table{attrs}><thead><tr>{"".join(head)}</tr></thead><tbody>{"".join(body)}</tbody></table>')
    if t.note and note:
        out.append(f'<p class="note">{esc(t.note)}</p>')
    return "".join(out)


def title_html(brief: Brief) -> str:
    """Page one's head: the product and period (kicker), the finding as the title, the verdict line."""
    o = brief.options
    span = f"{o.start.isoformat() if o.start else 'first record'} to {o.end.isoformat() if o.end else 'latest record'}"
    period = brief.period_label + ("" if span == brief.period_label else f" ({span})")
    kicker = f"{brief.title} · {period}"
    title = brief.finding or brief.title
    out = [f'<p class="kicker">{esc(kicker)}</p>', f'<p class="title">{esc(title)}</p>']
    if brief.standfirst:
        out.append(f'<p class="standfirst">{esc(brief.standfirst)}</p>')
    return "".join(out)


def about_html(brief: Brief) -> str:
    """What the brief rests on: period, data vintage, filters, generation time (page two, small)."""
    from models.report.content import DATASET_NAMES

    o = brief.options
    span = f"{o.start.isoformat() if o.start else 'first record'} to {o.end.isoformat() if o.end else 'latest record'}"
    span = "" if span == brief.period_label else f" ({span})"
    vintage = "; ".join(f"{esc(DATASET_NAMES.get(k, k))} {esc(v)}" for k, v in brief.vintage.items())
    vintage = vintage or "no data imported"
    return (f'<p class="subhead">About this brief</p>'
            f'<p class="meta"><b>Period covered:</b> {esc(brief.period_label)}{esc(span)}</p>'
            f'<p class="meta"><b>Data as of:</b> {vintage}</p>'
            f'<p class="meta"><b>Filters in force:</b> {esc("; ".join(brief.filters))}</p>'
            f'<p class="meta"><b>Generated:</b> {esc(brief.generated_at)}</p>')


def judgments_html(brief: Brief) -> str:
    """The key judgments, each with its computed lead in bold and its footnote numbers."""
    parts = ['<p class="subhead">Key judgments</p>']
    n = 0
    for i, j in enumerate(brief.judgments, 1):
        refs = []
        for _ in j.footnotes:
            n += 1
            refs.append(str(n))
        sup = f"<sup>{','.join(refs)}</sup>" if refs else ""
        lead = getattr(j, "lead", "")
        if lead and j.text.startswith(lead):
            body = f"<b>{esc(lead)}</b>{esc(j.text[len(lead):])}"
        else:
            body = esc(j.text)
        parts.append(f'<p class="kj"><b>{i}.</b> {body}{sup}</p>')
    return "".join(parts)


def footnotes_html(brief: Brief, heading: bool = False) -> str:
    head = '<p class="subhead">Notes to the key judgments</p>' if heading and brief.footnotes else ""
    return head + "".join(f'<p class="fn"><sup>{n}</sup> {esc(text)}</p>' for n, text in brief.footnotes)


def annex_title_html(section: Section, letter: str) -> str:
    return f'<p class="subhead">Annex {letter}. {esc(section.annex_title)}</p>'


def annex_letters(brief: Brief) -> list[tuple[str, Section]]:
    return [(chr(ord("A") + i), s) for i, s in enumerate(brief.annex())]


def section_title_html(section: Section) -> str:
    return f'<p class="section">{esc(section.title)}</p>'


def figure_caption_html(figure: Figure, number: int) -> str:
    text = f"Figure {number}. {figure.caption}"
    note = f" {figure.note}" if figure.note else ""
    return f'<p class="figcaption"><b>{esc(text)}</b>{esc(note)}</p>'


def _blocks_html(blocks, svgs: dict[str, str], number: int) -> tuple[list[str], int]:
    out = []
    for block in blocks:
        if isinstance(block, Figure):
            number += 1
            svg = svgs.get(block.key)
            body = svg if svg else f'<p class="note">Figure not available: {esc(block.key)}</p>'
            out.append(f"<figure>{body}<figcaption>{esc(f'Figure {number}. {block.caption}')}"
                       f"{esc(' ' + block.note if block.note else '')}</figcaption></figure>")
        elif isinstance(block, Table):
            out.append(table_html(block, qt=False))
        elif isinstance(block, Bullets):
            out.append(bullets_html(block))
        elif isinstance(block, Paragraph):
            out.append("<h3>" + esc(block.text) + "</h3>" if block.style == "subhead" else paragraph_html(block))
    return out, number


def render_html(brief: Brief, svgs: dict[str, str] | None = None) -> str:
    """A self-contained HTML document in the order of the printed brief: the finding, the hero figure and
    the key judgments; the scorecard and notes; the argument; the annex. `svgs` maps a figure key to its
    SVG markup (inline, trusted: it is made by our own renderer, and every data string in it was escaped
    by the SVG writer)."""
    svgs = svgs or {}
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{esc(brief.finding or brief.title)} — {esc(brief.period_label)}</title>",
           f"<style>{WEB_CSS}</style></head><body>",
           f'<div class="banner">{esc(brief.banner)}</div>', "<header>", title_html(brief), "</header>",
           "<section>"]
    number = 0
    if brief.hero is not None:
        hero, number = _blocks_html([brief.hero], svgs, number)
        out += hero
    out += [judgments_html(brief).replace('<p class="subhead">Key judgments</p>', "<h2>Key judgments</h2>"),
            "</section>", "<section>", table_html(brief.scorecard, qt=False),
            footnotes_html(brief, heading=True).replace('<p class="subhead">Notes to the key judgments</p>',
                                                        "<h3>Notes to the key judgments</h3>"),
            about_html(brief).replace('<p class="subhead">About this brief</p>', "<h3>About this brief</h3>"),
            "</section>"]
    for section in brief.argument():
        out.append(f'<section id="{esc(section.key)}"><h2>{esc(section.title)}</h2>')
        body, number = _blocks_html(section.blocks, svgs, number)
        out += body + ["</section>"]
    letters = annex_letters(brief)
    if letters:
        out.append('<section id="annex"><h2>Annex</h2>')
        for letter, section in letters:
            out.append(f'<h2 id="annex-{esc(section.key)}">Annex {letter}. {esc(section.annex_title)}</h2>')
            body, number = _blocks_html(section.annex, svgs, number)
            out += body
        out.append("</section>")
    out += [f"<footer>{esc(brief.title)} · {esc(brief.banner)} · generated {esc(brief.generated_at)}</footer>",
            f'<div class="banner">{esc(brief.banner)}</div>', "</body></html>"]
    return "\n".join(out)


def blocks_text(blocks: Iterable[object]) -> str:
    """Plain text of paragraphs and bullets (for tests and previews)."""
    out = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, Bullets):
            out += b.items
    return "\n".join(out)
