"""HTML reports people read: one pair side by side, a corpus index, an evaluation.

Every page is one self-contained file (inline CSS, inline SVG, a little inline
JavaScript that only enhances): no external URLs, works offline and reads fine
with JavaScript off. All text from documents is escaped with :func:`html.escape`.

* :func:`render_pair_report` -- the two texts in aligned rows, each link coloured
  by its score (viridis, colour-blind safe), unsure / non-1-1 links marked, flags
  inline (``<mark>`` differing numbers and names on both sides, ``<del>`` omitted
  source clause, ``<ins>`` added clause), a quotations panel that jumps to its
  row, a no-JS filter (CSS radio hack) to show only flagged / unsure / ... rows,
  and a summary header.
* :func:`render_index` -- one sortable row per pair of a corpus run, plus SVG
  plots (matplotlib when installed, a plain SVG fallback otherwise).
* :func:`render_eval_report` -- strict/lax P/R/F1, per link type, confusion of
  gold vs predicted link types, per-document figures and the wrong links.

Score and quote records are plain dicts (``PairScore.to_dict()``,
``QuoteCheck.to_dict()``); missing keys are tolerated everywhere.
"""

from __future__ import annotations

import bisect
import html
import logging
import math
import re
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .types import Alignment

log = logging.getLogger("align")

__all__ = ["render_pair_report", "render_index", "render_eval_report", "score_colour", "VERDICTS"]

#: Pair / quotation verdicts, most faithful first.
VERDICTS = ("faithful", "paraphrase", "partial", "altered", "unrelated")
#: Verdicts that make a row "flagged" on their own.
BAD_VERDICTS = frozenset({"partial", "altered", "unrelated"})
#: Okabe-Ito colours (colour-blind safe) for verdict badges; labels always shown too.
VERDICT_COLOURS = {
    "faithful": "#0072B2",
    "paraphrase": "#56B4E9",
    "partial": "#E69F00",
    "altered": "#D55E00",
    "unrelated": "#CC79A7",
}
_VERDICT_TEXT = {"faithful": "#fff", "paraphrase": "#000", "partial": "#000", "altered": "#fff", "unrelated": "#000"}

# viridis at 0, 1/8, ..., 1 (matplotlib's values); low score = dark purple, high = yellow.
_VIRIDIS = (
    (0x44, 0x01, 0x54), (0x47, 0x2C, 0x7A), (0x3B, 0x51, 0x8B), (0x2C, 0x71, 0x8E), (0x21, 0x90, 0x8C),
    (0x27, 0xAD, 0x81), (0x5C, 0xC8, 0x63), (0xAA, 0xDC, 0x32), (0xFD, 0xE7, 0x25),
)
_N_BINS = 20
_LOW = 0.5  # link score below this is "low"


def _esc(x: object) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def score_colour(score: float) -> str:
    """Viridis colour (``#rrggbb``) of a score in [0, 1] (clipped; NaN -> grey)."""
    if score is None or not isinstance(score, (int, float)) or math.isnan(score):
        return "#999999"
    x = min(1.0, max(0.0, float(score))) * (len(_VIRIDIS) - 1)
    i = min(int(x), len(_VIRIDIS) - 2)
    f = x - i
    a, b = _VIRIDIS[i], _VIRIDIS[i + 1]
    return "#" + "".join(f"{round(a[k] + (b[k] - a[k]) * f):02x}" for k in range(3))


def _text_on(score: float) -> str:
    """Black or white text on :func:`score_colour` (viridis is light above ~0.55)."""
    return "#000" if score >= 0.55 else "#fff"


def _bin(score: float) -> int:
    try:
        s = float(score)
    except (TypeError, ValueError):
        return 0
    if math.isnan(s):
        return 0
    return min(_N_BINS - 1, max(0, int(s * _N_BINS)))


def _num(x: object, nd: int = 2) -> str:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or math.isnan(x):
        return "–"
    return f"{x:.{nd}f}"


def _scale_css() -> str:
    rules = []
    for b in range(_N_BINS):
        s = (b + 0.5) / _N_BINS
        rules.append(f".c{b}{{--c:{score_colour(s)};--ct:{_text_on(s)}}}")
    rules.append(".cn{--c:#d4d4d4;--ct:#222}")  # a sentence with no counterpart: no quality to colour
    return "\n".join(rules)


# ---------------------------------------------------------------- highlighting
_Span = tuple[int, int, str, str, str]  # start, stop, tag, class, title


def _pattern(needle: str, kind: str) -> re.Pattern[str] | None:
    needle = needle.strip()
    if not needle:
        return None
    parts = [re.escape(p) for p in needle.split()]
    body = r"\s+".join(parts)
    if kind == "number":
        return re.compile(rf"(?<![\d.,]){body}(?![\d]|[.,]\d)")
    if needle[0].isalnum() or needle[-1].isalnum():
        left = r"(?<!\w)" if needle[0].isalnum() else ""
        right = r"(?!\w)" if needle[-1].isalnum() else ""
        return re.compile(left + body + right, re.IGNORECASE)
    return re.compile(body, re.IGNORECASE)


def _find(text: str, needle: object, kind: str) -> list[tuple[int, int]]:
    """Spans of ``needle`` in ``text``: numbers whole, words whole (a stem fallback for inflected names)."""
    if not isinstance(needle, str) or not needle.strip():
        return []
    pat = _pattern(needle, kind)
    if pat is None:
        return []
    hits = [(m.start(), m.end()) for m in pat.finditer(text)]
    if hits or kind not in ("name", "entity"):
        return hits
    # inflected names (Лукашенко / Лукашенко's / Путина): match words starting with the stem
    words = needle.split()
    if len(words) == 1 and len(words[0]) >= 5:
        stem = words[0][: max(4, len(words[0]) - 2)]
        pat = re.compile(rf"(?<!\w){re.escape(stem)}\w*", re.IGNORECASE)
        return [(m.start(), m.end()) for m in pat.finditer(text)]
    return []


def _non_overlapping(spans: Iterable[_Span], size: int) -> list[_Span]:
    chosen: list[_Span] = []
    for sp in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        a, b = max(0, sp[0]), min(size, sp[1])
        if b <= a or (chosen and a < chosen[-1][1]):
            continue
        chosen.append((a, b, *sp[2:]))
    return chosen


def _apply(text: str, spans: Iterable[_Span], outer: Iterable[_Span] = ()) -> str:
    """Escape ``text`` wrapping spans in their tags.

    ``spans`` (flags) and ``outer`` (quotation extents) are two layers; within a layer
    overlapping spans are dropped (earlier/longer win). Where the layers cross, the
    outer element is closed and reopened so that the HTML stays properly nested.
    """
    layers = [_non_overlapping(outer, len(text)), _non_overlapping(spans, len(text))]
    if not layers[0] and not layers[1]:
        return _esc(text)
    cuts = sorted({0, len(text), *(p for lay in layers for sp in lay for p in sp[:2])})
    out: list[str] = []
    idx = [0, 0]
    open_: list[_Span | None] = [None, None]
    for a, b in zip(cuts, cuts[1:], strict=False):
        active: list[_Span | None] = []
        for li, lay in enumerate(layers):
            while idx[li] < len(lay) and lay[idx[li]][1] <= a:
                idx[li] += 1
            sp = lay[idx[li]] if idx[li] < len(lay) and lay[idx[li]][0] <= a else None
            active.append(sp)
        if active != open_:
            # close from the innermost layer out, as far as needed, then reopen
            first_change = 0 if active[0] != open_[0] else 1
            for li in (1, 0):
                if li >= first_change and open_[li] is not None:
                    out.append(f"</{open_[li][2]}>")  # type: ignore[index]
            for li in (0, 1):
                sp = active[li]
                if li >= first_change and sp is not None:
                    t = f' title="{_esc(sp[4])}"' if sp[4] else ""
                    out.append(f'<{sp[2]} class="{sp[3]}"{t}>')
            open_ = active
        out.append(_esc(text[a:b]))
    for li in (1, 0):
        if open_[li] is not None:
            out.append(f"</{open_[li][2]}>")  # type: ignore[index]
    return "".join(out)


_FLAG_CLASS = {"number": "num", "name": "name", "entity": "name", "negation": "neg"}


def _flag_label(fl: Mapping[str, Any]) -> str:
    """Plain-language evidence for one flag."""
    kind = str(fl.get("type") or "flag")
    src, ren = fl.get("source"), fl.get("rendering")
    if kind == "omission":
        return f"omitted: {src}" if src else "omission"
    if kind == "addition":
        return f"added: {ren}" if ren else "addition"
    if kind == "broken":
        return f"broken sentence, a word cut out? {ren}" if ren else "broken sentence"
    if kind == "untranslated":
        return f"untranslated, still in the source language: {ren}" if ren else "untranslated"
    if kind == "repetition":
        return f"words repeated in a loop: {ren}" if ren else "words repeated in a loop"
    if kind == "speaker":
        return f"attributed to {ren}, but the source's speaker is {src}"
    if kind == "wording":
        change = fl.get("change")
        whose = "the official translation" if fl.get("against") == "official" else "the source"
        if change == "replaced":
            return f"{whose} says “{src}”, the quotation “{ren}”"
        if change == "added":
            return f"not in {whose}'s words: “{ren}”"
        if change == "dropped":
            return f"left out without an ellipsis: “{src}”"
        if change == "moved":
            return f"moved: “{ren}”"
        if change == "inflected":
            return f"another form of the source's word: “{src}” as “{ren}”"
        return "wording changed"
    if kind == "not_verbatim":
        return "not the source's words: no run of source words holds half of the quotation's; the closest wording " \
               "by meaning is shown"
    if kind == "no_source":
        why = fl.get("reason")
        return f"no source wording found: {why}" if why else "no source wording found"
    extra = fl.get("note") or fl.get("detail") or fl.get("message") or fl.get("reason")
    if src is not None and ren is not None:
        s = f"{kind}: {src} → {ren}"
    elif src is not None:  # the encoder's closest word on the other side, where the evidence names one
        closest = f"; closest there: {fl['match']}" if fl.get("match") and kind == "name" else ""
        s = f"{kind}: {src} → (not in the rendering{closest})"
    elif ren is not None:
        s = f"{kind}: (not in the source) → {ren}"
    else:
        s = kind
    if extra:
        s += f" ({extra})"
    return s


