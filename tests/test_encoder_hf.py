"""Local Hugging Face encoders: a tiny XLM-R-style model with a SentencePiece tokenizer trained here."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from align.encoders import get_encoder
from align.errors import InputError

DATA = Path(__file__).resolve().parent / "data"
HIDDEN = 32


def _corpus() -> list[str]:
    out = []
    for lang in ("ru", "en"):
        text = (DATA / f"flores_dev_sample.{lang}.txt").read_text(encoding="utf-8")
        out += [ln.strip() for ln in text.splitlines() if ln.strip()]
    return out


@pytest.fixture(scope="module")
def plain_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain transformers XLM-R directory (config, safetensors, tokenizer)."""
    import sentencepiece as spm
    import torch
    from transformers import AutoTokenizer, XLMRobertaConfig, XLMRobertaModel

    root = tmp_path_factory.mktemp("hf")
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(_corpus()),
        model_writer=buf,
        vocab_size=400,
        model_type="unigram",
        character_coverage=1.0,
        minloglevel=2,
    )
    tok_dir = root / "tok"
    tok_dir.mkdir()
    (tok_dir / "sentencepiece.bpe.model").write_bytes(buf.getvalue())
    (tok_dir / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": "XLMRobertaTokenizer"}))
    tok = AutoTokenizer.from_pretrained(str(tok_dir), local_files_only=True)
    torch.manual_seed(0)
    cfg = XLMRobertaConfig(
        vocab_size=len(tok),
        hidden_size=HIDDEN,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=66,
        pad_token_id=tok.pad_token_id,
    )
    model = XLMRobertaModel(cfg).eval()
    out = root / "tiny-xlmr"
    model.save_pretrained(str(out))
    tok.save_pretrained(str(out))
    return out


def _manual(path: Path, texts: list[str], mode: str) -> np.ndarray:
    """Pooled, normalised vectors computed directly with transformers, one text at a time."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    model = AutoModel.from_pretrained(str(path), local_files_only=True).eval()
    rows = []
    with torch.inference_mode():
        for t in texts:
            b = tok([t], return_tensors="pt", truncation=True, max_length=64)
            h = model(**b).last_hidden_state[0]
            v = h[0] if mode == "cls" else h.mean(0)
            rows.append(torch.nn.functional.normalize(v, dim=0).numpy())
    return np.stack(rows)


TEXTS = ["Привет, мир!", "The cat sat on the mat.", "Короткое.", "A much longer sentence " * 5, ""]


def test_plain_model_mean_pooling(plain_model: Path) -> None:
    enc = get_encoder(str(plain_model))
    assert enc.dim == HIDDEN and enc.pooling == ["mean"] and enc.prefix == ""
    v = enc.encode(TEXTS)
    assert v.shape == (len(TEXTS), HIDDEN) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert np.allclose(v, enc.encode(TEXTS), atol=1e-6)  # deterministic
    assert np.allclose(v[:4], _manual(plain_model, TEXTS[:4], "mean"), atol=1e-4)  # padding does not leak


def test_plain_model_cls_pooling(plain_model: Path) -> None:
    mean = get_encoder(str(plain_model)).encode(TEXTS[:4])
    enc = get_encoder(f"{plain_model}::cls")
    assert enc.pooling == ["cls"]
    cls = enc.encode(TEXTS[:4])
    assert np.allclose(cls, _manual(plain_model, TEXTS[:4], "cls"), atol=1e-4)
    assert not np.allclose(cls, mean, atol=1e-3)


def test_sentence_transformers_layout(plain_model: Path, tmp_path: Path) -> None:
    """modules.json + 1_Pooling (CLS) + 2_Dense (tanh, 32 -> 16) + 3_Normalize."""
    import torch
    from safetensors.torch import save_file

    st = tmp_path / "st-model"
    shutil.copytree(plain_model, st)
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"},
        {"idx": 3, "name": "3", "path": "3_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    (st / "modules.json").write_text(json.dumps(modules))
    (st / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 64, "do_lower_case": False}))
    (st / "1_Pooling").mkdir()
    pool = {"word_embedding_dimension": HIDDEN, "pooling_mode_cls_token": True, "pooling_mode_mean_tokens": False}
    (st / "1_Pooling" / "config.json").write_text(json.dumps(pool))
    (st / "2_Dense").mkdir()
    dense_cfg = {
        "in_features": HIDDEN,
        "out_features": 16,
        "bias": True,
        "activation_function": "torch.nn.modules.activation.Tanh",
    }
    (st / "2_Dense" / "config.json").write_text(json.dumps(dense_cfg))
    g = torch.Generator().manual_seed(1)
    w, b = torch.randn(16, HIDDEN, generator=g), torch.randn(16, generator=g)
    save_file({"linear.weight": w, "linear.bias": b}, str(st / "2_Dense" / "model.safetensors"))
    (st / "3_Normalize").mkdir()

    enc = get_encoder(str(st))
    assert enc.layout == "sentence-transformers" and enc.pooling == ["cls"] and enc.dim == 16
    v = enc.encode(TEXTS[:4])
    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(st), local_files_only=True)
    model = AutoModel.from_pretrained(str(st), local_files_only=True).eval()
    with torch.inference_mode():
        raw = torch.stack(
            [
                model(**tok([t], return_tensors="pt", truncation=True, max_length=64)).last_hidden_state[0, 0]
                for t in TEXTS[:4]
            ]
        )
    want = torch.nn.functional.normalize(torch.tanh(raw @ w.T + b), dim=-1).numpy()
    assert np.allclose(v, want, atol=1e-4)


def test_e5_gets_query_prefix(plain_model: Path, tmp_path: Path) -> None:
    e5 = tmp_path / "multilingual-e5-tiny"
    shutil.copytree(plain_model, e5)
    enc = get_encoder(str(e5))
    assert enc.prefix == "query: "
    plain = get_encoder(str(plain_model))
    assert np.allclose(enc.encode(["Привет"]), plain.encode(["query: Привет"]), atol=1e-5)
    assert get_encoder(str(e5), prefix="").prefix == ""


def test_hf_encoder_with_cache(plain_model: Path, tmp_path: Path) -> None:
    enc = get_encoder(str(plain_model), cache=True, cache_dir=tmp_path / "c")
    a = enc.encode(TEXTS)
    n = enc.embedded
    b = enc.encode(TEXTS)
    assert enc.embedded == n and np.array_equal(a, b)
    assert enc.identity.startswith("hf:")


def test_missing_and_broken_model_dirs(plain_model: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found|unknown encoder"):
        get_encoder(str(tmp_path / "absent"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no config.json"):
        get_encoder(str(empty))
    no_weights = tmp_path / "no-weights"
    shutil.copytree(plain_model, no_weights)
    (no_weights / "model.safetensors").unlink()
    with pytest.raises(InputError, match="no model weights"):
        get_encoder(str(no_weights))
    bad_cfg = tmp_path / "bad-config"
    shutil.copytree(plain_model, bad_cfg)
    (bad_cfg / "config.json").write_text("{not json")
    with pytest.raises(InputError) as err:
        get_encoder(str(bad_cfg))
    assert "\n" not in str(err.value) and "bad-config" in str(err.value)
    bad_pool = tmp_path / "bad-pool"
    shutil.copytree(plain_model, bad_pool)
    (bad_pool / "modules.json").write_text(json.dumps([{"idx": 0, "path": "", "type": "x.Transformer"}]))
    with pytest.raises(InputError, match="no Pooling module"):
        get_encoder(str(bad_pool))
