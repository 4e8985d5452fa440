"""Builder "responses": lexicons of public-health measures and of supplies and aid.

Reads ``data_src/responses/measures.yaml`` and ``data_src/responses/resources.yaml`` and
writes ``responses.json``::

    {"measures": {"triggers": [[phrase, kind], ...], "skip": [...],
                  "veto_next_word": {kind: [...]}, "veto_nearby": {kind: [...]},
                  "negation_before": [...], "negation_after": [...]},
     "resources": {"items": [[phrase, item, unit], ...], "unit_words": [[phrase, unit, item], ...],
                   "actions": [[phrase, action, subject_role|null, needs_country], ...],
                   "skip": [...],
                   "future_markers": [...], "in_progress": [...], "donor_cues": [...], "recipient_cues": [...],
                   "agent_cues": [...], "negation": [...], "modifiers": [...],
                   "country_fillers": [...], "currencies": {"prefix": {...}, "suffix": {...}}}}

Phrases are lower-cased (except currency prefixes, matched as written), de-duplicated and
sorted; a phrase given two meanings is an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

from build_data import load_yaml, write_json

from episignal.document import MeasureKind, ResourceAction, ResourceItem

OUT_FILE = "responses.json"
# The vocabularies the extractors may emit, straight from the shared document model.
MEASURE_KINDS = frozenset(get_args(MeasureKind))
RESOURCE_ITEMS = frozenset(get_args(ResourceItem))
RESOURCE_ACTIONS = frozenset(get_args(ResourceAction))
SUBJECT_ROLES = ("from", "to", "none")


def build(src_dir: Path, out_dir: Path) -> list[dict[str, object]]:
    measures = load_yaml(src_dir / "responses" / "measures.yaml")
    resources = load_yaml(src_dir / "responses" / "resources.yaml")
    data = {"measures": measure_lexicon(measures), "resources": resource_lexicon(resources)}
    write_json(out_dir / OUT_FILE, data)
    return [
        {
            "file": OUT_FILE,
            "source": "data_src/responses/*.yaml (curated trigger phrases, items, actions, currencies)",
            "licence": "Apache-2.0 (curated word lists)",
        }
    ]


def phrases(raw: Any) -> list[str]:
    """Lower-cased, stripped, de-duplicated and sorted phrases of a YAML list."""
    return sorted({" ".join(str(p).lower().split()) for p in raw or [] if str(p).strip()})


def claim(owner: dict[str, str], phrase: str, meaning: str) -> None:
    """Record that ``phrase`` means ``meaning``; a second, different meaning is an error."""
    if owner.setdefault(phrase, meaning) != meaning:
        raise ValueError(f"phrase {phrase!r} means both {owner[phrase]} and {meaning}")


def measure_lexicon(raw: dict[str, Any]) -> dict[str, Any]:
    kinds = MEASURE_KINDS
    owner: dict[str, str] = {}
    triggers: list[list[str]] = []
    for kind, items in sorted(raw["kinds"].items()):
        if kind not in kinds:
            raise ValueError(f"unknown measure kind {kind!r}")
        for phrase in phrases(items):
            claim(owner, phrase, kind)
            triggers.append([phrase, kind])
    skip = phrases(raw.get("skip"))
    for phrase in skip:
        claim(owner, phrase, "skip")
    compound = {
        kind: {"verbs": phrases(entry["verbs"]), "objects": phrases(entry["objects"])}
        for kind, entry in sorted((raw.get("compound") or {}).items())
    }
    unknown = sorted(set(compound) - kinds)
    if unknown:
        raise ValueError(f"unknown measure kind(s) in compound: {unknown}")
    return {
        "triggers": sorted(triggers),
        "compound": compound,
        "skip": skip,
        "veto_next_word": per_kind(raw.get("veto_next_word"), kinds),
        "veto_nearby": per_kind(raw.get("veto_nearby"), kinds),
        "negation_before": phrases(raw.get("negation_before")),
        "negation_after": phrases(raw.get("negation_after")),
    }


def per_kind(raw: Any, kinds: frozenset[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for kind, items in (raw or {}).items():
        if kind not in kinds:
            raise ValueError(f"unknown measure kind {kind!r}")
        out[kind] = phrases(items)
    return out


def resource_lexicon(raw: dict[str, Any]) -> dict[str, Any]:
    item_kinds = RESOURCE_ITEMS
    owner: dict[str, str] = {}
    items: list[list[str]] = []
    for item, entry in sorted(raw["items"].items()):
        if item not in item_kinds:
            raise ValueError(f"unknown resource item {item!r}")
        for phrase in phrases(entry["names"]):
            claim(owner, phrase, f"item {item}")
            items.append([phrase, item, str(entry["unit"])])
    unit_words: list[list[str | None]] = []
    for word, entry in sorted(raw["unit_words"].items()):
        default = entry.get("item")
        if default is not None and default not in item_kinds:
            raise ValueError(f"unknown default item {default!r} of unit word {word!r}")
        claim(owner, str(word).lower(), "unit word")
        unit_words.append([str(word).lower(), str(entry["unit"]), default])
    skip = phrases(raw.get("skip"))
    for phrase in skip:
        claim(owner, phrase, "skip")
    return {
        "items": sorted(items),
        "unit_words": unit_words,
        "actions": action_entries(raw["actions"], owner),
        "skip": skip,
        "future_markers": phrases(raw.get("future_markers")),
        "in_progress": phrases(raw.get("in_progress")),
        "donor_cues": phrases(raw.get("donor_cues")),
        "agent_cues": phrases(raw.get("agent_cues")),
        "negation": phrases(raw.get("negation")),
        "modifiers": phrases(raw.get("modifiers")),
        "recipient_cues": phrases(raw.get("recipient_cues")),
        "country_fillers": phrases(raw.get("country_fillers")),
        "currencies": {
            "prefix": {
                str(k): str(v).upper() for k, v in sorted(raw["currencies"]["prefix"].items())
            },
            "suffix": {
                " ".join(str(k).lower().split()): str(v).upper()
                for k, v in sorted(raw["currencies"]["suffix"].items())
            },
        },
    }


def action_entries(groups: list[dict[str, Any]], owner: dict[str, str]) -> list[list[Any]]:
    actions = RESOURCE_ACTIONS
    out: list[list[Any]] = []
    for group in groups:
        action, role = group["action"], group["subject"]
        if action not in actions:
            raise ValueError(f"unknown resource action {action!r}")
        if role not in SUBJECT_ROLES:
            raise ValueError(f"subject role must be one of {SUBJECT_ROLES}, not {role!r}")
        needs_country = bool(group.get("needs_country", False))
        for phrase in phrases(group["phrases"]):
            claim(owner, phrase, f"action {action}/{role}/{needs_country}")
            out.append([phrase, action, None if role == "none" else role, needs_country])
    return sorted(out)
