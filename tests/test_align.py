from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align import dp
from align.aligner import Aligner, link_moves, presplit_sentences
from align.evaluation import evaluate
from align.formats import parse_vecalign
from align.types import Link

DATA = Path(__file__).resolve().parent / "data"


# ----------------------------------------------------------------- helpers
class HashEncoder:
    """A fast fake encoder: texts sharing words get similar vectors (bag of hashed words)."""

    name = "hash"
    dim = 64

    def encode(self, texts, progress=False):
        out = np.zeros((len(texts), self.dim), np.float32)
        for k, t in enumerate(texts):
            for w in t.split():
                h = int(hashlib.md5(w.encode()).hexdigest(), 16)
                out[k, h % self.dim] += 1.0 if (h >> 8) & 1 else -1.0
            out[k, k % self.dim] += 0.01
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-8)


def check_coverage(links: list[Link], n: int, m: int, max_size: int = 6) -> None:
    """Every sentence of both sides in exactly one link, in order, no empty link, sizes allowed."""
    s = [i for ln in links for i in ln.src]
    t = [j for ln in links for j in ln.tgt]
    assert s == list(range(n))
    assert t == list(range(m))
    for ln in links:
        assert ln.src or ln.tgt
        assert 0.0 <= ln.score <= 1.0
        assert isinstance(ln.unsure, bool)
        if ln.src and ln.tgt:
            assert len(ln.src) + len(ln.tgt) <= max_size
        assert list(ln.src) == list(range(ln.src[0], ln.src[0] + len(ln.src))) if ln.src else True
        assert list(ln.tgt) == list(range(ln.tgt[0], ln.tgt[0] + len(ln.tgt))) if ln.tgt else True


def _flores() -> tuple[list[str], list[str]]:
    ru = (DATA / "flores_dev_sample.ru.txt").read_text(encoding="utf-8").splitlines()
    en = (DATA / "flores_dev_sample.en.txt").read_text(encoding="utf-8").splitlines()
    return ru, en


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    return Aligner()  # the real default encoder


# ----------------------------------------------------------------- DP core (no model)
def test_link_moves_respect_max_size() -> None:
    moves = link_moves(5, 4)
    assert moves[0] == (1, 1)
    assert set(moves) == {(1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4), (4, 1), (2, 3), (3, 2)}
    assert (1, 5) in link_moves(6, 5) and (3, 3) in link_moves(6, 5)


def test_banded_dp_finds_planted_links() -> None:
    # 4 source, 5 target sentences: gold 1-1, 1-2, 0-1, 2-1 (on a full band)
    n, m = 4, 5
    band = dp.full_band(n, m)
    rows, cols = dp.band_cells(band)
    moves = [(1, 1), (1, 2), (2, 1)]
    planted = {((1, 1), (1, 1)), ((1, 2), (2, 3)), ((2, 1), (4, 5))}
    scores = []
    for ab in moves:
        sc = np.full(band.size, -1.0, np.float32)
        for (mv, node) in planted:
            if mv == ab:
                sc[dp.node_index(band, np.array([node[0]]), np.array([node[1]]))[0]] = 1.0
        scores.append(sc)
    res = dp.banded_dp(band, moves, scores, np.full(n, -0.2, np.float32), np.full(m, -0.2, np.float32))
    assert res.links.tolist() == [[0, 1, 0, 1], [1, 2, 1, 3], [2, 2, 3, 4], [2, 4, 4, 5]]
    assert res.total == pytest.approx(3 - 0.2)


def test_band_is_linear_and_contains_path() -> None:
    n = m = 5000
    path = [(i, i) for i in range(n + 1)]
    band = dp.band_around_path(path, n, m, 6)
    assert band.size < (n + 1) * 30
    rows = np.arange(n + 1)
    assert np.all((band.lo <= rows) & (rows < band.hi))


