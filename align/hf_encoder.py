"""Sentence encoders from a local Hugging Face model directory (LaBSE, multilingual-e5, ...).

Two layouts are understood, loaded with ``local_files_only=True`` (nothing is
ever downloaded):

* sentence-transformers: ``modules.json`` lists a Transformer module (usually
  the directory itself), a ``Pooling`` module whose ``config.json`` gives the
  pooling mode (CLS, mean, max, mean-sqrt-len, last token, weighted mean;
  several modes are concatenated like sentence-transformers does), optionally
  a ``Dense`` module (LaBSE: 768 -> 768 with tanh) and a ``Normalize`` module;
* a plain transformers encoder (``config.json`` + weights + tokenizer): mean
  pooling over the attention mask unless ``pooling="cls"`` is asked for (name
  suffix ``::cls`` / ``::mean`` on the command line: ``--encoder DIR::cls``).

Output rows are always L2-normalised (alignment uses cosine similarity).

Prompts: models trained with input prefixes need them at inference. When the
directory's ``config_sentence_transformers.json`` defines a ``query`` prompt,
that prompt is used; multilingual-e5 models (recognised by name) get
``"query: "``. Alignment and scoring compare sentences symmetrically, and the
e5 authors advise the ``query:`` prefix on both sides for symmetric tasks
(bitext mining, semantic similarity), so both sides get the same prefix.
``prefix=""`` turns this off, any other string replaces it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError
from .io import model_text

log = logging.getLogger("align")

POOLING_MODES = ("cls", "max", "mean", "mean_sqrt_len", "weightedmean", "lasttoken")
_ST_POOL_KEYS = {
    "pooling_mode_cls_token": "cls",
    "pooling_mode_max_tokens": "max",
    "pooling_mode_mean_tokens": "mean",
    "pooling_mode_mean_sqrt_len_tokens": "mean_sqrt_len",
    "pooling_mode_weightedmean_tokens": "weightedmean",
    "pooling_mode_lasttoken": "lasttoken",
}
_WEIGHT_FILES = (
    "model.safetensors",
    "pytorch_model.bin",
    "model.safetensors.index.json",
    "pytorch_model.bin.index.json",
)


def split_name(name: str) -> tuple[str, str | None]:
    """``"DIR::cls"`` -> ("DIR", "cls"); ``"DIR"`` -> ("DIR", None)."""
    if "::" in name:
        path, _, mode = name.rpartition("::")
        if mode in POOLING_MODES:
            return path, mode
    return name, None


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: missing ({what})") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: unreadable {what}: {_one_line(exc)}") from None


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


class HFEncoder:
    """Encoder over a local Hugging Face model directory: ``encode(texts) -> (N, dim)`` float32, L2-normalised.

    ``path``: the model directory. ``device``: None/"auto" (CUDA if available),
    "cpu", "cuda", "cuda:N". ``pooling``: override for a plain transformers
    model (ignored, with a warning, for a sentence-transformers one).
    ``prefix``: input prefix (see the module docstring). ``max_length``:
    token limit per sentence (default: the model's ``max_seq_length`` or 512).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        device: str | None = None,
        pooling: str | None = None,
        prefix: str | None = None,
        max_length: int | None = None,
        batch_size: int = 32,
    ) -> None:
        self.path = Path(path).expanduser()
        if not self.path.exists():
            raise InputError(f"{self.path}: encoder model directory not found")
        if not self.path.is_dir():
            raise InputError(f"{self.path}: not a directory (expected a Hugging Face model directory)")
        if pooling is not None and pooling not in POOLING_MODES:
            raise InputError(f"unknown pooling {pooling!r}: choose from {', '.join(POOLING_MODES)}")
        self.name = f"hf:{self.path.name}"
        self.batch_size = batch_size
        self._dense: list[tuple[Any, Any, str]] = []
        modules = self.path / "modules.json"
        self.layout = "sentence-transformers" if modules.exists() else "transformers"
        model_dir = self.path
        self.do_lower_case = False
        st_max = None
        if self.layout == "sentence-transformers":
            model_dir, self.pooling, st_max = self._read_st_layout(modules)
            if pooling is not None and [pooling] != self.pooling:
                log.warning(
                    "%s: pooling %r ignored: the model's 1_Pooling config says %s",
                    self.path,
                    pooling,
                    "+".join(self.pooling),
                )
        else:
            self.pooling = [pooling or "mean"]
        if not (model_dir / "config.json").exists():
            raise InputError(f"{model_dir}: not a Hugging Face model directory (no config.json)")
        if not any((model_dir / f).exists() for f in _WEIGHT_FILES):
            raise InputError(f"{model_dir}: no model weights (model.safetensors or pytorch_model.bin)")
        self.prefix = self._default_prefix(model_dir) if prefix is None else prefix
        self.max_length = int(max_length or st_max or 512)
        self._load(model_dir, device)
        self.identity = self._identity(model_dir)

    # ------------------------------------------------------------------ layout
    def _read_st_layout(self, modules_json: Path) -> tuple[Path, list[str], int | None]:
        mods = _read_json(modules_json, "sentence-transformers modules list")
        if not isinstance(mods, list) or not mods:
            raise InputError(f"{modules_json}: expected a non-empty list of modules")
        model_dir: Path | None = None
        pooling: list[str] | None = None
        st_max = None
        for m in sorted(mods, key=lambda m: int(m.get("idx", 0))):
            kind = str(m.get("type", "")).rsplit(".", 1)[-1]
            sub = self.path / str(m.get("path", ""))
            if kind == "Transformer":
                model_dir = sub
                cfg = sub / "sentence_bert_config.json"
                if cfg.exists():
                    sb = _read_json(cfg, "sentence-transformers Transformer config")
                    st_max = sb.get("max_seq_length")
                    self.do_lower_case = bool(sb.get("do_lower_case", False))
            elif kind == "Pooling":
                pc = _read_json(sub / "config.json", "pooling config")
                pooling = [mode for key, mode in _ST_POOL_KEYS.items() if pc.get(key)]
                if not pooling:
                    raise InputError(f"{sub / 'config.json'}: no pooling mode enabled")
            elif kind == "Dense":
                self._dense.append(self._read_dense(sub))
            elif kind == "Normalize":
                pass  # rows are always normalised
            else:
                raise InputError(f"{modules_json}: unsupported sentence-transformers module {m.get('type')!r}")
        if model_dir is None:
            raise InputError(f"{modules_json}: no Transformer module")
        if pooling is None:
            raise InputError(f"{modules_json}: no Pooling module")
        return model_dir, pooling, st_max

    def _read_dense(self, sub: Path) -> tuple[Any, Any, str]:
        cfg = _read_json(sub / "config.json", "Dense module config")
        act = str(cfg.get("activation_function", "torch.nn.modules.linear.Identity")).rsplit(".", 1)[-1]
        if act not in ("Identity", "Tanh", "ReLU", "Sigmoid", "GELU"):
            raise InputError(f"{sub / 'config.json'}: unsupported activation {act!r}")
        state = _load_state(sub)
        try:
            return state["linear.weight"], state.get("linear.bias"), act
        except KeyError:
            raise InputError(f"{sub}: Dense weights lack 'linear.weight'") from None

    def _default_prefix(self, model_dir: Path) -> str:
        cst = self.path / "config_sentence_transformers.json"
        if cst.exists():
            prompts = _read_json(cst, "sentence-transformers config").get("prompts") or {}
            if isinstance(prompts, dict) and prompts.get("query"):
                return str(prompts["query"])
        names = [self.path.name, model_dir.name]
        try:
            names.append(
                str(json.loads((model_dir / "config.json").read_text(encoding="utf-8")).get("_name_or_path", ""))
            )
        except (OSError, ValueError):
            pass
        if any(re.search(r"(^|[/_-])e5([_-]|$)", n.lower()) for n in names):
            return "query: "
        return ""

    # -------------------------------------------------------------------- load
    def _load(self, model_dir: Path, device: str | None) -> None:
        import torch

        try:
            from transformers import AutoModel, AutoTokenizer
            from transformers.utils import logging as hf_logging

            hf_logging.set_verbosity_error()
            hf_logging.disable_progress_bar()
            self.tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
            self.model = AutoModel.from_pretrained(str(model_dir), local_files_only=True)
        except InputError:
            raise
        except Exception as exc:  # transformers raises OSError, ValueError, KeyError, ...
            raise InputError(f"{model_dir}: cannot load Hugging Face model: {_one_line(exc)}") from None
        if device in (None, "auto"):
            device = "cuda" if torch.cuda.is_available() else "cpu"
        from .usem import check_device

        check_device(device)
        self.device = device
        self._torch = torch
        self.model.eval().to(device)
        cfg_max = getattr(self.model.config, "max_position_embeddings", None)
        if cfg_max:  # RoBERTa-style models reserve pad_id + 1 positions
            off = 2 if getattr(self.model.config, "model_type", "") in ("xlm-roberta", "roberta", "camembert") else 0
            self.max_length = min(self.max_length, int(cfg_max) - off)
        hidden = int(getattr(self.model.config, "hidden_size", 0) or 0)
        dim = hidden * len(self.pooling)
        self._dense = [
            (
                torch.as_tensor(w, dtype=torch.float32).to(device),
                None if b is None else torch.as_tensor(b, dtype=torch.float32).to(device),
                act,
            )
            for w, b, act in self._dense
        ]
        if self._dense:
            dim = int(self._dense[-1][0].shape[0])
        self.dim = dim

    def _identity(self, model_dir: Path) -> str:
        h = hashlib.sha256()
        for p in sorted(self.path.rglob("*")):
            if p.is_file() and p.suffix in (".json", ".safetensors", ".bin", ".model", ".txt"):
                st = p.stat()
                h.update(f"{p.relative_to(self.path)}:{st.st_size}:{st.st_mtime_ns};".encode())
        return (
            f"hf:{self.path.resolve()}:{h.hexdigest()[:16]}:pool={'+'.join(self.pooling)}"
            f":prefix={self.prefix!r}:max={self.max_length}:lower={self.do_lower_case}"
        )

    # ------------------------------------------------------------------ encode
    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """Embed ``texts`` -> float32 array (N, dim), rows L2-normalised."""
        torch = self._torch
        n = len(texts)
        out = np.zeros((n, self.dim), dtype=np.float32)
        if n == 0:
            return out
        prepared = [self.prefix + model_text(t.lower() if self.do_lower_case else t) for t in texts]
        order = np.argsort([len(t) for t in prepared], kind="stable")[::-1]
        bar = None
        if progress:
            from .progress import progress_bar

            bar = progress_bar(total=n, desc="embedding", unit="sent")
        try:
            with torch.inference_mode():
                for s in range(0, n, self.batch_size):
                    idx = order[s : s + self.batch_size]
                    batch = self.tokenizer(
                        [prepared[i] for i in idx],
                        padding=True,
                        truncation=True,
                        max_length=self.max_length,
                        return_tensors="pt",
                    )
                    batch = {k: v.to(self.device) for k, v in batch.items()}
                    hidden = self.model(**batch).last_hidden_state  # (B, T, H)
                    vec = self._pool(hidden, batch["attention_mask"])
                    for w, b, act in self._dense:
                        vec = torch.nn.functional.linear(vec, w, b)
                        vec = _activation(torch, act, vec)
                    vec = torch.nn.functional.normalize(vec.float(), dim=-1)
                    out[idx] = vec.cpu().numpy()
                    if bar is not None:
                        bar.update(len(idx))
        finally:
            if bar is not None:
                bar.close()
        return out

    def _pool(self, hidden: Any, mask: Any) -> Any:
        """(B, T, H) token states, (B, T) mask -> (B, H * len(pooling))."""
        torch = self._torch
        m = mask.unsqueeze(-1).to(hidden.dtype)  # (B, T, 1)
        lens = m.sum(dim=1).clamp(min=1.0)  # (B, 1)
        parts = []
        for mode in self.pooling:
            if mode == "cls":
                parts.append(hidden[:, 0])
            elif mode == "mean":
                parts.append((hidden * m).sum(dim=1) / lens)
            elif mode == "mean_sqrt_len":
                parts.append((hidden * m).sum(dim=1) / lens.sqrt())
            elif mode == "max":
                parts.append(hidden.masked_fill(m == 0, -1e9).max(dim=1).values)
            elif mode == "weightedmean":
                w = torch.arange(1, hidden.shape[1] + 1, device=hidden.device, dtype=hidden.dtype)[None, :, None] * m
                parts.append((hidden * w).sum(dim=1) / w.sum(dim=1).clamp(min=1.0))
            elif mode == "lasttoken":
                last = mask.sum(dim=1).long() - 1  # right padding
                parts.append(hidden[torch.arange(hidden.shape[0], device=hidden.device), last.clamp(min=0)])
        return torch.cat(parts, dim=-1)


def _activation(torch: Any, act: str, x: Any) -> Any:
    if act == "Tanh":
        return torch.tanh(x)
    if act == "ReLU":
        return torch.relu(x)
    if act == "Sigmoid":
        return torch.sigmoid(x)
    if act == "GELU":
        return torch.nn.functional.gelu(x)
    return x


def _load_state(sub: Path) -> dict[str, Any]:
    """Tensors of a module folder (model.safetensors or pytorch_model.bin) as numpy arrays."""
    st = sub / "model.safetensors"
    bin_ = sub / "pytorch_model.bin"
    try:
        if st.exists():
            from safetensors.numpy import load_file

            return dict(load_file(str(st)))
        if bin_.exists():
            import torch

            return {
                k: v.float().numpy() for k, v in torch.load(str(bin_), map_location="cpu", weights_only=True).items()
            }
    except Exception as exc:
        raise InputError(f"{sub}: unreadable weights: {_one_line(exc)}") from None
    raise InputError(f"{sub}: no weights (model.safetensors or pytorch_model.bin)")
