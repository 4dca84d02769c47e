"""The records that flow from ingest to the index and out through the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: The kind of a paragraph: five kinds of content (shown, aligned, searched), then the
#: page's own lines (bylines, source lines; menus, share buttons, cookie notices).
ParagraphKind = Literal["title", "lead", "heading", "body", "caption", "meta", "boilerplate"]

#: Paragraph kinds, the same as ParagraphKind's (tests/corpus/test_records.py checks it).
#: The first five are content (shown, aligned, searched). Typed as plain strings, for
#: lookups with the kinds a user types (search's ``kind:``).
CONTENT_KINDS = ("title", "lead", "heading", "body", "caption")
NON_CONTENT_KINDS = ("meta", "boilerplate")
KINDS = CONTENT_KINDS + NON_CONTENT_KINDS
#: The content kinds as an SQL list, for ``kind IN {CONTENT_SQL}``.
CONTENT_SQL = "(" + ",".join(f"'{k}'" for k in CONTENT_KINDS) + ")"


@dataclass
class Paragraph:
    """One paragraph of a document, with its offsets in the decoded text."""

    i: int
    kind: ParagraphKind
    lang: str
    text: str
    start: int
    end: int
    lang_confidence: float = 0.0

    @property
    def is_content(self) -> bool:
        return self.kind in CONTENT_KINDS


@dataclass
class Document:
    """A cleaned document, ready to be stored."""

    path: str  # relative to the corpus root, POSIX separators
    encoding: str
    lang: str
    lang_confidence: float
    title: str | None
    source_url: str | None
    date: str | None  # ISO 8601 (YYYY-MM-DD)
    paragraphs: list[Paragraph] = field(default_factory=list)
    anchors: frozenset[str] = frozenset()  # see anchors.py
    #: What was repaired while reading (kind -> count: mojibake, bom, stray_bytes); see repair.py.
    repairs: dict[str, int] = field(default_factory=dict)
    #: The language the file declares (HTML ``<html lang>``), a hint; None for plain text.
    declared_lang: str | None = None

    @property
    def content(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.is_content]
