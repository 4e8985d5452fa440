"""The self-contained HTML report (index with map, event pages with charts, document pages).

from episignal.report import write_report
index = write_report(events, documents, Path("report"))
"""

from episignal.report.html import write_report

__all__ = ["write_report"]
