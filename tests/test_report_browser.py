"""The reports in a real browser: headless Chromium renders them, with and without JavaScript.

Chromium (Debian package ``chromium``) is installed by this test's set-up when it is
missing and we run as root with apt-get; otherwise the tests are skipped with the
reason. Screenshots go to ``tests/screenshots/`` (git-ignored). The README's picture,
``docs/report-screenshot.png``, is the demo's real report, made with
``scripts/bench_report.py out/demo/pairs/<id> <src> <tgt> -o report.html --screenshot docs/report-screenshot.png``.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from test_report import make_pair, make_summary  # sibling test module: tests/ is on sys.path under pytest

from align.report import render_eval_report, render_index, render_pair_report

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1"]


def _find() -> str | None:
    for n in NAMES:
        p = shutil.which(n)
        if p:
            return p
    return None


@pytest.fixture(scope="session")
def chromium() -> str:
    exe = _find()
    if exe:
        return exe
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None or geteuid() != 0:
        pytest.skip("headless Chromium not installed and not root: cannot apt-get install chromium")
    if not shutil.which("apt-get"):
        pytest.skip("headless Chromium not installed and apt-get is not available")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    cmd = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    if r.returncode != 0:  # stale package lists: update once and retry
        subprocess.run(["apt-get", "update"], capture_output=True, text=True, env=env, timeout=600)
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    exe = _find()
    if not exe:
        pytest.skip(f"apt-get install chromium failed: {(r.stderr or r.stdout)[-400:]}")
    return exe


def _run(exe: str, tmp: Path, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    cmd = [exe, *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


NO_JS = """<meta http-equiv="Content-Security-Policy" content="script-src 'none'">"""


def no_js_copy(page: Path, tmp: Path) -> Path:
    """A copy of ``page`` whose scripts the browser refuses to run (a CSP that allows none).

    (Chromium's ``--blink-settings=scriptEnabled=false`` also stops ``--dump-dom``.)
    """
    text = page.read_text(encoding="utf-8").replace("<head>", "<head>" + NO_JS, 1)
    out = tmp / f"nojs-{page.name}"
    out.write_text(text, encoding="utf-8")
    return out


def dump_dom(exe: str, tmp: Path, page: Path, js: bool = True) -> str:
    if not js:
        page = no_js_copy(page, tmp)
    r = _run(exe, tmp, page, "--virtual-time-budget=3000", "--dump-dom")
    assert r.returncode == 0, r.stderr[-2000:]
    assert "<body" in r.stdout, r.stderr[-2000:]
    return r.stdout


def screenshot(exe: str, tmp: Path, page: Path, out: Path, size: str = "1280,900") -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    r = _run(exe, tmp, page, f"--window-size={size}", f"--screenshot={out}")
    assert out.is_file(), r.stderr[-2000:]
    return out


def png_stats(path: Path) -> tuple[int, int, int]:
    """(width, height, number of distinct colours in a sample) of an 8-bit RGB/RGBA PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    w = h = 0
    depth = ctype = 0
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    bpp = {2: 3, 6: 4}.get(ctype, 0)
    colours: set[bytes] = set()
    if depth == 8 and bpp:
        stride = w * bpp + 1
        # unfiltered colour counting would need PNG un-filtering; count distinct filtered pixel
        # byte groups instead: a blank page gives a handful, a rendered report thousands
        for y in range(0, h, max(1, h // 60)):
            line = raw[y * stride + 1:(y + 1) * stride]
            colours.update(line[i:i + bpp] for i in range(0, len(line), bpp * 3))
    return w, h, len(colours)


def probe(exe: str, tmp: Path, page: Path, js_expr: str, keep_scripts: bool = True) -> str:
    """Evaluate ``js_expr`` in ``page`` after load (in a copy of it) and return its string value."""
    text = page.read_text(encoding="utf-8")
    if not keep_scripts:
        text = re.sub(r"<script>.*?</script>", "", text, flags=re.S)
    script = ("<script>window.addEventListener('load',function(){document.body.setAttribute('data-probe',"
              f"String({js_expr}));}});</script>")
    copy = page.parent / f"probe-{page.name}"
    copy.write_text(text.replace("</body>", script + "</body>"), encoding="utf-8")
    dom = dump_dom(exe, tmp, copy)
    m = re.search(r'data-probe="([^"]*)"', dom)
    assert m, "probe did not run"
    return html.unescape(m.group(1))


VISIBLE = ("function(sel){return Array.prototype.filter.call(document.querySelectorAll(sel),function(e){"
           "var r=e.getBoundingClientRect();return r.width>0&&r.height>0&&getComputedStyle(e).visibility!=='hidden';"
           "}).length;}")


def _write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("reports")
    al, scores, quotes, _, _ = make_pair()
    (d / "pairs" / "doc0").mkdir(parents=True)
    out = {
        "pair": _write(d / "pairs" / "doc0", "report.html", render_pair_report(al, scores, quotes, "doc0")),
        "index": _write(d, "index.html", render_index(make_summary())),
    }
    from align.evaluation import evaluate

    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]
    docs = [{"name": "doc0", "gold": gold, "test": test, "src": ["a", "b", "c", "d"], "tgt": ["A", "B C", "D"]}]
    out["eval"] = _write(d, "eval.html", render_eval_report(evaluate([gold], [test]), docs))
    return out


def test_pair_report_rows_and_flags_in_rendered_dom(chromium: str, pages: dict[str, Path], tmp_path: Path) -> None:
    al, *_ = make_pair()
    for js in (True, False):
        dom = dump_dom(chromium, tmp_path, pages["pair"], js=js)
        assert len(re.findall(r'id="L\d+" role="row"', dom)) == len(al.links)
        assert re.search(r'<mark class="f-num"[^>]*>7</mark>', dom) and re.search(r'<mark class="f-num"[^>]*>8</mark>',
                                                                                  dom)
        assert '<del class="omit"' in dom and '<ins class="add"' in dom
        assert 'id="q0"' in dom and 'href="#L2"' in dom
        assert "<svg" in dom
        assert "&lt;script&gt;alert" in dom  # escaped text stays text in the browser too
    # JS ran in the first dump only: it reveals the prev/next buttons
    assert '<span class="nav">' in dump_dom(chromium, tmp_path, pages["pair"], js=True)


def test_css_filter_hides_unflagged_rows_without_js(chromium: str, pages: dict[str, Path], tmp_path: Path) -> None:
    """The no-JS filter: with "flagged" checked, only flagged rows have a layout box."""
    page = pages["pair"].read_text(encoding="utf-8")
    page = page.replace('id="f-all" checked', 'id="f-all"').replace('id="f-flag"', 'id="f-flag" checked')
    probe = ("<script>document.body.setAttribute('data-visible',Array.prototype.filter.call("
             "document.querySelectorAll('.rows .r'),function(r){return r.offsetParent!==null;})"
             ".map(function(r){return r.id;}).join(','));</script>")
    # the page's own script is dropped: the probe only measures what CSS alone does
    page = re.sub(r"<script>.*?</script>", "", page, flags=re.S).replace("</body>", probe + "</body>")
    f = _write(tmp_path, "filtered.html", page)
    dom = dump_dom(chromium, tmp_path, f)
    m = re.search(r'data-visible="([^"]*)"', dom)
    assert m and m.group(1) == "L0,L1,L2,L3"


def test_index_sortable_and_plots_rendered(chromium: str, pages: dict[str, Path], tmp_path: Path) -> None:
    dom = dump_dom(chromium, tmp_path, pages["index"])
    assert 'class="js"' in dom  # the sorting script ran
    assert len(re.findall(r"<svg\b", dom)) >= 3
    assert dom.count('href="pairs/doc') == 4
    probe = ("<script>document.querySelectorAll('table.pairs th')[7].querySelector('button').click();"
             "document.querySelectorAll('table.pairs th')[7].querySelector('button').click();"
             "document.body.setAttribute('data-order',Array.prototype.map.call("
             "document.querySelectorAll('table.pairs tbody tr td:first-child a'),function(a){"
             "return a.textContent;}).join(','));</script>")
    page = pages["index"].read_text(encoding="utf-8").replace("</body>", probe + "</body>")
    dom = dump_dom(chromium, tmp_path, _write(pages["index"].parent, "index-probe.html", page))
    m = re.search(r'data-order="([^"]*)"', dom)
    assert m and m.group(1) == "doc3,doc2,doc1,doc0"  # mean score, descending after two clicks
    no_js = dump_dom(chromium, tmp_path, pages["index"], js=False)
    assert 'class="js"' not in no_js and no_js.count('href="pairs/doc') == 4


def test_eval_report_rendered(chromium: str, pages: dict[str, Path], tmp_path: Path) -> None:
    dom = dump_dom(chromium, tmp_path, pages["eval"], js=False)
    assert "Confusion of link types" in dom and "Wrong links" in dom and "<svg" in dom


def test_screenshots_are_real_pictures(chromium: str, pages: dict[str, Path], tmp_path: Path) -> None:
    pages = {**pages, "pair-nojs": no_js_copy(pages["pair"], tmp_path)}
    for name, size in (("pair", "1280,900"), ("pair-nojs", "1280,900"), ("index", "1280,1100"), ("eval", "1100,900")):
        shot = screenshot(chromium, tmp_path, pages[name], SHOTS / f"{name}-report.png", size)
        w, h, colours = png_stats(shot)
        assert (w, h) == tuple(int(x) for x in size.split(","))
        assert shot.stat().st_size > 10_000
        assert colours > 50, f"{name}: screenshot looks blank ({colours} distinct samples)"


def test_kremlin_transcript_page(chromium: str, tmp_path: Path, kremlin_paragraphs) -> None:
    """A realistic page (the shipped Kremlin transcript, ~290 paragraphs a side) renders in full."""
    from align.types import Alignment, Link

    src, tgt = kremlin_paragraphs
    n = min(len(src), len(tgt))
    links = tuple(Link((i,), (i,), 0.5 + 0.5 * ((i * 37) % 11) / 10, unsure=i % 13 == 5) for i in range(n))
    page = _write(tmp_path, "kremlin.html", render_pair_report(Alignment(src, tgt, links), [], [], "kremlin"))
    dom = dump_dom(chromium, tmp_path, page, js=False)
    assert len(re.findall(r'id="L\d+" role="row"', dom)) == n
    shot = screenshot(chromium, tmp_path, page, SHOTS / "kremlin-report.png")
    assert png_stats(shot)[2] > 50


def test_js_jumps_between_filtered_rows_and_reveals_hidden_targets(chromium: str, pages: dict[str, Path],
                                                                   tmp_path: Path) -> None:
    probe = """<script>
    var out=[];
    document.getElementById('f-uns').checked=true;
    document.querySelector('.nav .next').click(); out.push(location.hash);
    document.querySelector('.nav .next').click(); out.push(location.hash);
    document.getElementById('f-flag').checked=true;
    location.hash='#L5';  // not flagged: hidden by the filter until the script switches back to all rows
    setTimeout(function(){out.push(document.querySelector('input.fx:checked').id);
      document.body.setAttribute('data-probe',out.join(','));},300);
    </script>"""
    page = pages["pair"].read_text(encoding="utf-8").replace("</body>", probe + "</body>")
    dom = dump_dom(chromium, tmp_path, _write(pages["pair"].parent, "probe.html", page))
    m = re.search(r'data-probe="([^"]*)"', dom)
    assert m, "probe did not run"
    first, second, checked = m.group(1).split(",")
    assert {first, second} == {"#L2", "#L4"}  # the two unsure rows
    assert checked == "f-all"


def test_rows_flags_and_plots_are_visible(chromium: str, pages: dict[str, Path], tmp_path: Path) -> None:
    """Laid out with a real size, not just present in the DOM (JS off: CSS alone)."""
    expr = (f"[({VISIBLE})('.rows .r'),({VISIBLE})('mark'),({VISIBLE})('del.omit'),({VISIBLE})('ins.add'),"
            f"({VISIBLE})('header svg'),({VISIBLE})('#q0')].join(' ')")
    got = [int(x) for x in probe(chromium, tmp_path, pages["pair"], expr, keep_scripts=False).split()]
    assert got[0] == 7 and got[1] >= 3 and got[2] >= 1 and got[3] >= 1 and got[4] == 1 and got[5] == 1, got
    expr = ("Array.prototype.map.call(document.querySelectorAll('figure.plot svg'),function(e){"
            "return Math.round(e.getBoundingClientRect().width);}).join(' ')")
    widths = [int(x) for x in probe(chromium, tmp_path, pages["index"], expr).split()]
    assert len(widths) >= 3 and min(widths) > 200, widths
