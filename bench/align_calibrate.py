"""Fit and check the bead confidence model (corpus/align/confidence.py) on the dev sets.

    python bench/align_calibrate.py          # fit on all sets, print WEIGHTS and tables
    python bench/align_calibrate.py --check  # only the tables of the current WEIGHTS
    python bench/align_calibrate.py --features "bias,margin,skip"   # try other features

Beads come from the batch aligner (first pass, pooled word table, second pass), labelled
right when the identical bead is in the gold. Held-out figures never fit on the data they
judge: each half of Text+Berg 1957 is judged by weights fitted on the other half and the
other sets (the held-out Text+Berg 1989 is judged by weights fitted on all of 1957); each
other set (Bible, wmt16 with random merges: other genres) by weights fitted without it.
"""

from __future__ import annotations

import argparse
import sys
from itertools import pairwise
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import align_dev

from polyglance.corpus.align import multi
from polyglance.corpus.align.batch import pooled_lexicon
from polyglance.corpus.align.confidence import FEATURES, WEIGHTS, columns, logistic
from polyglance.corpus.align.pair import align_pair_details
from polyglance.corpus.align.testsets import make_multi, parse_ces

BINS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01)


def batch_features(batch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, right/wrong labels and 1-1 / skip / merge kind codes of a batch's beads."""
    jobs = [(d.src, d.tgt) for d in batch]
    lex = pooled_lexicon(jobs, [align_pair_details(s, t)[:2] for s, t in jobs])
    xs, ys, ks = [], [], []
    for d in batch:
        beads, _, x = align_pair_details(d.src, d.tgt, lexicon=lex)
        gold = {(b.src, b.tgt) for b in d.gold}
        keep = [k for k, b in enumerate(beads) if b.src or b.tgt]
        xs.append(x[keep])
        ys.extend((beads[k].src, beads[k].tgt) in gold for k in keep)
        ks.extend(0 if beads[k].kind == (1, 1) else 1 if 0 in beads[k].kind else 2 for k in keep)
    return np.concatenate(xs), np.array(ys, dtype=float), np.array(ks)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method; the bias is not penalised. Each set's beads
    are weighted so that every set counts about as much (``x``, ``y`` per bead)."""
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 0.0
    for _ in range(iters):
        p = logistic(x @ w)
        grad = x.T @ (p - y) + reg * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def auc(p: np.ndarray, y: np.ndarray) -> float:
    """Probability that a random right bead scores above a random wrong one."""
    pos, neg = p[y == 1], p[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    ranks[order] = np.arange(1, len(order) + 1)
    allp = np.concatenate([pos, neg])
    for v in np.unique(allp):  # average ranks of ties
        sel = allp == v
        ranks[sel] = ranks[sel].mean()
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def reliability(p: np.ndarray, y: np.ndarray) -> list[tuple[str, int, float, float]]:
    rows = []
    for lo, hi in pairwise(BINS):
        sel = (p >= lo) & (p < hi)
        if sel.any():
            rows.append(
                (f"[{lo:.2f}, {min(hi, 1.0):.2f})", int(sel.sum()), p[sel].mean(), y[sel].mean())
            )
    return rows


def flagged(p: np.ndarray, y: np.ndarray, threshold: float) -> tuple[float, float]:
    """Share of wrong beads and of right beads below ``threshold``."""
    low = p < threshold
    return float(low[y == 0].mean()) if (y == 0).any() else float("nan"), float(low[y == 1].mean())


def collect() -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    data = {}
    for name, batches in align_dev.dev_sets().items():
        parts = [batch_features(b) for b in batches]
        data[name] = tuple(np.concatenate([p[k] for p in parts]) for k in range(3))
    return data


def _weighted(data, names):
    """Stack sets, repeating none: each set's beads weighted to count as 500 beads."""
    xs, ys = [], []
    for n in names:
        x, y, _ = data[n]
        rep = max(1, round(500 / len(y)))
        xs.append(np.repeat(x, rep, axis=0) if rep > 1 else x)
        ys.append(np.repeat(y, rep) if rep > 1 else y)
        if len(y) > 1500:  # thin a big set
            sel = np.random.default_rng(0).choice(len(y), 1500, replace=False)
            xs[-1], ys[-1] = x[sel], y[sel]
    return np.concatenate(xs), np.concatenate(ys)


def select(data, features):
    """The sets with only the columns of ``features`` (names in ``CANDIDATES``)."""
    cols = columns(features)
    return {n: (x[:, cols], y, k) for n, (x, y, k) in data.items()}


def held_out(data, l2: float = 1.0, threshold: float = 0.7) -> dict[str, tuple]:
    """Set -> (AUC, wrong flagged, right flagged, probabilities, labels), every figure from
    weights fitted without the beads judged: ``tb57 half 1`` / ``half 2`` (fit on the other
    half and the other sets), the others left out in turn (tb57 with both halves)."""
    names = [n for n in data if n != "tb57-halves"]
    out = {}
    for n in data:
        others = [
            m for m in names if m != n and not (n.startswith("tb57") and m.startswith("tb57"))
        ]
        w = fit(*_weighted(data, others), l2=l2)
        x, y, _ = data[n]
        p = logistic(x @ w)
        out[n] = (auc(p, y), *flagged(p, y, threshold), p, y)
    if "tb57" in data:
        x, y, _ = data["tb57"]
        mid = len(y) // 2
        for k, (test, train) in enumerate(
            ((slice(0, mid), slice(mid, None)), (slice(mid, None), slice(0, mid))), 1
        ):
            rest = {m: data[m] for m in names if m != "tb57"}
            rest["tb57-train"] = (x[train], y[train], None)
            wh = fit(*_weighted(rest, list(rest)), l2=l2)
            p = logistic(x[test] @ wh)
            out[f"tb57 half {k}"] = (auc(p, y[test]), *flagged(p, y[test], threshold), p, y[test])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--threshold", type=float, default=0.7)
    ap.add_argument("--features", default=",".join(FEATURES))
    ap.add_argument("--l2", type=float, default=1.0)
    args = ap.parse_args()
    features = tuple(f.strip() for f in args.features.split(","))
    data = select(collect(), features)
    names = [n for n in data if n != "tb57-halves"]  # the halves are tb57 again
    if args.check:
        w = WEIGHTS
    else:
        w = fit(*_weighted(data, names), l2=args.l2)
        print("WEIGHTS = np.array([" + ", ".join(f"{v:.4f}" for v in w) + "])")
        for f, v in zip(features, w, strict=True):
            print(f"  {f:18s} {v:+.3f}")
    print()
    print(f"held out (never fitted on the beads judged), flagged below {args.threshold}")
    print(
        "set            beads  wrong  AUC in-sample  AUC held out  logloss  wrong flagged  right flagged"
    )
    ho = held_out(data, args.l2, args.threshold)
    for n, (a, wf, rf, po, y) in ho.items():
        x = data[n][0] if n in data else None
        ins = f"{auc(logistic(x @ w), y):13.3f}" if x is not None else f"{'':13s}"
        ll = -np.mean(y * np.log(po + 1e-12) + (1 - y) * np.log(1 - po + 1e-12))
        print(
            f"{n:14s} {len(y):5d}  {int((y == 0).sum()):5d}  {ins}  {a:12.3f}"
            f"  {ll:7.3f}  {wf:13.2f}  {rf:13.2f}"
        )
    print("\nflagged below each threshold: wrong beads / right beads")
    ths = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)
    print("set           " + "".join(f"{t:>12.2f}" for t in ths))
    for n in data:
        x, y, _ = data[n]
        p = logistic(x @ w)
        cells = "".join(f"{a:>6.2f}/{b:.2f}" for a, b in (flagged(p, y, t) for t in ths))
        print(f"{n:14s}{cells}")
    x = np.concatenate([data[n][0] for n in names])
    y = np.concatenate([data[n][1] for n in names])
    k = np.concatenate([data[n][2] for n in names])
    p = logistic(x @ w)
    if (align_dev.DEV / "bible-nt").exists():
        rows_calibration(not args.check)
    print("\nreliability, all sets: confidence bin, beads, mean confidence, share right")
    for row in reliability(p, y):
        print(f"  {row[0]}  {row[1]:5d}  {row[2]:.2f}  {row[3]:.2f}")
    for code, label in ((0, "1-1"), (1, "1-0/0-1"), (2, "merges")):
        sel = k == code
        if sel.any():
            print(
                f"  {label:8s} beads {int(sel.sum()):5d}  mean conf {p[sel].mean():.2f}  right {y[sel].mean():.2f}"
            )


