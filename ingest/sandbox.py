"""Read an upload in a child process with a memory and a time limit.

A hostile or broken spreadsheet can make the parser panic (python-calamine's PanicException is a
BaseException that `except Exception` misses), abort the process when an allocation fails
(SIGABRT: no `except` runs), or ask for more memory than the machine has. In the app that process
is the server of every user. Here the parse runs in a parse worker, `python -m ingest.sandbox`,
which has already imported the reader and limits its own address space and CPU time for each job;
the parent waits at most TIME_LIMIT seconds for the answer. A worker that dies, is killed or runs
out of time becomes a Chinese refusal (`Rejected`) and is replaced.

Workers are kept warm and reused (at most PARALLEL per app process, as many as parse at once), so an
upload does not pay for an interpreter start: a worker is retired after JOBS_PER_WORKER parses, after
a parse that ended in anything but an answer or a Rejected (a panic), and when its address space has
grown past WORKER_GROWTH after a parse. A job whose worker dies is run once more on a fresh worker
if that worker had parsed other files before, so no file is refused because of an earlier one.
Not multiprocessing: spawn and forkserver re-import the parent's `__main__` (the Streamlit app under
`python app.py`), a ProcessPoolExecutor returns results as pickle, cannot stop one job at its time
limit, and fails every pending job of the pool when one worker dies.

Requests and answers are length-prefixed frames over the worker's stdin and stdout. The worker
answers in JSON (orjson), not pickle: the parent takes only data from a process that has just
parsed a hostile file. Cells that JSON has no type for (dates, times, durations) travel tagged
with their position."""

from __future__ import annotations

import atexit
import math
import os
import resource
import selectors
import signal
import struct
import subprocess
import sys
import threading
import time as clock
from datetime import date, datetime, time, timedelta
from importlib import import_module
from pathlib import Path

import orjson

from ingest.issues import Issue, Rejected
from ingest.read import Sheet

MEMORY_LIMIT = 1536 * 1024 * 1024  # address space of one parse; a full 20,000 × 200 sheet needs ≈ 0.6 GB
TIME_LIMIT = 60.0  # seconds of wall-clock time; a district workbook of 10,000 schools takes ≈ 0.5 s
PARALLEL = 2  # parses at once per app process: a handful of worst-case files must not exhaust memory
JOBS_PER_WORKER = 200  # parses before a worker is replaced by a fresh one
WORKER_GROWTH = 768 * 1024 * 1024  # address space a worker may keep after a parse (≈ 25 MB fresh, ≈ 33 MB after 10,000 schools)
READER = "ingest.read:read"
ROOT = Path(__file__).resolve().parents[1]

_slots = threading.BoundedSemaphore(PARALLEL)
_FAILED = Issue("文件无法读取：解析时出错、超出内存或时间限制，文件可能已损坏或结构异常",
                fix="请在 Excel 或 WPS 中打开本校模板，填写后“另存为”Excel 工作簿（.xlsx）再上传")
_NO_WORKER = Issue("系统暂时无法读取上传的文件（无法启动解析进程）", fix="请稍后重新上传；如仍不行，请联系管理员")

_REQUEST = struct.Struct(">IQ")  # header length, content length; then the JSON header and the content
_ANSWER = struct.Struct(">QQB")  # answer length, the worker's address space after the job, retire flag


def read(filename: str, content: bytes, *, target: str = READER, memory: int | None = None,
         seconds: float | None = None) -> Sheet:
    """ingest.read.read(filename, content), run in a parse worker under limits. Raises Rejected
    for every problem, including a worker that crashed, was killed or did not finish in time."""
    memory = MEMORY_LIMIT if memory is None else memory
    seconds = TIME_LIMIT if seconds is None else seconds
    header = orjson.dumps({"target": target, "filename": filename, "memory": memory, "cpu": int(seconds) + 1})
    request = _REQUEST.pack(len(header), len(content)) + header + content
    with _slots:
        deadline = clock.monotonic() + seconds
        out = _pool.run(request, memory, deadline)
    try:
        return _decode(out)
    except Rejected:
        raise
    except Exception:  # noqa: BLE001 - an answer that is not what the worker writes: treat as a failed parse
        raise Rejected([_FAILED]) from None


