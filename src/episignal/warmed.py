"""Imported by the scan's fork server: lexicons and models loaded once, before any fork.

Every worker process is forked from the fork server, so it starts with what is loaded
here, and a worker replaced after a timeout costs no reloading.
"""

from __future__ import annotations

from episignal.pipeline import warm_up

warm_up()
