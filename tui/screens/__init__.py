"""Screens of the polyglance app."""
