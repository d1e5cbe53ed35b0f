from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from align.errors import InputError
from align.formats import FORMATS, format_alignment, parse_vecalign
from align.types import Alignment, Link, Sentence

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _sents(texts: list[str]) -> tuple[Sentence, ...]:
    out, pos = [], 0
    for t in texts:
        out.append(Sentence(pos, pos + len(t), t))
        pos += len(t) + 1
    return tuple(out)


@pytest.fixture()
def alignment() -> Alignment:
    src = _sents(["Привет, мир.", "Цена <5 & «скидка».", "Лишнее предложение.", "Два", "предложения."])
    tgt = _sents(["Hello, world.", 'Price <5 & "discount".\tTabbed', "Two sentences.", "Extra\x01 line."])
    links = (Link((0,), (0,), 0.91234), Link((1,), (1,), 0.5), Link((2,), (), 0.3, True),
             Link((3, 4), (2,), 0.87), Link((), (3,), 0.2, True))
    return Alignment(src, tgt, links, "ru", "en")


def test_vecalign_lines_and_round_trip(alignment: Alignment) -> None:
    text = format_alignment(alignment, "vecalign")
    assert text.splitlines() == ["[0]:[0]:0.912", "[1]:[1]:0.500", "[2]:[]:0.300", "[3, 4]:[2]:0.870",
                                 "[]:[3]:0.200"]
    assert parse_vecalign(text) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3, 4), (2,)), ((), (3,))]


def test_parse_vecalign_accepts_gold_without_scores_and_blank_lines() -> None:
    assert parse_vecalign("[0]:[0]\n\n[1,2]:[1]\n[]:[2]\n") == [((0,), (0,)), ((1, 2), (1,)), ((), (2,))]


@pytest.mark.parametrize("text, line, what", [
    ("[0]:[0]\n[1]:[x]\n", 2, "not a vecalign link"),
    ("[0]:[0]\n[]:[]\n", 2, "both sides empty"),
    ("[0]:[0]\n\n[0]:[1]\n", 3, "source sentence 0 appears more than once"),
    ("[0]:[0, 0]\n", 1, "target sentence 0 appears more than once"),
    ("0:0\n", 1, "not a vecalign link"),
])
def test_parse_vecalign_errors_name_file_and_line(text: str, line: int, what: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_vecalign(text, name="gold.txt")
    assert str(exc.value).startswith(f"gold.txt: line {line}: ")
    assert what in str(exc.value)


def test_tsv_has_three_columns_and_no_stray_tabs(alignment: Alignment) -> None:
    rows = [r.split("\t") for r in format_alignment(alignment, "tsv").splitlines()]
    assert len(rows) == 5 and all(len(r) == 3 for r in rows)
    assert rows[1][2] == 'Price <5 & "discount". Tabbed'
    assert rows[2] == ["0.300", "Лишнее предложение.", ""]
    assert rows[3][1] == "Два предложения."


def test_jsonl_objects(alignment: Alignment) -> None:
    objs = [json.loads(x) for x in format_alignment(alignment, "jsonl").splitlines()]
    assert [o["kind"] for o in objs] == ["1-1", "1-1", "1-0", "2-1", "0-1"]
    assert objs[3]["src"] == [3, 4] and objs[3]["src_text"] == "Два предложения."
    assert objs[2]["unsure"] is True and objs[0]["unsure"] is False
    assert objs[0]["src_text"] == "Привет, мир."


def test_tmx_parses_with_languages_and_escaping(alignment: Alignment, caplog) -> None:
    with caplog.at_level("WARNING", logger="align"):
        root = ET.fromstring(format_alignment(alignment, "tmx").encode("utf-8"))
    assert "1 control character(s) left out" in caplog.text
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "ru"
    tus = root.findall("body/tu")
    assert len(tus) == len(alignment.links)
    langs = [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in tus]
    assert all(x == ["ru", "en"] for x in langs)
    segs = [[tuv.findtext("seg") for tuv in tu.findall("tuv")] for tu in tus]
    assert segs[1] == ["Цена <5 & «скидка».", 'Price <5 & "discount".\tTabbed']
    assert segs[4] == ["", "Extra line."]  # control character dropped: XML 1.0 cannot hold it


@pytest.mark.parametrize("src_tag, tgt_tag, expected", [
    ("ru_RU", "en-us", ["ru-RU", "en-US"]),  # the user's regions kept, as CAT tools match locales
    ("ru", "en", ["ru", "en"]),
    (None, None, ["ru", "en"]),
    ("rus", "English", ["ru", "en"]),  # no region in an alias: align's code
    ("de-DE", "en-GB", ["ru", "en-GB"]),  # a tag of another language than the alignment's: not used
])
def test_tmx_language_tags_keep_a_region(alignment: Alignment, src_tag, tgt_tag, expected) -> None:
    from align import __version__

    root = ET.fromstring(format_alignment(alignment, "tmx", src_tag, tgt_tag).encode("utf-8"))
    assert root.find("header").get("srclang") == expected[0]
    assert root.find("header").get("creationtoolversion") == __version__
    assert all([tuv.get(XML_LANG) for tuv in tu.findall("tuv")] == expected for tu in root.findall("body/tu"))


def test_every_format_is_text_and_unknown_format_fails(alignment: Alignment) -> None:
    for fmt in FORMATS:
        assert format_alignment(alignment, fmt).endswith("\n")
    with pytest.raises(ValueError):
        format_alignment(alignment, "csv")
