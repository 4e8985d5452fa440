"""A stored document as the report's and the web app's document pages show it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from episignal.models.explain import DocumentFates


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document with its text, its extraction record (the ``episignal extract`` JSON
    contract, every span indexing ``text``) and, when known, the fate of its figures."""

    id: str
    status: str
    text: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    language: str | None = None
    reason: str | None = None
    duplicate_of: str | None = None
    extraction: Mapping[str, Any] | None = None
    fates: DocumentFates | None = None
