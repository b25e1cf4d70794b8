"""workforce-graph: an embedded knowledge graph of workforce roles, competency frameworks,
professional bodies and evidence.

>>> import workforce_graph as wg
>>> g = wg.Graph()
>>> len(g) > 0
True
"""

from __future__ import annotations

from workforce_graph import exceptions, plot
from workforce_graph._core import IRI, OXIGRAPH_VERSION, PERSISTENCE_AVAILABLE, Literal, __version__
from workforce_graph.exceptions import *
from workforce_graph.graph import Graph, QueryResult
from workforce_graph.remote import RemoteGraph

# The exceptions' names are listed once, in exceptions.__all__ (the two lists had drifted:
# FrameworkNotLoadedError was exported here but missing there).
__all__ = [
    "IRI",
    "OXIGRAPH_VERSION",
    "PERSISTENCE_AVAILABLE",
    "Graph",
    "Literal",
    "QueryResult",
    "RemoteGraph",
    "__version__",
    "plot",
]
__all__ += exceptions.__all__
