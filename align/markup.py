"""Documents that are not plain text: a web page (HTML) or a Word document (.docx) read as its visible text.

Official reports reach journalists as web pages and as Word files. :func:`html_to_text` and :func:`docx_to_text`
turn them into the plain text the rest of align reads: one block (a paragraph, a heading, a list item, a table
cell) per paragraph, separated by blank lines; a line break (``<br>``, Word's ``<w:br/>``) is a line break, two in a
row end a block. Character offsets in align's output then refer to this text, which ``align segment`` and the
``src.sents`` / ``tgt.sents`` files show. Scripts, styles, the page's head and hidden elements are dropped, and so are
its frame (navigation, a header or footer outside the article, side bars, cookie notices) unless the frame holds most
of the page's text. ``<q>`` gets the quotation marks a browser shows. Only the standard library is used.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from html.parser import HTMLParser
from xml.etree import ElementTree

#: elements whose start and end end a block of text
_BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul".split()
)
#: elements whose content is never text a reader sees
_SKIP = frozenset("script style noscript template title svg math iframe object select textarea button".split())
#: elements of a page's frame (menus, banners, footers), dropped unless they hold most of the text
_FRAME = frozenset("nav header footer aside menu".split())
#: a frame element by its class or id: cookie and consent notices
_FRAME_NAME = re.compile(r"cookie|consent|gdpr", re.I)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_DOCTYPE = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_TAG = re.compile(r"<html(?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>]+))?)*\s*>", re.I)
#: a "<" that no ">" closes before the next "<" is text (html.parser rescans such a tag to the end: quadratic)
_OPEN_LT = re.compile(r"<(?!!)(?=[^<>]*(?:<|\Z))")
#: the text of a footnote mark: a number, a letter or a sign, perhaps in brackets ("1", "[12]", "*", "†")
_NOTE_MARK = re.compile(r"\s*\[?\s*(?:\d{1,3}|[a-z]|[*†‡§¶]{1,3})\s*\]?\s*\Z")
#: at most this share of a page's letters in its frame: more, and the frame is kept (a page laid out in frames)
FRAME_MAX_SHARE = 0.75


def looks_like_html(text: str, name: str = "") -> bool:
    """Whether ``text`` is a web page: it opens with ``<!DOCTYPE html>`` or an ``<html …>`` tag, or the file name ends
    in ``.html`` / ``.htm`` / ``.xhtml`` and the text has a tag."""
    m = _DOCTYPE.match(text[:4096])
    if m:
        # <!DOCTYPE html>, <html>, <html lang="ru">; not a text that starts with the word "<html"
        return "<!doctype" in m.group(0).lower() or _HTML_TAG.match(text, m.end() - 6) is not None
    return name.lower().endswith((".html", ".htm", ".xhtml")) and re.search(r"<[a-zA-Z!/]", text) is not None


class _Extractor(HTMLParser):
    """Blocks of visible text with, for each, whether it lies in the page's frame."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []  # (text, inside the page's frame)
        self._buf: list[str] = []
        self._open: list[tuple[str, bool]] = []  # open block elements: (tag, is frame)
        self._skip: str | None = None  # the element whose content is skipped, and how deep it nests in itself
        self._skip_depth = 0
        self._breaks = 0  # <br> in a row
        self._sup = 0  # open <sup> elements
        self._note_at: int | None = None  # where in the buffer an in-page link inside <sup> began: a footnote mark?

    # ---------------------------------------------------------------- blocks
    def _inside(self, *tags: str) -> bool:
        return any(t in tags for t, _ in self._open)

    def _framed(self) -> bool:
        """Inside the page's frame, and not in a headline (which is content wherever it stands)."""
        return any(f for _, f in self._open) and not self._inside("h1")

    def _flush(self) -> None:
        text = "".join(self._buf)
        self._buf = []
        self._breaks = 0
        if self._inside("pre"):
            lines = [ln.strip(" \t\r\f\v") for ln in text.split("\n")]
        else:
            lines = [_SPACE.sub(" ", ln).strip() for ln in text.split("\n")]
        block = "\n".join(ln for ln in lines if ln)
        if block:
            self.blocks.append((block, self._framed()))

    def _close(self, tag: str) -> None:
        """End the innermost open ``tag`` and every element left open inside it (as a browser does)."""
        for k in range(len(self._open) - 1, -1, -1):
            if self._open[k][0] == tag:
                del self._open[k:]
                return

    # ---------------------------------------------------------------- parser events
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip is not None:
            if tag == self._skip:
                self._skip_depth += 1
            return
        a = dict(attrs)
        hidden = "hidden" in a or _HIDDEN_STYLE.search(a.get("style") or "") or (tag == "dialog" and "open" not in a)
        if (tag in _SKIP or hidden) and tag not in _VOID:
            self._skip, self._skip_depth = tag, 1
            return
        if tag == "br":
            self._breaks += 1
            if self._breaks == 2:  # a blank line: the block ends
                self._flush()
            else:
                self._buf.append("\n")
        elif tag == "q":
            self._buf.append("“")
        elif tag == "sup":
            self._sup += 1
        elif tag == "a" and self._sup and (a.get("href") or "").startswith("#"):
            self._note_at = len(self._buf)
        elif tag in _BLOCK:
            self._flush()
            if tag in ("p", "li") and self._open and self._open[-1][0] == tag:
                self._close(tag)  # <p>one<p>two: the first ends where the second starts
            framing = (tag in _FRAME and (tag not in ("header", "footer") or not self._inside("article", "main"))
                       or bool(_FRAME_NAME.search(f"{a.get('class') or ''} {a.get('id') or ''}")))
            # an article's own header or footer (its title, its date) is content, the page's is its frame
            self._open.append((tag, framing))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip is not None:
            return
        if tag == "br":
            self.handle_starttag(tag, attrs)
        elif tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self._skip is not None:
            if tag == self._skip:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip = None
            return
        if tag == "q":
            self._buf.append("”")
        elif tag == "sup":
            self._sup = max(0, self._sup - 1)
        elif tag == "a" and self._note_at is not None:
            # a footnote mark ("trillion<sup><a href="#fn1">1</a></sup>."): not glued to the word as "trillion1."
            if _NOTE_MARK.match("".join(self._buf[self._note_at :])):
                del self._buf[self._note_at :]
            self._note_at = None
        elif tag in _BLOCK:
            self._flush()
            self._close(tag)

    def handle_data(self, data: str) -> None:
        if self._skip is not None:
            return
        if data.strip():
            self._breaks = 0
        if self._inside("pre"):
            self._buf.append(data)
        else:  # a line break in the markup is a space; only <br> breaks a line
            self._buf.append(data.replace("\n", " ").replace("\r", " "))


