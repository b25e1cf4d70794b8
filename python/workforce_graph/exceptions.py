"""Exceptions raised by workforce-graph.

Built-in exceptions are used where their meaning fits: ``SyntaxError`` (with ``filename``,
``lineno`` and ``offset``) for malformed RDF and SPARQL, ``FileNotFoundError`` and other
``OSError`` subclasses for files, ``ValueError`` and ``TypeError`` for bad arguments. Everything
else is a :class:`WorkforceGraphError`; some of its subclasses are also built-in exceptions so
that generic handlers keep working (a :class:`QueryTimeoutError` is a ``TimeoutError``).
"""

from __future__ import annotations

__all__ = [
    "AuthenticationError",
    "DataFormatError",
    "EndpointUnreachableError",
    "FrameworkNotLoadedError",
    "GraphClosedError",
    "HTTPStatusError",
    "MalformedResponseError",
    "NoRequirementsError",
    "PersistenceUnavailableError",
    "QueryEvaluationError",
    "QueryTimeoutError",
    "RemoteError",
    "RemoteTimeoutError",
    "StorageError",
    "UnknownNameError",
    "UpdateEvaluationError",
    "UpdateTimeoutError",
    "WorkforceGraphError",
]


class WorkforceGraphError(Exception):
    """Base class of the library's own exceptions."""


class QueryTimeoutError(WorkforceGraphError, TimeoutError):
    """A query ran longer than its ``timeout`` and was cancelled."""


class QueryEvaluationError(WorkforceGraphError):
    """A well-formed query failed while running."""


class UpdateEvaluationError(WorkforceGraphError):
    """A well-formed SPARQL update failed while running; nothing was changed."""


class UpdateTimeoutError(UpdateEvaluationError, TimeoutError):
    """A SPARQL update ran longer than its ``timeout`` and was cancelled; nothing was changed."""


class GraphClosedError(WorkforceGraphError, ValueError):
    """The graph was used after :meth:`Graph.close`."""


class StorageError(WorkforceGraphError, OSError):
    """The store failed: locked by another process, damaged, or out of space."""


class PersistenceUnavailableError(WorkforceGraphError):
    """On-disk graphs were asked for but this build has no RocksDB storage."""


class DataFormatError(WorkforceGraphError, SyntaxError, ValueError):
    """An imported file is malformed or does not fit what the importer expects.

    It is a ``SyntaxError`` (so tools show where) and a ``ValueError``. ``filename``, ``lineno``
    (1-based line or row, ``None`` if not known), ``offset`` (1-based column number, ``None`` if not
    known) and ``column`` (the column's header, ``None`` if not known) say where; ``kind`` names the
    failure, one vocabulary for every importer: ``"malformed"``, ``"not_utf8"``, ``"empty"``,
    ``"missing_column"``, ``"missing_field"`` (of a JSON object or header block),
    ``"duplicate_column"``, ``"missing_value"``, ``"duplicate_id"``, ``"unknown_reference"`` (a
    parent, related item, competency, level, prefix or item defined nowhere), ``"cycle"``,
    ``"invalid_value"`` or ``"conflicting_value"``.
    """

    def __init__(
        self,
        message: str,
        *,
        filename: str | None = None,
        lineno: int | None = None,
        offset: int | None = None,
        column: str | None = None,
        kind: str | None = None,
    ) -> None:
        super().__init__(message)
        self.msg = message
        self.filename = filename
        self.lineno = lineno
        self.offset = offset
        self.column = column
        self.kind = kind

    def __str__(self) -> str:
        return self.msg


class FrameworkNotLoadedError(WorkforceGraphError, LookupError):
    """An analysis named a framework whose content is licensed and not bundled (SFIA) before
    its owner's copy was loaded; the message says how to load it (:meth:`Graph.import_sfia`)."""


class UnknownNameError(WorkforceGraphError, ValueError):
    """A framework, role or other item was asked for by a name the graph does not know.

    ``suggestions`` lists the closest known names, best first.
    """

    def __init__(self, message: str, *, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = list(suggestions or [])


class NoRequirementsError(WorkforceGraphError, ValueError):
    """A role, role level or framework was named that has no requirements in the graph, so a role
    analysis has nothing to compare (the NHS roles of the evidence brief, for example).

    ``missing`` lists the IRIs of what was named and has no requirements; ``frameworks`` the
    frameworks (codes, else names) whose roles do carry requirements.
    """

    def __init__(
        self, message: str, *, missing: list[str] | None = None, frameworks: list[str] | None = None
    ) -> None:
        super().__init__(message)
        self.missing = list(missing or [])
        self.frameworks = list(frameworks or [])


class RemoteError(WorkforceGraphError):
    """A SPARQL server (:meth:`Graph.connect`) failed a request. ``endpoint`` is the URL asked;
    ``status`` the HTTP status code where there was one. None leaves local state half-changed."""

    endpoint: str | None = None
    status: int | None = None


class EndpointUnreachableError(RemoteError, ConnectionError):
    """The server could not be reached: refused connection, unknown host, reset, TLS failure."""


class HTTPStatusError(RemoteError):
    """The server answered with an HTTP error (4xx or 5xx); the message holds the server's own."""


class AuthenticationError(HTTPStatusError, PermissionError):
    """The server refused the credentials (HTTP 401 or 403)."""


class RemoteTimeoutError(RemoteError, TimeoutError):
    """The server did not answer within the ``timeout``."""


class MalformedResponseError(RemoteError, ValueError):
    """The server's answer is not valid SPARQL results or RDF."""
