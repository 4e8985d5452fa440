"""The one-call Python API: ``episignal.extract(text, published=None)``."""

from __future__ import annotations

from datetime import date
from typing import Any


def extract(
    text: str, published: date | str | None = None, *, title: str | None = None
) -> dict[str, Any]:
    """Extract one text and return the record of the extraction contract (docs/extraction.md).

    Figures are read in any text, of any length, relevant or not: ``relevant`` says whether
    it is outbreak news, and each count's ``scope`` and ``kind`` say what it is. The language
    is detected (a text too short to tell is read as English) and the text is read through
    that language's profile (docs/languages.md); a language without a profile yields empty
    lists and ``relevant: false``.
    """
    from episignal.clean.lang import detect_language
    from episignal.document import Document, extraction_to_dict
    from episignal.extract.pipeline import extract_text

    when = date.fromisoformat(published) if isinstance(published, str) else published
    language = detect_language(text)
    doc = Document(
        id="text", text=text, origin="api", title=title, published=when, language=language
    )
    return extraction_to_dict(doc, extract_text(text, when, title=title, language=language))
