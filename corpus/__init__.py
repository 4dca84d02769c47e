"""Cleaning, language, grouping, alignment and the SQLite index: plain Python, no UI."""
