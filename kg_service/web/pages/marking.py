"""Text split into pieces for highlighting: grounding words and search hits.

Positions are Unicode code points, as the regulation graph gives them (Python strings index
the same way). Spans may overlap: the text is cut at every span boundary and each piece
carries every span that covers it, so the template can mark and link it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable


@dataclass
class Piece:
    text: str
    marks: list[Any] = field(default_factory=list)
    """The payloads of the spans covering this piece (empty: plain text)."""


def pieces(text: str, spans: Iterable[tuple[int, int, Any]]) -> list[Piece]:
    spans = [(max(0, s), min(len(text), e), p) for s, e, p in spans if e > s]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [p for s, e, p in spans if s <= start and end <= e]
        out.append(Piece(text[start:end], covering))
    return out


def occurrences(text: str, words: str) -> list[tuple[int, int, str]]:
    """Every (start, end) where `words` occurs in `text`, case-insensitively for Latin text."""
    if not words:
        return []
    haystack, needle = text.casefold(), words.casefold()
    found, i = [], haystack.find(needle)
    while i >= 0:
        found.append((i, i + len(needle), "hit"))
        i = haystack.find(needle, i + len(needle))
    return found


def context_window(text: str, spans: list[tuple[int, int, Any]], width: int = 60) -> tuple[str, list, bool, bool]:
    """The part of a long text around its first span, with the spans moved to match, and
    whether text was cut before and after."""
    if not spans or len(text) <= 2 * width + 20:
        return text, spans, False, False
    first = spans[0][0]
    start = max(0, first - width)
    end = min(len(text), spans[0][1] + width)
    moved = [(s - start, e - start, p) for s, e, p in spans if s >= start and e <= end]
    return text[start:end], moved, start > 0, end < len(text)
