"""``episignal watch``: poll sources, process what is new, alert on what matters.

Public API:

* :func:`run_watch` — the watcher over a database and a :class:`WatchConfig`;
* :func:`build_watcher` — the same, with the seams (pipeline, event updates, clock,
  resolver) injectable;
* :func:`find_config` / :func:`load_config` — ``episignal.toml``;
* :func:`make_spec`, :func:`read_source_list` — sources from the command line, OPML, YAML;
* :func:`status_report` — what ``episignal status`` shows.

See docs/watch.md.
"""

from __future__ import annotations

from episignal.watch.config import load_config
from episignal.watch.loop import Watcher, WatchStats
from episignal.watch.service import build_watcher, find_config, run_watch, sync_sources
from episignal.watch.settings import WatchConfig
from episignal.watch.sources import make_spec, read_source_list
from episignal.watch.status import status_report

__all__ = [
    "WatchConfig",
    "WatchStats",
    "Watcher",
    "build_watcher",
    "find_config",
    "load_config",
    "make_spec",
    "read_source_list",
    "run_watch",
    "status_report",
    "sync_sources",
]
