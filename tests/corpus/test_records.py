"""The paragraph kinds: one list, the Literal type and the tuples the code iterates over."""

from typing import get_args

from polyglance.corpus.classify import classify
from polyglance.corpus.records import CONTENT_KINDS, KINDS, NON_CONTENT_KINDS, ParagraphKind


def test_the_kind_tuples_are_the_literal_type():
    assert KINDS == CONTENT_KINDS + NON_CONTENT_KINDS
    assert len(set(KINDS)) == len(KINDS)
    assert set(KINDS) == set(get_args(ParagraphKind))


def test_classify_gives_only_known_kinds(demo_dir):
    for path in sorted(demo_dir.glob("*.txt")):
        texts = [t for t in path.read_text(encoding="utf-8").split("\n\n") if t.strip()]
        labels = classify(texts, ["en"] * len(texts), "en")
        assert {label.kind for label in labels} <= set(KINDS), path.name
