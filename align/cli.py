"""Command-line interface: parses arguments and calls the library (see ``align --help``)."""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from .errors import AlignError, InputError

log = logging.getLogger("align")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2
        self.exit(2, f"align: error: {message} (see '{self.prog} --help')\n")


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"align: {record.levelname.lower()}: {record.getMessage()}"


def _setup_logging(verbose: int, quiet: bool) -> None:
    logger = logging.getLogger("align")
    logger.handlers.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    logger.addHandler(handler)
    logger.setLevel(logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else
                                                 logging.INFO if verbose else logging.WARNING))
    logger.propagate = False


# ------------------------------------------------------------------ helpers
def _device(value: str) -> str:
    """``--device``: a torch device name, checked here (with every embedding cached the model never loads)."""
    import re

    if not re.fullmatch(r"cpu|cuda(?::\d+)?|mps|xpu(?::\d+)?", value):
        raise argparse.ArgumentTypeError(f"{value!r}: expected cpu, cuda, cuda:N, mps or xpu")
    return value


def _opts(a: argparse.Namespace) -> Any:
    from .aligner import MAX_LINK_SIZE
    from .io import check_lang
    from .pipeline import RunOptions

    ms = getattr(a, "max_size", None)
    if ms is not None and not 2 <= ms <= MAX_LINK_SIZE:
        raise InputError(f"--max-size {ms}: must be 2 (a 1-1 link) to {MAX_LINK_SIZE}")
    return RunOptions(
        src_lang=check_lang(getattr(a, "src_lang", "ru"), "--src-lang"),
        tgt_lang=check_lang(getattr(a, "tgt_lang", "en"), "--tgt-lang"),
        encoder=_encoder_name(a),
        device=getattr(a, "device", None),
        max_size=ms,
        encoding=getattr(a, "encoding", None),
        cache=not getattr(a, "no_cache", False),
        cache_dir=getattr(a, "cache_dir", None),
    )


def _encoder_name(a: argparse.Namespace) -> str:
    name = getattr(a, "encoder", "use-m") or "use-m"
    if name != "use-m" and not Path(name.split("::")[0]).exists():
        raise InputError(f"{name}: unknown encoder: give 'use-m' or the path of a local Hugging Face model directory")
    return name


