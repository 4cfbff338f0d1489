"""A separate importer process for the durability tests:
    python -m tests.durability.worker JOBS.json

JOBS.json: {"url": database URL, "start_at": epoch seconds or null, "crash_marks": bool,
            "jobs": [{"principal": {...Principal fields}, "filename", "content_hex", "period", "org_code"}]}
Every job runs in its own thread; all wait for start_at, so uploads from several processes meet
at the database at once. One JSON line per job on stdout: index, status, submission id, and the
type and text of any exception (there should be none). With crash_marks, "STARTED" is printed when
the worker has started (imports done), "VALIDATED" when a file has been checked (followed by a
0.5 s pause before it is stored), "WRITING" when the submission starts to be written,
"VALUES" when its school_values rows are about to be inserted (followed by a 0.3 s pause inside the
open transaction, as a slow disk would), and "COMMITTED" after the
transaction, so a test can kill -9 the process at chosen points inside the write."""

from __future__ import annotations

import json
import sys
import threading
import time

from auth.principal import Principal
from db.session import make_engine
from db import bulk
from ingest import store
from ingest import upload as upload_module
from ingest.upload import upload


def _mark(word: str) -> None:
    print(word, flush=True)


def main(path: str) -> int:
    spec = json.load(open(path, encoding="utf-8"))
    engine = make_engine(spec["url"])
    if spec.get("crash_marks"):
        original = store.store_accepted

        def marked(*a, **k):
            _mark("WRITING")
            return original(*a, **k)
        store.store_accepted = marked
        insert_rows = bulk.insert_rows  # how store_accepted writes the school_values rows

        def slow_values(session, table, *a, **k):  # a slow disk: the transaction stays open a moment
            if table.name == "school_values":       # with the submissions written and the values not yet
                _mark("VALUES")
                time.sleep(0.3)
            return insert_rows(session, table, *a, **k)
        bulk.insert_rows = slow_values
        validate = upload_module.validate

        def slow_validation(*a, **k):  # a slow machine: a moment between checking and writing
            out = validate(*a, **k)
            _mark("VALIDATED")
            time.sleep(0.5)
            return out
        upload_module.validate = slow_validation
        _mark("STARTED")
    lock = threading.Lock()
    out: list[str] = []

    def run(i: int, job: dict) -> None:
        who = Principal(**job["principal"])
        if spec.get("start_at"):
            time.sleep(max(0.0, spec["start_at"] - time.time()))
        try:
            r = upload(who, job["filename"], bytes.fromhex(job["content_hex"]), period=job.get("period"),
                       org_code=job.get("org_code"), commit=True, engine=engine)
            line = {"index": i, "status": r.status, "submission_id": r.submission_id, "error": None}
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            line = {"index": i, "status": None, "submission_id": None, "error": f"{type(exc).__name__}: {exc}"}
        with lock:
            out.append(json.dumps(line, ensure_ascii=False))

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(spec["jobs"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if spec.get("crash_marks"):
        _mark("COMMITTED")
    print("\n".join(out), flush=True)
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
