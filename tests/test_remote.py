"""A shared graph on real SPARQL servers of two makes, on 127.0.0.1: ``oxigraph serve`` and
Virtuoso 7. For each, after a push of the bundled graph every ready-made table and analysis equals
the embedded graph's; bindings, timeouts, updates, push and pull work; failures raise the typed
errors; a push cut off by the server dying leaves the previous graph intact."""

from __future__ import annotations

import pathlib
import threading
import time
from collections.abc import Iterator

import pandas as pd
import pytest
import workforce_graph as wg
from servers import OxigraphServer, ScriptedServer, VirtuosoServer, free_port
from workforce_graph import _progress as progress_module

EX = "http://example.com/"
TARGET = "http://example.com/target"


Server = OxigraphServer | VirtuosoServer
ENGINES = {"oxigraph": OxigraphServer, "virtuoso": VirtuosoServer}


@pytest.fixture(scope="module", params=list(ENGINES))
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = ENGINES[request.param](tmp_path_factory.mktemp(request.param)).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def remote(server: Server, bundled: wg.Graph) -> wg.RemoteGraph:
    """The server holding the bundled graph in its default graph (Virtuoso: in the named graph its
    queries read as default), pushed once for the module."""
    connected = server.connect()
    report = bundled.push(connected, replace=True, progress=False)
    assert report["triples"] == len(bundled)
    return connected


def _canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with what SPARQL leaves to the store put in one order: the parts of a
    GROUP_CONCAT list ("a | b", "a; b") and of a list cell are sorted (their order is the order rows are
    met, which differs between two stores holding the same triples), and so are rows that an
    ORDER BY leaves tied. Columns, types and values are untouched."""
    frame = frame.reset_index(drop=True).copy()
    for column in frame.columns:
        values = frame[column]
        if values.map(lambda v: isinstance(v, (list, tuple)) or hasattr(v, "tolist")).any():
            frame[column] = values.map(lambda v: sorted(v.tolist() if hasattr(v, "tolist") else v, key=str))
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            for separator in (" | ", "; "):
                if values.astype(str).str.contains(separator, regex=False).any():
                    values = values.map(
                        lambda v, sep=separator: sep.join(sorted(v.split(sep))) if isinstance(v, str) else v
                    )
            frame[column] = values
    order = frame.astype(str).sort_values(list(frame.columns), kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def _as_virtuoso_answers(local: pd.DataFrame, shared: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both frames with Virtuoso 7's two known deviations from SPARQL 1.1 evened out (its own
    evaluation, not the client's reading of its answers): a boolean expression
    (``BIND(EXISTS {...} AS ?x)``) is the integer 1 or 0, and a ``GROUP_CONCAT`` over no value is
    the empty string where oxigraph leaves it unbound. Every other value must still be equal."""
    local, shared = local.copy(), shared.copy()
    for column in local.columns:
        if pd.api.types.is_bool_dtype(local[column]) and pd.api.types.is_integer_dtype(shared[column]):
            local[column] = local[column].astype(shared[column].dtype)
        elif pd.api.types.is_string_dtype(local[column]) and pd.api.types.is_string_dtype(shared[column]):
            shared[column] = shared[column].mask(shared[column] == "")
    return local, shared


def same(local: pd.DataFrame, shared: pd.DataFrame, engine: str = "oxigraph") -> None:
    """Equal frames: the same columns, types and rows (see :func:`_canonical`)."""
    if engine == "virtuoso":
        local, shared = _as_virtuoso_answers(local, shared)
    pd.testing.assert_frame_equal(_canonical(local), _canonical(shared))


TABLES = [
    "frameworks",
    "schemes",
    "competencies",
    "roles",
    "role_levels",
    "requirements",
    "professional_bodies",
    "offers",
    "coding_frame",
    "evidence",
    "statistics",
    "mappings",
]


def test_the_push_holds_the_whole_bundled_graph(remote: wg.RemoteGraph, bundled: wg.Graph) -> None:
    assert len(remote) == len(bundled)
    if remote.default_graph is None:
        assert remote.named_graphs() == bundled.named_graphs()
    else:
        assert remote.default_graph in remote.named_graphs()
    assert not any(name.startswith("urn:workforce-graph:staging") for name in remote.named_graphs())