def test_coarse_to_fine_recovers_diagonal_with_deletions() -> None:
    rng = np.random.default_rng(0)
    base = rng.normal(size=(3000, 32)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    src = base
    keep = np.ones(3000, bool)
    keep[[100, 1500, 1501, 2999]] = False  # four source sentences without translation
    tgt = base[keep] + 0.05 * rng.normal(size=(int(keep.sum()), 32)).astype(np.float32)
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)

    def scorer(s, t, band):
        rows, cols = dp.band_cells(band)
        return (dp.span_similarity(s, t, rows, cols, 1, 1) - 0.3, np.zeros(s.shape[0], np.float32),
                np.zeros(t.shape[0], np.float32))

    res = dp.coarse_to_fine_path(src, tgt, scorer, max_cells=200_000)
    deleted = [r[0] for r in res.links.tolist() if r[3] == r[2]]
    assert deleted == [100, 1500, 1501, 2999]
    assert all(r[1] - r[0] == 1 for r in res.links.tolist())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=0, max_size=14), st.lists(st.integers(0, 30), min_size=0, max_size=14),
       st.integers(2, 6))
def test_coverage_invariants_on_random_input(src_ids: list[int], tgt_ids: list[int], max_size: int) -> None:
    words = [f"w{k} x{k % 3}" for k in range(31)]
    src = [words[k] for k in src_ids]
    tgt = [words[k] for k in tgt_ids]
    al = Aligner(HashEncoder(), max_size=max_size, max_cells=40)  # tiny max_cells: coarse-to-fine path
    links = al.align_sentences(src, tgt)
    check_coverage(links, len(src), len(tgt), max(max_size, 2))


def test_presplit_sentences_offsets() -> None:
    text = "  Erste Zeile. \n\nZweite Zeile\r\n  \nDritte\n"
    sents = presplit_sentences(text)
    assert [s.text for s in sents] == ["Erste Zeile.", "Zweite Zeile", "Dritte"]
    assert all(text[s.start:s.stop] == s.text for s in sents)
    assert [s.paragraph for s in sents] == [0, 1, 2]


def test_invalid_max_size() -> None:
    with pytest.raises(ValueError):
        Aligner(HashEncoder(), max_size=1)


# ----------------------------------------------------------------- real encoder
def test_one_to_one_on_real_translations(aligner: Aligner) -> None:
    ru, en = _flores()
    links = aligner.align_sentences(ru[:30], en[:30])
    check_coverage(links, 30, 30)
    assert sum(ln.src == ln.tgt for ln in links) >= 29
    assert sum(ln.unsure for ln in links) <= 2


def test_unrelated_documents_get_no_sure_link(aligner: Aligner) -> None:
    """Two unrelated news documents: whatever the DP links between them is unsure and scores under a coin toss (their
    1-1 links scored 0.85-0.95 before); a translation's links stay sure."""
    corpus = Path(__file__).resolve().parent.parent / "corpora" / "ntrex"
    ru = presplit_sentences((corpus / "bbc.381790.ru.txt").read_text(encoding="utf-8"))
    en = presplit_sentences((corpus / "cnn.304489.en.txt").read_text(encoding="utf-8"))
    links = aligner.align_sentences([s.text for s in ru], [s.text for s in en])
    both = [ln for ln in links if ln.src and ln.tgt]
    assert both and all(ln.unsure and ln.score <= 0.3 for ln in both)
    en_own = presplit_sentences((corpus / "bbc.381790.en.txt").read_text(encoding="utf-8"))
    own = aligner.align_sentences([s.text for s in ru], [s.text for s in en_own])
    assert sum(not ln.unsure for ln in own if ln.src and ln.tgt) >= 0.8 * len(ru)


def test_merges_and_deletions_with_real_encoder(aligner: Aligner) -> None:
    ru, en = _flores()
    ru, en = ru[30:60], en[30:60]
    # target: sentences 3+4 merged (1-2), 10+11 merged on the source side (2-1), source 20 dropped (0-1 gold
    # on the target side), target 25 dropped (1-0)
    src = ru[:3] + [ru[3] + " " + ru[4]] + ru[5:20] + ru[21:]
    tgt = en[:10] + [en[10] + " " + en[11]] + en[12:25] + en[26:]
    links = aligner.align_sentences(src, tgt)
    check_coverage(links, len(src), len(tgt))
    got = {(ln.src, ln.tgt) for ln in links}
    # source indices shift by -1 after the merge at 3 and by -2 after the drop at 20; target ones by -1 after 10
    assert ((3,), (3, 4)) in got
    assert ((9, 10), (10,)) in got
    assert ((), (19,)) in got
    assert ((23,), ()) in got
    one_to_one = [ln for ln in links if len(ln.src) == len(ln.tgt) == 1]
    assert len(one_to_one) >= 22


