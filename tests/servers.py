"""SPARQL servers for the tests, on 127.0.0.1 only: ``oxigraph serve`` (the ``oxigraph`` wheel
pinned in requirements.lock) on a free port with its own store directory, and a tiny scripted HTTP
server for the failures a real server will not produce on demand (garbage answers, refused
credentials, an answer that never comes). Every wait is bounded in time and in number of tries.
"""

from __future__ import annotations

import http.server
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable

STARTUP_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_command() -> str:
    """The ``oxigraph`` server program installed by the set-up, beside this Python."""
    beside = pathlib.Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph server is not installed: pip install -r requirements.lock")
    return found


def wait_until(ready: Callable[[], bool], seconds: float, what: str) -> None:
    """Calls ``ready`` every 0.05 s, at most ``seconds`` long (and so a bounded number of times)."""
    deadline = time.monotonic() + seconds
    for _ in range(int(seconds / 0.05) + 1):
        if ready():
            return
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    raise TimeoutError(f"{what} not ready after {seconds} s")


class OxigraphServer:
    """``oxigraph serve --location <dir> --bind 127.0.0.1:<port>``; ``start``/``stop`` may be called
    again (a restart keeps the store directory)."""

    def __init__(self, location: pathlib.Path) -> None:
        self.location = location
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    @property
    def update(self) -> str:
        return f"{self.base}/update"

    @property
    def store(self) -> str:
        return f"{self.base}/store"

    def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with status {self.process.returncode}")
        try:
            with urllib.request.urlopen(f"{self.query}?query=ASK%7B%7D", timeout=1) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def start(self) -> OxigraphServer:
        self.process = subprocess.Popen(
            [oxigraph_command(), "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, STARTUP_SECONDS, "oxigraph serve")
        return self

    def stop(self, kill: bool = False) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self.process = None


class ScriptedServer:
    """An HTTP server on 127.0.0.1 answering every request with ``(status, content_type, body)``
    after ``delay`` seconds: the misbehaving server."""

    def __init__(self, status: int, content_type: str, body: bytes, delay: float = 0.0) -> None:
        answer = (status, content_type, body, delay)

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                status, content_type, body, delay = answer
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (a timeout test)

            do_GET = do_POST = _answer

            def log_message(self, *_args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *_args: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