@pytest.mark.parametrize("name", TABLES)
def test_every_ready_made_table_equals_the_local_one(
    server: Server, remote: wg.RemoteGraph, bundled: wg.Graph, name: str
) -> None:
    local = getattr(bundled, name)()
    assert len(local) > 0
    same(local, getattr(remote, name)(), server.name)


@pytest.mark.parametrize(
    ("name", "framework"), [("roles", "DDaT"), ("competencies", "KSF"), ("requirements", "DDaT")]
)
def test_tables_filtered_by_framework_equal_the_local_ones(
    server: Server, remote: wg.RemoteGraph, bundled: wg.Graph, name: str, framework: str
) -> None:
    local = getattr(bundled, name)(framework)
    assert 0 < len(local) <= len(getattr(bundled, name)())
    same(local, getattr(remote, name)(framework), server.name)


def test_an_unknown_framework_is_named_with_suggestions(remote: wg.RemoteGraph) -> None:
    with pytest.raises(wg.UnknownNameError) as raised:
        remote.roles("DDat2")
    assert "DDaT" in raised.value.suggestions


WG = "https://w3id.org/workforce-graph/ontology#"
ANALYSES = [
    ("role_overlap", (), {"min_shared": 5, "framework": "DDaT"}),
    ("role_overlap", (), {"min_shared": 3, "essential_only": True}),
    ("similar_roles", ("Data analyst",), {"k": 5}),
    ("next_roles", ("Associate data analyst",), {"k": 3}),
    ("skill_gap", ("Data analyst", "Data scientist"), {}),
    ("coverage_gaps", (), {}),
    ("coverage_gaps", (), {"predicates": [f"{WG}covers"], "max_bodies": 2}),
    ("coverage_matrix", ("area",), {}),
    ("coverage_matrix", ("framework",), {}),
    ("framework_overlap", (["DDaT", "NCF"],), {}),
    ("crosswalk", ("NCF", "DDaT"), {}),
    ("framework_gaps", ("PKSB", "DDaT"), {}),
    ("evidence_gaps", (), {"since": 2020}),
    ("mapping_quality", ([0.4],), {}),
    ("search", ("information governance",), {}),
    ("code_job_titles", (["Head of Information Governance", "EPR Trainer"],), {}),
]


# The analyses that copy only the triples they read (RemoteGraph._analysis_copy), never the whole graph.
ON_A_PARTIAL_COPY = {
    "role_overlap",
    "similar_roles",
    "next_roles",
    "skill_gap",
    "coverage_gaps",
    "coverage_matrix",
}


def _whole_graph_pulled(*_args: object) -> wg.Graph:
    raise AssertionError("this analysis pulled the whole graph")


