"""Graph.validate with any shapes: files, text, another graph, a named data graph; errors; and
agreement with pySHACL on shapes that are not the bundled ones. (The W3C SHACL Core test suite
runs in Rust: tests/w3c_shacl.rs.)"""

from __future__ import annotations

import pathlib

import pandas as pd
import pytest
import workforce_graph as wg

SH = "http://www.w3.org/ns/shacl#"

# A framework as a professional body might receive it: one competency lacks a label, one has a
# notation in the wrong form and two labels in English, and one is in no scheme.
FRAMEWORK = """\
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/fw/> .
ex:scheme a skos:ConceptScheme ; skos:prefLabel "Example framework"@en .
ex:c1 a skos:Concept ; skos:inScheme ex:scheme ; skos:prefLabel "Data analysis"@en ; skos:notation "DA1" .
ex:c2 a skos:Concept ; skos:inScheme ex:scheme ; skos:notation "da-2" .
ex:c3 a skos:Concept ; skos:inScheme ex:scheme ; skos:prefLabel "Ethics"@en , "Data ethics"@en ; skos:notation "DE3" .
ex:c4 a skos:Concept ; skos:prefLabel "Orphan"@en ; skos:notation "OR4" .
"""

# The body's own shapes.
SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/shapes/> .
ex:Competency a sh:NodeShape ; sh:targetClass skos:Concept ;
  sh:property [ sh:path skos:prefLabel ; sh:minCount 1 ; sh:uniqueLang true ] ;
  sh:property [ sh:path skos:notation ; sh:pattern "^[A-Z]{2}[0-9]+$" ] ;
  sh:property [ sh:path skos:inScheme ; sh:minCount 1 ; sh:severity sh:Warning ] .
"""


def _keys(report: pd.DataFrame) -> list[tuple[str, str, str]]:
    return sorted(
        (r.focus_node.rsplit("/", 1)[-1], r.constraint.removeprefix(SH), r.severity)
        for r in report.itertuples()
    )


EXPECTED = [
    ("c2", "MinCountConstraintComponent", "violation"),
    ("c2", "PatternConstraintComponent", "violation"),
    ("c3", "UniqueLangConstraintComponent", "violation"),
    ("c4", "MinCountConstraintComponent", "warning"),
]


@pytest.fixture
def received() -> wg.Graph:
    graph = wg.Graph(bundled=False)
    graph.load(FRAMEWORK)
    return graph


def test_shapes_as_text_file_and_graph_give_one_report(received: wg.Graph, tmp_path: pathlib.Path) -> None:
    shapes_file = tmp_path / "body-shapes.ttl"
    shapes_file.write_text(SHAPES)
    shapes_graph = wg.Graph(bundled=False)
    shapes_graph.load(SHAPES)
    from_text = received.validate(SHAPES)
    assert _keys(from_text) == EXPECTED
    assert from_text.attrs["conforms"] is False
    assert list(from_text.columns) == [
        "focus_node",
        "path",
        "value",
        "constraint",
        "severity",
        "shape",
        "message",
        "shapes_file",
    ]
    pattern = from_text[from_text["constraint"] == SH + "PatternConstraintComponent"].iloc[0]
    assert (pattern["path"], pattern["value"]) == ("<http://www.w3.org/2004/02/skos/core#notation>", '"da-2"')
    assert from_text["shapes_file"].isna().all()
    from_file = received.validate(shapes_file)
    assert _keys(from_file) == EXPECTED
    assert set(from_file["shapes_file"]) == {str(shapes_file)}
    assert _keys(received.validate(str(shapes_file))) == EXPECTED
    assert _keys(received.validate(shapes_graph)) == EXPECTED
    # Shapes loaded next to the data: the graph validates against itself.
    received.load(SHAPES)
    assert _keys(received.validate(received)) == EXPECTED


def test_a_conforming_graph_and_the_bundled_default(received: wg.Graph) -> None:
    fixed = wg.Graph(bundled=False)
    fixed.load(
        FRAMEWORK.replace('skos:notation "da-2"', 'skos:prefLabel "Reporting"@en ; skos:notation "DA2"')
        .replace('"Ethics"@en , ', "")
        .replace("ex:c4 a skos:Concept ;", "ex:c4 a skos:Concept ; skos:inScheme ex:scheme ;")
    )
    report = fixed.validate(SHAPES)
    assert report.empty and report.attrs["conforms"] is True
    bundled = wg.Graph().validate()
    assert (bundled["severity"] == "violation").sum() == 0
    assert bundled.attrs["conforms"] is bundled.empty
    assert set(bundled["shapes_file"]) <= {"violations", "warnings"}


def test_a_named_graph_is_validated_on_its_own() -> None:
    graph = wg.Graph(bundled=False)
    graph.load(FRAMEWORK, graph="http://example.org/received")
    assert graph.validate(SHAPES).empty  # the default graph is empty
    assert _keys(graph.validate(SHAPES, graph="http://example.org/received")) == EXPECTED
    with pytest.raises(ValueError, match="no named graph"):
        graph.validate(SHAPES, graph="http://example.org/absent")
    with pytest.raises(ValueError, match="invalid graph name"):
        graph.validate(SHAPES, graph="not an iri")


def test_bad_shapes_raise_typed_errors(received: wg.Graph, tmp_path: pathlib.Path) -> None:
    before = len(received)
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<http://e/S> a sh:NodeShape ;\n  sh:minCount .\n"
    )
    with pytest.raises(SyntaxError) as caught:
        received.validate(broken)
    assert (caught.value.filename, caught.value.lineno) == (str(broken), 3)
    with pytest.raises(FileNotFoundError):
        received.validate(tmp_path / "missing.ttl")
    with pytest.raises(ValueError, match="malformed shapes"):
        received.validate(
            SHAPES.replace("sh:minCount 1 ; sh:uniqueLang", 'sh:minCount "one" ; sh:uniqueLang')
        )
    with pytest.raises(ValueError, match="unknown|format"):
        received.validate(SHAPES, format="no-such-format")
    with pytest.raises(TypeError, match="shapes as a path, RDF text or a Graph"):
        received.validate(42)  # type: ignore[arg-type]
    assert len(received) == before == 17  # nothing was added to the data (FRAMEWORK's 17 triples)


def test_pyshacl_agrees_on_other_shapes(received: wg.Graph) -> None:
    import pyshacl
    import rdflib

    data = rdflib.Graph().parse(data=FRAMEWORK, format="turtle")
    shapes = rdflib.Graph().parse(data=SHAPES, format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False)
    sh = rdflib.Namespace(SH)
    theirs = sorted(
        (
            str(report.value(r, sh.focusNode)).rsplit("/", 1)[-1],
            str(report.value(r, sh.sourceConstraintComponent)).removeprefix(SH),
            str(report.value(r, sh.resultSeverity)).removeprefix(SH).lower(),
        )
        for r in report.objects(None, sh.result)
    )
    ours = received.validate(SHAPES)
    assert _keys(ours) == theirs
    assert ours.attrs["conforms"] == conforms
