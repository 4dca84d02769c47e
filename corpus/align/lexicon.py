"""A word-translation table learned from many aligned documents (IBM Model 1, both ways)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Lexicon:
    """Folded source word -> folded target words judged translations of each other."""

    table: dict[str, frozenset[str]] = field(default_factory=dict)

    def pairs(self) -> list[tuple[str, str]]:
        return [(s, t) for s, ts in self.table.items() for t in ts]
