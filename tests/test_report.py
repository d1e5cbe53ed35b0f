"""Structural tests of the HTML reports (no browser): content, escaping, offline, JS-off readability."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from align.report import render_eval_report, render_index, render_pair_report, score_colour
from align.types import Alignment, Link, Sentence

# ----------------------------------------------------------------- synthetic data (also used by the browser test)
SRC_SENTS = [
    "В 1977 году было 7 встреч.",  # 0  number 7 -> 8 (and 1977 must stay unmarked)
    "Лукашенко приехал в Москву.",  # 1  name dropped in the rendering
    "Мы не отступим, сказал он, и добавил, что всё решено.",  # 2  omitted clause
    "Это первое предложение.",  # 3  2-1 link with 4
    "Это второе предложение.",  # 4
    "<script>alert('src')</script> & «кавычки»",  # 5  escaping
    "Лишнее предложение без пары.",  # 6  1-0
]
TGT_SENTS = [
    "In 1977 there were 8 meetings.",  # 0
    "He came to Moscow.",  # 1
    "“We will not retreat,” he said.",  # 2
    "These are the first and the second sentences, and a new claim.",  # 3
    "</script><img src=x onerror=alert(1)> & “quotes”",  # 4
    "An added sentence with no source.",  # 5  0-1
]


def _doc(sents: list[str], par_breaks: tuple[int, ...] = ()) -> tuple[str, tuple[Sentence, ...]]:
    text, out, par = "", [], 0
    for i, s in enumerate(sents):
        if i in par_breaks:
            text += "\n"
            par += 1
        start = len(text)
        text += s
        out.append(Sentence(start, len(text), s, par))
        text += "\n"
    return text, tuple(out)


def make_pair() -> tuple[Alignment, list[dict], list[dict], str, str]:
    """A small alignment exercising every marker: flags, unsure, 2-1, 1-0, 0-1, a quotation, escaping."""
    src_text, src = _doc(SRC_SENTS, par_breaks=(3,))
    tgt_text, tgt = _doc(TGT_SENTS, par_breaks=(3,))
    links = (
        Link((0,), (0,), 0.93),
        Link((1,), (1,), 0.71),
        Link((2,), (2,), 0.55, unsure=True),
        Link((3, 4), (3,), 0.62),
        Link((5,), (4,), 0.12, unsure=True),
        Link((6,), (), 0.0),
        Link((), (5,), 0.0),
    )
    al = Alignment(src, tgt, links, "ru", "en")
    scores = [
        {"similarity": 0.9, "fidelity": 0.41, "verdict": "altered",
         "flags": [{"type": "number", "source": "7", "rendering": "8"}]},
        {"similarity": 0.8, "fidelity": 0.6, "verdict": "partial",
         "flags": [{"type": "name", "source": "Лукашенко", "rendering": None}]},
        {"similarity": 0.7, "fidelity": 0.5, "verdict": "partial",
         "flags": [{"type": "omission", "source": "и добавил, что всё решено"}]},
        {"similarity": 0.8, "fidelity": 0.7, "verdict": "partial",
         "flags": [{"type": "addition", "rendering": "and a new claim"}]},
        {"similarity": 0.2, "fidelity": 0.2, "verdict": "faithful"},
        {},
        {},
    ]
    q_start = tgt_text.index("We will")
    s_start = src_text.index("Мы не")
    quotes = [
        {"quote": "We will not retreat,", "quote_span": [q_start, q_start + 20], "source": "Мы не отступим",
         "source_span": [s_start, s_start + 14], "verdict": "altered", "speaker": "Лукашенко <b>",
         "fidelity": 0.35, "flags": [{"type": "omission", "source": "и добавил, что всё решено"}]},
        {"quote": "orphan </script> quote", "verdict": "unrelated"},  # no spans, no source: still listed
    ]
    return al, scores, quotes, src_text, tgt_text


def make_summary() -> dict:
    pairs = []
    for i in range(4):
        pairs.append({
            "id": f"doc{i}", "status": "ok", "n_src": 10 + i, "n_tgt": 11 + i, "n_links": 10,
            "link_types": {"1-1": 8, "2-1": 1, "0-1": 1}, "mean_score": 0.5 + 0.1 * i, "unsure": i,
            "verdicts": {"faithful": 6, "paraphrase": 2, "altered": i}, "n_quotes": i,
            "quote_verdicts": {"altered": 1} if i else {}, "scores": [0.05 * k + 0.1 * i for k in range(10)],
            "report": f"pairs/doc{i}/report.html", "seconds": 1.5,
        })
    pairs.append({"id": "broken<1>", "status": "failed", "error": "broken<1>.en.txt: not <UTF-8>"})
    return {"corpus": "corpora/test", "src_lang": "ru", "tgt_lang": "en", "n_pairs": 5, "n_ok": 4, "n_failed": 1,
            "pairs": pairs}


# ----------------------------------------------------------------- helpers
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Checker(HTMLParser):
    """Collects tags, checks that non-void HTML tags are balanced, keeps text outside <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.scripts = 0
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for k, v in attrs:
            self.attrs.append((tag, k, v or ""))
            if k == "id":
                self.ids.append(v)
        if tag == "script":
            self.scripts += 1
            self._in_script = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        for k, v in attrs:
            self.attrs.append((tag, k, v or ""))
            if k == "id":
                self.ids.append(v)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}>, open: {self.stack[-3:]}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._in_script:
            self.text.append(data)