@pytest.mark.parametrize(("name", "args", "kwargs"), ANALYSES, ids=[a[0] for a in ANALYSES])
def test_every_analysis_equals_the_local_one(
    remote: wg.RemoteGraph,
    bundled: wg.Graph,
    name: str,
    args: tuple[object, ...],
    kwargs: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    local = getattr(bundled, name)(*args, **kwargs)
    assert len(local) > 0
    if name in ON_A_PARTIAL_COPY and args != ("framework",):
        monkeypatch.setattr(wg.RemoteGraph, "snapshot", _whole_graph_pulled)
    same(local, getattr(remote, name)(*args, **kwargs))


@pytest.mark.parametrize("reads", ["roles", "skill_gap", "coverage"])
def test_an_analysis_copies_only_part_of_the_graph(
    remote: wg.RemoteGraph, bundled: wg.Graph, reads: str
) -> None:
    copy = remote._analysis_copy(reads)
    assert 0 < len(copy) < len(bundled) * 0.8, (len(copy), len(bundled))
    assert _iri_triples(copy) <= _iri_triples(bundled)
    # The index analyses read a part of what the others read.
    if reads != "roles":
        assert len(remote._analysis_copy("roles")) < len(copy)


def test_an_analysis_error_on_a_copy_is_the_local_error(remote: wg.RemoteGraph, bundled: wg.Graph) -> None:
    # The error explains itself from the whole graph (close matches, the coding frame's reading of
    # the name as a job title), so the remote graph raises exactly what the local graph raises.
    for name, args in [
        ("similar_roles", ("Data analysst",)),
        ("skill_gap", ("Data analyst", "Chief analyst")),
    ]:
        with pytest.raises(wg.UnknownNameError) as local:
            getattr(bundled, name)(*args)
        with pytest.raises(wg.UnknownNameError) as shared:
            getattr(remote, name)(*args)
        assert str(shared.value) == str(local.value)
        assert shared.value.suggestions == local.value.suggestions
    with pytest.raises(wg.UnknownNameError) as unknown:
        remote.role_overlap(framework="DDat2")
    assert "DDaT" in unknown.value.suggestions


def test_queries_have_the_same_typed_columns(remote: wg.RemoteGraph, bundled: wg.Graph) -> None:
    sparql = """SELECT ?publication ?title ?date ?year WHERE {
        ?publication dcterms:title ?title ; dcterms:issued ?date .
        BIND(YEAR(?date) AS ?year)
    } ORDER BY ?publication ?title ?date"""
    local = bundled.query(sparql).to_pandas(lang=True)
    shared = remote.query(sparql).to_pandas(lang=True)
    assert len(local) > 10
    same(local, shared)
    assert str(shared["year"].dtype) == "Int64"
    assert remote.query("ASK { ?s a wg:Framework }") is True


def test_construct_results_come_back_as_triples(remote: wg.RemoteGraph) -> None:
    result = remote.query("CONSTRUCT { ?f a wg:Framework } WHERE { ?f a wg:Framework }")
    assert result.columns == ["subject", "predicate", "object"]
    assert len(result) == len(remote.frameworks())
    assert len(result.to_graph()) == len(result)


def test_bindings_are_terms_and_match_the_local_query(remote: wg.RemoteGraph, bundled: wg.Graph) -> None:
    sparql = "SELECT ?item ?label WHERE { ?item skos:prefLabel ?label } ORDER BY ?item"
    role = bundled.query("SELECT ?r WHERE { ?r a wg:Role } ORDER BY ?r LIMIT 1").to_pandas()["r"][0]
    local = bundled.query(sparql, bindings={"item": wg.IRI(role)}).to_pandas(lang=True)
    assert len(local) >= 1
    same(local, remote.query(sparql, bindings={"item": wg.IRI(role)}).to_pandas(lang=True))
    tagged = wg.Literal(local["label"][0], language=local["label_lang"][0])
    by_label = remote.query(sparql, bindings={"label": tagged}).to_pandas()
    assert role in list(by_label["item"])
    same(bundled.query(sparql, bindings={"label": tagged}).to_pandas(), by_label)
    # Text that would break out of a pasted string stays a literal.
    hostile = 'x" } ; DROP ALL ; #'
    assert len(remote.query(sparql, bindings={"label": hostile})) == 0
    counted = "SELECT (COUNT(?item) AS ?n) WHERE { ?item skos:inScheme ?scheme } GROUP BY ?scheme"
    ddat = wg.IRI(bundled.frameworks().set_index("framework_code").loc["DDaT", "framework"])
    same(
        bundled.query(counted, bindings={"scheme": ddat}).to_pandas(),
        remote.query(counted, bindings={"scheme": ddat}).to_pandas(),
    )
    with pytest.raises(ValueError, match="nope"):
        remote.query(sparql, bindings={"nope": 1})


def test_a_malformed_query_is_a_syntax_error_with_its_position(remote: wg.RemoteGraph) -> None:
    with pytest.raises(SyntaxError) as raised:
        remote.query("SELECT ?s WHERE { ?s ?p }")
    assert raised.value.lineno == 1


def test_an_error_answer_carries_the_status_and_the_server_message(server: Server) -> None:
    wrong = wg.Graph.connect(f"{server.base}/no-such-path")
    with pytest.raises(wg.HTTPStatusError) as raised:
        wrong.query("ASK { ?s ?p ?o }")
    assert raised.value.status == 404
    assert raised.value.endpoint == f"{server.base}/no-such-path"
    with pytest.raises(wg.HTTPStatusError):
        wrong.update("INSERT DATA { <http://example.com/a> <http://example.com/b> 1 }")
    # An update the server itself fails (nothing listens there): its own words come through.
    with pytest.raises(wg.HTTPStatusError) as refused:
        server.connect().update(
            "LOAD <http://127.0.0.1:9/nothing.ttl> INTO GRAPH <http://example.com/loaded>"
        )
    assert refused.value.status >= 400
    message = str(refused.value)
    assert message.count(":") >= 2 and "(no message)" not in message, message


def test_updates_change_the_server(server: Server) -> None:
    remote = server.connect(whole_dataset=True)
    graph = "http://example.com/updates"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    remote.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}a> <{EX}b> 1, 2 }} }}")
    assert remote.query(count).to_pandas()["n"][0] == 2
    assert graph in remote.named_graphs()
    assert remote.query(f"ASK {{ GRAPH <{graph}> {{ <{EX}a> <{EX}b> 2 }} }}") is True
    with pytest.raises(SyntaxError):
        remote.update("INSERT DATA { <a> }")
    # CLEAR, not DROP: Virtuoso refuses to DROP a graph that was created by writing to it.
    remote.update(f"CLEAR GRAPH <{graph}>")
    assert remote.query(count).to_pandas()["n"][0] == 0
    assert graph not in remote.named_graphs()


