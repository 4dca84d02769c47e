"""Messages the app's widgets send upward, and the workers send back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from polyglance.corpus.indexer import Summary
    from polyglance.search import Hit


@dataclass
class ArticleChosen(Message):
    """The user picked an article in the list."""

    article_id: int


@dataclass
class SearchRequested(Message):
    """The search box wants the hits of ``query`` (a newer request replaces an older one)."""

    query: str
    limit: int
    counterparts: bool = False  # the concordance wants each hit's aligned counterparts


@dataclass
class HitChosen(Message):
    """The user picked a search hit: open its article at its row."""

    hit: Hit
    query: str


@dataclass
class IndexProgress(Message):
    """Indexing advanced (sent from the indexing thread); ``what`` names the stage."""

    done: int
    total: int
    what: str

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


@dataclass
class IndexFinished(Message):
    """Indexing ended; ``error`` is set when it failed."""

    error: str | None = None
    summary: Summary | None = None
