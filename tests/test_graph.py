"""Graph: loading, saving, queries, updates, errors and persistence."""

from __future__ import annotations

import datetime as dt
import pathlib
import subprocess
import sys
import textwrap
import threading
import time
from decimal import Decimal

import pytest
import workforce_graph as wg

EX = "http://example.com/"
TRIPLE = f'<{EX}a> <{EX}p> "x" .\n'

FORMATS = {
    "ttl": "turtle",
    "nt": "n-triples",
    "rdf": "rdf/xml",
    "jsonld": "json-ld",
    "trig": "trig",
    "nq": "n-quads",
}


def test_bundled_graph_is_not_empty_and_empty_graph_is(bundled: wg.Graph, empty: wg.Graph) -> None:
    assert len(bundled) > 0
    assert len(empty) == 0
    assert "in memory" in repr(bundled)
    assert f"{len(bundled)} triples" in repr(bundled)


@pytest.mark.parametrize("extension", sorted(FORMATS))
def test_save_and_load_round_trip_in_every_format(
    tmp_path: pathlib.Path, empty: wg.Graph, extension: str
) -> None:
    empty.load(TRIPLE + f"<{EX}a> <{EX}n> 42 .\n", format="turtle")
    path = tmp_path / f"out.{extension}"
    empty.save(path)
    copy = wg.Graph(bundled=False)
    copy.load(path)
    assert len(copy) == 2
    assert copy.query(f"ASK {{ <{EX}a> <{EX}n> 42 }}") is True
    # the explicit format name works as well as the extension
    other = wg.Graph(bundled=False)
    other.load(path.read_text(), format=FORMATS[extension])
    assert len(other) == 2
    assert [p.name for p in tmp_path.iterdir()] == [path.name], "no temporary file left behind"


def test_load_accepts_paths_as_str_and_pathlike(tmp_path: pathlib.Path, empty: wg.Graph) -> None:
    path = tmp_path / "data.nt"
    path.write_text(TRIPLE)
    empty.load(str(path))
    empty.load(path, graph=EX + "g")
    assert len(empty) == 2
    assert empty.named_graphs() == [EX + "g"]


def test_whole_store_needs_a_dataset_format(tmp_path: pathlib.Path, empty: wg.Graph) -> None:
    empty.load(TRIPLE, graph=EX + "g")
    with pytest.raises(ValueError, match="TriG"):
        empty.save(tmp_path / "x.ttl")
    empty.save(tmp_path / "x.ttl", graph=EX + "g")
    empty.save(tmp_path / "x.trig")
    copy = wg.Graph(bundled=False)
    copy.load(tmp_path / "x.trig")
    assert copy.named_graphs() == [EX + "g"]


def test_malformed_turtle_file_reports_file_line_and_column(tmp_path: pathlib.Path, empty: wg.Graph) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(f'@prefix ex: <{EX}> .\nex:a ex:p ex:b .\nex:c ex:p "unterminated .\n')
    with pytest.raises(SyntaxError) as caught:
        empty.load(path)
    error = caught.value
    assert error.filename == str(path)
    assert error.lineno == 3
    assert error.offset == 11
    assert error.text == 'ex:c ex:p "unterminated .'


def test_a_failed_load_leaves_the_graph_as_it_was(tmp_path: pathlib.Path, bundled: wg.Graph) -> None:
    graph = wg.Graph()
    before = len(graph)
    good_lines = "".join(f'<{EX}s{i}> <{EX}p> "{i}" .\n' for i in range(5000))
    path = tmp_path / "half.nt"
    path.write_text(good_lines + f"<{EX}broken> <{EX}p> .\n")
    with pytest.raises(SyntaxError) as caught:
        graph.load(path)
    assert caught.value.lineno == 5001
    assert len(graph) == before == len(bundled)
    assert graph.query(f"ASK {{ <{EX}s0> ?p ?o }}") is False


