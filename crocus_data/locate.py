"""Find a quote's character offsets in a source text, so nobody counts offsets by hand."""

from __future__ import annotations


class LocateError(ValueError):
    """The quote is absent, or occurs more than once and no occurrence was chosen."""

    def __init__(self, message: str, starts: list[int] | None = None) -> None:
        super().__init__(message)
        self.starts = starts or []


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of quote in text, overlapping ones included."""
    starts = []
    position = text.find(quote)
    while position != -1 and quote:
        starts.append(position)
        position = text.find(quote, position + 1)
    return starts


def locate(text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """(start, end) with ``text[start:end] == quote``; ``occurrence`` (1-based) picks one of several."""
    if not quote:
        raise LocateError("the quote is empty")
    starts = occurrences(text, quote)
    if not starts:
        raise LocateError("the quote does not occur in the source text; copy it exactly, curly quotes included")
    if occurrence is None:
        if len(starts) > 1:
            raise LocateError(
                f"the quote occurs {len(starts)} times (at {', '.join(map(str, starts))}); quote more words", starts
            )
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise LocateError(f"occurrence {occurrence} asked for, but the quote occurs {len(starts)} time(s)")
    start = starts[occurrence - 1]
    return start, start + len(quote)


def fill_offsets(rows: list[dict[str, str]], texts: dict[str, str]) -> list[str]:
    """Fill empty ``start``/``end`` cells of evidence rows in place; return one error per row it cannot fill.

    A row whose quote occurs more than once is filled only if ``start`` already names one of the
    occurrences; otherwise the error lists them so the contributor can choose.
    """
    errors = []
    for line, row in enumerate(rows, start=2):
        if row.get("start") and row.get("end"):
            continue
        text = texts.get(row.get("source_id", ""))
        if text is None:
            errors.append(f"line {line}: unknown source_id {row.get('source_id')!r}")
            continue
        quote = row.get("quote", "")
        try:
            if row.get("start"):
                start = int(row["start"])
                if text[start : start + len(quote)] != quote:
                    raise LocateError(f"the quote does not stand at start={start}")
                end = start + len(quote)
            else:
                start, end = locate(text, quote)
        except LocateError as exc:
            hint = " or write the start of the one you mean in the start cell" if exc.starts else ""
            errors.append(f"line {line} ({row.get('evidence_id')}): {exc}{hint}")
            continue
        except ValueError:
            errors.append(f"line {line} ({row.get('evidence_id')}): start {row['start']!r} is not a whole number")
            continue
        row["start"], row["end"] = str(start), str(end)
    return errors
