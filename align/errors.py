"""Errors that the CLI turns into one clean line on stderr."""

from __future__ import annotations


class AlignError(Exception):
    """Base class of align's documented errors."""

    exit_code = 1


class InputError(AlignError):
    """Bad input or usage: the message names the file and the problem (exit status 2)."""

    exit_code = 2
