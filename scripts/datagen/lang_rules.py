"""Shared checks of the language builder and the inflection of names (data_src/<lang>/).

Inflection is data: a profile lists ``inflection.names`` and ``inflection.adjectives``, each a
list of ``[ending, [form, form, ...]]`` rules with one form per grammatical slot (Russian:
genitive, dative, accusative, instrumental, prepositional; French adjectives: feminine,
masculine plural, feminine plural). Each word of a phrase takes the first rule whose ending
it has, and the phrase's forms are built slot by slot, so that "Северная Корея" gives
"Северной Корее" and "Северную Корею", never "Северная Корее". A word no rule fits stays
as it is (indeclinable names), and so does a word listed in ``inflection.keep`` (genitive
attributes: "чума свиней") or one that does not end in a letter ("covid-19").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Rule = tuple[str, tuple[str, ...]]


def check_keys(doc: Any, allowed: Iterable[str], where: str) -> None:
    if not isinstance(doc, dict):
        raise ValueError(f"{where}: expected a mapping, got {type(doc).__name__}")
    unknown = sorted(set(map(str, doc)) - set(allowed))
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {unknown}; known: {sorted(allowed)}")


def phrase(item: Any, where: str) -> str:
    if not isinstance(item, str | int) or not str(item).strip():
        raise ValueError(f"{where}: phrases must be non-empty strings, got {item!r}")
    return " ".join(str(item).lower().split())


def phrase_list(items: Any, where: str) -> list[str]:
    if not isinstance(items, list):
        raise ValueError(f"{where}: expected a list of phrases, got {items!r}")
    return sorted({phrase(item, where) for item in items})


def phrase_map(doc: dict[str, Any], where: str) -> dict[str, list[str]]:
    return {str(k): phrase_list(v, f"{where}.{k}") for k, v in sorted(doc.items())}


def weighted(doc: dict[str, Any], where: str) -> dict[str, float]:
    out = {}
    for key, value in doc.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{where}: {key!r} needs a weight, not {value!r}")
        out[phrase(key, where)] = float(value)
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class Inflector:
    """Generates the inflected forms of names and adjectives from a profile's rules."""

    names: tuple[Rule, ...] = ()
    adjectives: tuple[Rule, ...] = ()
    keep: frozenset[str] = frozenset()

    @classmethod
    def from_rules(cls, doc: dict[str, Any], where: str) -> Inflector:
        check_keys(doc, ("names", "adjectives", "keep"), f"{where}.inflection")
        return cls(
            names=_rules(doc.get("names") or [], f"{where}.inflection.names"),
            adjectives=_rules(doc.get("adjectives") or [], f"{where}.inflection.adjectives"),
            keep=frozenset(str(w).lower() for w in doc.get("keep") or []),
        )

    def nouns(self, phrases: Iterable[str]) -> list[str]:
        return _expand(phrases, self.names, self.keep)

    def adjective_forms(self, phrases: Iterable[str]) -> list[str]:
        return _expand(phrases, self.adjectives, self.keep)


def _rules(items: list[Any], where: str) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    width = None
    for item in items:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], list)):
            raise ValueError(f"{where}: a rule is [ending, [forms...]], not {item!r}")
        forms = tuple(str(f) for f in item[1])
        if width is not None and len(forms) != width:
            raise ValueError(f"{where}: rule {item!r} has {len(forms)} forms, others {width}")
        width = len(forms)
        rules.append((str(item[0]), forms))
    return tuple(rules)


def _expand(phrases: Iterable[str], rules: tuple[Rule, ...], keep: frozenset[str]) -> list[str]:
    out: set[str] = set()
    for text in phrases:
        out.add(text)
        out.update(_inflect(text, rules, keep))
    return sorted(out)


def _inflect(text: str, rules: tuple[Rule, ...], keep: frozenset[str]) -> list[str]:
    """The phrase in every slot of the rules (each word by its own rule), or nothing."""
    if not rules:
        return []
    width = len(rules[0][1])
    per_word = [
        None if word.lower() in keep or not word[-1].isalpha() else _word_forms(word, rules, width)
        for word in text.split(" ")
    ]
    if all(forms is None for forms in per_word):
        return []
    return [
        " ".join(
            word if forms is None else forms[slot]
            for word, forms in zip(text.split(" "), per_word, strict=True)
        )
        for slot in range(width)
    ]


def _word_forms(word: str, rules: tuple[Rule, ...], width: int) -> tuple[str, ...] | None:
    for ending, forms in rules:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stem = word[: len(word) - len(ending)]
            return tuple(stem + form for form in forms)
    return None
