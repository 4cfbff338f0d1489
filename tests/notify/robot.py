"""A loopback group robot for tests: an HTTP server on 127.0.0.1 (http.server in a thread) that
records every request a 企业微信 or 钉钉 robot would receive, and answers as told: 200 {"errcode":0},
an HTTP status (500, 429…) or a robot error code, request by request (`plan`) or always (`default`)."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Received:
    path: str
    query: dict[str, str]
    body: dict
    at: float

    @property
    def text(self) -> str:
        return (self.body.get("text") or {}).get("content", "")


@dataclass
class Robot:
    server: ThreadingHTTPServer
    received: list[Received] = field(default_factory=list)
    plan: list[object] = field(default_factory=list)  # per request: 200, 500, 429, ("errcode", 93000)
    default: object = 200
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, key: str) -> str:
        """A webhook URL shaped like the robots': /cgi-bin/webhook/send?key=… or /robot/send?access_token=…"""
        return f"{self.base}/cgi-bin/webhook/send?key={key}"

    def dingtalk_url(self, token: str) -> str:
        return f"{self.base}/robot/send?access_token={token}"

    def to(self, key: str) -> list[Received]:
        return [r for r in self.received if r.query.get("key") == key or r.query.get("access_token") == key]

    def wait_for(self, n: int, timeout: float = 20) -> None:
        end = time.monotonic() + timeout
        while len(self.received) < n and time.monotonic() < end:
            time.sleep(0.02)


def start_robot() -> Robot:
    robot: Robot

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # noqa: ANN002 - keep the test output clean
            pass

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if len(raw) < length:
                # the sender was killed before its body was through: a real robot never sees that message, so
                # neither does this one (it was recorded as an empty one, and the crash test failed now and then)
                self.close_connection = True
                return
            if robot.delay:
                time.sleep(robot.delay)
            parts = urlsplit(self.path)
            with robot.lock:
                answer = robot.plan.pop(0) if robot.plan else robot.default
                if answer == 200:
                    robot.received.append(Received(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()},
                                                   json.loads(raw or b"{}"), time.time()))
            if isinstance(answer, tuple):
                body, status = {"errcode": answer[1], "errmsg": "invalid webhook url"}, 200
            elif answer == 200:
                body, status = {"errcode": 0, "errmsg": "ok"}, 200
            else:
                body, status = {"errcode": -1, "errmsg": "error"}, int(answer)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if status == 429:
                self.send_header("Retry-After", "0")
            self.end_headers()
            try:
                self.wfile.write(data)
            except BrokenPipeError:  # the sender was killed mid-request (the crash test does that)
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    robot = Robot(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return robot
