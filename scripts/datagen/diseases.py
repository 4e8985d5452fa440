"""Builder "diseases": the disease lexicon.

Reads every ``data_src/diseases/*.yaml`` (format: ``data_src/diseases/README.md``) and writes
``diseases.json``::

    {"diseases": [{"name", "icd10", "icd11", "pathogen", "host", "kind", "parents": [int, ...],
                   "eras": [{"from", "to", "disease": int}, ...]}, ...],
     "phrases": [[text, disease index, role, variant, case_sensitive, weak, icd10], ...]}

``role`` is ``"disease"`` (a name of the disease) or ``"pathogen"`` (a name of its agent, a
strain or a variant). A disease name that is also its virus's name ("measles" for the measles
virus, "HIV", "yellow fever") is a pathogen mention: the entry lists "<name> virus" among its
pathogens, unless the name is in ``disease_only`` ("avian influenza", "polio": news
annotators mark those as the disease). ``icd10`` is set on names that carry their own code (``icd10_by_name``: the WHO
outbreak dataset codes a disease reported as a "haemorrhagic fever" under A99). Spelling variants are generated here so the YAML stays readable:
British/American spellings ("haemorrhagic"/"hemorrhagic"), hyphens as spaces, straight and
curly apostrophes, and the tokenised spacing of feeds that split punctuation ("A ( H5N1 )").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from build_data import load_yaml, write_json

OUT_FILE = "diseases.json"
KINDS = ("specific", "generic", "catchall", "syndromic")
HOSTS = ("human", "animal", "both", "plant")
ROLES = ("disease", "pathogen")
# British <-> American spellings that recur in disease names.
SPELLINGS = (
    ("haemorrhagic", "hemorrhagic"),
    ("diarrhoea", "diarrhea"),
    ("aemia", "emia"),
    ("aetiology", "etiology"),
    ("gonorrhoea", "gonorrhea"),
    ("oedema", "edema"),
    ("paediatric", "pediatric"),
)
# Head nouns whose plural is generated ("MERS infections", "Lassa fevers").
PLURAL_HEADS = frozenset(["infection", "disease", "illness", "syndrome", "fever"])
_TOKENISED_PUNCT = re.compile(r"\s*([()\[\],'/’])\s*")
_ICD10 = re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$")


def build(src_dir: Path, out_dir: Path) -> list[dict[str, object]]:
    raw = load_entries(src_dir / "diseases")
    data = compile_lexicon(raw)
    write_json(out_dir / OUT_FILE, data)
    return [
        {
            "file": OUT_FILE,
            "source": "data_src/diseases/*.yaml (curated names; ICD-10 and ICD-11 codes from WHO)",
            "licence": "Apache-2.0 (curated lexicon)",
        }
    ]


def load_entries(folder: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.yaml")):
        doc = load_yaml(path) or {}
        items = doc.get("diseases")
        if not isinstance(items, list):
            raise ValueError(f"{path}: expected a 'diseases' list")
        entries.extend(items)
    return entries


def compile_lexicon(raw: list[dict[str, Any]]) -> dict[str, Any]:
    """Validate the curated entries and turn them into the packaged lexicon."""
    index = {}
    for i, entry in enumerate(raw):
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            raise ValueError(f"entry {i}: missing name")
        if name in index:
            raise ValueError(f"disease {name!r} defined twice")
        index[name] = i
    diseases = [disease_record(entry, index) for entry in raw]
    phrases = phrase_table(raw)
    return {"diseases": diseases, "phrases": phrases}


FIELDS = frozenset(
    [
        "name",
        "icd10",
        "icd11",
        "pathogen",
        "host",
        "kind",
        "parent",
        "names",
        "abbr",
        "weak",
        "pathogens",
        "pathogen_abbr",
        "variants",
        "weak_variants",
        "variant_compounds",
        "eras",
        "icd10_by_name",
        "disease_only",
    ]
)


def disease_record(entry: dict[str, Any], index: dict[str, int]) -> dict[str, Any]:
    name = entry["name"]
    unknown = sorted(set(entry) - FIELDS)
    if unknown:
        raise ValueError(f"{name}: unknown field(s) {', '.join(unknown)}")
    icd10 = entry.get("icd10")
    if icd10 is not None and not _ICD10.match(str(icd10)):
        raise ValueError(f"{name}: bad ICD-10 code {icd10!r}")
    kind = entry.get("kind", "specific")
    host = entry.get("host", "human")
    if kind not in KINDS or host not in HOSTS:
        raise ValueError(f"{name}: bad kind {kind!r} or host {host!r}")
    parents = entry.get("parent") or []
    if isinstance(parents, str):
        parents = [parents]
    for parent in parents:
        if parent not in index:
            raise ValueError(f"{name}: unknown parent {parent!r}")
    return {
        "name": name,
        "icd10": None if icd10 is None else str(icd10),
        "icd11": None if entry.get("icd11") is None else str(entry["icd11"]),
        "pathogen": entry.get("pathogen"),
        "host": host,
        "kind": kind,
        "parents": [index[p] for p in parents],
        "eras": [era_record(name, era, index) for era in entry.get("eras") or []],
    }


def era_record(name: str, era: dict[str, Any], index: dict[str, int]) -> dict[str, Any]:
    target = era.get("disease")
    if target not in index:
        raise ValueError(f"{name}: era names unknown disease {target!r}")
    start = iso_date(era.get("from"))
    end = iso_date(era.get("to"))
    if start is None:
        raise ValueError(f"{name}: era without 'from'")
    return {"from": start, "to": end, "disease": index[target]}


def iso_date(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(str(value)).isoformat()


def phrase_table(raw: list[dict[str, Any]]) -> list[list[Any]]:
    """Every surface form with what it denotes; a form may denote only one disease."""
    table: dict[tuple[str, bool], list[Any]] = {}
    for i, entry in enumerate(raw):
        named_codes = codes_by_name(entry)
        for text, role, variant, case_sensitive, weak in entry_forms(entry):
            key = (text if case_sensitive else text.lower(), case_sensitive)
            code = next((c for part, c in named_codes if part in text.lower()), None)
            row = [text, i, role, variant, case_sensitive, weak, code]
            previous = table.get(key)
            if previous is not None and previous[1] != i:
                raise ValueError(
                    f"form {text!r} names both {raw[previous[1]]['name']!r} and {entry['name']!r}"
                )
            if previous is not None and previous[5] != weak:
                raise ValueError(f"{entry['name']}: form {text!r} is both weak and not weak")
            # A variant form outranks the plain pathogen form of the same text.
            if previous is None or (variant is not None and previous[3] is None):
                table[key] = row
    return [table[k] for k in sorted(table)]


def codes_by_name(entry: dict[str, Any]) -> list[tuple[str, str]]:
    """(lower-case name part, ICD-10 code) pairs from ``icd10_by_name``."""
    pairs: list[tuple[str, str]] = []
    for code, parts in (entry.get("icd10_by_name") or {}).items():
        if not _ICD10.match(str(code)):
            raise ValueError(f"{entry['name']}: bad ICD-10 code {code!r} in icd10_by_name")
        pairs.extend((str(part).lower(), str(code)) for part in parts)
    return pairs


def entry_forms(entry: dict[str, Any]) -> Iterable[tuple[str, str, str | None, bool, bool]]:
    """(text, role, variant, case_sensitive, weak) for every form of one entry."""
    virus_names = {str(p).lower() for p in entry.get("pathogens") or []}
    virus_names |= {str(p).lower() for p in entry.get("pathogen_abbr") or []}
    disease_only = {str(n).lower() for n in entry.get("disease_only") or []}
    names = {str(n).lower() for n in entry.get("names") or []}

    def role(name: str) -> str:
        key = name.lower()
        if key in disease_only:
            return "disease"
        return "pathogen" if f"{key} virus" in virus_names else "disease"

    for text in entry.get("names") or []:
        for form in spelling_variants(str(text)):
            yield form, role(str(text)), None, False, False
            # "MERS infections": a longer form that runs into a plural would hide the shorter one.
            if form.rsplit(" ", 1)[-1].lower() in PLURAL_HEADS:
                yield form + "s", role(str(text)), None, False, False
    for text in entry.get("abbr") or []:
        yield str(text), role(str(text)), None, True, False
    for text in entry.get("weak") or []:
        yield str(text), role(str(text)), None, True, True
    for text in entry.get("pathogens") or []:
        for form in spelling_variants(str(text)):
            yield form, "pathogen", None, False, False
    for text in entry.get("pathogen_abbr") or []:
        yield str(text), "pathogen", None, True, False
    compounds = [str(c) for c in entry.get("variant_compounds") or []]
    for variant, texts in (entry.get("variants") or {}).items():
        for text in texts:
            # A clinical form named as the disease ("bubonic plague") keeps the name's role.
            kind = role(str(text)) if str(text).lower() in names else "pathogen"
            for form in variant_forms(str(text), compounds):
                yield form, kind, str(variant), False, False
    for variant, texts in (entry.get("weak_variants") or {}).items():
        for text in texts:
            yield str(text), "pathogen", str(variant), True, True


def variant_forms(text: str, compounds: list[str]) -> list[str]:
    """A variant's spellings, plus "H5N1 bird flu" / "bird flu H5N1" compounds for bare subtypes."""
    forms = spelling_variants(text)
    if not compounds:
        return forms
    if re.fullmatch(r"H\d+(N\d+|Nx)?", text):
        for compound in compounds:
            forms.extend(spelling_variants(f"{text} {compound}"))
            forms.extend(spelling_variants(f"{compound} {text}"))
    elif re.fullmatch(r"A ?\(H\d+(N\d+)?\)", text):  # "avian influenza A(H7N9)"
        for compound in compounds:
            if not compound.endswith(" A"):
                forms.extend(spelling_variants(f"{compound} {text}"))
    return list(dict.fromkeys(forms))


def spelling_variants(text: str) -> list[str]:
    """``text`` and its regular spelling variants, deduplicated, in a stable order."""
    forms = [text]
    for british, american in SPELLINGS:
        forms.extend(
            [f.replace(british, american) for f in forms]
            + [f.replace(american, british) for f in forms if american != "emia"]
        )
    forms.extend(f.replace("-", " ") for f in list(forms) if re.search(r"[A-Za-z]-[A-Za-z]", f))
    forms.extend(f.replace("'", "’") for f in list(forms) if "'" in f)
    forms.extend(f.replace("'", "") for f in list(forms) if "s' " in f)
    forms.extend(f.replace("St. ", "St ") for f in list(forms) if "St. " in f)
    forms.extend(tokenised(f) for f in list(forms))
    return list(dict.fromkeys(f for f in forms if f.strip()))


def tokenised(text: str) -> str:
    """The spacing of tokenised feeds: "A ( H5N1 )", "Legionnaires ' disease"."""
    spaced = _TOKENISED_PUNCT.sub(r" \1 ", text)
    return " ".join(spaced.split())
