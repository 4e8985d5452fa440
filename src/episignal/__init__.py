"""episignal: epidemic intelligence from open sources."""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

# The sub-package is callable: episignal.extract(text, published=None) -> record.
from episignal import extract  # noqa: E402

__all__ = ["__version__", "extract"]
