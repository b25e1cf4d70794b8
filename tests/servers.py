"""SPARQL servers for the tests, on 127.0.0.1 only: ``oxigraph serve`` (the ``oxigraph`` wheel
pinned in requirements.lock) and Virtuoso 7 (Debian's ``virtuoso-opensource``, installed by
scripts/install-system-deps.sh), each on free ports with its own database directory, and a tiny
scripted HTTP server for the failures a real server will not produce on demand (garbage answers,
refused credentials, an answer that never comes). Every wait is bounded in time and in number of
tries.
"""

from __future__ import annotations

import abc
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
from typing import Any, Self

import workforce_graph as wg

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


class _ServerProcess(abc.ABC):
    """What the two real servers share: a client with every endpoint set, a readiness probe (an
    ``ASK {}`` answered with 200), a bounded start, and a stop that escalates to SIGKILL. Each
    server says how it is launched, where its endpoints are and how long it may take to stop."""

    name: str
    default_graph: str | None
    # How long a SIGTERM may take before the process is killed.
    stop_seconds: float

    # The endpoints' paths under ``base``: SPARQL query, SPARQL Update, Graph Store Protocol.
    paths: tuple[str, str, str]

    def __init__(self, location: pathlib.Path) -> None:
        self.location = location
        self.http_port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query(self) -> str:
        return self.base + self.paths[0]

    @property
    def update(self) -> str:
        return self.base + self.paths[1]

    @property
    def store(self) -> str:
        return self.base + self.paths[2]

    def connect(self, *, whole_dataset: bool = False, **options: Any) -> wg.RemoteGraph:
        """A client of this server with every endpoint set; with ``whole_dataset`` its queries read
        the server's own dataset (named graphs included) instead of the data graph."""
        return wg.Graph.connect(
            self.query,
            update_endpoint=self.update,
            store_endpoint=self.store,
            default_graph=None if whole_dataset else self.default_graph,
            **options,
        )

    @abc.abstractmethod
    def _exit_message(self, status: int) -> str:
        """What a start says when the process exits before it answers (each server words its own)."""

    def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(self._exit_message(self.process.returncode))
        try:
            with urllib.request.urlopen(f"{self.query}?query=ASK%7B%7D", timeout=1) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def _launch(self, command: list[str], what: str, cwd: pathlib.Path | None = None) -> None:
        """Starts ``command`` (output discarded) and waits, bounded, until the server answers;
        ``what`` names it in the time-out error."""
        self.process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until(self._answers, STARTUP_SECONDS, what)

    def stop(self, kill: bool = False) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.process.wait(timeout=self.stop_seconds)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self.process = None


class OxigraphServer(_ServerProcess):
    """``oxigraph serve --location <dir> --bind 127.0.0.1:<port>``; ``start``/``stop`` may be called
    again (a restart keeps the store directory)."""

    name = "oxigraph"
    # oxigraph's default graph is a graph of its own: pushes and queries use it.
    default_graph: str | None = None
    stop_seconds = 20.0
    paths = ("/query", "/update", "/store")

    def __init__(self, location: pathlib.Path, *, union_default_graph: bool = False) -> None:
        super().__init__(location)
        # ``--union-default-graph``: the default graph is the union of all graphs, as on Virtuoso.
        self.union_default_graph = union_default_graph

    def _exit_message(self, status: int) -> str:
        return f"oxigraph serve exited with status {status}"

    def start(self) -> OxigraphServer:
        self._launch(
            [
                oxigraph_command(),
                "serve",
                "--location",
                str(self.location),
                "--bind",
                f"127.0.0.1:{self.http_port}",
                *(["--union-default-graph"] if self.union_default_graph else []),
            ],
            "oxigraph serve",
        )
        return self


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
CheckpointInterval = 60
MaxClientConnections = 10

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8

[SPARQL]
; Whole tables, not Virtuoso's default first 10,000 rows; a query left running by a client that
; timed out stops after 20 s.
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 20
MaxQueryCostEstimationTime = 0
"""


class VirtuosoServer(_ServerProcess):
    """Virtuoso 7 (``virtuoso-t -f +configfile``) with its own ini file and database directory,
    on free ports. The anonymous SPARQL user may update (``GRANT SPARQL_UPDATE``) and write graphs
    through ``/sparql-graph-crud``, granted with ``isql`` as ``dba`` at the first start."""

    name = "virtuoso"
    # Virtuoso's default graph is the union of all its graphs, its own system graphs included: the
    # bundled graph goes into a named graph that queries read as their default graph.
    default_graph: str | None = "http://example.com/workforce"
    # A checkpoint at shutdown takes longer than oxigraph's.
    stop_seconds = 60.0
    # Queries and updates share one endpoint.
    paths = ("/sparql", "/sparql", "/sparql-graph-crud")

    def __init__(self, location: pathlib.Path) -> None:
        super().__init__(location)
        self.location.mkdir(parents=True, exist_ok=True)
        self.sql_port = free_port()
        self.ini = self.location / "virtuoso.ini"
        self.ini.write_text(
            VIRTUOSO_INI.format(dir=self.location, sql_port=self.sql_port, http_port=self.http_port)
        )
        self.granted = False

    def _exit_message(self, status: int) -> str:
        log = self.location / "virtuoso.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        return f"virtuoso-t exited with status {status}: {tail}"

    def start(self) -> VirtuosoServer:
        program = shutil.which("virtuoso-t")
        if program is None:
            raise RuntimeError("Virtuoso is not installed: run scripts/install-system-deps.sh")
        self._launch([program, "-f", "+configfile", str(self.ini)], "Virtuoso", cwd=self.location)
        if not self.granted:
            isql = shutil.which("isql-vt") or shutil.which("isql")
            if isql is None:
                raise RuntimeError("Virtuoso's isql-vt is not installed")
            grants = (
                'GRANT SPARQL_UPDATE TO "SPARQL"; GRANT SPARQL_SPONGE TO "SPARQL"; '
                "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
            )
            subprocess.run(
                [isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={grants}"],
                check=True,
                capture_output=True,
                timeout=60,
            )
            self.granted = True
        return self


class ScriptedServer:
    """An HTTP server on 127.0.0.1 answering every request with ``(status, content_type, body)``
    after ``delay`` seconds: the misbehaving server. ``server`` is its ``Server`` header (what
    the client may recognise it by); ``requests`` records each request's method and path with its
    query string, in order."""

    def __init__(
        self,
        status: int,
        content_type: str,
        body: bytes,
        delay: float = 0.0,
        server: str = "ScriptedServer/1.0",
    ) -> None:
        answer = (status, content_type, body, delay)
        self.requests: list[tuple[str, str]] = []
        requests = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def version_string(self) -> str:
                return server

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                requests.append((self.command, self.path))
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

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *_args: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
