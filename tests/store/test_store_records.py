"""Rows the store writes for one extraction."""

from __future__ import annotations

import datetime as dt

from episignal.extract.context import TextContext
from episignal.extract.pipeline import extract_text
from episignal.prepare import fact_rows


def test_background_figures_are_not_facts() -> None:
    text = (
        "Uganda reported 12 new Marburg cases on Sunday. "
        "In 2012, the last Marburg outbreak in Uganda caused 20 cases."
    )
    published = dt.date(2014, 10, 10)
    extraction = extract_text(text, published)
    assert sorted(c.value for c in extraction.counts) == [12, 20]  # both extracted
    rows = fact_rows(TextContext(text, published), extraction)
    assert [row.value for row in rows] == [12]
