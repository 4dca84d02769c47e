"""End-to-end search over a small multilingual index built in a temporary file."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyglance.corpus import schema
from polyglance.search import Hit, Searcher, build_search_index
from polyglance.search import searcher as searcher_module
from polyglance.search import store as store_module
from polyglance.search import vocab as vocab_module

# (path, lang, title, [(kind, text)]); every sentence is written for these tests.
DOCS = [
    (
        "en/zuck.txt",
        "en",
        "Zuckerberg on machines",
        [
            ("title", "Zuckerberg talks about superintelligence"),
            ("body", "Mark Zuckerberg said on Tuesday that the company is building a lab."),
            ("body", "Critics doubt that super intelligence will arrive this decade."),
            ("boilerplate", "Subscribe to our newsletter about Zuckerberg and friends"),
        ],
    ),
    (
        "de/zuck.txt",
        "de",
        "Zuckerberg über Maschinen",
        [
            ("title", "Zuckerberg spricht über Superintelligenz"),
            ("body", "Der Konzern eröffnet ein Labor in Zürich, sagte er am Dienstag."),
            ("body", "Die Straße vor dem Büro war voller Journalisten."),
        ],
    ),
    (
        "da/ai.txt",
        "da",
        "Maskiner",
        [
            ("body", "Forskerne taler om superintelligens og om Øresund."),
        ],
    ),
    (
        "fr/ville.txt",
        "fr",
        "Villes anciennes",
        [
            ("heading", "Jérusalem et Genève"),
            ("body", "Jérusalem est une ville très ancienne ; le cœur de la vieille ville."),
            ("body", "Un œuf, une sœur et un ex æquo à Genève."),
        ],
    ),
    (
        "vi/tin.txt",
        "vi",
        "Tin tức",
        [
            ("body", "Cô ấy là một tài năng trẻ của Đà Nẵng."),
        ],
    ),
    (
        "ru/msk.txt",
        "ru",
        "Москва",
        [
            ("body", "Москва — столица России, а Ёлки растут в лесу."),
        ],
    ),
    (
        "el/ath.txt",
        "el",
        "Αθήνα",
        [
            ("body", "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας."),
        ],
    ),
    (
        "ja/tokyo.txt",
        "ja",
        "東京",
        [
            ("body", "東京は日本の首都です。京都は古い町です。"),
        ],
    ),
    (
        "zh/bj.txt",
        "zh",
        "北京",
        [
            ("body", "北京是中国的首都。"),
        ],
    ),
    (
        "ar/qds.txt",
        "ar",
        "القدس",
        [
            ("body", "القُدْس مدينة قديمة"),
        ],
    ),
    (
        "gu/amd.txt",
        "gu",
        "અમદાવાદ",
        [
            ("body", "અમદાવાદ ગુજરાતનું મોટું શહેર છે."),
        ],
    ),
    (
        "en/wide.txt",
        "en",
        "Wide",
        [
            ("caption", "ＴＯＫＹＯ　ＴＯＷＥＲ at night"),
            ("lead", "A lead about the Zurich lab and snake_case names."),
        ],
    ),
]


def make_index(path: Path, docs=DOCS, articles=None) -> sqlite3.Connection:
    """Write documents and paragraphs with the real schema, then build the search index."""
    conn = sqlite3.connect(path, check_same_thread=False)
    schema.create(conn)
    for d, (p, lang, title, paras) in enumerate(docs, 1):
        n = sum(k != "boilerplate" for k, _ in paras)
        conn.execute(
            "INSERT INTO documents(id, path, size, mtime_ns, sha256, encoding, lang, "
            "lang_confidence, title, source_url, date, n_content, content_chars, anchors) "
            "VALUES(?, ?, 0, 0, '', 'utf-8', ?, 1.0, ?, NULL, NULL, ?, ?, '')",
            (d, p, lang, title, n, sum(len(t) for _, t in paras)),
        )
        for i, (kind, text) in enumerate(paras):
            conn.execute(
                "INSERT INTO paragraphs(doc_id, i, kind, lang, text, start, end) "
                "VALUES(?, ?, ?, ?, ?, 0, ?)",
                (d, i, kind, lang, text, len(text)),
            )
    for aid, (title, doc_ids) in (articles or {}).items():
        conn.execute("INSERT INTO articles(id, title, languages) VALUES(?, ?, '')", (aid, title))
        for doc in doc_ids:
            conn.execute("INSERT INTO article_docs(article_id, doc_id) VALUES(?, ?)", (aid, doc))
    build_search_index(conn)
    conn.commit()
    return conn


@pytest.fixture(scope="module")
def searcher(tmp_path_factory) -> Searcher:
    path = tmp_path_factory.mktemp("idx") / "index.sqlite"
    conn = make_index(path, articles={7: ("Zuckerberg article", [1, 2])})
    conn.execute("INSERT INTO alignment_cells(article_id, row, doc_id, para_i) VALUES(7, 0, 1, 0)")
    conn.commit()
    conn.close()
    return Searcher(path)


def texts(hits: list[Hit]) -> list[str]:
    return [h.text for h in hits]


def matched(h: Hit) -> list[str]:
    return [h.text[a:b] for a, b in h.spans]


def top(searcher: Searcher, query: str, **kw) -> Hit:
    hits = searcher.search(query, **kw)
    assert hits, query
    return hits[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("jerusalem", "Jérusalem"),
        ("JERUSALEM", "Jérusalem"),
        ("zurich", "Zürich"),
        ("tai nang", "tài"),
        ("strasse", "Straße"),
        ("oeuf", "œuf"),
        ("aequo", "æquo"),
        ("oresund", "Øresund"),
        ("tokyo", "ＴＯＫＹＯ"),
        ("москва", "Москва"),
        ("елки", "Ёлки"),
        ("ΑΘΗΝΑ", "Αθήνα"),
        ("القدس", "القُدْس"),
        ("અમદાવાદ", "અમદાવાદ"),
        ("東京", "東京"),
        ("首都", "首都"),
        ("北京", "北京"),
        ("snake", "snake"),
    ],
)
def test_folding_matches(searcher: Searcher, query: str, expected: str) -> None:
    hits = searcher.search(query)
    assert any(expected in matched(h) for h in hits), (query, hits)
    assert hits[0].score >= 95


def test_single_cjk_character(searcher: Searcher) -> None:
    hits = searcher.search("京")
    assert {h.lang for h in hits} == {"ja", "zh"}
    assert all(set(matched(h)) == {"京"} for h in hits)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Zuckerbreg", "Zuckerberg"),  # transposition
        ("zukerberg", "Zuckerberg"),  # deletion
        ("jerusalam", "Jérusalem"),  # substitution
        ("zurick", "Zürich"),
        ("jerusalme", "Jérusalem"),
    ],
)
def test_typos(searcher: Searcher, query: str, expected: str) -> None:
    hits = searcher.search(query)
    assert any(expected in matched(h) for h in hits), (query, hits)
    assert all(h.score < 95 for h in hits)


def test_superintelligence_variants(searcher: Searcher) -> None:
    hits = searcher.search("superintelligence")
    found = {m.lower() for h in hits for m in matched(h)}
    assert {"superintelligence", "superintelligens", "superintelligenz"} <= found
    assert "super intelligence" in found


def test_prefix_while_typing(searcher: Searcher) -> None:
    for q in ("zucker", "zuck", "zu"):
        hits = searcher.search(q)
        assert any("Zuckerberg" in h.text for h in hits), q
    h = top(searcher, "zucker")
    assert matched(h) == ["Zucker"]  # only the typed part is highlighted


def test_word_order_is_free(searcher: Searcher) -> None:
    a = searcher.search("intelligence super")
    assert any("super intelligence" in h.text for h in a)
    assert top(searcher, "Tuesday Zuckerberg").text.startswith("Mark Zuckerberg said")


def test_spans_are_inside_text(searcher: Searcher) -> None:
    for q in ("jerusalem ville", "zurich", "tai nang", "東京", "strasse", "super intelligence"):
        for h in searcher.search(q):
            assert h.spans, (q, h.text)
            for a, b in h.spans:
                assert 0 <= a < b <= len(h.text)
            assert h.spans == sorted(h.spans)


def test_exact_ranks_over_fuzzy_and_whole_over_partial(searcher: Searcher) -> None:
    hits = searcher.search("superintelligence")
    exact = next(h for h in hits if "superintelligence" in h.text)
    fuzzy = next(h for h in hits if "superintelligens" in h.text)
    assert exact.score > fuzzy.score
    hits = searcher.search("zurich")
    assert [h.lang for h in hits[:2]] == ["en", "de"]  # whole word (no accent) first
    whole = searcher.search("lab")[0]
    assert "lab" in [m.lower() for m in matched(whole)]
    partial = [h for h in searcher.search("lab") if "Labor" in h.text]
    assert partial and partial[0].score < whole.score


def test_title_and_heading_boost(searcher: Searcher) -> None:
    hits = searcher.search("zuckerberg")
    assert hits[0].kind == "title"
    assert hits[0].score > max(h.score for h in hits if h.kind == "body")
    assert top(searcher, "jerusalem").kind == "heading"


def test_scores_in_range_and_metadata(searcher: Searcher) -> None:
    hits = searcher.search("zuckerberg")
    assert all(0 <= h.score <= 100 for h in hits)
    en_title = next(h for h in hits if h.lang == "en" and h.kind == "title")
    assert en_title.article == 7
    assert en_title.title == "Zuckerberg article"
    assert en_title.row == 0
    assert en_title.paragraph == 0
    assert en_title.path == "en/zuck.txt"
    body = next(h for h in hits if h.lang == "en" and h.kind == "body")
    assert body.row is None and body.paragraph == 1
    ru = top(searcher, "москва")
    assert ru.article is None and ru.title == "Москва"


def test_non_content_is_not_searched(searcher: Searcher) -> None:
    assert not any("newsletter" in h.text for h in searcher.search("zuckerberg"))
    assert searcher.search("newsletter") == []


def test_exact_and_phrase(searcher: Searcher) -> None:
    assert searcher.search("'zuckerbreg") == []
    assert top(searcher, "'zucker").text.count("Zuckerberg")
    hits = searcher.search('"vieille ville"')
    assert [h.lang for h in hits] == ["fr"]
    assert "vieille ville" in matched(hits[0])
    assert searcher.search('"ville vieille"') == []
    assert searcher.search('"super intelligence"')[0].text.startswith("Critics")


def test_exclusion(searcher: Searcher) -> None:
    hits = searcher.search("zuckerberg !tuesday")
    assert hits and not any("Tuesday" in h.text for h in hits)
    assert not any("Zürich" in h.text for h in searcher.search("zurich !dienstag"))
    assert searcher.search("!zuckerberg") == []


def test_language_and_kind_filters(searcher: Searcher) -> None:
    assert {h.lang for h in searcher.search("zuckerberg lang:de")} == {"de"}
    assert {h.lang for h in searcher.search("zuckerberg lang:de,en")} == {"de", "en"}
    assert {h.lang for h in searcher.search("zuckerberg", langs=["de"])} == {"de"}
    assert searcher.search("zuckerberg lang:xx") == []
    assert {h.kind for h in searcher.search("zuckerberg kind:title")} == {"title"}
    assert searcher.search("zuckerberg kind:title lang:en")[0].lang == "en"


def test_limit(searcher: Searcher) -> None:
    assert len(searcher.search("zuckerberg", limit=1)) == 1
    assert searcher.search("zuckerberg", limit=0) == []


def test_grouping_spreads_articles(tmp_path: Path) -> None:
    flood = [("body", f"Lisbon harbour report number {i}.") for i in range(8)]
    docs = [
        ("en/a.txt", "en", "Flood", flood),
        ("en/b.txt", "en", "Other", [("body", "The Lisbon harbor at dawn.")]),
        ("pt/a.txt", "pt", "Inundação", [("body", "Relatório do porto de Lisbon.")]),
    ]
    conn = make_index(tmp_path / "g.sqlite", docs, articles={1: ("Flood", [1, 3])})
    hits = Searcher(conn).search("lisbon", limit=5)
    assert hits[0].path == "en/a.txt"
    # the article's best paragraph per language comes before its other paragraphs
    assert {h.path for h in hits[:3]} == {"en/a.txt", "en/b.txt", "pt/a.txt"}
    assert len(Searcher(conn).search("lisbon", limit=50)) == 10


def test_cancellation(searcher: Searcher) -> None:
    assert searcher.search("zuckerberg", cancelled=lambda: True) == []
    calls = []

    def later() -> bool:
        calls.append(1)
        return len(calls) > 1

    assert searcher.search("zuckerberg superintelligence", cancelled=later) == []
    assert len(calls) == 2  # stopped at the second poll
    assert searcher.search("zuckerberg", cancelled=lambda: False)


def test_usable_from_other_threads(searcher: Searcher) -> None:
    results: dict[int, list[str]] = {}

    def run(i: int) -> None:
        results[i] = texts(searcher.search("zuckerberg"))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({tuple(v) for v in results.values()}) == 1 and results[0]


def test_searcher_on_connection_and_missing_index(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "empty.sqlite")
    schema.create(conn)
    assert Searcher(conn).search("anything") == []
    conn2 = make_index(tmp_path / "x.sqlite")
    assert Searcher(conn2).search("zurich")


def test_opening_reads_no_paragraphs(tmp_path: Path) -> None:
    conn = make_index(tmp_path / "lazy.sqlite")
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    Searcher(conn)
    assert not any("paragraphs" in s for s in statements)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "?!.,;:-—«»",
        '"',
        '"unbalanced quote',
        "'",
        "!",
        "!!",
        "lang:",
        "lang:zz,qq zurich",
        "kind:",
        "kind:title,nope zuckerberg",
        "x" * 10_000,
        "zürich " * 2_000,
        "東" * 10_000,
        "\x00\ud7ff\U0010ffff",
        "a" * 65,
    ],
)
def test_odd_queries_do_not_raise(searcher: Searcher, query: str) -> None:
    hits = searcher.search(query)
    assert all(0 <= h.score <= 100 for h in hits)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(),
            st.sampled_from(list("'\"!: ,lang:kind:title zurich東京ßé")),
        ),
        max_size=120,
    )
)
def test_any_query_never_raises(searcher: Searcher, query: str) -> None:
    for h in searcher.search(query, limit=5):
        assert 0 <= h.score <= 100
        assert all(0 <= a < b <= len(h.text) for a, b in h.spans)


def test_closeness_ceiling_skips_no_hit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # many paragraphs with both words, nearer or farther apart: with a small limit most of
    # them are ruled out by their closeness alone; the hits must be the same without that
    filler = ["and", "then", "the", "people", "went", "on", "along", "the", "road"]
    paras = []
    for i in range(60):
        gap = " ".join(filler[: i % 9])
        first, second = ("harbour", "lisbon") if i % 4 else ("lisbon", "harbour")
        paras.append(("body", f"Report {i}: the {first} {gap} {second} at dawn."))
    paras.append(("body", "The lisbon harbour, lisbon harbour again."))
    conn = make_index(tmp_path / "c.sqlite", [("en/c.txt", "en", "Ports", paras)])
    queries = ["lisbon harbour", "lisbn harbour", "harbour lisbon", "lisbon harb", "lisbon -dawn"]
    scored = []
    score_text = searcher_module.score_text
    monkeypatch.setattr(
        searcher_module, "score_text", lambda *a: scored.append(1) or score_text(*a)
    )

    def run() -> list[list[tuple[float, int]]]:
        s = Searcher(conn)
        return [
            [(h.score, h.paragraph) for h in s.search(q, limit=limit, min_score=floor)]
            for q in queries
            for limit in (1, 3, 10)
            for floor in (0.0, 80.0)
        ]

    fast = run()
    fast_scored = len(scored)
    scored.clear()
    monkeypatch.setattr(
        searcher_module, "score_ceilings", lambda texts, *a: [(100.0, None)] * len(texts)
    )
    assert run() == fast
    assert any(fast) and fast_scored < len(scored) / 2


def test_a_covered_word_skips_its_typo_lookup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a word whose exact matches fill its bound needs no typo lookup to find its hits;
    # the other panes are still marked with its typos (Jerusalén for jerusalem)
    paras = [("body", f"Jerusalem report {i} from the old city.") for i in range(6)]
    paras += [("body", "A Jerusalen typo and the old city."), ("body", "Old city walls.")]
    conn = make_index(tmp_path / "t.sqlite", [("en/j.txt", "en", "Jerusalem", paras)])
    looked_up: list[str] = []
    fuzzy = vocab_module.Vocabulary._fuzzy
    monkeypatch.setattr(
        vocab_module.Vocabulary,
        "_fuzzy",
        lambda self, conn, t, *a: looked_up.append(t) or fuzzy(self, conn, t, *a),
    )
    queries = ["jerusalem", "jerusalem old", "jerusalem city", "jerusalem typo"]

    def run() -> list[list[tuple[float, int, list[tuple[int, int]]]]]:
        s = Searcher(conn)
        return [[(h.score, h.paragraph, h.spans) for h in s.search(q)] for q in queries]

    Searcher(conn).search("jerusalem")
    assert looked_up == ["jerusalem"]  # 6 postings: below COVERED, typos looked up
    monkeypatch.setattr(vocab_module, "COVERED", 3)  # now 6 postings cover the word
    monkeypatch.setattr(vocab_module, "leaves_out_typos", lambda *a: False)
    looked_up.clear()
    full = run()  # typos looked up, as before the skip
    assert looked_up and set(looked_up) >= {"jerusalem"}
    monkeypatch.undo()
    monkeypatch.setattr(vocab_module, "COVERED", 3)
    monkeypatch.setattr(
        vocab_module.Vocabulary,
        "_fuzzy",
        lambda self, conn, t, *a: looked_up.append(t) or fuzzy(self, conn, t, *a),
    )
    looked_up.clear()
    assert run() == full  # the same hits, scores and spans
    # (the two-word searches read paragraphs lacking "jerusalem" and looked its typos up
    # for them: "A Jerusalen typo and the old city." scores by its typo as before)
    looked_up.clear()
    s = Searcher(conn)
    assert [h.paragraph for h in s.search("jerusalem")] == [*range(6)]
    assert looked_up == []  # its hits did not need its typos
    text = "La ciudad de Jerusalén."
    assert [text[a:b] for a, b in s.spans(text, "jerusalem")] == ["Jerusalén"]
    assert looked_up == ["jerusalem"]  # for the marks, once
    s.spans("Jerusalén otra vez", "jerusalem")
    assert looked_up == ["jerusalem"]


def test_a_short_lived_searcher_finds_the_same(tmp_path: Path) -> None:
    # the command line's searcher reads words from the stored blob one by one
    path = tmp_path / "s.sqlite"
    make_index(path).close()
    queries = ["zuckerberg", "zuckerbreg", "z", "zu", "jerusalem", "ёлки", "東京", "superint"]
    short = Searcher(path, short_lived=True)
    assert [[(h.score, h.paragraph, h.spans) for h in short.search(q)] for q in queries] == [
        [(h.score, h.paragraph, h.spans) for h in Searcher(path).search(q)] for q in queries
    ]
    assert isinstance(short._vocab.words, store_module.WordList)
