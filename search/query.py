"""The query language, in the spirit of fzf.

* plain words: fuzzy, prefix and infix matches, in any order;
* ``'word``: exact (substring) match only, and required;
* ``"a phrase"``: these words next to each other, in this order, required;
* ``!word``: leave out paragraphs that contain the word;
* ``lang:de`` or ``lang:de,fr``: only these languages; ``kind:title`` (or a list): only
  these paragraph kinds.

Nothing is a syntax error: whatever does not parse is searched as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from polyglance.corpus.records import CONTENT_KINDS

from .fold import fold
from .tokens import query_words

#: At most this many words of a query are searched; the rest is ignored.
MAX_TERMS = 12

_TOKEN_RE = re.compile(r'"[^"]*"|\S+')
_CODE_RE = re.compile(r"^[\w-]{1,16}$")


@dataclass(frozen=True)
class Term:
    """One folded query word."""

    word: str
    exact: bool = False  # no fuzzy matching
    required: bool = False
    ngram: bool = False  # a character n-gram of a script written without spaces


@dataclass
class Query:
    """A parsed query."""

    text: str
    terms: list[Term] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)  # folded words, in order
    excluded: list[str] = field(default_factory=list)  # folded words
    langs: list[str] | None = None
    kinds: list[str] | None = None

    @property
    def empty(self) -> bool:
        """True when there is nothing to look for."""
        return not self.terms


def _words(text: str) -> list[tuple[str, bool]]:
    return query_words(fold(text))


def parse_query(text: str) -> Query:
    """Parse a query string; never raises."""
    q = Query(text=text)
    seen: set[str] = set()

    def add(word: str, ngram: bool, exact: bool, required: bool) -> None:
        if word in seen or len(q.terms) >= MAX_TERMS:
            return
        seen.add(word)
        q.terms.append(Term(word, exact=exact or ngram, required=required, ngram=ngram))

    for m in _TOKEN_RE.finditer(text):
        tok = m.group()
        low = tok.lower()
        if tok.startswith('"') and tok.endswith('"') and len(tok) >= 2:
            words = _words(tok[1:-1])
            for w, ng in words:
                add(w, ng, True, True)
            if len(words) > 1:
                q.phrases.append([w for w, _ in words])
            continue
        if low.startswith("lang:") and len(tok) > 5:
            codes = [c.strip() for c in low[5:].split(",") if c.strip()]
            if codes and all(_CODE_RE.match(c) for c in codes):
                q.langs = sorted(set(q.langs or []) | set(codes))
                continue
        if low.startswith("kind:") and len(tok) > 5:
            kinds = [c.strip() for c in low[5:].split(",") if c.strip()]
            if kinds and all(k in CONTENT_KINDS for k in kinds):
                q.kinds = sorted(set(q.kinds or []) | set(kinds))
                continue
        if tok.startswith("!") and len(tok) > 1:
            for w, _ in _words(tok[1:]):
                if w not in q.excluded:
                    q.excluded.append(w)
            continue
        if tok.startswith("'") and len(tok) > 1:
            for w, ng in _words(tok[1:]):
                add(w, ng, True, True)
            continue
        for w, ng in _words(tok):
            add(w, ng, False, False)
    return q
