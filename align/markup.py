"""Documents that are not plain text: a web page (HTML) or a Word document (.docx) read as its visible text.

Official reports reach journalists as web pages and as Word files. :func:`html_to_text` and :func:`docx_to_text`
turn them into the plain text the rest of align reads: one block (a paragraph, a heading, a list item, a table
cell) per paragraph, separated by blank lines; a line break (``<br>``, Word's ``<w:br/>``) is a line break. Character
offsets in align's output then refer to this text, which ``align segment`` and the ``src.sents`` / ``tgt.sents``
files show. Scripts, styles and the page's head are dropped; a page's navigation, header, footer, side bars and
forms too, unless nothing else is left. Only the standard library is used.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

#: elements whose start and end end a block of text
_BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul".split()
)
#: elements whose content is never text a reader sees
_SKIP = frozenset("script style noscript template head svg math iframe object select textarea button".split())
#: elements of a page's frame (menus, banners, footers), dropped unless nothing else is left
_FRAME = frozenset("nav header footer aside form menu".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SPACE = re.compile(r"[ \t\n\r\f\v\u200b]+")
_DOCTYPE = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)


def looks_like_html(text: str, name: str = "") -> bool:
    """Whether ``text`` is a web page: it opens with ``<!DOCTYPE html>`` or ``<html``, or the file name ends in
    ``.html`` / ``.htm`` / ``.xhtml`` and the text has a tag."""
    if _DOCTYPE.match(text[:4096]):
        return True
    return name.lower().endswith((".html", ".htm", ".xhtml")) and re.search(r"<[a-zA-Z!/]", text) is not None


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []  # (text, inside the page's frame)
        self._buf: list[str] = []
        self._skip = 0
        self._frame = 0  # open frame elements (nav, the page's header ...)
        self._frames: list[bool] = []  # for each open element of _FRAME: whether it counts as frame
        self._content = 0  # open article / main elements
        self._pre = 0

    def _flush(self) -> None:
        text = "".join(self._buf)
        self._buf = []
        lines = [ln.strip(" \t\r\f\v\u200b") if self._pre else _SPACE.sub(" ", ln).strip() for ln in text.split("\n")]
        block = "\n".join(ln for ln in lines if ln)
        if block:
            self.blocks.append((block, self._frame > 0))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            if tag not in _VOID:
                self._skip += 1
            return
        if self._skip:
            return
        if tag == "br":
            self._buf.append("\n")
        elif tag in _BLOCK:
            self._flush()
            if tag in _FRAME:
                # an article's own header or footer (its title, its date) is content, the page's is its frame
                framing = tag not in ("header", "footer") or not self._content
                self._frames.append(framing)
                self._frame += framing
            if tag in ("article", "main"):
                self._content += 1
            if tag == "pre":
                self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self._skip:
            self._buf.append("\n")
        elif tag in _BLOCK and not self._skip:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            if tag not in _VOID:
                self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if tag in _BLOCK:
            self._flush()
            if tag in _FRAME and self._frames:
                self._frame -= self._frames.pop()
            if tag in ("article", "main"):
                self._content = max(0, self._content - 1)
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre:
            self._buf.append(data)
        else:  # a line break in the markup is a space; only <br> breaks a line
            self._buf.append(data.replace("\n", " ").replace("\r", " "))


def html_to_text(markup: str) -> str:
    """A web page's visible text: its blocks separated by blank lines (``""`` when it has none)."""
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    parser._flush()
    blocks = [b for b, frame in parser.blocks if not frame] or [b for b, _ in parser.blocks]
    return "\n\n".join(blocks) + ("\n" if blocks else "")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def is_docx(raw: bytes) -> bool:
    """Whether ``raw`` is a Word document (a zip archive holding ``word/document.xml``)."""
    if not raw.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def docx_to_text(raw: bytes) -> str:
    """A Word document's text: one paragraph (``<w:p>``) per block, blocks separated by blank lines; tabs and line
    breaks kept. Raises ``ValueError`` when the archive or its XML cannot be read."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            xml = z.read("word/document.xml")
        root = ElementTree.fromstring(xml)
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError, RuntimeError) as exc:
        raise ValueError(str(exc) or type(exc).__name__) from None
    blocks: list[str] = []
    for p in root.iter(f"{_W}p"):
        parts: list[str] = []
        for el in p.iter():
            if el.tag == f"{_W}t" and el.text:
                parts.append(el.text)
            elif el.tag == f"{_W}tab":
                parts.append("\t")
            elif el.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        lines = [ln.strip() for ln in "".join(parts).split("\n")]
        block = "\n".join(ln for ln in lines if ln)
        if block:
            blocks.append(block)
    return "\n\n".join(blocks) + ("\n" if blocks else "")
