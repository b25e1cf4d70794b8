"""A short printed summary of what a graph holds: by class, and by framework."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas

    from workforce_graph._core import Graph

_BY_CLASS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?class (SAMPLE(?class_label) AS ?label) (COUNT(DISTINCT ?instance) AS ?instances)
WHERE {
  ?instance a ?class .
  OPTIONAL { ?class rdfs:label ?class_label }
}
GROUP BY ?class
ORDER BY DESC(?instances) ?class
"""

_BY_FRAMEWORK = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?framework (SAMPLE(?name) AS ?label) (SAMPLE(?code) AS ?notation) (COUNT(DISTINCT ?item) AS ?items)
WHERE {
  ?framework a skos:ConceptScheme .
  OPTIONAL { ?framework skos:prefLabel ?name }
  OPTIONAL { ?framework skos:notation ?code }
  OPTIONAL { ?item skos:inScheme ?framework }
}
GROUP BY ?framework
ORDER BY DESC(?items) ?framework
"""


def by_class(graph: Graph) -> pandas.DataFrame:
    """Instances per ``rdf:type`` class, most populous first.

    Columns: ``class`` (IRI), ``label`` (the class's ``rdfs:label``, if any), ``instances``.
    """
    return graph.query(_BY_CLASS).to_pandas()  # type: ignore[union-attr]


def by_framework(graph: Graph) -> pandas.DataFrame:
    """Items (``skos:inScheme`` members) per framework (``skos:ConceptScheme``).

    Columns: ``framework`` (IRI), ``label``, ``notation`` (short code), ``items``.
    """
    return graph.query(_BY_FRAMEWORK).to_pandas()  # type: ignore[union-attr]


def render(graph: Graph, *, max_rows: int = 40) -> str:
    """The report as text, for a terminal."""
    classes = by_class(graph)
    frameworks = by_framework(graph)
    lines = [repr(graph), ""]
    lines.append(f"By class ({len(classes)} classes, top {min(max_rows, len(classes))}):")
    if len(classes):
        shown = classes.head(max_rows).assign(label=lambda d: d["label"].fillna(d["class"]))
        lines.append(shown[["label", "instances"]].to_string(index=False))
    lines.append("")
    lines.append(f"By framework ({len(frameworks)} frameworks):")
    if len(frameworks):
        shown = frameworks.assign(label=lambda d: d["label"].fillna(d["framework"]))
        lines.append(shown[["notation", "label", "items"]].fillna("").to_string(index=False))
    return "\n".join(lines)
