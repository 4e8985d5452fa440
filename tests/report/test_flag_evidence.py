"""Flag evidence reads as words, not as Python dictionaries."""

from __future__ import annotations

from episignal.models import Flag
from episignal.report.event_page import flag_evidence


def test_flag_evidence_is_written_in_words() -> None:
    html = flag_evidence(
        Flag(
            "implausible_cfr",
            "warning",
            "68 deaths among 2,900,000 cases",
            {
                "cfr": 0.0000234,
                "reference": {"low": 0.0005, "high": 0.005, "source": "Nyberg 2022"},
                "deaths": {"date": "2022-05-24", "value": 68, "status": None, "quotes": ["q"]},
                "cases": {"date": "2022-05-24", "value": 2900000, "status": "suspected"},
                "days_into_event": 20,
            },
        )
    )
    assert "cfr: 0.00234%" in html
    assert "reference: 0.05%–0.5% (Nyberg 2022)" in html
    assert "deaths: 68 as of 2022-05-24" in html
    assert "cases: 2,900,000 suspected as of 2022-05-24" in html
    assert "{" not in html and "quotes" not in html
