"""Web pages and Word documents read as their visible text (align.markup); other formats named, not misread."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from align.cli import main
from align.errors import InputError
from align.io import read_text
from align.markup import docx_to_text, html_to_text, is_docx, looks_like_html
from align.pipeline import find_pairs

PAGE_RU = """<!DOCTYPE html>
<html lang="ru"><head><title>Встреча</title><style>p {color: red}</style><script>var x = "Не текст.";</script></head>
<body><header><nav><ul><li>Главная</li><li>Новости</li></ul></nav></header>
<main><article><header><h1>Встреча с губернатором</h1></header>
<p>Президент провёл
   встречу. Он заявил, что&nbsp;всё &laquo;хорошо&raquo;.</p>
<p>Встреча длилась час.<br>Вторая строка.</p></article></main>
<footer>© 2024 kremlin.ru</footer></body></html>
"""


def _docx(paragraphs: list[list[str]]) -> bytes:
    """A minimal Word document: each paragraph a list of runs; "\\n" in a run is a <w:br/>."""
    body = []
    for runs in paragraphs:
        rs = []
        for r in runs:
            parts = r.split("\n")
            inner = '<w:br/>'.join(f'<w:t xml:space="preserve">{p}</w:t>' for p in parts)
            rs.append(f"<w:r>{inner}</w:r>")
        body.append(f"<w:p>{''.join(rs)}</w:p>")
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + "".join(body) + "</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def test_a_page_is_its_visible_text_one_block_a_paragraph():
    text = html_to_text(PAGE_RU)
    assert text == ("Встреча с губернатором\n\nПрезидент провёл встречу. Он заявил, что\xa0всё «хорошо».\n\n"
                    "Встреча длилась час.\nВторая строка.\n")


@pytest.mark.parametrize("markup, expected", [
    ("<html><body><nav>Меню</nav></body></html>", "Меню\n"),  # only a frame: kept rather than nothing
    ("<html><body><pre>a  b\n c</pre><p>x<b>y</b> z</p></body></html>", "a  b\nc\n\nxy z\n"),
    ("<html><body><table><tr><td>1</td><td>Two words.</td></tr></table></body></html>", "1\n\nTwo words.\n"),
    ("<html><body><p>a &lt; b &amp; c</p><!-- <p>hidden</p> --></body></html>", "a < b & c\n"),
    ("<html><body></body></html>", ""),
])
def test_html_blocks(markup, expected):
    assert html_to_text(markup) == expected


@pytest.mark.parametrize("markup, expected", [
    # an ASP.NET page wraps its body in a <form>; a cookie notice outside it is the frame, not the page
    ('<!DOCTYPE html><html><body><div class="cookie">This site uses cookies.</div><form id="form1"><nav>Home</nav>'
     '<div><h1>Report title</h1><p>The main text.</p></div><footer>Copyright</footer></form></body></html>',
     "Report title\n\nThe main text.\n"),
    # a <nav> left open inside a <div> ends with the <div>, as in a browser
    ("<html><body><div><nav><ul><li>Home</li></ul></div><article><p>Article text.</p></article></body></html>",
     "Article text.\n"),
    # </head> may be left out; the title is never text
    ("<html><head><title>Page</title>\n<body><p>One. Two.</p></body></html>", "One. Two.\n"),
    ("<html><title>Site | Report</title><p>Text.</p></html>", "Text.\n"),
    # a headline in the page's header is content
    ("<html><body><header><a>Logo</a><h1>Harvest record</h1></header><p>It reached 150 million tonnes.</p>"
     "</body></html>", "Harvest record\n\nIt reached 150 million tonnes.\n"),
    # hidden elements and closed dialogs are not shown
    ('<html><body><p>Shown.</p><div hidden>Hidden.</div><p style="display: none">Gone.</p><dialog>Closed.</dialog>'
     "<dialog open>Open.</dialog></body></html>", "Shown.\n\nOpen.\n"),
    # <q> gets its marks; <br><br> ends a block; a zero-width space stays invisible; an open comment is no text
    ("<html><body><p>He called the talks <q>useful</q>.<br><br>Next.</p><p>Ultra\u200blong.</p><!-- note <p>x",
     "He called the talks “useful”.\n\nNext.\n\nUltra\u200blong.\n"),
    # most of the text in the frame: a page laid out in frames keeps it all
    ("<html><body><nav><p>A long menu text that is really the whole page of this site.</p></nav><p>Hi.</p>"
     "</body></html>", "A long menu text that is really the whole page of this site.\n\nHi.\n"),
    # a "<" that no ">" closes is text (html.parser rescanned it to the end: quadratic)
    ("<html><body><p>if i<n and j<m then</p></body></html>", "if i<n and j<m then\n"),
])
def test_html_as_a_browser_shows_it(markup, expected):
    assert html_to_text(markup) == expected


def test_unclosed_tags_do_not_make_html_to_text_quadratic():
    markup = "<html><body><p>" + "<a title=x " * 20000 + "</p></body></html>"  # 220 KB: 195 s for 100 KB before
    assert html_to_text(markup).startswith("<a title=x")


@pytest.mark.parametrize("text, name, expected", [
    ("<!DOCTYPE html><html></html>", "x.txt", True),
    ("\n  <html lang='en'><body>", "-", True),
    ('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "x", True),
    ("<p>A fragment.</p>", "page.htm", True),
    ("<p>A fragment.</p>", "page.txt", False),  # plain text that shows a tag is not read as a page
    ("if a < b then", "notes.html", False),
    ("Plain text about <html> tags.", "x.txt", False),
    ("<html is a markup language. The report says <b> is bold and <p> is a paragraph.", "x.txt", False),
    ("<HTML>\n<BODY>", "x.txt", True),
])
def test_what_is_a_web_page(text, name, expected):
    assert looks_like_html(text, name) is expected


def test_a_word_document_is_its_paragraphs():
    raw = _docx([["Президент провёл ", "встречу."], [], ["Встреча длилась час.\nВторая строка."]])
    assert is_docx(raw) and not is_docx(b"PK\x03\x04not a zip") and not is_docx(b"plain")
    assert docx_to_text(raw) == "Президент провёл встречу.\n\nВстреча длилась час.\nВторая строка.\n"


def _docx_xml(xml: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')


def test_word_text_boxes_moves_and_hyphens():
    box = "<w:p><w:r><w:t>Text box content.</w:t></w:r></w:p>"
    xml = (f'<w:document {_NS}><w:body><w:p><w:r><w:t xml:space="preserve">Before the box. </w:t></w:r><w:r>'
           f"<mc:AlternateContent><mc:Choice><w:txbxContent>{box}</w:txbxContent></mc:Choice><mc:Fallback>"
           f"<w:txbxContent>{box}</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>"
           "<w:r><w:t>After the box.</w:t></w:r></w:p>"
           '<w:p><w:moveFrom><w:r><w:t>Moved sentence.</w:t></w:r></w:moveFrom><w:r><w:t xml:space="preserve">Kept. '
           "</w:t></w:r><w:del><w:r><w:delText>Deleted.</w:delText></w:r></w:del><w:moveTo><w:r><w:t>Moved sentence."
           "</w:t></w:r></w:moveTo></w:p>"
           "<w:p><w:r><w:t>Северо</w:t><w:noBreakHyphen/><w:t>Западный, 2020</w:t><w:noBreakHyphen/><w:t>2024.</w:t>"
           "</w:r></w:p></w:body></w:document>")
    assert docx_to_text(_docx_xml(xml)) == ("Before the box. After the box.\n\nText box content.\n\n"
                                            "Kept. Moved sentence.\n\nСеверо-Западный, 2020-2024.\n")
    strict = xml.replace("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                         "http://purl.oclc.org/ooxml/wordprocessingml/main")
    assert docx_to_text(_docx_xml(strict)) == docx_to_text(_docx_xml(xml))


def test_a_damaged_or_huge_word_document_is_named(tmp_path, monkeypatch):
    import align.markup as markup

    text = "Text. " * 200
    good = _docx_xml(f"<w:document {_NS}><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>")
    k = good.index(b"word/document.xml") + len(b"word/document.xml") + 10  # inside the compressed data
    bad = good[:k] + bytes(b ^ 0xFF for b in good[k:k + 20]) + good[k + 20:]
    f = tmp_path / "bad.docx"
    f.write_bytes(bad)
    with pytest.raises(InputError, match=r"bad\.docx: a Word document that cannot be read"):
        read_text(f, document=True)  # zlib.error once ended the whole run as an internal error
    f.write_bytes(good[: len(good) // 2])
    with pytest.raises(InputError, match="a damaged Word document"):
        read_text(f, document=True)
    monkeypatch.setattr(markup, "MAX_DOCX_XML", 1000)
    f.write_bytes(good)
    with pytest.raises(InputError, match="more than align reads"):
        read_text(f, document=True)


def test_a_page_in_the_encoding_it_declares(tmp_path):
    page = '<html><head><meta charset="windows-1251"></head><body><p>Привет, мир.</p></body></html>'
    f = tmp_path / "p.ru.html"
    f.write_bytes(page.encode("cp1251"))
    assert read_text(f, document=True) == "Привет, мир.\n"
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_text(f)  # only documents: other inputs are UTF-8 or --encoding


def test_documents_are_read_as_text_only_where_asked(tmp_path):
    page = tmp_path / "p.ru.html"
    page.write_text(PAGE_RU, encoding="utf-8")
    assert read_text(page, document=True) == html_to_text(PAGE_RU)
    assert read_text(page).startswith("<!DOCTYPE html>")  # e.g. a TSV of `align score` is never parsed as markup
    doc = tmp_path / "d.ru.docx"
    doc.write_bytes(_docx([["Одна фраза."]]))
    assert read_text(doc, document=True) == "Одна фраза.\n"
    with pytest.raises(InputError, match=r"d\.ru\.docx: a Word document; this command reads plain text"):
        read_text(doc)


@pytest.mark.parametrize("raw, message", [
    (b"%PDF-1.7\n%...", "a PDF file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "an old Word"),
    (b"{\\rtf1\\ansi Hello}", "an RTF file"),
    (b"<html><body><script>x()</script></body></html>", "a web page with no visible text"),
    (_docx([[" "]]), "a Word document with no text"),
    (b"PK\x03\x04" + b"\x00" * 30 + b"word/document.xml", "a damaged Word document"),  # a broken archive
    (b"PK\x03\x04" + b"\x00" * 30 + b"other.bin", "binary data"),
])
def test_other_formats_are_named(tmp_path, raw, message):
    f = tmp_path / "in.html"
    f.write_bytes(raw)
    with pytest.raises(InputError) as exc:
        read_text(f, document=True)
    assert str(exc.value).startswith(f"{f}: {message}")


def test_segment_a_web_page(tmp_path, capsys):
    page = tmp_path / "p.html"
    page.write_text(PAGE_RU, encoding="utf-8")
    assert main(["segment", "--lang", "ru", str(page)]) == 0
    out = capsys.readouterr().out
    assert out == ("Встреча с губернатором\n\nПрезидент провёл встречу.\nОн заявил, что\xa0всё «хорошо».\n\n"
                   "Встреча длилась час.\nВторая строка.\n")
    assert "<" not in out and "Не текст" not in out and "Главная" not in out


def test_a_corpus_of_pages_and_word_documents(tmp_path):
    c, out = tmp_path / "c", tmp_path / "out"
    c.mkdir()
    (c / "a.ru.html").write_text(PAGE_RU, encoding="utf-8")
    (c / "a.en.docx").write_bytes(_docx([["Meeting with the governor"],
                                         ["The President held a meeting. He said that all was “well”."],
                                         ["The meeting lasted an hour.\nA second line."]]))
    (c / "b.ru.txt").write_text("Привет.", encoding="utf-8")
    (c / "b.ru.htm").write_text("<p>Привет.</p>", encoding="utf-8")
    (c / "b.en.txt").write_text("Hello.", encoding="utf-8")
    (c / "d.ru.HTML").write_text("<p>Привет.</p>", encoding="utf-8")  # any case
    jobs, failed = find_pairs(c, "ru", "en")
    assert [(j.pid, j.src_path.endswith(".html"), j.tgt_path.endswith(".docx")) for j in jobs] == [("a", True, True)]
    assert [f["id"] for f in failed] == ["b", "d"] and "two files for one side" in failed[0]["error"]
    assert "no d.en.txt (or .html, .docx)" in failed[1]["error"]
    assert main(["run", str(c), "-o", str(out)]) == 1  # b failed, a done
    src = (out / "pairs" / "a" / "src.sents").read_text(encoding="utf-8")
    tgt = (out / "pairs" / "a" / "tgt.sents").read_text(encoding="utf-8")
    assert "<" not in src and "Президент провёл встречу." in src and "The meeting lasted an hour." in tgt
    links = (out / "pairs" / "a" / "alignment.txt").read_text(encoding="utf-8").splitlines()
    assert "[0]:[0]" in links[0]  # the headings align
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {p["id"]: p["status"] for p in summary["pairs"]} == {"a": "ok", "b": "failed", "d": "failed"}


def test_footnote_marks_are_not_glued_to_the_word():
    page = ('<!DOCTYPE html><p>It cost 3 trillion<sup><a href="#fn1">1</a></sup>. A wiki cite<sup class="reference">'
            '<a href="#cite_note-3">[3]</a></sup> here. See <sup><a href="#x">the appendix</a></sup>. '
            'Area m<sup>2</sup>.</p>')
    assert html_to_text(page) == "It cost 3 trillion. A wiki cite here. See the appendix. Area m2.\n"


def test_word_footnotes_and_endnotes_follow_the_body():
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc = (f'<w:document {w}><w:body><w:p><w:r><w:t>Рост составил 3%.</w:t></w:r><w:r><w:footnoteReference '
           'w:id="1"/></w:r></w:p></w:body></w:document>')
    notes = (f'<w:footnotes {w}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>По данным Росстата.</w:t></w:r></w:p></w:footnote>'
             '</w:footnotes>')
    ends = f'<w:endnotes {w}><w:endnote w:id="1"><w:p><w:r><w:t>Конец.</w:t></w:r></w:p></w:endnote></w:endnotes>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", doc)
        z.writestr("word/footnotes.xml", notes)
        z.writestr("word/endnotes.xml", ends)
    assert docx_to_text(buf.getvalue()) == "Рост составил 3%.\n\nПо данным Росстата.\n\nКонец.\n"
