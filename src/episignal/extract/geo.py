"""Access to the packaged gazetteer (``episignal/data/gazetteer.json``), loaded once.

Other extractors use :func:`country_code` and :func:`country_name` to turn a country
name, abbreviation or demonym into an ISO 3166-1 alpha-2 code and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from episignal.data import load_json
from episignal.document import LocationKind

NameRole = Literal["name", "abbr", "demonym", "postal", "block"]
GAZETTEER_FILE = "gazetteer.json"


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: a country, a subdivision or a city."""

    index: int
    name: str
    kind: LocationKind | Literal["block"]  # "block": a pseudo-place of blocking phrases
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    prior: int  # population, or a fixed weight for subdivisions: ranks ambiguous readings


class Gazetteer:
    """The packaged gazetteer; :class:`Place` objects are made on first use (fast start)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._rows: list[list[Any]] = data["places"]
        # (phrase, place index, role), as stored
        self.names: list[list[Any]] = data["names"]
        self.rules: dict[str, Any] = data["rules"]
        self._made: dict[int, Place] = {}
        self.country_index: dict[str, int] = {
            row[2]: i for i, row in enumerate(self._rows) if row[1] == "country"
        }

    def __len__(self) -> int:
        return len(self._rows)

    def kind(self, index: int) -> str:
        """The kind of place ``index`` without building its :class:`Place`."""
        return str(self._rows[index][1])

    def indexes_of_kinds(self, *kinds: str) -> frozenset[int]:
        """The indexes of the places of these kinds, without building their Places."""
        return frozenset(i for i, row in enumerate(self._rows) if row[1] in kinds)

    def place(self, index: int) -> Place:
        made = self._made.get(index)
        if made is None:
            name, kind, country, admin1, lat, lon, gid, prior = self._rows[index]
            made = Place(index, name, kind, country, admin1, lat, lon, gid, prior)
            self._made[index] = made
        return made


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, parsed once per process."""
    return Gazetteer(load_json(GAZETTEER_FILE))


@cache
def _country_lookup() -> dict[str, str]:
    """Lower-cased country name, abbreviation or demonym -> ISO2 (the most populous reading)."""
    gaz = gazetteer()
    best: dict[str, Place] = {}
    # Countries are found by their rows, without a Place for each of the hundred thousand
    # names (this ran inside the first document that names a country's demonym).
    countries = gaz.indexes_of_kinds("country")
    for phrase, index, role in gaz.names:
        if index not in countries:
            continue
        place = gaz.place(index)
        key = phrase if role == "abbr" else phrase.lower()
        current = best.get(key)
        if current is None or place.prior > current.prior:
            best[key] = place
    return {key: place.country for key, place in best.items()}


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country name, abbreviation or demonym, else None.

    ``country_code("Democratic Republic of the Congo") == "CD"``,
    ``country_code("North Korean") == "KP"``, ``country_code("U.S.") == "US"``; an ISO2 code
    itself is returned as is. Abbreviations are matched with their exact case.
    """
    text = " ".join(name.split())
    if not text:
        return None
    lookup = _country_lookup()
    if text in lookup:  # abbreviations keep their case ("US", "U.S.")
        return lookup[text]
    key = text.lower()
    if key.startswith("the "):
        key = key[4:]
    if key in lookup:
        return lookup[key]
    upper = text.upper()
    if len(upper) == 2 and upper in gazetteer().country_index:
        return upper
    return None


def country_name(code: str) -> str | None:
    """The common English name of an ISO2 code ("CD" -> "Democratic Republic of the Congo")."""
    gaz = gazetteer()
    index = gaz.country_index.get(code.strip().upper())
    return None if index is None else gaz.place(index).name
