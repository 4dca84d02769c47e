"""Group documents into articles: the documents that are translations of one another.

Documents are compared by their language-neutral anchors (anchors.py), weighted by how
rare each anchor is in the corpus, with the overlap coefficient (shared weight over the
smaller document's weight) so that a language that capitalises every noun (German) or
writes in another script is not penalised. Candidate pairs come from an inverted index
of anchors (frequent anchors skipped), never from all pairs. Documents are then merged
greedily, best pair first, by average linkage, never putting two documents of one
language in one article; a same-language document nearly identical to a member is kept
with it as a duplicate.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

#: Two documents whose score reaches this are translations of each other.
THRESHOLD = 0.32
#: Same language and an overlap this high: a near-duplicate.
DUPLICATE_THRESHOLD = 0.9
#: A shared source URL adds this much to a pair's score.
SOURCE_BONUS = 0.25
#: Anchors in more documents than this are too common to propose candidates.
MAX_POSTING = 200
#: Fewest shared anchors for a candidate pair.
MIN_SHARED = 3


@dataclass(frozen=True)
class DocInfo:
    id: int
    lang: str
    anchors: frozenset[str]
    content_chars: int
    source_url: str | None = None
    date: str | None = None


@dataclass
class Group:
    members: list[int]  # one document per language, by id
    duplicates: dict[int, int] = field(default_factory=dict)  # duplicate -> member it copies


def _length_factor(a: DocInfo, b: DocInfo) -> float:
    """Translations have comparable lengths; a 1:3 ratio halves the score."""
    if not a.content_chars or not b.content_chars:
        return 0.0
    ratio = min(a.content_chars, b.content_chars) / max(a.content_chars, b.content_chars)
    return min(1.0, ratio / 0.6) ** 0.5


def _date_factor(a: DocInfo, b: DocInfo) -> float:
    if not a.date or not b.date or a.date == b.date:
        return 1.0
    try:
        from datetime import date

        days = abs((date.fromisoformat(a.date) - date.fromisoformat(b.date)).days)
    except ValueError:
        return 1.0
    return 1.0 if days <= 3 else 0.7 if days <= 30 else 0.4


def pair_scores(docs: Sequence[DocInfo]) -> dict[tuple[int, int], float]:
    """Scores of the candidate pairs (i < j, positions in ``docs``)."""
    n = len(docs)
    postings: dict[str, list[int]] = defaultdict(list)
    for position, doc in enumerate(docs):
        for anchor in sorted(doc.anchors):
            postings[anchor].append(position)
    idf = {a: math.log(1 + n / len(p)) for a, p in postings.items()}
    # fsum: a sum that does not depend on the (hash-seeded) order of a set's elements.
    weight = [math.fsum(idf[a] for a in doc.anchors) for doc in docs]
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for _, posting in sorted(postings.items()):
        if len(posting) > MAX_POSTING or len(posting) < 2:
            continue
        for x in range(len(posting)):
            for y in range(x + 1, len(posting)):
                shared[posting[x], posting[y]] += 1
    scores = {}
    for (i, j), count in shared.items():
        if count < MIN_SHARED:
            continue
        a, b = docs[i], docs[j]
        overlap = math.fsum(idf[t] for t in a.anchors & b.anchors) / (
            min(weight[i], weight[j]) or 1
        )
        score = overlap * _length_factor(a, b) * _date_factor(a, b)
        if a.source_url and a.source_url == b.source_url:
            score += SOURCE_BONUS
        scores[i, j] = score
    return scores


def group_documents(docs: Sequence[DocInfo]) -> list[Group]:
    """Articles: every document in exactly one group; groups ordered by their first member."""
    scores = pair_scores(docs)
    cluster_of = list(range(len(docs)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(docs))}
    duplicates: dict[int, int] = {}

    def linkage(x: int, y: int) -> float:
        total = sum(scores.get((min(a, b), max(a, b)), 0.0) for a in members[x] for b in members[y])
        return total / (len(members[x]) * len(members[y]))

    for (i, j), score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if score < THRESHOLD:
            break
        if i in duplicates or j in duplicates:
            continue
        x, y = cluster_of[i], cluster_of[j]
        if x == y:
            continue
        if docs[i].lang == docs[j].lang:
            if score >= DUPLICATE_THRESHOLD and len(members[cluster_of[j]]) == 1:
                duplicates[j] = i
            continue
        langs_x = {docs[k].lang for k in members[x]}
        if any(docs[k].lang in langs_x for k in members[y]):
            continue
        if linkage(x, y) < THRESHOLD:
            continue
        for k in members[y]:
            cluster_of[k] = x
        members[x] += members.pop(y)

    groups = []
    for positions in members.values():
        if all(p in duplicates for p in positions):
            continue
        ids = sorted(docs[p].id for p in positions if p not in duplicates)
        groups.append(Group(ids))
    by_member = {doc_id: g for g in groups for doc_id in g.members}
    for dup, original in duplicates.items():
        root = original
        while root in duplicates:
            root = duplicates[root]
        group = by_member.get(docs[root].id)
        if group is None:  # its original's own cluster was also emptied; stand alone
            group = Group([docs[dup].id])
            groups.append(group)
        else:
            group.duplicates[docs[dup].id] = docs[original].id
    return sorted(groups, key=lambda g: g.members[0])
