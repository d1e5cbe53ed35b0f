"""Re-render (and time) the HTML report of a finished pair of an ``align run``, without re-running the models.

    python scripts/bench_report.py out/demo/pairs/2024-02-09-interview \
        corpora/kremlin/2024-02-09-interview.ru.txt corpora/kremlin/2024-02-09-interview.en.txt -o /tmp/report.html

Reads ``src.sents``, ``tgt.sents``, ``alignment.txt``, ``scores.jsonl``, ``quotes.jsonl`` and
``summary.json`` of the pair directory; sentence offsets are recovered by finding each sentence
in the original texts (needed for the quotation spans). Prints sizes and render time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.formats import parse_vecalign  # noqa: E402
from align.report import render_pair_report  # noqa: E402
from align.types import Alignment, Link, Sentence  # noqa: E402


def locate(text: str, sents: list[str]) -> tuple[Sentence, ...]:
    out, pos, par = [], 0, 0
    for s in sents:
        i = text.find(s, pos)
        if i < 0:  # sentence text was normalised (newlines): keep order, approximate offset
            i = pos
        if "\n\n" in text[pos:i] or (text[pos:i].count("\n") and "\n" in text[pos:i].strip(" \t")):
            par += 1
        out.append(Sentence(i, i + len(s), s, par))
        pos = i + len(s)
    return tuple(out)


def _lines(p: Path) -> list[str]:
    return p.read_text(encoding="utf-8").splitlines()


def screenshot(page: Path, png: Path, size: str) -> None:
    """Headless Chromium screenshot of the top of ``page`` (Debian package ``chromium``)."""
    exe = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    if not exe:
        raise SystemExit("no chromium found (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--hide-scrollbars", f"--user-data-dir={prof}", f"--window-size={size}",
                        f"--screenshot={png}", page.resolve().as_uri()], capture_output=True, timeout=120, check=True)
    print(f"{png}: {png.stat().st_size / 1e3:.0f} kB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pair_dir")
    ap.add_argument("src_text")
    ap.add_argument("tgt_text")
    ap.add_argument("-o", "--output", default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--screenshot", default=None, help="also save a PNG of the page top (needs -o and chromium)")
    ap.add_argument("--size", default="1280,1100", help="screenshot window size W,H")
    a = ap.parse_args()
    d = Path(a.pair_dir)
    src = locate(Path(a.src_text).read_text(encoding="utf-8"), _lines(d / "src.sents"))
    tgt = locate(Path(a.tgt_text).read_text(encoding="utf-8"), _lines(d / "tgt.sents"))
    scores = [json.loads(x) for x in (d / "scores.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    links = []
    for (s, t), sc in zip(parse_vecalign((d / "alignment.txt").read_text(encoding="utf-8")), scores, strict=True):
        links.append(Link(tuple(s), tuple(t), float(sc.get("link_score", 1.0)), bool(sc.get("unsure", False))))
    quotes = [json.loads(x) for x in (d / "quotes.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    meta = json.loads((d / "summary.json").read_text(encoding="utf-8")) if (d / "summary.json").exists() else {}
    al = Alignment(src, tgt, tuple(links))
    best = float("inf")
    page = ""
    for _ in range(max(1, a.repeat)):
        t0 = time.perf_counter()
        page = render_pair_report(al, scores, quotes, title=meta.get("id", d.name), meta=meta)
        best = min(best, time.perf_counter() - t0)
    print(f"{len(src)} / {len(tgt)} sentences, {len(links)} links, {len(quotes)} quotations: "
          f"{len(page.encode()) / 1e6:.2f} MB HTML in {best * 1000:.0f} ms (best of {a.repeat})")
    if a.output:
        Path(a.output).write_text(page, encoding="utf-8")
        print(a.output)
        if a.screenshot:
            screenshot(Path(a.output), Path(a.screenshot), a.size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
