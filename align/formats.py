"""Alignment output formats (vecalign, tsv, jsonl, tmx) and the vecalign parser."""

from __future__ import annotations

import json
import logging
import re
from xml.sax.saxutils import escape, quoteattr

from .errors import InputError
from .types import Alignment

log = logging.getLogger("align")

FORMATS = ("vecalign", "tsv", "jsonl", "tmx")

LinkPairs = list[tuple[tuple[int, ...], tuple[int, ...]]]


def _ids(xs: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(x) for x in xs) + "]"


def format_vecalign(al: Alignment) -> str:
    """One link a line: ``[i, j]:[k]:0.912`` (0-based; ``[i]:[]`` / ``[]:[k]`` for unmatched sentences)."""
    return "".join(f"{_ids(ln.src)}:{_ids(ln.tgt)}:{ln.score:.3f}\n" for ln in al.links)


def _tsv_cell(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def format_tsv(al: Alignment) -> str:
    """``score<TAB>source text<TAB>target text`` a line (n-m sides joined by spaces; tabs/newlines made spaces)."""
    return "".join(f"{ln.score:.3f}\t{_tsv_cell(s)}\t{_tsv_cell(t)}\n" for s, t, ln in al.pairs())


def format_jsonl(al: Alignment) -> str:
    """One JSON object a link: src/tgt indices and texts, score, unsure, kind."""
    lines = []
    for s, t, ln in al.pairs():
        obj = {"src": list(ln.src), "tgt": list(ln.tgt), "score": round(ln.score, 4), "unsure": ln.unsure,
               "kind": ln.kind, "src_text": s, "tgt_text": t}
        lines.append(json.dumps(obj, ensure_ascii=False) + "\n")
    return "".join(lines)


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return escape(_XML_BAD.sub("", text))


def locale_tag(code: str | None, lang: str) -> str:
    """The language tag a TMX file gives: ``lang`` (align's code, ``"en"``), with the region of the code the user
    gave when it names one (``"en_US"`` -> ``"en-US"``, ``"pt-br"`` -> ``"pt-BR"``): CAT tools match a translation
    memory's languages to a project's locales."""
    parts = (code or "").strip().replace("_", "-").split("-")
    if len(parts) == 2 and parts[0].lower() == lang and re.fullmatch(r"[A-Za-z]{2}|\d{3}", parts[1]):
        return f"{lang}-{parts[1].upper()}"
    return lang


def format_tmx(al: Alignment, src_tag: str | None = None, tgt_tag: str | None = None) -> str:
    """TMX 1.4: one ``<tu>`` per link (links with an empty side are kept, with an empty ``<seg/>``). ``src_tag`` /
    ``tgt_tag``: the languages as the user gave them (:func:`locale_tag` keeps their region)."""
    from . import __version__

    src_lang = locale_tag(src_tag, al.src_lang) if al.src_lang else "und"
    tgt_lang = locale_tag(tgt_tag, al.tgt_lang) if al.tgt_lang else "und"
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n',
           '<tmx version="1.4">\n',
           f'  <header creationtool="align" creationtoolversion={quoteattr(__version__)} segtype="sentence" '
           f'o-tmf="align" '
           f'adminlang="en" srclang={quoteattr(src_lang)} datatype="plaintext"/>\n',
           "  <body>\n"]
    dropped = sum(len(_XML_BAD.findall(x)) for x in (*(s.text for s in al.src), *(t.text for t in al.tgt)))
    if dropped:
        log.warning("TMX: %d control character(s) left out of the segments (XML 1.0 cannot hold them)", dropped)
    for s, t, ln in al.pairs():
        out.append("    <tu>\n")
        out.append(f'      <prop type="x-score">{ln.score:.4f}</prop>\n')
        out.append(f'      <prop type="x-link">{_ids(ln.src)}:{_ids(ln.tgt)}</prop>\n')
        if ln.unsure:
            out.append('      <prop type="x-unsure">true</prop>\n')
        for lang, text in ((src_lang, s), (tgt_lang, t)):
            out.append(f"      <tuv xml:lang={quoteattr(lang)}><seg>{_xml_text(text)}</seg></tuv>\n")
        out.append("    </tu>\n")
    out.append("  </body>\n</tmx>\n")
    return "".join(out)


def format_alignment(al: Alignment, fmt: str, src_tag: str | None = None, tgt_tag: str | None = None) -> str:
    """The alignment as text in ``fmt`` (one of :data:`FORMATS`); ``src_tag`` / ``tgt_tag`` as in :func:`format_tmx`."""
    if fmt == "vecalign":
        return format_vecalign(al)
    if fmt == "tsv":
        return format_tsv(al)
    if fmt == "jsonl":
        return format_jsonl(al)
    if fmt == "tmx":
        return format_tmx(al, src_tag, tgt_tag)
    raise ValueError(f"unknown alignment format {fmt!r} (choose from {', '.join(FORMATS)})")


_SIDE = r"\[\s*(?:\d+\s*(?:,\s*\d+\s*)*)?\]"
_LINE = re.compile(rf"^\s*({_SIDE})\s*:\s*({_SIDE})\s*(?::\s*([-+0-9.eE]+|nan|inf)\s*)?$")


def _parse_side(s: str) -> tuple[int, ...]:
    inner = s.strip()[1:-1].strip()
    return tuple(int(x) for x in inner.split(",")) if inner else ()


def parse_vecalign(text: str, name: str = "<alignment>") -> LinkPairs:
    """Links of a vecalign file (``[i, j]:[k]`` with an optional ``:score``) as (src ids, tgt ids) pairs.

    Blank lines are skipped. Raises :class:`InputError` ``"{name}: line N: ..."`` on a malformed line,
    on a link with two empty sides, or on a sentence used twice on one side.
    """
    out: LinkPairs = []
    seen_s: set[int] = set()
    seen_t: set[int] = set()
    if text.startswith("\ufeff"):  # a byte-order mark, as a Windows editor writes it
        text = text[1:]
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        if not m:
            shown = line if len(line) <= 60 else line[:57] + "..."
            raise InputError(f"{name}: line {n}: not a vecalign link like '[0, 1]:[2]' or '[3]:[]:0.9': {shown!r}")
        src, tgt = _parse_side(m.group(1)), _parse_side(m.group(2))
        if not src and not tgt:
            raise InputError(f"{name}: line {n}: link with both sides empty")
        for ids, seen, side in ((src, seen_s, "source"), (tgt, seen_t, "target")):
            dup = [i for i in ids if i in seen]
            if dup or len(set(ids)) != len(ids):
                raise InputError(f"{name}: line {n}: {side} sentence {(dup or list(ids))[0]} appears more than once")
            seen.update(ids)
        out.append((src, tgt))
    return out