def parse(page: str) -> _Checker:
    c = _Checker()
    c.feed(page)
    c.close()
    return c


def assert_offline_and_wellformed(page: str) -> _Checker:
    c = parse(page)
    assert not c.errors, c.errors[:5]
    assert c.stack == [], c.stack
    assert len(c.ids) == len(set(c.ids)), "duplicate ids"
    for tag, k, v in c.attrs:
        if k in ("src", "href", "xlink:href", "action", "data", "poster", "srcset"):
            assert not re.match(r"\s*(https?:|//|ftp:)", v, re.I), (tag, k, v)
    assert not re.search(r"""url\(\s*['"]?\s*(https?:|//)""", page, re.I)
    assert "@import" not in page
    # the only URLs allowed are XML namespace names of inline SVG
    for m in re.finditer(r"https?://[^\s\"'<>)]+", page):
        assert m.group().startswith("http://www.w3.org/"), m.group()
    return c


def row(page: str, k: int) -> str:
    m = re.search(rf'<div class="([^"]*)" id="L{k}" role="row">(.*?)</div></div>\n', page, re.S)
    assert m, f"row {k} missing"
    return m.group(1) + " || " + m.group(2) + "</div>"


def cell(page: str, k: int, cls: str) -> str:
    r = row(page, k)
    m = re.search(rf'<div class="{cls}" role="cell"[^>]*>(.*?)</div>', r, re.S)
    assert m, (k, cls)
    return m.group(1)


@pytest.fixture(scope="module")
def pair_page() -> str:
    al, scores, quotes, _, _ = make_pair()
    return render_pair_report(al, scores, quotes, title="test <pair> & co", meta={"warnings": ["odd <warning>"]})


# ----------------------------------------------------------------- pair report
def test_pair_page_is_wellformed_offline_and_single_script(pair_page: str) -> None:
    c = assert_offline_and_wellformed(pair_page)
    assert c.scripts == 1
    assert "<link " not in pair_page and "<img" not in pair_page  # nothing to fetch


def test_every_link_is_a_row_with_both_texts(pair_page: str) -> None:
    al, *_ = make_pair()
    rows = re.findall(r'id="L(\d+)" role="row"', pair_page)
    assert [int(r) for r in rows] == list(range(len(al.links)))
    assert "Это первое предложение." in cell(pair_page, 3, "s")
    assert "Это второе предложение." in cell(pair_page, 3, "s")
    assert "These are the first" in cell(pair_page, 3, "t")
    # JS off: every sentence is in the HTML itself, escaped, outside the script
    text = html.unescape("".join(parse(pair_page).text))
    for s in SRC_SENTS + TGT_SENTS:
        assert s in text


def test_number_flag_marked_on_both_sides_but_not_inside_other_numbers(pair_page: str) -> None:
    s, t = cell(pair_page, 0, "s"), cell(pair_page, 0, "t")
    assert re.search(r'<mark class="f-num"[^>]*>7</mark> встреч', s)
    assert re.search(r'<mark class="f-num"[^>]*>8</mark> meetings', t)
    assert "1977" in s and "1977" in t and ">1977<" not in s
    assert "number: 7 → 8" in cell(pair_page, 0, "v")


def test_name_omission_addition_flags_inline(pair_page: str) -> None:
    assert re.search(r'<mark class="f-name"[^>]*>Лукашенко</mark>', cell(pair_page, 1, "s"))
    assert "<mark" not in cell(pair_page, 1, "t")  # nothing to mark: the name is missing there
    assert re.search(r'<del class="omit"[^>]*>и добавил, что всё решено</del>', cell(pair_page, 2, "s"))
    assert re.search(r'<ins class="add"[^>]*>and a new claim</ins>', cell(pair_page, 3, "t"))


