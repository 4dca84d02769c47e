"""Cleaning on invented pages from other site shapes (tests/fixtures/sites, see its README).

These prove that the heuristics are general: none of these sites, words or layouts
appear in the seeds.
"""

import json
from pathlib import Path

import pytest

from polyglance.corpus.clean import clean_document
from polyglance.corpus.decode import decode

SITES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"
EXPECTED = json.loads((SITES / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def case(request):
    name = request.param
    decoded = decode((SITES / name).read_bytes())
    return clean_document(name, decoded.text, decoded.encoding), EXPECTED[name]


def test_metadata(case):
    doc, expected = case
    got = {k: getattr(doc, k) for k in ("lang", "title", "source_url", "date")}
    assert got == {k: expected[k] for k in got}


def test_content_kept(case):
    doc, expected = case
    content = [p.text for p in doc.content]
    assert [s for s in expected["content_must_include"] if not any(s in c for c in content)] == []


def test_noise_removed_but_kept_labelled(case):
    doc, expected = case
    content = [p.text for p in doc.content]
    assert [s for s in expected["content_must_exclude"] if any(s in c for c in content)] == []
    everything = " ".join(p.text for p in doc.paragraphs)
    assert all(s in everything for s in expected["content_must_exclude"])


def test_demo_corpus_is_clean():
    demo = Path(__file__).resolve().parents[2] / "corpus" / "demo"
    files = sorted(demo.glob("*.txt"))
    assert len(files) >= 12
    for path in files:
        decoded = decode(path.read_bytes())
        doc = clean_document(path.name, decoded.text, decoded.encoding)
        assert doc.date, path.name
        content = " ".join(p.text for p in doc.content)
        for noise in ("Comments (", "Kommentare (", "Комментарии (", "![", "[Image", "http"):
            assert noise not in content, (path.name, noise)
