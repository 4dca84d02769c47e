"""Messages the app's widgets send upward."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from polyglance.search import Hit


@dataclass
class ArticleChosen(Message):
    """The user picked an article in the list."""

    article_id: int


@dataclass
class HitChosen(Message):
    """The user picked a search hit: open its article at its row."""

    hit: Hit
    query: str


@dataclass
class IndexProgress(Message):
    """Indexing advanced (sent from the indexing thread)."""

    done: int
    total: int
    what: str


@dataclass
class IndexFinished(Message):
    """Indexing ended; ``error`` is set when it failed."""

    error: str | None = None
    summary: object | None = None