def html_to_text(markup: str) -> str:
    """A web page's visible text: its blocks separated by blank lines (``""`` when it has none)."""
    start = markup.rfind("<!--")
    if start >= 0 and markup.find("-->", start) < 0:
        markup = markup[:start]  # a comment left open: html.parser would show it as text
    parser = _Extractor()
    parser.feed(_OPEN_LT.sub("&lt;", markup))
    parser.close()
    parser._flush()
    blocks = parser.blocks

    def letters(bs: list[str]) -> int:
        return sum(ch.isalpha() for b in bs for ch in b)

    content = [b for b, frame in blocks if not frame]
    total = letters([b for b, _ in blocks])
    if total and letters(content) < (1.0 - FRAME_MAX_SHARE) * total:
        content = [b for b, _ in blocks]  # the frame holds most of the text: the page is laid out in frames
    return "\n\n".join(content) + ("\n" if content else "")


#: WordprocessingML namespaces (transitional, strict) and markup compatibility
_W_NAMESPACES = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                 "http://purl.oclc.org/ooxml/wordprocessingml/main")
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: largest document.xml read (uncompressed bytes): about 5 MB of text
MAX_DOCX_XML = 64 * 2**20


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{2,40})""", re.I)


def declared_charset(raw: bytes) -> str | None:
    """The encoding a web page declares in its first 4 KB (``<meta charset="windows-1251">``), or None."""
    m = _CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def is_docx(raw: bytes) -> bool:
    """Whether ``raw`` is a Word document (a zip archive holding ``word/document.xml``)."""
    if not raw.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _docx_blocks(el: ElementTree.Element, w: str, parts: list[str], blocks: list[str]) -> None:
    """Walk ``el``: text of runs into ``parts``; each paragraph (a text box's too) becomes a block of ``blocks``."""
    for child in el:
        tag = child.tag
        if tag == _MC_FALLBACK or tag in (f"{w}del", f"{w}moveFrom", f"{w}instrText", f"{w}delText"):
            continue  # a copy of the choice before it (text boxes, equations), or text tracked as deleted / moved
        if tag == f"{w}p":
            own: list[str] = []
            inner: list[str] = []  # the paragraphs of a text box anchored in this one: after it
            _docx_blocks(child, w, own, inner)
            lines = [ln.strip() for ln in "".join(own).split("\n")]
            block = "\n".join(ln for ln in lines if ln)
            if block:
                blocks.append(block)
            blocks.extend(inner)
        elif tag == f"{w}t":
            parts.append(child.text or "")
        elif tag == f"{w}tab":
            parts.append("\t")
        elif tag in (f"{w}br", f"{w}cr"):
            parts.append("\n")
        elif tag == f"{w}noBreakHyphen":
            parts.append("-")
        else:
            _docx_blocks(child, w, parts, blocks)


def docx_to_text(raw: bytes) -> str:
    """A Word document's text: one paragraph (``<w:p>``) per block, blocks separated by blank lines; tabs, line breaks
    and non-breaking hyphens kept, a text box as a block of its own (once), deleted and moved-away text left out;
    the footnotes and endnotes after the body.
    Raises ``ValueError`` when the archive or its XML cannot be read or is larger than :data:`MAX_DOCX_XML`."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = set(z.namelist())
            parts = [n for n in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
                     if n in names or n == "word/document.xml"]
            size = sum(z.getinfo(n).file_size for n in parts)
            if size > MAX_DOCX_XML:
                raise ValueError(f"its text is {size / 2**20:.0f} MB of XML, more than align reads "
                                 f"({MAX_DOCX_XML // 2**20} MB)")
            roots = [ElementTree.fromstring(z.read(n)) for n in parts]
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError, RuntimeError, EOFError, zlib.error,
            NotImplementedError) as exc:
        raise ValueError(str(exc) or type(exc).__name__) from None
    blocks: list[str] = []
    for root in roots:
        ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
        w = f"{{{ns}}}" if ns in _W_NAMESPACES else f"{{{_W_NAMESPACES[0]}}}"
        # footnotes and endnotes after the body, each note's paragraphs as blocks (not Word's separator lines)
        notes = [n for n in root if n.tag in (f"{w}footnote", f"{w}endnote") and not n.get(f"{w}type")]
        for el in notes if root.tag != f"{w}document" else [root]:
            _docx_blocks(el, w, [], blocks)
    return "\n\n".join(blocks) + ("\n" if blocks else "")
