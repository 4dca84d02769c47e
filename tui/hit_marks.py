"""Where a query's words occur in a text, for highlighting the other panes of a hit's row."""

from __future__ import annotations

import re


def query_spans(text: str, query: str, min_chars: int = 3) -> list[tuple[int, int]]:
    """[start, end) spans of ``text`` whose folded form starts with a folded query word."""
    from polyglance.search import fold_with_map, map_span, parse_query  # imported lazily

    parsed = parse_query(query)
    words = {t.word for t in parsed.terms if len(t.word) >= min_chars}
    words.update(w for phrase in parsed.phrases for w in phrase if len(w) >= min_chars)
    if not words:
        return []
    folded, index = fold_with_map(text)
    spans = []
    for word in words:
        for match in re.finditer(r"\b" + re.escape(word) + r"\w*", folded):
            spans.append(map_span(index, match.start(), match.end()))
    return sorted(set(spans))
