"""The Textual app and the command line, thin over polyglance.corpus and polyglance.search."""
