"""Widgets of the polyglance app."""
