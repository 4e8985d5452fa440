"""Extraction: what, where, when, how many and who said so, from clean English text."""
