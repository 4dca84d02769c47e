"""`polyglance index`: run the indexer with a rich progress bar and print a summary."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from polyglance.corpus.indexer import Summary
from polyglance.corpus.pipeline import index_corpus

from . import cli_output


def run_index(root: Path, index_path: Path, quiet: bool = False) -> Summary:
    console = Console(stderr=True)
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True, disable=quiet) as bar:
        task = bar.add_task("indexing", total=None)

        def progress(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total)

        summary = index_corpus(root, index_path, progress)
    if not quiet:
        cli_output.print_summary(summary)
    return summary
