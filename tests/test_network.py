"""The network view of framework overlap (networkx, an optional extra)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import networkx  # noqa: E402
import pytest  # noqa: E402

import workforce_graph as wg  # noqa: E402


def test_overlap_graph_has_frameworks_as_nodes_and_mapped_items_as_weights(bundled: wg.Graph) -> None:
    overlap = bundled.framework_overlap()
    graph = wg.plot.overlap_graph(overlap)
    assert set(graph.nodes) == set(overlap["code_a"]) | set(overlap["code_b"])
    row = overlap[overlap["mapped_pairs"] > 0].iloc[0]
    edge = graph.edges[row["code_a"], row["code_b"]]
    assert edge["weight"] == row["mapped_pairs"] and edge["covered_a"] == row["covered_a"]
    assert graph.nodes[row["code_a"]]["items"] == row["items_a"]
    assert graph.number_of_edges() == int((overlap["mapped_pairs"] > 0).sum())
    assert isinstance(graph, networkx.Graph)


def test_overlap_network_draws_every_framework_and_edge_label(bundled: wg.Graph) -> None:
    overlap = bundled.framework_overlap()
    ax = wg.plot.overlap_network(overlap)
    texts = {t.get_text() for t in ax.texts}
    assert set(overlap["code_a"]) | set(overlap["code_b"]) <= texts
    assert {str(n) for n in overlap.loc[overlap["mapped_pairs"] > 0, "mapped_pairs"]} <= texts
    with pytest.raises(ValueError, match="needs the column"):
        wg.plot.overlap_network(overlap.drop(columns=["mapped_pairs"]))
