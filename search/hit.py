"""A search hit: the record the CLI and the app show."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Hit:
    """One matching paragraph."""

    article: int | None  # articles.id of its document's article, if grouped
    doc: int  # documents.id
    path: str  # documents.path
    lang: str  # paragraphs.lang
    paragraph: int  # paragraphs.i, the index in its document
    row: int | None  # alignment_cells.row of this paragraph, if aligned
    score: float  # 0..100: match quality (exact > prefix > infix > typo; title boosted)
    text: str  # the paragraph as stored (not folded)
    spans: list[tuple[int, int]] = field(default_factory=list)  # [start, end) in ``text``
    kind: str = "body"  # title lead heading body caption
    title: str | None = None  # the article's title, else the document's
