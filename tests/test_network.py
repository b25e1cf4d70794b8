"""The network view of framework overlap (networkx, an optional extra)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import networkx
import pytest
import workforce_graph as wg


def test_overlap_graph_has_frameworks_as_nodes_and_mapped_items_as_weights(bundled: wg.Graph) -> None:
    overlap = bundled.framework_overlap()
    graph = wg.plot.overlap_graph(overlap)
    assert set(graph.nodes) == set(overlap["framework_a_code"]) | set(overlap["framework_b_code"])
    row = overlap[overlap["curated_pairs"] > 0].iloc[0]
    edge = graph.edges[row["framework_a_code"], row["framework_b_code"]]
    assert edge["weight"] == row["curated_pairs"] and edge["covered_a"] == row["covered_a"]
    assert graph.nodes[row["framework_a_code"]]["items"] == row["items_a"]
    assert graph.number_of_edges() == int((overlap["curated_pairs"] > 0).sum())
    assert isinstance(graph, networkx.Graph)


def test_overlap_network_draws_every_framework_and_edge_label(bundled: wg.Graph) -> None:
    overlap = bundled.framework_overlap()
    ax = wg.plot.overlap_network(overlap)
    texts = {t.get_text() for t in ax.texts}
    assert set(overlap["framework_a_code"]) | set(overlap["framework_b_code"]) <= texts
    assert {str(n) for n in overlap.loc[overlap["curated_pairs"] > 0, "curated_pairs"]} <= texts
    with pytest.raises(ValueError, match="needs the column"):
        wg.plot.overlap_network(overlap.drop(columns=["curated_pairs"]))
