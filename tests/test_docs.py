"""Every docstring example (``>>>``) of the package and of the native module runs as a test."""

from __future__ import annotations

import doctest
import importlib
import inspect

import pytest
import workforce_graph as wg
from workforce_graph import _core

MODULES = [
    "workforce_graph",
    "workforce_graph.graph",
    "workforce_graph.careers",
    "workforce_graph._tables",
    "workforce_graph._rows",
    "workforce_graph._progress",
    "workforce_graph.report",
    "workforce_graph.exceptions",
    "workforce_graph.plot",
    "workforce_graph.remote",
]


def _native_docstrings() -> list[tuple[str, str]]:
    """Docstrings of the native classes and their methods (doctest's finder skips builtins)."""
    found = []
    for class_name, cls in inspect.getmembers(_core, inspect.isclass):
        if cls.__doc__ and ">>>" in cls.__doc__:
            found.append((class_name, cls.__doc__))
        for name in vars(cls):
            doc = getattr(getattr(cls, name), "__doc__", None)
            if doc and ">>>" in doc:
                found.append((f"{class_name}.{name}", doc))
    return found


NATIVE = _native_docstrings()


def test_the_examples_are_found_where_they_are_documented() -> None:
    """The graph's examples live on the Python facade (``workforce_graph.graph``), the terms'
    on the native classes."""
    assert {"IRI", "Literal"} <= {name for name, _ in NATIVE}
    facade = importlib.import_module("workforce_graph.graph")
    found = {test.name for test in doctest.DocTestFinder().find(facade) if test.examples}
    expected = {"Graph", "Graph.open", "Graph.load", "Graph.query", "QueryResult", "Graph.similar_roles"}
    assert {f"workforce_graph.graph.{name}" for name in expected} <= found


@pytest.mark.parametrize(("name", "doc"), NATIVE, ids=[name for name, _ in NATIVE])
def test_native_docstring_examples(name: str, doc: str) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(doc, {**vars(wg), "Graph": wg.Graph}, name, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0, f"{runner.failures} failing example(s) in {name}"


@pytest.mark.parametrize("module_name", MODULES)
def test_python_docstring_examples(module_name: str) -> None:
    module = importlib.import_module(module_name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
