#!/usr/bin/env python3
"""Coverage-guided fuzzing of ingest -> clean -> extract -> store (atheris, libFuzzer).

    pip install atheris
    python bench/bench_fuzz.py [--runs 1000000] [--jobs 2] [--max-len 4096] [--seconds N]
                               [--out DIR]

Each job fuzzes ``bench/fuzz_target.py``'s target from the seed corpus in
``bench/fuzz_seeds`` (HTML, feeds, WARC, JSONL, JSON and text, in several languages) with
``--runs / --jobs`` inputs. A finding is an exception escaping a stage, a document failed
as "internal error", a document over its time budget (5 s of CPU, and libFuzzer's own
30 s per input), or a process over 2 GB of memory; libFuzzer stops the job there and
writes the input that caused it into ``--out``. Prints inputs run, crashes, hangs, memory
blow-ups, and the inputs per second.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

RSS_LIMIT_MB = 2048
TIMEOUT_S = 30


def fuzz_job() -> None:
    """One libFuzzer job (run in its own process: ``bench_fuzz.py --job ...``)."""
    import atheris

    with atheris.instrument_imports(include=["episignal"]):
        from bench.fuzz_target import Target

    target = Target()

    def one_input(data: bytes) -> None:
        target(data)

    atheris.Setup([sys.argv[0], *sys.argv[sys.argv.index("--job") + 1 :]], one_input)
    atheris.Fuzz()


def write_corpus(folder: Path) -> None:
    from bench.fuzz_target import seed_inputs

    for n, data in enumerate(seed_inputs()):
        (folder / f"seed-{n:03d}").write_bytes(data)


def run_jobs(args: argparse.Namespace) -> list[tuple[int, str]]:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    procs = []
    for job in range(args.jobs):
        corpus = Path(tempfile.mkdtemp(prefix=f"fuzz-corpus-{job}-"))
        write_corpus(corpus)
        log = (out / f"job-{job}.log").open("w")
        cmd = [
            sys.executable,
            __file__,
            "--job",
            f"-runs={args.runs // args.jobs}",
            f"-max_total_time={args.seconds}",
            f"-max_len={args.max_len}",
            f"-rss_limit_mb={RSS_LIMIT_MB}",
            f"-timeout={TIMEOUT_S}",
            f"-seed={args.seed + job}",
            f"-artifact_prefix={out}/job-{job}-",
            "-print_final_stats=1",
            str(corpus),
        ]
        procs.append((subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), log, job))
    results = []
    for proc, log, job in procs:
        code = proc.wait()
        log.close()
        results.append((code, (out / f"job-{job}.log").read_text(errors="replace")))
    return results


def summarise(results: list[tuple[int, str]], seconds: float) -> None:
    runs = crashes = hangs = memory = 0
    for code, log in results:
        done = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log)
        runs += int(done[-1]) if done else 0
        hangs += log.count("ERROR: libFuzzer: timeout") + log.count("Finding: timeout")
        memory += log.count("ERROR: libFuzzer: out-of-memory")
        crashed = code != 0 and "libFuzzer: timeout" not in log and "out-of-memory" not in log
        crashes += 1 if crashed and "Finding: timeout" not in log else 0
    print(f"inputs run: {runs:,}")
    print(f"crashes: {crashes}   hangs over budget: {hangs}   memory blow-ups: {memory}")
    print(f"wall time {seconds:.0f} s: {runs / seconds:.0f} inputs/s")


def main() -> None:
    if "--job" in sys.argv:
        fuzz_job()
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--max-len", type=int, default=4096)
    parser.add_argument("--seed", type=int, default=1, help="libFuzzer seed of the first job")
    parser.add_argument(
        "--seconds", type=int, default=0, help="stop each job after this long (0: no limit)"
    )
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "episignal-fuzz"))
    args = parser.parse_args()
    started = time.perf_counter()
    results = run_jobs(args)
    summarise(results, time.perf_counter() - started)
    print(f"logs and findings: {args.out}")


if __name__ == "__main__":
    main()
