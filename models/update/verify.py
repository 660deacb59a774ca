"""Checking a downloaded file before anything is imported: is it what the source promises?

The content is recognised by the import's own format detection (`detect_format`), an HTML page (a
server's error or sign-in page in place of the list) is named as such, and the publication date inside
the file is read where the format has one (UN dateGenerated, OFAC XML Publish_Date).
"""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from models.errors import DataImportError
from models.importers.formats import detect_format

HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|title)\b", re.I | re.S)
FORMAT_NAMES = {"ofac_csv": "an OFAC list CSV (sdn.csv / cons_prim.csv)", "ofac_add_csv": "an OFAC add.csv",
                "ofac_alt_csv": "an OFAC alt.csv", "ofac_comments_csv": "an OFAC comments CSV",
                "ofac_xml": "an OFAC XML list", "un_xml": "the UN consolidated list (XML)",
                "cns_xlsx": "the CNS missile workbook", "cns_csv": "the CNS missile CSV"}


class VerifyError(Exception):
    """A downloaded file is not what its source promises: names the file and the problem."""


def check_file(path: Path, expected: str | None, content_type: str | None = None) -> str:
    """The format `path` is recognised as; VerifyError when it is an HTML page, unknown or the wrong format."""
    from models.importers import builtin  # noqa: F401  (registers the formats' sniffers, as `import` does)

    with open(path, "rb") as fh:
        head = fh.read(4096)
    if HTML_START.match(head):
        raise VerifyError(f"{path.name}: the server sent a web page (HTML{', ' + content_type if content_type else ''})"
                          " instead of the list: an error or sign-in page, or a moved address; nothing was imported")
    try:
        fmt = detect_format(path)
    except DataImportError as exc:
        raise VerifyError(f"{path.name}: not recognised as a list this program reads ({exc.problem})") from None
    if expected and fmt != expected:
        raise VerifyError(f"{path.name}: recognised as {FORMAT_NAMES.get(fmt, fmt)}, but this source's file "
                          f"should be {FORMAT_NAMES.get(expected, expected)}")
    return fmt


def publication_date(path: Path, fmt: str) -> str | None:
    """The publication date the file itself carries (YYYY-MM-DD), or None when its format has none."""
    from models.importers.xml_safe import iter_records, text_of

    try:
        if fmt == "un_xml":
            for _event, elem in iter_records(path, (), "CONSOLIDATED_LIST"):
                generated = elem.get("dateGenerated") or ""
                return generated[:10] if re.match(r"\d{4}-\d{2}-\d{2}", generated) else None
        if fmt == "ofac_xml":
            for event, elem in iter_records(path, ("publshInformation",), "sdnList"):
                if event == "end":
                    published = text_of(elem, "Publish_Date")
                    return datetime.strptime(published, "%m/%d/%Y").strftime("%Y-%m-%d") if published else None
    except (DataImportError, ValueError) as exc:
        raise VerifyError(f"{path.name}: cannot read its publication date ({exc})") from None
    return None
