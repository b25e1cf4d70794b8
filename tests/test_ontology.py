"""The bundled ontology and data: QC queries, analyst questions, ready-made tables, SHACL, and
agreement with independent tools (rdflib, pySHACL)."""

from __future__ import annotations

import csv
import pathlib
import re

import pandas as pd
import pytest
import workforce_graph as wg

ONTOLOGY = pathlib.Path(__file__).resolve().parent.parent / "ontology"
QC = sorted((ONTOLOGY / "qc").glob("*.rq"))
QUESTIONS = sorted((ONTOLOGY / "queries").glob("*.rq"))
API = sorted((ONTOLOGY / "api").glob("*.rq"))
INVALID = sorted((ONTOLOGY / "examples" / "invalid").glob("*.ttl"))


@pytest.mark.parametrize("path", QC, ids=[p.stem for p in QC])
def test_qc_query_finds_nothing(bundled: wg.Graph, path: pathlib.Path) -> None:
    rows = bundled.query(path.read_text()).to_pandas()
    assert rows.empty, f"{path.name} found problems:\n{rows.head(20).to_string()}"


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.parametrize("path", QUESTIONS, ids=[p.stem for p in QUESTIONS])
def test_analyst_question_gives_its_expected_answer(bundled: wg.Graph, path: pathlib.Path) -> None:
    sparql = path.read_text()
    with path.with_suffix(".expected.csv").open(newline="") as handle:
        expected_rows = list(csv.reader(handle))
    header, expected = expected_rows[0], [tuple(r) for r in expected_rows[1:]]
    result = bundled.query(sparql)
    assert result.columns == header
    actual = [tuple(_cell(v) for v in row) for row in result]
    normalise = (lambda rows: rows) if re.search(r"ORDER\s+BY", sparql, re.IGNORECASE) else sorted
    assert normalise(actual) == normalise(expected)


def _documented_columns(path: pathlib.Path) -> list[str]:
    columns = []
    for line in path.read_text().splitlines():
        match = re.match(r"#\s*(\w+):", line)
        if match and not line.startswith(f"# {path.stem}("):
            columns.append(match.group(1))
    return columns


@pytest.mark.parametrize("path", API, ids=[p.stem for p in API])
def test_ready_made_tables_have_their_documented_columns(bundled: wg.Graph, path: pathlib.Path) -> None:
    table = getattr(bundled, path.stem)()
    assert isinstance(table, pd.DataFrame)
    assert len(table) > 0
    assert list(table.columns) == _documented_columns(path)


def test_framework_filter_and_unknown_framework(bundled: wg.Graph) -> None:
    ddat = bundled.competencies("DDaT")
    assert len(ddat) == 188
    assert set(ddat["framework"]) == {"https://w3id.org/workforce-graph/id/framework/ddat"}
    assert len(bundled.competencies()) > len(ddat)
    assert len(bundled.roles("ddat")) == 52
    assert len(bundled.role_levels("DDaT")) == 201
    with pytest.raises(wg.UnknownNameError) as caught:
        bundled.competencies("DDAT2")
    assert "DDaT" in caught.value.suggestions
    assert isinstance(caught.value, ValueError)


def test_the_bundled_graph_has_no_shacl_violations(bundled: wg.Graph) -> None:
    report = bundled.validate()
    violations = report[report["severity"] == "violation"]
    assert violations.empty, violations.head(20).to_string()


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_each_invalid_example_is_caught(path: pathlib.Path) -> None:
    graph = wg.Graph()
    graph.load(path)
    report = graph.validate()
    assert (report["severity"] == "violation").any(), f"{path.name} broke no shape"


@pytest.fixture(scope="module")
def exported(bundled: wg.Graph, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("export") / "bundled.ttl"
    bundled.save(path)
    return path


def test_rdflib_reads_the_exported_graph(bundled: wg.Graph, exported: pathlib.Path) -> None:
    import rdflib

    graph = rdflib.Graph()
    graph.parse(exported, format="turtle")
    assert len(graph) == len(bundled)


def _result_keys(frame: pd.DataFrame) -> set[tuple[str, str, str]]:
    return {(r.focus_node, r.constraint, r.severity) for r in frame.itertuples()}


@pytest.mark.parametrize("shapes_file", sorted((ONTOLOGY / "shapes").glob("*.ttl")), ids=lambda p: p.stem)
def test_pyshacl_agrees_with_validate(
    bundled: wg.Graph, exported: pathlib.Path, shapes_file: pathlib.Path
) -> None:
    import pyshacl
    import rdflib

    data = rdflib.Graph().parse(exported, format="turtle")
    shapes = rdflib.Graph().parse(shapes_file, format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    theirs = {
        (
            str(report.value(r, sh.focusNode)),
            str(report.value(r, sh.sourceConstraintComponent)),
            str(report.value(r, sh.resultSeverity)).rsplit("#", 1)[-1].lower(),
        )
        for r in report.objects(None, sh.result)  # top-level results, not sh:detail ones
    }
    ours_frame = bundled.validate()
    ours = _result_keys(ours_frame[ours_frame["shapes_file"] == shapes_file.stem])
    assert ours == theirs
