"""workforce-graph: an embedded knowledge graph of workforce roles, competency frameworks,
professional bodies and evidence.

>>> import workforce_graph as wg
>>> g = wg.Graph()
>>> len(g) > 0
True
"""

from __future__ import annotations

from workforce_graph import _core, _progress, _tables, careers, excel, plot, report
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
from workforce_graph.remote import RemoteGraph

# The native module imports nothing of this package: it is handed the Python halves it calls.
_core._connect_facade(
    progress=_progress.start,
    finish_table=_tables.finish,
    career_moves=careers.CareerMoves,
    rows_workbook=excel.rows_workbook,
    remote_graph=RemoteGraph,
    summary_html=report.summary_html,
)

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
