"""Write lists of records to a stream as a table, JSON, JSON lines or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

FORMATS = ("table", "json", "jsonl", "csv")


def write_records(
    records: Iterable[Mapping[str, Any]],
    fmt: str,
    out: TextIO,
    *,
    columns: Sequence[str] | None = None,
) -> None:
    """Write ``records``; ``columns`` picks and orders the fields of table and CSV output.

    JSON, JSON lines and CSV with ``columns`` are written as the records come (a long
    stream of events never sits in memory); a table needs them all for its widths.
    """
    if fmt == "json":
        write_json_array(records, out)
    elif fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        rows: Iterable[Mapping[str, Any]] = records
        if columns is None:
            rows = list(records)
            columns = _all_columns(rows)  # type: ignore[arg-type]
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for record in rows:
            writer.writerow({c: _flat(record.get(c)) for c in columns})
    elif fmt == "table":
        listed = list(records)
        write_table(listed, list(columns or _all_columns(listed)), out)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_json_array(records: Iterable[Mapping[str, Any]], out: TextIO) -> None:
    """A JSON array written one element at a time."""
    out.write("[")
    first = True
    for record in records:
        out.write("\n" if first else ",\n")
        out.write(json.dumps(record, ensure_ascii=False, indent=2, default=str))
        first = False
    out.write("]\n" if first else "\n]\n")


def write_table(records: Sequence[Mapping[str, Any]], columns: list[str], out: TextIO) -> None:
    rows = [[_cell(r.get(c)) for c in columns] for r in records]
    widths = [max([len(c), *(len(row[i]) for row in rows)]) for i, c in enumerate(columns)]
    out.write(
        "  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n"
    )
    for row in rows:
        out.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() + "\n")


def _all_columns(records: Sequence[Mapping[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for record in records:
        for key in record:
            seen.setdefault(key, None)
    return list(seen)


def _flat(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _cell(value: Any, width: int = 60) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        text = f"{value:.1f}"
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        text = str(_flat(value))
    return text if len(text) <= width else text[: width - 1] + "…"
