"""The bundled sample corpus: news articles written by the episignal team for demos and tests.

The articles are modelled on real reporting (figures and facts carry over, the sentences
are our own) and come in every format the scanner reads; see ``corpus/README.md``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_corpus_path() -> Path:
    """The folder holding the sample corpus (read it with ``episignal scan``)."""
    return Path(str(resources.files(__package__).joinpath("corpus")))


__all__ = ["sample_corpus_path"]
