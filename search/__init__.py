"""Fuzzy multilingual search over the index: plain Python, no UI."""