def _given_span(fl: Mapping[str, Any], key: str, needle: object, text: str) -> tuple[int, int] | None:
    """The flag's own ``key`` span into ``text`` when it is valid (and holds ``needle`` when one is given)."""
    sp = fl.get(key)
    if not (isinstance(sp, (list, tuple)) and len(sp) == 2 and all(isinstance(v, int) and not isinstance(v, bool)
                                                                    for v in sp)):
        return None
    a, b = int(sp[0]), int(sp[1])
    if not 0 <= a < b <= len(text):
        return None
    if isinstance(needle, str) and needle.strip() and text[a:b].strip().casefold() != needle.strip().casefold():
        return None
    return a, b


def _flag_spans(flags: Sequence[Mapping[str, Any]], text: str, side: str) -> tuple[list[_Span], list[str]]:
    """Highlight spans of ``flags`` in one side's ``text``; also flag texts that could not be found.

    ``text`` is the side of the pair as scored (sentences joined by one space), so a
    flag's ``source_span`` / ``rendering_span`` is used when it matches; otherwise the
    flag's text is searched for (whole numbers, whole words, name stems).
    """
    spans: list[_Span] = []
    missing: list[str] = []
    key, span_key = ("source", "source_span") if side == "src" else ("rendering", "rendering_span")
    for fl in flags:
        if not isinstance(fl, Mapping):
            continue
        kind = str(fl.get("type") or "flag")
        if (kind == "omission" and side != "src") or (kind == "addition" and side != "tgt"):
            continue
        label = _flag_label(fl)
        needle = fl.get(key)
        given = _given_span(fl, span_key, needle, text)
        hits = [given] if given else _find(text, needle, kind)
        if kind in ("omission", "addition"):
            tag, cls = ("del", "omit") if kind == "omission" else ("ins", "add")
            spans += [(a, b, tag, cls, label) for a, b in hits[:1]]
            if not hits and isinstance(needle, str) and needle.strip():
                missing.append(needle)
            continue
        cls = "f-" + _FLAG_CLASS.get(kind, "other")
        spans += [(a, b, "mark", cls, label) for a, b in hits]
    return spans, missing


# ---------------------------------------------------------------- shared page bits
_BASE_CSS = """
:root{color-scheme:light;--fg:#1b1b1b;--mut:#5f5f5f;--bd:#d0d0d0;--bg2:#f4f4f2;--acc:#0b5cad}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);
background:#fff}
header.top{padding:14px 20px 8px;border-bottom:1px solid var(--bd);background:var(--bg2)}
h1{font-size:1.35em;margin:0 0 4px}h2{font-size:1.1em;margin:18px 0 8px}
.sub{color:var(--mut);font-size:.9em}
.wrap{padding:0 20px 40px}
a{color:var(--acc)}
table.t{border-collapse:collapse;font-size:.92em}
table.t th,table.t td{border:1px solid var(--bd);padding:3px 8px;text-align:left;vertical-align:top}
table.t th{background:var(--bg2)}
table.t td.nm,table.t th.nm{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0}
.card{border:1px solid var(--bd);border-radius:6px;padding:6px 12px;background:#fff;min-width:7em}
.card b{display:block;font-size:1.3em}
.card span{color:var(--mut);font-size:.82em}
.vd{display:inline-block;border-radius:3px;padding:0 5px;font-size:.8em;font-weight:600;white-space:nowrap;
border:1px solid rgba(0,0,0,.25)}
.plot svg{max-width:100%;height:auto}
.plots{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
.plot{border:1px solid var(--bd);border-radius:6px;padding:6px;background:#fff;margin:0}
.plot figcaption{font-size:.85em;color:var(--mut)}
.legend{display:inline-flex;align-items:center;gap:6px;font-size:.85em;color:var(--mut)}
.legend .bar{display:inline-block;width:160px;height:12px;border:1px solid var(--bd)}
.chipbox{max-width:44em}
.chips{margin:2px 0 6px;line-height:1.9}
.chips .ch{font-size:.85em;color:var(--mut);display:inline-block;min-width:8.5em}
.chip{display:inline-block;border:1px solid var(--bd);border-radius:4px;padding:0 6px;margin-right:4px;background:#fff;
font-size:.88em;line-height:1.6;white-space:nowrap}
.warn{background:#fff4d6;border:1px solid #e6c86e;padding:6px 10px;border-radius:4px;margin:8px 0}
"""


def _verdict_css() -> str:
    return "\n".join(
        f".v-{v}{{background:{c};color:{_VERDICT_TEXT[v]}}}" for v, c in VERDICT_COLOURS.items()
    ) + "\n.vd.v-none{background:#eee;color:#333}"


def _vbadge(v: object) -> str:
    name = str(v) if v else "none"
    cls = name if name in VERDICT_COLOURS else "none"
    return f'<span class="vd v-{cls}">{_esc(name if v else "–")}</span>'


def _legend() -> str:
    stops = ",".join(f"{score_colour(i / 8)} {i * 12.5:.1f}%" for i in range(9))
    return (f'<span class="legend">score 0 <span class="bar" style="background:linear-gradient(90deg,{stops})">'
            '</span> 1 <small>(viridis)</small></span>')


def _page(title: str, css: str, body: str, js: str = "") -> str:
    script = f"<script>\n{js}\n</script>\n" if js else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"align\">\n"
        f"<title>{_esc(title)}</title>\n<style>{_BASE_CSS}\n{_verdict_css()}\n{css}</style>\n</head>\n"
        f"<body>\n{body}\n{script}</body>\n</html>\n"
    )


def _svg_hist(scores: Sequence[float], width: int = 320, height: int = 110, bins: int = 20) -> str:
    """A tiny dependency-free SVG histogram of scores in [0, 1], bars coloured on the viridis scale.

    Bar heights are on a log scale (scores pile up near 1; the few low ones are what matters).
    """
    counts = [0] * bins
    for s in scores:
        if isinstance(s, (int, float)) and not math.isnan(s):
            counts[min(bins - 1, max(0, int(float(s) * bins)))] += 1
    top = max(counts) or 1
    pad_l, pad_b, pad_t = 30, 18, 6
    w = (width - pad_l - 4) / bins
    h = height - pad_b - pad_t
    lt = math.log1p(top)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="hist" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="histogram of link scores (log scale)">']
    for i, c in enumerate(counts):
        bh = h * math.log1p(c) / lt
        x = pad_l + i * w
        parts.append(f'<rect x="{x:.1f}" y="{pad_t + h - bh:.1f}" width="{max(w - 1, 1):.1f}" height="{bh:.1f}" '
                     f'fill="{score_colour((i + .5) / bins)}"><title>{i / bins:.2f}–{(i + 1) / bins:.2f}: {c}'
                     '</title></rect>')
    parts.append(f'<line x1="{pad_l}" y1="{pad_t + h}" x2="{width - 4}" y2="{pad_t + h}" stroke="#888"/>')
    for v in (0, 0.5, 1):
        x = pad_l + v * (width - pad_l - 4)
        parts.append(f'<text x="{x:.1f}" y="{height - 4}" font-size="10" text-anchor="middle" fill="#555">{v:g}</text>')
    for c in sorted({1, 10, 100, 1000, top}):
        if c <= top:
            y = pad_t + h - h * math.log1p(c) / lt
            parts.append(f'<text x="{pad_l - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end" '
                         f'fill="#555">{c}</text>')
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------- pair report
#: Row filters: radio id, label, row class shown (None: all rows).
_FILTERS = (("f-all", "all rows", None), ("f-flag", "flagged", "fl"), ("f-alt", "altered / unrelated", "al"),
            ("f-uns", "unsure", "un"), ("f-mul", "non-1-1", "mu"), ("f-low", "score < 0.5", "lo"),
            ("f-quo", "with quotation", "qu"))


def _filter_css() -> str:
    """The no-JS filter: a checked radio (sibling before .filters and .rows) styles its label, hides rows."""
    on = ",".join(f"#{i}:checked~.filters label[for={i}]" for i, _, _ in _FILTERS)
    focus = ",".join(f"#{i}:focus-visible~.filters label[for={i}]" for i, _, _ in _FILTERS)
    hide = ",".join(f"#{i}:checked~.rows .r:not(.{c})" for i, _, c in _FILTERS if c)
    return (f"{on}{{background:var(--acc);color:#fff;border-color:var(--acc)}}\n"
            f"{focus}{{outline:3px solid #f5a623;outline-offset:1px}}\n{hide}{{display:none}}\n")


_PAIR_CSS = """
.filters{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--bd);padding:6px 20px;
display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.filters label{border:1px solid var(--bd);border-radius:14px;padding:2px 10px;cursor:pointer;font-size:.88em;
background:var(--bg2);user-select:none}
.filters .nav{margin-left:auto;font-size:.85em}
input.fx{position:absolute;opacity:0;width:1px;height:1px;margin:0}
.rows{margin:0 20px 40px;border:1px solid var(--bd);border-top:0}
.r,.rh{display:grid;grid-template-columns:4.2em 4em minmax(0,1fr) minmax(0,1fr) 12em;border-top:1px solid var(--bd)}
.r{content-visibility:auto;contain-intrinsic-size:auto 3.2em;scroll-margin-top:90px}
.rh{position:sticky;top:37px;z-index:4;background:var(--bg2);font-weight:600;font-size:.85em}
.rh>div{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.r>.sc,.rh>div:nth-child(2){padding-left:3px;padding-right:3px}
.r>div,.rh>div{padding:4px 7px;min-width:0;overflow-wrap:anywhere}
.r .s{border-left:6px solid var(--c)}
.r .t{border-left:1px solid var(--bd)}
.r .v{border-left:1px solid var(--bd);font-size:.82em}
.r .n{font-size:.78em;color:var(--mut);text-align:right;font-variant-numeric:tabular-nums}
.r .n a{color:inherit;text-decoration:none}
.r .sc{background:var(--c);color:var(--ct);font-size:.82em;text-align:center;font-variant-numeric:tabular-nums;
font-weight:600}
.r.un .sc{background-image:repeating-linear-gradient(45deg,transparent 0 4px,rgba(255,255,255,.45) 4px 7px)}
.r.pb{border-top:2px solid #9a9a9a}
.r.fl{background:#fffaf0}
.r:target,.r.cur{outline:3px solid #f5a623;outline-offset:-3px;background:#fff3c4}
.kind{display:block;font-weight:600}
.mu .kind{color:#fff;background:#444;border-radius:3px;padding:0 3px;width:fit-content;margin-left:auto}
.uns{display:inline-block;border:1px dashed #333;border-radius:3px;padding:0 3px;font-weight:700;color:#333}
.sn{color:#8a8a8a;font-size:.72em;margin-right:2px;vertical-align:super}
.empty{color:#8a8a8a;font-style:italic}
mark{border-radius:2px;padding:0 1px}
mark.f-num{background:#ffd54a;outline:1px solid #b8860b}
mark.f-name{background:#9fd3ff;outline:1px solid #1f6fb2}
mark.f-neg{background:#ffb3a7;outline:1px solid #b03a2e}
mark.f-other{background:#e0c8ff;outline:1px solid #6b3fa0}
del.omit{background:#f3d6d6;color:#7a1010;text-decoration:line-through 2px}
ins.add{background:#d3efd6;color:#0b5a17;text-decoration:underline 2px}
span.qs{text-decoration:underline dotted 2px #6b6b6b;text-underline-offset:3px}
ul.flags{margin:2px 0 0;padding-left:1.1em}
.miss{display:block;font-size:.85em;color:var(--mut)}
.qb{display:inline-block;font-size:.78em;border:1px solid var(--bd);border-radius:3px;padding:0 4px;margin:1px 2px 0 0;
text-decoration:none;background:#fff}
section.quotes{margin:10px 20px}
section.quotes h2{margin:8px 0 4px}
section.quotes details>summary{cursor:pointer;font-weight:600}
section.quotes details[open]>ol{overflow:visible}
ol.ql{padding-left:1.6em;margin:6px 0}
ol.ql>li{border:1px solid var(--bd);border-radius:6px;padding:6px 10px;margin:6px 0;background:#fff}
ol.ql>li:target{outline:3px solid #f5a623}
.qtext{font-size:1.02em}
.qsrc{color:#333;margin-top:3px}.qsrc .ctx{color:#888}.qsrc b.sw{font-weight:600}
.qmeta{font-size:.82em;color:var(--mut)}
.sumgrid{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
.keys{font-size:.82em;color:var(--mut);margin:4px 0}
@media (max-width:800px){.r,.rh{grid-template-columns:3em 3em minmax(0,1fr) minmax(0,1fr)}.r .v,.rh .v{grid-column:1/-1}
.rh .v{display:none}}
@media print{.filters{position:static}.rh{position:static}.r{content-visibility:visible}}
"""

