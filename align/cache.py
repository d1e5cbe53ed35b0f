"""On-disk embedding cache, shared safely by several processes.

Vectors are kept in one SQLite database per cache directory (WAL journal, so
readers never block and concurrent writers queue on SQLite's lock). A row's key
is the SHA-256 of (encoder identity, settings, text); its value is the float32
vector. ``CachedEncoder`` wraps any encoder: texts found in the cache are not
embedded again, the others are embedded in one call and stored.

Location: the ``cache_dir`` argument, else ``$ALIGN_CACHE_DIR``, else
``$XDG_CACHE_HOME/align``, else ``~/.cache/align``.

Size: at most ``max_mb`` megabytes on disk (``$ALIGN_CACHE_MAX_MB``, default
:data:`DEFAULT_MAX_MB`; rows counted at what they cost in the file's pages, :func:`_row_cost`); past that, the oldest
entries are deleted first.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("align")

#: bump when the database layout changes (old files are then ignored).
SCHEMA = 1
_DB_NAME = f"embeddings-v{SCHEMA}.sqlite"
#: default size limit of the cache in megabytes (``$ALIGN_CACHE_MAX_MB`` overrides it)
DEFAULT_MAX_MB = 2000
#: bytes a row costs besides its vector (key, length, SQLite's b-tree overhead), roughly
_ROW_OVERHEAD = 96
#: page size of a new cache file (SQLite keeps whole rows in a page: 2 KB rows in the default 4 KB pages cost 4 KB)
_PAGE_SIZE = 65536
#: texts per SQL statement (SQLite's default variable limit is 32766; stay well below).
_CHUNK = 500


def default_cache_dir() -> Path:
    """``$ALIGN_CACHE_DIR``, else ``$XDG_CACHE_HOME/align``, else ``~/.cache/align``."""
    env = os.environ.get("ALIGN_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "align"


def resolve_cache_dir(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """``cache_dir`` if given, else :func:`default_cache_dir`."""
    return Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()


def max_mb_from_env() -> float:
    """``$ALIGN_CACHE_MAX_MB`` as a number, else :data:`DEFAULT_MAX_MB` (a bad value is logged and ignored)."""
    raw = os.environ.get("ALIGN_CACHE_MAX_MB", "").strip()
    if not raw:
        return float(DEFAULT_MAX_MB)
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value <= 0:
        log.warning("ALIGN_CACHE_MAX_MB=%r is not a positive number; using %d", raw, DEFAULT_MAX_MB)
        return float(DEFAULT_MAX_MB)
    return value


def text_key(identity: str, text: str) -> bytes:
    """32-byte key of ``text`` embedded by the encoder described by ``identity``."""
    h = hashlib.sha256(identity.encode("utf-8"))
    h.update(b"\x00")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.digest()


class EmbeddingCache:
    """A key -> float32 vector store in ``<cache_dir>/embeddings-v1.sqlite``.

    Safe with several processes and threads: each thread gets its own
    connection, writes are single transactions (``INSERT OR IGNORE``), and the
    database runs in WAL mode. A cache that cannot be opened or written is
    logged once and then behaves as empty (embedding still works). When the
    vectors pass ``max_mb`` megabytes (default ``$ALIGN_CACHE_MAX_MB`` or
    :data:`DEFAULT_MAX_MB`), the oldest rows are deleted (first in, first out).
    """

    def __init__(self, cache_dir: str | os.PathLike[str] | None = None, max_mb: float | None = None) -> None:
        self.dir = resolve_cache_dir(cache_dir)
        self.path = self.dir / _DB_NAME
        self.max_mb = float(max_mb) if max_mb is not None else max_mb_from_env()
        self._local = threading.local()
        self._broken = False

    # ---------------------------------------------------------- connection
    def _conn(self) -> sqlite3.Connection | None:
        if self._broken:
            return None
        conn = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "pid", None) == os.getpid():
            return conn
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=60.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout=60000")
            # (a new file only) pages of 64 KB: a 2 KB vector of USE-m took a whole 4 KB page, the cache twice its
            # limit on disk
            conn.execute(f"PRAGMA page_size={_PAGE_SIZE}")
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()
            if not mode or str(mode[0]).lower() != "wal":  # e.g. a network file system
                log.debug("embedding cache: journal mode %s", mode)
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("CREATE TABLE IF NOT EXISTS vec (k BLOB PRIMARY KEY, dim INTEGER NOT NULL, v BLOB NOT NULL)")
        except (sqlite3.Error, OSError) as exc:
            log.warning("embedding cache %s unusable (%s); embedding without it", self.path, exc)
            self._broken = True
            return None
        self._local.conn = conn
        self._local.pid = os.getpid()
        return conn

    def _retry(self, fn: Any) -> Any:
        """Run ``fn(conn)``, retrying briefly on 'database is locked'."""
        for attempt in range(8):
            conn = self._conn()
            if conn is None:
                return None
            try:
                return fn(conn)
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    log.warning("embedding cache %s: %s; embedding without it", self.path, exc)
                    self._broken = True
                    return None
                time.sleep(0.05 * (attempt + 1))
            except sqlite3.DatabaseError as exc:  # corrupt file
                log.warning("embedding cache %s: %s; embedding without it", self.path, exc)
                self._broken = True
                return None
        return None

    # ------------------------------------------------------------------ api
    def get_many(self, keys: Sequence[bytes], dim: int) -> dict[bytes, np.ndarray]:
        """The cached vectors among ``keys``: {key: (dim,) float32}."""
        found: dict[bytes, np.ndarray] = {}
        uniq = list(dict.fromkeys(keys))

        def run(conn: sqlite3.Connection) -> None:
            for i in range(0, len(uniq), _CHUNK):
                part = uniq[i : i + _CHUNK]
                q = f"SELECT k, v FROM vec WHERE dim = ? AND k IN ({','.join('?' * len(part))})"
                for k, v in conn.execute(q, (dim, *part)):
                    arr = np.frombuffer(v, dtype=np.float32)
                    if arr.shape == (dim,):
                        found[bytes(k)] = arr

        self._retry(run)
        return found

    def put_many(self, keys: Sequence[bytes], vectors: np.ndarray) -> None:
        """Store rows of ``vectors`` (N, dim) under ``keys`` (N,), in one transaction."""
        vecs = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = int(vecs.shape[1]) if vecs.ndim == 2 else 0
        rows = [(k, dim, vecs[i].tobytes()) for i, k in enumerate(keys)]
        if not rows:
            return

        def run(conn: sqlite3.Connection) -> None:
            limit = max(1, int(self.max_mb * 1e6 // _row_cost(conn, dim)))
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("INSERT OR IGNORE INTO vec (k, dim, v) VALUES (?, ?, ?)", rows)
                # rows are only ever deleted oldest first, so the rowid span is the row count
                lo, hi = conn.execute("SELECT min(rowid), max(rowid) FROM vec").fetchone()
                if lo is not None and hi - lo + 1 > limit:
                    conn.execute("DELETE FROM vec WHERE rowid < ?", (hi - limit + 1,))
                    log.debug("embedding cache: oldest %d rows deleted (limit %d)", hi - limit + 1 - lo, limit)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

        self._retry(run)

    def __len__(self) -> int:
        n = self._retry(lambda conn: conn.execute("SELECT COUNT(*) FROM vec").fetchone()[0])
        return int(n or 0)

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _row_cost(conn: sqlite3.Connection, dim: int) -> int:
    """Bytes on disk a row of a ``dim``-d vector costs: SQLite keeps whole rows in a page, so in a file of 4 KB pages
    (made before the cache used 64 KB ones) a 2 KB vector costs a page; a row larger than a page costs the pages it
    spans."""
    page = int(conn.execute("PRAGMA page_size").fetchone()[0] or 4096)
    row = 4 * dim + _ROW_OVERHEAD
    if row > page:
        return -(-row // page) * page
    return page // (page // row)


class CachedEncoder:
    """Wrap ``encoder`` so that each distinct text is embedded at most once per cache.

    ``encode(texts, progress=False) -> (N, dim)`` float32, L2-normalised, equal
    to ``encoder.encode(texts)`` (identical vectors on a cache hit). The key
    covers ``encoder.identity`` (or its name when it has none), ``dim`` and the
    text. ``calls`` / ``embedded`` count what reached the wrapped encoder.
    """

    def __init__(
        self, encoder: Any, cache_dir: str | os.PathLike[str] | None = None, max_mb: float | None = None
    ) -> None:
        self.encoder = encoder
        self.name: str = encoder.name
        self.dim: int = encoder.dim
        self.identity: str = str(getattr(encoder, "identity", encoder.name)) + f"|dim={encoder.dim}"
        self.cache = EmbeddingCache(cache_dir, max_mb)
        self.calls = 0
        self.embedded = 0

    def __getattr__(self, attr: str) -> Any:  # device, tokenize, ... of the wrapped encoder
        if attr == "encoder":
            raise AttributeError(attr)
        return getattr(self.encoder, attr)

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """(N,) texts -> (N, dim) float32; texts seen before come from the cache."""
        texts = list(texts)
        keys = [text_key(self.identity, t) for t in texts]
        return self._cached(keys, lambda rows: self.encoder.encode([texts[i] for i in rows], progress=progress))

    def _cached(self, keys: list[bytes], compute: Any) -> np.ndarray:
        """(N, dim) float32 for ``keys``: cached rows from the cache, the others from ``compute(rows)`` (the indices
        of the first row of each missing key -> their vectors), then stored."""
        out = np.zeros((len(keys), self.dim), dtype=np.float32)
        if not keys:
            return out
        found = self.cache.get_many(keys, self.dim)
        missing: dict[bytes, list[int]] = {}
        for i, k in enumerate(keys):
            v = found.get(k)
            if v is None:
                missing.setdefault(k, []).append(i)
            else:
                out[i] = v
        if missing:
            first = [rows[0] for rows in missing.values()]
            self.calls += 1
            self.embedded += len(first)
            vecs = np.asarray(compute(first), dtype=np.float32)
            for j, rows in enumerate(missing.values()):
                out[rows] = vecs[j]
            self.cache.put_many(list(missing), vecs)
        log.debug("embedding cache: %d of %d texts cached", len(keys) - sum(map(len, missing.values())), len(keys))
        return out

    def encode_joined(self, texts: Sequence[str], spans: Sequence[tuple[int, int]], progress: bool = False
                      ) -> np.ndarray:
        """Embeddings of ``" ".join(texts[a:b])`` for each ``(a, b)`` in ``spans`` -> (len(spans), dim) float32,
        cached like :meth:`encode`. With a wrapped encoder that composes spans from their sentences (USE-m's
        ``encode_joined``, not identical to embedding the joined text) a span is keyed by its sentences under an
        identity of its own; without one the joined texts go through :meth:`encode`. The aligner embeds thousands
        of spans a document pair: a warm run took as long as a cold one for them."""
        fast = getattr(self.encoder, "encode_joined", None)
        if fast is None:
            return self.encode([" ".join(texts[a:b]) for a, b in spans], progress=progress)
        spans = [(int(a), int(b)) for a, b in spans]
        keys = [text_key(self.identity + "|joined", "\x1e".join(texts[a:b])) for a, b in spans]
        return self._cached(keys, lambda rows: fast(texts, [spans[i] for i in rows], progress=progress))
