"""Sentence and paragraph alignment: pairwise dynamic programming and multi-way tables.

``align_pair(src, tgt)`` -> monotonic ``Bead``s covering every unit once (kinds 0-1, 1-0,
1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 2-3, 3-2, 1-4, 4-1, 3-3, 4-2, 2-4, 5-1, 1-5, 4-3, 3-4). Cost per bead: a Gale–Church length
cost with bead priors, a skip cost graded by length (halved at the start and end of a
text, the discount fading over the next ``edge_units``), minus a reward for shared
concepts (accent-folded, transliterated words of 4+ letters, fuzzy-matched, plus numbers,
also those inside words as in Japanese ``18歳``, and ``Lexicon`` pairs; rarity-weighted;
each counted once per bead; less what chance would give) scaled by how much the two texts actually share.
Texts above ``AlignParams.max_cells`` are aligned coarse first, then in a band.
``Bead.confidence`` is the estimated probability that the bead is right: a logistic model
(``confidence``) over its posterior under all paths (soft forward-backward, also over
rarer kinds the path never takes) and whether it starts inside a split sentence, fitted
on the dev sets. ``align_multi`` aligns every pair of texts, builds one table per pivot
text and keeps the table whose rows cost least under all the pairwise models; a row's
confidence (3+ texts) is a probability from what every pair says of it; see ``multi``.
``Lexicon.train`` learns word pairs from many aligned documents (IBM-1); ``align_batch``
aligns many pairs of one language pair with such a table pooled over them.
"""

from .batch import align_batch, learn_lexicon, lexicon_weight
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
    "align_batch",
    "align_multi",
    "align_pair",
    "check_beads",
    "evaluate",
    "format_bead",
    "learn_lexicon",
    "lexicon_weight",
    "parse_beads",
]
