"""Templates and what they show: the Jinja2 environment (autoescaped), links, and the
view data of event and document pages built from the shared report code.

Templates come from ``serve/templates`` and, for the page bodies shared with the static
report, ``report/templates`` (see :mod:`episignal.report.templating`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from episignal.report.highlight import KIND_LABELS, collect_highlights, render_text, side_list
from episignal.report.templating import EventView, claim_href
from episignal.report.templating import environment as shared_environment
from episignal.report.templating import event_view as shared_event_view
from episignal.serve.source import DocumentView, EventRow

SERVE_TEMPLATES = Path(__file__).parent / "templates"


class WebLinks:
    """URLs of the workbench's pages (the static report uses file names: FileLinks)."""

    def event(self, event_id: object) -> str:
        return "/events/" + quote(str(event_id), safe="")

    def document(self, document_id: object) -> str:
        return "/documents/" + quote(str(document_id), safe="")

    def claim(self, claim: Mapping[str, Any]) -> str:
        return claim_href(self, claim)


LINKS = WebLinks()


def environment() -> Environment:
    """The workbench's templates over the ones shared with the static report."""
    env = shared_environment(FileSystemLoader(SERVE_TEMPLATES))
    env.globals["links"] = LINKS
    return env


def event_view(
    record: Mapping[str, Any], country_name: str, subnational: Sequence[EventRow]
) -> EventView:
    return shared_event_view(record, country_name, LINKS, subnational)


def document_markup(doc: DocumentView) -> tuple[Markup, Markup]:
    """The document's text with its extractions highlighted, and the side list."""
    text = doc.text or ""
    extraction = dict(doc.extraction or {})
    extraction["text"] = text
    highlights = collect_highlights(extraction)
    return Markup(render_text(text, highlights)), Markup(side_list(text, highlights))


KINDS = KIND_LABELS
