"""workforce-graph: an embedded knowledge graph of workforce roles, competency frameworks,
professional bodies and evidence.

>>> import workforce_graph as wg
>>> g = wg.Graph()
>>> len(g) > 0
True
"""

from __future__ import annotations

from workforce_graph import plot
from workforce_graph._core import IRI, OXIGRAPH_VERSION, PERSISTENCE_AVAILABLE, Literal, __version__
from workforce_graph.exceptions import (
    AuthenticationError,
    DataFormatError,
    EndpointUnreachableError,
    FrameworkNotLoadedError,
    GraphClosedError,
    HTTPStatusError,
    MalformedResponseError,
    NoRequirementsError,
    PersistenceUnavailableError,
    QueryEvaluationError,
    QueryTimeoutError,
    RemoteError,
    RemoteTimeoutError,
    StorageError,
    UnknownNameError,
    UpdateEvaluationError,
    UpdateTimeoutError,
    WorkforceGraphError,
)
from workforce_graph.graph import Graph, QueryResult
from workforce_graph.remote import RemoteGraph

__all__ = [
    "IRI",
    "OXIGRAPH_VERSION",
    "PERSISTENCE_AVAILABLE",
    "AuthenticationError",
    "DataFormatError",
    "EndpointUnreachableError",
    "FrameworkNotLoadedError",
    "Graph",
    "GraphClosedError",
    "HTTPStatusError",
    "Literal",
    "MalformedResponseError",
    "NoRequirementsError",
    "PersistenceUnavailableError",
    "QueryEvaluationError",
    "QueryResult",
    "QueryTimeoutError",
    "RemoteError",
    "RemoteGraph",
    "RemoteTimeoutError",
    "StorageError",
    "UnknownNameError",
    "UpdateEvaluationError",
    "UpdateTimeoutError",
    "WorkforceGraphError",
    "__version__",
    "plot",
]
