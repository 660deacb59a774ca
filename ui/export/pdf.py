"""The brief on paper: one QPdfWriter (or QPrinter) at 96 dpi, laid out and paginated by hand.

`layout_brief` turns a models.report Brief into pages of placed pieces (text documents, table row
slices, figures) without painting; `paint_pages` draws them, with the header (title, banner) and
footer ("page N of M", generation time) in the margins. Tables are one QTextDocument each, cut
only between rows, and their header row is drawn again at the top of every continued page.
Figures are built on the GUI thread (ui.export.figures) and drawn as vectors.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (QAbstractTextDocumentLayout, QColor, QFont, QPageLayout, QPageSize, QPagedPaintDevice,
                           QPainter, QPdfWriter, QPen, QTextDocument)

from models.report import html as rh
from models.report.content import Brief, Bullets, Figure, Paragraph, Table
from ui.export.figures import BuiltFigure, build_figure, paint_figure

DPI = 96
MM = DPI / 25.4
PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGINS_MM = (17.0, 20.0, 17.0, 16.0)        # left, top, right, bottom: header and footer live in them
FIGURE_GAP = 10.0
BLOCK_GAP = 6.0


@dataclass
class Piece:
    """One placed thing on a page: a slice [y0, y1) of a document, or a figure."""

    y: float                                  # top on the page, relative to the content rect
    doc: QTextDocument | None = None
    y0: float = 0.0
    y1: float = 0.0
    header: float = 0.0                       # table header height repeated above the slice (continued pages)
    figure: BuiltFigure | None = None
    height: float = 0.0


@dataclass
class Flow:
    """A thing to place: a document (cut only at `breaks`) or a figure with its caption."""

    doc: QTextDocument | None = None
    breaks: list[float] = field(default_factory=list)
    header: float = 0.0
    figure: BuiltFigure | None = None
    caption: QTextDocument | None = None
    keep_with_next: bool = False
    page_break: bool = False
    annex: bool = False                       # the annex's title: where the annex begins

    @property
    def height(self) -> float:
        if self.figure is not None:
            return self.figure.height + (self.caption.size().height() if self.caption else 0.0)
        return self.doc.size().height() if self.doc is not None else 0.0

    def first_chunk(self) -> float:
        if self.figure is not None or not self.breaks:
            return self.height
        return next((b for b in self.breaks if b > 0), self.height)


@dataclass
class Layout:
    brief: Brief
    page_size: QSizeF                         # whole page, 96-dpi pixels
    content: QRectF                           # the content rectangle on the page
    pages: list[list[Piece]]
    figures: list[BuiltFigure]
    annex_page: int | None = None             # index of the page the annex starts on (None: no annex)

    @property
    def pages_before_annex(self) -> int:
        return len(self.pages) if self.annex_page is None else self.annex_page


def page_geometry(paper: str) -> tuple[QPageSize, QSizeF, QRectF]:
    """The page size, the whole page and the content rectangle in 96-dpi pixels."""
    size = QPageSize(_paper_id(paper))
    points = size.sizePoints()
    page = QSizeF(points.width() / 72 * DPI, points.height() / 72 * DPI)
    left, top, right, bottom = (m * MM for m in MARGINS_MM)
    return size, page, QRectF(left, top, page.width() - left - right, page.height() - top - bottom)


def _paper_id(paper: str) -> QPageSize.PageSizeId:
    try:
        return PAPERS[paper.lower()]
    except KeyError:
        raise ValueError(f"unknown paper size {paper!r}; choose a4 or letter") from None


# -- documents ----------------------------------------------------------------------------------------
def layout_device(device):
    """The device to lay text out for: None (the screen's metrics, about twice as fast) when the screen
    has our 96 dpi, as offscreen and most desktops do; else the 96-dpi printer/PDF device itself."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    if device is None or (screen is not None and abs(screen.logicalDotsPerInch() - DPI) < 0.5):
        return None
    return device


def make_doc(body: str, width: float, device=None, css: str = rh.QT_CSS) -> QTextDocument:
    doc = QTextDocument()
    if device is not None:
        doc.documentLayout().setPaintDevice(device)
    doc.setDocumentMargin(0)
    doc.setDefaultFont(QFont("DejaVu Sans", 9))
    doc.setDefaultStyleSheet(css)
    doc.setHtml(f"<body>{body}</body>")
    doc.setTextWidth(width)
    return doc


def block_breaks(doc: QTextDocument) -> list[float]:
    """Where a text document may be cut: between its top-level blocks, never inside a table row."""
    layout = doc.documentLayout()
    breaks = []
    block = doc.begin()
    tables = [f for f in doc.rootFrame().childFrames()]
    while block.isValid():
        breaks.append(layout.blockBoundingRect(block).top())
        block = block.next()
    for table in tables:   # a table frame's blocks are cut at row tops only
        top, bottom = layout.frameBoundingRect(table).top(), layout.frameBoundingRect(table).bottom()
        breaks = [b for b in breaks if not top < b < bottom] + row_tops(doc, table)[1:]
    breaks.append(doc.size().height())
    return sorted({round(b, 2) for b in breaks if b >= 0})


def row_tops(doc: QTextDocument, table) -> list[float]:
    """The top edge of every row of a QTextTable, then its bottom."""
    layout = doc.documentLayout()
    fmt = table.format()
    pad = fmt.cellPadding() + fmt.border()
    tops = []
    for r in range(table.rows()):
        cell_tops = [layout.blockBoundingRect(table.cellAt(r, c).firstCursorPosition().block()).top()
                     for c in range(table.columns())]
        tops.append(min(cell_tops) - pad)
    tops.append(layout.frameBoundingRect(table).bottom())
    return tops


HEADER_PAD = 10.0        # a header cell's padding and border, both sides, with a little air


def header_widths(table: Table, width: float) -> list[float] | None:
    """Relative column widths in which every header word fits its column on one line (never broken
    inside a word): a column too narrow for its longest header word takes the room from the columns
    with the most to spare."""
    from PySide6.QtGui import QFontMetricsF

    columns = [str(c) for c in table.frame.columns]
    if not table.widths or len(table.widths) != len(columns):
        return table.widths
    font = QFont("DejaVu Sans")
    font.setPointSizeF(7.5)
    font.setBold(True)
    metrics = QFontMetricsF(font)
    total = sum(table.widths)
    px = [w / total * width for w in table.widths]
    need = [max(metrics.horizontalAdvance(word) for word in (c.split() or [""])) + HEADER_PAD for c in columns]
    short = sum(max(0.0, n - p) for n, p in zip(need, px))
    if short <= 0:
        return table.widths
    spare = [max(0.0, p - n) for n, p in zip(need, px)]
    if sum(spare) < short:
        return table.widths            # cannot fit: leave the author's widths
    out = [max(p, n) if n > p else p - short * sp / sum(spare) for p, n, sp in zip(px, need, spare)]
    return [w / width * total for w in out]


def table_flow(table: Table, width: float, device) -> list[Flow]:
    from dataclasses import replace

    table = replace(table, widths=header_widths(table, width))
    caption = make_doc(f'<p class="caption">{rh.esc(table.caption)}</p>', width, device)
    doc = make_doc(rh.table_html(table, qt=True, caption=False, note=False), width, device, rh.QT_TABLE_CSS)
    qt_table = doc.rootFrame().childFrames()[0]
    tops = row_tops(doc, qt_table)
    header = tops[1] if len(tops) > 1 else 0.0
    breaks = [0.0] + tops[2:-1] + [doc.size().height()]      # never between the header and the first row
    flows = [Flow(doc=caption, breaks=[0.0, caption.size().height()], keep_with_next=True),
             Flow(doc=doc, breaks=breaks, header=header)]
    if table.note:
        note = make_doc(f'<p class="note">{rh.esc(table.note)}</p>', width, device)
        flows.append(Flow(doc=note, breaks=[0.0, note.size().height()]))
    return flows


def text_flow(body: str, width: float, device, keep_with_next: bool = False) -> Flow:
    doc = make_doc(body, width, device)
    return Flow(doc=doc, breaks=block_breaks(doc), keep_with_next=keep_with_next)


def block_flows(blocks, width: float, device, figures: dict[str, BuiltFigure], number: int) -> tuple[list[Flow], int]:
    """Flows for a run of blocks; figures are numbered on from `number`."""
    flows: list[Flow] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Figure):
            number += 1
            built = figures[block.key]
            caption = rh.figure_caption_html(block, number)
            if built.note:
                caption += f'<p class="note">{rh.esc(built.note)}</p>'
            flows.append(Flow(figure=built, caption=make_doc(caption, width, device)))
        elif isinstance(block, Table):
            flows += table_flow(block, width, device)
        elif isinstance(block, Bullets):
            flows.append(text_flow(rh.bullets_html(block), width, device))
        elif isinstance(block, Paragraph):
            # a subhead, or a short note that introduces a figure or table, stays with it
            flows.append(text_flow(rh.paragraph_html(block), width, device,
                                   keep_with_next=block.style == "subhead" or (
                                       block.style == "note" and isinstance(following, (Figure, Table)))))
    return flows, number


