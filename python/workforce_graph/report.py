"""What a graph holds: a printed summary (by class, frameworks, then scales, coding frames and
vocabularies apart), the short HTML summary a notebook shows for a ``Graph``, and the
self-contained HTML report (:func:`write_html`, in :mod:`workforce_graph.html_report`).

What counts as a framework has one definition, the ``kind`` column of ``Graph.schemes()``
(``ontology/api/schemes.rq``): a ``wg:Framework``. ``Graph.frameworks()`` lists the same set.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas

    from workforce_graph.graph import Graph

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

_COUNTS = """
PREFIX wg: <https://w3id.org/workforce-graph/ontology#>
SELECT (COUNT(DISTINCT ?body) AS ?bodies) (COUNT(DISTINCT ?publication) AS ?publications) WHERE {
  { ?body a wg:ProfessionalBody } UNION { ?publication a wg:Publication }
}
"""

#: How the kinds of scheme are headed in the report, in order.
SCHEME_KINDS = {
    "framework": "Frameworks",
    "scale": "Level scales",
    "coding_frame": "Coding frames",
    "vocabulary": "Controlled vocabularies",
}


def by_class(graph: Graph) -> pandas.DataFrame:
    """Instances per ``rdf:type`` class, most populous first.

    Columns: ``class`` (IRI), ``label`` (the class's ``rdfs:label``, if any), ``instances``.
    """
    return graph.query(_BY_CLASS).to_pandas()  # type: ignore[union-attr]


def by_framework(graph: Graph) -> pandas.DataFrame:
    """Items per framework (``wg:Framework``), most items first; scales, coding frames and
    vocabularies are not frameworks (see :func:`by_scheme`).

    Columns: ``kind``, ``scheme`` (IRI), ``scheme_code``, ``scheme_label``, ``items``.
    """
    schemes = by_scheme(graph)
    return schemes[schemes["kind"] == "framework"].reset_index(drop=True)


def by_scheme(graph: Graph) -> pandas.DataFrame:
    """Every concept scheme with its kind (``Graph.schemes()``), grouped by kind in the order of
    :data:`SCHEME_KINDS`, most items first within a kind."""
    schemes = graph.schemes()
    order = {kind: position for position, kind in enumerate(SCHEME_KINDS)}
    return (
        schemes.assign(_order=schemes["kind"].map(order).fillna(len(order)))
        .sort_values(["_order", "items", "scheme_code"], ascending=[True, False, True], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def counts(graph: Graph) -> dict[str, int]:
    """Triples, frameworks, professional bodies and publications in the graph."""
    bodies, publications = next(iter(graph.query(_COUNTS)))  # type: ignore[arg-type]
    return {
        "triples": len(graph),
        "frameworks": len(by_framework(graph)),
        "bodies": int(bodies),
        "publications": int(publications),
    }


def render(graph: Graph, *, max_rows: int = 40) -> str:
    """The report as text, for a terminal."""
    classes = by_class(graph)
    schemes = by_scheme(graph)
    lines = [repr(graph), ""]
    lines.append(f"By class ({len(classes)} classes, top {min(max_rows, len(classes))}):")
    if len(classes):
        shown = classes.head(max_rows).assign(label=lambda d: d["label"].fillna(d["class"]))
        lines.append(shown[["label", "instances"]].to_string(index=False))
    for kind, heading in SCHEME_KINDS.items():
        part = schemes[schemes["kind"] == kind]
        lines.append("")
        if kind == "framework":
            lines.append(f"By framework ({len(part)} frameworks):")
        else:
            lines.append(f"{heading} ({len(part)}):")
        if len(part):
            shown = part.assign(scheme_label=part["scheme_label"].fillna(part["scheme"]))
            shown = shown.rename(columns={"scheme_code": "code", "scheme_label": "name"})
            lines.append(shown[["code", "name", "items"]].fillna("").to_string(index=False))
    return "\n".join(lines)


def summary_html(graph: Graph) -> str:
    """A short HTML summary for Jupyter (``Graph._repr_html_``): triples, frameworks with their
    item counts, professional bodies and publications."""
    if graph.closed:
        return "<p><b>workforce_graph.Graph</b> (closed)</p>"
    numbers = counts(graph)
    frameworks = by_framework(graph)
    place = f"on disk at {html.escape(str(graph.path))}" if graph.path is not None else "in memory"
    rows = "".join(
        f"<tr><td>{html.escape(str(code) if isinstance(code, str) else '')}</td>"
        f"<td>{html.escape(str(label) if isinstance(label, str) else str(iri))}</td>"
        f"<td style='text-align:right'>{int(items):,}</td></tr>"
        for code, label, iri, items in frameworks[
            ["scheme_code", "scheme_label", "scheme", "items"]
        ].itertuples(index=False)
    )
    table = (
        f"<table><thead><tr><th>code</th><th>framework</th><th>items</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else ""
    )
    return (
        f"<div><p><b>workforce_graph.Graph</b> {place}: {numbers['triples']:,} triples, "
        f"{numbers['frameworks']} frameworks, {numbers['bodies']} professional bodies, "
        f"{numbers['publications']} publications.</p>{table}</div>"
    )
