"""The warm parse workers of ingest.sandbox: reused across files, replaced when they die, hang, panic,
grow or have served their number of jobs, never the app's own process, gone at exit."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from ingest import sandbox
from ingest.issues import Rejected

T = "tests.ingest.sandbox_targets:"
CSV = "学校标识码\n1\n".encode()


def worker_pid(target: str = "pid") -> int:
    return sandbox.read("a.csv", CSV, target=T + target).rows[0][0]


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture(autouse=True)
def fresh_pool():
    sandbox.shutdown()
    yield
    sandbox.shutdown()


def test_a_worker_serves_many_files_and_is_not_this_process():
    first = worker_pid()
    assert first != os.getpid()
    assert [worker_pid() for _ in range(5)] == [first] * 5
    assert sandbox.read("a.csv", CSV).rows == [["学校标识码"], ["1"]]


@pytest.mark.parametrize("target", ["abort", "panic"])
def test_a_worker_that_died_or_panicked_is_replaced(target):
    first = worker_pid()
    with pytest.raises(Rejected):
        sandbox.read("a.xlsx", b"x", target=T + target, memory=512 * 1024 * 1024)
    second = worker_pid()
    assert second != first and not alive(first)


def test_a_hanging_worker_is_killed_at_its_limit_and_replaced():
    first = worker_pid()
    started = time.monotonic()
    with pytest.raises(Rejected):
        sandbox.read("a.xlsx", b"x", target=T + "hang", seconds=1)
    assert time.monotonic() - started < 2
    assert worker_pid() != first and not alive(first)


def test_a_worker_is_replaced_after_its_number_of_jobs(monkeypatch):
    monkeypatch.setattr(sandbox, "JOBS_PER_WORKER", 2)
    a, b, c = worker_pid(), worker_pid(), worker_pid()
    assert a == b != c
    assert not alive(a)


def test_a_worker_that_grew_is_replaced(monkeypatch):
    monkeypatch.setattr(sandbox, "WORKER_GROWTH", 1)
    a, b = worker_pid(), worker_pid()
    assert a != b and not alive(a)


def test_a_file_is_not_refused_because_of_an_earlier_one():
    # The worker's second job dies; the file is read again on a fresh worker, whose first job it is.
    first = worker_pid("spoiled")
    second = worker_pid("spoiled")
    assert second != first


def test_what_a_parser_prints_does_not_reach_the_answer():
    assert worker_pid("chatty") == worker_pid("pid")


def test_a_job_asking_for_more_memory_gets_a_worker_of_its_own():
    pooled = worker_pid()
    big = sandbox.read("a.csv", CSV, target=T + "pid", memory=sandbox.MEMORY_LIMIT * 2).rows[0][0]
    assert big != pooled and not alive(big)
    assert worker_pid() == pooled


def test_warm_starts_the_workers_and_shutdown_stops_them():
    sandbox.warm()
    pids = [w.proc.pid for w in sandbox._pool._idle]
    assert len(pids) == sandbox.PARALLEL and all(alive(p) for p in pids)
    assert worker_pid() in pids
    sandbox.shutdown()
    assert not any(alive(p) for p in pids)


def test_workers_end_with_the_app_process_even_when_it_is_killed():
    code = ("from ingest import sandbox; sandbox.warm(); "
            "print(*[w.proc.pid for w in sandbox._pool._idle], flush=True); import os; os.kill(os.getpid(), 9)")
    out = subprocess.run([sys.executable, "-c", code], check=False, cwd=sandbox.ROOT, capture_output=True, text=True, timeout=30)
    pids = [int(p) for p in out.stdout.split()]
    assert len(pids) == sandbox.PARALLEL
    deadline = time.monotonic() + 10
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(p) for p in pids)  # end of input: an idle worker exits
