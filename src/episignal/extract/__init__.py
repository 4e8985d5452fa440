"""Extraction: what, where, when, how many and who said so, from clean English text.

``episignal.extract`` is both this sub-package and the documented one-call API
``episignal.extract(text, published=None)``. Python binds a sub-package to its parent's
attribute on import, which would shadow a function of the same name, so the package
module itself is made callable and forwards to :func:`episignal.api.extract`.
"""

from __future__ import annotations

import sys
import types
from datetime import date
from typing import Any


class _CallableModule(types.ModuleType):
    def __call__(
        self, text: str, published: date | str | None = None, *, title: str | None = None
    ) -> dict[str, Any]:
        from episignal.api import extract

        return extract(text, published, title=title)


sys.modules[__name__].__class__ = _CallableModule