def test_flagged_unsure_and_non_1_1_rows_are_marked(pair_page: str) -> None:
    classes = {k: row(pair_page, k).split(" || ")[0].split() for k in range(7)}
    assert [k for k, c in classes.items() if "fl" in c] == [0, 1, 2, 3]
    assert [k for k, c in classes.items() if "un" in c] == [2, 4]
    assert [k for k, c in classes.items() if "mu" in c] == [3, 5, 6]
    assert 'title="unsure link">?</span>' in row(pair_page, 2)
    assert "no counterpart" in cell(pair_page, 5, "t") and "no counterpart" in cell(pair_page, 6, "s")
    assert '<span class="kind">2-1</span>' in row(pair_page, 3)
    assert "pb" in classes[3] and "pb" not in classes[2]  # paragraph break before sentence 3


def test_rows_coloured_by_score_on_viridis() -> None:
    assert score_colour(0.0) == "#440154" and score_colour(1.0) == "#fde725"
    assert score_colour(-3) == score_colour(0) and score_colour(7) == score_colour(1)

    def lum(c: str) -> float:
        r, g, b = (int(c[i:i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lums = [lum(score_colour(i / 20)) for i in range(21)]
    assert all(a < b for a, b in zip(lums, lums[1:], strict=False))  # readable as an ordered scale in grey too
    al, scores, quotes, _, _ = make_pair()
    page = render_pair_report(al, scores, quotes, "x")
    assert "c18" in row(page, 0).split(" || ")[0].split()  # 0.93 -> bin 18 of 20
    assert "c2" in row(page, 4).split(" || ")[0].split()  # 0.12 -> bin 2
    assert ".c18{--c:" in page


def test_escaping_of_texts_titles_and_quotes(pair_page: str) -> None:
    assert "<script>alert" not in pair_page
    assert "&lt;script&gt;alert(&#x27;src&#x27;)&lt;/script&gt;" in pair_page
    assert "<img src=x" not in pair_page and "&lt;img src=x onerror=alert(1)&gt;" in pair_page
    assert pair_page.count("<script>") == 1 and pair_page.count("</script>") == 1
    assert "test &lt;pair&gt; &amp; co" in pair_page
    assert "Лукашенко &lt;b&gt;" in pair_page and "odd &lt;warning&gt;" in pair_page
    assert "orphan &lt;/script&gt; quote" in pair_page


def test_quotation_panel_links_to_its_row_and_back(pair_page: str) -> None:
    m = re.search(r'<li id="q0"[^>]*>(.*?)</li>\s*(?=<li id="q1"|</ol>)', pair_page, re.S)
    assert m
    q = m.group(1)
    assert 'href="#L2"' in q and "altered" in q and "Лукашенко &lt;b&gt;" in q
    assert "Мы не отступим" in q and "We will not retreat," in q and "fidelity 0.35" in q
    assert "omitted: и добавил, что всё решено" in q  # evidence
    assert 'href="#q0"' in row(pair_page, 2)
    assert "qu" in row(pair_page, 2).split(" || ")[0].split()
    q1 = re.search(r'<li id="q1".*?</li>', pair_page, re.S)
    assert q1 and 'href="#L' not in q1.group()  # no span: no jump, but listed
    assert "Quotations (2; 2 to check)" in pair_page


def test_filters_work_without_javascript(pair_page: str) -> None:
    for fid, cls in (("f-flag", "fl"), ("f-uns", "un"), ("f-mul", "mu"), ("f-low", "lo"), ("f-quo", "qu")):
        assert f'type="radio" name="view" id="{fid}"' in pair_page
        assert f'<label for="{fid}">' in pair_page
        assert f"#{fid}:checked~.rows .r:not(.{cls})" in pair_page
    assert re.search(r'id="f-all" checked', pair_page)
    assert "<label for=\"f-flag\">flagged (4)</label>" in pair_page
    # inputs precede the rows as siblings, so the CSS sibling selector reaches them
    assert pair_page.index('id="f-flag"') < pair_page.index('<div class="rows"')
    # the page without its script still has every row and the quotations
    no_js = re.sub(r"<script>.*?</script>", "", pair_page, flags=re.S)
    assert len(re.findall(r'role="row"', no_js)) == 8  # header + 7 links
    assert 'id="q0"' in no_js


def test_summary_header_counts(pair_page: str) -> None:
    head = pair_page[pair_page.index('<header class="top">'):pair_page.index("</header>")]
    assert "<b>7</b><span>ru sentences</span>" in head and "<b>6</b><span>en sentences</span>" in head
    assert "<b>7</b><span>links</span>" in head
    mean = (0.93 + 0.71 + 0.55 + 0.62 + 0.12) / 7
    assert f"<b>{mean:.2f}</b><span>mean link score</span>" in head
    assert "<b>2</b><span>unsure links</span>" in head and "<b>4</b><span>flagged rows</span>" in head
    for kind, n in (("1-1", 4), ("2-1", 1), ("1-0", 1), ("0-1", 1)):
        assert f'<span class="chip">{kind} <b>{n}</b></span>' in head
    assert re.search(r'v-partial">partial</span> <b>3</b>', head)
    assert re.search(r'v-altered">altered</span> <b>1</b>', head)
    assert re.search(r'quotation verdicts:</span> <span class="chip"><span class="vd v-altered">altered</span> <b>1</b>'
                     r'</span><span class="chip"><span class="vd v-unrelated">unrelated</span> <b>1</b>', head)
    assert "<svg" in head  # score histogram


def test_missing_keys_and_short_lists_are_tolerated() -> None:
    al, *_ = make_pair()
    page = render_pair_report(al, [], [{}, {"quote_span": "bad", "flags": "nope"}], "t")
    assert len(re.findall(r'id="L\d+" role="row"', page)) == len(al.links)
    page = render_pair_report(al, [{"flags": [None, {"type": "number"}, {"type": "weird", "source": "x"}]}],
                              None, "t")
    assert_offline_and_wellformed(page)
    empty = Alignment((), (), ())
    assert "No quotations found" in render_pair_report(empty, [], [], "empty")


def test_objects_with_to_dict_are_accepted() -> None:
    al, scores, quotes, _, _ = make_pair()

    class Obj:
        def __init__(self, d: dict) -> None:
            self.d = d

        def to_dict(self) -> dict:
            return self.d

    page = render_pair_report(al, [Obj(s) for s in scores], [Obj(q) for q in quotes], "t")
    assert re.search(r'<mark class="f-num"[^>]*>7</mark>', page)
    assert 'id="q0"' in page


def test_kremlin_size_page_stays_lean() -> None:
    """~1,100 sentences a side: one light row per link (content-visibility), no per-row scripts or styles."""
    src = tuple(Sentence(i * 40, i * 40 + 39, f"Предложение номер {i} о встрече в 2024 году.", i // 5)
                for i in range(1100))
    tgt = tuple(Sentence(i * 40, i * 40 + 39, f"Sentence number {i} about the meeting in 2024.", i // 5)
                for i in range(1100))
    links = tuple(Link((i,), (i,), (i % 100) / 100, unsure=i % 37 == 0) for i in range(1100))
    scores = [{"verdict": "faithful", "fidelity": 0.9, "flags": [{"type": "number", "source": "2024",
                                                                   "rendering": "2024"}] if i % 50 == 0 else []}
              for i in range(1100)]
    page = render_pair_report(Alignment(src, tgt, links), scores, [], "big")
    assert len(re.findall(r'role="row"', page)) == 1101
    assert len(page) < 1_200_000
    assert " style=" not in page[page.index('<div class="rows"'):]  # colours come from 20 shared classes
    assert "content-visibility:auto" in page


def test_real_kremlin_text_renders(tmp_path: Path, kremlin_paragraphs) -> None:
    """The shipped Kremlin transcript, one link per paragraph line, renders with all its text."""
    src, tgt = kremlin_paragraphs
    n = min(len(src), len(tgt))
    links = tuple(Link((i,), (i,), 0.8) for i in range(n)) + tuple(Link((i,), ()) for i in range(n, len(src))) \
        + tuple(Link((), (j,)) for j in range(n, len(tgt)))
    page = render_pair_report(Alignment(src, tgt, links), [], [], "kremlin")
    assert_offline_and_wellformed(page)
    text = html.unescape("".join(parse(page).text))
    assert all(s.text in text for s in src[:50] + tgt[:50])


# ----------------------------------------------------------------- index
@pytest.fixture(scope="module")
def index_page() -> str:
    return render_index(make_summary())


def test_index_rows_links_and_failed_pair(index_page: str) -> None:
    assert_offline_and_wellformed(index_page)
    body = index_page[index_page.index("<tbody>"):index_page.index("</tbody>")]
    assert body.count("<tr ") == 5
    for i in range(4):
        assert f'<a href="pairs/doc{i}/report.html">doc{i}</a>' in body
    assert "broken&lt;1&gt;" in body and "not &lt;UTF-8&gt;" in body and 'class="failed"' in body
    assert "<b>40</b><span>links</span>" in index_page


def test_index_is_sortable_with_readable_fallback(index_page: str) -> None:
    head = index_page[index_page.index("<thead>"):index_page.index("</thead>")]
    assert head.count("<button") == 14 and 'data-type="num"' in head
    assert 'data-v="0.8' in index_page  # mean score sort key of doc3
    assert "aria-sort" in index_page  # the script sets it
    no_js = re.sub(r"<script>.*?</script>", "", index_page, flags=re.S)
    assert no_js.index(">doc0<") < no_js.index(">doc1<") < no_js.index(">doc3<")  # pair order without JS


def test_index_embeds_svg_plots(index_page: str) -> None:
    svgs = re.findall(r"<svg\b.*?</svg>", index_page, re.S)
    assert len(svgs) >= 3
    assert "Score distribution (40 links)" in index_page and "Link types" in index_page
    assert "<metadata" not in index_page  # matplotlib's RDF metadata (with URLs) is dropped


def test_index_without_matplotlib_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__

    def fake(name: str, *a: object, **k: object) -> object:
        if name.startswith("matplotlib"):
            raise ImportError("no matplotlib")
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", fake)
    page = render_index(make_summary())
    assert len(re.findall(r"<svg\b", page)) >= 3
    assert_offline_and_wellformed(page)


def test_index_handles_score_hist_and_empty_runs() -> None:
    s = {"pairs": [{"id": "a", "status": "ok", "report": "javascript:alert(1)"}],
         "score_hist": {"edges": [0, 0.5, 1], "counts": [3, 4]}}
    page = render_index(s)
    assert "javascript:" not in page
    assert len(re.findall(r"<svg\b", page)) == 1
    assert "No scores to plot" in render_index({"pairs": []})


# ----------------------------------------------------------------- eval
def test_eval_report_with_real_evaluate(tmp_path: Path) -> None:
    from align.evaluation import evaluate

    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), ())]
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), ())]
    result = evaluate([gold], [test])
    d = tmp_path / "doc"
    d.mkdir()
    fmt = "".join(f"[{', '.join(map(str, a))}]:[{', '.join(map(str, b))}]\n" for a, b in test)
    (d / "alignment.txt").write_text(fmt, encoding="utf-8")
    (tmp_path / "gold.txt").write_text("".join(f"[{', '.join(map(str, a))}]:[{', '.join(map(str, b))}]\n"
                                               for a, b in gold), encoding="utf-8")
    (d / "src.sents").write_text("один\nдва <b>\nтри\nчетыре\nпять\n", encoding="utf-8")
    (d / "tgt.sents").write_text("one\ntwo and three\nfour\n", encoding="utf-8")
    docs = [{"name": "doc <1>", "gold": str(tmp_path / "gold.txt"), "test": str(d / "alignment.txt")}]
    page = render_eval_report(result, docs)
    assert_offline_and_wellformed(page)
    rd = result.to_dict()
    overall = page[page.index("<h2>Overall</h2>"):page.index("<h2>Per link type")]
    assert f'{rd["strict"]["f1"]:.3f}' in overall and f'{rd["lax"]["recall"]:.3f}' in overall
    conf = page[page.index("Confusion of link types"):page.index("<h2>Per document")]
    assert "1-1+1-0" in conf and "found exactly" in conf
    assert "doc &lt;1&gt;" in page
    wrong = page[page.index("Wrong links"):]
    assert "[1]:[1]" in wrong and "[1, 2]:[1]" in wrong and "[2]:[]" in wrong
    assert "два &lt;b&gt;" in wrong and "two and three" in wrong and "два <b>" not in page
    assert "<svg" in page  # F1 per link type plot


