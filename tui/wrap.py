"""Greedy word wrapping that keeps character offsets, so styles can follow the text."""

from __future__ import annotations

from rich.cells import cell_len


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """[start, end) offsets of the lines of ``text`` wrapped to ``width`` terminal cells.

    Breaks at spaces; a word longer than the width is cut. East-Asian wide characters
    count two cells, and text without spaces (CJK) is cut by cells. Always at least one line.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    while start < n:
        while start < n and text[start] == " ":
            start += 1
        if start >= n:
            break
        end = start
        cells = 0
        last_space = -1
        while end < n:
            ch = text[end]
            if ch == "\n":
                break
            w = 1 if ch.isascii() else cell_len(ch)
            if cells + w > width:
                break
            if ch == " ":
                last_space = end
            cells += w
            end += 1
        if end < n and text[end] == "\n":
            lines.append((start, end))
            start = end + 1
            continue
        if end < n and last_space > start and text[end] != " ":
            end = last_space
        if end == start:  # one character wider than the line
            end = start + 1
        lines.append((start, end))
        start = end
    return lines or [(0, 0)]
