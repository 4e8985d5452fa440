"""Export event records as flat files for spreadsheets and notebooks.

* ``events.csv`` — one row per event (latest figures, flags, score, reason);
* ``series.csv`` — one row per series point (the chosen value and how many claims);
* ``claims.csv`` — one row per claim (every figure with its document, span, source, quote);
* ``events.json`` — the full records;
* ``facts.parquet`` — the claims table as Parquet, only when pyarrow is importable.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMATS = ("csv", "json")
LATEST_COLUMNS = ("cases", "deaths", "recovered", "hospitalized", "active", "as_of")
EVENT_COLUMNS = (
    "id",
    "disease",
    "icd10",
    "country",
    "admin1",
    "first_seen",
    "last_seen",
    *LATEST_COLUMNS,
    "documents",
    "flags",
    "score",
    "reason",
)
SERIES_COLUMNS = (
    "event",
    "date",
    "measure",
    "status",
    "cumulative",
    "species",
    "value",
    "claims",
    "disagreement",
)
CLAIM_COLUMNS = (
    "event",
    "date",
    "measure",
    "status",
    "cumulative",
    "species",
    "fact",
    "document",
    "span_start",
    "span_end",
    "source",
    "outlet",
    "published",
    "value",
    "chosen",
    "quote",
)


def event_rows(events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for e in events:
        latest = e.get("latest") or {}
        disease = e.get("disease") or {}
        yield {
            "id": e["id"],
            "disease": disease.get("name"),
            "icd10": disease.get("icd10"),
            "country": e.get("country"),
            "admin1": e.get("admin1"),
            "first_seen": e.get("first_seen"),
            "last_seen": e.get("last_seen"),
            **{k: latest.get(k) for k in LATEST_COLUMNS},
            "documents": len(e.get("documents") or []),
            "flags": ";".join(f["kind"] for f in e.get("flags") or []),
            "score": e.get("score"),
            "reason": e.get("reason"),
        }


def _point_head(event_id: str, p: dict[str, Any]) -> dict[str, Any]:
    return {
        "event": event_id,
        "date": p["date"],
        "measure": p["measure"],
        "status": p["status"],
        "cumulative": p["cumulative"],
        "species": p.get("species", "human"),
    }


def series_rows(events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for e in events:
        for p in e.get("series") or []:
            yield {
                **_point_head(e["id"], p),
                "value": p["value"],
                "claims": len(p["claims"]),
                "disagreement": p["disagreement"],
            }


def claim_rows(events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for e in events:
        for p in e.get("series") or []:
            for c in p["claims"]:
                yield {
                    **_point_head(e["id"], p),
                    "fact": c.get("fact"),
                    "document": c["document"],
                    "span_start": c["span"][0],
                    "span_end": c["span"][1],
                    "source": c.get("source"),
                    "outlet": c.get("outlet"),
                    "published": c.get("published"),
                    "value": c["value"],
                    "chosen": c.get("fact") == p.get("chosen"),
                    "quote": c["quote"],
                }


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return path


def write_parquet(path: Path, rows: list[dict[str, Any]]) -> Path | None:
    """The claims table as Parquet, when pyarrow is installed (it is optional)."""
    if importlib.util.find_spec("pyarrow") is None:
        log.info("pyarrow not installed: facts.parquet skipped")
        return None
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {name: [r.get(name) for r in rows] for name in CLAIM_COLUMNS}
    pq.write_table(pa.table(columns), path)
    return path


def export_events(
    events: Sequence[dict[str, Any]], out_dir: Path, formats: Sequence[str] = FORMATS
) -> list[Path]:
    """Write the export files into ``out_dir`` (created); returns the paths written."""
    unknown = set(formats) - {*FORMATS, "parquet"}
    if unknown:
        raise ValueError(f"unknown export format(s): {', '.join(sorted(unknown))}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "csv" in formats:
        written.append(write_csv(out_dir / "events.csv", EVENT_COLUMNS, event_rows(events)))
        written.append(write_csv(out_dir / "series.csv", SERIES_COLUMNS, series_rows(events)))
        written.append(write_csv(out_dir / "claims.csv", CLAIM_COLUMNS, claim_rows(events)))
    if "json" in formats:
        path = out_dir / "events.json"
        path.write_text(
            json.dumps(list(events), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        written.append(path)
    parquet = write_parquet(out_dir / "facts.parquet", list(claim_rows(events)))
    if parquet is not None:
        written.append(parquet)
    return written