def test_eval_report_from_plain_dicts() -> None:
    result = {"strict": {"precision": 0.5, "recall": 0.25, "f1": 1 / 3}, "lax": {"p": 1.0, "r": 0.5}}
    docs = [{"name": "d", "strict": {"f1": 0.3}, "wrong": [{"test": [[0], [1]], "src_text": "<x>", "tgt_text": "y"}]}]
    page = render_eval_report(result, docs)
    assert "0.333" in page and "0.667" in page  # lax f1 computed from p and r
    assert "&lt;x&gt;" in page
    assert "No precision/recall" in render_eval_report({}, None)


def test_flag_spans_from_the_scorer_are_used_and_may_cross_sentences() -> None:
    """``source_span``/``rendering_span`` index the pair text (sentences joined by a space)."""
    src_text, src = _doc(["Было 7 и ещё 7.", "Второе 7."])
    tgt_text, tgt = _doc(["There were 7 and 8."])
    al = Alignment(src, tgt, (Link((0, 1), (0,), 0.8),))
    joined = "Было 7 и ещё 7. Второе 7."
    second = joined.index("7", joined.index("ещё"))
    scores = [{"verdict": "altered", "flags": [
        {"type": "number", "source": "7", "rendering": "8", "source_span": [second, second + 1],
         "rendering_span": [18, 19]},
        {"type": "omission", "source": "ещё 7. Второе", "source_span": [joined.index("ещё"), joined.index("ещё") + 13]},
    ]}]
    page = render_pair_report(al, scores, [], "t")
    s, t = cell(page, 0, "s"), cell(page, 0, "t")
    assert s.count('<mark class="f-num"') == 0  # the number lies inside the omitted span: the omission wins
    assert '<del class="omit" title="omitted: ещё 7. Второе">ещё 7.</del>' in s  # first sentence's part
    assert '<del class="omit" title="omitted: ещё 7. Второе">Второе</del>' in s  # continues in the second
    assert re.search(r'<mark class="f-num"[^>]*>8</mark>\.', t) and t.count("<mark") == 1
    # a span that does not hold the flag's text is ignored and the text searched instead
    bad = [{"verdict": "altered", "flags": [{"type": "number", "source": "7", "source_span": [0, 4]}]}]
    s = cell(render_pair_report(al, bad, [], "t"), 0, "s")
    assert s.count('<mark class="f-num"') == 3 and "<mark" not in s.split("Было")[0]