def test_malformed_string_names_the_string(empty: wg.Graph) -> None:
    with pytest.raises(SyntaxError) as caught:
        empty.load(f"<{EX}a> <{EX}b> .\n")
    assert caught.value.filename == "<string>"
    assert caught.value.lineno == 1


def test_missing_file_is_file_not_found(empty: wg.Graph, tmp_path: pathlib.Path) -> None:
    missing = tmp_path / "missing.ttl"
    with pytest.raises(FileNotFoundError) as caught:
        empty.load(missing)
    assert caught.value.filename == str(missing)
    with pytest.raises(FileNotFoundError):
        empty.load(str(missing))


def test_bad_arguments_are_value_or_type_errors(empty: wg.Graph, tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="unknown RDF format"):
        empty.load(TRIPLE, format="excel")
    with pytest.raises(ValueError, match="invalid graph name"):
        empty.load(TRIPLE, graph="not an iri")
    with pytest.raises(ValueError, match="cannot tell the RDF format"):
        empty.save(tmp_path / "out.xlsx")
    with pytest.raises(TypeError):
        empty.load(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timeout"):
        empty.query("ASK {}", timeout=-1)


def test_malformed_sparql_is_a_syntax_error_with_position(empty: wg.Graph) -> None:
    with pytest.raises(SyntaxError) as caught:
        empty.query("SELECT ?s\nWHERE { ?s ?p }")
    assert caught.value.lineno == 2
    assert caught.value.offset is not None and caught.value.offset > 1
    assert caught.value.text == "WHERE { ?s ?p }"
    with pytest.raises(SyntaxError):
        empty.update("INSERT DATA { <a> }")


INJECTION = 'x" } ; DROP ALL ; {"'


def test_bindings_are_terms_so_injection_is_only_a_literal(empty: wg.Graph) -> None:
    escaped = INJECTION.replace('"', '\\"')
    empty.load(f'<{EX}a> <{EX}label> "Analyst" .\n<{EX}b> <{EX}label> "{escaped}" .\n')
    before = len(empty)
    result = empty.query("SELECT ?s WHERE { ?s ?p ?label }", bindings={"label": INJECTION})
    assert list(result) == [(EX + "b",)]
    assert len(empty) == before
    assert list(empty.query("SELECT ?s WHERE { ?s ?p ?label }", bindings={"?label": "Analyst"})) == [
        (EX + "a",)
    ]


@pytest.mark.parametrize(
    ("value", "datatype"),
    [
        (3, "integer"),
        (2.5, "double"),
        (True, "boolean"),
        (Decimal("1.50"), "decimal"),
        (dt.date(2019, 11, 1), "date"),
        (dt.datetime(2019, 11, 1, 12, 30, tzinfo=dt.UTC), "dateTime"),
        ("text", "string"),
    ],
)
def test_python_values_bind_as_typed_literals(empty: wg.Graph, value: object, datatype: str) -> None:
    result = empty.query("SELECT (DATATYPE(?v) AS ?t) WHERE {}", bindings={"v": value})
    assert list(result) == [("http://www.w3.org/2001/XMLSchema#" + datatype,)]


def test_iri_and_literal_bindings(empty: wg.Graph) -> None:
    empty.load(f'<{EX}a> <{EX}label> "Analyst"@en .')
    assert empty.query("ASK { ?s ?p ?o }", bindings={"s": wg.IRI(EX + "a")}) is True
    assert empty.query("ASK { ?s ?p ?o }", bindings={"s": wg.IRI(EX + "b")}) is False
    assert empty.query("ASK { ?s ?p ?o }", bindings={"o": wg.Literal("Analyst", language="en")}) is True
    assert empty.query("ASK { ?s ?p ?o }", bindings={"o": "Analyst"}) is False
    with pytest.raises(ValueError):
        wg.IRI("not an iri")
    with pytest.raises(TypeError, match="cannot bind"):
        empty.query("ASK { ?s ?p ?o }", bindings={"o": object()})  # type: ignore[dict-item]


def test_timeout_cancels_a_long_query(empty: wg.Graph) -> None:
    empty.load("".join(f'<{EX}s{i}> <{EX}p> "{i}" .\n' for i in range(3000)), format="nt")
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z }"
    started = time.perf_counter()
    with pytest.raises(wg.QueryTimeoutError) as caught:
        empty.query(slow, timeout=0.2)
    assert isinstance(caught.value, TimeoutError)
    assert time.perf_counter() - started < 30


