"""Read an upload in a child process with a memory and a time limit.

A hostile or broken spreadsheet can make the parser panic (python-calamine's PanicException is a
BaseException that `except Exception` misses), abort the process when an allocation fails
(SIGABRT: no `except` runs), or ask for more memory than the machine has. In the app that process
is the server of every user. Here the parse runs in `python -m ingest.sandbox`, which limits its own
address space and CPU time before it reads anything; the parent waits at most TIME_LIMIT seconds.
A child that dies, is killed or runs out of time becomes a Chinese refusal (`Rejected`).

The child answers in JSON (orjson), not pickle: the parent takes only data from a process that has
just parsed a hostile file. Cells that JSON has no type for (dates, times, durations) travel tagged
with their position."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
from datetime import date, datetime, time, timedelta
from importlib import import_module
from pathlib import Path

import orjson

from ingest.issues import Issue, Rejected
from ingest.read import Sheet

MEMORY_LIMIT = 1536 * 1024 * 1024  # address space of one parse; a full 20,000 × 200 sheet needs ≈ 0.6 GB
TIME_LIMIT = 60.0  # seconds of wall-clock time; a district workbook of 10,000 schools takes ≈ 0.5 s
PARALLEL = 2  # parses at once per app process: a handful of worst-case files must not exhaust memory
READER = "ingest.read:read"
ROOT = Path(__file__).resolve().parents[1]

_slots = threading.BoundedSemaphore(PARALLEL)
_FAILED = Issue("文件无法读取：解析时出错、超出内存或时间限制，文件可能已损坏或结构异常",
                fix="请在 Excel 或 WPS 中打开本校模板，填写后“另存为”Excel 工作簿（.xlsx）再上传")


def read(filename: str, content: bytes, *, target: str = READER, memory: int | None = None,
         seconds: float | None = None) -> Sheet:
    """ingest.read.read(filename, content), run in a child process under limits. Raises Rejected
    for every problem, including a child that crashed, was killed or did not finish in time."""
    memory = MEMORY_LIMIT if memory is None else memory
    seconds = TIME_LIMIT if seconds is None else seconds
    header = orjson.dumps({"target": target, "filename": filename, "memory": memory,
                           "cpu": int(seconds) + 1}) + b"\n"
    with _slots:
        try:
            proc = subprocess.Popen([sys.executable, "-m", "ingest.sandbox"], cwd=ROOT, stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:
            raise Rejected([Issue("系统暂时无法读取上传的文件（无法启动解析进程）", fix="请稍后重新上传；如仍不行，请联系管理员")]) from None
        try:
            out, _ = proc.communicate(header + content, timeout=seconds)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise Rejected([_FAILED]) from None
        except BaseException:
            _kill(proc)
            raise
    if proc.returncode != 0 or not out:
        raise Rejected([_FAILED])
    try:
        return _decode(out)
    except Rejected:
        raise
    except Exception:  # noqa: BLE001 - an answer that is not what the child writes: treat as a failed parse
        raise Rejected([_FAILED]) from None


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: nothing it started survives it
    except ProcessLookupError:
        pass
    proc.wait()


def _decode(out: bytes) -> Sheet:
    msg = orjson.loads(out)
    if "rejected" in msg:
        raise Rejected([Issue(**i) for i in msg["rejected"]])
    rows = msg["rows"]
    for r, c, tag, text in msg["tagged"]:
        rows[r][c] = _UNTAG[tag](text)
    return Sheet(msg["name"], rows, [tuple(m) for m in msg["merged"]],
                 [tuple(f) for f in msg["formulas"]], msg["kind"])


_PLAIN = (str, float, int, bool, type(None))
_UNTAG = {"datetime": datetime.fromisoformat, "date": date.fromisoformat, "time": time.fromisoformat,
          "timedelta": lambda s: timedelta(seconds=float(s))}


def _encode(sheet: Sheet) -> bytes:
    """The sheet as JSON; a date, time or duration cell becomes None in the rows and is listed in
    "tagged" with its position (anything else JSON cannot hold is sent as its text)."""
    tagged = []
    for r, row in enumerate(sheet.rows):
        for c, x in enumerate(row):
            if isinstance(x, _PLAIN):
                continue
            if isinstance(x, (datetime, date, time)):
                tagged.append((r, c, type(x).__name__, x.isoformat()))
                row[c] = None
            elif isinstance(x, timedelta):
                tagged.append((r, c, "timedelta", repr(x.total_seconds())))
                row[c] = None
            else:
                row[c] = str(x)
    return orjson.dumps({"name": sheet.name, "rows": sheet.rows, "merged": sheet.merged,
                         "formulas": sheet.uncached_formulas, "kind": sheet.kind, "tagged": tagged})


def _limit(memory: int, cpu: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file behind


def _child() -> None:
    stdin = sys.stdin.buffer
    header = orjson.loads(stdin.readline())
    _limit(header["memory"], header["cpu"])
    content = stdin.read()
    module, name = header["target"].split(":")
    func = getattr(import_module(module), name)
    try:
        answer = _encode(func(header["filename"], content))
    except Rejected as rej:
        answer = orjson.dumps({"rejected": [_fields(i) for i in rej.issues]})
    except BaseException:  # noqa: BLE001 - a panic in the parser included: the parent says it in Chinese
        answer = orjson.dumps({"rejected": [_fields(_FAILED)]})
    sys.stdout.buffer.write(answer)
    sys.stdout.buffer.flush()


def _fields(issue: Issue) -> dict:
    return {k: v for k, v in issue.as_dict().items() if k != "message"}


if __name__ == "__main__":
    _child()
