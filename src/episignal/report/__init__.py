"""The self-contained HTML report (index with map, event pages with charts, document pages).

    from episignal.report import write_report
    index = write_report(signals, events, load_documents, Path("report"))

It takes typed models (:mod:`episignal.models`) and never reads the store itself: the CLI
hands it the query layer's signals and events and a loader of documents.
"""

from episignal.report.html import Changes, write_report

__all__ = ["Changes", "write_report"]
