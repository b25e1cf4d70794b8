"""workforce-graph: an embedded knowledge graph of workforce roles, competency frameworks,
professional bodies and evidence.

>>> import workforce_graph as wg
>>> g = wg.Graph()
>>> len(g) > 0
True
"""

from __future__ import annotations

from workforce_graph import plot
from workforce_graph._core import (
    IRI,
    OXIGRAPH_VERSION,
    PERSISTENCE_AVAILABLE,
    Graph,
    Literal,
    QueryResult,
    __version__,
)
from workforce_graph.exceptions import (
    DataFormatError,
    FrameworkNotLoadedError,
    GraphClosedError,
    NoRequirementsError,
    PersistenceUnavailableError,
    QueryEvaluationError,
    QueryTimeoutError,
    StorageError,
    UnknownNameError,
    UpdateEvaluationError,
    UpdateTimeoutError,
    WorkforceGraphError,
)

__all__ = [
    "IRI",
    "OXIGRAPH_VERSION",
    "PERSISTENCE_AVAILABLE",
    "DataFormatError",
    "FrameworkNotLoadedError",
    "Graph",
    "GraphClosedError",
    "Literal",
    "NoRequirementsError",
    "PersistenceUnavailableError",
    "QueryEvaluationError",
    "QueryResult",
    "QueryTimeoutError",
    "StorageError",
    "UnknownNameError",
    "UpdateEvaluationError",
    "UpdateTimeoutError",
    "WorkforceGraphError",
    "__version__",
    "plot",
]
