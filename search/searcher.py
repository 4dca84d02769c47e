"""The searcher: query words → index words → postings → bounded re-scoring on text.

1. Each query word expands to matching index words with scores (``vocab``).
2. Their postings (paragraph ids) fill one dense score array per query word; the mean of
   the arrays plus the kind bonus is an upper bound of each paragraph's final score.
3. The best candidates by that bound (at most ``MAX_CANDIDATES``, one document's
   paragraphs spread out) are fetched in batches and scored on their text (adjacency,
   phrases, exclusions, current content) until no unread candidate can beat the hits.
4. Hits are ordered by the score they show; equal scores by fewer earlier hits of the
   same article and language, so a tie does not fill the list with one article.
   Hits below ``min_score`` are left out (the callers pass their configured floor).
"""

from __future__ import annotations

import heapq
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np

from polyglance.corpus.records import CONTENT_KINDS
from polyglance.corpus.store import forget_sound, is_damage

from . import patterns, store
from .fold import fold_many, fold_with_map, map_span
from .hit import Hit
from .query import Query, Term, parse_query
from .rank import group_rank, order_hits, top_ids
from .score import (
    BASE_WEIGHT,
    KIND_BONUS,
    Plan,
    TermPlan,
    folded_spans,
    merge_spans,
    pattern_spans,
    score_ceilings,
    score_text,
)
from .vocab import COMPOUND_SCORE, EXACT, Expansion, Vocabulary, choose_words

#: Candidates ranked by their bound, at most.
MAX_CANDIDATES = 2000
#: Candidates read and scored on their text, at most.
MAX_VERIFIED = 300
BATCH = 16
#: The largest batch (they double from ``BATCH``).
MAX_BATCH = 128
#: Bounds are float32: this much above one still bounds the score (float64) it bounds.
BOUND_SLACK = 1e-4
POSTINGS_CACHE_BYTES = 64 << 20
MMAP_BYTES = 1 << 34


class Cancelled(Exception):
    """Raised inside a search when its ``cancelled()`` says so."""


_VERIFY_SQL = """
SELECT p.id, p.doc_id, p.kind, p.lang, p.text, ad.article_id
FROM paragraphs p LEFT JOIN article_docs ad ON ad.doc_id = p.doc_id
WHERE p.id IN ({})
"""

_HIT_SQL = """
SELECT p.id, p.doc_id, p.i, p.kind, p.lang, p.text, d.path, d.title,
       ad.article_id, a.title, ac.row
FROM paragraphs p JOIN documents d ON d.id = p.doc_id
LEFT JOIN article_docs ad ON ad.doc_id = p.doc_id
LEFT JOIN articles a ON a.id = ad.article_id
LEFT JOIN alignment_cells ac ON ac.doc_id = p.doc_id AND ac.para_i = p.i
WHERE p.id IN ({})
"""


