"""Real files of one sentence a line, wmt16-enfi `clean/`: every title kept, <= 1% of lines
not content (the rules themselves: test_titles.py); the module skips where ../shared is
absent."""

from __future__ import annotations

from polyglance.corpus.clean import clean_document
from polyglance.corpus.decode import decode

from ..conftest import SHARED, require_module

WMT = require_module(SHARED / "dev" / "wmt16-enfi" / "clean")


def test_wmt16_clean_keeps_titles_and_content():
    files = sorted(WMT.glob("*.txt"))
    lines = non_content = 0
    for path in files:
        decoded = decode(path.read_bytes())
        doc = clean_document(path.name, decoded.text, decoded.encoding)
        assert doc.paragraphs[0].kind == "title", path.name
        lines += len(doc.paragraphs)
        non_content += sum(not p.is_content for p in doc.paragraphs)
    assert len(files) == 136
    assert non_content <= 0.01 * lines, non_content