def test_queries_release_the_gil(empty: wg.Graph) -> None:
    empty.load("".join(f'<{EX}s{i}> <{EX}p> "{i}" .\n' for i in range(3000)), format="nt")
    ticks = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    thread = threading.Thread(target=count)
    thread.start()
    with pytest.raises(wg.QueryTimeoutError):
        empty.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z }", timeout=0.5)
    stop.set()
    thread.join()
    assert ticks > 50, "another Python thread ran while the query was evaluated"


def test_update_is_atomic(empty: wg.Graph) -> None:
    empty.update(f"CREATE GRAPH <{EX}g>")
    with pytest.raises(wg.UpdateEvaluationError):
        empty.update(f"INSERT DATA {{ <{EX}z> <{EX}p> 1 }} ; CREATE GRAPH <{EX}g>")
    assert empty.query(f"ASK {{ <{EX}z> ?p ?o }}") is False
    empty.update(f"INSERT DATA {{ <{EX}z> <{EX}p> 1 }}")
    assert len(empty) == 1


def test_closed_graph_refuses_work(empty: wg.Graph) -> None:
    empty.close()
    empty.close()
    assert empty.closed
    with pytest.raises(wg.GraphClosedError):
        len(empty)
    assert "closed" in repr(empty)


def test_persistent_graph_is_created_with_the_bundle_and_reopened(
    tmp_path: pathlib.Path, bundled: wg.Graph
) -> None:
    path = tmp_path / "store"
    with wg.Graph.open(path) as graph:
        assert len(graph) == len(bundled)
        assert graph.path == path
        graph.update(f'INSERT DATA {{ <{EX}a> <{EX}p> "kept" }}')
    assert graph.closed
    script = textwrap.dedent(
        f"""
        import workforce_graph as wg
        with wg.Graph.open({str(path)!r}) as g:
            print(len(g), g.query('ASK {{ ?s ?p "kept" }}'))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [str(len(bundled) + 1), "True"]


def test_a_locked_store_is_a_storage_error(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "store"
    with wg.Graph.open(path, bundled=False):
        with pytest.raises(wg.StorageError) as caught:
            wg.Graph.open(path, bundled=False)
        assert isinstance(caught.value, OSError)


def test_pyoxigraph_of_the_same_release_reads_the_store(tmp_path: pathlib.Path) -> None:
    import pyoxigraph

    assert pyoxigraph.__version__ == wg.OXIGRAPH_VERSION
    path = tmp_path / "store"
    with wg.Graph.open(path, bundled=False) as graph:
        graph.load(TRIPLE + f"<{EX}a> <{EX}n> 7 .\n", format="turtle", graph=EX + "g")
        expected = len(graph)
    # a separate process, as a team's server would be
    script = textwrap.dedent(
        f"""
        import pyoxigraph
        store = pyoxigraph.Store.read_only({str(path)!r})
        rows = list(store.query('SELECT ?n WHERE {{ GRAPH ?g {{ ?s <{EX}n> ?n }} }}'))
        print(len(store), rows[0]['n'].value)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [str(expected), "7"]


def test_not_a_directory(tmp_path: pathlib.Path) -> None:
    file = tmp_path / "file"
    file.write_text("x")
    with pytest.raises(NotADirectoryError):
        wg.Graph.open(file)


def test_relative_save_leaves_only_the_file(
    tmp_path: pathlib.Path, empty: wg.Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    empty.load(TRIPLE)
    empty.save("relative.nt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["relative.nt"]
