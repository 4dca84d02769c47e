"""Tests on the five seed documents of ../shared/seeds: each module skips as a whole where
they are absent (tests/conftest.require_module).

Each has a counterpart on the built-in demo corpus elsewhere in tests/, which runs anywhere;
these keep the real pages' checks where the seeds are present.
"""
