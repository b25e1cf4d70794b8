"""The Python facade over the native module: every way to get a graph gives the Python ``Graph``,
every DataFrame is made by the one finishing function, and the facade's signatures agree with
what they forward to."""

from __future__ import annotations

import inspect
import pathlib
import subprocess
import sys
import types
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
import workforce_graph as wg
from servers import OxigraphServer
from test_table_convention import CALLS, MATRICES
from workforce_graph import _core, _tables
from workforce_graph.remote import RemoteGraph

EX = "http://example.com/"


def test_the_constructors_give_the_python_graph(tmp_path: pathlib.Path) -> None:
    graph = wg.Graph(bundled=False)
    graph.load(f"<{EX}a> <{EX}b> <{EX}c> .", format="nt")
    assert type(graph) is wg.Graph
    assert type(graph.copy()) is wg.Graph
    with graph.copy() as entered:
        assert type(entered) is wg.Graph
    assert entered.closed


@pytest.mark.persistence
@pytest.mark.skipif(not wg.PERSISTENCE_AVAILABLE, reason="a build without on-disk storage")
def test_open_gives_the_python_graph(tmp_path: pathlib.Path) -> None:
    with wg.Graph.open(tmp_path / "store", bundled=False) as graph:
        assert type(graph) is wg.Graph
        assert graph.path == tmp_path / "store"
        assert "on disk" in repr(graph)


def test_query_results_and_their_graphs_are_the_facade_classes() -> None:
    graph = wg.Graph(bundled=False)
    graph.load(f"<{EX}a> <{EX}b> <{EX}c> .", format="nt")
    result = graph.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert type(result) is wg.QueryResult
    constructed = result.to_graph()
    assert type(constructed) is wg.Graph
    assert len(constructed) == 1
    assert graph.query("ASK { ?s ?p ?o }") is True


class _Subgraph(wg.Graph):
    """A user's subclass: the class constructors give it back."""


def test_class_constructors_keep_a_subclass(tmp_path: pathlib.Path) -> None:
    assert type(_Subgraph(bundled=False)) is _Subgraph
    if wg.PERSISTENCE_AVAILABLE:
        with _Subgraph.open(tmp_path / "store", bundled=False) as opened:
            assert type(opened) is _Subgraph


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    running = OxigraphServer(tmp_path_factory.mktemp("oxigraph")).start()
    yield running
    running.stop()


def test_remote_graphs_hand_back_the_python_graph(server: OxigraphServer) -> None:
    local = wg.Graph(bundled=False)
    local.load(f"<{EX}a> <{EX}b> <{EX}c> .", format="nt")
    remote = server.connect()
    assert type(remote) is RemoteGraph
    local.push(remote, replace=True, progress=False)
    for copy in (remote.snapshot(), remote.pull(), wg.Graph.pull(remote)):
        assert type(copy) is wg.Graph
        assert len(copy) == 1
    assert type(wg.Graph.pull(remote.endpoint)) is wg.Graph
    assert type(remote.query("SELECT * WHERE { ?s ?p ?o }")) is wg.QueryResult
    assert type(remote.frameworks()) is pd.DataFrame


def test_a_connection_reads_its_options_in_one_place() -> None:
    """``Graph.connect`` and ``RemoteGraph(...)`` build the connection the same way: headers in any
    mapping, as the stub says, and the same errors."""
    url = "http://127.0.0.1:9/query"
    headers = types.MappingProxyType({"X-Team": "workforce"})
    made = [
        wg.Graph.connect(url, headers=headers, timeout=5.0),
        RemoteGraph(url, headers=headers, timeout=5.0),
    ]
    assert [type(remote) for remote in made] == [RemoteGraph, RemoteGraph]
    assert {repr(remote) for remote in made} == {repr(made[0])}
    for connect in (wg.Graph.connect, RemoteGraph):
        with pytest.raises(TypeError, match="headers must map str to str"):
            connect(url, headers={"X-Count": 1})


def _frames(result: Any) -> list[pd.DataFrame]:
    if isinstance(result, pd.DataFrame):
        return [result]
    return [value for value in vars(result).values() if isinstance(value, pd.DataFrame)]


@pytest.mark.parametrize("method", sorted(CALLS))
def test_every_table_is_made_by_the_one_finishing_function(
    method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[int] = []
    finish = _tables.frame

    def recording(*args: Any, **kwargs: Any) -> pd.DataFrame:
        table = finish(*args, **kwargs)
        made.append(id(table))
        return table

    monkeypatch.setattr(_tables, "frame", recording)
    result = CALLS[method](wg.Graph())
    matrices = {id(getattr(result, attr)) for name, attr in MATRICES if name == method}
    frames = [f for f in _frames(result) if id(f) not in matrices]
    assert frames
    for table in frames:
        assert id(table) in made, f"{method} returned a DataFrame not made by _tables.frame"


# RemoteGraph methods that forward to Graph's method of the same name, on a local copy.
FORWARDED = [
    name
    for name, member in vars(RemoteGraph).items()
    if not name.startswith("_") and callable(member) and hasattr(wg.Graph, name)
]


@pytest.mark.parametrize("name", FORWARDED)
def test_remote_methods_take_what_the_graph_method_takes(name: str) -> None:

    def parameters(function: Any) -> list[inspect.Parameter]:
        # `RemoteGraph.pull(graph)` is the server's side of `Graph.pull(source, graph)`.
        skipped = {"self", "source"}
        return [p for p in inspect.signature(function).parameters.values() if p.name not in skipped]

    remote, local = parameters(getattr(RemoteGraph, name)), parameters(getattr(wg.Graph, name))
    if name == "mapping_quality":
        # None stands for the default thresholds, so the remote one need not restate them.
        assert [p.name for p in remote] == [p.name for p in local]
        return
    assert [(p.name, p.kind, p.default) for p in remote] == [(p.name, p.kind, p.default) for p in local]


def test_every_import_table_argument_reaches_the_native_options(tmp_path: pathlib.Path) -> None:
    """The native options struct reads each keyword argument of ``Graph.import_table`` by name:
    leaving any one out of the options fails, naming it."""
    path = tmp_path / "skills.csv"
    path.write_text("id,label\nA,Alpha\n")
    parameters = inspect.signature(wg.Graph.import_table).parameters
    options = {
        name: (p.default if p.default is not p.empty else name)
        for name, p in parameters.items()
        if p.kind is p.KEYWORD_ONLY
    }
    options.update(framework="Tiny", id="id", label="label", progress=None)
    native = wg.Graph(bundled=False)._graph
    for name in options:
        partial = {key: value for key, value in options.items() if key != name}
        with pytest.raises((TypeError, KeyError), match=name):
            native.import_table(path, partial)
    assert native.import_table(path, options)["added"]["competencies"] == 1


def test_the_native_module_calls_no_package_hook() -> None:
    """The package hands the native module nothing at import: there is no hook to connect."""
    assert not hasattr(_core, "_connect_facade")
    code = "import workforce_graph._core as core; g = core.Graph(False); print(len(g))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"


def test_every_exception_is_exported_once_from_its_module() -> None:
    """The package exports the exceptions by ``exceptions.__all__``, so a class missing from that
    list (as FrameworkNotLoadedError once was) is missing from ``workforce_graph`` too."""
    from workforce_graph import exceptions

    defined = {
        name
        for name, value in vars(exceptions).items()
        if isinstance(value, type)
        and issubclass(value, BaseException)
        and value.__module__ == exceptions.__name__
    }
    assert set(exceptions.__all__) == defined
    assert defined <= set(wg.__all__)
    assert all(getattr(wg, name) is getattr(exceptions, name) for name in defined)
