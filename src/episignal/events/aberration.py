"""Aberration detection on daily count series (here: documents per event per day).

Pure functions over a sequence of daily counts (index = day, no gaps; fill missing days
with 0). Each returns one :class:`Detection` per day; days without enough history have
``statistic``/``upper`` None and ``alarm`` False.

* EARS C1, C2, C3 (Hutwagner et al., "The bioterrorism preparedness and response Early
  Aberration Reporting System (EARS)", J Urban Health 2003): C1 compares a day with the
  mean and standard deviation of the 7 days before it; C2 the same with a 2-day guard band
  (days t-9..t-3); C3 sums the positive parts of C2-1 over days t-2..t.
  A zero standard deviation is replaced by ``min_sd`` (default 1.0: with integer counts a
  single extra document on a silent series must not sound an alarm by itself).
* The epitweetr variant (Espinosa et al., epitweetr, ECDC 2021): an upper one-sided
  prediction interval ``mean + t(1-alpha, n-1) * sd * sqrt(1 + 1/n)`` over a 7-day
  baseline, with past signals in the baseline down-weighted (Farrington-style): a baseline
  day whose externally studentised residual r* exceeds the t(1-alpha_outlier, n-2) quantile
  gets weight (threshold / r*)^k_decay.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

C1_C2_THRESHOLD = 3.0
C3_THRESHOLD = 2.0
BASELINE_DAYS = 7
GUARD_DAYS = 2


@dataclass(frozen=True, slots=True)
class Detection:
    """The test of one day: observed count, baseline mean, statistic, upper limit, alarm."""

    day: int
    observed: float
    expected: float | None = None
    statistic: float | None = None
    upper: float | None = None
    alarm: bool = False


# --------------------------------------------------------------------------- statistics


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def sample_sd(values: Sequence[float]) -> float:
    """Standard deviation with the n-1 denominator (0.0 for fewer than 2 values)."""
    n = len(values)
    if n < 2:
        return 0.0
    m = mean(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _betacf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """Student's t cumulative distribution function."""
    tail = 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


