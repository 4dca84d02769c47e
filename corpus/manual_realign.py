"""Re-align an article around the manual rows that survived a change of its documents.

Manual rows are recorded with the text hash of each paragraph, and with the hashes of
every content paragraph of each document at the time (paragraph ids and positions change
when a file changes). After a change, the old and new paragraph sequences of each
document are diffed (``difflib`` over the hashes), so each recorded paragraph is found
where it went, and a text repeated elsewhere cannot take its place. A manual row is kept
when every one of its paragraphs is found, unchanged and still next to each other; the
kept rows are fixed points. Between two of them, the rows of the automatic alignment of
the whole documents that lie wholly in the gap are kept, and only the paragraphs left
over are aligned again in the small gaps they leave (lengths judged against the whole
documents; no edge discount inside the text). A language the manual table did not have
(a document that joined the article since) is placed by aligning it with the recorded
language that has the most paragraphs: its paragraphs go with their counterparts, into
a kept row or into a gap.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from .align import AlignParams, align_multi, align_pair
from .align.multi import _align  # align_multi with lengths judged against whole texts
from .manual import Row, Table

#: Alignment parameters inside a gap between two kept rows (no edge discount for skips).
INTERIOR = AlignParams(edge_skip_factor=1.0)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class RecordedRow:
    """A manual row as stored: ``cells[lang]`` = ((para_i, text hash), ...)."""

    cells: Mapping[str, tuple[tuple[int, str], ...]]
    confirmed: bool = False


@dataclass(frozen=True)
class CurrentDoc:
    path: str
    paragraphs: Sequence[tuple[int, str]]  # (i, text) of the content paragraphs, in order


@dataclass(frozen=True)
class Realigned:
    table: Table
    kept: int  # manual rows kept as fixed points
    dropped: int  # manual rows that changed and are aligned automatically again
    added_langs: tuple[str, ...]  # languages placed by alignment around the kept rows
    left_langs: tuple[str, ...] = ()  # recorded languages no longer in the article


def _match(recorded: list[str], current: list[str]) -> dict[int, int]:
    """Positions in ``recorded`` -> positions in ``current`` of equal, matched hashes."""
    found: dict[int, int] = {}
    matcher = SequenceMatcher(None, recorded, current, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            found[a + k] = b + k
    return found


def short_hash(text: str) -> str:
    """A paragraph's text hash, short (the whole document's are stored)."""
    return text_hash(text)[:16]


def _match_by_document(
    recorded: Sequence[RecordedRow],
    lang: str,
    order: Sequence[tuple[int, str]],
    doc: CurrentDoc,
) -> dict[tuple[int, str, int], int]:
    """(row, lang, k) -> position now, through a diff of the old and new documents."""
    old_position = {i: p for p, (i, _) in enumerate(order)}
    moved = _match([h for _, h in order], [short_hash(t) for _, t in doc.paragraphs])
    found = {}
    for r, row in enumerate(recorded):
        for k, (i, sha) in enumerate(row.cells.get(lang, ())):
            p = moved.get(old_position.get(i, -1))
            if p is not None and text_hash(doc.paragraphs[p][1]) == sha:
                found[r, lang, k] = p
    return found


def realign(
    recorded: Sequence[RecordedRow],
    recorded_paths: Mapping[str, str],
    current: Mapping[str, CurrentDoc],
    languages: Sequence[str],
    auto: Sequence[Row] | None = None,
    recorded_order: Mapping[str, Sequence[tuple[int, str]]] | None = None,
) -> Realigned:
    """The article's new table: kept manual rows, automatic rows between them.

    ``recorded_paths`` is lang -> document path when the manual rows were stored;
    ``current`` is lang -> the document now; ``languages`` the columns of the new table.
    A language whose document has another path now counts as new. ``auto``: an automatic
    alignment of the current documents (rows of paragraph ``i``; computed when None):
    its rows that lie wholly between two kept rows are kept too (they were aligned with
    the whole documents in view); only the paragraphs of the others are aligned again,
    in the small gaps they leave. ``recorded_order``: lang -> (i, ``short_hash``) of every
    content paragraph of the document when the rows were recorded; with it a paragraph is
    found through a diff of the old and new documents (a text repeated elsewhere cannot
    take its place), else by its text among the recorded paragraphs alone.
    """
    langs = [lang for lang in languages if lang in current]
    same = {lang for lang in langs if recorded_paths.get(lang) == current[lang].path}
    # Where each recorded paragraph is now (a position among the content paragraphs).
    now: dict[tuple[int, str, int], int] = {}  # (row, lang, k-th of the cell) -> position
    for lang in sorted(same):
        if recorded_order and recorded_order.get(lang):
            now.update(_match_by_document(recorded, lang, recorded_order[lang], current[lang]))
            continue
        keys = [
            (r, k) for r, row in enumerate(recorded) for k in range(len(row.cells.get(lang, ())))
        ]
        hashes = [recorded[r].cells[lang][k][1] for r, k in keys]
        current_hashes = [text_hash(text) for _, text in current[lang].paragraphs]
        for a, b in _match(hashes, current_hashes).items():
            r, k = keys[a]
            now[r, lang, k] = b
    kept: list[tuple[RecordedRow, dict[str, list[int]]]] = []
    for r, row in enumerate(recorded):
        positions: dict[str, list[int]] = {}
        # A language that left the article does not undo what was decided for the others.
        ok = any(cell for lang, cell in row.cells.items() if lang in current)
        for lang, cell in row.cells.items():
            if not cell or lang not in current:
                continue
            got = [now.get((r, lang, k)) for k in range(len(cell))]
            found = [p for p in got if p is not None]
            if (
                lang not in same
                or len(found) < len(got)  # a paragraph not found now
                or found != list(range(found[0], found[0] + len(found)))
            ):
                ok = False
                break
            positions[lang] = found
        if ok:
            kept.append((row, positions))
    dropped = sum(1 for row in recorded if any(row.cells.values())) - len(kept)
    left = tuple(sorted(lang for lang in recorded_paths if lang not in current))
    slots = _slots(kept, langs, same, current)
    inside = _auto_rows_by_gap(auto, slots, langs, current) if kept else {}
    rows: list[Row] = []
    for key in range(2 * len(kept) + 1):
        units = {lang: slots[lang].get(key, []) for lang in langs}
        if key % 2:  # a kept row
            record = kept[key // 2][0]
            cells = {
                lang: tuple(current[lang].paragraphs[p][0] for p in units[lang]) for lang in langs
            }
            rows.append(Row(cells, manual=True, confirmed=record.confirmed, confidence=1.0))
        else:
            rows.extend(
                _fill_gap(units, inside.get(key, []), langs, current, 0 < key < 2 * len(kept))
            )
    added = tuple(lang for lang in langs if lang not in same)
    return Realigned(Table(tuple(languages), tuple(rows)), len(kept), dropped, added, left)


def _slots(
    kept: list[tuple[RecordedRow, dict[str, list[int]]]],
    langs: list[str],
    same: set[str],
    current: Mapping[str, CurrentDoc],
) -> dict[str, dict[int, list[int]]]:
    """lang -> slot -> positions; slot 2k+1 is kept row k, slot 2k the gap before it."""
    slots: dict[str, dict[int, list[int]]] = {lang: {} for lang in langs}
    slot_of: dict[str, list[int]] = {}
    for lang in langs:
        if lang not in same:
            continue
        where = [-1] * len(current[lang].paragraphs)
        for k, (_, positions) in enumerate(kept):
            for p in positions.get(lang, ()):
                where[p] = 2 * k + 1
        last = 0
        for p, slot in enumerate(where):
            if slot < 0:  # not in a kept row: the gap after the last kept row of this language
                slot = last + 1 if last % 2 else last
            last = slot
            where[p] = slot
            slots[lang].setdefault(slot, []).append(p)
        slot_of[lang] = where
    reference = max(
        (lang for lang in langs if lang in slot_of),
        key=lambda lang: (len(current[lang].paragraphs), lang),
        default=None,
    )
    for lang in langs:
        if lang in slot_of:
            continue
        if reference is None:  # nothing recorded matches: everything is one gap
            slots[lang][0] = list(range(len(current[lang].paragraphs)))
            continue
        beads = align_pair(
            [t for _, t in current[reference].paragraphs], [t for _, t in current[lang].paragraphs]
        )
        last = 0
        for bead in beads:
            if bead.src:
                slot = max(last, slot_of[reference][bead.src[0]])
            else:  # no counterpart: a row of its own, in the gap after
                slot = last + 1 if last % 2 else last
            last = slot
            for p in bead.tgt:
                slots[lang].setdefault(slot, []).append(p)
    return slots


def _auto_rows_by_gap(
    auto: Sequence[Row] | None,
    slots: Mapping[str, Mapping[int, list[int]]],
    langs: list[str],
    current: Mapping[str, CurrentDoc],
) -> dict[int, list[tuple[dict[str, list[int]], float]]]:
    """gap slot -> the automatic rows (positions by language, confidence) wholly in it."""
    if auto is None:
        texts = [[t for _, t in current[lang].paragraphs] for lang in langs]
        auto = [
            Row(
                {
                    lang: tuple(current[lang].paragraphs[u][0] for u in row.cells[k])
                    for k, lang in enumerate(langs)
                },
                confidence=round(float(row.confidence), 4),
            )
            for row in align_multi(texts)
        ]
    position = {lang: {i: p for p, (i, _) in enumerate(current[lang].paragraphs)} for lang in langs}
    slot_of = {(lang, p): slot for lang in langs for slot, ps in slots[lang].items() for p in ps}
    found: dict[int, list[tuple[dict[str, list[int]], float]]] = {}
    for row in auto:
        cells = {
            lang: [position[lang][i] for i in row.cell(lang) if i in position[lang]]
            for lang in langs
        }
        where = {slot_of[lang, p] for lang in langs for p in cells[lang]}
        if len(where) == 1 and (slot := where.pop()) % 2 == 0:
            found.setdefault(slot, []).append((cells, row.confidence))
    return found


def _fill_gap(
    units: Mapping[str, list[int]],
    inside: list[tuple[dict[str, list[int]], float]],
    langs: list[str],
    current: Mapping[str, CurrentDoc],
    interior: bool,
) -> list[Row]:
    """Rows for one gap: the automatic rows wholly inside it, and the paragraphs left
    between them aligned again."""
    fixed = {
        (lang, p): 2 * k + 1
        for k, (cells, _) in enumerate(inside)
        for lang in langs
        for p in cells[lang]
    }
    sub: dict[str, dict[int, list[int]]] = {lang: {} for lang in langs}
    for lang in langs:
        last = 0
        for p in units[lang]:
            slot = fixed.get((lang, p), last + 1 if last % 2 else last)
            last = slot
            sub[lang].setdefault(slot, []).append(p)
    rows: list[Row] = []
    for key in range(2 * len(inside) + 1):
        part = {lang: sub[lang].get(key, []) for lang in langs}
        if key % 2:
            cells = {
                lang: tuple(current[lang].paragraphs[p][0] for p in part[lang]) for lang in langs
            }
            rows.append(Row(cells, confidence=inside[key // 2][1]))
        else:
            rows.extend(_gap_rows(part, langs, current, interior or 0 < key < 2 * len(inside)))
    return rows


def _gap_rows(
    units: Mapping[str, list[int]],
    langs: list[str],
    current: Mapping[str, CurrentDoc],
    interior: bool,
) -> list[Row]:
    """Rows for the paragraphs between two kept rows (or before the first, after the last).

    Lengths are judged against the whole documents, and a gap between two kept rows gets
    no discount for skips at its ends: those are not the start or end of a text.
    """
    present = [lang for lang in langs if units[lang]]
    if not present:
        return []
    texts = [[current[lang].paragraphs[p][1] for p in units[lang]] for lang in present]
    whole = [[text for _, text in current[lang].paragraphs] for lang in present]
    options = {"params": INTERIOR} if interior else {}
    rows = []
    for aligned in _align(texts, whole, options):
        cells: dict[str, tuple[int, ...]] = dict.fromkeys(langs, ())
        for k, lang in enumerate(present):
            cells[lang] = tuple(
                current[lang].paragraphs[units[lang][u]][0] for u in aligned.cells[k]
            )
        rows.append(Row(cells, confidence=round(float(aligned.confidence), 4)))
    return rows
