"""Concordance lines (KWIC): each hit with its match centred in its context, and under it
the aligned counterparts, the probable translation of the match highlighted.

Pure functions over hits and strings (no Textual): the panel renders what they return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from rich.text import Text

if TYPE_CHECKING:
    from polyglance.search import Hit

#: Characters of context on each side of the match.
CONTEXT = 38
#: Characters of a counterpart shown (the row's cell, cut with an ellipsis).
COUNTERPART = 2 * CONTEXT + 12

SortOrder = Literal["score", "left", "right", "article"]
SORT_ORDERS: tuple[SortOrder, ...] = ("score", "left", "right", "article")


@dataclass
class Line:
    """One hit in the concordance, with its counterparts: {lang: (text, spans)}."""

    hit: Hit
    counterparts: dict[str, tuple[str | None, list[tuple[int, int]]]] = field(default_factory=dict)


def _flat(text: str) -> str:
    return " ".join(text.split())


def match_of(hit: Hit) -> tuple[int, int]:
    """The [start, end) of the hit's first match (the whole text when it has none)."""
    if hit.spans:
        return hit.spans[0]
    return (0, min(len(hit.text), 12))


def kwic(hit: Hit) -> Text:
    """``lang  …left context [match] right context…`` with the match centred; the spacing
    around the match is the text's own (a suffix stays attached to its word)."""
    start, end = match_of(hit)
    before, after = hit.text[:start], hit.text[end:]
    left = _flat(before) + (" " if before[-1:].isspace() else "")
    right = (" " if after[:1].isspace() else "") + _flat(after)
    left = ("…" + left[-(CONTEXT - 1) :]) if len(left) > CONTEXT else left
    right = (right[: CONTEXT - 1] + "…") if len(right) > CONTEXT else right
    line = Text()
    line.append(f" {hit.lang} ", style="reverse")
    line.append(" " + left.rjust(CONTEXT))
    line.append(_flat(hit.text[start:end]), style="bold reverse")
    line.append(right)
    return line


def counterpart(lang: str, text: str | None, spans: Sequence[tuple[int, int]]) -> Text:
    """A counterpart line under a concordance line; its marked spans highlighted."""
    line = Text("      ")
    line.append(f"{lang} ", style="dim bold")
    if text is None:
        line.append("(no aligned paragraph)", style="dim italic")
        return line
    shown = text[:COUNTERPART]
    body = Text(shown.replace("\n", " "), style="italic")
    for s, e in spans:
        if s < len(shown):
            body.stylize("bold underline", s, min(e, len(shown)))
    line.append_text(body)
    if len(text) > COUNTERPART:
        line.append("…", style="dim")
    return line


def render(line: Line) -> Text:
    """The concordance line and its counterparts, one per line."""
    out = kwic(line.hit)
    for lang, (text, spans) in line.counterparts.items():
        out.append("\n")
        out.append_text(counterpart(lang, text, spans))
    return out


def sort_key(order: SortOrder):
    """The key that sorts concordance lines by score, left or right context, or article."""

    def left(line: Line) -> tuple:
        start, _ = match_of(line.hit)
        words = line.hit.text[:start].lower().split()
        return (list(reversed(words)), -line.hit.score)

    def right(line: Line) -> tuple:
        _, end = match_of(line.hit)
        return (line.hit.text[end:].lower().split(), -line.hit.score)

    def article(line: Line) -> tuple:
        hit = line.hit
        return (hit.article if hit.article is not None else 1 << 60, hit.row or 0, hit.lang)

    def score(line: Line) -> tuple:
        return (-line.hit.score,)

    return {"score": score, "left": left, "right": right, "article": article}[order]