def test_pull_copies_a_graph_into_a_local_one(remote: wg.RemoteGraph, bundled: wg.Graph) -> None:
    pulled = wg.Graph.pull(remote)
    assert len(pulled) == len(bundled)
    same(bundled.frameworks(), pulled.frameworks())
    # Without a Graph Store endpoint the same pull goes through CONSTRUCT.
    plain = wg.Graph.pull(wg.Graph.connect(remote.endpoint, default_graph=remote.default_graph))
    assert len(plain) == len(bundled)


def test_push_adds_or_replaces_a_named_graph_and_keeps_blank_nodes(remote: wg.RemoteGraph) -> None:
    local = wg.Graph(bundled=False)
    local.load(f"<{EX}s> <{EX}p> [ <{EX}q> 1 ; <{EX}r> [ <{EX}t> 2 ] ] . <{EX}s> <{EX}p> <{EX}o> .")
    graph = "http://example.com/pushed"
    # Named graphs are read through a connection whose queries see the whole dataset.
    whole = wg.Graph.connect(remote.endpoint)
    assert local.push(remote, graph, replace=True, progress=False) == {"triples": 5, "chunks": 2}
    assert (
        local.push(remote, graph, progress=False)["triples"] == 5
    )  # added again: the plain triple is a duplicate
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    assert whole.query(count).to_pandas()["n"][0] == 1 + 4 * 2  # the blank nodes are new nodes each time
    local.push(remote, graph, replace=True, progress=False)
    assert whole.query(count).to_pandas()["n"][0] == 5
    # The shared blank nodes stayed one node each: the nested path still joins up.
    assert whole.query(f"ASK {{ GRAPH <{graph}> {{ <{EX}s> <{EX}p>/<{EX}r>/<{EX}t> 2 }} }}") is True
    # Pushing without a Graph Store endpoint goes through SPARQL Update, with the same result.
    by_update = wg.Graph.connect(
        remote.endpoint, update_endpoint=remote.update_endpoint, default_graph=remote.default_graph
    )
    local.push(by_update, "http://example.com/by-update", replace=True, progress=False)
    assert whole.query(count.replace(graph, "http://example.com/by-update")).to_pandas()["n"][0] == 5
    assert not any(name.startswith("urn:workforce-graph:staging") for name in remote.named_graphs())


def _iri_triples(graph: wg.Graph) -> set[tuple[str, ...]]:
    """The triples without a blank node (blank node labels differ from store to store)."""
    frame = graph.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) }").to_pandas()
    return {tuple(str(term) for term in row) for row in frame.itertuples(index=False)}


def _replace_twice(remote: wg.RemoteGraph, graph: str | None, reader: wg.RemoteGraph) -> None:
    """Replaces the target with one graph, then with another that keeps some triples, drops some
    and adds some (the push writes only the difference): the target is exactly the second."""
    first, second = wg.Graph(bundled=False), wg.Graph(bundled=False)
    first.load(f"<{EX}a> <{EX}p> 1, 2, 3 . <{EX}b> <{EX}p> [ <{EX}q> 1 ] .")
    second.load(f"<{EX}a> <{EX}p> 2, 3, 4 . <{EX}b> <{EX}p> [ <{EX}q> 1 ] . <{EX}c> <{EX}p> <{EX}a> .")
    for pushed in (first, second):
        pushed.push(remote, graph, replace=True, progress=False)
        held = wg.Graph.pull(reader, graph)
        assert len(held) == len(pushed)
        assert _iri_triples(held) == _iri_triples(pushed)
        assert held.query(f"ASK {{ <{EX}b> <{EX}p>/<{EX}q> 1 }}") is True
    assert not any(name.startswith("urn:workforce-graph:staging") for name in reader.named_graphs())


