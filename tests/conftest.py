from __future__ import annotations

import pytest
import workforce_graph as wg

EX = "http://example.com/"


@pytest.fixture
def empty() -> wg.Graph:
    return wg.Graph(bundled=False)


@pytest.fixture(scope="session")
def bundled() -> wg.Graph:
    """The bundled graph, shared: tests must not change it."""
    return wg.Graph()
