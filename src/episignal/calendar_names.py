"""English month names and abbreviations, shared by cleaning (datelines) and date extraction.

The names are data: ``data_src/en/dates.yaml`` (``months``), read from the English profile.
"""

from __future__ import annotations

from episignal.lang.english import english

MONTH_NUMBERS: dict[str, int] = {
    name: number
    for number, names in enumerate(english("dates")["months"], start=1)
    for name in names
}
# Written after a day number: "12th May 2022".
ORDINAL_SUFFIXES: tuple[str, ...] = tuple(english("dates")["ordinal_suffixes"])
