"""Candidate generation stays bounded, and capitals only mark names where text has case."""

import random

from polyglance.corpus import grouping
from polyglance.corpus.anchors import anchors, has_case
from polyglance.corpus.grouping import DocInfo, group_documents, pair_scores


def test_pairs_scored_grow_with_the_documents_not_their_square():
    """Documents that share one or two moderately common anchors with hundreds of others
    (none translates another) give each document a few candidates, not hundreds."""
    rng = random.Random(3)
    pool = [f"@w{k:03d}" for k in range(400)]
    langs = ("en", "fi", "de", "fr")
    docs = [
        DocInfo(k + 1, langs[k % len(langs)], frozenset(rng.sample(pool, 12)), 1000)
        for k in range(1200)
    ]
    scores = pair_scores(docs)
    bound = len(docs) * len(langs) * grouping.CANDIDATES_PER_LANGUAGE
    assert len(scores) <= bound
    assert len(scores) < len(docs) * (len(docs) - 1) // 20


def test_translations_are_still_found_among_many_others():
    rng = random.Random(4)
    pool = [f"@w{k:03d}" for k in range(400)]
    story = frozenset(f"@s{k}" for k in range(15)) | {"#2015", "#340"}
    docs = [
        DocInfo(k + 1, ("en", "fi")[k % 2], frozenset(rng.sample(pool, 12)), 1000)
        for k in range(600)
    ]
    docs += [DocInfo(1001, "en", story | {"@x"}, 1000), DocInfo(1002, "fi", story, 1100)]
    groups = group_documents(docs)
    assert any(g.members == [1001, 1002] for g in groups)


# Our own text in the Cherokee syllabary, whose letters are all capitals in Unicode.
CAPITALS_ONLY = "ᎣᏏᏲ ᏙᎯᏧ ᎦᎵᏍᎪᎸᏗ ᎠᏍᎦᏯ ᏚᏂᎶᏍᎬ ᎤᏬᏚᎯ ᏣᎳᎩ ᎠᏓᏅᏙ."


def test_a_script_of_capitals_has_no_names_by_case():
    assert not has_case(CAPITALS_ONLY)
    assert not any(a.startswith("@") for a in anchors([CAPITALS_ONLY]))
    assert "@nato" in anchors([CAPITALS_ONLY + " NATO ᎠᏓᏅᏙ ᏣᎳᎩ."])  # Latin inside it


def test_case_still_marks_names_and_acronyms():
    assert has_case("BBC")  # too few letters to tell: read as usual
    assert "@bbc" in anchors(["BBC"])
    found = anchors(["The ministers met the NATO envoy in Helsinki on Tuesday."])
    assert {"@nato", "@helsi"} <= found


def test_candidate_blocks_cover_every_document_once_within_their_bounds() -> None:
    import numpy as np

    from polyglance.corpus import grouping

    rng = np.random.default_rng(3)
    for n in (1, 7, 500, 3000):
        links = rng.integers(0, 3 * grouping.BLOCK_LINKS // max(n // 4, 1), n)
        blocks = grouping._blocks(n, links)
        assert [low for low, _ in blocks] == [0] + [high for _, high in blocks[:-1]]
        assert blocks[-1][1] == n
        for low, high in blocks:
            assert high - low <= max(1, grouping.BLOCK_CELLS // n)
            assert high - low == 1 or links[low:high].sum() <= grouping.BLOCK_LINKS