def brief_flows(brief: Brief, width: float, device, figures: dict[str, BuiltFigure]) -> list[Flow]:
    """Page one (the finding, the hero figure, the key judgments), page two (the scorecard, the notes to
    the judgments, what the brief rests on), the argument (sections run on, figures interleaved), then the
    annex (tables, long lists, the dense matrix, sources) from a new page."""
    flows = [text_flow(rh.title_html(brief), width, device)]
    number = 0
    if brief.hero is not None:
        hero, number = block_flows([brief.hero], width, device, figures, number)
        flows += hero
    flows.append(text_flow(rh.judgments_html(brief), width, device))
    flows.append(Flow(page_break=True))
    flows += table_flow(brief.scorecard, width, device)
    flows.append(text_flow(rh.footnotes_html(brief, heading=True), width, device))
    flows.append(text_flow(rh.about_html(brief), width, device))
    first = True
    for section in brief.argument():
        if first:
            flows.append(Flow(page_break=True))
            first = False
        flows.append(text_flow(rh.section_title_html(section), width, device, keep_with_next=True))
        body, number = block_flows(section.blocks, width, device, figures, number)
        flows += body
    letters = rh.annex_letters(brief)
    if letters:
        flows.append(Flow(page_break=True))
        flows.append(Flow(doc=make_doc('<p class="section">Annex</p>', width, device), breaks=[0.0],
                          keep_with_next=True, annex=True))
        flows[-1].breaks.append(flows[-1].doc.size().height())
        for letter, section in letters:
            flows.append(text_flow(rh.annex_title_html(section, letter), width, device, keep_with_next=True))
            body, number = block_flows(section.annex, width, device, figures, number)
            flows += body
    return flows