def test_altered_filter_and_quotes_to_check_first(pair_page: str) -> None:
    classes = {k: row(pair_page, k).split(" || ")[0].split() for k in range(7)}
    assert [k for k, c in classes.items() if "al" in c] == [0, 2]  # altered verdict / altered quotation
    assert "#f-alt:checked~.rows .r:not(.al)" in pair_page
    assert '<label for="f-alt">altered / unrelated (2)</label>' in pair_page
    assert ("<details open><summary>to check: altered or not found, then partial, then flagged (2)</summary>"
            in pair_page)
    assert "<details><summary>faithful" not in pair_page  # no faithful quotation in this pair
    al, scores, quotes, _, _ = make_pair()
    page = render_pair_report(al, scores, [{**quotes[0], "verdict": "faithful"}, quotes[1]], "t")
    assert page.index("then flagged (1)") < page.index("<details><summary>faithful (1)</summary>")
    assert page.index('id="q1"') < page.index('id="q0"')


def test_quotations_to_check_are_ordered_by_how_bad() -> None:
    """The list was in story order: in the demo report the three altered / partial quotations came 26th to 31st,
    after 25 paraphrases with nothing flagged, in a box 45% of the screen high."""
    al, scores, quotes, _, _ = make_pair()
    flag = [{"type": "name", "source": "Москва", "rendering": None}]
    qs = [{**quotes[1], "verdict": "paraphrase"}, {**quotes[1], "verdict": "paraphrase", "flags": flag},
          {**quotes[1], "verdict": "partial"}, {**quotes[1], "verdict": "faithful"},
          {**quotes[1], "verdict": "altered"}]
    page = render_pair_report(al, scores, qs, "t")
    assert "Quotations (5; 3 to check)" in page
    assert [page.index(f'id="q{k}"') for k in (4, 2, 1, 0, 3)] == sorted(page.index(f'id="q{k}"') for k in range(5))
    assert "<details><summary>paraphrase, nothing flagged (1)</summary>" in page
    assert "max-height:45vh" not in page


