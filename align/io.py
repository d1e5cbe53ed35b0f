"""Reading and checking input files, language checks, atomic writes.

Every check raises :class:`align.errors.InputError` with one line that names the
file and the problem; odd but valid input is logged as a warning.
"""

from __future__ import annotations

import codecs
import contextlib
import logging
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError
from .markup import declared_charset, docx_to_text, html_to_text, is_docx, looks_like_html

log = logging.getLogger("align")

#: languages of the default encoder (USE multilingual v3).
SUPPORTED_LANGS: tuple[str, ...] = (
    "ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh", "zh-tw",
)
#: supported languages by script (the others, ar / ja / ko / th / zh, are written in neither)
CYRILLIC_LANGS = frozenset({"ru"})
LATIN_LANGS = frozenset({"de", "en", "es", "fr", "it", "nl", "pl", "pt", "tr"})


#: three-letter codes (ISO 639-2/3, FLORES' "rus_Cyrl") and English names of the supported languages
_LANG_ALIASES = {
    "ara": "ar", "arb": "ar", "arabic": "ar", "deu": "de", "ger": "de", "german": "de", "eng": "en", "english": "en",
    "spa": "es", "spanish": "es", "fra": "fr", "fre": "fr", "french": "fr", "ita": "it", "italian": "it",
    "jpn": "ja", "japanese": "ja", "kor": "ko", "korean": "ko", "nld": "nl", "dut": "nl", "dutch": "nl",
    "pol": "pl", "polish": "pl", "por": "pt", "portuguese": "pt", "rus": "ru", "russian": "ru", "tha": "th",
    "thai": "th", "tur": "tr", "turkish": "tr", "zho": "zh", "chi": "zh", "cmn": "zh", "chinese": "zh",
}
#: languages whose unknown code was already logged (once per process)
_WARNED_LANGS: set[str] = set()


def _normalise_lang(code: str) -> str:
    """:func:`norm_lang` without its type check and warning."""
    norm = code.strip().lower().replace("_", "-")
    base = norm.split("-")[0]
    base = _LANG_ALIASES.get(base, base)
    return base if norm not in SUPPORTED_LANGS and base in SUPPORTED_LANGS else norm


def norm_lang(code: str) -> str:
    """A language code as align compares it: lower case, ``-`` for ``_``, and a region dropped where the language
    alone is one of the encoder's (``"RU"`` -> ``"ru"``, ``"en_US"`` -> ``"en"``; ``"zh-TW"`` -> ``"zh-tw"``); a
    three-letter code or an English name of a supported language is its two-letter code (``"rus"``, ``"rus_Cyrl"``,
    ``"Russian"`` -> ``"ru"``). Codes align does not know are kept (normalised), with a warning once per process: the
    language rules (names, negation, numbers, sentence ends) are then generic ones. A code that is no string raises
    TypeError."""
    if not isinstance(code, str):
        raise TypeError(f"a language code is a string such as 'ru' or 'en', not {code!r}")
    out = _normalise_lang(code)
    if out not in SUPPORTED_LANGS and out not in _WARNED_LANGS:
        _WARNED_LANGS.add(out)
        log.warning("language code %r is none of the default encoder's (%s): generic rules for it", code,
                    ", ".join(SUPPORTED_LANGS))
    return out


def check_lang(code: str, option: str = "") -> str:
    """Normalise (:func:`norm_lang`) and check a language code; unknown codes raise InputError listing the supported
    ones (``option``: the command-line option that gave it, named in the message)."""
    norm = _normalise_lang(code) if isinstance(code, str) else ""
    if norm not in SUPPORTED_LANGS:
        where = f"{option} {code!r}: unknown language code" if option else f"unknown language code {code!r}"
        raise InputError(f"{where}; supported: {', '.join(SUPPORTED_LANGS)}")
    return norm


