"""The fuzz target over its seeds and a few hundred mutations of them: the short version,
in CI, of ``bench/bench_fuzz.py`` (atheris, millions of inputs)."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from bench.fuzz_target import KINDS, Target, seed_inputs

MUTATIONS = 300


@pytest.fixture(scope="module")
def target() -> Iterator[Target]:
    t = Target()
    yield t
    t.close()


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        at = rng.randrange(len(out) + 1)
        choice = rng.random()
        if choice < 0.3 and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif choice < 0.5:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif choice < 0.7:
            del out[at : at + rng.randint(1, 64)]
        elif choice < 0.85:
            out[at:at] = rng.choice(
                [
                    b"<div>" * 300,
                    b"\x00\xff\xfe",
                    b"[" * 500,
                    "\ud800".encode("utf-8", "surrogatepass"),
                ]
            )
        else:
            start = rng.randrange(len(out) + 1)
            out[at:at] = out[start : start + rng.randint(1, 200)]
    return bytes(out)


def test_every_seed_goes_through_every_stage(target: Target) -> None:
    seeds = seed_inputs()
    assert {s[0] for s in seeds} >= {KINDS.index(k) for k in KINDS if k is not None}
    before = target.documents
    for seed in seeds:
        target(seed)
    assert target.documents - before >= len(seeds)


def test_mutated_inputs_never_crash_hang_or_fail_internally(target: Target) -> None:
    rng = random.Random(12)
    seeds = seed_inputs()
    for _ in range(MUTATIONS):
        target(mutate(rng.choice(seeds), rng))