def test_textberg_head_accuracy(aligner: Aligner) -> None:
    de = (DATA / "textberg_dev_head.de").read_text(encoding="utf-8")
    fr = (DATA / "textberg_dev_head.fr").read_text(encoding="utf-8")
    gold = parse_vecalign((DATA / "textberg_dev_head.defr").read_text(encoding="utf-8"))
    al = aligner.align(de, fr, "de", "fr", presplit=True)
    assert len(al.src) == 41 and len(al.tgt) == 76
    check_coverage(list(al.links), 41, 76)
    r = evaluate([gold], [list(al.links)])
    assert r.strict_f1 >= 0.85
    assert r.lax_f1 >= 0.95
    assert r.by_type["0-1"]["gold_found"] >= 30  # the block of unaligned photo captions


def test_align_texts_segments_and_keeps_offsets(aligner: Aligner) -> None:
    ru, en = _flores()
    src_text = " ".join(ru[60:66]) + "\n\n" + " ".join(ru[66:70])
    tgt_text = " ".join(en[60:66]) + "\n\n" + " ".join(en[66:70])
    al = aligner.align(src_text, tgt_text, "ru", "en")
    assert al.src_lang == "ru" and al.tgt_lang == "en"
    assert all(src_text[s.start:s.stop] == s.text for s in al.src)
    assert all(tgt_text[s.start:s.stop] == s.text for s in al.tgt)
    check_coverage(list(al.links), len(al.src), len(al.tgt))
    assert len(al.pairs()) == len(al.links)


def test_empty_sides(aligner: Aligner) -> None:
    assert aligner.align_sentences([], []) == []
    links = aligner.align_sentences(["Один.", "Два."], [])
    assert [(ln.src, ln.tgt) for ln in links] == [((0,), ()), ((1,), ())]
    links = aligner.align_sentences([], ["One."])
    assert [(ln.src, ln.tgt) for ln in links] == [((), (0,))]


def test_lexical_anchor_feature() -> None:
    from align.aligner import _lex_similarity, _lex_vectors

    src = _lex_vectors(["Der Lhotse misst 8501 m.", "ohne zahlen hier.", "im jahr 1956."])
    tgt = _lex_vectors(["Le Lhotse mesure 8501 m.", "En 1956 ."])
    band = dp.full_band(3, 2)
    rows, cols = dp.band_cells(band)
    sim = _lex_similarity(src, tgt, rows, cols, 1, 1)

    def at(i: int, j: int) -> float:
        return float(sim[dp.node_index(band, np.array([i + 1]), np.array([j + 1]))[0]])

    assert at(0, 0) == pytest.approx(0.5)  # same anchors: cosine 1 - 0.5
    assert at(0, 1) == pytest.approx(-0.5)  # both have anchors, none shared
    assert at(1, 0) == pytest.approx(-0.25)  # only one side has anchors
    assert at(2, 1) == pytest.approx(0.5)
    # a 2-1 span sums the counts of its sentences
    sim21 = _lex_similarity(src, tgt, rows, cols, 2, 1)
    assert float(sim21[dp.node_index(band, np.array([3]), np.array([2]))[0]]) == pytest.approx(0.5)


def test_span_embeddings_match_joined_text(aligner: Aligner) -> None:
    """Span embeddings (composed by the encoder's encode_joined) are those of the joined sentences."""
    ru, en = _flores()
    texts = en[:6]
    spans = [(0, 2), (1, 4), (3, 6), (5, 6)]
    got = aligner._embed_spans(texts, spans)
    want = aligner._embed([" ".join(texts[a:b]) for a, b in spans])
    assert got.shape == (4, want.shape[1])
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-4)
    assert float(np.min(np.einsum("ij,ij->i", got, want))) > 0.999
    hashed = Aligner(HashEncoder())
    assert np.allclose(hashed._embed_spans(texts, spans), hashed._embed([" ".join(texts[a:b]) for a, b in spans]),
                       atol=1e-5)
