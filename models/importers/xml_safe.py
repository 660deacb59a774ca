"""Streaming, hardened XML reading for the list importers.

lxml's iterparse with entities unresolved, no network, no huge-tree mode, and each record cleared
once read (PERFORMANCE.md section 5). A document that declares a DTD is refused outright: list files
never need one, and a DTD is how entity bombs and external entities get in.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from lxml import etree

from models.errors import DataImportError
from models.progress import Progress

if TYPE_CHECKING:
    from models.importers.sanctions_entry import Entry

_ROOT_START = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def prolog_root(path: Path, head: bytes) -> str | None:
    """The root element's local name in `head`, or None; refuses a document that declares a DTD."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<"):
        return None
    match = _ROOT_START.search(text)
    prolog = text[: match.start()] if match else text
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise DataImportError(path, "the XML file declares a DTD (<!DOCTYPE>/<!ENTITY>), which sanctions list "
                                    "files never do; refused because DTD entities can expand without bound "
                                    "(an 'entity bomb') or read other files")
    return match.group(2).decode("ascii") if match else None


def local(elem: etree._Element) -> str:
    tag = elem.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def iter_records(path: Path, tags: tuple[str, ...], root: str) -> Iterator[tuple[str, etree._Element]]:
    """Yield (event, element) for `root` ("start") and for each `tags` element ("end"), namespace-agnostic.

    Each yielded record is cleared after the caller has handled it; the caller must copy what it needs.
    """
    from models.importers.textfile import utf8_head

    with open(path, "rb") as fh:
        head = fh.read(65536)
    found = prolog_root(path, utf8_head(head))
    if found != root:
        raise DataImportError(path, f"expected an XML file whose root element is <{root}>, found "
                                    f"{'<' + found + '>' if found else 'no XML root element'}", line=1)
    wanted = tuple("{*}" + t for t in (root, *tags))
    try:
        context = etree.iterparse(str(path), events=("start", "end"), tag=wanted, resolve_entities=False,
                                  no_network=True, huge_tree=False, load_dtd=False, remove_comments=True,
                                  remove_pis=True)
        checked = False
        for event, elem in context:
            if not checked:
                if elem.getroottree().docinfo.internalDTD is not None:
                    raise DataImportError(path, "the XML file declares a DTD; refused (see entity bombs)")
                checked = True
            name = local(elem)
            if event == "start":
                if name == root:
                    yield event, elem
                continue
            if name == root:
                continue
            yield event, elem
            elem.clear()
            parent = elem.getparent()
            if parent is not None:
                while elem.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise DataImportError(path, f"broken or truncated XML ({exc.msg})", line=exc.lineno) from None


def estimate_records(path: Path, tags: tuple[str, ...]) -> int:
    """About how many `tags` elements the file holds (open plus close tags, halved), read in chunks."""
    needles = [f"{t}>".encode() for t in tags]
    keep = max(len(n) for n in needles) - 1
    count, tail = 0, b""
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            data = tail + chunk             # a tag cut by the chunk boundary is counted once
            count += sum(data.count(n) - tail.count(n) for n in needles)
            tail = data[-keep:]
    return max(1, count // 2)


class EntryReader:
    """Counts the entries read from one list file: refuses an id seen before, reports progress every `step`."""

    def __init__(self, path: Path, id_name: str, total: int, progress: Progress, step: int):
        self.path, self.id_name, self.total, self.progress, self.step = path, id_name, total, progress, step
        self.count = 0
        self.seen: set[str] = set()

    def add(self, entry: Entry, line: int | None) -> None:
        if entry.source_id in self.seen:
            raise DataImportError(self.path, f"{self.id_name} {entry.source_id} appears twice", line=line)
        self.seen.add(entry.source_id)
        self.count += 1
        n = self.count
        if n % self.step == 0:
            self.total = max(self.total, n)
            self.progress.step(n, self.total, f"Reading {self.path.name}: {n:,} of about {self.total:,}")


class Node:
    """One element's children indexed by local name in a single pass (a `find` per field costs ~3 us)."""

    __slots__ = ("texts", "groups")

    def __init__(self, elem: etree._Element):
        texts: dict[str, str | None] = {}
        groups: dict[str, list[etree._Element]] = {}
        for child in elem:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            name = tag[tag.rfind("}") + 1:]
            if name not in texts:
                texts[name] = (child.text or "").strip() or None
                groups[name] = [child]
            else:
                groups[name].append(child)
        self.texts, self.groups = texts, groups

    def text(self, name: str) -> str | None:
        """Like text_of: the stripped text of the first child called `name`, or None."""
        return self.texts.get(name)

    def all(self, name: str) -> list[etree._Element]:
        """Like children: the children called `name`, in document order."""
        return self.groups.get(name, [])


def text_of(elem: etree._Element, name: str) -> str | None:
    """The stripped text of the first child called `name` (any namespace), or None when empty."""
    child = elem.find("{*}" + name)
    if child is None:
        return None
    return (child.text or "").strip() or None


def children(elem: etree._Element, name: str) -> list[etree._Element]:
    """The children called `name`, in any namespace (lxml matches `{*}` in C)."""
    return list(elem.iterchildren("{*}" + name))
