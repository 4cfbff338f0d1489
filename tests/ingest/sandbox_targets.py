"""Stand-ins for a parser that misbehaves, run by ingest.sandbox in its child process."""

import ctypes
import os
import time


def abort(filename: str, content: bytes):
    os.abort()  # what a failed allocation in the Rust parser does: SIGABRT, no `except` runs


def allocate(filename: str, content: bytes):
    # Ask the C allocator directly, as the parser does: Python's MemoryError would be caught.
    while True:
        if not ctypes.CDLL(None).malloc(1 << 30):
            os.abort()
        time.sleep(0)


def hang(filename: str, content: bytes):
    time.sleep(3600)


def panic(filename: str, content: bytes):
    raise type("PanicException", (BaseException,), {})("called `Option::unwrap()` on a `None` value")


def pid(filename: str, content: bytes):
    """The worker's process id, as a one-cell sheet."""
    from ingest.read import Sheet
    return Sheet("pid", [[os.getpid()]])


def chatty(filename: str, content: bytes):
    """A parser that prints (to stdout and stderr) before it answers."""
    import sys
    print("调试输出" * 1000)
    os.write(1, b"\x00" * 64)
    print("warning", file=sys.stderr)
    return pid(filename, content)


_used = []


def spoiled(filename: str, content: bytes):
    """Reads the first file of its process, then aborts: a worker spoiled by an earlier job."""
    if _used:
        os.abort()
    _used.append(filename)
    return pid(filename, content)