def warm(n: int = PARALLEL) -> None:
    """Start parse workers until n are idle (the app calls this once at start)."""
    _pool.warm(n)


def shutdown() -> None:
    """Stop every parse worker (at exit; a later read starts new ones)."""
    _pool.close()


class _Died(Exception):
    """The worker closed its end or wrote something that is not an answer frame."""


class _TimedOut(Exception):
    pass


class _Worker:
    def __init__(self, ceiling: int):
        self.ceiling = ceiling  # its hard RLIMIT_AS: no job of this worker may ask for more
        self.jobs = 0
        self.proc = subprocess.Popen([sys.executable, "-m", "ingest.sandbox", str(ceiling)], cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     start_new_session=True, bufsize=0)
        os.set_blocking(self.proc.stdin.fileno(), False)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # its own session: nothing it started survives it
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass

    def exchange(self, request: bytes, deadline: float) -> tuple[bytes, int, bool]:
        """Send one request and read its answer: (answer, address space after the job, retire?)."""
        w, r = self.proc.stdin.fileno(), self.proc.stdout.fileno()
        view, sent = memoryview(request), 0
        buf, need, head = bytearray(), None, None
        with selectors.DefaultSelector() as sel:
            sel.register(w, selectors.EVENT_WRITE)
            sel.register(r, selectors.EVENT_READ)
            while True:
                left = deadline - clock.monotonic()
                if left <= 0:
                    raise _TimedOut
                for key, _ in sel.select(left):
                    if key.fd == w:
                        try:
                            sent += os.write(w, view[sent:sent + 1024 * 1024])
                        except BlockingIOError:
                            continue
                        except (BrokenPipeError, ConnectionResetError):
                            raise _Died from None
                        if sent == len(view):
                            sel.unregister(w)
                        continue
                    chunk = os.read(r, 4 * 1024 * 1024)
                    if not chunk:
                        raise _Died
                    buf += chunk
                    if head is None and len(buf) >= _ANSWER.size:
                        head = _ANSWER.unpack_from(buf)
                        if head[0] > self.ceiling:
                            raise _Died
                        need = _ANSWER.size + head[0]
                    if need is not None and len(buf) >= need:
                        if len(buf) > need or sent < len(view):
                            raise _Died  # more than one answer, or an answer to a request not yet read
                        return bytes(buf[_ANSWER.size:]), head[1], bool(head[2])