def test_wrong_links_grouped_by_overlap_with_texts() -> None:
    from align.report import _error_groups

    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), ()), ((5,), (3,))]
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,)), ((5,), ())]
    groups = _error_groups(gold, test)
    assert groups == [
        {"gold": [[[1, 2], [1]]], "test": [[[1], [1]], [[2], []]], "kind": "1 gold vs 2 test"},
        {"gold": [[[4], []], [[5], [3]]], "test": [[[4], [3]], [[5], []]], "kind": "2 gold vs 2 test"},
    ]
    page = render_eval_report({"strict": {"f1": 0.5}}, [{"name": "d", "gold": gold, "test": test,
                                                          "src": [f"s{i}" for i in range(6)],
                                                          "tgt": [f"t{i}" for i in range(4)]}])
    wrong = page[page.index("Wrong links: d (2)"):]
    assert "[1, 2]:[1]" in wrong and "[1]:[1]\n[2]:[]" in wrong
    assert "[1] s1 [2] s2" in wrong and ">t1<" in wrong and "[4] s4 [5] s5" in wrong


def test_quotation_and_its_source_outlined_in_their_rows(pair_page: str) -> None:
    assert '<span class="qs" title="quotation 0: altered">We will not retreat,</span>' in cell(pair_page, 2, "t")
    s = cell(pair_page, 2, "s")
    assert '<span class="qs" title="source of quotation 0">Мы не отступим</span>' in s
    assert '<del class="omit"' in s  # the flag on the same row is still shown


def test_crossing_highlights_stay_properly_nested() -> None:
    from align.report import _apply

    out = _apply("abcdefghij", [(2, 5, "mark", "m", "flag")], [(1, 3, "span", "qs", "q"), (4, 8, "span", "qs", "")])
    c = parse(f"<div>{out}</div>")
    assert not c.errors and c.stack == []
    assert re.sub(r"<[^>]+>", "", out) == "abcdefghij"
    assert out.count("<mark") == 3  # the flag is split where the quotation outlines begin and end
    assert _apply("x<y>&z", []) == "x&lt;y&gt;&amp;z"


