"""Builder "sources": who reports outbreak figures, and the cues of outbreak news.

Reads ``data_src/sources/{sources,attribution}.yaml`` and writes ``sources.json``::

    {"entries": [{"name", "kind", "names": [...], "exact": [...],
                  "attribution": bool, "adjacent": bool, "generic": bool, "role": bool}, ...],
     "attribution": ["according to", "said", ...],
     "not_sources": ["local government area", ...],   # phrases that block names inside them
     "not_person_words": ["The", "Officials", ...],   # words that start no speaker's name
     "organisation_words": ["Center", "Health", ...]}  # words that make a name no person's

and ``data_src/relevance/cues.yaml`` into ``relevance.json``::

    {"bias": float, "features": {name: float},
     "strong": {phrase: weight}, "weak": {phrase: weight}, "negative": {phrase: weight}}

Both are checked here (known kinds, no phrase claimed by two entries with different
meanings, signs of weights) so that a bad edit fails the build, not a run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from build_data import load_yaml, write_json

SOURCES_FILE = "sources.json"
RELEVANCE_FILE = "relevance.json"
KINDS = frozenset({"government", "agency", "media", "who", "other"})
GROUPS = ("who", "agencies", "government", "media", "other")
FEATURES = frozenset(
    {
        "disease",
        "disease_mentions",
        "disease_mentions_cap",
        "disease_in_title",
        "disease_early",
        "linked_count",
        "linked_count_cap",
        "epi_count",
        "epi_count_more",
        "epi_count_cap",
        "measure",
        "measure_cap",
        "strong_cap",
        "weak_cap",
        "negative_cap",
        "negative_with_disease",
        "occurrence",
        "no_occurrence",
        "second_person",
        "first_person",
        "person_allowance",
        "person_cap",
        "genre_cap",
        "count_outside_share",
        "epi_cue_weight",
        "disease_share_full",
    }
)


def build(src_dir: Path, out_dir: Path) -> list[dict[str, object]]:
    write_json(out_dir / SOURCES_FILE, build_sources(src_dir / "sources"))
    write_json(out_dir / RELEVANCE_FILE, build_relevance(src_dir / "relevance"))
    return [
        {
            "file": SOURCES_FILE,
            "source": "data_src/sources/*.yaml (curated names of agencies, outlets and roles)",
            "licence": "Apache-2.0 (curated facts: organisation names and acronyms)",
        },
        {
            "file": RELEVANCE_FILE,
            "source": "data_src/relevance/cues.yaml (curated cue words and hand-set weights)",
            "licence": "Apache-2.0 (curated)",
        },
    ]


# --------------------------------------------------------------------------- sources


def build_sources(src: Path) -> dict[str, Any]:
    raw = load_yaml(src / "sources.yaml")
    entries = [source_entry(item) for group in GROUPS for item in raw.get(group) or []]
    check_unique_phrases(entries)
    cues = sorted({str(c).strip().lower() for c in load_yaml(src / "attribution.yaml")["cues"]})
    skip = sorted({" ".join(str(p).split()) for p in raw.get("not_sources") or []})
    not_persons = sorted({str(w) for w in raw.get("not_person_words") or []})
    organisation = sorted({str(w) for w in raw.get("organisation_words") or []})
    return {
        "entries": entries,
        "attribution": cues,
        "not_sources": skip,
        "not_person_words": not_persons,
        "organisation_words": organisation,
    }


def source_entry(item: dict[str, Any]) -> dict[str, Any]:
    name = str(item["name"]).strip()
    kind = str(item["kind"])
    if kind not in KINDS:
        raise ValueError(f"source {name!r}: unknown kind {kind!r}")
    names = sorted({" ".join(str(n).split()) for n in item.get("names") or []})
    exact = sorted({" ".join(str(n).split()) for n in item.get("exact") or []})
    if not names and not exact:
        raise ValueError(f"source {name!r} has no names")
    return {
        "name": name,
        "kind": kind,
        "names": names,
        "exact": exact,
        "attribution": bool(item.get("attribution", False)),
        "adjacent": bool(item.get("adjacent", False)),
        "generic": bool(item.get("generic", False)),
        "role": bool(item.get("role", False)),
    }


def check_unique_phrases(entries: list[dict[str, Any]]) -> None:
    """A phrase may appear in several entries only if they mean the same (name and kind)."""
    seen: dict[str, tuple[str, str]] = {}
    for e in entries:
        meaning = (e["name"], e["kind"])
        keys = [n.lower() for n in e["names"]] + [f"={x}" for x in e["exact"]]
        for key in keys:
            if seen.setdefault(key, meaning) != meaning:
                raise ValueError(f"source phrase {key!r} means both {seen[key]} and {meaning}")


# --------------------------------------------------------------------------- relevance


def build_relevance(src: Path) -> dict[str, Any]:
    raw = load_yaml(src / "cues.yaml")
    features = {str(k): float(v) for k, v in raw["features"].items()}
    unknown = sorted(set(features) ^ FEATURES)
    if unknown:
        raise ValueError(f"relevance features missing or unknown: {unknown}")
    out: dict[str, Any] = {"bias": float(raw["bias"]), "features": features}
    for family, sign in (("strong", 1), ("weak", 1), ("negative", -1), ("genre", -1)):
        cues = {" ".join(str(k).lower().split()): float(v) for k, v in raw[family].items()}
        wrong = sorted(k for k, v in cues.items() if v * sign <= 0)
        if wrong:
            raise ValueError(f"relevance {family} cues with the wrong sign: {wrong}")
        out[family] = cues
    overlap = set(out["strong"]) & set(out["weak"]) | set(out["negative"]) & (
        set(out["strong"]) | set(out["weak"])
    )
    if overlap:
        raise ValueError(f"relevance cues in two families: {sorted(overlap)}")
    for family in ("occurrence", "not_occurrence", "policy_lead", "outbreak_nouns", "not_now"):
        out[family] = sorted({" ".join(str(p).lower().split()) for p in raw[family]})
    out["pronouns"] = {
        person: sorted({str(p).lower() for p in raw["pronouns"][person]})
        for person in ("first", "second")
    }
    return out
