"""Parsing JSON a pull request may have written: bounded in depth, in the size of a number, and in what a string holds.

``json.loads`` alone lets a document nested 200,000 deep end in ``RecursionError``, ``1e999`` become
an infinity that ``int()`` cannot take, a 4,300-digit integer end in ``ValueError`` far from the file,
and ``"\\ud800"`` put a lone surrogate into a string that no file or terminal can then encode. Here
each of those is a :class:`JsonError` (a ``ValueError``) raised by the parse itself, with one line
saying why; the document that comes back is then safe to walk, compare, print and write.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import NoReturn

from crocus_data.limits import MAX_JSON_DEPTH, MAX_JSON_NUMBER_CHARS

_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")


class JsonError(ValueError):
    """The bytes are not JSON a crocus-data command reads; ``line`` is where, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _number(limit: int, convert: type[int] | type[float]) -> Callable[[str], int | float]:
    def parse(text: str) -> int | float:
        if len(text) > limit:
            raise JsonError(f"a number of {len(text)} characters (at most {limit} are read)")
        value = convert(text)
        if isinstance(value, float) and not math.isfinite(value):
            raise JsonError(f"the number {text} is too large to hold")
        return value

    return parse


def _constant(name: str) -> NoReturn:
    raise JsonError(f"{name} is not a JSON number")


def _check(document: object, max_depth: int, strings: bool) -> None:
    """Walk the document without recursion: its depth, and (when asked) that every string is encodable."""
    pending: list[tuple[object, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            if depth > max_depth:
                raise JsonError(f"arrays and objects nested more than {max_depth} deep")
            for key, item in value.items():
                if strings:
                    _encodable(key)
                pending.append((item, depth + 1))
        elif isinstance(value, list):
            if depth > max_depth:
                raise JsonError(f"arrays and objects nested more than {max_depth} deep")
            pending.extend((item, depth + 1) for item in value)
        elif strings and isinstance(value, str):
            _encodable(value)


def _encodable(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise JsonError("a string holds a lone surrogate (\\ud800 to \\udfff), which is no character") from None


def parse_json(
    raw: bytes | str, *, max_depth: int = MAX_JSON_DEPTH, max_number_chars: int = MAX_JSON_NUMBER_CHARS
) -> object:
    """The JSON document in ``raw`` (UTF-8 bytes or text), or :class:`JsonError` saying why it is refused."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JsonError(f"byte {exc.start} is not UTF-8") from None
        has_escaped_surrogate = _ESCAPED_SURROGATE.search(raw) is not None
    else:
        text = raw
        has_escaped_surrogate = _ESCAPED_SURROGATE.search(raw.encode("utf-8", "surrogatepass")) is not None
    try:
        document: object = json.loads(
            text,
            parse_int=_number(max_number_chars, int),
            parse_float=_number(max_number_chars, float),
            parse_constant=_constant,
        )
    except JsonError:
        raise
    except RecursionError:
        raise JsonError(f"arrays and objects nested more than {max_depth} deep") from None
    except json.JSONDecodeError as exc:
        raise JsonError(f"{exc.msg}: line {exc.lineno} column {exc.colno} (char {exc.pos})", exc.lineno) from None
    except ValueError as exc:
        raise JsonError(str(exc).splitlines()[0][:200]) from None
    _check(document, max_depth, strings=has_escaped_surrogate or not isinstance(raw, bytes))
    return document