def test_odd_values_in_summaries_and_meta_do_not_break_pages() -> None:
    s = {"pairs": [{"id": "a", "status": "ok", "n_src": "many", "n_tgt": None, "unsure": float("nan"),
                    "link_types": {"1-1": "x"}, "verdicts": ["faithful"], "mean_score": "high", "scores": [0.5, "x"]},
                   "not a dict"]}
    page = render_index(s)
    assert_offline_and_wellformed(page)
    assert ">a<" in page
    al, scores, quotes, _, _ = make_pair()
    page = render_pair_report(al, scores, quotes, "t", meta={"warnings": "one <warning>", "seconds": "slow"})
    assert page.count('class="warn"') == 1 and "one &lt;warning&gt;" in page


def test_a_quotation_speaker_hint_says_where_the_name_comes_from():
    from align.report import _quote_html

    q = {"quote": "Are they entertainers?", "source": "это что, артисты?", "verdict": "faithful",
         "fidelity": 0.8, "flags": [], "speaker": "I", "speaker_name": "Vladimir Putin"}
    out = _quote_html(q, 0, -1, -1)
    assert "(likely Vladimir Putin)" in out and "the label of the transcript turn" in out
    out = _quote_html({**q, "speaker": "he", "speaker_name": "Dmitry Peskov"}, 0, -1, -1)
    assert "(likely Dmitry Peskov)" in out and "the nearest name before it" in out


def test_a_quotation_says_who_says_the_source_wording():
    from align.report import _quote_html

    flag = {"type": "speaker", "source": "Т.Карлсон", "rendering": "Putin"}
    q = {"quote": "Do you believe Hungary has a right to take its land back?", "verdict": "altered",
         "source": "есть ли у Венгрии право забрать свои земли?", "fidelity": 0.8, "flags": [flag],
         "speaker": "Putin", "source_speaker": "Т.Карлсон"}
    out = _quote_html(q, 0, -1, -1)
    assert "source wording (said by <b>Т.Карлсон</b>):" in out
    assert "attributed to Putin, but the source&#x27;s speaker is Т.Карлсон" in out
    assert "said by" not in _quote_html({**q, "source_speaker": None, "flags": []}, 0, -1, -1)


def test_a_changed_word_of_a_same_language_quotation_is_shown_on_both_sides():
    from align.report import _quote_html

    flag = {"type": "wording", "change": "replaced", "source": "cruelly", "rendering": "kindly",
            "source_span": [38, 45], "rendering_span": [38, 44]}
    q = {"quote": "treated it rather harshly, not to say kindly.", "verdict": "altered", "fidelity": 0.58,
         "source": "treated it rather harshly, not to say cruelly", "flags": [flag]}
    out = _quote_html(q, 0, -1, -1)
    assert "the source says “cruelly”, the quotation “kindly”" in out
    assert out.count('class="f-other"') == 2  # the word marked in the quotation and in the source wording


def test_a_claim_without_quotation_marks_is_not_shown_as_a_quotation():
    from align.report import _quote_html

    q = {"quote": "Ukraine's negotiators had agreed to a deal in Istanbul.", "kind": "indirect", "verdict": "faithful",
         "source": "переговоры с Украиной в Стамбуле, договорились же", "fidelity": 0.8, "flags": []}
    out = _quote_html(q, 0, -1, -1)
    assert "claim, not quoted:</span> Ukraine&#x27;s negotiators" in out and "“Ukraine" not in out
    assert "“Ukraine" in _quote_html({**q, "kind": "marked"}, 0, -1, -1)


def test_a_quotation_with_no_source_wording_says_so_and_shows_the_closest_wording_as_such():
    from align.report import _quote_html

    flag = {"type": "no_source", "source": None, "rendering": None, "similarity": 0.4,
            "reason": "the sentence that holds the quotation has no counterpart in the source"}
    q = {"quote": "China will never trade with Europe again.", "source": "Потенциал Китая колоссальный",
         "verdict": "unrelated", "fidelity": 0.44, "flags": [flag]}
    out = _quote_html(q, 0, -1, -1)
    assert "no source wording found; the closest wording, not a rendering:" in out
    assert "Потенциал Китая колоссальный" in out and "source wording:</span>" not in out
    assert "no source wording found: the sentence that holds the quotation has no counterpart" in out
    out = _quote_html({**q, "flags": []}, 0, -1, -1)  # a quotation with a source keeps the plain label
    assert "source wording:</span>" in out and "not a rendering" not in out


def test_a_quotation_shows_its_source_sentence_around_the_wording() -> None:
    """A source wording cut at "make any sense" hid the "does not" before it: the rest of its sentence is shown,
    greyed. A quotation with no speaker says its attribution was not checked; one not found shows no fidelity."""
    al, scores, quotes, _, _ = make_pair()
    q0 = dict(quotes[0], speaker=None)
    page = render_pair_report(al, scores, [q0, quotes[1]], "t")
    m = re.search(r'<li id="q0".*?</li>', page, re.S)
    assert m
    item = m.group()
    assert ('<span class="ctx">, сказал он, и добавил, что всё решено.</span>' in item
            and '<b class="sw">Мы не отступим</b>' in item)
    assert "speaker not identified: attribution not checked" in item and "fidelity 0.35" in item
    q1 = re.search(r'<li id="q1".*?</li>', page, re.S)
    assert q1 and "fidelity" not in q1.group()


