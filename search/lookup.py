"""Translation lookup: how the corpus itself translates a word or phrase, with examples.

    from polyglance.search.lookup import Translator
    tr = Translator(conn)                       # any connection to an index, read-only too
    for t in tr.lookup("poliisi", "en"):        # from_lang guessed from the corpus
        print(t.translation, t.score, t.rows, t.examples[0].target)
    tr.counterpart_spans(hit.text, hit.spans, hit.lang, cell_text, "fr")  # highlight

The table of a language pair (``translation_model``) is learned by the indexing run and
stored in the index; a Translator only reads it. A pair the index holds no current table
for (an index made before the run learned them, or a pair beyond what the run learns) is
learned in memory, for this process only, and :attr:`Translator.notice` says so.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from . import lemmas, store, translation_model
from .fold import fold

#: Rows read to find how a phrase of several words is translated, at most.
MAX_PHRASE_ROWS = 400
#: Target words longer than the phrase by more than this are not one translation.
PHRASE_SLACK = 2
#: Besides its best translation, a word's other translations scoring this much (0..1)
#: are highlighted in a counterpart too.
ALSO_HIGHLIGHTED = 0.2
#: A translation scoring under this (0..1) is a word that happened to share a row or two
#: (the 0.0 tail of a lookup), shown only when it is the best there is.
MIN_SCORE = 0.01


@dataclass
class Example:
    """An aligned row attesting a translation."""

    article: int
    row: int
    source: str
    target: str

    def as_json(self) -> dict:
        return {
            "article": self.article,
            "row": self.row,
            "source": self.source,
            "target": self.target,
        }


@dataclass
class Translation:
    """A translation the corpus attests: shown as its lemma(s), best first by ``score``."""

    translation: str
    score: float  # 0..100
    rows: int  # aligned rows attesting it
    examples: list[Example] = field(default_factory=list)
    keys: tuple[str, ...] = ()  # its folded lemmas, for highlighting

    def as_json(self) -> dict:
        return {
            "translation": self.translation,
            "score": self.score,
            "rows": self.rows,
            "examples": [e.as_json() for e in self.examples],
        }


_MEMORY: dict[tuple[str, str, str], tuple[str, sqlite3.Connection]] = {}
_MEMORY_LOCK = threading.Lock()


def _db_file(conn: sqlite3.Connection) -> str:
    for _, name, path in conn.execute("PRAGMA database_list"):
        if name == "main":
            return path or ""
    return ""


class Translator:
    """Lookups on one index; usable from any thread (one call at a time)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self._models: dict[tuple[str, str], tuple[str, sqlite3.Connection]] = {}
        #: Set when a table had to be learned in memory (see the module's doc): tell the user.
        self.notice: str | None = None
        self._stamp_of: tuple[int, str] | None = None  # (PRAGMA data_version, stamp)

    def _stamp(self) -> str:
        """``translation_model.stamp`` of the index, read again only when another
        connection has committed since (``PRAGMA data_version``): the stamp sums the whole
        alignment table, and the concordance asks it for every counterpart."""
        version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        if self._stamp_of is None or self._stamp_of[0] != version:
            self._stamp_of = (version, translation_model.stamp(self._conn))
        return self._stamp_of[1]

    # -- the model of a pair -----------------------------------------------------------

    def _model(self, a: str, b: str) -> sqlite3.Connection:
        """A connection holding the current model of the (sorted) pair ``a``, ``b``."""
        now = self._stamp()
        known = self._models.get((a, b))
        if known and known[0] == now:
            return known[1]
        if translation_model.stored_stamp(self._conn, a, b) == now:
            self._models[a, b] = (now, self._conn)
            return self._conn
        path = _db_file(self._conn)
        with _MEMORY_LOCK:
            kept = _MEMORY.get((path, a, b))
        if kept and kept[0] == now and path:
            self._models[a, b] = kept
            return kept[1]
        model = translation_model.train(self._conn, a, b)
        target = self._keep(model, now, path)
        self._models[a, b] = (now, target)
        why = (
            "the index was made before indexing learned them"
            if translation_model.learned_stamp(self._conn) is None
            else "indexing learns the pairs sharing the most rows"
            if translation_model.learned_stamp(self._conn) == now
            else "the index changed since indexing learned them"
        )
        self.notice = (
            f"the translation table {a}-{b} is not in the index ({why}): learned it in memory "
            "for this run only"
        )
        return target

    def _keep(self, model: translation_model.Trained, now: str, path: str) -> sqlite3.Connection:
        """The model in a memory database of this process (never in the index file)."""
        mem = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        translation_model.save(mem, model, now)
        with _MEMORY_LOCK:
            _MEMORY[path, model.a, model.b] = (now, mem)
        return mem

    def ready(self, lang: str, other: str) -> bool:
        """Whether the model of the pair is at hand without learning it (cheap)."""
        a, b = sorted((lang.lower(), other.lower()))
        if a == b:
            return False
        with self._lock:
            now = self._stamp()
            known = self._models.get((a, b))
            if known and known[0] == now:
                return True
            if translation_model.stored_stamp(self._conn, a, b) == now:
                return True
            with _MEMORY_LOCK:
                kept = _MEMORY.get((_db_file(self._conn), a, b))
            return bool(kept and kept[0] == now)

    # -- reading the model ---------------------------------------------------------------

    @staticmethod
    def _keys_of(
        m: sqlite3.Connection, a: str, b: str, lang: str, forms: Sequence[str]
    ) -> dict[str, str]:
        """Folded form -> key for the forms the model met (a form unknown to it maps to
        itself when it is a key, else is left out)."""
        forms = sorted(set(forms))
        out: dict[str, str] = {}
        for i in range(0, len(forms), 500):
            chunk = forms[i : i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(
                m.execute(
                    f"SELECT form, key FROM lookup_forms WHERE a=? AND b=? AND lang=? "
                    f"AND form IN ({marks})",
                    (a, b, lang, *chunk),
                )
            )
        missing = [f for f in forms if f not in out]
        for i in range(0, len(missing), 500):
            chunk = missing[i : i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(
                (k, k)
                for (k,) in m.execute(
                    f"SELECT key FROM lookup_keys WHERE a=? AND b=? AND lang=? AND key IN ({marks})",
                    (a, b, lang, *chunk),
                )
            )
        return out

    @staticmethod
    def _rows_of(m: sqlite3.Connection, a: str, b: str, lang: str, key: str) -> np.ndarray:
        row = m.execute(
            "SELECT ks FROM lookup_keys WHERE a=? AND b=? AND lang=? AND key=?", (a, b, lang, key)
        ).fetchone()
        return store.decode_ids(row[0]) if row else np.zeros(0, np.int64)

    @staticmethod
    def _display(m: sqlite3.Connection, a: str, b: str, lang: str, key: str) -> str:
        row = m.execute(
            "SELECT display FROM lookup_keys WHERE a=? AND b=? AND lang=? AND key=?",
            (a, b, lang, key),
        ).fetchone()
        return row[0] if row else key

    @staticmethod
    def _candidates(
        m: sqlite3.Connection, a: str, b: str, src_lang: str, key: str
    ) -> list[tuple[str, float, int]]:
        """(target key, score 0..1, rows shared) for a source key, best first."""
        if src_lang == a:
            sql = "SELECT t, fwd, bwd, n FROM lookup_pairs WHERE a=? AND b=? AND s=?"
        else:
            sql = "SELECT s, bwd, fwd, n FROM lookup_pairs WHERE a=? AND b=? AND t=?"
        out = [(t, math.sqrt(p * q), n) for t, p, q, n in m.execute(sql, (a, b, key)) if n > 0]
        out.sort(key=lambda c: (-c[1], -c[2], c[0]))
        return out

    def _examples(
        self,
        m: sqlite3.Connection,
        a: str,
        b: str,
        ks: Sequence[int] | np.ndarray,
        src_lang: str,
        n: int,
    ) -> list[Example]:
        out = []
        for k in list(ks)[:n]:
            art, row = m.execute(
                "SELECT article, row FROM lookup_rows WHERE a=? AND b=? AND k=?", (a, b, int(k))
            ).fetchone()
            cells = dict(_row_cells(self._conn, art, row, (a, b)))
            tgt_lang = b if src_lang == a else a
            out.append(Example(art, row, cells.get(src_lang, ""), cells.get(tgt_lang, "")))
        return out

    # -- the API ---------------------------------------------------------------------------

    def guess_language(self, phrase: str, exclude: str | None = None) -> str | None:
        """The language the phrase's words are most used in (by the search tables)."""
        with self._lock:
            return guess_language(self._conn, phrase, exclude)

    def lookup(
        self,
        phrase: str,
        to_lang: str,
        from_lang: str | None = None,
        limit: int = 10,
        examples: int = 3,
    ) -> list[Translation]:
        """Translations into ``to_lang`` the corpus attests for ``phrase``, best first."""
        to_lang = to_lang.lower()
        with self._lock:
            src = (from_lang or guess_language(self._conn, phrase, to_lang) or "").lower()
            if not src or src == to_lang or limit <= 0:
                return []
            a, b = sorted((src, to_lang))
            m = self._model(a, b)
            forms = [fold(w) for w, _, _ in lemmas.words(phrase)]
            known = self._keys_of(m, a, b, src, forms)
            keys = [known[f] for f in forms if f in known]
            if not keys or len(keys) < len(forms):
                return []
            if len(keys) == 1:
                return self._word(m, a, b, src, to_lang, keys[0], limit, examples)
            return self._phrase(m, a, b, src, to_lang, keys, limit, examples)

    def _word(self, m, a, b, src, tgt, key, limit, examples) -> list[Translation]:
        src_rows = self._rows_of(m, a, b, src, key)
        out = []
        for t, score, n in _worth_showing(self._candidates(m, a, b, src, key))[:limit]:
            ks = np.intersect1d(src_rows, self._rows_of(m, a, b, tgt, t), assume_unique=True)
            out.append(
                Translation(
                    self._display(m, a, b, tgt, t),
                    round(100 * score, 1),
                    n,
                    self._examples(m, a, b, ks, src, examples),
                    (t,),
                )
            )
        return out

    def _phrase(self, m, a, b, src, tgt, keys, limit, examples) -> list[Translation]:
        """Several words: in the rows holding them all, the target words most associated
        with them (next to each other) are the translation; score = share of those rows
        that hold it, times its association."""
        rows = self._rows_of(m, a, b, src, keys[0])
        for k in keys[1:]:
            rows = np.intersect1d(rows, self._rows_of(m, a, b, src, k), assume_unique=True)
        rows = rows[:MAX_PHRASE_ROWS]
        if not len(rows):
            return []
        assoc: dict[str, float] = defaultdict(float)
        for k in keys:
            for t, s, _ in self._candidates(m, a, b, src, k):
                assoc[t] = max(assoc[t], s)
        found: Counter[tuple[str, ...]] = Counter()
        strength: dict[tuple[str, ...], float] = {}
        where: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for k in rows.tolist():
            art, row = m.execute(
                "SELECT article, row FROM lookup_rows WHERE a=? AND b=? AND k=?", (a, b, k)
            ).fetchone()
            text = dict(_row_cells(self._conn, art, row, (a, b))).get(tgt, "")
            toks = [fold(w) for w, _, _ in lemmas.words(text)]
            tkeys = self._keys_of(m, a, b, tgt, toks)
            seq = [tkeys.get(f, f) for f in toks]
            span = _best_span(seq, assoc, len(keys))
            if span:
                found[span] += 1
                strength[span] = max(
                    strength.get(span, 0.0), float(np.mean([assoc[t] for t in span]))
                )
                where[span].append(k)
        scored = [(s, math.sqrt(found[s] / len(rows) * strength[s])) for s in found]
        scored.sort(key=lambda c: (-c[1], -found[c[0]], c[0]))
        out = []
        for span, score in _worth_showing(scored)[:limit]:
            shown = " ".join(self._display(m, a, b, tgt, t) for t in span)
            exs = self._examples(m, a, b, where[span], src, examples)
            out.append(Translation(shown, round(100 * score, 1), found[span], exs, span))
        return out

    def pairs(
        self, words: Sequence[str], from_lang: str, to_lang: str, per_word: int = 3
    ) -> dict[str, list[tuple[str, float]]]:
        """For each word (as written): its probable translations' keys with scores 0..1."""
        from_lang, to_lang = from_lang.lower(), to_lang.lower()
        if from_lang == to_lang:
            return {}
        with self._lock:
            a, b = sorted((from_lang, to_lang))
            m = self._model(a, b)
            known = self._keys_of(m, a, b, from_lang, [fold(w) for w in words])
            out = {}
            for w in words:
                k = known.get(fold(w))
                cands = self._candidates(m, a, b, from_lang, k)[:per_word] if k else []
                out[w] = [(t, s) for t, s, _ in cands]
            return out

    def spans(self, text: str, lang: str, keys: Sequence[str], other: str) -> list[tuple[int, int]]:
        """[start, end) spans of ``text`` (in ``lang``) whose words have one of ``keys``;
        ``other`` is the language of the pair whose model knows the forms."""
        lang, other = lang.lower(), other.lower()
        wanted = set(keys)
        if not wanted or lang == other:
            return []
        with self._lock:
            a, b = sorted((lang, other))
            m = self._model(a, b)
            toks = lemmas.words(text)
            known = self._keys_of(m, a, b, lang, [fold(w) for w, _, _ in toks])
            return [(s, e) for w, s, e in toks if known.get(fold(w), fold(w)) in wanted]

    def counterpart_spans(
        self,
        text: str,
        matched: Sequence[tuple[int, int]],
        lang: str,
        cell: str,
        cell_lang: str,
    ) -> list[tuple[int, int]]:
        """Spans in ``cell`` (a counterpart in ``cell_lang``) of the probable translation
        of the words of ``text`` (a hit in ``lang``) that ``matched`` spans touch: each
        word's best translation, and others scoring at least ``ALSO_HIGHLIGHTED``."""
        words = sorted(
            {w for w, a, b in lemmas.words(text) if any(s < b and a < e for s, e in matched)}
        )
        if not words or lang.lower() == cell_lang.lower():
            return []
        found = self.pairs(words, lang, cell_lang, per_word=3)
        keys = {
            t
            for cands in found.values()
            for i, (t, score) in enumerate(cands)
            if i == 0 or score >= ALSO_HIGHLIGHTED
        }
        return self.spans(cell, cell_lang, sorted(keys), lang)


Scored = TypeVar("Scored", bound=tuple)


def _worth_showing(candidates: list[Scored]) -> list[Scored]:
    """The candidates (each with its score second), best first, without those scoring
    under ``MIN_SCORE``, but for the best."""
    return candidates[:1] + [c for c in candidates[1:] if c[1] >= MIN_SCORE]


def _best_span(seq: list[str], assoc: dict[str, float], n: int) -> tuple[str, ...] | None:
    """The run of target words most associated with the phrase (of ``n`` words)."""
    scored = [(i, assoc.get(t, 0.0)) for i, t in enumerate(seq)]
    top = max((s for _, s in scored), default=0.0)
    if top < 0.05:
        return None
    linked = [i for i, s in scored if s >= 0.5 * top]
    best = max(scored, key=lambda x: (x[1], -x[0]))[0]
    # the linked words around the best one, with gaps of at most one word
    lo = hi = best
    for i in sorted(linked):
        if i < lo and lo - i <= 2:
            lo = i
    for i in sorted(linked, reverse=True):
        if i > hi and i - hi <= 2:
            hi = i
    for i in sorted(linked):
        if hi < i <= hi + 2:
            hi = i
    for i in sorted(linked, reverse=True):
        if lo - 2 <= i < lo:
            lo = i
    if hi - lo + 1 > n + PHRASE_SLACK:
        lo = hi = best
    return tuple(t for t in seq[lo : hi + 1] if assoc.get(t, 0.0) >= 0.5 * top) or None


def _row_cells(
    conn: sqlite3.Connection, article: int, row: int, langs: Sequence[str]
) -> list[tuple[str, str]]:
    """(lang, cell text) of one aligned row in these languages, paragraphs joined."""
    marks = ",".join("?" * len(langs))
    parts: dict[str, list[str]] = defaultdict(list)
    for lang, text in conn.execute(
        "SELECT d.lang, p.text FROM alignment_cells c"
        " JOIN article_docs ad ON ad.doc_id = c.doc_id AND ad.duplicate_of IS NULL"
        " JOIN documents d ON d.id = c.doc_id"
        " JOIN paragraphs p ON p.doc_id = c.doc_id AND p.i = c.para_i"
        f" WHERE c.article_id=? AND c.row=? AND d.lang IN ({marks})"
        " ORDER BY d.lang, c.doc_id, p.i",
        (article, row, *langs),
    ):
        parts[lang].append(text)
    return [(lang, "\n\n".join(ps)) for lang, ps in sorted(parts.items())]


def guess_language(conn: sqlite3.Connection, phrase: str, exclude: str | None = None) -> str | None:
    """The language whose paragraphs hold the phrase's words most (exact word, else words
    starting with it), from the search tables; None when no word is found."""
    langs = store.get_langs(conn)
    arr = store.load_array(conn, "lang", np.uint16)
    if not langs or not len(arr):
        return None
    votes: Counter[str] = Counter()
    for w, _, _ in lemmas.words(phrase):
        f = fold(w)
        ids = [r[0] for r in conn.execute("SELECT id FROM search_words WHERE word=?", (f,))]
        if not ids:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM search_words WHERE word > ? AND word < ? ORDER BY df DESC "
                    "LIMIT 20",
                    (f, f + "\U0010ffff"),
                )
            ]
        if not ids:
            continue
        marks = ",".join("?" * len(ids))
        counts = np.zeros(len(langs), dtype=np.int64)
        for (blob,) in conn.execute(
            f"SELECT ids FROM search_postings WHERE word_id IN ({marks})", ids
        ):
            pids = store.decode_ids(blob)
            pids = pids[pids < len(arr)]
            counts += np.bincount(arr[pids], minlength=len(langs))[: len(langs)]
        for i, c in enumerate(counts.tolist()):
            if c and langs[i] != (exclude or "").lower():
                votes[langs[i]] += c
    if not votes:
        return None
    return min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def lookup(
    conn: sqlite3.Connection,
    phrase: str,
    to_lang: str,
    from_lang: str | None = None,
    limit: int = 10,
) -> list[Translation]:
    """One lookup (see :meth:`Translator.lookup`); keep a :class:`Translator` for many."""
    return Translator(conn).lookup(phrase, to_lang, from_lang, limit)


def highlight_counterpart(
    conn: sqlite3.Connection,
    text: str,
    matched: Sequence[tuple[int, int]],
    lang: str,
    cell: str,
    cell_lang: str,
) -> list[tuple[int, int]]:
    """One call of :meth:`Translator.counterpart_spans`."""
    return Translator(conn).counterpart_spans(text, matched, lang, cell, cell_lang)


__all__ = [
    "Example",
    "Translation",
    "Translator",
    "guess_language",
    "highlight_counterpart",
    "lookup",
]