def test_a_replacing_push_leaves_exactly_the_new_graph(server: Server) -> None:
    _replace_twice(server.connect(), "http://example.com/replaced", server.connect(whole_dataset=True))


def test_a_replacing_push_into_a_union_default_graph_replaces_it_whole(tmp_path: pathlib.Path) -> None:
    # Where the default graph is the union of all graphs (as on Virtuoso) a push cannot compare
    # the staging graph with it, and moves the staging graph in whole.
    for union in (False, True):
        server = OxigraphServer(tmp_path / f"union-{union}", union_default_graph=union).start()
        try:
            _replace_twice(server.connect(), None, server.connect())
        finally:
            server.stop()


def test_push_and_pull_on_the_command_line(remote: wg.RemoteGraph, tmp_path: pathlib.Path) -> None:
    from workforce_graph.__main__ import main

    source = tmp_path / "small.ttl"
    source.write_text(f"<{EX}cli> <{EX}p> 1, 2, 3 .\n")
    graph = "http://example.com/cli"
    store = remote.store_endpoint
    assert store is not None
    assert (
        main(
            [
                "push",
                remote.endpoint,
                "--update-endpoint",
                remote.update_endpoint,
                "--store-endpoint",
                store,
                "--no-bundled",
                "--load",
                str(source),
                "--graph",
                graph,
                "--replace",
                "--no-progress",
            ]
        )
        == 0
    )
    out = tmp_path / "pulled.nt"
    assert main(["pull", remote.endpoint, str(out), "--store-endpoint", store, "--graph", graph]) == 0
    assert len(out.read_text().strip().splitlines()) == 3


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.parametrize("engine", list(ENGINES))
def test_a_timeout_raises_and_is_bounded(engine: str, tmp_path: pathlib.Path, bundled: wg.Graph) -> None:
    # A server of our own, stopped afterwards: a server keeps evaluating an abandoned query.
    slow = ENGINES[engine](tmp_path / "slow").start()
    try:
        remote = slow.connect(timeout=60)
        bundled.push(remote, replace=True, progress=False)
        started = time.monotonic()
        with pytest.raises(wg.RemoteTimeoutError) as raised:
            remote.query(SLOW, timeout=0.5)
        assert time.monotonic() - started < 10
        assert isinstance(raised.value, TimeoutError)
        # The connection's own timeout applies when a call gives none.
        quick = slow.connect(timeout=0.5)
        with pytest.raises(wg.RemoteTimeoutError):
            quick.query(SLOW)
    finally:
        slow.stop(kill=True)


def test_a_server_that_never_answers_times_out() -> None:
    with ScriptedServer(200, "application/sparql-results+json", b'{"boolean": true}', delay=5) as never:
        started = time.monotonic()
        with pytest.raises(wg.RemoteTimeoutError):
            wg.Graph.connect(never.url, timeout=0.3).query("ASK {}")
        assert time.monotonic() - started < 4


def test_an_unreachable_server_is_reported() -> None:
    nobody = wg.Graph.connect(f"http://127.0.0.1:{free_port()}/query")
    with pytest.raises(wg.EndpointUnreachableError) as raised:
        len(nobody)
    assert isinstance(raised.value, ConnectionError)
    one = wg.Graph(bundled=False)
    one.load(f"<{EX}a> <{EX}b> 1 .")
    with pytest.raises(wg.EndpointUnreachableError):
        one.push(nobody, progress=False)


def test_refused_credentials_are_an_authentication_error() -> None:
    with ScriptedServer(401, "text/plain", b"wrong password") as guarded:
        remote = wg.Graph.connect(guarded.url, auth=("analyst", "secret"))
        with pytest.raises(wg.AuthenticationError, match="wrong password") as raised:
            remote.query("ASK {}")
        assert raised.value.status == 401
        assert isinstance(raised.value, wg.HTTPStatusError)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/sparql-results+json", b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": '),
        ("application/sparql-results+xml", b"<sparql><head><variable name='s'/></he"),
        ("text/html", b"<html>not SPARQL</html>"),
    ],
)
def test_a_malformed_answer_is_reported(content_type: str, body: bytes) -> None:
    with ScriptedServer(200, content_type, body) as broken, pytest.raises(wg.MalformedResponseError):
        wg.Graph.connect(broken.url).query("SELECT ?s WHERE { ?s ?p ?o }")


