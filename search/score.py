"""Scoring one paragraph's folded text against a planned query, and its match spans.

Score of a paragraph: the mean over query words of the best score of a word of the
paragraph matching it (exact 100, prefix 90-98, infix 80-88, joined words 85, typo
61-80; a ``re:`` expression that matches counts as a word at 100), times 0.8-1 by how closely several words appear together in query order
(rapidfuzz ``partial_ratio`` of the joined words), scaled to 95 plus a bonus for the kind
(title 5, heading 3, lead 1).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from .query import Query, Term
from .tokens import GAP, NGRAM_RE, WORD_RE, tokenize, tokens_in
from .vocab import COMPOUND_SCORE, EXACT, contain_score

KIND_BONUS = {"title": 5.0, "heading": 3.0, "lead": 1.0, "body": 0.0, "caption": 0.0}
BASE_WEIGHT = 0.95
SCATTERED = 0.8
#: Words matched this much below the best match of their query word are not highlighted.
HIGHLIGHT_MARGIN = 15.0


@dataclass
class TermPlan:
    """What one query word matches: index words with scores, and compound splits."""

    term: Term
    words: dict[str, float] = field(default_factory=dict)
    compounds: set[tuple[str, str]] = field(default_factory=set)
    typos_skipped: bool = False  # no typo matches were looked for (see Vocabulary.expand)


@dataclass
class Plan:
    """A query ready to score texts."""

    query: Query
    terms: list[TermPlan]
    phrase_res: list[re.Pattern[str]] = field(default_factory=list)
    joined: str = ""  # the plain query words, for closeness; "" for a single word

    @functools.cached_property
    def tops(self) -> list[float]:
        """Per query word (then scored pattern), the best score it can have in a text."""
        tops = [
            max(max(tp.words.values(), default=0.0), COMPOUND_SCORE if tp.compounds else 0.0)
            for tp in self.terms
        ]
        return tops + [EXACT] * sum(p.scored for p in self.query.patterns)

    def typo_only_bound(self) -> float:
        """The highest score bound of a paragraph holding none of the words of a query word
        whose typo matches were not looked up (-1 when there is none): at or below it a
        paragraph may match that word by a typo alone. Above it every such word matched by
        a better word than any typo, so its typos cannot change the score."""
        tops = self.tops
        skipped = [t for t, tp in zip(tops, self.terms, strict=False) if tp.typos_skipped]
        if not skipped:
            return -1.0
        rest = sum(tops) - min(skipped)
        return rest * BASE_WEIGHT / len(tops) + max(KIND_BONUS.values())

    @classmethod
    def make(cls, query: Query, terms: list[TermPlan]) -> Plan:
        res = [re.compile(GAP.join(map(re.escape, p))) for p in query.phrases]
        plain = [tp.term.word for tp in terms if not tp.term.ngram]
        return cls(query, terms, res, " ".join(plain) if len(plain) > 1 else "")


def combine(term_scores: list[float], closeness: float, kind: str) -> float:
    """The paragraph score from its per-word scores and the closeness of the words (0..1)."""
    if not term_scores:
        return 0.0
    mean = sum(term_scores) / len(term_scores)
    mean *= SCATTERED + (1.0 - SCATTERED) * closeness
    return min(100.0, BASE_WEIGHT * mean + KIND_BONUS.get(kind, 0.0))


def text_words(folded: str) -> list[str]:
    """Index tokens of folded text in order (fast path without n-gram scripts)."""
    if NGRAM_RE.search(folded) is None:
        return WORD_RE.findall(folded)
    return [t for t, _, _ in tokenize(folded)]


def _has_compound(toks: list[str], present: set[str], tp: TermPlan) -> bool:
    if not any(a in present and b in present for a, b in tp.compounds):
        return False
    return any(pair in tp.compounds for pair in itertools.pairwise(toks))


def term_scores(folded: str, plan: Plan) -> list[float]:
    """Best score of each query word in a folded text."""
    toks = text_words(folded)
    present = set(toks)
    best = []
    for tp in plan.terms:
        common = present.intersection(tp.words)
        b = max(map(tp.words.__getitem__, common)) if common else 0.0
        if tp.compounds and b < COMPOUND_SCORE and _has_compound(toks, present, tp):
            b = COMPOUND_SCORE
        best.append(b)
    return best


def closeness(folded: str, plan: Plan) -> float:
    """How well the plain query words appear together, in order (rapidfuzz partial_ratio)."""
    if not plan.joined:
        return 1.0
    return fuzz.partial_ratio(plan.joined, folded) / 100.0


def score_ceilings(
    folded: Sequence[str], kinds: Sequence[str], plan: Plan
) -> list[tuple[float, float]]:
    """Per text, (an upper bound of ``score_text``, the closeness) from the closeness
    alone: every query word at the best score any of its words has (:func:`combine` only
    grows with each word's score). For several words, where closeness is what spreads the
    scores; the closeness of all the texts in one rapidfuzz call (equal to
    :func:`closeness` of each)."""
    if not plan.joined:
        return [(combine(plan.tops, 1.0, kind), 1.0) for kind in kinds]
    ratios = process.cdist(
        [plan.joined], list(folded), scorer=fuzz.partial_ratio, dtype=np.float64
    )[0]
    return [
        (combine(plan.tops, c, kind), c)
        for c, kind in zip((float(r) / 100.0 for r in ratios), kinds, strict=True)
    ]


def score_text(
    folded: str, kind: str, plan: Plan, text: str = "", near: float | None = None
) -> float:
    """Score of a paragraph (0 when it fails a required word, a phrase, an exclusion or
    a pattern); ``text`` is the paragraph as stored, for the query's patterns; ``near``
    its closeness if already known."""
    q = plan.query
    if any(e in folded for e in q.excluded):
        return 0.0
    if any(r.search(folded) is None for r in plan.phrase_res):
        return 0.0
    if any(p.regex.search(text) is None for p in q.patterns):
        return 0.0
    best = term_scores(folded, plan)
    if any(b <= 0 and tp.term.required for b, tp in zip(best, plan.terms, strict=True)):
        return 0.0
    best += [EXACT] * sum(p.scored for p in q.patterns)
    if not any(best):
        return 0.0
    return combine(best, closeness(folded, plan) if near is None else near, kind)


def _hits(folded: str, plan: Plan) -> list[list[tuple[int, int]]]:
    """Per query word: the spans of the words matching it (best ones only)."""
    wanted: set[str] = set()
    for tp in plan.terms:
        wanted.update(tp.words)
        for pair in tp.compounds:
            wanted.update(pair)
    toks = tokens_in(folded, wanted)
    out: list[list[tuple[int, int]]] = []
    for tp in plan.terms:
        found = [(w, a, b, tp.words[w]) for _, w, a, b in toks if w in tp.words]
        if tp.compounds:  # two neighbouring tokens
            for (k1, w1, a, _), (k2, w2, _, b) in itertools.pairwise(toks):
                if k2 == k1 + 1 and (w1, w2) in tp.compounds:
                    found.append((w1 + w2, a, b, COMPOUND_SCORE))
        top = max((f[3] for f in found), default=0.0)
        out.append([(a, b) for _, a, b, s in found if s >= top - HIGHLIGHT_MARGIN])
    return out


def folded_spans(folded: str, plan: Plan) -> list[tuple[int, int]]:
    """Matched [start, end) spans in folded text, merged and sorted."""
    spans: list[tuple[int, int]] = []
    for tp, hits in zip(plan.terms, _hits(folded, plan), strict=True):
        t = tp.term.word
        for a, b in hits:
            w = folded[a:b]
            if contain_score(t, w) and not tp.term.ngram:
                k = w.find(t)
                spans.append((a + k, a + k + len(t)))
            else:
                spans.append((a, b))
    for r in plan.phrase_res:
        spans.extend(m.span() for m in r.finditer(folded))
    return merge_spans(spans)


#: At most this many matches of a pattern are highlighted in one paragraph.
MAX_PATTERN_SPANS = 64


def pattern_spans(text: str, plan: Plan) -> list[tuple[int, int]]:
    """[start, end) spans of the query's patterns in the stored text (empty matches left out)."""
    spans: list[tuple[int, int]] = []
    for p in plan.query.patterns:
        for k, m in enumerate(p.regex.finditer(text)):
            if k >= MAX_PATTERN_SPANS:
                break
            if m.end() > m.start():
                spans.append(m.span())
    return spans


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged
