"""Property-based tests (hypothesis): invariants that must hold for any input."""

from __future__ import annotations

import hashlib

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.aligner import Aligner
from align.errors import InputError
from align.evaluation import evaluate
from align.formats import format_alignment, parse_vecalign
from align.segmenter import segment
from align.types import Alignment, Sentence

# any Unicode: mixed scripts, control characters, huge tokens, odd spaces
TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=400,
) | st.lists(
    st.sampled_from(["Г. Иванов.", "Mr. Smith said: “No.”", "т.е.", "\u00ad", "\u200b", "\ufeff", "\r\n", "\n\n",
                     "«Да!» — сказал он.", "U.S.", "3.5%", "x" * 3000, " ", "…", "\x00", "\x07", "中文。", "١٢٣"]),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(["ru", "en", "de", "fr", "zh"]))
def test_segment_offsets_reproduce_input(text, lang):
    sents = segment(text, lang)
    last = 0
    para = 0
    for s in sents:
        assert isinstance(s, Sentence)
        assert text[s.start:s.stop] == s.text
        assert s.text.strip() == s.text and s.text
        assert s.start >= last
        assert s.paragraph >= para
        last, para = s.stop, s.paragraph
    # no letter or digit is lost between sentences (a line of only symbols may be dropped)
    covered = set()
    for s in sents:
        covered.update(range(s.start, s.stop))
    lost = [text[i] for i in range(len(text)) if i not in covered and text[i].isalnum()]
    assert not lost


class HashEncoder:
    """A fast stand-in encoder: a deterministic unit vector per text (shared words -> similar vectors)."""

    name = "hash"
    dim = 64

    def encode(self, texts, progress=False):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.split() or [""]:
                h = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=4).digest(), "little")
                out[i, h % self.dim] += 1.0
            out[i] /= max(np.linalg.norm(out[i]), 1e-8)
        return out


WORDS = st.lists(st.sampled_from("alpha beta gamma delta eps zeta eta theta iota kappa lambda mu".split()),
                 min_size=1, max_size=6).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=40), st.lists(WORDS, max_size=40), st.integers(2, 6))
def test_alignment_covers_every_sentence_once_in_order(src, tgt, max_size):
    links = Aligner(encoder=HashEncoder(), max_size=max_size).align_sentences(src, tgt)
    flat_s = [i for ln in links for i in ln.src]
    flat_t = [j for ln in links for j in ln.tgt]
    assert flat_s == list(range(len(src)))
    assert flat_t == list(range(len(tgt)))
    for ln in links:
        assert 0.0 <= ln.score <= 1.0
        assert ln.src or ln.tgt
        assert len(ln.src) + len(ln.tgt) <= max(max_size, 2) or not (ln.src and ln.tgt)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)).filter(lambda x: x != (0, 0)), max_size=30))
def test_eval_of_alignment_against_itself_is_one(sizes):
    links, i, j = [], 0, 0
    for a, b in sizes:
        links.append((tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    from align.types import Link

    al = Alignment(tuple(Sentence(0, 1, "x") for _ in range(i)), tuple(Sentence(0, 1, "y") for _ in range(j)),
                   tuple(Link(s, t, 0.5) for s, t in links))
    parsed = parse_vecalign(format_alignment(al, "vecalign"))
    assert [tuple(map(tuple, p)) for p in parsed] == links
    res = evaluate([parsed], [parsed]).to_dict()
    if any(s and t for s, t in links):
        strict = res["strict"] if "strict" in res else res["overall"]["strict"]
        assert strict["f1"] == 1.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_parse_vecalign_raises_only_documented_errors(text):
    try:
        parse_vecalign(text, name="x.txt")
    except InputError as exc:
        assert str(exc).startswith("x.txt")


def _cli_ok_or_documented(args, capsys):
    from align.cli import main

    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    if code != 0:
        assert code == 2 and err.startswith("align: error:"), err
    return code


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_cli_segment_random_unicode(text, tmp_path, capsys):
    p = tmp_path / "in.txt"
    p.write_bytes(text.encode("utf-8", "surrogatepass"))
    _cli_ok_or_documented(["segment", "--lang", "ru", str(p)], capsys)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=TEXT, b=TEXT)
def test_cli_pair_random_unicode(a, b, tmp_path, capsys):
    pa, pb, out = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "out.txt"
    pa.write_bytes(a.encode("utf-8", "surrogatepass"))
    pb.write_bytes(b.encode("utf-8", "surrogatepass"))
    if out.exists():
        out.unlink()
    code = _cli_ok_or_documented(["pair", str(pa), str(pb), "-o", str(out), "--no-cache", "-q"], capsys)
    assert out.exists() == (code == 0)
