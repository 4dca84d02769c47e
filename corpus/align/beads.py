"""Beads: the unit of a pairwise alignment, and their text form ``[0, 1]:[2]``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Bead:
    """Source and target unit indices aligned together; ``confidence`` is in [0, 1]."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    confidence: float = 1.0

    @property
    def kind(self) -> tuple[int, int]:
        """The bead type, e.g. ``(1, 2)``."""
        return (len(self.src), len(self.tgt))


def format_bead(b: Bead, confidence: bool = False) -> str:
    """``Bead((0, 1), (2,))`` -> ``"[0, 1]:[2]"``; an empty side is ``[]``. With
    ``confidence``, a tab and the bead's confidence follow (``"[0]:[0]\t0.973"``)."""
    text = f"[{', '.join(map(str, b.src))}]:[{', '.join(map(str, b.tgt))}]"
    return f"{text}\t{b.confidence:.3f}" if confidence else text


_BEAD = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*(?:\t\s*([01](?:\.\d*)?)\s*)?$")


def _ids(part: str) -> tuple[int, ...]:
    return tuple(int(x) for x in part.replace(",", " ").split())


def parse_beads(text: str) -> list[Bead]:
    """Parse one bead a line (a tab and a confidence may follow); blank lines and ``#``
    comments are skipped."""
    beads = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _BEAD.match(line)
        if m is None:
            raise ValueError(f"line {n}: not a bead: {line!r}")
        conf = float(m.group(3)) if m.group(3) else 1.0
        if conf > 1.0:
            raise ValueError(f"line {n}: confidence above 1: {line!r}")
        beads.append(Bead(_ids(m.group(1)), _ids(m.group(2)), conf))
    return beads


def check_beads(beads: Iterable[Bead], n_src: int, n_tgt: int) -> None:
    """Raise ``ValueError`` unless the beads are monotonic and cover both sides exactly once."""
    src: list[int] = []
    tgt: list[int] = []
    for b in beads:
        src.extend(b.src)
        tgt.extend(b.tgt)
        if not 0.0 <= b.confidence <= 1.0:
            raise ValueError(f"confidence out of range: {b}")
    if src != list(range(n_src)) or tgt != list(range(n_tgt)):
        raise ValueError("beads are not monotonic or do not cover every unit once")
