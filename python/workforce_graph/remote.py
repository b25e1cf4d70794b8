"""A shared graph on a SPARQL server, behind the same API as the embedded :class:`Graph`.

:meth:`Graph.connect` returns a :class:`RemoteGraph`. Queries, updates and the ready-made tables
run on the server (the same SPARQL as locally, from ``ontology/api/``); the analyses that build an
index in memory run on a local copy read in one streamed request, so they return exactly what the
embedded graph returns on the same data: role overlap, similar roles, next roles, skill gaps and
coverage copy only the triples they read; the others (crosswalks, search...) the server's whole
default graph (:meth:`RemoteGraph.snapshot`).

>>> import workforce_graph as wg
>>> remote = wg.Graph.connect("http://127.0.0.1:7878/query", store_endpoint="http://127.0.0.1:7878/store")
>>> remote.store_endpoint
'http://127.0.0.1:7878/store'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, Unpack

from workforce_graph import _core
from workforce_graph._native import Wraps
from workforce_graph.exceptions import WorkforceGraphError
from workforce_graph.graph import BindingValue, Graph, QueryResult, query_outcome, ready_table

if TYPE_CHECKING:
    import pandas

    from workforce_graph.careers import CareerMoves

__all__ = ["RemoteGraph"]

Answer = TypeVar("Answer")


class ConnectOptions(TypedDict, total=False):
    """The options of a connection, as :meth:`Graph.connect` documents them."""

    update_endpoint: str | None
    store_endpoint: str | None
    auth: tuple[str, str] | None
    timeout: float | None
    headers: Mapping[str, str] | None
    default_graph: str | None


class RemoteGraph(Wraps[_core.RemoteEndpoint]):
    """A graph on a SPARQL 1.1 server (Virtuoso, GraphDB, Fuseki, Neptune, QLever, ``oxigraph
    serve``...); make one with :meth:`Graph.connect`.

    ``query``, ``update``, ``len()``, ``named_graphs()`` and the ready-made tables are requests to
    the server. Each analysis reads the server's default graph once into a local copy and runs
    there: its answer is the embedded graph's answer on the server's data. Role overlap, similar
    roles, next roles, skill gaps and coverage read only the triples they need (requirements,
    labels, codes, schemes, coverage). A copy is not kept between calls, so an analysis always
    sees the server's current data; take one with :meth:`snapshot` to run several analyses on the
    same state.
    """

    __slots__ = ("_remote",)
    _native_slot = "_remote"
    _remote: _core.RemoteEndpoint

    def __init__(self, endpoint: str, **options: Unpack[ConnectOptions]) -> None:
        """As :meth:`Graph.connect`, which documents ``options``."""
        self._remote = _core.RemoteEndpoint(endpoint, **options)

    @property
    def endpoint(self) -> str:
        """The query endpoint."""
        return self._remote.endpoint

    @property
    def update_endpoint(self) -> str:
        """The update endpoint."""
        return self._remote.update_endpoint

    @property
    def store_endpoint(self) -> str | None:
        """The Graph Store Protocol endpoint, or ``None``."""
        return self._remote.store_endpoint

    @property
    def default_graph(self) -> str | None:
        """The graph queries read as their default graph, or ``None`` for the server's own."""
        return self._remote.default_graph

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, BindingValue] | None = None,
        timeout: float | None = None,
    ) -> QueryResult | bool:
        """Runs a SPARQL 1.1 query on the server; the answer is read as it arrives into the same
        typed columns as a local query. The usual prefixes (``skos:``, ``wg:``...) are declared for
        the server, and a malformed query raises ``SyntaxError`` before anything is sent.

        :param sparql: the query.
        :param bindings: values for variables, as in :meth:`Graph.query`: sent as a ``VALUES``
            block joined to the WHERE clause, never pasted into the text.
        :param timeout: seconds the request may take; overrides the connection's timeout.
        :return: a :class:`QueryResult` for SELECT, CONSTRUCT and DESCRIBE; a ``bool`` for ASK.
        :raises SyntaxError: for malformed SPARQL.
        :raises RemoteTimeoutError: when the timeout is reached.
        :raises HTTPStatusError: when the server answers with an error (its message included).
        :raises EndpointUnreachableError: when the server cannot be reached.
        """
        given = None if bindings is None else dict(bindings)
        return query_outcome(self._remote.query(sparql, given, timeout))

    def update(self, sparql: str, timeout: float | None = None) -> None:
        """Runs a SPARQL 1.1 update on the server, in one request (which the server applies
        atomically if it has transactions).

        :param sparql: the update.
        :param timeout: seconds the request may take.
        :raises SyntaxError: for malformed SPARQL (nothing is sent).
        :raises HTTPStatusError: when the server refuses the update.
        """
        self._remote.update(sparql, timeout)

    def named_graphs(self) -> list[str]:
        """The IRIs of the server's named graphs, sorted."""
        return self._remote.named_graphs()

    def __len__(self) -> int:
        """The number of triples in all graphs on the server."""
        return len(self._remote)

    def __repr__(self) -> str:
        return repr(self._remote)

    def snapshot(self, graph: str | None = None) -> Graph:
        """A local in-memory copy of the server's default graph, or of its named graph ``graph``,
        read in one streamed request (Graph Store Protocol, or CONSTRUCT without a store
        endpoint). Analyses that build an index run on such a copy.

        :param graph: the IRI of a named graph on the server.
        """
        return Graph._from_native(self._remote.snapshot(graph))

    def _table(self, name: str, framework: str | None = None) -> pandas.DataFrame:
        """A ready-made table run on the server, as a DataFrame of the same convention as a
        local graph's tables."""
        return ready_table(self._remote._table(name, framework))

    def _analysis_copy(self, reads: str, predicates: list[str] | None = None) -> Graph:
        """A local copy of the triples the analyses of ``reads`` read (``"roles"``,
        ``"skill_gap"`` or ``"coverage"``; ``predicates`` are coverage's own), in one request."""
        return Graph._from_native(self._remote._analysis_copy(reads, predicates))

    def _on_copy(
        self, reads: str, analysis: Callable[[Graph], Answer], predicates: list[str] | None = None
    ) -> Answer:
        """``analysis`` run on a local copy of the triples it reads (``reads``, see
        ``_analysis_copy``). When it fails on that copy, it runs again on the whole graph: an error
        explains itself from everything the graph holds (an unknown role's reading as a job title
        on the coding frame), and must say what the embedded graph says."""
        copy = self._analysis_copy(reads, predicates)
        try:
            return analysis(copy)
        except WorkforceGraphError:
            return analysis(self.snapshot())

    # Ready-made tables: the same queries as the embedded graph, run on the server.

    def frameworks(self) -> pandas.DataFrame:
        """As :meth:`Graph.frameworks`, run on the server."""
        return self._table("frameworks")

    def schemes(self) -> pandas.DataFrame:
        """As :meth:`Graph.schemes`, run on the server."""
        return self._table("schemes")

    def competencies(self, framework: str | None = None) -> pandas.DataFrame:
        """As :meth:`Graph.competencies`, run on the server."""
        return self._table("competencies", framework)

    def roles(self, framework: str | None = None) -> pandas.DataFrame:
        """As :meth:`Graph.roles`, run on the server."""
        return self._table("roles", framework)

    def role_levels(self, framework: str | None = None) -> pandas.DataFrame:
        """As :meth:`Graph.role_levels`, run on the server."""
        return self._table("role_levels", framework)

    def requirements(self, framework: str | None = None) -> pandas.DataFrame:
        """As :meth:`Graph.requirements`, run on the server."""
        return self._table("requirements", framework)

    def professional_bodies(self) -> pandas.DataFrame:
        """As :meth:`Graph.professional_bodies`, run on the server."""
        return self._table("professional_bodies")

    def offers(self) -> pandas.DataFrame:
        """As :meth:`Graph.offers`, run on the server."""
        return self._table("offers")

    def coding_frame(self) -> pandas.DataFrame:
        """As :meth:`Graph.coding_frame`, run on the server."""
        return self._table("coding_frame")

    def evidence(self) -> pandas.DataFrame:
        """As :meth:`Graph.evidence`, run on the server."""
        return self._table("evidence")

    def statistics(self) -> pandas.DataFrame:
        """As :meth:`Graph.statistics`, run on the server."""
        return self._table("statistics")

    def mappings(self) -> pandas.DataFrame:
        """As :meth:`Graph.mappings`, run on the server."""
        return self._table("mappings")

    # Analyses: the embedded implementation, on a local copy of the server's default graph.

    def search(
        self, text: str, kind: str | None = None, framework: str | None = None, k: int = 20
    ) -> pandas.DataFrame:
        """As :meth:`Graph.search`, on a local copy of the server's graph."""
        return self.snapshot().search(text, kind, framework, k)

    def validate(
        self, shapes: Any = None, format: str | None = None, graph: str | None = None
    ) -> pandas.DataFrame:
        """As :meth:`Graph.validate`, on a local copy of the server's default graph (or of its
        named graph ``graph``)."""
        return self.snapshot(graph).validate(shapes, format)

    def framework_overlap(
        self, frameworks: Sequence[str] | None = None, method: str = "crosswalk", min_score: float = 0.4
    ) -> pandas.DataFrame:
        """As :meth:`Graph.framework_overlap`, on a local copy of the server's graph."""
        return self.snapshot().framework_overlap(frameworks, method, min_score)

    def crosswalk(self, a: str, b: str) -> pandas.DataFrame:
        """As :meth:`Graph.crosswalk`, on a local copy of the server's graph."""
        return self.snapshot().crosswalk(a, b)

    def suggest_mappings(
        self, a: str, b: str, min_score: float = 0.4, synonyms: bool = True, include_mapped: bool = False
    ) -> pandas.DataFrame:
        """As :meth:`Graph.suggest_mappings`, on a local copy of the server's graph."""
        return self.snapshot().suggest_mappings(a, b, min_score, synonyms, include_mapped)

    def mapping_quality(self, thresholds: list[float] | None = None) -> pandas.DataFrame:
        """As :meth:`Graph.mapping_quality`, on a local copy of the server's graph."""
        local = self.snapshot()
        return local.mapping_quality() if thresholds is None else local.mapping_quality(thresholds)

    def framework_gaps(self, a: str, b: str, max_hops: int = 4) -> pandas.DataFrame:
        """As :meth:`Graph.framework_gaps`, on a local copy of the server's graph."""
        return self.snapshot().framework_gaps(a, b, max_hops)

    def role_overlap(
        self, min_shared: int = 5, framework: str | None = None, essential_only: bool = False
    ) -> pandas.DataFrame:
        """As :meth:`Graph.role_overlap`, on a local copy of the triples it reads; a framework is
        resolved on the server, where all its names are."""
        iri = None if framework is None else self._remote._framework_iri(framework)
        return self._on_copy("roles", lambda local: local.role_overlap(min_shared, iri, essential_only))

    def similar_roles(self, role: str, k: int = 10) -> pandas.DataFrame:
        """As :meth:`Graph.similar_roles`, on a local copy of the triples it reads."""
        return self._on_copy("roles", lambda local: local.similar_roles(role, k))

    def skill_gap(self, from_role: str, to_role: str) -> pandas.DataFrame:
        """As :meth:`Graph.skill_gap`, on a local copy of the triples it reads."""
        return self._on_copy("skill_gap", lambda local: local.skill_gap(from_role, to_role))

    def coverage_gaps(
        self, by: str = "professional_body", predicates: list[str] | None = None, max_bodies: int = 0
    ) -> pandas.DataFrame:
        """As :meth:`Graph.coverage_gaps`, on a local copy of the triples it reads."""
        return self._on_copy(
            "coverage", lambda local: local.coverage_gaps(by, predicates, max_bodies), predicates
        )

    def coverage_matrix(self, by: str = "area", predicates: list[str] | None = None) -> pandas.DataFrame:
        """As :meth:`Graph.coverage_matrix`, on a local copy of the triples it reads (of the
        server's whole graph for ``by="framework"``, which counts every framework's items)."""
        if by == "framework":
            return self.snapshot().coverage_matrix(by, predicates)
        return self._on_copy("coverage", lambda local: local.coverage_matrix(by, predicates), predicates)

    def career_moves(
        self,
        moves: Any,
        *,
        frame: str | None = None,
        by: str = "area",
        columns: tuple[str, str, str, str] | None = None,
    ) -> CareerMoves:
        """As :meth:`Graph.career_moves`, on a local copy of the server's graph."""
        return self.snapshot().career_moves(moves, frame=frame, by=by, columns=columns)

    def next_roles(self, role: str, k: int = 5) -> pandas.DataFrame:
        """As :meth:`Graph.next_roles`, on a local copy of the triples it reads."""
        return self._on_copy("roles", lambda local: local.next_roles(role, k))

    def evidence_gaps(self, since: int | None = None, include_covered: bool = False) -> pandas.DataFrame:
        """As :meth:`Graph.evidence_gaps`, on a local copy of the server's graph."""
        return self.snapshot().evidence_gaps(since, include_covered)

    def code_job_titles(
        self, titles: Any, *, frame: str | None = None, min_confidence: float = 0.5
    ) -> pandas.DataFrame:
        """As :meth:`Graph.code_job_titles`, on a local copy of the server's graph."""
        return self.snapshot().code_job_titles(titles, frame=frame, min_confidence=min_confidence)

    def pull(self, graph: str | None = None) -> Graph:
        """The server's default graph (or named graph ``graph``) as a new local graph: the same as
        :meth:`snapshot` and :meth:`Graph.pull`."""
        return self.snapshot(graph)
