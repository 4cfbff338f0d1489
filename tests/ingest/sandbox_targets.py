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
