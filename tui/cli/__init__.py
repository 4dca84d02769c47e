"""The command line: one module per command family; ``main`` is the entry point."""

from .commands import main

__all__ = ["main"]