def test_a_failed_pull_leaves_the_local_graph_unchanged() -> None:
    with (
        ScriptedServer(
            200, "application/n-triples", b"<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <broken"
        ) as broken,
        pytest.raises(wg.MalformedResponseError),
    ):
        wg.Graph.pull(broken.url)


@pytest.mark.parametrize(
    ("server_name", "bulk"),
    [("Oxigraph/0.5.3", True), ("Virtuoso/07.20.3240 (Linux) x86_64-pc-linux-gnu", False), ("", False)],
)
def test_oxigraph_alone_is_asked_to_bulk_load_the_staging_graph(server_name: str, bulk: bool) -> None:
    """The chunks of a push carry oxigraph's ``no_transaction`` parameter only when the Graph Store
    endpoint said it is oxigraph: another server may refuse an unknown parameter."""
    local = wg.Graph(bundled=False)
    local.load(f"<{EX}a> <{EX}b> <{EX}c> .\n<{EX}a> <{EX}b> 2 .")
    with ScriptedServer(200, "text/plain", b"", server=server_name) as scripted:
        store = scripted.url.replace("/sparql", "/store")
        remote = wg.Graph.connect(scripted.url, update_endpoint=scripted.url, store_endpoint=store)
        local.push(remote, graph=TARGET, progress=False)
    uploads = [path for method, path in scripted.requests if method == "POST" and path.startswith("/store?")]
    assert len(uploads) == 1, scripted.requests
    assert ("no_transaction" in uploads[0]) is bulk, uploads[0]
    # Nothing else (the probe, the update that settles the push) carries it.
    others = [path for request in scripted.requests if (path := request[1]) not in uploads]
    assert others and not any("no_transaction" in path for path in others), scripted.requests


def test_endpoints_must_be_http_urls() -> None:
    with pytest.raises(ValueError, match="http"):
        wg.Graph.connect("localhost:7878/query")


@pytest.mark.parametrize("engine", list(ENGINES))
def test_a_push_cut_off_by_the_server_dying_leaves_the_previous_graph(
    engine: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = ENGINES[engine](tmp_path / "store").start()
    try:
        remote = server.connect()
        previous = wg.Graph(bundled=False)
        previous.load(f"<{EX}kept> <{EX}p> 1, 2, 3 .")
        previous.push(remote, TARGET, replace=True, progress=False)
        big = wg.Graph(bundled=False)
        # Enough chunks (50,000 triples each) that the push is still sending when the server dies.
        lines = "\n".join(f"<{EX}s{i}> <{EX}p> <{EX}o{i}> ." for i in range(600_000))
        big.load(lines, format="nt")
        failure: list[BaseException] = []
        first_chunk = threading.Event()

        class Watch:
            def __init__(self, *_args: object) -> None:
                pass

            def update(self, _n: int = 1) -> None:
                first_chunk.set()

            def close(self) -> None:
                pass

        monkeypatch.setattr(progress_module, "Progress", Watch)

        def push() -> None:
            try:
                big.push(remote, TARGET, replace=True, progress=True)
            except BaseException as error:  # noqa: BLE001 - handed to the test thread
                failure.append(error)

        pusher = threading.Thread(target=push)
        pusher.start()
        # Kill the server once the first chunk is in its staging graph: push reports each chunk
        # the server accepted to its progress bar, which this test replaces.
        assert first_chunk.wait(120), "no chunk was accepted"
        server.stop(kill=True)
        pusher.join(timeout=60)
        assert not pusher.is_alive()
        assert failure and isinstance(failure[0], wg.RemoteError), failure
        server.start()
        whole = server.connect(whole_dataset=True)
        count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{TARGET}> {{ ?s ?p ?o }} }}"
        assert whole.query(count).to_pandas()["n"][0] == 3
        assert whole.query(f"ASK {{ GRAPH <{TARGET}> {{ <{EX}kept> <{EX}p> 2 }} }}") is True
    finally:
        server.stop()
