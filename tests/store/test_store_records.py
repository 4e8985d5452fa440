"""Rows the store writes for one extraction."""

from __future__ import annotations

import datetime as dt

from episignal.extract.context import TextContext
from episignal.extract.pipeline import extract_text
from episignal.prepare import fact_rows


def _rows(text: str, published: dt.date) -> dict[int, str | None]:
    extraction = extract_text(text, published)
    return {row.value: row.exclusion for row in fact_rows(TextContext(text, published), extraction)}


def test_background_figures_are_kept_out_of_the_series_with_a_reason() -> None:
    text = (
        "Uganda reported 12 new Marburg cases on Sunday. "
        "In 2012, the last Marburg outbreak in Uganda caused 20 cases."
    )
    rows = _rows(text, dt.date(2014, 10, 10))
    assert rows[12] is None
    assert rows[20] is not None and rows[20].startswith("historical")


def test_figures_that_are_not_observed_national_counts_say_why() -> None:
    text = (
        "Kenya reported 40 new cholera cases on Monday. "
        "Globally, cholera causes an estimated 95,000 deaths each year. "
        "The ministry expects the outbreak could reach 500 cases by June. "
        "Of the cases, 12 health workers were infected at one hospital."
    )
    rows = _rows(text, dt.date(2023, 3, 6))
    assert rows[40] is None
    assert rows[95000] is not None and rows[95000].startswith("kind: estimate")
    assert rows[500] is not None and rows[500].startswith("kind: forecast")
    assert rows[12] is not None and rows[12].startswith("scope: facility")


def test_an_irrelevant_documents_figures_are_stored_but_never_enter_a_series() -> None:
    text = "The court heard 14 cases on Tuesday and 3 people were injured in a crash."
    rows = _rows(text, dt.date(2023, 3, 6))
    assert rows and all(reason and reason.startswith("not relevant") for reason in rows.values())
