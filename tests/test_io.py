"""Input reading and checks: every bad input is one InputError naming the file."""

from __future__ import annotations

import os

import pytest

from align.errors import InputError
from align.io import atomic_write_text, check_lang, check_script, clean_for_model, read_text


def test_reads_utf8_strips_bom_and_crlf(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffПривет.\r\nМир.\r\n".encode())
    assert read_text(p) == "Привет.\nМир.\n"


@pytest.mark.parametrize(
    "content, expect",
    [
        (b"", "empty file"),
        (b"   \n\n  ", "no text"),
        (b"\x00\x01\x02binary\x00", "binary"),
        ("Привет, мир".encode("cp1251"), "UTF-8"),
    ],
)
def test_bad_files(tmp_path, content, expect):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError) as ei:
        read_text(p)
    msg = str(ei.value)
    assert str(p) in msg and expect in msg and "\n" not in msg


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def test_cp1251_with_encoding(tmp_path):
    p = tmp_path / "w.txt"
    p.write_bytes("Привет, мир.".encode("cp1251"))
    assert read_text(p, encoding="cp1251") == "Привет, мир."
    with pytest.raises(InputError, match="--encoding"):
        read_text(p)


def test_check_lang():
    assert check_lang("RU") == "ru"
    with pytest.raises(InputError, match="supported: .*ru"):
        check_lang("xx")


def test_script_mismatch_warns(caplog):
    assert check_script("This is plainly English text.", "ru", "a.txt") is not None
    assert "looks like" in check_script("Это русский текст.", "en", "b.txt")
    assert check_script("Это русский текст.", "ru", "c.txt") is None


def test_clean_for_model():
    assert clean_for_model("при\u00adвет\u200b мир\u00a0!") == "привет мир !"


def test_atomic_write_leaves_no_temp_on_error(tmp_path):
    target = tmp_path / "out.txt"
    atomic_write_text(target, "ok")
    assert target.read_text() == "ok"

    class Boom(Exception):
        pass

    from align.io import atomic_writer

    with pytest.raises(Boom):
        with atomic_writer(target) as fh:
            fh.write("partial")
            raise Boom
    assert target.read_text() == "ok"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_unwritable_output(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        atomic_write_text(tmp_path / "no" / "dir" / "x.txt", "x")


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_atomic_write_gives_the_mode_a_plain_write_gives(tmp_path, mask):
    old = os.umask(mask)
    try:
        atomic_write_text(tmp_path / "out.txt", "ok")
        with open(tmp_path / "plain.txt", "w") as fh:
            fh.write("ok")
    finally:
        os.umask(old)
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == (tmp_path / "plain.txt").stat().st_mode & 0o777
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_atomic_write_over_a_file_keeps_its_mode(tmp_path, mode):
    out = tmp_path / "keep.txt"
    out.write_text("old")
    os.chmod(out, mode)
    atomic_write_text(out, "new")
    assert out.read_text() == "new"
    assert out.stat().st_mode & 0o777 == mode
