"""`polyglance index`: run the indexer with a progress bar on stderr and print a summary.

The bar shows the stage the indexer names in its progress callback (``what``), with the
stage's own count; it is drawn only on a terminal (a pipe or a log gets the summary).
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.table import Column
from rich.text import Text

from polyglance.corpus.indexer import Summary
from polyglance.corpus.walk import shown_name
from polyglance.tui.pipeline import index_corpus

from . import output


class CountColumn(ProgressColumn):
    """``done/total`` of the current stage; nothing while the stage has no count."""

    def render(self, task: Task) -> Text:
        if not task.total:
            return Text("")
        return Text(f"{int(task.completed)}/{int(task.total)}", style="progress.download")


def stage_text(what: str) -> str:
    """The stage as shown: printable, one line (``what`` may hold a file name)."""
    return shown_name(what) if what else "reading"


def run_index(
    root: Path,
    index_path: Path,
    quiet: bool = False,
    console: Console | None = None,
    parallel_folders: bool = True,
) -> Summary:
    console = console or Console(stderr=True)
    columns = (
        TextColumn(
            "{task.description}",
            markup=False,
            table_column=Column(no_wrap=True, overflow="ellipsis", max_width=48),
        ),
        BarColumn(),
        CountColumn(),
        TimeElapsedColumn(),
    )
    shown = not quiet and console.is_terminal
    with Progress(*columns, console=console, transient=True, disable=not shown) as bar:
        task = bar.add_task("starting", total=None)
        stage: list[object] = [None, None]  # the current stage's name and total

        def progress(done: int, total: int, what: str) -> None:
            nonlocal task
            description = stage_text(what)
            if [what, total] != stage:  # a new stage: its own count (none when total is 0)
                bar.remove_task(task)
                task = bar.add_task(description, total=total or None, completed=done)
                stage[:] = [what, total]
                bar.refresh()  # every stage is seen, however short
            else:
                bar.update(task, completed=done)

        summary = index_corpus(root, index_path, progress, parallel_folders=parallel_folders)
    if not quiet:
        output.print_summary(summary)
    return summary