_PAIR_JS = r"""
(function(){
  var rows=document.querySelector('.rows');if(!rows)return;
  var radios=document.querySelectorAll('input.fx'),key='align-filter:'+location.pathname;
  function visible(el){return el.offsetParent!==null;}
  function showTarget(){
    var id=decodeURIComponent(location.hash.slice(1));if(!id)return;
    var el=document.getElementById(id);
    if(el&&el.classList.contains('r')&&!visible(el)){document.getElementById('f-all').checked=true;
      el.scrollIntoView({block:'center'});}
  }
  window.addEventListener('hashchange',showTarget);showTarget();
  function jump(dir){
    var cur=document.querySelector('input.fx:checked'),c=(cur&&cur.dataset.cls)||'fl';
    var list=Array.prototype.filter.call(rows.querySelectorAll('.r.'+c),visible);if(!list.length)return;
    var here=document.getElementById(decodeURIComponent(location.hash.slice(1))),pick=null,i,
        at=here?list.indexOf(here):-1;
    if(at>=0){pick=list[(at+dir+list.length)%list.length];}
    else{var y=window.scrollY+100;
      if(dir>0){for(i=0;i<list.length;i++){if(list[i].getBoundingClientRect().top+window.scrollY>y){pick=list[i];break;}}
        if(!pick)pick=list[0];}
      else{for(i=list.length-1;i>=0;i--){if(list[i].getBoundingClientRect().top+window.scrollY<y){pick=list[i];break;}}
        if(!pick)pick=list[list.length-1];}}
    history.replaceState(null,'','#'+pick.id);pick.scrollIntoView({block:'center'});
    var old=document.querySelector('.r.cur');if(old)old.classList.remove('cur');pick.classList.add('cur');
  }
  var nav=document.querySelector('.filters .nav');
  if(nav){nav.hidden=false;
    nav.querySelector('.prev').addEventListener('click',function(){jump(-1);});
    nav.querySelector('.next').addEventListener('click',function(){jump(1);});}
  document.addEventListener('keydown',function(e){
    if(e.ctrlKey||e.metaKey||e.altKey)return;
    if(e.target&&/INPUT|TEXTAREA|SELECT/.test(e.target.tagName)&&e.target.type!=='radio')return;
    if(e.key==='n'||e.key==='j'){jump(1);}else if(e.key==='p'||e.key==='k'){jump(-1);}
  });
  radios.forEach(function(r){r.addEventListener('change',function(){
    try{sessionStorage.setItem(key,r.id);}catch(e){}});});
  try{var f=sessionStorage.getItem(key);if(f&&!location.hash){var el=document.getElementById(f);
    if(el)el.checked=true;}}catch(e){}
})();
"""


def _sentence_cell(sents: Sequence[Any], idx: Sequence[int], flags: Sequence[Mapping[str, Any]], side: str,
                   prefix: str, outer: Mapping[int, list[_Span]] | None = None) -> tuple[str, list[str]]:
    """HTML of one side of a row (its sentences, flags highlighted) and the flag texts not found in it."""
    if not idx:
        return '<span class="empty">— no counterpart —</span>', []
    texts = [sents[i].text if 0 <= i < len(sents) else "" for i in idx]
    joined = " ".join(texts)  # the pair text the scorer saw (Alignment.pairs)
    spans, missing = _flag_spans(flags, joined, side) if flags else ([], [])
    parts: list[str] = []
    base = 0
    for i, text in zip(idx, texts, strict=True):
        end = base + len(text)
        local = [(max(a, base) - base, min(b, end) - base, tag, cls, title)
                 for a, b, tag, cls, title in spans if a < end and b > base]
        sn = f'<span class="sn">{i}</span>' if len(idx) > 1 else ""
        parts.append(f'<span id="{prefix}{i}">{sn}{_apply(text, local, (outer or {}).get(i, ()))}</span>')
        base = end + 1
    return " ".join(parts), missing


def _quote_extents(sents: Sequence[Any], starts: list[int], span: tuple[int, int] | None, cls: str,
                   title: str) -> dict[int, list[_Span]]:
    """Per-sentence local spans covering the document span ``span`` (for outlining a quotation in its row)."""
    out: dict[int, list[_Span]] = {}
    if not span or not sents:
        return out
    a, b = span
    i = max(0, bisect.bisect_right(starts, a) - 1)
    while i < len(sents) and sents[i].start < b:
        st = sents[i]
        la, lb = max(a, st.start) - st.start, min(b, st.stop) - st.start
        if lb > la:
            out.setdefault(i, []).append((la, lb, "span", cls, title))
        i += 1
    return out


def _owner_links(sents: Sequence[Any], links: Sequence[Any], side: str) -> list[int]:
    """``owner[i]`` = index of the link holding sentence ``i`` of ``side`` (-1 if none)."""
    owner = [-1] * len(sents)
    for k, ln in enumerate(links):
        for i in (ln.src if side == "src" else ln.tgt):
            if 0 <= i < len(owner):
                owner[i] = k
    return owner


def _row_of_offset(sents: Sequence[Any], starts: list[int], owner: list[int], offset: object) -> int:
    """Link index of the sentence holding character ``offset`` (nearest preceding sentence); -1 if none."""
    if not isinstance(offset, int) or isinstance(offset, bool) or not sents:
        return -1
    i = bisect.bisect_right(starts, offset) - 1
    i = max(0, min(i, len(sents) - 1))
    # walk forward to a sentence that belongs to a link
    j = i
    while j < len(owner) and owner[j] < 0:
        j += 1
    return owner[j] if j < len(owner) else -1


def _span(q: Mapping[str, Any], key: str) -> tuple[int, int] | None:
    sp = q.get(key)
    if isinstance(sp, (list, tuple)) and len(sp) == 2 and all(isinstance(v, int) and not isinstance(v, bool)
                                                                for v in sp):
        return int(sp[0]), int(sp[1])
    return None


def _quote_rank(q: Mapping[str, Any]) -> int:
    """Where a quotation stands in the list to check: 0 altered or unrelated, 1 partial, 2 a paraphrase with a flag,
    3 a paraphrase with none, 4 faithful (and anything else)."""
    verdict = q.get("verdict")
    if verdict in ("altered", "unrelated"):
        return 0
    if verdict == "partial":
        return 1
    if verdict == "paraphrase":
        return 2 if any(isinstance(f, Mapping) and not f.get("weak") for f in (q.get("flags") or [])) else 3
    return 4 if verdict == "faithful" else 2


def _unchecked_html(unchecked: Sequence[str], limit: int = 40) -> str:
    """The quotations left unchecked as too short, in one line (at most ``limit``, then how many more)."""
    if not unchecked:
        return ""
    shown = ", ".join(f"“{_esc(u)}”" for u in unchecked[:limit])
    more = f" and {len(unchecked) - limit} more" if len(unchecked) > limit else ""
    return (f'<p class="sub">Not checked ({len(unchecked)}): one or two words inside a sentence, read as scare quotes '
            f"or titles: {shown}{more}.</p>")


#: why a quotation has its verdict when no flag says it
_UNFLAGGED_WHY = {
    "paraphrase": "the meaning is close but the wording is looser than a translation's; no number, name, negation "
                  "or left-out clause was found: read it against the source",
    "partial": "part of the source wording seems not rendered, though no clause was singled out: read it against "
               "the source",
    "altered": "the similarity to the source wording is low for a translation: read it against the source",
}

#: characters of the source sentence shown on each side of a quotation's source wording
CONTEXT_CHARS = 160


def _source_context(q: Mapping[str, Any], sents: Sequence[Any], starts: list[int]) -> tuple[str, str]:
    """The rest of the source sentences around a quotation's source wording (before, after), each cut to
    :data:`CONTEXT_CHARS`: a span cut at "make any sense" loses the "does not" a reader must see."""
    span = _span(q, "source_span")
    if not span or not sents:
        return "", ""
    a, b = span
    first = sents[max(0, bisect.bisect_right(starts, a) - 1)]
    last = sents[max(0, bisect.bisect_right(starts, max(a, b - 1)) - 1)]
    before = first.text[: max(0, a - first.start)] if first.start <= a <= first.stop else ""
    after = last.text[max(0, b - last.start):] if last.start <= b <= last.stop else ""
    if len(before) > CONTEXT_CHARS:
        before = "…" + before[-CONTEXT_CHARS:]
    if len(after) > CONTEXT_CHARS:
        after = after[:CONTEXT_CHARS] + "…"
    return before, after