# -- pagination ---------------------------------------------------------------------------------------
def paginate(flows: list[Flow], page_height: float) -> list[list[Piece]]:
    pages: list[list[Piece]] = [[]]
    y = 0.0

    def new_page() -> None:
        nonlocal y
        pages.append([])
        y = 0.0

    for i, flow in enumerate(flows):
        if flow.page_break:
            if pages[-1]:
                new_page()
            continue
        gap = BLOCK_GAP if pages[-1] else 0.0
        if flow.keep_with_next:          # a chain of kept flows (title, note) moves with what follows it
            need, k = flow.height, i + 1
            while k < len(flows) and not flows[k].page_break and flows[k].keep_with_next:
                need += flows[k].height + BLOCK_GAP
                k += 1
            after = flows[k] if k < len(flows) else None
            need += after.first_chunk() + BLOCK_GAP if after is not None and not after.page_break else 0
            need = min(need, page_height)
            if pages[-1] and y + gap + need > page_height:
                new_page()
                gap = 0.0
        if flow.figure is not None:
            gap = FIGURE_GAP if pages[-1] else 0.0
            if pages[-1] and y + gap + flow.height > page_height:
                new_page()
                gap = 0.0
            pages[-1].append(Piece(y + gap, figure=flow.figure, doc=flow.caption, height=flow.height))
            y += gap + flow.height
            continue
        total = flow.height
        start = 0.0
        y += gap
        while start < total - 0.5:
            header = flow.header if start > 0 else 0.0
            room = page_height - y - header
            fits = [b for b in flow.breaks if start < b <= start + room]
            if not fits:
                if pages[-1] and y > 0:
                    new_page()
                    continue
                end = min(start + room, total)            # a single row taller than a page: cut it
            else:
                end = fits[-1]
            pages[-1].append(Piece(y, doc=flow.doc, y0=start, y1=end, header=header))
            y += header + (end - start)
            start = end
            if start < total - 0.5:
                new_page()
    if not pages[-1] and len(pages) > 1:
        pages.pop()
    return pages


def layout_brief(brief: Brief, device=None, build: Callable[[Figure, float], BuiltFigure] = build_figure) -> Layout:
    """Build figures and documents and cut them into pages (no painting). GUI thread (figures)."""
    _, page, content = page_geometry(brief.options.paper)
    figures = {f.key: build(f, content.width()) for f in brief.figures()}
    flows = brief_flows(brief, content.width(), layout_device(device), figures)
    pages = paginate(flows, content.height())
    annex = next((f.doc for f in flows if f.annex), None)
    annex_page = next((i for i, p in enumerate(pages) if any(piece.doc is annex for piece in p)), None) \
        if annex is not None else None
    return Layout(brief, page, content, pages, list(figures.values()), annex_page)


