"""Imported by the scan's fork server: lexicons and models loaded once, before any fork.

Every worker process is forked from the fork server, so it starts with what is loaded
here, and a worker replaced after a timeout costs no reloading.
"""

from __future__ import annotations

from episignal.pipeline import PipelineSettings, warm_up

# Extraction only: each worker's own warm-up then prepares a row if its pipeline stores them
# (datasketch is preloaded for those pipelines: see ROWS_PRELOAD).
warm_up(PipelineSettings(rows=False))