def _official_html(q: Mapping[str, Any], flags: Sequence[Mapping[str, Any]]) -> str:
    """The official translation's wording of a quotation's passage (``align quotes --official``), and where the
    verdict comes from it, what the check against the source found."""
    off = q.get("official")
    if not isinstance(off, Mapping):
        return ""
    if not off.get("text"):
        if off.get("elsewhere"):
            return '<div class="qsrc empty">its words stand at several places of the official translation</div>'
        if any(f.get("type") == "no_source" for f in flags):
            return '<div class="qsrc empty">not in the official translation either</div>'
        return '<div class="qsrc empty">the official translation has no counterpart of this passage</div>'
    text = str(off["text"])
    if not off.get("quoted"):
        why = "" if off.get("elsewhere") else " (the quotation is not its words)"
        return (f'<div class="qsrc"><span class="qmeta">official translation of the passage{why}:</span> '
                f'{_esc(text)}</div>')
    ospans, _ = _flag_spans([f for f in flags if f.get("against") == "official"], text, "src")
    how = "quoted word for word" if off.get("verdict") == "faithful" else "quoted with changes"
    out = [f'<div class="qsrc"><span class="qmeta">official translation, {how}:</span> <b class="sw">'
           f'{_apply(text, ospans)}</b></div>']
    check = q.get("source_check")
    if isinstance(check, Mapping) and check.get("verdict") and check.get("verdict") != off.get("verdict"):
        found = [_flag_label(f) for f in (check.get("flags") or []) if isinstance(f, Mapping)]
        said = f": {'; '.join(found)}" if found else ""
        out.append(f'<div class="qmeta">against the source wording by meaning: {_esc(check.get("verdict"))}'
                   f'{_esc(said)} (the verdict above follows the official translation)</div>')
    return "".join(out)


def _quote_html(q: Mapping[str, Any], k: int, row: int, src_row: int, src_sents: Sequence[Any] = (),
                src_starts: list[int] | None = None) -> str:
    flags = [f for f in (q.get("flags") or []) if isinstance(f, Mapping)]
    qt = str(q.get("quote") or "")
    src = q.get("source")
    qspans, _ = _flag_spans(flags, qt, "tgt")
    verdict = q.get("verdict")
    out = [f'<li id="q{k}" class="qv-{_esc(verdict or "none")}">',
           f'<div class="qmeta">{_vbadge(verdict)} ']
    meta: list[str] = []
    if q.get("speaker"):
        guess = q.get("speaker_name")
        hint = ("the label of the transcript turn it is in" if str(q.get("speaker")).lower() in ("i", "я")
                else "the nearest name before it that said something")
        who = f' <span title="{hint}">(likely {_esc(guess)})</span>' if guess else ""
        meta.append(f'speaker: <b>{_esc(q.get("speaker"))}</b>{who}')
    else:
        meta.append('<span title="no speaker pattern (X said, said X, — сказал X, X:) near it">speaker not '
                    'identified: attribution not checked</span>')
    if verdict != "unrelated":  # the fidelity of an unrelated quotation is that of wording it does not render
        # a verdict taken from the official translation's words: the fidelity is still the check against the source
        against = " against the source" if (q.get("official") or {}).get("verdict") else ""
        meta.append(f'fidelity{against} {_num(q.get("fidelity"))}')
    if row >= 0:
        meta.append(f'<a href="#L{row}">in the text, row {row} ↓</a>')
    if src_row >= 0 and src_row != row:
        meta.append(f'<a href="#L{src_row}">source row {src_row}</a>')
    out.append(" · ".join(meta))
    out.append("</div>")
    if q.get("kind") == "indirect":  # a claim the report makes without quotation marks: shown without them
        out.append(f'<div class="qtext"><span class="qmeta">claim, not quoted:</span> {_apply(qt, qspans)}</div>')
    else:
        out.append(f'<div class="qtext">“{_apply(qt, qspans)}”</div>')
    if src and any(f.get("type") == "no_source" for f in flags):
        out.append(f'<div class="qsrc"><span class="qmeta">no source wording found; the closest wording, not a '
                   f'rendering:</span> {_esc(src)}</div>')
    elif src:
        sspans, _ = _flag_spans([f for f in flags if f.get("against") != "official"], str(src), "src")
        said = q.get("source_speaker")
        by = f" (said by <b>{_esc(said)}</b>)" if said else ""
        before, after = _source_context(q, src_sents, src_starts or [s.start for s in src_sents])
        ctx_a = f'<span class="ctx">{_esc(before)}</span>' if before.strip() else ""
        ctx_b = f'<span class="ctx">{_esc(after)}</span>' if after.strip() else ""
        out.append(f'<div class="qsrc"><span class="qmeta">source wording{by}:</span> {ctx_a}<b class="sw">'
                   f'{_apply(str(src), sspans)}</b>{ctx_b}</div>')
    else:
        out.append('<div class="qsrc empty">no source wording found</div>')
    out.append(_official_html(q, flags))
    if flags:
        out.append('<ul class="flags">' + "".join(f"<li>{_esc(_flag_label(f))}</li>" for f in flags) + "</ul>")
    elif q.get("evidence"):
        out.append(f'<div class="qmeta">evidence: {_esc(q.get("evidence"))}</div>')
    elif verdict in _UNFLAGGED_WHY:  # a verdict with no flag still says why
        out.append(f'<div class="qmeta">{_esc(_UNFLAGGED_WHY[str(verdict)])}</div>')
    out.append("</li>")
    return "".join(out)


