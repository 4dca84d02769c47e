"""Scoring one paragraph's folded text against a planned query, and its match spans.

Score of a paragraph: the mean over query words of the best score of a word of the
paragraph matching it (exact 100, prefix 90-98, infix 80-88, joined words 85, typo
48-80), times 0.92 when several words are not found next to each other in query order,
scaled to 95 plus a bonus for the kind (title 5, heading 3, lead 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .query import Query, Term
from .tokens import GAP, tokenize
from .vocab import COMPOUND_SCORE, contain_score

KIND_BONUS = {"title": 5.0, "heading": 3.0, "lead": 1.0, "body": 0.0, "caption": 0.0}
BASE_WEIGHT = 0.95
SCATTERED = 0.92
#: Words matched this much below the best match of their query word are not highlighted.
HIGHLIGHT_MARGIN = 15.0


@dataclass
class TermPlan:
    """What one query word matches: index words with scores, and compound splits."""

    term: Term
    words: dict[str, float] = field(default_factory=dict)
    compounds: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class Plan:
    """A query ready to score texts."""

    query: Query
    terms: list[TermPlan]
    phrase_res: list[re.Pattern[str]] = field(default_factory=list)

    @classmethod
    def make(cls, query: Query, terms: list[TermPlan]) -> Plan:
        res = [re.compile(GAP.join(map(re.escape, p))) for p in query.phrases]
        return cls(query, terms, res)


def combine(term_scores: list[float], adjacent: bool, kind: str) -> float:
    """The paragraph score from its per-word scores."""
    if not term_scores:
        return 0.0
    mean = sum(term_scores) / len(term_scores)
    if not adjacent:
        mean *= SCATTERED
    return min(100.0, BASE_WEIGHT * mean + KIND_BONUS.get(kind, 0.0))


def _matches(folded: str, plan: Plan) -> tuple[list[float], list[list[tuple[int, int, int]]], bool]:
    """Per term: best score and its (token index, start, end) hits; and adjacency."""
    toks = tokenize(folded)
    n = len(plan.terms)
    best = [0.0] * n
    hits: list[list[tuple[int, int, int, float]]] = [[] for _ in range(n)]
    for j, (w, a, b) in enumerate(toks):
        for ti, tp in enumerate(plan.terms):
            s = tp.words.get(w)
            if s:
                hits[ti].append((j, a, b, s))
                if s > best[ti]:
                    best[ti] = s
    for ti, tp in enumerate(plan.terms):
        if not tp.compounds:
            continue
        for j in range(len(toks) - 1):
            if (toks[j][0], toks[j + 1][0]) in tp.compounds:
                hits[ti].append((j, toks[j][1], toks[j + 1][2], COMPOUND_SCORE))
                best[ti] = max(best[ti], COMPOUND_SCORE)
    kept = [
        [(j, a, b) for j, a, b, s in hits[ti] if s >= best[ti] - HIGHLIGHT_MARGIN]
        for ti in range(n)
    ]
    return best, kept, _adjacent(plan, hits)


def _adjacent(plan: Plan, hits: list[list[tuple[int, int, int, float]]]) -> bool:
    """Whether the plain query words occur as consecutive words in query order."""
    idx = [i for i, tp in enumerate(plan.terms) if not tp.term.ngram]
    if len(idx) < 2:
        return True
    starts = {j for j, *_ in hits[idx[0]]}
    for k, ti in enumerate(idx[1:], 1):
        here = {j for j, *_ in hits[ti]}
        starts = {s for s in starts if s + k in here}
        if not starts:
            return False
    return True


def score_text(folded: str, kind: str, plan: Plan) -> float:
    """Score of a paragraph (0 when it fails a required word, a phrase or an exclusion)."""
    q = plan.query
    if any(e in folded for e in q.excluded):
        return 0.0
    if any(r.search(folded) is None for r in plan.phrase_res):
        return 0.0
    best, _, adjacent = _matches(folded, plan)
    if any(b <= 0 and tp.term.required for b, tp in zip(best, plan.terms, strict=True)):
        return 0.0
    if not any(best):
        return 0.0
    return combine(best, adjacent, kind)


def folded_spans(folded: str, plan: Plan) -> list[tuple[int, int]]:
    """Matched [start, end) spans in folded text, merged and sorted."""
    _, kept, _ = _matches(folded, plan)
    spans: list[tuple[int, int]] = []
    for tp, hits in zip(plan.terms, kept, strict=True):
        t = tp.term.word
        for _, a, b in hits:
            w = folded[a:b]
            if contain_score(t, w) and not tp.term.ngram:
                k = w.find(t)
                spans.append((a + k, a + k + len(t)))
            else:
                spans.append((a, b))
    for r in plan.phrase_res:
        spans.extend(m.span() for m in r.finditer(folded))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged
