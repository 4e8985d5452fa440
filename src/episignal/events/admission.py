"""Which facts may enter an event's series, and why the others may not.

Only observed national and sub-national figures are drawn: a burden estimate, a
forecast, a target or a baseline is not a count of this outbreak; a world, regional,
multi-country, subset or facility figure is not the country's (or the area's) figure.
Every refusal has a reason in words: ``episignal explain`` and the report show it.
"""

from __future__ import annotations

import datetime as dt

from episignal.document import DocumentInfo, Fact
from episignal.models.inputs import KeyItem

OBSERVED = "observed"
SERIES_SCOPES = frozenset({"national", "subnational"})


def scope_of(fact: object) -> str | None:
    """The figure's scope (the extraction's ``scope`` field; missing = national)."""
    value = getattr(fact, "scope", None)
    return str(value) if value else None


def kind_of(fact: object) -> str | None:
    """The figure's kind (the extraction's ``kind`` field; missing = observed)."""
    value = getattr(fact, "kind", None)
    return str(value) if value else None


def figure_refusal(scope: str | None, kind: str | None, admin1: str | None) -> str | None:
    """Why a figure of this scope and kind stays out of series, or None when it may enter."""
    if kind is not None and kind != OBSERVED:
        return f"not an observation ({kind})"
    if scope is not None and scope not in SERIES_SCOPES:
        return (
            f"scope is {scope.replace('_', '-')}: only national and sub-national figures are drawn"
        )
    if scope == "subnational" and admin1 is None:
        return "sub-national figure whose first-level area is not known"
    return None


def report_date(fact: Fact, docs: dict[str, DocumentInfo] | None = None) -> dt.date | None:
    """When the figure was reported: publication date, else the text's as-of date."""
    if fact.published is not None:
        return fact.published
    doc = docs.get(fact.document_id) if docs is not None else None
    if doc is not None and doc.published is not None:
        return doc.published
    return fact.date


def fact_refusal(fact: Fact, docs: dict[str, DocumentInfo] | None = None) -> str | None:
    """Why a stored fact enters no event's series, or None when it may."""
    if not fact.disease:
        return "no disease: the figure names none and its document has no main disease"
    if not fact.country:
        return "no country: the text ties the figure to no country"
    if fact.exclusion:
        return fact.exclusion  # decided where the fact was made (not relevant, historical...)
    if report_date(fact, docs) is None:
        return "undated: neither the document nor the text gives a date"
    return figure_refusal(scope_of(fact), kind_of(fact), fact.admin1)


def item_admitted(item: KeyItem) -> bool:
    """Whether a key's item opens or extends an event (reports always, figures when drawn)."""
    if item.date is None:
        return False
    if item.source == "report":
        return True
    return not item.exclusion and figure_refusal(item.scope, item.kind, item.admin1) is None