def render_pair_report(alignment: Alignment, scores: Sequence[Mapping[str, Any]] | None = None,
                       quotes: Sequence[Mapping[str, Any]] | None = None, title: str = "alignment",
                       meta: Mapping[str, Any] | None = None, unchecked: Sequence[str] = (), story: bool = False
                       ) -> str:
    """Self-contained HTML review page of one aligned document pair.

    ``scores[i]`` is the score dict of ``alignment.links[i]`` (may be ``{}`` or
    shorter than the links); ``quotes`` are quotation-check dicts with spans into
    the target / source texts. ``meta`` (e.g. the pair summary) adds warnings. ``unchecked``: the target's
    quotations left unchecked as too short (:func:`align.quotes.unchecked_quotes`), listed under the others.
    ``story``: the target is a news story quoting the source, no translation of it (:func:`align.quotes.is_report`):
    the header leaves out the link statistics, which say nothing there (a thousand sentences with no counterpart).
    Objects with a ``to_dict()`` method are accepted in place of dicts.
    """
    links = list(alignment.links)
    src, tgt = alignment.src, alignment.tgt
    sc_list = [_as_dict(s) for s in (scores or [])]
    sc_list += [{}] * (len(links) - len(sc_list))
    q_list = [_as_dict(q) for q in (quotes or [])]
    meta = dict(meta or {})

    # quotations -> rows
    tgt_starts = [s.start for s in tgt]
    src_starts = [s.start for s in src]
    tgt_owner = _owner_links(tgt, links, "tgt")
    src_owner = _owner_links(src, links, "src")
    quote_rows: list[tuple[int, int]] = []
    row_quotes: dict[int, list[int]] = {}
    for k, q in enumerate(q_list):
        qs = _span(q, "quote_span")
        ss = _span(q, "source_span")
        row = _row_of_offset(tgt, tgt_starts, tgt_owner, qs[0]) if qs else -1
        srow = _row_of_offset(src, src_starts, src_owner, ss[0]) if ss else -1
        quote_rows.append((row, srow))
        if row >= 0:
            row_quotes.setdefault(row, []).append(k)

    tgt_quote: dict[int, list[_Span]] = {}
    src_quote: dict[int, list[_Span]] = {}
    for k, q in enumerate(q_list):
        tip = f"quotation {k}: {q.get('verdict') or '?'}"
        for i, sp in _quote_extents(tgt, tgt_starts, _span(q, "quote_span"), "qs", tip).items():
            tgt_quote.setdefault(i, []).extend(sp)
        for i, sp in _quote_extents(src, src_starts, _span(q, "source_span"), "qs",
                                    f"source of quotation {k}").items():
            src_quote.setdefault(i, []).extend(sp)

    kinds = Counter(ln.kind for ln in links)
    verdicts = Counter(str(s.get("verdict")) for s in sc_list if s.get("verdict"))
    qverdicts = Counter(str(q.get("verdict")) for q in q_list if q.get("verdict"))
    link_scores = [float(ln.score) for ln in links]
    mean = sum(link_scores) / len(link_scores) if link_scores else float("nan")
    fids = [float(s["fidelity"]) for s in sc_list if isinstance(s.get("fidelity"), (int, float))]
    mean_fid = sum(fids) / len(fids) if fids else float("nan")

    # rows
    rows: list[str] = []
    counts: Counter[str] = Counter()
    prev_par: int | None = None
    for k, ln in enumerate(links):
        sc = sc_list[k]
        flags = [f for f in (sc.get("flags") or []) if isinstance(f, Mapping)]
        verdict = sc.get("verdict")
        qs_here = row_quotes.get(k, [])
        bad_quote = any(q_list[i].get("verdict") in BAD_VERDICTS for i in qs_here)
        flagged = bool(flags) or verdict in BAD_VERDICTS or bad_quote
        multi = ln.kind != "1-1"
        low = ln.score < _LOW
        # a sentence with no counterpart is grey: its score says how sure the aligner is that it has none, and in a
        # news story checked against a speech a thousand such rows in the colour of a good link looked reassuring
        cls = ["r", f"c{_bin(ln.score)}" if ln.src and ln.tgt else "cn"]
        marks = {"fl": flagged, "al": verdict in ("altered", "unrelated") or bad_quote, "un": ln.unsure,
                 "mu": multi, "lo": low, "qu": bool(qs_here)}
        for c, on in marks.items():
            if on:
                cls.append(c)
                counts[c] += 1
        par = src[ln.src[0]].paragraph if ln.src and ln.src[0] < len(src) else (
            tgt[ln.tgt[0]].paragraph + 100000 if ln.tgt and ln.tgt[0] < len(tgt) else None)
        if prev_par is not None and par is not None and par != prev_par and k > 0:
            cls.append("pb")
        if par is not None:
            prev_par = par
        s_html, s_miss = _sentence_cell(src, ln.src, flags, "src", "s", src_quote)
        t_html, t_miss = _sentence_cell(tgt, ln.tgt, flags, "tgt", "t", tgt_quote)
        for m in s_miss:
            s_html += f'<span class="miss">omitted: <del class="omit">{_esc(m)}</del></span>'
        for m in t_miss:
            t_html += f'<span class="miss">added: <ins class="add">{_esc(m)}</ins></span>'
        unsure = ' <span class="uns" title="unsure link">?</span>' if ln.unsure else ""
        v = [_vbadge(verdict) if verdict else ""]
        if isinstance(sc.get("fidelity"), (int, float)):
            v.append(f' fid {_num(sc.get("fidelity"))}')
        if flags:
            v.append('<ul class="flags">' + "".join(f"<li>{_esc(_flag_label(f))}</li>" for f in flags) + "</ul>")
        for i in qs_here:
            v.append(f'<a class="qb" href="#q{i}" title="quotation {i}">❝ quote {i} · '
                     f'{_esc(q_list[i].get("verdict") or "?")}</a>')
        tip = f"link {k}: {ln.kind}, score {ln.score:.3f}" + (", unsure" if ln.unsure else "")
        rows.append(
            f'<div class="{" ".join(cls)}" id="L{k}" role="row">'
            f'<div class="n" role="cell"><a href="#L{k}">{k}</a><span class="kind">{ln.kind}</span>{unsure}</div>'
            f'<div class="sc" role="cell" title="{_esc(tip)}">{ln.score:.2f}</div>'
            f'<div class="s" role="cell" lang="{_esc(alignment.src_lang)}">{s_html}</div>'
            f'<div class="t" role="cell" lang="{_esc(alignment.tgt_lang)}">{t_html}</div>'
            f'<div class="v" role="cell">{"".join(v)}</div></div>'
        )

    # summary
    cards = [
        (len(src), f"{alignment.src_lang} sentences"), (len(tgt), f"{alignment.tgt_lang} sentences"),
        (len(links), "links"), (_num(mean), "mean link score"), (_num(mean_fid), "mean fidelity"),
        (counts["un"], "unsure links"), (counts["fl"], "flagged rows"), (len(q_list), "quotations"),
    ]
    if story:
        to_check = sum(_quote_rank(q) < 3 for q in q_list)
        cards = [(len(src), f"{alignment.src_lang} sentences (source)"),
                 (len(tgt), f"{alignment.tgt_lang} sentences (story)"), (len(q_list), "quotations"),
                 (to_check, "to check")]
    card_html = "".join(f'<div class="card"><b>{_esc(v)}</b><span>{_esc(label)}</span></div>' for v, label in cards)
    kinds_html = "" if story else _chips("link types", [(_esc(k), kinds[k]) for k in sorted(kinds, key=_kind_key)])
    verd_html = _chips("pair verdicts", [(_vbadge(v), verdicts[v]) for v in _verdict_order(verdicts)])
    qverd_html = _chips("quotation verdicts", [(_vbadge(v), qverdicts[v]) for v in _verdict_order(qverdicts)]) \
        if q_list else ""
    warnings = meta.get("warnings") or []
    warnings = [warnings] if isinstance(warnings, str) else warnings if isinstance(warnings, (list, tuple)) else []
    warn = "".join(f'<div class="warn">{_esc(w)}</div>' for w in warnings if w)
    sub = f"{_esc(alignment.src_lang)} → {_esc(alignment.tgt_lang)}"
    if isinstance(meta.get("seconds"), (int, float)):
        sub += f" · processed in {meta['seconds']:.1f} s"
    plot = "" if story else (f'<figure class="plot" style="margin:0">{_svg_hist(link_scores)}'
                             f'<figcaption>link scores (log scale)</figcaption></figure>')
    what = "a story checked against the source it quotes" if story else "side-by-side alignment review"
    header = (
        f'<header class="top"><h1>{_esc(title)}</h1><div class="sub">{sub} · {what}</div>'
        f'{warn}<div class="cards">{card_html}</div>'
        f'<div class="sumgrid"><div class="chipbox">{kinds_html}{verd_html}{qverd_html}</div>{plot}</div>'
        f'<p class="keys">{_legend()} · <span class="uns">?</span> unsure link · <span class="kind" '
        'style="display:inline;background:#444;color:#fff;border-radius:3px;padding:0 3px">2-1</span> non-1-1 link · '
        '<mark class="f-num">number</mark> <mark class="f-name">name</mark> <mark class="f-neg">negation</mark> '
        'differs · <del class="omit">omitted</del> · <ins class="add">added</ins> · <span class="qs">quotation</span> '
        '(and its source) · thick grey line = new paragraph'
        '</p></header>'
    )

    # quotations panel: the ones to check (altered and unrelated first, then partial, then paraphrases with a flag),
    # open; paraphrases with nothing flagged and faithful ones folded
    if q_list:
        # within a rank, quotations before the claims a story makes without quotation marks (found by pattern, their
        # source by meaning alone: most false alarms of a story check are theirs)
        order = sorted(range(len(q_list)), key=lambda i: (_quote_rank(q_list[i]), q_list[i].get("kind") == "indirect",
                                                          quote_rows[i][0] < 0, quote_rows[i][0], i))
        check = [i for i in order if _quote_rank(q_list[i]) < 3]
        loose = [i for i in order if _quote_rank(q_list[i]) == 3]
        good = [i for i in order if _quote_rank(q_list[i]) == 4]
        parts = [f'<section class="quotes" id="quotes"><h2>Quotations ({len(q_list)}; {len(check)} to check)</h2>']
        for ids, head, opened in ((check, "to check: altered or not found, then partial, then flagged", True),
                                  (loose, "paraphrase, nothing flagged", False), (good, "faithful", False)):
            if ids:
                items = "".join(_quote_html(q_list[i], i, *quote_rows[i], src, src_starts) for i in ids)
                parts.append(f'<details{" open" if opened else ""}><summary>{head} ({len(ids)})</summary>'
                             f'<ol class="ql">{items}</ol></details>')
        quotes_html = "".join(parts) + _unchecked_html(unchecked) + "</section>"
    else:
        quotes_html = ('<section class="quotes" id="quotes"><p class="sub">No quotations found.</p>'
                       + _unchecked_html(unchecked) + "</section>")

    # a story's page opens on the rows that hold a quotation: the others are the source's thousand sentences with no
    # counterpart in the story
    shown = "qu" if story and counts["qu"] else None
    inputs = "".join(
        f'<input class="fx" type="radio" name="view" id="{i}"{" checked" if c == shown else ""} '
        f'data-cls="{c or "fl"}" aria-label="show {_esc(lab)}">' for i, lab, c in _FILTERS)
    labels = "".join(f'<label for="{i}">{_esc(lab)} ({counts[c] if c else len(links)})</label>'
                     for i, lab, c in _FILTERS)
    nav = ('<span class="nav" hidden><button type="button" class="prev" '
           'title="previous flagged / filtered row (key p)">▲ prev</button> <button type="button" class="next" '
           'title="next flagged / filtered row (key n)">next ▼</button></span>')
    head_row = (f'<div class="rh" role="row"><div role="columnheader">link</div><div role="columnheader">score</div>'
                f'<div role="columnheader">source ({_esc(alignment.src_lang)})</div>'
                f'<div role="columnheader">target ({_esc(alignment.tgt_lang)})</div>'
                '<div class="v" role="columnheader">verdict · flags</div></div>')
    body = (
        f"{header}\n{quotes_html}\n{inputs}\n"
        f'<nav class="filters" aria-label="filter rows"><b>Show:</b> {labels}{nav}</nav>\n'
        f'<div class="rows" role="table" aria-label="aligned sentences">{head_row}\n' + "\n".join(rows) + "\n</div>"
    )
    return _page(f"{title} — align report", _scale_css() + _PAIR_CSS + _filter_css(), body, _PAIR_JS)


def _as_dict(x: Any) -> dict[str, Any]:
    if isinstance(x, Mapping):
        return dict(x)
    to = getattr(x, "to_dict", None)
    if callable(to):
        d = to()
        return dict(d) if isinstance(d, Mapping) else {}
    return {}


def _int(x: Any) -> int:
    """``x`` as an int for totals (0 for anything that is not a number)."""
    return int(x) if isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) else 0


def _mapping(x: Any) -> dict[str, Any]:
    return {str(k): v for k, v in x.items()} if isinstance(x, Mapping) else {}


def _kind_key(k: str) -> tuple[int, int, str]:
    m = re.fullmatch(r"(\d+)-(\d+)", str(k))
    if not m:
        return (99, 99, str(k))
    a, b = int(m[1]), int(m[2])
    return (0 if (a, b) == (1, 1) else 1 if a and b else 2, a + b, str(k))


def _verdict_order(counts: Mapping[str, int]) -> list[str]:
    return [v for v in VERDICTS if v in counts] + sorted(k for k in counts if k not in VERDICTS)


def _chips(head: str, items: Sequence[tuple[str, int]]) -> str:
    """A compact line of ``label n`` chips (``label`` is HTML)."""
    if not items:
        return ""
    chips = "".join(f'<span class="chip">{lab} <b>{n}</b></span>' for lab, n in items)
    return f'<div class="chips"><span class="ch">{_esc(head)}:</span> {chips}</div>'


def _count_table(head: str, counts: Mapping[str, int], sort_key: Any = None) -> str:
    if not counts:
        return ""
    keys = sorted(counts, key=sort_key) if sort_key else sorted(counts)
    body = "".join(f'<tr><td>{_esc(k)}</td><td class="nm">{counts[k]}</td></tr>' for k in keys)
    return f'<table class="t"><tr><th>{_esc(head)}</th><th class="nm">n</th></tr>{body}</table>'


def _verdict_table(head: str, counts: Mapping[str, int]) -> str:
    if not counts:
        return ""
    keys = [v for v in VERDICTS if v in counts] + sorted(k for k in counts if k not in VERDICTS)
    body = "".join(f'<tr><td>{_vbadge(k)}</td><td class="nm">{counts[k]}</td></tr>' for k in keys)
    return f'<table class="t"><tr><th>{_esc(head)}</th><th class="nm">n</th></tr>{body}</table>'


# ---------------------------------------------------------------- plots (matplotlib, lazily)
def _mpl_svg(draw: Any, salt: str, size: tuple[float, float] = (5.2, 2.8)) -> str | None:
    """Run ``draw(fig, ax)`` on a matplotlib figure and return inline SVG (None if matplotlib is missing)."""
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except Exception as exc:  # pragma: no cover - depends on the install
        log.info("matplotlib unavailable, plots drawn without it: %s", exc)
        return None
    import io

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt, "font.size": 9,
                                "axes.spines.top": False, "axes.spines.right": False}):
        fig, ax = plt.subplots(figsize=size)
        try:
            draw(fig, ax)
            fig.tight_layout()
            buf = io.StringIO()
            fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(fig)
    svg = buf.getvalue()
    i = svg.find("<svg")
    svg = svg[i:] if i >= 0 else svg
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)  # RDF block full of URLs
    # inline SVGs share the page's id space: prefix ids so two plots never clash
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{salt}-{m[1]}"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{salt}-{m[1]})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{salt}-{m[1]}"', svg)
    return svg


