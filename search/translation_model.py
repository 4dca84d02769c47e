"""A word-translation table for one language pair, learned from the index's aligned rows
and stored in the index (``lookup_*`` tables) until the corpus changes.

Each aligned row that has a cell in both languages is a sentence pair of lemma keys
(``lemmas.key``). IBM Model 1 is trained both ways on them (EM, a NULL word on each
side); a pair's score is the geometric mean of p(t | s) and p(s | t), so a word that goes
with everything (an article, a comma-like particle) does not come out as a translation.
Stored per pair: the rows used, the forms met and their keys, the posting list of rows of
each key, and the pairs with both probabilities and the rows they share.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from polyglance.corpus import ordered_pool
from polyglance.corpus.align.ibm1 import ibm1
from polyglance.corpus.language import UNDETERMINED

from . import lemmas, store

#: At most this many aligned rows train a model (spread evenly over the corpus).
MAX_TRAINING_ROWS = 20_000
#: At most this many word links (source words x target words, summed over the rows) are
#: trained on: IBM Model 1 holds a few int64 arrays of that length. Long rows (whole
#: paragraphs of scripture...) are sampled evenly down to it.
MAX_TRAINING_LINKS = 3_000_000
#: The indexing run learns the pairs of languages sharing the most aligned rows, until it
#: has trained on this many rows in all (and each language's best pair beyond it); a
#: reader learns any other pair in memory.
LEARN_ROWS_BUDGET = 200_000
ITERATIONS = 8
#: Pairs kept per source key (each way), the most probable.
PAIRS_PER_WORD = 30
#: Pairs less probable than this (either way) are not kept.
MIN_PROB = 0.01
#: Pairs whose lookup score (the geometric mean of both ways' probabilities) is below
#: this are not kept either: they rank below every translation worth showing (a score
#: under 1 of 100) and were 78% of the rows of a 12-language Bible corpus (825 MB of a
#: 1.0 GB index) ...
MIN_SCORE = 0.01
#: ... unless among a word's this many most probable, either way (a rare word among
#: common ones has no strong pair, but still its likeliest).
ALWAYS_KEPT = 1

#: Aligned rows to learn from, over all pairs, from which the pairs are learned in worker
#: processes (corpus/ordered_pool.py; below it, starting them costs more than it saves) ...
POOL_MIN_ROWS = 20_000
#: ... and the rows handed to them ahead of the pair being stored.
AHEAD_ROWS = 100_000
#: one pair to learn: its languages and its rows, as aligned_pairs gives them
Job = tuple[str, str, list[tuple[int, int, str, str]]]


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS lookup_models("
    "a TEXT NOT NULL, b TEXT NOT NULL, stamp TEXT NOT NULL, rows INTEGER NOT NULL, "
    "PRIMARY KEY(a, b))",
    # The training rows of a model, numbered k from 0.
    "CREATE TABLE IF NOT EXISTS lookup_rows("
    "a TEXT NOT NULL, b TEXT NOT NULL, k INTEGER NOT NULL, article INTEGER NOT NULL, "
    "row INTEGER NOT NULL, PRIMARY KEY(a, b, k))",
    # Each folded form met in a language of a model, and its key (folded lemma).
    "CREATE TABLE IF NOT EXISTS lookup_forms("
    "a TEXT NOT NULL, b TEXT NOT NULL, lang TEXT NOT NULL, form TEXT NOT NULL, "
    "key TEXT NOT NULL, PRIMARY KEY(a, b, lang, form))",
    # Each key: how it is shown (its most frequent lemma spelling) and its rows (k).
    "CREATE TABLE IF NOT EXISTS lookup_keys("
    "a TEXT NOT NULL, b TEXT NOT NULL, lang TEXT NOT NULL, key TEXT NOT NULL, "
    "display TEXT NOT NULL, ks BLOB NOT NULL, PRIMARY KEY(a, b, lang, key))",
    # Word pairs: s a key of language a, t of language b; fwd = p(t|s), bwd = p(s|t).
    "CREATE TABLE IF NOT EXISTS lookup_pairs("
    "a TEXT NOT NULL, b TEXT NOT NULL, s TEXT NOT NULL, t TEXT NOT NULL, "
    "fwd REAL NOT NULL, bwd REAL NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(a, b, s, t))",
    "CREATE INDEX IF NOT EXISTS lookup_pairs_t ON lookup_pairs(a, b, t)",
)
_TABLES = ("lookup_models", "lookup_rows", "lookup_forms", "lookup_keys", "lookup_pairs")

_CELLS_SQL = """
SELECT c.article_id, c.row, d.lang, p.text
FROM alignment_cells c
JOIN article_docs ad ON ad.doc_id = c.doc_id AND ad.duplicate_of IS NULL
JOIN documents d ON d.id = c.doc_id
JOIN paragraphs p ON p.doc_id = c.doc_id AND p.i = c.para_i
WHERE d.lang IN (?, ?)
ORDER BY c.article_id, c.row, d.lang, c.doc_id, p.i
"""


def stamp(conn: sqlite3.Connection) -> str:
    """What a stored model was learned from: changes whenever the corpus does."""
    gen = store.get_meta(conn, "generation", "0")
    build = store.get_meta(conn, "build", "")
    n, rows, arts = conn.execute(
        "SELECT count(*), coalesce(sum(row), 0), coalesce(sum(article_id), 0) FROM alignment_rows"
    ).fetchone()
    return f"{gen}:{build}:{n}:{rows}:{arts}"


@dataclass
class Trained:
    """A model learned in memory, before it is stored."""

    a: str
    b: str
    rows: list[tuple[int, int]]
    forms: dict[str, dict[str, str]]  # lang -> folded form -> key
    display: dict[str, dict[str, str]]  # lang -> key -> shown lemma
    postings: dict[str, dict[str, list[int]]]  # lang -> key -> row numbers k
    pairs: list[tuple[str, str, float, float, int]] = field(default_factory=list)


def aligned_pairs(conn: sqlite3.Connection, a: str, b: str) -> list[tuple[int, int, str, str]]:
    """(article, row, text in a, text in b) of every aligned row with both languages."""
    cells: dict[tuple[int, int], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for article, row, lang, text in conn.execute(_CELLS_SQL, (a, b)):
        cells[article, row][lang].append(text)
    out = []
    for (article, row), by_lang in sorted(cells.items()):
        if a in by_lang and b in by_lang:
            out.append((article, row, "\n\n".join(by_lang[a]), "\n\n".join(by_lang[b])))
    return out


def train(conn: sqlite3.Connection, a: str, b: str) -> Trained:
    """Learn the model of languages ``a`` and ``b`` from the index's aligned rows."""
    return train_rows(a, b, aligned_pairs(conn, a, b))


