"""An article's alignment table as a value, and the pure edits a person makes to it.

A ``Table`` has ``languages`` (its columns) and ``rows``; a ``Row`` maps every language
to the paragraphs of that language's document in the row: their ``i`` (the position in
the document, as ``doc --json`` gives it), in order, ``()`` where the row has none.

Every edit takes a table, the current row (an index into ``rows``, from 0) and, where it
matters, the current language, and returns an ``EditResult``: a new table (the old one
is untouched, so an app can keep a history of tables for undo and redo) and the rows it
touched, by their index in the new table. Touched rows are marked ``manual``; ``confirm``
marks a row manual and ``confirmed`` without changing it. Edits keep a valid table valid:
monotonic in every language, each content paragraph in exactly one row. An edit that
cannot apply (nothing to move, no row above) raises ``EditError`` and changes nothing.

``validate`` checks a table against the content paragraphs of each language and raises a
``TableError`` naming the first bad row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

#: Edit operations by name (``Edit.op``), as ``apply`` takes them.
OPS = ("move_up", "move_down", "split", "merge", "delete_empty", "confirm")

#: The name of each operation as users and scripts know it (the app's command palette).
COMMAND_NAMES = {
    "move_up": "Move paragraph up",
    "move_down": "Move paragraph down",
    "split": "Split into new row",
    "merge": "Merge with next row",
    "delete_empty": "Delete empty row",
    "confirm": "Confirm row",
}


@dataclass(frozen=True)
class Row:
    """One aligned row: ``cells[lang]`` are the paragraph ``i`` of that language, in order."""

    cells: Mapping[str, tuple[int, ...]]
    manual: bool = False  # touched or confirmed by hand (kept across re-indexing)
    confirmed: bool = False  # checked as right by a person
    confidence: float = 1.0  # of the automatic alignment; 1.0 for manual rows

    def cell(self, lang: str) -> tuple[int, ...]:
        return tuple(self.cells.get(lang, ()))

    @property
    def empty(self) -> bool:
        return not any(self.cells.values())

    def with_cell(self, lang: str, paragraphs: Sequence[int]) -> Row:
        cells = dict(self.cells)
        cells[lang] = tuple(paragraphs)
        return replace(self, cells=cells)

    def touched(self) -> Row:
        return replace(self, manual=True, confidence=1.0)


@dataclass(frozen=True)
class Table:
    languages: tuple[str, ...]
    rows: tuple[Row, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.rows)

    def paragraphs(self, lang: str) -> list[int]:
        """Every paragraph of ``lang`` in row order."""
        return [i for row in self.rows for i in row.cell(lang)]

    def as_lists(self) -> list[dict[str, list[int]]]:
        """The rows as plain ``{lang: [i, ...]}`` (every language of the table)."""
        return [{lang: list(row.cell(lang)) for lang in self.languages} for row in self.rows]


@dataclass(frozen=True)
class EditResult:
    table: Table
    touched: tuple[int, ...]  # indices in ``table`` of the rows the edit changed or confirmed


@dataclass(frozen=True)
class Edit:
    """One edit by name (see ``OPS``), for ``apply`` and ``manual_store.apply_edit``."""

    op: str
    row: int
    lang: str | None = None  # move_up, move_down, split
    at: int | None = None  # split: keep the first ``at`` paragraphs (None: move the whole cell)


class EditError(ValueError):
    """The edit cannot apply to this row (the message says why)."""


class TableError(ValueError):
    """A table that is not monotonic or does not hold each paragraph once; ``row`` is the
    index of the first bad row (None when the problem is paragraphs in no row at all)."""

    def __init__(self, row: int | None, message: str):
        super().__init__(message)
        self.row = row


def make_table(languages: Sequence[str], rows: Sequence[Mapping[str, Sequence[int]]]) -> Table:
    """A table of unmarked rows from plain ``{lang: [i, ...]}`` dicts."""
    langs = tuple(languages)
    return Table(langs, tuple(Row({lang: tuple(r.get(lang, ())) for lang in langs}) for r in rows))


# -- edits ---------------------------------------------------------------------------------


def _check_row(table: Table, row: int) -> None:
    if not 0 <= row < len(table.rows):
        raise EditError(f"no row {row} (the table has {len(table.rows)})")


def _check_lang(table: Table, lang: str | None) -> str:
    if lang not in table.languages:
        raise EditError(f"no language {lang!r} in this table ({', '.join(table.languages)})")
    return lang


def _with_rows(table: Table, start: int, stop: int, new: Sequence[Row]) -> Table:
    return replace(table, rows=(*table.rows[:start], *new, *table.rows[stop:]))


def move_up(table: Table, row: int, lang: str | None) -> EditResult:
    """Move the first paragraph of the cell (row, lang) to the end of the cell above."""
    _check_row(table, row)
    lang = _check_lang(table, lang)
    if row == 0:
        raise EditError("the first row has no row above")
    cell = table.rows[row].cell(lang)
    if not cell:
        raise EditError(f"row {row} has no {lang} paragraph to move")
    above = table.rows[row - 1]
    new = (
        above.with_cell(lang, (*above.cell(lang), cell[0])).touched(),
        table.rows[row].with_cell(lang, cell[1:]).touched(),
    )
    return EditResult(_with_rows(table, row - 1, row + 1, new), (row - 1, row))


def move_down(table: Table, row: int, lang: str | None) -> EditResult:
    """Move the last paragraph of the cell (row, lang) to the start of the cell below."""
    _check_row(table, row)
    lang = _check_lang(table, lang)
    if row == len(table.rows) - 1:
        raise EditError("the last row has no row below")
    cell = table.rows[row].cell(lang)
    if not cell:
        raise EditError(f"row {row} has no {lang} paragraph to move")
    below = table.rows[row + 1]
    new = (
        table.rows[row].with_cell(lang, cell[:-1]).touched(),
        below.with_cell(lang, (cell[-1], *below.cell(lang))).touched(),
    )
    return EditResult(_with_rows(table, row, row + 2, new), (row, row + 1))


def split(table: Table, row: int, lang: str | None, at: int | None = None) -> EditResult:
    """Give paragraphs of the cell (row, lang) a new row of their own, just below.

    With ``at=None`` the whole cell moves (the row keeps its other languages); with ``at=k``
    (0 < k < cell length) the first k paragraphs stay and the rest move.
    """
    _check_row(table, row)
    lang = _check_lang(table, lang)
    cell = table.rows[row].cell(lang)
    if not cell:
        raise EditError(f"row {row} has no {lang} paragraph to split off")
    keep = 0 if at is None else at
    if not 0 <= keep < len(cell) or (at is not None and keep == 0):
        raise EditError(f"cannot split the {lang} cell of row {row} at {at} (it has {len(cell)})")
    if keep == 0 and all(not c for other, c in table.rows[row].cells.items() if other != lang):
        raise EditError(f"row {row} already holds only these {lang} paragraphs")
    current = table.rows[row].with_cell(lang, cell[:keep]).touched()
    added = Row(
        {other: cell[keep:] if other == lang else () for other in table.languages}
    ).touched()
    return EditResult(_with_rows(table, row, row + 1, (current, added)), (row, row + 1))


def merge(table: Table, row: int) -> EditResult:
    """Merge the row with the next one, in every language."""
    _check_row(table, row)
    if row == len(table.rows) - 1:
        raise EditError("the last row has no next row to merge with")
    a, b = table.rows[row], table.rows[row + 1]
    merged = Row(
        {lang: (*a.cell(lang), *b.cell(lang)) for lang in table.languages},
        manual=True,
        confirmed=a.confirmed and b.confirmed,
    )
    return EditResult(_with_rows(table, row, row + 2, (merged,)), (row,))


def delete_empty(table: Table, row: int) -> EditResult:
    """Remove a row that has no paragraph in any language."""
    _check_row(table, row)
    if not table.rows[row].empty:
        raise EditError(f"row {row} is not empty")
    return EditResult(_with_rows(table, row, row + 1, ()), ())


def confirm(table: Table, row: int) -> EditResult:
    """Mark the row as checked (and manual), its paragraphs unchanged."""
    _check_row(table, row)
    checked = replace(table.rows[row], manual=True, confirmed=True, confidence=1.0)
    return EditResult(_with_rows(table, row, row + 1, (checked,)), (row,))


def apply(table: Table, edit: Edit) -> EditResult:
    """Apply an ``Edit`` by name."""
    if edit.op in ("move_up", "move_down"):
        op = move_up if edit.op == "move_up" else move_down
        return op(table, edit.row, edit.lang)
    if edit.op == "split":
        return split(table, edit.row, edit.lang, edit.at)
    if edit.op == "merge":
        return merge(table, edit.row)
    if edit.op == "delete_empty":
        return delete_empty(table, edit.row)
    if edit.op == "confirm":
        return confirm(table, edit.row)
    raise EditError(f"unknown edit {edit.op!r}; one of {', '.join(OPS)}")


def next_unconfirmed(table: Table, row: int, step: int = 1) -> int | None:
    """The nearest row after ``row`` (before it, with ``step=-1``) not yet confirmed."""
    r = row + step
    while 0 <= r < len(table.rows):
        if not table.rows[r].confirmed:
            return r
        r += step
    return None


def mark_all_manual(table: Table) -> Table:
    """Every row manual (a table given as a whole, e.g. from a file)."""
    return replace(table, rows=tuple(row.touched() for row in table.rows))


# -- validation ----------------------------------------------------------------------------


def _spans(numbers: Sequence[int]) -> str:
    shown = ", ".join(map(str, numbers[:8]))
    return shown + (f" and {len(numbers) - 8} more" if len(numbers) > 8 else "")


def validate(table: Table, content: Mapping[str, Sequence[int]]) -> None:
    """Raise ``TableError`` unless, for every language of ``content`` (lang -> the ``i`` of
    its content paragraphs in order), the rows hold each of them exactly once, in order.

    The table's languages must be those of ``content``. Rows empty in every language are
    allowed (an edit may leave one; ``delete_empty`` removes it).
    """
    unknown = [lang for lang in table.languages if lang not in content]
    if unknown:
        raise TableError(None, f"no document in language {unknown[0]!r} in this article")
    missing_langs = [lang for lang in content if lang not in table.languages]
    if missing_langs:
        raise TableError(None, f"the table has no {missing_langs[0]} column")
    where: dict[str, dict[int, int]] = {lang: {} for lang in content}
    position = dict.fromkeys(content, 0)
    known = {lang: set(ids) for lang, ids in content.items()}
    for r, row in enumerate(table.rows):
        extra = sorted(set(row.cells) - set(content))
        if extra:
            raise TableError(r, f"row {r}: no document in language {extra[0]!r} in this article")
        for lang in table.languages:
            expected = content[lang]
            for i in row.cell(lang):
                if i not in known[lang]:
                    raise TableError(r, f"row {r}: {lang} has no content paragraph {i}")
                if i in where[lang]:
                    raise TableError(
                        r, f"row {r}: {lang} paragraph {i} is already in row {where[lang][i]}"
                    )
                wanted = expected[position[lang]]
                if i != wanted:
                    if i < wanted:
                        raise TableError(r, f"row {r}: {lang} paragraph {i} is out of order")
                    raise TableError(
                        r,
                        f"row {r}: {lang} paragraph {i} comes before paragraph {wanted},"
                        " which is in no earlier row (rows must follow the document order"
                        " and hold each paragraph once)",
                    )
                where[lang][i] = r
                position[lang] += 1
    for lang in table.languages:
        left = list(content[lang][position[lang] :])
        if left:
            raise TableError(None, f"{lang} paragraphs {_spans(left)} are in no row")