def _plot_hist(scores: Sequence[float], salt: str, what: str = "links", xlabel: str = "link score") -> str:
    def draw(fig: Any, ax: Any) -> None:
        bins = [i / _N_BINS for i in range(_N_BINS + 1)]
        counts, edges, patches = ax.hist(scores, bins=bins, edgecolor="white", linewidth=0.5)
        for p, left in zip(patches, edges[:-1], strict=False):
            p.set_facecolor(score_colour(left + 0.5 / _N_BINS))
        nz = [c for c in counts if c > 0]
        if nz and max(nz) / min(nz) > 30:  # scores pile up near 1: a log axis keeps the rare low ones visible
            ax.set_yscale("log")
            from matplotlib.ticker import FuncFormatter

            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
        ax.set_xlim(0, 1)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(what)
        ax.set_title(f"Score distribution ({len(scores)} {what})")

    return _mpl_svg(draw, salt) or _svg_hist(scores, 420, 160)


def _plot_bars(labels: Sequence[str], values: Sequence[float], salt: str, title: str, xlabel: str,
               colours: Sequence[str] | None = None, horizontal: bool = False) -> str:
    def draw(fig: Any, ax: Any) -> None:
        cols = list(colours) if colours else ["#3b518b"] * len(values)
        if horizontal:
            bars = ax.barh(range(len(values)), values, color=cols)
            ax.set_yticks(range(len(values)), labels)
            ax.invert_yaxis()
            ax.set_xlabel(xlabel)
        else:
            bars = ax.bar(range(len(values)), values, color=cols)
            ax.set_xticks(range(len(values)), labels)
            ax.set_ylabel(xlabel)
        ax.bar_label(bars, fmt="%g", fontsize=8, padding=2)
        ax.set_title(title)

    h = 2.8 if not horizontal else max(2.2, 0.22 * len(values) + 0.9)
    svg = _mpl_svg(draw, salt, (5.2, h))
    if svg:
        return svg
    # plain SVG fallback
    top = max(values) if values else 1
    top = top or 1
    rows = []
    for i, (lab, v) in enumerate(zip(labels, values, strict=False)):
        w = 260 * v / top
        rows.append(f'<text x="0" y="{i * 18 + 12}" font-size="11">{_esc(lab)}</text>'
                    f'<rect x="90" y="{i * 18 + 2}" width="{w:.1f}" height="13" fill="#3b518b"/>'
                    f'<text x="{95 + w:.1f}" y="{i * 18 + 12}" font-size="10">{v:g}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="{len(values) * 18 + 6}" role="img" '
            f'aria-label="{_esc(title)}">{"".join(rows)}</svg>')


# ---------------------------------------------------------------- index
_INDEX_CSS = """
table.pairs{border-collapse:collapse;font-size:.9em;width:100%}
table.pairs th,table.pairs td{border-bottom:1px solid var(--bd);padding:4px 8px;text-align:left;vertical-align:top}
table.pairs th{background:var(--bg2);position:sticky;top:0}
table.pairs td.nm,table.pairs th.nm{text-align:right;font-variant-numeric:tabular-nums}
table.pairs th button{all:unset;cursor:pointer;font-weight:600}
table.pairs th button:focus-visible{outline:2px solid var(--acc)}
table.pairs th[aria-sort=ascending] button::after{content:" ▲"}
table.pairs th[aria-sort=descending] button::after{content:" ▼"}
tr.failed td{background:#fdecea}
.sw{display:inline-block;min-width:3.2em;text-align:center;border-radius:3px;padding:0 4px;font-weight:600}
.vbar{display:flex;width:120px;height:12px;border:1px solid var(--bd)}
.vbar span{display:block;height:100%}
.err{color:#8b1a1a;font-size:.9em}
"""

_INDEX_JS = r"""
(function(){
  var t=document.querySelector('table.pairs');if(!t)return;
  var ths=t.tHead.rows[0].cells;
  Array.prototype.forEach.call(ths,function(th,ci){
    var b=th.querySelector('button');if(!b)return;
    b.addEventListener('click',function(){
      var asc=th.getAttribute('aria-sort')!=='ascending';
      Array.prototype.forEach.call(ths,function(h){h.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      var num=th.dataset.type==='num',body=t.tBodies[0];
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[ci].dataset.v,y=b.cells[ci].dataset.v;
        if(x===undefined)x=a.cells[ci].textContent;if(y===undefined)y=b.cells[ci].textContent;
        var r;if(num){x=parseFloat(x);y=parseFloat(y);if(isNaN(x))x=-Infinity;if(isNaN(y))y=-Infinity;r=x-y;}
        else{r=String(x).localeCompare(String(y));}
        return asc?r:-r;});
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
  document.documentElement.classList.add('js');
})();
"""


def _collect_scores(summary: Mapping[str, Any]) -> tuple[list[float], list[tuple[float, float, int]] | None]:
    """All link scores of the run (from per-pair ``scores``) or a precomputed histogram ``score_hist``."""
    scores: list[float] = []
    for p in summary.get("pairs") or []:
        if isinstance(p, Mapping) and isinstance(p.get("scores"), list):
            scores += [float(s) for s in p["scores"] if isinstance(s, (int, float)) and not isinstance(s, bool)]
    hist = summary.get("score_hist")
    if not scores and isinstance(hist, Mapping):
        edges, counts = hist.get("edges") or hist.get("bins"), hist.get("counts")
        if isinstance(edges, list) and isinstance(counts, list) and len(edges) == len(counts) + 1:
            return [], [(float(edges[i]), float(edges[i + 1]), int(counts[i])) for i in range(len(counts))]
    if not scores and isinstance(hist, list) and hist and all(isinstance(c, int) for c in hist):
        n = len(hist)
        return [], [(i / n, (i + 1) / n, int(c)) for i, c in enumerate(hist)]
    return scores, None


def render_index(summary: Mapping[str, Any]) -> str:
    """Corpus run overview: a sortable table of pairs with links to their reports, and SVG plots."""
    pairs = [p for p in (summary.get("pairs") or []) if isinstance(p, Mapping)]
    ok = [p for p in pairs if p.get("status", "ok") == "ok"]
    kinds: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    qverdicts: Counter[str] = Counter()
    for p in ok:
        for src_map, dst in ((p.get("link_types"), kinds), (p.get("verdicts"), verdicts),
                             (p.get("quote_verdicts"), qverdicts)):
            if isinstance(src_map, Mapping):
                for k, v in src_map.items():
                    if isinstance(v, (int, float)):
                        dst[str(k)] += int(v)
    scores, hist = _collect_scores(summary)

    # plots
    plots: list[tuple[str, str]] = []
    if scores:
        plots.append((_plot_hist(scores, "p1"), "Distribution of link scores over the corpus (viridis = score)."))
    elif hist:
        mids = [(a + b) / 2 for a, b, _ in hist for _ in range(0)]  # placeholder: histogram given as counts
        del mids
        labels = [f"{a:.2f}" for a, _, _ in hist]
        plots.append((_plot_bars(labels, [c for _, _, c in hist], "p1", "Score distribution", "links",
                                 [score_colour((a + b) / 2) for a, b, _ in hist]), "Distribution of link scores."))
    if kinds:
        ks = sorted(kinds, key=_kind_key)
        plots.append((_plot_bars(ks, [kinds[k] for k in ks], "p2", "Link types", "links"),
                      "Link types over the corpus."))
    if verdicts:
        vs = _verdict_order(verdicts)
        plots.append((_plot_bars(vs, [verdicts[v] for v in vs], "p3", "Pair verdicts", "links",
                                 [VERDICT_COLOURS.get(v, "#999999") for v in vs]), "Verdicts of the aligned pairs."))
    if qverdicts:
        vs = _verdict_order(qverdicts)
        plots.append((_plot_bars(vs, [qverdicts[v] for v in vs], "p5", "Quotation verdicts", "quotations",
                                 [VERDICT_COLOURS.get(v, "#999999") for v in vs]),
                      "Verdicts of the quotations found in the target texts."))
    means = [(str(p.get("id")), float(p["mean_score"])) for p in ok if isinstance(p.get("mean_score"), (int, float))]
    if len(means) > 40:
        plots.append((_plot_hist([m[1] for m in means], "p4", "pairs", "mean link score of a pair"),
                      "Pairs by their mean link score."))
    elif len(means) > 1:
        means.sort(key=lambda x: x[1])
        plots.append((_plot_bars([m[0] for m in means], [round(m[1], 3) for m in means], "p4",
                                 "Mean link score per pair", "mean score",
                                 [score_colour(m[1]) for m in means], horizontal=True),
                      "Pairs ordered by mean link score (lowest first)."))
    plot_html = "".join(f'<figure class="plot">{svg}<figcaption>{_esc(cap)}</figcaption></figure>'
                        for svg, cap in plots)

    # table
    cols = [("pair", "str", "", ""), ("status", "str", "", ""), ("src sents", "num", "nm", "source sentences"),
            ("tgt sents", "num", "nm", "target sentences"), ("links", "num", "nm", ""),
            ("1-1 share", "num", "nm", "share of 1-1 links"), ("link types", "str", "", ""),
            ("mean score", "num", "nm", "mean link score"), ("unsure", "num", "nm", "unsure links"),
            ("bad verdicts", "num", "nm", "links with verdict partial, altered or unrelated"),
            ("verdicts", "num", "", "sorts by the share of bad verdicts"), ("quotes", "num", "nm", "quotations found"),
            ("bad quotes", "num", "nm", "quotations with verdict partial, altered or unrelated"),
            ("seconds", "num", "nm", "processing time")]
    head = "".join(f'<th scope="col" class="{c}" data-type="{t}" title="{_esc(tip or n)}">'
                   f'<button type="button">{_esc(n)}</button></th>' for n, t, c, tip in cols)
    body_rows = []
    for p in pairs:
        pid = str(p.get("id", "?"))
        status = str(p.get("status", "ok"))
        lt = _mapping(p.get("link_types"))
        n_links = p.get("n_links") if isinstance(p.get("n_links"), int) else sum(
            v for v in lt.values() if isinstance(v, int))
        share = lt.get("1-1", 0) / n_links if n_links else float("nan")
        vd = _mapping(p.get("verdicts"))
        qv = _mapping(p.get("quote_verdicts"))
        nflag = sum(int(v) for k, v in vd.items() if k in BAD_VERDICTS and isinstance(v, (int, float)))
        nbadq = sum(int(v) for k, v in qv.items() if k in BAD_VERDICTS and isinstance(v, (int, float)))
        mean = p.get("mean_score")
        link = p.get("report")
        # a relative path in the summary: percent-encoded in the href ("a#b", "50%", "q?x" are file names here)
        name = (f'<a href="{_esc(urllib.parse.quote(link))}">{_esc(pid)}</a>' if isinstance(link, str) and link
                and status == "ok"
                and not re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I) else _esc(pid))
        if status != "ok":
            name += f'<div class="err">{_esc(p.get("error") or "failed")}</div>'
        tot = sum(int(v) for v in vd.values() if isinstance(v, (int, float))) or 1
        vbar = "".join(f'<span style="width:{100 * int(vd[v]) / tot:.1f}%;background:{VERDICT_COLOURS.get(v, "#999")}"'
                       f' title="{_esc(v)}: {int(vd[v])}"></span>'
                       for v in [*VERDICTS, *sorted(k for k in vd if k not in VERDICTS)]
                       if isinstance(vd.get(v), (int, float)) and vd[v])
        vtext = ", ".join(f"{k} {int(vd[k])}" for k in _verdict_order(vd) if isinstance(vd[k], (int, float)))
        ms = (f'<span class="sw" style="background:{score_colour(mean)};color:{_text_on(mean)}">{mean:.3f}</span>'
              if isinstance(mean, (int, float)) else "–")
        cells = [
            (name, pid, ""), (_esc(status), status, ""),
            (_esc(p.get("n_src", "–")), p.get("n_src", ""), "nm"),
            (_esc(p.get("n_tgt", "–")), p.get("n_tgt", ""), "nm"),
            (_esc(n_links if n_links else "–"), n_links or "", "nm"),
            (f"{share:.0%}" if share == share else "–", "" if share != share else f"{share:.4f}", "nm"),
            (_esc(", ".join(f"{k}: {v}" for k, v in sorted(lt.items(), key=lambda kv: _kind_key(kv[0])))), "", ""),
            (ms, mean if isinstance(mean, (int, float)) else "", "nm"),
            (_esc(p.get("unsure", "–")), p.get("unsure", ""), "nm"), (str(nflag) if vd else "–", nflag, "nm"),
            (f'<div class="vbar" role="img" aria-label="{_esc(vtext)}">{vbar}</div><small>{_esc(vtext)}</small>'
             if vd else "–", nflag / tot if vd else "", ""),
            (_esc(p.get("n_quotes", "–")), p.get("n_quotes", ""), "nm"), (str(nbadq) if qv else "–", nbadq, "nm"),
            (_esc(p.get("seconds", "–")), p.get("seconds", ""), "nm"),
        ]
        tds = "".join(f'<td class="{c}" data-v="{_esc(v)}">{h}</td>' for h, v, c in cells)
        body_rows.append(f'<tr class="{"ok" if status == "ok" else "failed"}">{tds}</tr>')

    all_scores_mean = (sum(scores) / len(scores)) if scores else float("nan")
    cards = [(summary.get("n_pairs", len(pairs)), "pairs"), (summary.get("n_ok", len(ok)), "ok"),
             (summary.get("n_failed", len(pairs) - len(ok)), "failed"),
             (sum(_int(p.get("n_src")) for p in ok), "source sentences"),
             (sum(_int(p.get("n_tgt")) for p in ok), "target sentences"),
             (sum(kinds.values()), "links"), (_num(all_scores_mean), "mean link score"),
             (sum(_int(p.get("unsure")) for p in ok), "unsure links"),
             (sum(_int(p.get("n_quotes")) for p in ok), "quotations")]
    card_html = "".join(f'<div class="card"><b>{_esc(v)}</b><span>{_esc(lab)}</span></div>' for v, lab in cards)
    sub = " · ".join(_esc(f"{k}: {summary[k]}") for k in ("corpus", "src_lang", "tgt_lang", "encoder", "engine",
                                                          "seconds", "align_version") if summary.get(k) is not None)
    body = (
        f'<header class="top"><h1>{_esc(summary.get("title") or "align — corpus run")}</h1>'
        f'<div class="sub">{sub}</div><div class="cards">{card_html}</div></header>'
        '<div class="wrap">'
        f'<h2>Pairs</h2><p class="sub">Click a column heading to sort (needs JavaScript; without it the table '
        'is in pair order). Each pair name opens its side-by-side report.</p>'
        f'<table class="pairs"><thead><tr>{head}</tr></thead><tbody>{"".join(body_rows)}</tbody></table>'
        f'<h2>Plots</h2><div class="plots">{plot_html or "<p class=sub>No scores to plot.</p>"}</div>'
        f'<p class="keys">{_legend()}</p></div>'
    )
    return _page(str(summary.get("title") or "align — corpus run"), _INDEX_CSS, body, _INDEX_JS)