def train_rows(a: str, b: str, rows: list[tuple[int, int, str, str]]) -> Trained:
    """Learn the model of languages ``a`` and ``b`` from their aligned rows (as
    :func:`aligned_pairs` gives them): pure computation, done in a worker process when
    there are many pairs to learn."""
    if len(rows) > MAX_TRAINING_ROWS:
        pick = np.linspace(0, len(rows) - 1, MAX_TRAINING_ROWS).astype(np.int64)
        rows = [rows[i] for i in pick.tolist()]
    model = Trained(a, b, [(r[0], r[1]) for r in rows], {a: {}, b: {}}, {a: {}, b: {}}, {})
    spellings: dict[str, dict[str, Counter]] = {a: defaultdict(Counter), b: defaultdict(Counter)}
    sents: dict[str, list[list[str]]] = {a: [], b: []}
    for _, _, ta, tb in rows:
        for lang, text in ((a, ta), (b, tb)):
            keys = []
            forms = model.forms[lang]
            for w, _, _ in lemmas.words(text):
                f = lemmas.fold(w)
                k = forms.get(f)
                if k is None:
                    lem = lemmas.lemma(w, lang)
                    k = forms[f] = lemmas.fold(lem)
                    spellings[lang][k][lem] += 1
                keys.append(k)
            sents[lang].append(keys)
    links = [len(x) * len(y) for x, y in zip(sents[a], sents[b], strict=True)]
    if sum(links) > MAX_TRAINING_LINKS:
        keep = max(1, int(len(links) * MAX_TRAINING_LINKS / sum(links)))
        pick = np.unique(np.linspace(0, len(links) - 1, keep).astype(np.int64)).tolist()
        model.rows = [model.rows[i] for i in pick]
        for lang in (a, b):
            sents[lang] = [sents[lang][i] for i in pick]
        # the forms and spellings of the rows left out stay: lookups of them find no rows
    for lang in (a, b):
        model.display[lang] = {k: _shown(c) for k, c in spellings[lang].items()}
        post: dict[str, list[int]] = defaultdict(list)
        for i, keys in enumerate(sents[lang]):
            for k in sorted(set(keys)):
                post[k].append(i)
        model.postings[lang] = dict(post)
    model.pairs = _pairs(sents[a], sents[b], model.postings[a], model.postings[b])
    return model


def _shown(spellings: Counter) -> str:
    """The spelling of a lemma to show: the most frequent, lower case first on a tie."""
    return min(spellings.items(), key=lambda kv: (-kv[1], not kv[0].islower(), kv[0]))[0]


