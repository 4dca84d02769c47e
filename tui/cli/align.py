"""`polyglance align` (one pair, or a batch of jobs) and `polyglance align-eval`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from polyglance.corpus import config as config_mod

from . import output
from .common import EXIT_OK, UsageError

ALIGN_HELP = "align two files, one unit per line, or a batch of pairs; print one bead a line"
ALIGN_DESCRIPTION = """\
Align two files, one unit (sentence or paragraph) a line, and print one bead a line:
  [0, 1]:[2]      source units 0 and 1 with target unit 2 (0-based; [] for none)
With --jobs FILE --out DIR, align every job of FILE, one a line:
  NAME<TAB>SRC<TAB>TGT   (SRC and TGT relative to FILE's folder; # starts a comment)
and write each job's beads to DIR/NAME. The word evidence learned from the texts (a
second pass with a word table learned from the first) is pooled over all the jobs of one
language pair. --confidence appends a tab and each bead's confidence in [0, 1]: the
estimated probability that the bead is right."""


def add_align_parser(commands) -> None:
    p = commands.add_parser(
        "align",
        help=ALIGN_HELP,
        description=ALIGN_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("src", metavar="SRC", nargs="?")
    p.add_argument("tgt", metavar="TGT", nargs="?")
    p.add_argument("--jobs", metavar="FILE", help="align a batch: one NAME<TAB>SRC<TAB>TGT a line")
    p.add_argument("--out", metavar="DIR", help="with --jobs: the folder for the bead files")
    p.add_argument(
        "--confidence", action="store_true", help="append a tab and each bead's confidence"
    )
    p.add_argument("--config", metavar="FILE", help="the config file (default: see README)")


def read_units(path: Path) -> list[str]:
    """One unit a line; any encoding (decoded as indexing does when not UTF-8)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UsageError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise UsageError(f"{path}: is a folder, not a file") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from polyglance.corpus.decode import Unreadable, decode

        try:
            text = decode(data).text
        except Unreadable as exc:
            raise UsageError(f"{path}: {exc}") from exc
    text = text.removeprefix("\ufeff")
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


@dataclass(frozen=True)
class AlignJob:
    name: str
    src: Path
    tgt: Path


def read_jobs(path: Path) -> list[AlignJob]:
    """The jobs of a jobs file; every problem is a ``UsageError`` naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise UsageError(f"{path}: no such jobs file") from exc
    except (UnicodeDecodeError, IsADirectoryError) as exc:
        raise UsageError(f"{path}: cannot read the jobs file ({exc})") from exc
    base = path.parent
    jobs: list[AlignJob] = []
    names: set[str] = set()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.rstrip("\r").split("\t")
        where = f"{path}, line {n}"
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise UsageError(f"{where}: expected NAME<TAB>SRC<TAB>TGT, got {line!r}")
        name, src, tgt = (p.strip() for p in parts)
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise UsageError(f"{where}: the name {name!r} must stay inside the output folder")
        if name in names:
            raise UsageError(f"{where}: the name {name!r} is used twice")
        names.add(name)
        job = AlignJob(name, base / src, base / tgt)
        for f in (job.src, job.tgt):
            if not f.is_file():
                raise UsageError(f"{where}: {f}: no such file")
        jobs.append(job)
    return jobs


def _language(units: list[str]) -> str:
    from polyglance.corpus.language import identify

    return identify("\n".join(units)).lang


def _write(beads, confidence: bool) -> str:
    from polyglance.corpus.align import format_bead

    return "".join(format_bead(b, confidence) + "\n" for b in beads)


def align_jobs(jobs: list[AlignJob], out: Path, confidence: bool) -> dict[tuple[str, str], int]:
    """Align every job, pooling the learned word table per language pair; returns the
    number of jobs per (unordered) language pair."""
    from polyglance.corpus.align import align_batch

    texts = [(read_units(j.src), read_units(j.tgt)) for j in jobs]
    langs = [(_language(s), _language(t)) for s, t in texts]
    groups: dict[tuple[str, str], list[int]] = {}
    for k, (a, b) in enumerate(langs):
        groups.setdefault((min(a, b), max(a, b)), []).append(k)
    results: dict[int, list] = {}
    for pair in sorted(groups):
        members = groups[pair]
        reversed_jobs = {pos for pos, k in enumerate(members) if langs[k][0] != pair[0]}
        beads = align_batch([texts[k] for k in members], reversed_jobs=reversed_jobs)
        results.update(zip(members, beads, strict=True))
    out.mkdir(parents=True, exist_ok=True)
    for k, job in enumerate(jobs):
        target = out / job.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_write(results[k], confidence), encoding="utf-8")
    return {pair: len(members) for pair, members in groups.items()}


def cmd_align(args: argparse.Namespace, config: config_mod.Config) -> int:
    if args.jobs:
        if args.src or args.tgt:
            raise UsageError("align: give either SRC TGT or --jobs FILE --out DIR, not both")
        if not args.out:
            raise UsageError("align --jobs FILE needs --out DIR")
        jobs = read_jobs(Path(args.jobs))
        pairs = align_jobs(jobs, Path(args.out), args.confidence)
        summary = ", ".join(f"{a}-{b} {n}" for (a, b), n in sorted(pairs.items()))
        output.message(f"aligned {len(jobs)} jobs -> {args.out} ({summary or 'none'})")
        return EXIT_OK
    if args.out:
        raise UsageError("align: --out goes with --jobs FILE")
    if not (args.src and args.tgt):
        raise UsageError("align needs SRC TGT, or --jobs FILE --out DIR")
    from polyglance.corpus.align import align_pair

    beads = align_pair(read_units(Path(args.src)), read_units(Path(args.tgt)))
    sys.stdout.write(_write(beads, args.confidence))
    return EXIT_OK


def cmd_align_eval(args: argparse.Namespace, config: config_mod.Config) -> int:
    from polyglance.corpus.align import evaluate, parse_beads

    try:
        gold = parse_beads(Path(args.gold).read_text(encoding="utf-8"))
        test = parse_beads(Path(args.test).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise UsageError(f"cannot read beads: {exc}") from exc
    scores = evaluate([gold], [test])
    if args.json:
        output.print_json(output.scores_json(scores))
    else:
        output.print_scores(scores)
    return EXIT_OK