# -- painting -----------------------------------------------------------------------------------------
def _draw_slice(painter: QPainter, doc: QTextDocument, x: float, y: float, y0: float, y1: float,
                width: float) -> None:
    painter.save()
    painter.translate(x, y - y0)
    clip = QRectF(0, y0, width, y1 - y0)
    painter.setClipRect(clip)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = clip
    doc.documentLayout().draw(painter, context)
    painter.restore()


def paint_page(painter: QPainter, layout: Layout, index: int) -> None:
    content = layout.content
    x, top, width = content.left(), content.top(), content.width()
    for piece in layout.pages[index]:
        y = top + piece.y
        if piece.figure is not None:
            target = QRectF(x, y, piece.figure.width, piece.figure.height)
            paint_figure(piece.figure, painter, target)
            if piece.doc is not None:
                _draw_slice(painter, piece.doc, x, y + piece.figure.height, 0, piece.doc.size().height(), width)
            continue
        if piece.header > 0:
            _draw_slice(painter, piece.doc, x, y, 0, piece.header, width)
            y += piece.header
        _draw_slice(painter, piece.doc, x, y, piece.y0, piece.y1, width)
    _paint_margins(painter, layout, index)


def _paint_margins(painter: QPainter, layout: Layout, index: int) -> None:
    brief, page, content = layout.brief, layout.page_size, layout.content
    left, right = content.left(), content.right()
    painter.save()
    banner_font = QFont("DejaVu Sans", 7)
    banner_font.setBold(True)
    small = QFont("DejaVu Sans", 7)
    red, ink, muted = QColor("#b3261e"), QColor("#1d2430"), QColor("#6b7280")
    head = QRectF(left, 6 * MM, content.width(), 5 * MM)
    painter.setFont(banner_font)
    painter.setPen(red)
    painter.drawText(head, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, brief.banner)
    painter.setFont(small)
    painter.setPen(ink)
    line_y = content.top() - 4 * MM
    title_rect = QRectF(left, line_y - 5 * MM, content.width(), 4.5 * MM)
    painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, brief.title)
    painter.setPen(muted)
    painter.drawText(title_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, brief.period_label)
    painter.setPen(QPen(QColor("#1f4e79"), 0.8))
    painter.drawLine(QPointF(left, line_y), QPointF(right, line_y))
    foot_y = content.bottom() + 4 * MM
    painter.setPen(QPen(QColor("#d7dbe2"), 0.8))
    painter.drawLine(QPointF(left, foot_y), QPointF(right, foot_y))
    foot = QRectF(left, foot_y + 1.2 * MM, content.width(), 4.5 * MM)
    painter.setPen(muted)
    painter.drawText(foot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, f"Generated {brief.generated_at}")
    painter.setPen(ink)
    painter.drawText(foot, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                     f"page {index + 1} of {len(layout.pages)}")
    painter.setFont(banner_font)
    painter.setPen(red)
    painter.drawText(QRectF(left, page.height() - 7 * MM, content.width(), 4 * MM),
                     Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, brief.banner)
    painter.restore()


def paint_pages(layout: Layout, device: QPagedPaintDevice, painter: QPainter | None = None,
                progress: Callable[[int, int], None] | None = None) -> None:
    own = painter is None
    painter = painter or QPainter(device)
    try:
        for i in range(len(layout.pages)):
            if i:
                device.newPage()
            paint_page(painter, layout, i)
            if progress is not None:
                progress(i + 1, len(layout.pages))
    finally:
        if own:
            painter.end()


def configure(device: QPagedPaintDevice, paper: str) -> None:
    """96 dpi, the paper size, no device margins (ours are drawn by hand)."""
    size, _, _ = page_geometry(paper)
    device.setResolution(DPI) if hasattr(device, "setResolution") else None
    device.setPageSize(size)
    device.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def write_pdf(brief: Brief, path: str | Path, progress: Callable[[int, int], None] | None = None) -> Layout:
    """Lay out and write the brief to `path` through `models.safe_write` (a temporary file, synced, checked
    to be a whole PDF, then renamed over `path`); raises WriteError and leaves the old file. GUI thread."""
    from models.safe_write import safe_write

    holder: dict[str, Layout] = {}

    def write(tmp: str) -> None:
        writer = QPdfWriter(tmp)
        writer.setTitle(f"{brief.title} — {brief.period_label}")
        writer.setCreator("DPRK Pressure Brief")
        configure(writer, brief.options.paper)
        holder["layout"] = layout_brief(brief, writer)
        painter = QPainter(writer)
        if not painter.isActive():
            raise OSError(f"Qt could not open {tmp} for writing")
        try:
            paint_pages(holder["layout"], writer, painter, progress)
        finally:
            painter.end()
        del writer
    safe_write(path, write, kind=".pdf")
    return holder["layout"]
