"""The query language, in the spirit of fzf: see :data:`SYNTAX_HELP`, its one description
(the command line prints it; the app can show it).

Nothing is a syntax error: whatever does not parse is searched as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from polyglance.corpus.records import CONTENT_KINDS

from .fold import fold
from .patterns import BoundedPattern, compile_pattern
from .tokens import query_words

#: At most this many words of a query are searched; the rest is ignored.
MAX_TERMS = 12
#: At most this many regular expressions (``re:``, ``case:``) per query.
MAX_PATTERNS = 4

SYNTAX_HELP = """\
Search finds paragraphs in every language at once. Case, accents and script
variants are ignored (zurich finds Zürich), one typo per word is forgiven, two
in words of 8 letters or more (a swap of two letters is one typo: lnyx finds
lynx, Zuckerbreg finds Zuckerberg), word order is free, and the last word may
be a prefix. Hits come best first by the score shown (0-100). Syntax, in the
spirit of fzf:
  'word           this word exactly (no typo, no prefix)
  "a phrase"      these words, exactly, next to each other
  !word           no paragraph containing this word
  lang:de,fr      only these languages
  kind:title      only titles (also lead, heading, body, caption)
  re:PATTERN      a Python regular expression, case ignored (re:"a b" for spaces);
                  slower than words: it reads the paragraphs' text
  case:Word       this word with exactly this case and accents (case:"New York",
                  case:re:PATTERN for a regular expression that minds case)
Anything that is not valid syntax is searched as text (an invalid regular
expression too)."""

_TOKEN_RE = re.compile(r'(?:(?:case|re):)*"[^"]*"|\S+')
_CODE_RE = re.compile(r"^[\w-]{1,16}$")


@dataclass(frozen=True)
class Term:
    """One folded query word."""

    word: str
    exact: bool = False  # no fuzzy matching
    required: bool = False
    ngram: bool = False  # a character n-gram of a script written without spaces


@dataclass(frozen=True)
class Pattern:
    """A regular expression the paragraph's text (as stored, not folded) must match."""

    source: str  # as typed, without its prefixes
    regex: BoundedPattern
    scored: bool  # a term of its own (``re:``), or only a condition on a word (``case:``)


@dataclass
class Query:
    """A parsed query."""

    text: str
    terms: list[Term] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)  # folded words, in order
    excluded: list[str] = field(default_factory=list)  # folded words
    langs: list[str] | None = None
    kinds: list[str] | None = None
    patterns: list[Pattern] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when there is nothing to look for."""
        return not self.terms and not any(p.scored for p in self.patterns)


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

    def pattern(source: str, regex: BoundedPattern, scored: bool) -> None:
        if len(q.patterns) < MAX_PATTERNS and source:
            q.patterns.append(Pattern(source, regex, scored))

    for m in _TOKEN_RE.finditer(text):
        tok = m.group()
        low = tok.lower()
        if low.startswith(("re:", "case:")):
            rest = _special(tok, add, pattern)
            if rest is None:
                continue
            tok, low = rest, rest.lower()
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


def _unquote(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _special(tok: str, add, pattern) -> str | None:
    """Handle a ``re:`` or ``case:`` token; None when done, else the text to search as
    ordinary syntax (an invalid pattern, or a bare prefix)."""
    case = False
    rest = tok
    while True:
        low = rest.lower()
        if low.startswith("case:") and len(rest) > 5:
            case, rest = True, rest[5:]
        elif low.startswith("re:") and len(rest) > 3:
            source = _unquote(rest[3:])
            try:
                regex = compile_pattern(source, ignore_case=not case)
            except (re.error, OverflowError, RecursionError, ValueError):
                return source  # an invalid expression is searched as text
            pattern(source, regex, True)
            return None
        else:
            break
    if not case:
        return rest
    source = _unquote(rest)
    words = _words(source)
    if not words:
        return None
    for w, ng in words:
        add(w, ng, True, True)
    pattern(source, compile_pattern(re.escape(source), ignore_case=False), False)
    return None