def _emit(text: str, out: str | None) -> None:
    """Write ``text`` to ``out`` atomically, or to stdout."""
    if out and out != "-":
        from .io import atomic_write_text

        atomic_write_text(out, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _check_out(out: str | None, inputs: Sequence[str] = ()) -> None:
    """Fail early when ``out`` cannot be written or is one of the ``inputs`` (it would be overwritten)."""
    if out and out != "-":
        from .io import check_writable

        check_writable(out)
        if os.path.exists(out):
            for f in inputs:
                if f and f != "-" and os.path.exists(f) and os.path.samefile(out, f):
                    raise InputError(f"{out}: is also an input ({f}); choose another output path")


# ------------------------------------------------------------------ commands
def cmd_segment(a: argparse.Namespace) -> int:
    from .io import check_unpunctuated, norm_lang, read_text
    from .segmenter import MAX_SENTENCE, segment

    # splitting needs no encoder: a language the encoder lacks (uk, pl …) gets the generic rules, with a warning
    lang = norm_lang(a.lang)
    _check_out(a.output, [a.file])
    text = read_text(a.file, a.encoding, document=True)
    check_unpunctuated(text, a.file, MAX_SENTENCE)
    buf = io.StringIO()
    para = None
    for s in segment(text, lang):
        if para is not None and s.paragraph != para:
            buf.write("\n")
        para = s.paragraph
        buf.write(" ".join(s.text.split("\n")) + "\n")
    _emit(buf.getvalue(), a.output)
    return 0


def cmd_embed(a: argparse.Namespace) -> int:
    import numpy as np

    from .io import atomic_writer, check_lang, clean_for_model, read_text
    from .pipeline import RunOptions, get_encoder_for

    check_lang(a.lang, "--lang")
    _check_out(a.output, [a.file])
    text = read_text(a.file, a.encoding)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    opts = RunOptions(encoder=_encoder_name(a), device=a.device, cache=not a.no_cache, cache_dir=a.cache_dir)
    enc = get_encoder_for(opts)
    vecs = np.asarray(enc.encode([clean_for_model(x) for x in lines], progress=True), dtype=np.float32)
    if a.output == "-":  # the .npy bytes to standard output, as "-o -" means for every command
        np.save(sys.stdout.buffer, vecs)
        sys.stdout.buffer.flush()
    else:
        with atomic_writer(a.output, "wb") as fh:
            np.save(fh, vecs)
    log.info("%s: %d x %d embeddings written", a.output, *vecs.shape)
    return 0


def _aligned_inputs(a: argparse.Namespace, presplit: bool = False, report_ok: bool = False
                    ) -> tuple[Any, str, str, Any]:
    """Options, the two checked input texts and their alignment, for commands taking SRC TGT."""
    from .io import read_text
    from .pipeline import align_pair

    opts = _opts(a)
    _check_out(a.output, [a.src, a.tgt])
    src = read_text(a.src, a.encoding, document=not presplit)
    tgt = read_text(a.tgt, a.encoding, document=not presplit)
    alignment, _ = align_pair(src, tgt, opts, presplit=presplit, src_name=a.src, tgt_name=a.tgt, report_ok=report_ok)
    return opts, src, tgt, alignment


def cmd_pair(a: argparse.Namespace) -> int:
    from .formats import format_alignment

    _, _, _, alignment = _aligned_inputs(a, presplit=a.presplit)
    _emit(format_alignment(alignment, a.format, a.src_lang, a.tgt_lang), a.output)
    return 0


def _eval_inputs(paths: Sequence[str]) -> list[tuple[str, str]]:
    if len(paths) % 2:
        raise InputError("align eval takes pairs: GOLD TEST [GOLD TEST ...]")
    pairs: list[tuple[str, str]] = []
    for g, t in zip(paths[::2], paths[1::2], strict=True):
        gp, tp = Path(g), Path(t)
        if gp.is_dir() or tp.is_dir():
            if not (gp.is_dir() and tp.is_dir()):
                raise InputError(f"{g} / {t}: give two files or two directories")
            names = sorted(p.name for p in gp.iterdir() if p.is_file() and not p.name.startswith("."))
            if not names:
                raise InputError(f"{g}: no gold alignment files")
            for n in names:
                if not (tp / n).is_file():
                    raise InputError(f"{tp / n}: no test alignment for gold file {gp / n}")
                pairs.append((str(gp / n), str(tp / n)))
        else:
            pairs.append((g, t))
    return pairs


def cmd_eval(a: argparse.Namespace) -> int:
    from .aligner import presplit_sentences
    from .evaluation import evaluate
    from .formats import parse_vecalign
    from .io import read_text

    files = _eval_inputs(a.files)
    inputs = [f for pair in files for f in pair] + [f for f in (a.src, a.tgt) if f]
    _check_out(a.output, inputs)
    if a.report:
        _check_out(a.report, inputs)
    if (a.src or a.tgt) and not (a.src and a.tgt and a.report and len(files) == 1):
        raise InputError("--src and --tgt go together, with --report and one GOLD TEST pair")
    # the sentence files shown in the report: read and checked as every input is
    # numbered as `align pair --presplit` numbers them: blank lines (paragraph breaks in `align segment` output) are
    # no sentences
    sents = ([[s.text for s in presplit_sentences(read_text(f, a.encoding))] for f in (a.src, a.tgt)]
             if a.src and a.tgt else None)
    gold, test = [], []
    for g, t in files:
        gold.append(parse_vecalign(read_text(g, a.encoding, words=False), name=g))
        test.append(parse_vecalign(read_text(t, a.encoding, words=False), name=t))
    _check_eval_counts(files, gold, test, sents, (a.src, a.tgt))
    result = evaluate(gold, test)
    text = result.table() + "\n" if a.format == "table" else result.to_json() + "\n"
    if a.report:
        from .io import atomic_write_text
        from .report import render_eval_report

        docs: list[dict[str, Any]] = []
        for g, t in files:
            doc: dict[str, Any] = {"name": Path(t).name, "gold": g, "test": t}
            if sents:
                doc["src"], doc["tgt"] = sents
            docs.append(doc)
        atomic_write_text(a.report, render_eval_report(result, docs))
    _emit(text, a.output)
    return 0


def _covered(links: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> tuple[int, int]:
    """How many source and target sentences a document's links number (the highest index + 1 on each side)."""
    return (max((i for s, _ in links for i in s), default=-1) + 1,
            max((j for _, t in links for j in t), default=-1) + 1)


def _check_eval_counts(files: list[tuple[str, str]], gold: list[Any], test: list[Any], sents: list[list[str]] | None,
                       names: tuple[str | None, str | None]) -> None:
    """A gold and a test made over different sentences (another segmentation) get a warning; sentence files
    (``--src`` / ``--tgt``) with fewer sentences than the links number are an error (the report would show empty
    sentences), and ones that fit the other side better a hint that they are swapped."""
    for (g, t), gl, tl in zip(files, gold, test, strict=True):
        cg, ct = _covered(gl), _covered(tl)
        if cg != ct:
            log.warning("%s covers %d source / %d target sentences but %s %d / %d: made over other sentences (another "
                        "segmentation)? Links over sentences one side lacks count as errors", g, *cg, t, *ct)
    if sents is None:
        return
    need = [max(_covered(x)[k] for x in (*gold, *test)) for k in (0, 1)]
    have = [len(sents[0]), len(sents[1])]
    swapped = have[0] != need[0] and have == need[::-1]
    sides = ("source", "target")
    for k in (0, 1):
        if have[k] < need[k] or (swapped and have[k] > need[k]):
            raise InputError(f"{names[k]}: {have[k]} sentences, but the links number {need[k]} {sides[k]} sentences"
                             + ("; are --src and --tgt swapped?" if swapped else
                                "; give the sentence file the alignment was made from (one sentence a line)"))
    for k in (0, 1):
        if have[k] > need[k]:
            log.warning("%s: %d sentences, but the links number only %d %s sentences", names[k], have[k], need[k],
                        sides[k])


def _read_score_input(path: str, encoding: str | None) -> tuple[list[tuple[str, str]], list[str]]:
    """The (source, translation) rows of a TSV file and a label per row for messages (``"pairs.tsv line 12"``)."""
    from .io import read_text

    name = "<stdin>" if path == "-" else path
    rows: list[tuple[str, str]] = []
    labels: list[str] = []
    for n, line in enumerate(read_text(path, encoding).split("\n"), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise InputError(f"{name}: line {n}: expected 'source<TAB>translation' (found {len(parts) - 1} tabs)")
        empty = [side for side, part in zip(("source", "translation"), parts, strict=True) if not part.strip()]
        if empty and empty != ["translation"]:
            raise InputError(f"{name}: line {n}: empty {' and '.join(empty)} in 'source<TAB>translation'")
        if empty:  # a machine translation system's empty output: nothing rendered, scored so
            log.warning("%s: line %d: empty translation, scored as nothing rendered (omission 1, verdict partial)",
                        name, n)
        rows.append((parts[0].strip(), parts[1].strip()))
        labels.append(f"{name} line {n}")
    if not rows:
        raise InputError(f"{name}: no 'source<TAB>translation' lines")
    return rows, labels


def cmd_score(a: argparse.Namespace) -> int:
    from .io import check_script, read_text
    from .pipeline import get_scorer

    opts = _opts(a)
    _check_out(a.output, [a.file, a.ref or ""])
    rows, labels = _read_score_input(a.file, a.encoding)
    name = "<stdin>" if a.file == "-" else a.file
    # the columns' scripts against their languages, over the whole file (a swapped file: both columns warn)
    check_script("\n".join(r[0] for r in rows), opts.src_lang, f"{name}: the source column")
    check_script("\n".join(r[1] for r in rows), opts.tgt_lang, f"{name}: the translation column")
    refs = None
    if a.ref:
        refs = [x.strip() for x in read_text(a.ref, a.encoding).split("\n") if x.strip()]
        if len(refs) != len(rows):
            raise InputError(f"{a.ref}: {len(refs)} reference lines for {len(rows)} input pairs")
    scorer = get_scorer(opts)
    scores = scorer.score_pairs(rows, opts.src_lang, opts.tgt_lang, refs=refs, labels=labels)
    if a.corpus:
        from .scoring import corpus_of

        _emit(corpus_of(scores, [t for _, t in rows], refs, opts.tgt_lang, scorer.signature).to_json() + "\n",
              a.output)
        return 0
    _emit("".join(s.to_json() + "\n" for s in scores), a.output)
    return 0


def _official(a: argparse.Namespace, opts: Any, src: str, text: str) -> Any:
    """The source's official translation (``--official``, read as ``text``) aligned with the source."""
    from .official import Official
    from .pipeline import align_pair

    alignment, _ = align_pair(src, text, opts, src_name=a.src, tgt_name=a.official)
    return Official(text, alignment, a.official)


def cmd_quotes(a: argparse.Namespace) -> int:
    from .io import read_text
    from .pipeline import get_scorer
    from .quotes import check_quotes, unsourced_warning

    if a.html:
        _check_out(a.html, [a.src, a.tgt])
        if a.output and a.output != "-" and os.path.abspath(a.html) == os.path.abspath(a.output):
            raise InputError(f"{a.html}: --html and -o name the same file; choose two paths")
    if a.official:
        _check_out(a.output, [a.official])
        if a.html:
            _check_out(a.html, [a.official])
        langs = _opts(a)
        if langs.src_lang == langs.tgt_lang:
            raise InputError(f"{a.official}: --official is a translation of the source into the quotations' "
                             f"language; source and quotations are both '{langs.src_lang}'")
    # (the official text read first: an empty or unreadable file fails before the slow alignment)
    off_text = read_text(a.official, a.encoding, document=True) if a.official else None
    opts, src, tgt, alignment = _aligned_inputs(a, report_ok=True)
    official = _official(a, opts, src, off_text) if off_text is not None else None
    checks = check_quotes(src, tgt, alignment, get_scorer(opts), opts.src_lang, opts.tgt_lang, official=official)
    swapped = unsourced_warning(checks, a.src, a.tgt)
    if swapped:
        log.warning(swapped)
    dicts = [q.to_dict() for q in checks]

    def page() -> str:  # the quotations to check first, then both texts side by side
        from .quotes import is_report, unchecked_quotes
        from .report import render_pair_report

        title = f"quotations of {Path(a.tgt).name} checked against {Path(a.src).name}"
        short = [q.text for q in unchecked_quotes(tgt, opts.tgt_lang)]
        return render_pair_report(alignment, None, dicts, title=title, unchecked=short, story=is_report(alignment))

    if a.html:
        from .io import atomic_write_text

        atomic_write_text(a.html, page())
    if a.format == "html":
        _emit(page(), a.output)
    else:
        _emit("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in dicts), a.output)
    return 0


def cmd_run(a: argparse.Namespace) -> int:
    from .pipeline import run_corpus

    opts = _opts(a)
    if a.engine == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            raise InputError("--engine ray needs Ray, which is not installed: pip install 'align[ray]'") from None
    summary = run_corpus(a.corpus, a.output, opts, engine=a.engine, workers=a.workers, ray_address=a.address,
                         num_cpus=a.num_cpus, num_gpus=a.num_gpus)
    for p in summary["pairs"]:
        if p.get("status") == "ok":
            print(f"report: {Path(a.output) / p['report']}")
    print(f"index:  {Path(a.output) / 'index.html'}")
    if summary["n_failed"]:
        log.error("%d of %d pairs failed (see %s)", summary["n_failed"], summary["n_pairs"],
                  Path(a.output) / "summary.json")
        return 1
    return 0


# ------------------------------------------------------------------ parser
def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    p = _Parser(prog="align", description="Split, align and check Russian/English (and other) report pairs.")
    p.add_argument("--version", action="version", version=f"align {__version__}")
    common = _Parser(add_help=False)
    common.add_argument("-v", "--verbose", action="count", default=0, help="more messages (-vv for debug)")
    common.add_argument("-q", "--quiet", action="store_true", help="only errors")
    common.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    common.add_argument("--encoding", default=None, help="input encoding (default UTF-8), e.g. cp1251")
    model = _Parser(add_help=False)
    model.add_argument("--encoder", default="use-m",
                       help="'use-m' (default, USE multilingual v3) or a local Hugging Face model directory")
    model.add_argument("--device", default=None, type=_device,
                       help="cpu, cuda, cuda:1 … (default: cuda when available)")
    model.add_argument("--no-cache", action="store_true", help="do not read or write the embedding cache")
    model.add_argument("--cache-dir", default=None, help="embedding cache directory (default ~/.cache/align)")
    langs = _Parser(add_help=False)
    langs.add_argument("--src-lang", default="ru", help="source language code (default ru)")
    langs.add_argument("--tgt-lang", default="en", help="target language code (default en)")

    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    s = sub.add_parser("segment", parents=[common], help="split a text into sentences, one per line")
    s.add_argument("file", nargs="?", default="-", help="text file (default: standard input)")
    s.add_argument("--lang", required=True, help="language code")
    s.add_argument("-o", "--output", default=None, help="output file (default: standard output)")
    s.set_defaults(func=cmd_segment)

    s = sub.add_parser("embed", parents=[common, model], help="embed each line of a file into a .npy array")
    s.add_argument("file", help="text file, one text per line (row i of the array is line i)")
    s.add_argument("--lang", required=True, help="language code of the lines (ru, en, de …)")
    s.add_argument("-o", "--output", required=True, help="output .npy file: float32 (N, D), L2-normalised")
    s.set_defaults(func=cmd_embed)

    s = sub.add_parser("pair", parents=[common, model, langs], help="align the sentences of two texts")
    s.add_argument("src", help="source text (.txt, .html or .docx)")
    s.add_argument("tgt", help="its translation (.txt, .html or .docx)")
    s.add_argument("--presplit", action="store_true",
                   help="each non-blank input line is one sentence (a blank line marks a paragraph)")
    s.add_argument("--format", default="vecalign", choices=["vecalign", "tsv", "jsonl", "tmx"],
                   help="vecalign: '[i, j]:[k]:score' lines (default; the field's gold format); tsv: score, source "
                        "and target text; jsonl: one JSON object a link; tmx: TMX 1.4 translation memory for CAT "
                        "tools (xml:lang from --src-lang / --tgt-lang, regions kept: en_US -> en-US)")
    s.add_argument("--max-size", type=int, default=None,
                   help="most sentences in one link, both sides together (default 6: 1-5, 2-4, 3-3 …)")
    s.add_argument("-o", "--output", default=None, help="output file (default: standard output)")
    s.set_defaults(func=cmd_pair)

    s = sub.add_parser("eval", parents=[common], help="strict/lax P/R/F1 of test alignments against gold")
    s.add_argument("files", nargs="+", metavar="GOLD TEST", help="GOLD TEST [GOLD TEST ...] files or directories")
    s.add_argument("--format", default="json", choices=["json", "table"],
                   help="json: strict / lax P/R/F1, counts, by link type and confusions (default); table: the same "
                        "as text")
    s.add_argument("--report", default=None, help="also write an HTML report")
    s.add_argument("--src", default=None, help="source sentences, one per line as `align pair --presplit` reads them "
                   "(blank lines skipped): the texts of wrong links in the report")
    s.add_argument("--tgt", default=None, help="target sentences, one per line (blank lines skipped)")
    s.add_argument("-o", "--output", default=None)
    s.set_defaults(func=cmd_eval)

    s = sub.add_parser("score", parents=[common, model, langs], help="score source<TAB>translation lines")
    s.add_argument("file", nargs="?", default="-")
    s.add_argument("--ref", default=None, help="reference translations, one per input line")
    s.add_argument("--corpus", action="store_true",
                   help="one JSON object for the whole file instead of one a line: mean scores, verdict counts, and "
                        "with --ref corpus-level chrF++, BLEU and TER with their signatures")
    s.add_argument("-o", "--output", default=None)
    s.set_defaults(func=cmd_score)

    s = sub.add_parser("quotes", parents=[common, model, langs], help="check the quotations of TGT against SRC")
    s.add_argument("src", help="the source: the speech or document quoted")
    s.add_argument("tgt", help="the text that quotes it: a news story or a translation")
    s.add_argument("--format", default="jsonl", choices=["jsonl", "html"],
                   help="jsonl: one JSON object per quotation; html: a page a person reads (the quotations to check "
                        "first, with their source wording and evidence, then both texts side by side)")
    s.add_argument("-o", "--output", default=None)
    s.add_argument("--html", default=None, metavar="PAGE",
                   help="also write the page a person reads to PAGE (one run for both the JSON and the page)")
    s.add_argument("--official", default=None, metavar="FILE",
                   help="the source's official translation into TGT's language (the Kremlin's English transcript of a "
                        "Russian speech): a quotation copied from it is checked word for word against it, and each "
                        "quotation shows its wording of the passage")
    s.set_defaults(func=cmd_quotes)

    s = sub.add_parser("run", parents=[common, model, langs], help="align and check every pair of a corpus")
    s.add_argument("corpus", help="directory of <id>.<src>.txt / <id>.<tgt>.txt pairs")
    s.add_argument("-o", "--output", required=True, help="output directory")
    s.add_argument("--engine", default="local", choices=["local", "ray"],
                   help="local: worker processes on this machine (default); ray: a Ray cluster (pip install "
                        "'align[ray]')")
    s.add_argument("--workers", type=int, default=None, help="local worker processes (default: number of cores)")
    s.add_argument("--address", default=None, help="Ray cluster address (default: RAY_ADDRESS or a local Ray)")
    s.add_argument("--num-cpus", type=int, default=None, help="CPUs a Ray task asks for (--engine ray)")
    s.add_argument("--num-gpus", type=int, default=None, help="GPUs a Ray task asks for (--engine ray)")
    s.add_argument("--max-size", type=int, default=None, help="most sentences in one link (default 6)")
    s.set_defaults(func=cmd_run)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    a = parser.parse_args(argv)
    if not getattr(a, "command", None):
        parser.print_help(sys.stderr)
        return 2
    _setup_logging(a.verbose, a.quiet)
    if a.command in ("embed", "pair", "score", "quotes") and (getattr(a, "encoder", None) or "use-m") == "use-m":
        from .spm import prefetch

        prefetch()  # the tokenizer loads while the inputs are read and checked
    try:
        return int(a.func(a) or 0)
    except AlignError as exc:
        print(f"align: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("align: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except MemoryError:
        print("align: error: out of memory", file=sys.stderr)
        return 1
    except Exception as exc:  # no tracebacks for users; --debug shows them
        if a.debug:
            raise
        print(f"align: internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