def test_flag_labels_say_which_side_lacks_the_word() -> None:
    from align.report import _flag_label

    assert _flag_label({"type": "name", "source": "Грузии", "rendering": None, "match": "France"}) == (
        "name: Грузии → (not in the rendering; closest there: France)")
    assert _flag_label({"type": "negation", "source": None, "rendering": "no"}) == "negation: (not in the source) → no"
    assert _flag_label({"type": "number", "source": "7", "rendering": "8"}) == "number: 7 → 8"


def test_a_sentence_with_no_counterpart_is_grey(pair_page: str) -> None:
    """A story checked against a speech has a thousand such rows; coloured by their (high) score they looked like
    good links."""
    classes = {k: row(pair_page, k).split(" || ")[0].split() for k in range(7)}
    assert "cn" in classes[5] and "cn" in classes[6]  # 1-0 and 0-1
    assert not any("cn" in classes[k] for k in range(5)) and ".cn{--c:#d4d4d4" in pair_page


def test_a_verdict_without_flags_says_why_and_claims_come_after_quotations() -> None:
    al, scores, quotes, _, _ = make_pair()
    claim = {**quotes[1], "verdict": "altered", "kind": "indirect", "quote": "a claim"}
    para = {**quotes[0], "verdict": "paraphrase", "flags": []}
    page = render_pair_report(al, scores, [claim, para, {**quotes[1], "verdict": "altered"}], "t")
    assert page.index('id="q2"') < page.index('id="q0"')  # the quotation before the claim of the same rank
    m = re.search(r'<li id="q1".*?</li>', page, re.S)
    assert m and "no number, name, negation or left-out clause was found" in m.group()


def test_quotations_too_short_to_check_are_listed() -> None:
    from align.quotes import unchecked_quotes

    story = 'Putin called it an “absurd decree” and said: “We are ready to talk about it.” He praised “NATO”.'
    short = [q.text for q in unchecked_quotes(story, "en")]
    assert short == ["absurd decree", "NATO"]
    al, scores, quotes, _, _ = make_pair()
    page = render_pair_report(al, scores, quotes, "t", unchecked=short)
    assert "Not checked (2): one or two words inside a sentence" in page and "“absurd decree”, “NATO”" in page
    assert "Not checked" not in render_pair_report(al, scores, quotes, "t")


def test_a_story_page_leaves_out_the_link_statistics() -> None:
    # a news story checked against a speech: a thousand sentences with no counterpart made "1-0 1179 … mean link
    # score 0.87" the page's first news
    al, _scores, quotes, _s, _t = make_pair()
    plain = render_pair_report(al, None, quotes, title="t")
    story = render_pair_report(al, None, quotes, title="t", story=True)
    text = html.unescape(re.sub(r"<[^>]+>", " ", story))
    assert "mean link score" in plain and "link types" in plain
    assert "mean link score" not in text and "link types" not in text and "link scores (log scale)" not in text
    assert "ru sentences (source)" in text and "en sentences (story)" in text and "to check" in text
    assert "a story checked against the source it quotes" in text
    # it opens on the rows with a quotation, not on a thousand rows with no counterpart
    assert re.search(r'id="f-quo" checked', story) and re.search(r'id="f-all" checked', plain)
    assert not re.search(r'id="f-all" checked', story)


def test_a_quotation_header_has_no_empty_field_and_names_what_the_fidelity_is_against():
    from align.report import _quote_html

    unrelated = {"quote": "Made up.", "speaker": "Putin", "verdict": "unrelated", "fidelity": 0.2, "flags": [],
                 "source": None}
    head = _quote_html(unrelated, 0, 3, -1).split("</div>")[0]
    assert "· ·" not in head and "fidelity" not in head and "in the text, row 3" in head
    copied = {"quote": "We signed it.", "speaker": None, "verdict": "faithful", "fidelity": 0.44, "flags": [],
              "source": "Мы подписали.", "official": {"text": "We signed it.", "span": [0, 13], "quoted": True,
                                                    "coverage": 1.0, "verdict": "faithful"}}
    head = _quote_html(copied, 1, -1, -1).split("</div>")[0]
    assert "fidelity against the source 0.44" in head and "· ·" not in head and not head.rstrip().endswith("·")
    plain = dict(copied, official=None)
    assert "fidelity 0.44" in _quote_html(plain, 2, -1, -1)
