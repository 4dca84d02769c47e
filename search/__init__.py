"""Fuzzy multilingual search over the index: plain Python, no UI."""

from .aligned import aligned_cells
from .build import build_search_index, update_search_index
from .fold import fold, fold_with_map, map_span
from .hit import Hit
from .query import SYNTAX_HELP, Query, Term, parse_query
from .searcher import Searcher

__all__ = [
    "SYNTAX_HELP",
    "Hit",
    "Query",
    "Searcher",
    "Term",
    "aligned_cells",
    "build_search_index",
    "fold",
    "fold_with_map",
    "map_span",
    "parse_query",
    "update_search_index",
]