#: languages of the multi-way tables (rows of 3+ texts), and the chapters they cover
MULTI_LANGUAGES = ("Zulu", "Latvian", "Basque", "Swahili", "Ukranian", "Gujarati")
MULTI_CHAPTERS = [("MAR", c) for c in range(1, 9)]


def multi_rows() -> list[tuple[int, np.ndarray, np.ndarray, np.ndarray]]:
    """Per Bible chapter: (chapter, row features, right/wrong, the old confidence: the least
    of the pivot's beads), over tables of 3, 4 and 6 of ``MULTI_LANGUAGES``."""
    d = align_dev.DEV / "bible-nt"
    books = [
        parse_ces(next(d.glob(f"{x}-*.xml")).read_text(encoding="utf-8")) for x in MULTI_LANGUAGES
    ]
    out = []
    for c, ch in enumerate(MULTI_CHAPTERS):
        for k, langs in enumerate(((0, 1, 2), (1, 3, 4, 5), (0, 1, 2, 3, 4, 5))):
            doc = make_multi([dict(books[x][ch]) for x in langs], seed=100 * c + k)
            rows, pairs = multi._align_pairs(doc.texts, None, {})
            gold = set(doc.gold)
            x = np.array(multi.row_features(rows, pairs))
            y = np.array([r.cells in gold for r in rows], dtype=float)
            out.append((c, x, y, np.array([r.confidence for r in rows])))
    return out


