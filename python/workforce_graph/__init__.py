"""workforce-graph: an embedded knowledge graph of workforce roles, competency frameworks,
professional bodies and evidence.

>>> import workforce_graph as wg
>>> g = wg.Graph()
>>> len(g) > 0
True
"""

from __future__ import annotations

from workforce_graph._core import (
    OXIGRAPH_VERSION,
    PERSISTENCE_AVAILABLE,
    IRI,
    Graph,
    Literal,
    QueryResult,
    __version__,
)
from workforce_graph import plot
from workforce_graph.remote import RemoteGraph
from workforce_graph.exceptions import (
    DataFormatError,
    FrameworkNotLoadedError,
    UnknownNameError,
    GraphClosedError,
    RemoteError,
    EndpointUnreachableError,
    HTTPStatusError,
    AuthenticationError,
    RemoteTimeoutError,
    MalformedResponseError,
    PersistenceUnavailableError,
    QueryEvaluationError,
    QueryTimeoutError,
    StorageError,
    UpdateEvaluationError,
    UpdateTimeoutError,
    WorkforceGraphError,
)

__all__ = [
    "Graph",
    "QueryResult",
    "RemoteGraph",
    "plot",
    "IRI",
    "Literal",
    "WorkforceGraphError",
    "QueryTimeoutError",
    "QueryEvaluationError",
    "UpdateEvaluationError",
    "UpdateTimeoutError",
    "GraphClosedError",
    "StorageError",
    "PersistenceUnavailableError",
    "DataFormatError",
    "FrameworkNotLoadedError",
    "UnknownNameError",
    "RemoteError",
    "EndpointUnreachableError",
    "HTTPStatusError",
    "AuthenticationError",
    "RemoteTimeoutError",
    "MalformedResponseError",
    "OXIGRAPH_VERSION",
    "PERSISTENCE_AVAILABLE",
    "__version__",
]
