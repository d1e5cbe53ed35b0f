"""The main job: one document pair end to end, and a whole corpus (``align run``).

``process_pair`` reads, checks, segments, aligns, scores and checks quotations for
one pair and writes its files into a fresh directory that is renamed into place
only when complete, so a killed run never leaves a partial pair behind.
``run_corpus`` finds the pairs of a corpus, skips the finished ones (resume),
runs the rest on an engine, isolates failures per pair and writes ``index.html``
and ``summary.json``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import AlignError, InputError
from .io import (
    atomic_write_text,
    check_lang,
    check_presplit_blank_lines,
    check_script,
    check_unpunctuated,
    read_text,
    usual_mode,
)
from .types import Alignment

log = logging.getLogger("align")

#: mean similarity of aligned pairs under which two documents do not look like translations.
UNRELATED_SIMILARITY = 0.35
PAIR_FILES = ("src.sents", "tgt.sents", "alignment.txt", "alignment.tsv", "scores.jsonl",
              "quotes.jsonl", "report.html", "summary.json")


@dataclass(frozen=True)
class RunOptions:
    """Settings of a run; they are part of each finished pair's fingerprint."""

    src_lang: str = "ru"
    tgt_lang: str = "en"
    encoder: str = "use-m"
    device: str | None = None
    max_size: int | None = None  # None: the aligner's default
    encoding: str | None = None
    cache: bool = True
    cache_dir: str | None = None

    def fingerprint(self) -> str:
        d = asdict(self)
        d.pop("device")
        d.pop("cache")
        d.pop("cache_dir")
        return hashlib.sha1(json.dumps(d, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class PairResult:
    """What one pair produced: the alignment, one score dict per link, quotation dicts, warnings."""

    alignment: Alignment
    scores: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)
    src_text: str = ""
    tgt_text: str = ""


# ----------------------------------------------------------------- components
_COMPONENTS: dict[tuple[Any, ...], Any] = {}


def get_encoder_for(opts: RunOptions) -> Any:
    from .encoders import get_encoder

    return get_encoder(opts.encoder, device=opts.device, cache=opts.cache, cache_dir=opts.cache_dir)


def get_aligner(opts: RunOptions) -> Any:
    key = ("aligner", opts.encoder, opts.device, opts.max_size, opts.cache, opts.cache_dir)
    if key not in _COMPONENTS:
        from .aligner import Aligner

        kw: dict[str, Any] = {} if opts.max_size is None else {"max_size": opts.max_size}
        _COMPONENTS[key] = Aligner(encoder=get_encoder_for(opts), **kw)
    return _COMPONENTS[key]


def get_scorer(opts: RunOptions) -> Any:
    key = ("scorer", opts.encoder, opts.device, opts.cache, opts.cache_dir)
    if key not in _COMPONENTS:
        from .scoring import Scorer

        _COMPONENTS[key] = Scorer(encoder=get_encoder_for(opts))
    return _COMPONENTS[key]


# ----------------------------------------------------------------- one pair
def align_pair(src_text: str, tgt_text: str, opts: RunOptions, presplit: bool = False,
               src_name: str = "source", tgt_name: str = "target", report_ok: bool = False
               ) -> tuple[Alignment, list[str]]:
    """Align two texts; returns the alignment and the warnings raised about the input. With ``report_ok`` (``align
    quotes``: a news story checked against the speech it quotes is the usual case) very unequal lengths are only
    logged as information."""
    from .segmenter import MAX_SENTENCE

    warnings: list[str] = []
    for text, lang, name in ((src_text, opts.src_lang, src_name), (tgt_text, opts.tgt_lang, tgt_name)):
        long_ = check_presplit_blank_lines(text, name) if presplit else check_unpunctuated(text, name, MAX_SENTENCE)
        for msg in (check_script(text, lang, name), long_):
            if msg:
                warnings.append(msg)
    alignment = get_aligner(opts).align(src_text, tgt_text, src_lang=opts.src_lang, tgt_lang=opts.tgt_lang,
                                        presplit=presplit)
    ns, nt = len(alignment.src), len(alignment.tgt)
    msg = check_translation(float(alignment.meta.get("mean_similarity", 0.0)), src_name, tgt_name,  # type: ignore[arg-type]
                            warn=not report_ok)
    if msg and not report_ok:
        warnings.append(msg)
    if ns and nt and max(ns, nt) > 3 * min(ns, nt) and max(ns, nt) > 10:
        msg = (f"{src_name} / {tgt_name}: very unequal lengths ({ns} vs {nt} sentences); "
               "many sentences will have no counterpart (one side may be truncated; a report quoting the other is "
               "fine: its quotations are looked up in the whole source)")
        if report_ok:
            log.info(msg)
        else:
            log.warning(msg)
            warnings.append(msg)
    return alignment, warnings


def check_translation(mean: float, src_name: str, tgt_name: str, warn: bool = True) -> str | None:
    """Warn when aligned pairs are on average (``mean`` cosine) too dissimilar for translations (``warn=False``: only
    log it as information, as for a news story checked against the speech it quotes)."""
    if mean < UNRELATED_SIMILARITY:
        msg = (f"{src_name} / {tgt_name}: the documents do not look like translations of each other "
               f"(mean similarity of aligned sentences {mean:.2f})")
        if warn:
            log.warning(msg)
        else:
            log.info(msg)
        return msg
    return None


def analyse_pair(src_text: str, tgt_text: str, opts: RunOptions, src_name: str = "source",
                 tgt_name: str = "target") -> PairResult:
    """Segment, align, score every link and check every quotation of ``tgt_text`` against ``src_text``."""
    alignment, warnings = align_pair(src_text, tgt_text, opts, src_name=src_name, tgt_name=tgt_name)
    scorer = get_scorer(opts)
    pairs = alignment.pairs()
    idx = [k for k, (_, _, ln) in enumerate(pairs) if ln.src and ln.tgt]
    scored = scorer.score_pairs([(pairs[k][0], pairs[k][1]) for k in idx], opts.src_lang, opts.tgt_lang)
    scores: list[dict[str, Any]] = [{} for _ in pairs]
    for k, sc in zip(idx, scored, strict=True):
        scores[k] = sc.to_dict()
    from .quotes import check_quotes

    quotes = [q.to_dict() for q in check_quotes(src_text, tgt_text, alignment, scorer, opts.src_lang, opts.tgt_lang)]
    return PairResult(alignment, scores, quotes, warnings, src_text, tgt_text)


def pair_summary(pid: str, res: PairResult, seconds: float) -> dict[str, Any]:
    al = res.alignment
    kinds = Counter(ln.kind for ln in al.links)
    verdicts = Counter(s.get("verdict") for s in res.scores if s.get("verdict"))
    qverdicts = Counter(q.get("verdict") for q in res.quotes if q.get("verdict"))
    link_scores = [round(ln.score, 4) for ln in al.links]
    return {
        "id": pid,
        "status": "ok",
        "n_src": len(al.src),
        "n_tgt": len(al.tgt),
        "n_links": len(al.links),
        "link_types": dict(sorted(kinds.items())),
        "mean_score": round(sum(link_scores) / len(link_scores), 4) if link_scores else 0.0,
        "unsure": sum(1 for ln in al.links if ln.unsure),
        "verdicts": dict(verdicts),
        "n_quotes": len(res.quotes),
        "quote_verdicts": dict(qverdicts),
        "scores": link_scores,
        "warnings": res.warnings,
        "seconds": round(seconds, 2),
        "report": f"pairs/{pid}/report.html",
    }


def write_pair(out_dir: Path, pid: str, res: PairResult, summary: dict[str, Any]) -> None:
    """Write a pair's files into ``out_dir`` (a fresh temporary directory)."""
    from .formats import format_alignment
    from .report import render_pair_report

    al = res.alignment
    (out_dir / "src.sents").write_text("".join(s.text.replace("\n", " ") + "\n" for s in al.src), encoding="utf-8")
    (out_dir / "tgt.sents").write_text("".join(s.text.replace("\n", " ") + "\n" for s in al.tgt), encoding="utf-8")
    (out_dir / "alignment.txt").write_text(format_alignment(al, "vecalign"), encoding="utf-8")
    (out_dir / "alignment.tsv").write_text(format_alignment(al, "tsv"), encoding="utf-8")
    with open(out_dir / "scores.jsonl", "w", encoding="utf-8") as fh:
        for ln, sc in zip(al.links, res.scores, strict=True):
            row = {"src": list(ln.src), "tgt": list(ln.tgt), "link_score": round(ln.score, 4), "unsure": ln.unsure}
            row.update(sc)
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(out_dir / "quotes.jsonl", "w", encoding="utf-8") as fh:
        for q in res.quotes:
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    from .quotes import unchecked_quotes

    short = [q.text for q in unchecked_quotes(res.tgt_text, al.tgt_lang)] if res.tgt_text else []
    html = render_pair_report(al, res.scores, res.quotes, title=pid, meta=summary, unchecked=short)
    (out_dir / "report.html").write_text(html, encoding="utf-8")
    (out_dir / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")


# ----------------------------------------------------------------- corpus
@dataclass(frozen=True)
class PairJob:
    pid: str
    src_path: str
    tgt_path: str


#: file name endings of a corpus document: plain text, a web page, a Word document
_SUFFIXES = "(?i:txt|html|htm|xhtml|docx)"


def find_pairs(corpus: str | os.PathLike[str], src_lang: str, tgt_lang: str) -> tuple[list[PairJob], list[dict]]:
    """Pairs ``<id>.<src>.txt`` / ``<id>.<tgt>.txt`` in ``corpus``; also the ids missing one side.

    A side may also be a web page or a Word document (``.html``, ``.htm``, ``.xhtml``, ``.docx``, in any case:
    :mod:`align.markup`); two files
    for one side (``a.ru.txt`` and ``a.ru.html``) make the pair fail with both named."""
    root = Path(corpus)
    if not root.exists():
        raise InputError(f"{root}: no such corpus directory")
    if not root.is_dir():
        raise InputError(f"{root}: not a directory (align run takes a corpus directory)")
    pat = re.compile(rf"^(?P<id>.+)\.(?P<lang>{re.escape(src_lang)}|{re.escape(tgt_lang)})\.{_SUFFIXES}$", re.S)
    sides: dict[str, dict[str, str]] = {}
    unusable: dict[str, str] = {}
    for p in sorted(root.iterdir()):
        m = pat.match(p.name)
        if not m:
            continue
        pid = m["id"]
        if pid in (".", "..") or pid.startswith(".tmp-") or re.search(r"[\x00-\x1f\x7f/\\]", pid):
            # "..": OUT/pairs/.. is OUT itself; ".tmp-": the name of a pair in progress
            unusable[pid] = f"{p}: '{pid}' cannot name a pair's output folder: rename the file"
        elif p.is_dir():
            unusable[pid] = f"{p}: is a directory, expected a text file"
        elif p.is_file():
            side = sides.setdefault(pid, {})
            if m["lang"] in side:
                unusable[pid] = f"{side[m['lang']]}, {p}: two files for one side of pair '{pid}': keep one"
            side[m["lang"]] = str(p)
    jobs, missing = [], []
    for pid, reason in sorted(unusable.items()):
        missing.append({"id": pid, "status": "failed", "error": reason})
        sides.pop(pid, None)
    for pid, d in sorted(sides.items()):
        if src_lang in d and tgt_lang in d:
            jobs.append(PairJob(pid, d[src_lang], d[tgt_lang]))
        else:
            lack = tgt_lang if src_lang in d else src_lang
            missing.append({"id": pid, "status": "failed",
                            "error": f"{pid}: no {pid}.{lack}.txt (or .html, .docx) in {root}"})
    if not jobs and not missing:
        raise InputError(f"{root}: no document pairs named <id>.{src_lang}.txt / <id>.{tgt_lang}.txt")
    return jobs, missing


def run_pair_job(job: PairJob, out: str, opts: RunOptions) -> dict[str, Any]:
    """Process one pair into ``out/pairs/<id>``; returns its summary (status "failed" with the reason on error)."""
    t0 = time.time()
    pairs_dir = Path(out) / "pairs"
    final = pairs_dir / job.pid
    if final.resolve().parent != pairs_dir.resolve():  # never replace anything outside OUT/pairs
        return {"id": job.pid, "status": "failed", "error": f"'{job.pid}' cannot name a pair's output folder"}
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{job.pid}-", dir=str(pairs_dir)))
    try:
        usual_mode(tmp, directory=True)
        src_text = read_text(job.src_path, opts.encoding, document=True)
        tgt_text = read_text(job.tgt_path, opts.encoding, document=True)
        res = analyse_pair(src_text, tgt_text, opts, src_name=job.src_path, tgt_name=job.tgt_path)
        summary = pair_summary(job.pid, res, time.time() - t0)
        summary["fingerprint"] = opts.fingerprint()
        write_pair(tmp, job.pid, res, summary)
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
        return summary
    except (AlignError, OSError, ValueError, RuntimeError, MemoryError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        reason = str(exc) if isinstance(exc, AlignError) else f"{type(exc).__name__}: {exc}"
        return {"id": job.pid, "status": "failed", "error": reason}  # run_corpus's on_done logs it, once
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def load_finished(out: str, pid: str, fingerprint: str) -> dict[str, Any] | None:
    """The summary of a finished pair made with the same settings, or None."""
    f = Path(out) / "pairs" / pid / "summary.json"
    try:
        summary = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if summary.get("fingerprint") != fingerprint or summary.get("status") != "ok":
        return None
    if not all((f.parent / name).is_file() for name in PAIR_FILES):
        return None
    return summary


Engine = Callable[[Sequence[PairJob], str, RunOptions, Callable[[dict], None]], None]


def run_corpus(corpus: str, out: str, opts: RunOptions | Mapping[str, Any] | None = None, engine: str = "local",
               workers: int | None = None, ray_address: str | None = None, num_cpus: int | None = None,
               num_gpus: int | None = None) -> dict[str, Any]:
    """Run every pair of ``corpus`` into ``out``; resumable. Returns the run summary (also written to summary.json).
    ``opts``: a :class:`RunOptions`, or a dict of its fields (``{"src_lang": "en", "tgt_lang": "ru"}``); None: the
    defaults."""
    if opts is None or isinstance(opts, Mapping):
        fields = {f.name for f in dataclasses.fields(RunOptions)}
        unknown = sorted(set(opts or {}) - fields)
        if unknown:
            raise TypeError(f"run_corpus options: unknown {', '.join(map(repr, unknown))}; known: "
                            f"{', '.join(sorted(fields))}")
        opts = RunOptions(**dict(opts or {}))
    elif not isinstance(opts, RunOptions):
        raise TypeError(f"run_corpus options: a RunOptions or a dict of its fields, not {type(opts).__name__}")
    opts = replace(opts, src_lang=check_lang(opts.src_lang), tgt_lang=check_lang(opts.tgt_lang))
    if opts.src_lang == opts.tgt_lang:
        raise InputError(f"source and target language are both '{opts.src_lang}': a corpus pairs <id>.<src>.txt with "
                         f"<id>.<tgt>.txt, so they must differ")
    if engine not in ("local", "ray"):
        raise InputError(f"unknown engine {engine!r}: 'local' or 'ray'")
    jobs, missing = find_pairs(corpus, opts.src_lang, opts.tgt_lang)
    outp = Path(out)
    if outp.exists() and not outp.is_dir():
        raise InputError(f"{outp}: exists and is not a directory")
    try:
        (outp / "pairs").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{outp}: cannot create output directory ({exc.strerror or exc})") from None
    if not os.access(outp / "pairs", os.W_OK):
        raise InputError(f"{outp}: output directory is not writable")
    for stale in (outp / "pairs").glob(".tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)

    fp = opts.fingerprint()
    results: dict[str, dict[str, Any]] = {}
    todo = []
    for job in jobs:
        done = load_finished(out, job.pid, fp)
        if done is not None:
            results[job.pid] = done
        else:
            todo.append(job)
    if results:
        log.info("resuming: %d of %d pairs already done", len(results), len(jobs))

    from .progress import progress_bar

    bar = progress_bar(total=len(todo), desc="pairs", unit="pair")

    def on_done(summary: dict[str, Any]) -> None:
        results[summary["id"]] = summary
        bar.update(1)
        if summary.get("status") != "ok":
            log.error("%s: failed: %s", summary["id"], summary.get("error"))

    t0 = time.time()
    try:
        if engine == "ray":
            from .engines import run_ray

            run_ray(todo, out, opts, on_done, address=ray_address, num_cpus=num_cpus, num_gpus=num_gpus)
        else:
            from .engines import run_local

            run_local(todo, out, opts, on_done, workers=workers)
    finally:
        bar.close()
    for m in missing:
        log.error("%s", m["error"])
    summary = build_run_summary(corpus, opts, jobs, results, missing, time.time() - t0, engine)
    write_run_outputs(out, summary)
    return summary


def build_run_summary(corpus: str, opts: RunOptions, jobs: Sequence[PairJob], results: dict[str, dict[str, Any]],
                      missing: list[dict], seconds: float, engine: str) -> dict[str, Any]:
    from . import __version__

    pairs = [results.get(j.pid, {"id": j.pid, "status": "failed", "error": "not processed"}) for j in jobs]
    pairs += missing
    pairs.sort(key=lambda p: p["id"])
    ok = [p for p in pairs if p.get("status") == "ok"]
    return {
        "align_version": __version__,
        "corpus": str(corpus),
        "src_lang": opts.src_lang,
        "tgt_lang": opts.tgt_lang,
        "encoder": opts.encoder,
        "engine": engine,
        "n_pairs": len(pairs),
        "n_ok": len(ok),
        "n_failed": len(pairs) - len(ok),
        "seconds": round(seconds, 2),
        "pairs": pairs,
    }


def write_run_outputs(out: str, summary: dict[str, Any]) -> None:
    from .report import render_index

    atomic_write_text(Path(out) / "summary.json", json.dumps(summary, ensure_ascii=False, indent=1))
    atomic_write_text(Path(out) / "index.html", render_index(summary))
