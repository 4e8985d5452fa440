"""Run the extractors over one text in dependency order and assemble an Extraction."""

from __future__ import annotations

from datetime import date

from episignal.document import Extraction, LocationMention, Primary
from episignal.extract.context import TextContext
from episignal.extract.counts import find_counts
from episignal.extract.dates import find_dates
from episignal.extract.diseases import find_diseases
from episignal.extract.lang_engine import extract_with_profile
from episignal.extract.measures import find_measures, lowered_text
from episignal.extract.places import find_locations
from episignal.extract.relevance import RELEVANCE_THRESHOLD, score_relevance
from episignal.extract.resources import find_resources
from episignal.extract.ruler import scan_document
from episignal.extract.sources import find_sources
from episignal.lang.profile import is_supported, load_profile


def extract_text(
    text: str,
    published: date | None = None,
    *,
    title: str | None = None,
    language: str | None = "en",
) -> Extraction:
    """Extract diseases, places, dates, counts, sources, supplies and measures from clean text.

    Figures are read in every text, relevant or not, of any length: ``relevant`` says
    whether the text is outbreak news, and only the event builder gates on it. A language
    with a profile (``episignal/data/<lang>/``) is read through it; a language without one
    yields an empty, irrelevant Extraction with ``language`` set (the store marks it
    ``unsupported_language``); an undetermined one (short texts defeat detection) is read
    as English.
    """
    if not text.strip() or not is_supported(language):
        return Extraction(language=language)
    if language not in ("en", None):
        return extract_with_profile(text, published, title, load_profile(language))
    ctx = TextContext(text, published, title)
    scan_document(lowered_text(ctx))  # the lexicons read on every document, in one pass
    sources = find_sources(ctx)
    dates = find_dates(ctx)
    diseases = find_diseases(ctx)
    locations = find_locations(ctx, diseases)
    resources = find_resources(ctx, locations, dates)
    measures = find_measures(ctx, locations, dates)
    counts = find_counts(ctx, diseases, locations, dates, sources, resources)
    relevance = score_relevance(ctx, diseases, counts, measures)
    relevant = relevance >= RELEVANCE_THRESHOLD
    return Extraction(
        language=language,
        relevant=relevant,
        relevance=relevance,
        diseases=diseases,
        locations=locations,
        dates=dates,
        counts=counts,
        resources=resources,
        measures=measures,
        sources=sources,
        primary=Primary(
            diseases[0] if diseases and relevant else None, _affected_countries(locations)
        ),
    )


def _affected_countries(locations: list[LocationMention]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for loc in locations:
        if loc.affected and loc.country:
            seen.setdefault(loc.country, None)
    return tuple(seen)
