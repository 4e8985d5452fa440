"""The English profile: the words the English rules read, loaded once from ``en/rules.json``.

English is read by its own rules (``extract/diseases.py``, ``sources.py``, ``measures.py``,
``resources.py``, ``relevance.py``, ``context.py``, ``singles.py``, ``counts.py``,
``numbers.py``, ``dates.py``, ``linking.py``, ``meaning.py``, ``places.py``,
``clean/furniture.py``, ``clean/metadata.py``), not by the profile engine; their words live
in ``data_src/en/`` (one file per family), built by ``scripts/build_data.py`` into
``episignal/data/en/rules.json``. The rules keep the shapes of their regular expressions and
fill them with these words, in the order the data gives (the order of a regular expression's
alternatives).

    english("dates")["months"]        # [["january", "jan"], ["february", "feb"], ...]
    alternation(["log ?in", "sign in"], verbose=True)   # 'log\\ ?in|sign\\ in'
    spaced(["so far", "now"])                           # 'so\\s+far|now'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from episignal.data import load_json
from episignal.errors import DataError


def english(family: str) -> dict[str, Any]:
    """The words of one family of the English profile (``data_src/en/<family>.yaml``)."""
    rules: dict[str, dict[str, Any]] = load_json("en/rules.json")
    try:
        return rules[family]
    except KeyError:
        raise DataError(
            f"the English profile has no family {family!r}",
            hint="rebuild it with python scripts/build_data.py --only english",
        ) from None


def alternation(items: Iterable[str], *, verbose: bool = False) -> str:
    """The items as the alternatives of a regular expression, in their order. In a verbose
    pattern (``re.VERBOSE``) a space of the data stands for a space, so it is escaped."""
    if verbose:
        return "|".join(item.replace(" ", r"\ ") for item in items)
    return "|".join(items)


def spaced(items: Iterable[str]) -> str:
    """The items as the alternatives of a regular expression, in their order, any run of
    white space where an item has a space ("so far" matches "so" and "far" on two lines)."""
    return "|".join(item.replace(" ", r"\s+") for item in items)
