"""Sentence and paragraph alignment: pairwise dynamic programming and multi-way tables."""

from .beads import Bead, check_beads, format_bead, parse_beads
from .lexicon import Lexicon
from .multi import Row, align_multi
from .pair import align_pair
from .params import KINDS, SIGNALS, AlignParams
from .scoring import Scores, evaluate

__all__ = [
    "KINDS",
    "SIGNALS",
    "AlignParams",
    "Bead",
    "Lexicon",
    "Row",
    "Scores",
    "align_multi",
    "align_pair",
    "check_beads",
    "evaluate",
    "format_bead",
    "parse_beads",
]