def rows_calibration(fit_weights: bool) -> tuple[float, ...]:
    """Fit (or check) ``multi.ROW_WEIGHTS``; held out: each half of the chapters judged by
    weights fitted on the other half."""
    data = multi_rows()
    half = len(MULTI_CHAPTERS) // 2

    def stack(sel):
        parts = [p for p in data if sel(p[0])]
        x = np.concatenate([p[1] for p in parts])
        return (
            np.hstack([np.ones((len(x), 1)), x]),
            np.concatenate([p[2] for p in parts]),
            np.concatenate([p[3] for p in parts]),
        )

    x, y, _ = stack(lambda c: True)
    w = fit(x, y) if fit_weights else np.array(multi.ROW_WEIGHTS)
    print("\nrows of 3-6 Bible texts (random groupings per text): right vs wrong rows")
    if fit_weights:
        print("ROW_WEIGHTS = (" + ", ".join(f"{v:.4f}" for v in w) + ")")
    print(
        "chapters      rows  wrong  AUC old (min)  AUC  held-out AUC  wrong flagged  right flagged"
    )
    for label, test in (("first half", lambda c: c < half), ("second half", lambda c: c >= half)):
        xt, yt, ot = stack(test)
        xf, yf, _ = stack(lambda c, test=test: not test(c))
        p = logistic(xt @ fit(xf, yf))
        wf, rf = flagged(p, yt, 0.7)
        print(
            f"{label:12s} {len(yt):5d}  {int((yt == 0).sum()):5d}  {auc(ot, yt):13.3f}"
            f"  {auc(logistic(xt @ w), yt):.3f}  {auc(p, yt):12.3f}  {wf:13.2f}  {rf:13.2f}"
        )
    p = logistic(x @ w)
    for row in reliability(p, y):
        print(f"  {row[0]}  {row[1]:5d}  {row[2]:.2f}  {row[3]:.2f}")
    return tuple(w)


if __name__ == "__main__":
    main()