# ---------------------------------------------------------------- evaluation
_EVAL_CSS = """
.wrong td{font-size:.9em}
.wrong .lk{white-space:pre;font-family:ui-monospace,monospace;font-size:.85em}
td.miss,span.miss{color:#8b1a1a}
td.hit{background:#e9f5ea}
.conf td.diag{background:#e9f5ea;font-weight:600}
.muted{color:var(--mut)}
"""

_PRF = ("precision", "recall", "f1")


def _prf_of(d: Any) -> dict[str, float] | None:
    if not isinstance(d, Mapping):
        return None
    out = {}
    for k in _PRF:
        for alias in (k, k[0], k.upper(), {"f1": "f", "precision": "p", "recall": "r"}[k]):
            v = d.get(alias)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                out[k] = float(v)
                break
    if "f1" not in out and "precision" in out and "recall" in out:
        p, r = out["precision"], out["recall"]
        out["f1"] = 2 * p * r / (p + r) if p + r else 0.0
    return out or None


def _prf_table(rows: Sequence[tuple[str, Mapping[str, Any]]], extra: Sequence[str] = ()) -> str:
    head = "".join(f'<th class="nm">{_esc(k)}</th>' for k in (*_PRF, *extra))
    body = []
    for name, d in rows:
        prf = _prf_of(d) or {}
        cells = "".join(f'<td class="nm">{_num(prf.get(k), 3)}</td>' for k in _PRF)
        cells += "".join(f'<td class="nm">{_esc(d.get(k, "–"))}</td>' for k in extra)
        body.append(f"<tr><td>{_esc(name)}</td>{cells}</tr>")
    return f'<table class="t"><tr><th></th>{head}</tr>{"".join(body)}</table>'


def _load_sents(x: Any) -> list[str] | None:
    if isinstance(x, (list, tuple)):
        return [str(s) for s in x]
    if isinstance(x, (str, Path)) and x:
        try:
            return Path(x).read_text(encoding="utf-8").splitlines()
        except OSError:
            return None
    return None


def _as_links(x: Any) -> list[tuple[tuple[int, ...], tuple[int, ...]]] | None:
    if isinstance(x, (str, Path)):
        try:
            from .formats import parse_vecalign
            from .io import read_text

            return [(tuple(a), tuple(b)) for a, b, *_ in parse_vecalign(read_text(str(x)), name=str(x))]
        except Exception as exc:  # any failure only loses the per-document detail
            log.warning("eval report: cannot read %s: %s", x, exc)
            return None
    if isinstance(x, (list, tuple)):
        try:
            return [(tuple(int(i) for i in a), tuple(int(i) for i in b)) for a, b, *_ in x]
        except (TypeError, ValueError):
            return None
    return None


