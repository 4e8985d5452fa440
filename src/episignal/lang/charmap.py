"""A character-for-character map over a text (letter folding, digit sets), made fast.

Folding (Arabic أ -> ا, Russian ё -> е) and digit normalisation (٣٩٢ -> 392) must keep
offsets, so they map one character to one character, which is what ``str.translate``
does. But ``translate`` looks up every character of the text in a dictionary: about a
tenth of a millisecond per thousand characters, whether any character changes or not,
which was a tenth of the profile engine's time per article. A map rarely lists more
than a few dozen characters, so :class:`CharMap` applies it as one ``str.replace`` per
listed character instead (each a scan in C, and no copy when the character is absent).
That gives what ``translate`` gives only when no character is both mapped and a target
(a -> b, b -> c would turn a into c): such a map keeps ``translate``.
"""

from __future__ import annotations

from collections.abc import Mapping


class CharMap:
    """``text`` with each character of ``table`` replaced by its one-character image."""

    __slots__ = ("_pairs", "_table")

    def __init__(self, table: Mapping[str, str]) -> None:
        for source, target in table.items():
            if len(source) != 1 or len(target) != 1:
                raise ValueError(
                    f"a character map maps one character to one character, not "
                    f"{source!r}->{target!r}"
                )
        pairs = tuple((s, t) for s, t in table.items() if s != t)
        self._pairs = pairs
        chained = not {s for s, _ in pairs} & {t for _, t in pairs}
        self._table = None if chained else str.maketrans(dict(pairs))

    def __bool__(self) -> bool:
        return bool(self._pairs)

    def __call__(self, text: str) -> str:
        if self._table is not None:
            return text.translate(self._table)
        for source, target in self._pairs:
            text = text.replace(source, target)
        return text