def _pairs(
    sa: list[list[str]],
    sb: list[list[str]],
    pa: dict[str, list[int]],
    pb: dict[str, list[int]],
) -> list[tuple[str, str, float, float, int]]:
    va, vb = sorted(pa), sorted(pb)
    ia = {w: i + 1 for i, w in enumerate(va)}  # 0 is NULL
    ib = {w: i + 1 for i, w in enumerate(vb)}
    ids = [
        (np.array([ia[w] for w in x], dtype=np.int64), np.array([ib[w] for w in y], dtype=np.int64))
        for x, y in zip(sa, sb, strict=True)
        if x and y
    ]
    if not ids:
        return []
    nb = len(vb) + 1
    fx, fy, fp, fn = ibm1(ids, nb, ITERATIONS)  # p(b word | a word), rows shared
    by, bx, bp, _ = ibm1([(y, x) for x, y in ids], len(va) + 1, ITERATIONS)  # p(a word | b word)
    fkey, bkey = fx * nb + fy, bx * nb + by  # both keyed (a word, b word)
    keep = store.unique(
        np.concatenate([fkey[_best_per_source(fx, fy, fp)], bkey[_best_per_source(by, bx, bp)]])
    )
    best = np.concatenate(
        [
            fkey[_best_per_source(fx, fy, fp, ALWAYS_KEPT)],
            bkey[_best_per_source(by, bx, bp, ALWAYS_KEPT)],
        ]
    )
    at_f, in_f = _positions(fkey, keep)
    at_b, in_b = _positions(bkey, keep)
    p = np.where(in_f, fp[at_f].astype(np.float64), 0.0)
    n = np.where(in_f, fn[at_f], 0)
    q = np.where(in_b, bp[at_b].astype(np.float64), 0.0)
    stored = (p * q >= MIN_SCORE * MIN_SCORE) | np.isin(keep, best)
    x, y = np.divmod(keep[stored], nb)
    out = [
        (va[i - 1], vb[j - 1], pv, qv, nv)
        for i, j, pv, qv, nv in zip(
            x.tolist(),
            y.tolist(),
            p[stored].tolist(),
            q[stored].tolist(),
            n[stored].tolist(),
            strict=True,
        )
    ]
    out.sort()
    return out


def _positions(keys: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``wanted`` is in ``keys`` (unique, not empty), and whether it is."""
    order = np.argsort(keys)
    at = order[np.minimum(np.searchsorted(keys[order], wanted), len(keys) - 1)]
    return at, keys[at] == wanted


def _best_per_source(
    src: np.ndarray, tgt: np.ndarray, prob: np.ndarray, per_word: int = PAIRS_PER_WORD
) -> np.ndarray:
    """Indices of the ``per_word`` most probable real pairs of each source word."""
    ok = np.flatnonzero((src > 0) & (tgt > 0) & (prob >= MIN_PROB))
    order = ok[np.lexsort((-prob[ok], src[ok]))]
    s = src[order]
    first = np.flatnonzero(np.diff(s, prepend=-1))
    rank = np.arange(len(s)) - np.repeat(first, np.diff(np.append(first, len(s))))
    return order[rank < per_word]


# -- storage -------------------------------------------------------------------------------


def stored_stamp(conn: sqlite3.Connection, a: str, b: str) -> str | None:
    """The stamp of the stored model of ``a``-``b``, None when there is none."""
    try:
        row = conn.execute("SELECT stamp FROM lookup_models WHERE a=? AND b=?", (a, b)).fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def save(conn: sqlite3.Connection, model: Trained, model_stamp: str) -> None:
    """Replace the stored model of the pair in one transaction (the caller's connection
    must not be in a transaction). Only ever on a connection of this process's own (a
    memory database): the index file is written by the indexing run alone (:func:`learn`)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        write(conn, model, model_stamp)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def write(conn: sqlite3.Connection, model: Trained, model_stamp: str) -> None:
    """Replace the stored model of the pair, in the caller's transaction."""
    a, b = model.a, model.b
    for stmt in _SCHEMA:
        conn.execute(stmt)
    for t in _TABLES:
        conn.execute(f"DELETE FROM {t} WHERE a=? AND b=?", (a, b))
    conn.executemany(
        "INSERT INTO lookup_rows VALUES(?, ?, ?, ?, ?)",
        ((a, b, k, art, row) for k, (art, row) in enumerate(model.rows)),
    )
    for lang in (a, b):
        conn.executemany(
            "INSERT INTO lookup_forms VALUES(?, ?, ?, ?, ?)",
            ((a, b, lang, f, k) for f, k in sorted(model.forms[lang].items())),
        )
        conn.executemany(
            "INSERT INTO lookup_keys VALUES(?, ?, ?, ?, ?, ?)",
            (
                (a, b, lang, k, model.display[lang].get(k, k), store.encode_ids(np.array(ks)))
                for k, ks in sorted(model.postings[lang].items())
            ),
        )
    conn.executemany(
        "INSERT INTO lookup_pairs VALUES(?, ?, ?, ?, ?, ?, ?)",
        ((a, b, *p) for p in model.pairs),
    )
    conn.execute(
        "INSERT INTO lookup_models VALUES(?, ?, ?, ?)", (a, b, model_stamp, len(model.rows))
    )