class _Pool:
    """Idle warm workers; a worker is used by one parse at a time (`_slots` bounds how many)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()

    def _start(self, ceiling: int) -> _Worker:
        try:
            return _Worker(ceiling)
        except OSError:
            raise Rejected([_NO_WORKER]) from None

    def _take(self, memory: int) -> _Worker:
        """The idle worker used last that may run the job (its pages are warm), else a new one."""
        with self._lock:
            dead = [w for w in self._idle if not w.alive()]
            self._idle = [w for w in self._idle if w not in dead]
            worker = next((w for w in reversed(self._idle) if w.ceiling >= memory), None)
            if worker is not None:
                self._idle.remove(worker)
                self._busy.add(worker)
        for w in dead:
            w.kill()
        if worker is None:
            worker = self._start(max(memory, MEMORY_LIMIT))
            with self._lock:
                self._busy.add(worker)
        return worker

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._busy.discard(worker)
            if len(self._idle) < PARALLEL and worker.ceiling == MEMORY_LIMIT:
                self._idle.append(worker)
                return
        worker.kill()

    def run(self, request: bytes, memory: int, deadline: float) -> bytes:
        for _attempt in range(2):
            worker = self._take(memory)
            reused = worker.jobs > 0
            try:
                out, size, retire = worker.exchange(request, deadline)
            except _TimedOut:
                self._replace(worker)
                raise Rejected([_FAILED]) from None
            except _Died:
                self._replace(worker)
                if reused and clock.monotonic() < deadline:
                    continue  # perhaps the worker's earlier jobs: once more on a fresh one
                raise Rejected([_FAILED]) from None
            except BaseException:
                self._replace(worker)
                raise
            worker.jobs += 1
            if retire or size > WORKER_GROWTH or worker.jobs >= JOBS_PER_WORKER:
                self._replace(worker)
            else:
                self._give_back(worker)
            return out
        raise Rejected([_FAILED])

    def _replace(self, worker: _Worker) -> None:
        """Kill the worker and start a fresh one in its place, which warms up while this request goes on."""
        with self._lock:
            self._busy.discard(worker)
        worker.kill()
        if worker.ceiling == MEMORY_LIMIT:
            try:
                fresh = _Worker(MEMORY_LIMIT)
            except OSError:
                return
            self._give_back(fresh)

    def warm(self, n: int) -> None:
        n = min(n, PARALLEL)
        while True:
            with self._lock:
                if len(self._idle) + len(self._busy) >= n:
                    return
            try:
                self._give_back(_Worker(MEMORY_LIMIT))
            except OSError:
                return

    def close(self) -> None:
        with self._lock:
            workers, self._idle, self._busy = self._idle + list(self._busy), [], set()
        for w in workers:
            try:
                w.proc.stdin.close()  # an idle worker exits on end of input
            except OSError:
                pass
        stop = clock.monotonic() + 1.0
        for w in workers:
            try:
                w.proc.wait(max(0.0, stop - clock.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            w.kill()

    def forget(self) -> None:
        """In a forked child: the workers belong to the parent."""
        self._lock = threading.Lock()
        self._idle, self._busy = [], set()


_pool = _Pool()
atexit.register(_pool.close)
os.register_at_fork(after_in_child=_pool.forget)


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
    fields = {"name": sheet.name, "rows": sheet.rows, "merged": sheet.merged, "formulas": sheet.uncached_formulas,
              "kind": sheet.kind, "tagged": []}
    try:  # most sheets hold only text, numbers and empty cells: orjson alone, no pass over the cells
        return orjson.dumps(fields, option=orjson.OPT_PASSTHROUGH_DATETIME)
    except orjson.JSONEncodeError:
        pass
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


# The worker's side.

def _read_exact(fd: int, n: int) -> bytes | None:
    parts, left = [], n
    while left:
        chunk = os.read(fd, min(left, 4 * 1024 * 1024))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _address_space() -> int:
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # no /proc: the peak resident size


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _serve(ceiling: int) -> None:
    """Answer requests until the parent closes the input. Each job runs with the address space
    limited to what it asks for (never above the worker's ceiling) and CPU time to its seconds."""
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    ceiling = ceiling if hard == resource.RLIM_INFINITY else min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file behind
    cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    # The protocol has fds of its own: whatever a parser prints goes nowhere, not into an answer.
    requests, answers = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    while True:
        prefix = _read_exact(requests, _REQUEST.size)
        if prefix is None:
            return
        header_len, content_len = _REQUEST.unpack(prefix)
        header = _read_exact(requests, header_len)
        content = _read_exact(requests, content_len) if content_len else b""
        if header is None or content is None:
            return
        header = orjson.loads(header)
        module, name = header["target"].split(":")
        cpu = math.ceil(_cpu_used()) + header["cpu"]
        resource.setrlimit(resource.RLIMIT_CPU, (cpu if cpu_hard == resource.RLIM_INFINITY else min(cpu, cpu_hard), cpu_hard))
        resource.setrlimit(resource.RLIMIT_AS, (min(header["memory"], ceiling), ceiling))
        retire = False
        try:
            answer = _encode(getattr(import_module(module), name)(header["filename"], content))
        except Rejected as rej:
            answer = orjson.dumps({"rejected": [_fields(i) for i in rej.issues]})
        except BaseException:  # noqa: BLE001 - a panic in the parser included: the parent says it in Chinese
            answer, retire = orjson.dumps({"rejected": [_fields(_FAILED)]}), True
        del content
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_hard, cpu_hard))
        frame = _ANSWER.pack(len(answer), _address_space(), retire) + answer
        view = memoryview(frame)
        while view:
            view = view[os.write(answers, view):]
        del answer, frame, view


def _fields(issue: Issue) -> dict:
    return {k: v for k, v in issue.as_dict().items() if k != "message"}


if __name__ == "__main__":
    _serve(int(sys.argv[1]) if len(sys.argv) > 1 else MEMORY_LIMIT)
