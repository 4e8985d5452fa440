"""episignal: epidemic intelligence from open sources."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def extract(
    text: str, published: date | str | None = None, *, title: str | None = None
) -> dict[str, Any]:
    """Extract one text and return the record of the extraction contract (docs/extraction.md).

    The language is detected; a non-English text yields empty lists and ``relevant: false``.
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


__all__ = ["__version__", "extract"]