def _doc_detail(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Per-document figures and wrong links, computed from gold/test links when the doc gives them."""
    d = dict(doc)
    gold, test = _as_links(doc.get("gold")), _as_links(doc.get("test"))
    src = _load_sents(doc.get("src_sents", doc.get("src")))
    tgt = _load_sents(doc.get("tgt_sents", doc.get("tgt")))
    if src is None and tgt is None and isinstance(doc.get("test"), (str, Path)):
        here = Path(str(doc["test"])).parent
        if (here / "src.sents").is_file() and (here / "tgt.sents").is_file():
            src, tgt = _load_sents(here / "src.sents"), _load_sents(here / "tgt.sents")
    if gold is not None and test is not None:
        if "strict" not in d:
            try:
                from .evaluation import evaluate

                r = evaluate([gold], [test])
                rd = r.to_dict() if hasattr(r, "to_dict") else {}
                d["strict"] = rd.get("strict")
                d["lax"] = rd.get("lax")
            except Exception as exc:
                log.warning("eval report: per-document evaluation failed: %s", exc)
        if "wrong" not in d:
            d["wrong"] = _error_groups(gold, test)
    for w in d.get("wrong") or []:
        if not isinstance(w, dict):
            continue
        links = _link_list(w.get("gold")) + _link_list(w.get("test"))
        ss = sorted({i for a, _ in links for i in a})
        tt = sorted({j for _, b in links for j in b})
        if src is not None:
            w.setdefault("src_text", _numbered(src, ss))
        if tgt is not None:
            w.setdefault("tgt_text", _numbered(tgt, tt))
    return d


def _numbered(sents: Sequence[str], idx: Sequence[int]) -> str:
    """Sentences ``idx`` of ``sents``, each prefixed by its 0-based number when there are several."""
    got = [(i, sents[i]) for i in idx if 0 <= i < len(sents)]
    if len(got) == 1:
        return got[0][1]
    return " ".join(f"[{i}] {t}" for i, t in got)


def _link_list(x: Any) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """One link ``[[src...], [tgt...]]`` or a list of links, as a list of links."""
    if not isinstance(x, (list, tuple)) or not x:
        return []
    if len(x) == 2 and all(isinstance(side, (list, tuple)) and all(isinstance(i, int) for i in side) for side in x):
        return [(tuple(x[0]), tuple(x[1]))]
    out = []
    for lk in x:
        out += _link_list(lk)
    return out


def _error_groups(gold: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
                  test: Sequence[tuple[tuple[int, ...], tuple[int, ...]]]) -> list[dict[str, Any]]:
    """Wrong links grouped by overlap: gold links not predicted exactly with the test links that cover them.

    Each group: ``gold`` (list of links), ``test`` (list of links), in document order.
    """
    gs, ts = set(gold), set(test)
    bad = [("g", lk) for lk in gold if lk not in ts] + [("t", lk) for lk in test if lk not in gs]
    parent = list(range(len(bad)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[str, int], int] = {}
    for n, (_, (a, b)) in enumerate(bad):
        for key in [("s", i) for i in a] + [("t", j) for j in b]:
            if key in owner:
                parent[find(n)] = find(owner[key])
            else:
                owner[key] = n
    groups: dict[int, dict[str, Any]] = {}
    for n, (who, lk) in enumerate(bad):
        g = groups.setdefault(find(n), {"gold": [], "test": []})
        g["gold" if who == "g" else "test"].append([list(lk[0]), list(lk[1])])

    def first(g: dict[str, Any]) -> tuple[int, int]:
        links = g["gold"] + g["test"]
        return (min((i for a, _ in links for i in a), default=10**9), min((j for _, b in links for j in b),
                                                                          default=10**9))

    out = sorted(groups.values(), key=first)
    for g in out:
        g["gold"].sort()
        g["test"].sort()
        if not g["gold"]:
            g["kind"] = "extra test link" + ("s" if len(g["test"]) > 1 else "")
        elif not g["test"]:
            g["kind"] = "gold link not covered"
        else:
            g["kind"] = f"{len(g['gold'])} gold vs {len(g['test'])} test"
    return out


def _fmt_link(lk: Any) -> str:
    """Vecalign notation of a link or a list of links (one per line)."""
    links = _link_list(lk)
    if not links:
        return "" if lk in (None, [], ()) else str(lk)
    return "\n".join(f"[{', '.join(map(str, a))}]:[{', '.join(map(str, b))}]" for a, b in links)


def render_eval_report(result: Any, documents: Sequence[Mapping[str, Any]] | None = None,
                       title: str = "align — evaluation") -> str:
    """Evaluation page: strict/lax P/R/F1, per link type, confusion, per-document figures, wrong links.

    ``result`` is an ``align.evaluation.EvalResult`` (or its ``to_dict()``); ``documents``
    are dicts with ``name`` and either figures (``strict``/``lax`` dicts, ``wrong`` links
    with ``src_text``/``tgt_text``) or ``gold``/``test`` alignment files or link lists
    (and optional ``src``/``tgt`` sentence files or lists; ``src.sents``/``tgt.sents``
    beside the test file are used when present) from which they are computed.
    """
    rd: dict[str, Any] = _as_dict(result) if not isinstance(result, Mapping) else dict(result)
    docs = [_doc_detail(d) for d in (documents or []) if isinstance(d, Mapping)]

    overall = [(k, rd[k]) for k in ("strict", "lax") if _prf_of(rd.get(k))]
    if not overall and _prf_of(rd):
        overall = [("overall", rd)]
    counts = {k: v for k, v in rd.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    for key, sub in rd.items():
        if key == "counts" and isinstance(sub, Mapping):
            for k1, v1 in sub.items():
                if isinstance(v1, Mapping):
                    counts.update({f"{k1}: {k2}": v2 for k2, v2 in v1.items() if isinstance(v2, (int, float))})
                elif isinstance(v1, (int, float)):
                    counts[str(k1)] = v1

    by_type = None
    for key in ("by_type", "per_type", "link_types", "types", "by_kind"):
        if isinstance(rd.get(key), Mapping):
            by_type = rd[key]
            break
    type_html = ""
    if by_type:
        rows = []
        for kind in sorted(by_type, key=_kind_key):
            v = by_type[kind]
            if not isinstance(v, Mapping):
                continue
            if _prf_of(v):
                rows.append((f"{kind}", v))
            for sub in ("strict", "lax"):
                if _prf_of(v.get(sub)):
                    rows.append((f"{kind} {sub}", {**v[sub], **{k: x for k, x in v.items() if not isinstance(
                        x, Mapping)}}))
        extra = sorted({k for _, v in rows for k, x in v.items() if isinstance(x, int) and not isinstance(x, bool)
                        and k not in _PRF})
        type_html = "<h2>Per link type</h2>" + _prf_table(rows, extra) if rows else ""

    conf = rd.get("confusion")
    conf_html = ""
    if isinstance(conf, Mapping) and conf:
        bt = _mapping(by_type)
        gold_kinds = sorted(set(conf) | {k for k, v in bt.items() if isinstance(v, Mapping) and v.get("gold")},
                            key=_kind_key)
        # single covering test links go to their type's column; several links -> "split", none -> "missing"
        cells: dict[str, Counter[str]] = {g: Counter() for g in gold_kinds}
        patterns: dict[str, Counter[str]] = {g: Counter() for g in gold_kinds}
        for g in gold_kinds:
            for pat, n in _mapping(conf.get(g)).items():
                if not isinstance(n, (int, float)):
                    continue
                col = pat if "+" not in pat and pat != "missing" and re.fullmatch(r"\d+-\d+", pat) else (
                    "missing" if pat == "missing" else "split")
                cells[g][col] += int(n)
                if col == "split":
                    patterns[g][pat] += int(n)
            found = _mapping(bt.get(g)).get("gold_found")
            if isinstance(found, int):
                cells[g]["=" + g] += found
        singles = sorted({c for g in gold_kinds for c in cells[g] if re.fullmatch(r"\d+-\d+", c)} | set(gold_kinds),
                         key=_kind_key)
        extra = [c for c in ("split", "missing") if any(cells[g][c] for g in gold_kinds)]
        head = "".join(f'<th class="nm">{_esc(c)}</th>' for c in singles + extra)
        body = []
        for g in gold_kinds:
            tds = []
            for c in singles:
                n = cells[g][c] + (cells[g]["=" + g] if c == g else 0)
                tip = f' title="{cells[g]["=" + g]} found exactly"' if c == g else ""
                tds.append(f'<td class="nm{" diag" if c == g else ""}"{tip}>{n or ""}</td>')
            for c in extra:
                tip = "; ".join(f"{k} ×{v}" for k, v in patterns[g].most_common()) if c == "split" else ""
                tds.append(f'<td class="nm"{f" title={chr(34)}{_esc(tip)}{chr(34)}" if tip else ""}>'
                           f'{cells[g][c] or ""}</td>')
            body.append(f"<tr><th>{_esc(g)}</th>{''.join(tds)}</tr>")
        split_list = "".join(
            f"<li>{_esc(g)} → " + ", ".join(f"{_esc(k)} ×{v}" for k, v in patterns[g].most_common()) + "</li>"
            for g in gold_kinds if patterns[g])
        conf_html = ('<h2>Confusion of link types</h2><p class="sub">rows: gold link type; columns: type of the test '
                     'link covering it (diagonal: found exactly, or the same type elsewhere); "split": covered by '
                     'several test links; "missing": by none</p>'
                     f'<table class="t conf"><tr><th>gold \\ test</th>{head}</tr>{"".join(body)}</table>'
                     + (f'<details><summary>split patterns</summary><ul>{split_list}</ul></details>'
                        if split_list else ""))
    elif isinstance(conf, list) and conf:
        conf_html = "<h2>Confusion of link types</h2>" + _count_table(
            "gold → test", {f"{c[0]} → {c[1]}": c[2] for c in conf if isinstance(c, (list, tuple)) and len(c) >= 3})

    plot_html = ""
    if overall and by_type:
        kinds = [k for k in sorted(by_type, key=_kind_key) if _prf_of(by_type[k]) or _prf_of(
            (by_type[k] or {}).get("strict") if isinstance(by_type[k], Mapping) else None)]
        vals = []
        for k in kinds:
            v = by_type[k]
            prf = _prf_of(v) or _prf_of(v.get("strict")) or {}
            vals.append(round(prf.get("f1", prf.get("recall", 0.0)), 3))
        if kinds:
            plot_html = ('<figure class="plot">'
                         + _plot_bars(kinds, vals, "e1", "F1 per link type", "F1",
                                      [score_colour(v) for v in vals])
                         + "<figcaption>strict F1 of each link type (from its precision and recall)</figcaption>"
                           "</figure>")

    doc_html = ""
    if docs:
        drows: list[str] = []
        for d in docs:
            s, lx = _prf_of(d.get("strict")) or {}, _prf_of(d.get("lax")) or {}
            nwrong = len(d.get("wrong") or [])
            anchor = f'<a href="#doc-{docs.index(d)}">{nwrong}</a>' if nwrong else "0"
            drows.append(f"<tr><td>{_esc(d.get('name', '?'))}</td>"
                        + "".join(f'<td class="nm">{_num(s.get(k), 3)}</td>' for k in _PRF)
                        + "".join(f'<td class="nm">{_num(lx.get(k), 3)}</td>' for k in _PRF)
                        + f'<td class="nm">{anchor}</td></tr>')
        head = "".join(f'<th class="nm">strict {k}</th>' for k in _PRF) + "".join(
            f'<th class="nm">lax {k}</th>' for k in _PRF)
        doc_html = (f'<h2>Per document</h2><table class="t"><tr><th>document</th>{head}<th class="nm">wrong</th></tr>'
                    f'{"".join(drows)}</table>')
        for i, d in enumerate(docs):
            wrong = [w for w in (d.get("wrong") or []) if isinstance(w, Mapping)]
            if not wrong:
                continue
            trs = []
            for w in wrong[:2000]:
                lk_t, lk_g = w.get("test"), w.get("gold")
                kind = w.get("kind") or ("predicted, not in gold" if lk_t is not None else "gold, missed")
                trs.append(f'<tr><td class="lk">{_esc(_fmt_link(lk_g))}</td><td class="lk">{_esc(_fmt_link(lk_t))}'
                           f'</td><td>{_esc(kind)}</td><td>{_esc(w.get("src_text", ""))}</td>'
                           f'<td>{_esc(w.get("tgt_text", ""))}</td></tr>')
            more = f'<p class="sub">… {len(wrong) - 2000} more not shown</p>' if len(wrong) > 2000 else ""
            doc_html += (f'<h2 id="doc-{i}">Wrong links: {_esc(d.get("name", "?"))} ({len(wrong)})</h2>'
                         '<p class="sub">gold links not predicted exactly, grouped with the test links that overlap '
                         'them; [n] = sentence number</p>'
                         '<table class="t wrong"><tr><th>gold</th><th>test</th><th>what</th>'
                         f'<th>source text</th><th>target text</th></tr>{"".join(trs)}</table>{more}')

    count_html = ('<div class="chipbox">' + _chips("counts", [(_esc(k.replace("_", " ")), int(v))
                                                           for k, v in counts.items()]) + "</div>") if counts else ""
    page = (
        f'<header class="top"><h1>{_esc(title)}</h1><div class="sub">{len(docs)} document(s); strict = exact '
        'link match, lax = links overlapping on both sides (Vecalign/Bertalign definitions)</div></header>'
        '<div class="wrap"><h2>Overall</h2><div class="plots">'
        + (_prf_table(overall) if overall else '<p class="sub">No precision/recall figures in the result.</p>')
        + count_html + plot_html + "</div>" + type_html + conf_html + doc_html + "</div>"
    )
    return _page(title, _EVAL_CSS, page)
