"""Aberration detection against values computed by hand (working shown in comments)."""

from __future__ import annotations

import pytest

from episignal.events.aberration import (
    ears_c1,
    ears_c2,
    ears_c3,
    ears_t_reweighted,
    sample_sd,
    surge_methods,
    t_quantile,
)


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    [
        (0.975, 6, 2.446912),
        (0.95, 5, 2.015048),
        (0.975, 1, 12.706205),
        (0.995, 10, 3.169273),
        (0.5, 4, 0.0),
    ],
)
def test_t_quantile_matches_tables(p: float, df: int, expected: float) -> None:
    assert t_quantile(p, df) == pytest.approx(expected, abs=1e-5)


def test_t_quantile_is_symmetric_and_rejects_bad_input() -> None:
    assert t_quantile(0.025, 6) == pytest.approx(-2.446912, abs=1e-5)
    with pytest.raises(ValueError):
        t_quantile(1.0, 6)


def test_c1_uses_the_seven_days_before() -> None:
    # baseline 2,2,2,2,2,4,0: mean 2, squared deviations 0+0+0+0+0+4+4 = 8,
    # sd = sqrt(8/6) = 1.154701; C1 = (10-2)/1.154701 = 6.928203; upper = 2 + 3*1.154701
    result = ears_c1([2, 2, 2, 2, 2, 4, 0, 10])
    assert all(d.statistic is None and not d.alarm for d in result[:7])
    last = result[7]
    assert last.expected == pytest.approx(2.0)
    assert last.statistic == pytest.approx(6.928203, abs=1e-6)
    assert last.upper == pytest.approx(5.464102, abs=1e-6)
    assert last.alarm


def test_c2_skips_the_two_guard_days() -> None:
    # day 9: baseline is days 0..6 (2,2,2,2,2,4,0), not the two 50s just before it
    result = ears_c2([2, 2, 2, 2, 2, 4, 0, 50, 50, 10])
    assert result[8].statistic is None
    assert result[9].expected == pytest.approx(2.0)
    assert result[9].statistic == pytest.approx(6.928203, abs=1e-6)
    # C1 on the same day sees the 50s in its baseline and stays quiet
    assert not ears_c1([2, 2, 2, 2, 2, 4, 0, 50, 50, 10])[9].alarm


def test_zero_sd_is_floored_at_min_sd() -> None:
    flat = [3, 3, 3, 3, 3, 3, 3]
    assert ears_c1([*flat, 4])[7].statistic == pytest.approx(1.0)  # (4-3)/1
    assert ears_c1([*flat, 4], min_sd=0.5)[7].statistic == pytest.approx(2.0)


def test_c3_sums_positive_parts_of_c2_over_three_days() -> None:
    # days 9, 10, 11 each have a baseline of seven 1s (sd floored to 1):
    # C2 = 2, 3, 4 -> C3(11) = (2-1) + (3-1) + (4-1) = 6
    result = ears_c3([1] * 9 + [3, 4, 5])
    assert [d.statistic for d in result[:11]] == [None] * 11
    assert result[11].statistic == pytest.approx(6.0)
    assert result[11].alarm


def test_c3_ignores_days_below_the_baseline() -> None:
    # C2 = -1, 0, 1.5 -> C3 = 0 + 0 + 0.5, no alarm
    result = ears_c3([2] * 9 + [1, 2, 3.5])
    assert result[11].statistic == pytest.approx(0.5)
    assert not result[11].alarm


def test_epitweetr_prediction_interval_without_outliers() -> None:
    # baseline 1..7: mean 4, sd sqrt(28/6) = 2.160247; no r* above t(0.95, 5) = 2.015
    # (largest r*: 3 / (sd(1..6) * sqrt(6/7)) = 3 / (1.870829 * 0.925820) = 1.732)
    # U = 4 + t(0.975, 6) * sd * sqrt(1 + 1/7) = 4 + 2.446912 * 2.160247 * 1.069045 = 9.650901
    result = ears_t_reweighted([1, 2, 3, 4, 5, 6, 7, 10])
    assert result[7].expected == pytest.approx(4.0)
    assert result[7].upper == pytest.approx(9.650901, abs=1e-5)
    assert result[7].alarm
    assert not ears_t_reweighted([1, 2, 3, 4, 5, 6, 7, 9])[7].alarm


def test_epitweetr_downweights_a_past_signal() -> None:
    # baseline 5,6,5,7,6,5,30: for the 30, r* = (30 - 64/7) / (0.816497 * 0.925820) = 27.59,
    # weight (2.015048 / 27.59)^4 = 2.8e-5; the others keep weight 1.
    # Weighted mean ~ 34/6 = 5.6668; weighted sd ~ 0.8071; U ~ 5.6668 + 2.446912*0.8071*1.069045
    counts = [5, 6, 5, 7, 6, 5, 30, 20]
    down = ears_t_reweighted(counts)[7]
    assert down.expected == pytest.approx(5.6668, abs=1e-3)
    assert down.upper == pytest.approx(7.778, abs=1e-2)
    assert down.alarm
    # without down-weighting: mean 64/7 = 9.142857 and a wide interval, so no alarm
    plain = ears_t_reweighted(counts, downweight=False)[7]
    assert plain.expected == pytest.approx(9.142857, abs=1e-6)
    assert plain.upper == pytest.approx(33.28014, abs=1e-4)
    assert not plain.alarm


def test_epitweetr_outlier_on_flat_baseline_gets_zero_weight() -> None:
    # the 40 has r* = inf (the other six are equal), weight 0: mean 10, sd 0, U = 10
    result = ears_t_reweighted([10, 10, 10, 10, 10, 10, 40, 11])[7]
    assert result.expected == pytest.approx(10.0)
    assert result.upper == pytest.approx(10.0)
    assert result.alarm


def test_sample_sd() -> None:
    assert sample_sd([2, 4, 4, 4, 5, 5, 7, 9]) == pytest.approx(2.138090, abs=1e-6)
    assert sample_sd([5]) == 0.0


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([0] * 9 + [1], []),  # one document after silence is not a surge
        ([1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 9], ["C1", "C2", "epitweetr"]),
        ([2] * 12, []),
    ],
)
def test_surge_methods(counts: list[int], expected: list[str]) -> None:
    assert surge_methods(counts) == expected