# -- learning in the indexing run ----------------------------------------------------------


def pairs_to_learn(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """The language pairs the indexing run learns: those sharing the most aligned rows
    (an estimate: the rows of the articles holding both), until ``LEARN_ROWS_BUDGET``;
    then, whatever the budget, the pair sharing the most rows of each language left
    without one (English-Finnish news beside twelve Bible translations ranks below their
    66 pairs, and would have no table: every lookup in it learned anew, seconds each).
    ``und`` is no language: its documents are of any languages the model does not know,
    so a table into it would pool them (a reader can still learn one on request)."""
    ranked = sorted(_shared_rows(conn).items(), key=lambda kv: (-kv[1], kv[0]))
    chosen: list[tuple[str, str]] = []
    budget = LEARN_ROWS_BUDGET
    for pair, n in ranked:
        cost = min(n, MAX_TRAINING_ROWS)
        if chosen and cost > budget:
            break
        chosen.append(pair)
        budget -= cost
    covered = {lang for pair in chosen for lang in pair}
    for pair, _ in ranked:
        if not covered.issuperset(pair):
            chosen.append(pair)
            covered.update(pair)
    return chosen


def _shared_rows(conn: sqlite3.Connection) -> Counter[tuple[str, str]]:
    """Language pair -> the rows of the articles holding both languages (an estimate of
    the rows they share: some of those rows lack one of them)."""
    rows = dict(conn.execute("SELECT article_id, count(*) FROM alignment_rows GROUP BY 1"))
    shared: Counter[tuple[str, str]] = Counter()
    for article, languages in conn.execute("SELECT id, languages FROM articles"):
        n = rows.get(article, 0)
        langs = sorted({x.strip().lower() for x in (languages or "").split(",") if x.strip()})
        langs = [x for x in langs if x != UNDETERMINED]
        if n and len(langs) > 1:
            for i, a in enumerate(langs):
                for b in langs[i + 1 :]:
                    shared[a, b] += n
    return shared


def learned_stamp(conn: sqlite3.Connection) -> str | None:
    """The stamp the indexing run last learned the models at (None: never, e.g. an index
    made before the run learned them)."""
    return store.get_meta(conn, "lookup_learned")


def learn(conn: sqlite3.Connection, progress=None) -> list[tuple[str, str]]:
    """Learn and store the models of :func:`pairs_to_learn`, dropping every other stored
    model, in the caller's transaction (the indexing run's); returns the pairs learned.
    ``progress(done, total)`` after each pair."""
    now = stamp(conn)
    pairs = pairs_to_learn(conn)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if pairs:  # no tables for a corpus of one language: not a page more than it needs
        for stmt in _SCHEMA:
            conn.execute(stmt)
        tables.update(_TABLES)
    for t in _TABLES:
        if t in tables:
            conn.execute(f"DELETE FROM {t}")
    if progress:
        progress(0, len(pairs))
    done = 0

    def waiting() -> None:  # a pair learned in a worker: the progress is asked again
        if progress:
            progress(done, len(pairs))

    for done, model in enumerate(_trained(conn, pairs, waiting), 1):
        write(conn, model, now)
        if progress:
            progress(done, len(pairs))
    store.set_meta(conn, "lookup_learned", now)
    return pairs


def _trained(
    conn: sqlite3.Connection,
    pairs: list[tuple[str, str]],
    waiting: Callable[[], None] | None = None,
) -> Iterator[Trained]:
    """The model of each pair, in order; the same models in a worker as here
    (``waiting``: as for ``ordered_pool.ordered_results``)."""
    jobs = ((a, b, aligned_pairs(conn, a, b)) for a, b in pairs)
    shared = _shared_rows(conn)
    rows = sum(min(shared[pair], MAX_TRAINING_ROWS) for pair in pairs)
    if len(pairs) < 2 or ordered_pool.worker_count() < 2 or rows < POOL_MIN_ROWS:
        yield from (_train_job(job) for job in jobs)
        return
    yield from ordered_pool.ordered_results(
        jobs,
        _train_job,
        _train_job,
        size=lambda job: len(job[2]),
        ahead=AHEAD_ROWS,
        waiting=waiting,
    )


def _train_job(job: Job) -> Trained:
    return train_rows(*job)