@lru_cache(maxsize=256)
def t_quantile(p: float, df: float) -> float:
    """Student's t quantile (inverse CDF) by bisection; exact to ~1e-10."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError(f"t_quantile needs 0 < p < 1 and df > 0, got p={p}, df={df}")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        hi *= 2.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12:
            break
    return (lo + hi) / 2.0


# --------------------------------------------------------------------------- EARS


def _ears(
    counts: Sequence[float], guard: int, threshold: float, min_sd: float, baseline: int
) -> list[Detection]:
    out: list[Detection] = []
    for t, observed in enumerate(counts):
        start = t - guard - baseline
        if start < 0:
            out.append(Detection(t, observed))
            continue
        window = counts[start : t - guard]
        m = mean(window)
        sd = max(sample_sd(window), min_sd)
        stat = (observed - m) / sd
        out.append(Detection(t, observed, m, stat, m + threshold * sd, stat > threshold))
    return out


def ears_c1(
    counts: Sequence[float],
    threshold: float = C1_C2_THRESHOLD,
    min_sd: float = 1.0,
    baseline: int = BASELINE_DAYS,
) -> list[Detection]:
    """EARS C1: baseline = the 7 days just before the day."""
    return _ears(counts, 0, threshold, min_sd, baseline)


def ears_c2(
    counts: Sequence[float],
    threshold: float = C1_C2_THRESHOLD,
    min_sd: float = 1.0,
    baseline: int = BASELINE_DAYS,
) -> list[Detection]:
    """EARS C2: baseline = 7 days ending 3 days before the day (2-day guard band)."""
    return _ears(counts, GUARD_DAYS, threshold, min_sd, baseline)


def ears_c3(
    counts: Sequence[float],
    threshold: float = C3_THRESHOLD,
    min_sd: float = 1.0,
    baseline: int = BASELINE_DAYS,
) -> list[Detection]:
    """EARS C3: sum over days t-2..t of max(0, C2 - 1); alarm when above 2."""
    c2 = ears_c2(counts, min_sd=min_sd, baseline=baseline)
    out: list[Detection] = []
    for t, observed in enumerate(counts):
        recent = c2[max(0, t - 2) : t + 1]
        if t < 2 or any(d.statistic is None for d in recent):
            out.append(Detection(t, observed))
            continue
        stat = sum(max(0.0, (d.statistic or 0.0) - 1.0) for d in recent)
        out.append(Detection(t, observed, c2[t].expected, stat, None, stat > threshold))
    return out


# --------------------------------------------------------------------------- epitweetr


def _weighted_limit(
    values: Sequence[float], weights: Sequence[float], alpha: float
) -> tuple[float, float]:
    """(weighted mean, upper prediction limit) of an intercept-only model."""
    n = len(values)
    total = sum(weights)
    w = [wi / total * n for wi in weights] if total > 0 else [1.0] * n
    m = sum(wi * v for wi, v in zip(w, values, strict=True)) / n
    sd = math.sqrt(sum(wi * (v - m) ** 2 for wi, v in zip(w, values, strict=True)) / (n - 1))
    return m, m + t_quantile(1.0 - alpha, n - 1) * sd * math.sqrt(1.0 + 1.0 / n)


def _downweights(values: Sequence[float], alpha_outlier: float, k_decay: float) -> list[float]:
    """Farrington-style weights: past peaks in the baseline count less."""
    n = len(values)
    m = mean(values)
    threshold = t_quantile(1.0 - alpha_outlier, n - 2)
    weights: list[float] = []
    for i, v in enumerate(values):
        others = [*values[:i], *values[i + 1 :]]
        sigma_i = sample_sd(others)
        resid = v - m
        if sigma_i > 0:
            r_star = resid / (sigma_i * math.sqrt(1.0 - 1.0 / n))
        else:
            r_star = math.inf if resid > 0 else 0.0
        weights.append((threshold / r_star) ** k_decay if r_star > threshold else 1.0)
    return weights


def ears_t_reweighted(
    counts: Sequence[float],
    alpha: float = 0.025,
    alpha_outlier: float = 0.05,
    k_decay: float = 4.0,
    baseline: int = BASELINE_DAYS,
    downweight: bool = True,
) -> list[Detection]:
    """epitweetr's prediction-interval EARS variant with down-weighting of past signals."""
    if baseline < 3:
        raise ValueError("the epitweetr method needs a baseline of at least 3 days")
    out: list[Detection] = []
    for t, observed in enumerate(counts):
        if t < baseline:
            out.append(Detection(t, observed))
            continue
        window = counts[t - baseline : t]
        weights = _downweights(window, alpha_outlier, k_decay) if downweight else [1.0] * baseline
        expected, upper = _weighted_limit(window, weights, alpha)
        out.append(Detection(t, observed, expected, observed - upper, upper, observed > upper))
    return out


# --------------------------------------------------------------------------- summary


MIN_SURGE_COUNT = 3


def surge_methods(
    counts: Sequence[float], last_days: int = 7, min_count: float = MIN_SURGE_COUNT
) -> list[str]:
    """Methods that alarm on any of the last ``last_days`` days with at least ``min_count``.

    The floor keeps a lone document after a quiet spell from counting as a surge (the
    epitweetr limit is 0 over an all-zero baseline).
    """
    # only the last days are tested: earlier days matter only as their baseline
    counts = counts[-(last_days + BASELINE_DAYS + GUARD_DAYS + 2) :]
    if max(counts[-last_days:], default=0) < min_count:
        return []  # no day is busy enough to count, whatever its baseline
    tests = {
        "C1": ears_c1(counts),
        "C2": ears_c2(counts),
        "C3": ears_c3(counts),
        "epitweetr": ears_t_reweighted(counts),
    }
    return [
        name
        for name, detections in tests.items()
        if any(d.alarm and d.observed >= min_count for d in detections[-last_days:])
    ]