class Searcher:
    """Searches one index file; usable from any thread (one search at a time)."""

    def __init__(
        self, conn_or_path: sqlite3.Connection | str | os.PathLike[str], short_lived: bool = False
    ) -> None:
        """``short_lived``: for a search or two (the command line): the vocabulary's words
        are read one by one from their stored blob when asked, instead of split into a
        list at the first search (0.1 s and 40 MB for 750,000 words; then each word is
        read 20 times faster)."""
        if isinstance(conn_or_path, sqlite3.Connection):
            self._conn = conn_or_path
        else:
            path = os.fspath(conn_or_path)
            if not os.path.exists(path):
                raise FileNotFoundError(path)
            self._conn = sqlite3.connect(path, check_same_thread=False)
            self._conn.execute("PRAGMA query_only = 1")
            # Candidate rows are read at random places: map the file rather than read it.
            self._conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            self._conn.execute("PRAGMA cache_size = -32768")
        self._lock = threading.RLock()
        self._generation: str | None = None
        self._build: str | None = None
        self._short_lived = short_lived
        self._vocab = Vocabulary(lazy=short_lived)
        self._kinds = np.zeros(0, np.uint8)
        self._langs = np.zeros(0, np.uint16)
        self._docs = np.zeros(0, np.int32)
        self._lang_names: list[str] = []
        self._alive = np.zeros(0, bool)
        self._bonus = np.zeros(0, np.float32)
        self._postings: OrderedDict[int, np.ndarray] = OrderedDict()
        self._postings_bytes = 0
        self._scratch: dict[str, np.ndarray] = {}  # per-paragraph arrays reused by searches
        self._last_plan: Plan | None = None  # the plan of the last search
        self._marks_plan: Plan | None = None  # the same with every typo match (see spans())

    def close(self) -> None:
        """Close the connection if the searcher opened it."""
        with self._lock:
            self._conn.close()

    def warm(self) -> None:
        """Load the vocabulary and per-paragraph arrays now (e.g. from a worker thread)."""
        with self._lock:
            self._refresh()

    def clear_cache(self) -> None:
        """Forget cached postings (benchmarks use this to measure uncached queries)."""
        with self._lock:
            self._postings.clear()
            self._postings_bytes = 0
            self._vocab._grams.clear()

    # -- state -----------------------------------------------------------------

    def _refresh(self) -> bool:
        """Reload what changed since the last search; False when there is no index."""
        gen = store.get_meta(self._conn, "generation")
        if gen is None:
            return False
        if gen != self._generation:
            build = store.get_meta(self._conn, "build")
            if build != self._build:  # a full build renumbers the words
                self._vocab = Vocabulary(lazy=self._short_lived)
                self._build = build
            self._kinds = store.load_array(self._conn, "kind", np.uint8)
            self._langs = store.load_array(self._conn, "lang", np.uint16)
            self._docs = store.load_array(self._conn, "doc", np.int32)
            self._lang_names = store.get_langs(self._conn)
            self._alive = self._kinds != store.NO_KIND
            self._bonus = self._kind_bonus()
            self._vocab.refresh(self._conn)
            self._postings.clear()
            self._postings_bytes = 0
            self._generation = gen
        return True

    def _ids(self, wid: int) -> np.ndarray:
        """Paragraph ids of one word."""
        return self._fetch([wid])[wid]

    def _fetch(self, wids: list[int]) -> dict[int, np.ndarray]:
        """Paragraph ids of words, from the cache or read in one query per 500 words."""
        out: dict[int, np.ndarray] = {}
        missing = []
        for w in wids:
            ids = self._postings.get(w)
            if ids is None:
                missing.append(w)
            else:
                self._postings.move_to_end(w)
                out[w] = ids
        parts: dict[int, list[np.ndarray]] = {w: [] for w in missing}
        for i in range(0, len(missing), 500):
            chunk = missing[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for w, blob in self._conn.execute(
                f"SELECT word_id, ids FROM search_postings WHERE word_id IN ({marks}) "
                "ORDER BY word_id, seg",
                chunk,
            ):
                parts[w].append(store.decode_ids(blob))
        n = len(self._kinds)
        for w, ps in parts.items():
            ids = ps[0] if len(ps) == 1 else np.concatenate(ps) if ps else np.zeros(0, np.int64)
            if len(ids) and ids.max() >= n:
                ids = ids[ids < n]
            out[w] = ids
            self._postings[w] = ids
            self._postings_bytes += ids.nbytes
        while self._postings_bytes > POSTINGS_CACHE_BYTES and len(self._postings) > 1:
            _, old = self._postings.popitem(last=False)
            self._postings_bytes -= old.nbytes
        return out

    def _buffer(self, name: str, dtype: type) -> np.ndarray:
        """A per-paragraph array reused from search to search (uninitialised): a fresh one
        of a million paragraphs costs a page fault per 4 KB when first written."""
        n = len(self._kinds)
        buf = self._scratch.get(name)
        if buf is None or len(buf) != n or buf.dtype != dtype:
            buf = self._scratch[name] = np.empty(n, dtype=dtype)
        return buf

    # -- search ----------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        langs: Sequence[str] | None = None,
        limit: int = 50,
        min_score: float = 0.0,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[Hit]:
        """Hits for ``query`` (see ``polyglance.search.query.SYNTAX_HELP``), best first.

        ``hits[i].score >= hits[i + 1].score`` always; hits scoring below ``min_score``
        (the configured ``search.min_score``) are left out, so that an empty list means
        "no hits" to the user. Never raises for any query text; returns ``[]`` when
        ``cancelled()`` turns true (it is polled between steps).
        """
        q = parse_query(query)
        if q.empty or limit <= 0:
            return []
        check = cancelled or (lambda: False)
        with self._lock:
            try:
                if not self._refresh():
                    return []
                return self._search(q, langs, limit, min_score, check)
            except Cancelled:
                return []
            except sqlite3.DatabaseError as exc:
                if is_damage(exc):  # the next indexing run checks the whole file
                    for _, name, path in self._conn.execute("PRAGMA database_list"):
                        if name == "main" and path:
                            forget_sound(path)
                raise

    def _search(
        self,
        q: Query,
        langs: Sequence[str] | None,
        limit: int,
        min_score: float,
        check: Callable[[], bool],
    ) -> list[Hit]:
        conn, vocab = self._conn, self._vocab
        plans: list[TermPlan] = []
        n = len(self._kinds)
        if n == 0:
            return []
        mask = self._filter_mask(q, langs)
        total = self._buffer("total", np.float32)  # the sum over query words of the best
        total.fill(0)  # score of each paragraph
        for term in q.terms:
            if check():
                raise Cancelled
            exp = vocab.expand(conn, term, typos_if_needed=True)
            tp = self._term_plan(term, exp)
            plans.append(tp)
            matched = self._add_term(exp, total)
            if term.required:
                mask &= matched
        for word in q.excluded:
            if check():
                raise Cancelled
            for ids in self._fetch(list(vocab.containing(conn, word))).values():
                mask[ids] = False
        for p in q.patterns:
            matched = self._pattern_ids(p.regex, mask, check)
            mask[:] = False
            mask[matched] = True
            if p.scored:
                total[matched] += EXACT
        mask &= np.greater(total, 0, out=self._buffer("positive", np.bool_))
        ids = np.flatnonzero(mask)  # the paragraphs that can be hits; then only they
        bound = total[ids]  # the upper bound of each one's final score
        bound *= BASE_WEIGHT / (len(q.terms) + sum(p.scored for p in q.patterns))
        bound += self._bonus[ids]
        plan = Plan.make(q, plans)
        self._last_plan = plan
        self._marks_plan = None
        return self._rank(ids, bound, plan, limit, min_score, check)

    def _term_plan(self, term: Term, exp: Expansion) -> TermPlan:
        words = self._vocab.words
        tp = TermPlan(term, {words[w]: s for w, s in exp.scores.items()})
        tp.compounds = {(words[a], words[b]) for a, b in exp.compounds}
        tp.typos_skipped = exp.typos_skipped
        return tp

    def _pattern_ids(
        self, regex: patterns.BoundedPattern, mask: np.ndarray, check: Callable[[], bool]
    ) -> np.ndarray:
        """Ids of paragraphs in ``mask`` whose text matches ``regex``."""
        narrowed = mask.copy()
        for piece in patterns.required_pieces(regex):
            if check():
                raise Cancelled
            has = np.zeros(len(mask), dtype=bool)
            for ids in self._fetch(list(self._vocab.containing(self._conn, piece))).values():
                has[ids] = True
            narrowed &= has
        return patterns.scan(self._conn, regex, np.flatnonzero(narrowed), check, Cancelled)

    def _filter_mask(self, q: Query, langs: Sequence[str] | None) -> np.ndarray:
        mask = self._buffer("mask", np.bool_)
        np.copyto(mask, self._alive)
        wanted = q.langs
        if langs:
            extra = [lang.lower() for lang in langs]
            wanted = sorted(set(wanted) & set(extra)) if wanted else extra
        if wanted is not None:
            codes = [i for i, name in enumerate(self._lang_names) if name in wanted]
            mask &= np.isin(self._langs, np.array(codes, dtype=np.uint16), kind="table")
        if q.kinds:
            codes = [store.KIND_CODES[k] for k in q.kinds]
            mask &= np.isin(self._kinds, np.array(codes, dtype=np.uint8), kind="table")
        return mask

    def _kind_bonus(self) -> np.ndarray:
        """Score bonus of each paragraph for its kind."""
        bonus = np.zeros(len(CONTENT_KINDS) + 1, dtype=np.float32)
        for k, code in store.KIND_CODES.items():
            bonus[code] = KIND_BONUS.get(k, 0.0)
        return bonus[self._kinds]

    def _add_term(self, exp: Expansion, total: np.ndarray) -> np.ndarray:
        """Add to ``total`` each paragraph's best score for one query word; the paragraphs
        it matches (a reused buffer). Its words are taken best first and each paragraph
        scored once, by the first that holds it (no pass over every paragraph per word)."""
        chosen = choose_words(exp.scores, self._vocab.dfs)
        postings = self._fetch([w for w, _ in chosen])
        scored = [(s, postings[wid]) for wid, s in chosen]
        for a, b in exp.compounds[:4]:
            both = np.intersect1d(self._ids(a), self._ids(b), assume_unique=True)
            scored.append((COMPOUND_SCORE, both))
        scored.sort(key=lambda e: -e[0])
        seen = self._buffer("seen", np.bool_)
        seen.fill(False)
        for k, (s, ids) in enumerate(scored):
            if not len(ids):
                continue
            new = ids if k == 0 else ids[~seen[ids]]
            seen[new] = True
            total[new] += s  # ids are distinct: each one added once
        return seen

    def _candidates(self, ids: np.ndarray, bound: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Best paragraph ids by bound (equal bounds: documents taking turns); their bounds."""
        nz, b32 = top_ids(ids, bound, MAX_CANDIDATES)
        b = b32.astype(np.float64)
        order = np.lexsort((nz, -b))
        nz, b = nz[order], b[order]
        order = np.lexsort((nz, group_rank(self._docs[nz]), -b))
        return nz[order], b[order]

    def _rank(
        self,
        ids: np.ndarray,
        bound: np.ndarray,
        plan: Plan,
        limit: int,
        min_score: float,
        check: Callable[[], bool],
    ) -> list[Hit]:
        cand, key = self._candidates(ids, bound)
        typo_only = plan.typo_only_bound() + BOUND_SLACK
        hits: list[tuple[float, tuple]] = []  # (score, row)
        top: list[float] = []  # the best ``limit`` scores (a heap: top[0] is the least)
        pos = 0
        budget = max(MAX_VERIFIED, limit * 3)
        size = max(BATCH, limit + 8)  # doubles with each batch: a hard query reads few
        while pos < len(cand) and pos < budget:
            if check():
                raise Cancelled
            # scores are rounded to 0.01 (the order follows the score shown): so are bounds
            best_left = round(float(key[pos]) + BOUND_SLACK, 2)
            if best_left < min_score:
                break  # no unread candidate can reach the floor
            if len(top) >= limit and top[0] >= best_left:
                break  # no unread candidate can beat the hits
            batch = cand[pos : pos + min(size, budget - pos)].tolist()
            if float(key[pos + len(batch) - 1]) <= typo_only:
                # a paragraph this low may lack every word of a query word but its typos
                # (which were not looked up): score from here on with them
                plan = self._plan_with_typos(plan)
                typo_only = -1.0
            pos += len(batch)
            size = min(2 * size, MAX_BATCH)
            marks = ",".join("?" * len(batch))
            read = [
                r
                for r in self._conn.execute(_VERIFY_SQL.format(marks), batch)
                if r[2] in CONTENT_KINDS
            ]
            folded_texts = fold_many([r[4] for r in read])
            ceilings = (
                score_ceilings(folded_texts, [r[2] for r in read], plan) if plan.joined else None
            )
            order: Sequence[int] = range(len(read))
            if ceilings is not None:  # the most promising first: they raise the floor soonest
                order = sorted(order, key=lambda k: -ceilings[k][0])
            for k in order:
                row, folded = read[k], folded_texts[k]
                near = None
                if ceilings is not None:
                    # below the floor, or at best equal to the least of ``limit`` hits
                    # already (as an unread candidate is), a paragraph cannot be among
                    # the hits: its words need not be looked at
                    ceiling, near = ceilings[k]
                    ceiling = round(ceiling, 2)
                    if ceiling < min_score or (len(top) >= limit and ceiling <= top[0]):
                        continue
                s = round(score_text(folded, row[2], plan, row[4], near), 2)
                if s > 0 and s >= min_score:
                    hits.append((s, row))
                    if len(top) < limit:
                        heapq.heappush(top, s)
                    elif s > top[0]:
                        heapq.heapreplace(top, s)
        ranked = order_hits(hits)[:limit]
        hit_ids = [row[0] for _, row in ranked]
        marks = ",".join("?" * len(hit_ids))
        rows = {r[0]: r for r in self._conn.execute(_HIT_SQL.format(marks), hit_ids)}
        return [self._hit(s, rows[i], plan) for s, (i, *_) in ranked if i in rows]

    def spans(self, text: str, query: str) -> list[tuple[int, int]]:
        """Where the last search of ``query`` matches in any ``text`` (e.g. the other panes of
        a hit's row), by the plan of its hits with every typo match: ``Jerusalén`` in
        one pane for ``jerusalem`` though the search did not need typos to find its hits."""
        with self._lock:
            plan = self._last_plan
            if plan is None or plan.query != parse_query(query):
                return []
            plan = self._plan_with_typos(plan)
        return _plan_spans(text, plan)

    def _plan_with_typos(self, plan: Plan) -> Plan:
        """``plan`` (the last search's) with the typo matches its search skipped, looked up
        once."""
        if not any(tp.typos_skipped for tp in plan.terms):
            return plan
        if self._marks_plan is None or self._marks_plan.query != plan.query:
            terms = [
                self._term_plan(tp.term, self._vocab.expand(self._conn, tp.term))
                if tp.typos_skipped
                else tp
                for tp in plan.terms
            ]
            self._marks_plan = Plan.make(plan.query, terms)
        return self._marks_plan

    def _hit(self, score: float, row: tuple, plan: Plan) -> Hit:
        """A hit from a row of ``_HIT_SQL``, with its match spans."""
        _, doc, i, kind, lang, text, path, dtitle, article, atitle, arow = row
        spans = _plan_spans(text, plan)
        return Hit(
            article=article,
            doc=doc,
            path=path,
            lang=lang,
            paragraph=i,
            row=arow,
            score=round(float(score), 2),
            text=text,
            spans=spans,
            kind=kind,
            title=atitle if atitle is not None else dtitle,
        )


def _plan_spans(text: str, plan: Plan) -> list[tuple[int, int]]:
    """[start, end) spans in ``text`` of what ``plan`` matches."""
    folded, index = fold_with_map(text)
    spans = [map_span(index, a, b) for a, b in folded_spans(folded, plan)]
    if plan.query.patterns:
        spans = merge_spans(spans + pattern_spans(text, plan))
    return spans
