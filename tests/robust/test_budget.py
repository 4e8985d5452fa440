"""A stuck document is failed with the reason ``timeout`` and the scan moves on, in order."""

from __future__ import annotations

import contextlib
import gc
import json
import signal
from pathlib import Path

import pytest

from episignal.document import RawItem
from episignal.pipeline import Budget, Pipeline, PipelineSettings, Task, time_limit
from episignal.pipeline import BudgetExceeded as Exceeded
from episignal.scan import scan
from episignal.store import Store
from episignal.workers import Job, WorkerPool
from tests.robust import workers_steps


def pool(workers: int = 2) -> WorkerPool[str, str]:
    job: Job[str] = Job(
        step=workers_steps.step,
        deadline=workers_steps.deadline,
        size=workers_steps.size,
        failed=workers_steps.failed,
    )
    return WorkerPool(job, workers)


def test_a_worker_stuck_in_c_code_is_killed_and_the_rest_come_in_order() -> None:
    items = [f"n{i}" for i in range(20)] + ["stuck-c"] + [f"m{i}" for i in range(20)]
    with pool() as p:
        results = list(p.run(items))
        assert p.killed == 1
    expected = [f"done {x}" for x in items]
    expected[20] = "timeout stuck-c"
    assert results == expected


def test_a_worker_that_dies_costs_its_item_only() -> None:
    items = ["a", "die", "b", "c", "die", *[f"x{i}" for i in range(30)]]
    with pool() as p:
        results = list(p.run(items))
        assert p.died == 2
    assert results[1].startswith("crashed") and results[4].startswith("crashed")
    assert [r for i, r in enumerate(results) if i not in (1, 4)] == [
        f"done {x}" for i, x in enumerate(items) if i not in (1, 4)
    ]


def test_ctrl_c_is_left_to_the_main_process() -> None:
    """The watcher finishes the batch in hand on Ctrl-C: its workers must not die of it."""
    items = ["a", "interrupt", *[f"x{i}" for i in range(20)]]
    with pool() as p:
        assert list(p.run(items)) == [f"done {x}" for x in items]
        assert p.died == 0


@pytest.mark.slow
def test_a_worker_waiting_without_using_cpu_is_killed_after_ten_budgets() -> None:
    with pool(1) as p:
        assert list(p.run(["a", "sleep", "b"])) == ["done a", "timeout sleep", "done b"]


def test_the_alarm_stops_python_code_past_its_cpu_budget() -> None:
    with pytest.raises(Exceeded), time_limit(0.2):
        while True:
            pass


def test_an_alarm_swallowed_by_code_that_catches_everything_still_ends_the_document() -> None:
    from episignal.pipeline import _alarm

    # Swallowed, as by a library's catch-all: the budget is spent all the same.
    with pytest.raises(Exceeded), time_limit(60), contextlib.suppress(Exceeded):
        _alarm(signal.SIGPROF, None)


def test_an_alarm_inside_a_gc_callback_goes_off_again_after_it() -> None:
    """Python reports an exception raised in a gc callback as unraisable and goes on."""
    calls: list[str] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        calls.append(phase)
        if len(calls) == 1:  # the alarm goes off here, once
            signal.raise_signal(signal.SIGPROF)

    gc.callbacks.append(callback)
    try:
        with pytest.raises(Exceeded), time_limit(60):
            gc.collect()
            while True:  # the document's own code, where the alarm goes off again
                pass
    finally:
        gc.callbacks.remove(callback)
    assert calls


STORY = "Officials reported {n} new cholera cases in the river district on Monday. "
SLOW = "Health officials in Kenya reported 42 new cholera cases and 3 deaths in Garissa. " * 3000


def corpus(path: Path) -> Path:
    records = [{"id": f"d{n}", "text": STORY.format(n=n + 2) * 3} for n in range(40)]
    records.insert(17, {"id": "slow", "text": SLOW})  # seconds of CPU for the extractors
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_over_its_time_budget_fails_as_timeout_and_the_scan_goes_on(
    tmp_path: Path, workers: int
) -> None:
    db = tmp_path / "e.db"
    result = scan([str(corpus(tmp_path / "c.jsonl"))], db, workers=workers, seconds=0.3)
    assert result.failed == {"timeout": 1}
    assert result.new == 40
    with Store.open(db) as store:
        reason = store.conn.execute("SELECT reason FROM documents WHERE id = 'slow'").fetchone()
        order = [r[0] for r in store.conn.execute("SELECT id FROM documents ORDER BY rowid")]
    assert reason[0].startswith("timeout")
    assert order[:18] == [*(f"d{n}" for n in range(17)), "slow"]  # input order kept


def test_the_budget_grows_with_the_document() -> None:
    budget = Budget(seconds=5)
    assert budget.seconds_for(1_000) == 5 and budget.seconds_for(4_000_000) == 20


def test_a_pipeline_serves_a_watcher_item_by_item() -> None:
    with Pipeline(PipelineSettings(), workers=2) as pipeline:
        first = list(pipeline.process([Task(RawItem("a", STORY.format(n=3), "text", "a"))]))
        second = pipeline.process_one(RawItem("b", STORY.format(n=4), "text", "b"))
    assert first[0].rows is not None and first[0].rows.facts  # type: ignore[union-attr]
    assert second.document.id == "b"  # type: ignore[union-attr]