def _looks_binary(raw: bytes) -> bool:
    if b"\x00" in raw:  # anywhere in the file (a NUL after the first 64 KB was once copied into the output)
        return True
    sample = raw[:65536]
    ctrl = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return ctrl > max(8, len(sample) // 20)


def _wide_encoding(raw: bytes) -> str | None:
    """``"UTF-32"`` / ``"UTF-16"`` where the bytes look like it (a byte-order mark, or every other byte NUL)."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = raw[: 4096 if len(raw) > 4096 else len(raw) // 2 * 2]
    if b"\x00" not in sample or len(sample) < 16:
        return None
    for codec in ("utf-16-le", "utf-16-be"):  # without a byte-order mark: text in the Latin or Cyrillic script
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        usual = sum(ch in "\t\n\r" or " " <= ch <= "~" or "\u00a0" <= ch <= "\u052f" or "\u2010" <= ch <= "\u203a"
                    for ch in text)
        if usual >= 0.95 * len(text):
            return "UTF-16"
    return None


#: file formats align does not read, by their first bytes, with what to do instead
_OTHER_FORMATS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file, not text: save or export it as text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word (.doc) or other Office file; save it as .docx or as text"),
    (b"{\\rtf", "an RTF file; save it as .docx or as plain text"),
)


def read_text(path: str | os.PathLike[str], encoding: str | None = None, what: str = "input",
              words: bool = True, document: bool = False) -> str:
    """Read a text file and return its text with BOM removed and line ends normalised to ``\\n``.

    ``path`` may be ``"-"`` for standard input. Raises InputError for a missing file, a
    directory, an empty file or one with no text (no letter or digit; not checked with ``words=False``), binary data,
    a PDF, RTF or old Word file, or text that is not valid in the encoding (UTF-8 unless ``encoding`` is given).
    With ``document=True`` a web page (HTML) or a Word document (.docx) is read as its visible text
    (:mod:`align.markup`: one block per paragraph, blocks separated by blank lines).
    """
    name = "<stdin>" if str(path) == "-" else str(path)
    if str(path) == "-":
        raw = sys.stdin.buffer.read()
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{name}: no such file")
        if p.is_dir():
            raise InputError(f"{name}: is a directory, expected a text file")
        try:
            raw = p.read_bytes()
        except PermissionError:
            raise InputError(f"{name}: permission denied") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if not raw:
        raise InputError(f"{name}: empty file")
    for magic, problem in _OTHER_FORMATS:
        if raw.startswith(magic):
            raise InputError(f"{name}: {problem}")
    if document and is_docx(raw):
        try:
            text = docx_to_text(raw)
        except ValueError as exc:
            raise InputError(f"{name}: a Word document that cannot be read ({exc})") from None
        if not any(ch.isalnum() for ch in text):
            raise InputError(f"{name}: a Word document with no text")
        log.info("%s: a Word document, read as its text (%d characters)", name, len(text))
        return text
    enc = encoding or "utf-8"
    try:
        wide = codecs.lookup(enc).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        raise InputError(f"{name}: unknown encoding {enc!r}") from None
    if encoding is None and (kind := _wide_encoding(raw)):
        raise InputError(f"{name}: looks like {kind}; align reads UTF-8: convert it or pass --encoding "
                         f"{kind.lower()}")
    if not wide and _looks_binary(raw):  # (a wide encoding has NUL bytes in every text: checked once decoded)
        if is_docx(raw):  # only documents (segment, pair, quotes, run) read Word files
            raise InputError(f"{name}: a Word document; this command reads plain text: save it as text")
        if raw.startswith(b"PK\x03\x04") and b"word/" in raw[:65536]:
            raise InputError(f"{name}: a damaged Word document (its zip archive cannot be read)")
        raise InputError(f"{name}: binary data, not text")
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError as exc:
        declared = declared_charset(raw) if document and encoding is None else None
        page = None
        if declared and declared not in ("utf-8", "utf8"):  # a web page saved in the encoding it declares
            with contextlib.suppress(LookupError, UnicodeDecodeError):
                page = raw.decode(declared)
                log.info("%s: read in the encoding the page declares (%s)", name, declared)
        if page is None:
            if encoding is None:
                raise InputError(
                    f"{name}: not valid UTF-8 (at byte offset {exc.start}); align reads UTF-8: convert the file "
                    f"or pass --encoding (e.g. --encoding cp1251)"
                ) from None
            raise InputError(f"{name}: not valid {enc} (at byte offset {exc.start})") from None
        text = page
    if wide and _looks_binary(text.encode("utf-8")):
        raise InputError(f"{name}: binary data, not text")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if document and looks_like_html(text, name):
        text = html_to_text(text)
        if not any(ch.isalnum() for ch in text):
            raise InputError(f"{name}: a web page with no visible text")
        log.info("%s: a web page, read as its visible text (%d characters)", name, len(text))
        return text
    if not text.strip() or (words and not any(ch.isalnum() for ch in text)):  # (an alignment has no words)
        raise InputError(f"{name}: no text (only whitespace or punctuation)")
    return text


def script_profile(text: str, limit: int = 200_000) -> tuple[float, float]:
    """Share of Cyrillic and of Latin letters among the letters of ``text`` (first ``limit`` chars)."""
    cyr = lat = letters = 0
    for ch in text[:limit]:
        if not ch.isalpha():
            continue
        letters += 1
        o = ord(ch)
        if 0x0400 <= o <= 0x04FF:
            cyr += 1
        elif o < 0x0250:
            lat += 1
    if not letters:
        return 0.0, 0.0
    return cyr / letters, lat / letters


def guess_script_lang(text: str) -> str | None:
    """A rough guess of what the text looks like: "ru" for Cyrillic, "Latin-script" else None."""
    cyr, lat = script_profile(text)
    if cyr > 0.6:
        return "ru"
    if lat > 0.6:
        return "Latin-script"
    return None


def check_script(text: str, lang: str, name: str) -> str | None:
    """Warn when the text's script does not fit its language label; returns the warning or None."""
    cyr, lat = script_profile(text)
    msg = None
    if lang in CYRILLIC_LANGS and lat > 0.6 and cyr < 0.2:
        msg = (f"{name}: labelled '{lang}' but the text is in Latin script "
               f"({lat:.0%} Latin letters): it looks like a Latin-script language such as English; "
               "check --src-lang/--tgt-lang")
    elif lang in LATIN_LANGS and cyr > 0.6:
        msg = (f"{name}: labelled '{lang}' but the text is in Cyrillic script "
               f"({cyr:.0%} Cyrillic letters): it looks like Russian; check --src-lang/--tgt-lang")
    if msg:
        log.warning(msg)
    return msg


def check_presplit_blank_lines(text: str, name: str) -> str | None:
    """Warn when a presplit ``text`` has blank lines between its lines: they mark paragraphs and get no
    sentence number, so the alignment's sentence numbers are not line numbers of the file."""
    lines = text.strip().split("\n")
    blank = sum(1 for line in lines if not line.strip())
    if not blank:
        return None
    msg = (f"{name}: {blank:,} blank line(s) between sentences; with --presplit a blank line marks a paragraph "
           "and is not a sentence, so sentence numbers in the alignment count the non-blank lines only")
    log.warning(msg)
    return msg


_SENTENCE_END = re.compile(r"[.!?…。！？;\n]")


def check_unpunctuated(text: str, name: str, cap: int = 2000) -> str | None:
    """Warn when ``text`` has stretches over ``cap`` characters with no sentence-ending punctuation
    (the segmenter cuts them at whitespace, so sentences and links there are approximate)."""
    longest = max(map(len, _SENTENCE_END.split(text)), default=0)
    if longest <= cap:
        return None
    msg = (f"{name}: {longest:,} characters with no sentence-ending punctuation; such text is cut at "
           f"whitespace into pieces of at most {cap:,} characters, so its sentences and links are approximate")
    log.warning(msg)
    return msg


_MODEL_TABLE: dict[int, str | None] = {
    **{c: " " for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n"},
    **{ord(c): None for c in "\u00ad\u200b\u200c\u200d\u2060\ufeff"},
    **{ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a"},
    # direction marks and embeddings (right-to-left text pasted into a page): invisible
    **{c: None for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}
#: a stress mark on a Cyrillic letter (учебные тексты: "за́мок"); a Latin é / è is one character once normalised
_STRESS = re.compile(r"(?<=[\u0400-\u04ff])[\u0300\u0301]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def model_text(text: str) -> str:
    """What every encoder is given: a lone surrogate (no character; the tokenizers refuse it) made U+FFFD and stress
    marks on Cyrillic letters removed (with them USE-m rated a sentence 0.42 against its own translation, without
    them 0.91). Text without either is returned as it is."""
    if text.isascii():
        return text
    if "\u0301" in text or "\u0300" in text:
        text = _STRESS.sub("", text)
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def clean_for_model(text: str) -> str:
    """Text as the encoder should see it: soft hyphens, zero-width characters and direction marks removed, odd
    spaces and control characters made plain spaces (same length or shorter; offsets are not kept), and
    :func:`model_text`."""
    if text.isascii() and text.isprintable():
        return text
    return model_text(text.translate(_MODEL_TABLE))


def _output_target(path: str | os.PathLike[str]) -> tuple[Path, bool]:
    """The file an output path writes (a symbolic link's target, not the link) and whether it is written in place: a
    path that exists and is no regular file (``/dev/null``, ``/dev/stdout``, a named pipe) has nothing to replace."""
    p = Path(path)
    if p.is_symlink():
        p = Path(os.path.realpath(p))
    return p, p.exists() and not p.is_file() and not p.is_dir()


def check_writable(path: str | os.PathLike[str]) -> None:
    """Fail early when ``path`` cannot be written (its directory missing or not writable)."""
    p, in_place = _output_target(path)
    if in_place:
        if not os.access(p, os.W_OK):
            raise InputError(f"{p}: cannot write")
        return
    parent = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected an output file path")
    if not parent.exists():
        raise InputError(f"{p}: cannot write: directory {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise InputError(f"{p}: cannot write: directory {parent} is not writable")


def _umask() -> int:
    """The process's file-creation mask (Linux: read from /proc, which leaves it untouched)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere the only way to read it is to set it
    os.umask(mask)
    return mask


def usual_mode(path: str | os.PathLike[str], directory: bool = False,
               replaces: str | os.PathLike[str] | None = None) -> None:
    """Give a file or directory made by :mod:`tempfile` (mode 0600 / 0700, owner only) the mode a plain ``open`` /
    ``mkdir`` would give it (0644 / 0755 under the usual umask), so that outputs renamed into place can be read by
    others as any written file can: a report served by a web server, a shared corpus directory. When it is to
    replace an existing file ``replaces``, it takes that file's permission bits, as writing into the file would keep
    them (a private 0600 file stays private). A file system that keeps no modes (some network mounts) is left as it
    is."""
    mode = (0o777 if directory else 0o666) & ~_umask()
    if replaces is not None:
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(os.stat(replaces).st_mode)
    try:
        os.chmod(path, mode)
    except OSError as exc:
        log.debug("could not set the mode of %s: %s", path, exc)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8") -> Iterator:
    """Open a temporary file beside ``path``; on success it replaces ``path``, on error it is removed.

    A symbolic link is followed: its target is replaced, not the link. A path that exists and is no regular file
    (``/dev/null``, ``/dev/stdout``, a named pipe) is written in place, as there is nothing to replace."""
    p, in_place = _output_target(path)
    if in_place:
        with open(p, mode, encoding=None if "b" in mode else encoding) as fh:
            yield fh
        return
    check_writable(p)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=str(p.parent) or ".")
    try:
        usual_mode(tmp, replaces=p)
        with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (temp file + rename)."""
    with atomic_writer(path, "w") as fh:
        fh.write(text)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file + rename)."""
    with atomic_writer(path, "wb") as fh:
        fh.write(data)
