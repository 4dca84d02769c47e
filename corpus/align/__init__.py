"""Sentence and paragraph alignment: pairwise dynamic programming and multi-way tables."""
