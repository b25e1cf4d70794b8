"""1EdTech CASE and SSSOM: imports, exports, round trips and every failure case."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Callable

import pandas as pd
import pytest
import workforce_graph as wg
from workforce_graph.exceptions import DataFormatError

SFIA_CSV = pathlib.Path(__file__).resolve().parent / "data" / "sfia" / "sfia-9-synthetic-skills.csv"
DATA = pathlib.Path(__file__).parent / "data"
CASE = DATA / "case" / "demo.json"
SSSOM = DATA / "sssom" / "demo.sssom.tsv"
SKOS = "http://www.w3.org/2004/02/skos/core#"
WG = "https://w3id.org/workforce-graph/ontology#"
ITEM = "https://example.org/case/item/"


def nquads(graph: wg.Graph, path: pathlib.Path) -> list[str]:
    graph.save(path, format="nq")
    return sorted(path.read_text().splitlines())


def broken_copy(source: pathlib.Path, tmp_path: pathlib.Path, old: str, new: str) -> pathlib.Path:
    """A copy of ``source`` in ``tmp_path`` (same suffix) with the first ``old`` replaced by ``new``."""
    text = source.read_text()
    assert old in text
    path = tmp_path / f"broken{''.join(source.suffixes)}"
    path.write_text(text.replace(old, new, 1))
    return path


def rejected_without_change(
    graph: wg.Graph, load: Callable[[], object], tmp_path: pathlib.Path
) -> DataFormatError:
    """The error ``load`` (an import into ``graph``) raises, once checked that the import changed
    nothing: imports are all or nothing."""
    before, size = nquads(graph, tmp_path / "before.nq"), len(graph)
    with pytest.raises(DataFormatError) as caught:
        load()
    assert len(graph) == size
    assert nquads(graph, tmp_path / "after.nq") == before
    return caught.value


def ask(graph: wg.Graph, pattern: str) -> bool:
    answer = graph.query(f"ASK {{ {pattern} }}")
    assert isinstance(answer, bool)
    return answer


# --- CASE ---------------------------------------------------------------------------------------


@pytest.fixture()
def case_graph() -> tuple[wg.Graph, dict[str, object]]:
    graph = wg.Graph(bundled=False)
    return graph, graph.import_case(CASE)


def test_case_items_and_associations_are_mapped(case_graph: tuple[wg.Graph, dict[str, object]]) -> None:
    graph, report = case_graph
    package = json.loads(CASE.read_text())
    added = report["added"]
    assert isinstance(added, dict)
    assert added["competencies"] == len(package["CFItems"]) == 7
    types = pd.Series([a["associationType"] for a in package["CFAssociations"]]).value_counts()
    for kind, n in types.items():
        assert added[f"{kind} associations"] == n
    assert ask(graph, f"<{ITEM}collect> <{SKOS}broader> <{ITEM}area-data>")
    assert ask(graph, f"<{ITEM}area-data> <{SKOS}topConceptOf> <https://example.org/case/demo-data-skills>")
    assert ask(
        graph,
        f"<{ITEM}visualise> <{SKOS}broader> <{ITEM}analyse> ; <http://purl.org/dc/terms/isPartOf> <{ITEM}analyse>",
    )
    assert ask(graph, f"<{ITEM}old-analysis> <{SKOS}exactMatch> <{ITEM}analyse>")
    assert ask(
        graph,
        f"?m a <{WG}Mapping> ; <http://www.w3.org/2002/07/owl#annotatedSource> <{ITEM}visualise> ; "
        f"<http://www.w3.org/2002/07/owl#annotatedProperty> <{SKOS}relatedMatch>",
    )
    assert ask(graph, f"<{ITEM}visualise> <{SKOS}related> <{ITEM}clean>")
    assert ask(graph, f"<{ITEM}old-analysis> <http://purl.org/dc/terms/isReplacedBy> <{ITEM}analyse>")
    assert ask(
        graph,
        f"<{ITEM}visualise> <http://xmlns.com/foaf/0.1/page> <https://example.org/case/examples/dashboard>",
    )
    assert ask(
        graph,
        f"?r a <{WG}Requirement> ; <{WG}requiredCompetency> <{ITEM}analyse> ; <{WG}requiredLevel> <{ITEM}level-working>",
    )
    ranks = graph.query(f"SELECT ?i ?r WHERE {{ ?i <{WG}rank> ?r }} ORDER BY ?r").to_pandas()
    assert list(ranks["i"]) == [ITEM + "collect", ITEM + "clean", ITEM + "analyse"]
    # abbreviatedStatement is the label, fullStatement the definition.
    assert ask(graph, f'<{ITEM}collect> <{SKOS}prefLabel> "Data collection"@en ; <{SKOS}definition> ?d')
    frameworks = graph.frameworks()
    assert "Demo data skills" in set(frameworks["framework_label"])


def test_case_round_trip_gives_the_same_graph(
    tmp_path: pathlib.Path, case_graph: tuple[wg.Graph, dict[str, object]]
) -> None:
    graph, _ = case_graph
    exported = tmp_path / "export.json"
    written = graph.export_case("Demo data skills", exported)
    assert written["items"] == 7
    assert written["associations"] == len(json.loads(CASE.read_text())["CFAssociations"])
    again = wg.Graph(bundled=False)
    again.import_case(exported)
    assert nquads(again, tmp_path / "b.nq") == nquads(graph, tmp_path / "a.nq")
    # And once more from the second graph: a fixed point.
    exported_again = tmp_path / "export2.json"
    again.export_case("https://example.org/case/demo-data-skills", exported_again)
    assert json.loads(exported_again.read_text()) == json.loads(exported.read_text())


def test_a_loaded_three_level_framework_round_trips(tmp_path: pathlib.Path) -> None:
    # SFIA (categories > subcategories > skills), loaded from the invented file of SFIA's layout:
    # its licence keeps it out of the bundle.
    bundled = wg.Graph()
    bundled.import_sfia(SFIA_CSV, progress=False)
    items = len(bundled.competencies("SFIA"))
    assert items > 0
    path = tmp_path / "sfia.json"
    written = bundled.export_case("SFIA", path)
    assert written["items"] == items
    first = wg.Graph(bundled=False)
    first.import_case(path)
    assert len(first.competencies(written["framework"])) == items  # type: ignore[arg-type]
    second = wg.Graph(bundled=False)
    path2 = tmp_path / "sfia2.json"
    first.export_case(str(written["framework"]), path2)
    second.import_case(path2)
    assert nquads(second, tmp_path / "2.nq") == nquads(first, tmp_path / "1.nq")


@pytest.mark.parametrize(
    ("old", "new", "kind", "lineno", "column"),
    [
        ('"CFItems": [', '"CFItems": [,', "malformed", 11, None),
        ('"fullStatement": "Data cleaning", ', "", "missing_field", None, "fullStatement"),
        ("000000000103", "000000000102", "duplicate_id", 19, "identifier"),
        (
            '{"uri": "https://example.org/case/item/area-data"}}',
            '{"uri": "https://example.org/case/item/nowhere"}}',
            "unknown_reference",
            40,
            "destinationNodeURI",
        ),
        (
            '"destinationNodeURI": {"title": "Demo data skills", "identifier": "9a1c0d2e-0000-4000-8000-000000000001", '
            '"uri": "https://example.org/case/demo-data-skills"}',
            '"destinationNodeURI": {"uri": "https://example.org/case/item/collect"}',
            "cycle",
            None,
            "associationType",
        ),
        (
            '"lastChangeDateTime": "2025-03-01T10:00:00+00:00",\n    "language"',
            '"language"',
            "missing_field",
            2,
            "lastChangeDateTime",
        ),
    ],
)
def test_bad_case_packages_change_nothing(
    tmp_path: pathlib.Path, old: str, new: str, kind: str, lineno: int | None, column: str | None
) -> None:
    path = broken_copy(CASE, tmp_path, old, new)
    graph = wg.Graph(bundled=False)
    graph.import_sssom(SSSOM)
    error = rejected_without_change(graph, lambda: graph.import_case(path), tmp_path)
    assert (error.kind, error.column) == (kind, column), error
    if lineno is not None:
        assert error.lineno == lineno, error
    assert error.filename == str(path)
    assert isinstance(error, SyntaxError) and isinstance(error, ValueError)


def test_malformed_json_carries_serde_position(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "CFDocument": {"identifier": 1,,}\n}\n')
    with pytest.raises(DataFormatError) as caught:
        wg.Graph(bundled=False).import_case(path)
    assert (caught.value.kind, caught.value.lineno, caught.value.offset) == ("malformed", 2, 34)


@pytest.mark.parametrize(
    ("content", "kind"), [(b"", "empty"), (b"  \n", "empty"), (b'{"CFDocument": "\xff"}', "not_utf8")]
)
def test_empty_and_non_utf8_case_files(tmp_path: pathlib.Path, content: bytes, kind: str) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    graph = wg.Graph(bundled=False)
    with pytest.raises(DataFormatError) as caught:
        graph.import_case(path)
    assert caught.value.kind == kind
    assert len(graph) == 0


def test_a_match_may_point_to_a_concept_of_the_graph(tmp_path: pathlib.Path) -> None:
    sfia_dats = "https://w3id.org/workforce-graph/id/sfia/skill/dats"
    path = broken_copy(
        CASE,
        tmp_path,
        '{"uri": "https://example.org/case/item/analyse"}},\n    {"identifier": "9a1c0d2e-0000-4000-8000-000000000211"',
        f'{{"uri": "{sfia_dats}"}}}},\n    {{"identifier": "9a1c0d2e-0000-4000-8000-000000000211"',
    )
    with pytest.raises(DataFormatError):
        wg.Graph(bundled=False).import_case(path)
    graph = wg.Graph()
    graph.import_case(path)
    assert ask(graph, f"<{ITEM}old-analysis> <{SKOS}exactMatch> <{sfia_dats}>")


def test_export_of_an_unknown_framework_suggests_names(tmp_path: pathlib.Path) -> None:
    with pytest.raises(wg.UnknownNameError):
        wg.Graph().export_case("SFIAA", tmp_path / "x.json")


# --- SSSOM --------------------------------------------------------------------------------------


def test_sssom_rows_become_mappings_with_provenance() -> None:
    graph = wg.Graph(bundled=False)
    report = graph.import_sssom(SSSOM)
    added = report["added"]
    assert isinstance(added, dict)
    assert added["mappings"] == 3 and added["authors"] == 2
    assert any("owl:equivalentClass" in note for note in report["notes"])  # type: ignore[union-attr]
    # mappings() lists those with a confidence (two of the three rows), one line per author.
    mappings = graph.mappings().drop_duplicates("mapping")
    assert sorted(mappings["confidence"].astype(float)) == [0.5, 0.8]
    row = mappings[mappings["confidence"].astype(float) == 0.8].iloc[0]
    assert (row["subject_label"], row["object_label"]) == ("Data analysis", "Analytics")
    assert row["author"] == "https://orcid.org/0000-0002-1825-0097"
    assert str(row["date"]) == "2025-03-30"
    assert row["justification"] == "https://w3id.org/semapv/vocab/ManualMappingCuration"
    # The header's mapping_date fills the row that has none; two authors on one row.
    dates = graph.query(
        "SELECT ?d (COUNT(?a) AS ?authors) WHERE { ?m <http://www.w3.org/2002/07/owl#annotatedProperty> "
        f"<{SKOS}broadMatch> ; <http://purl.org/dc/terms/date> ?d ; <http://purl.org/dc/terms/creator> ?a }} GROUP BY ?d"
    ).to_pandas()
    assert (str(dates["d"][0]), int(dates["authors"][0])) == ("2025-04-01", 2)


def test_sssom_round_trip_gives_the_same_graph(tmp_path: pathlib.Path) -> None:
    first = wg.Graph(bundled=False)
    first.import_sssom(SSSOM)
    exported = tmp_path / "export.sssom.tsv"
    assert first.export_sssom(exported) == 3
    second = wg.Graph(bundled=False)
    second.import_sssom(exported)
    assert nquads(second, tmp_path / "b.nq") == nquads(first, tmp_path / "a.nq")


def test_bundled_crosswalks_export_one_row_per_mapping(tmp_path: pathlib.Path) -> None:
    graph = wg.Graph()
    path = tmp_path / "crosswalks.sssom.tsv"
    rows = graph.export_sssom(path)
    assert rows == len(graph.mappings()) == 50
    table = pd.read_csv(path, sep="\t", comment="#")
    assert len(table) == rows
    assert set(table["predicate_id"]) <= {
        f"skos:{p}" for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
    }
    # Importing them back into the bundled graph adds nothing: the same triples.
    size = len(graph)
    graph.import_sssom(path)
    assert len(graph) == size
    # Into an empty graph they make the same mappings.
    empty = wg.Graph(bundled=False)
    empty.import_sssom(path)
    assert len(empty.query(f"SELECT ?m WHERE {{ ?m a <{WG}Mapping> }}").to_pandas()) == 50


def test_sssom_export_between_two_frameworks(tmp_path: pathlib.Path) -> None:
    graph = wg.Graph()
    path = tmp_path / "lcf.sssom.tsv"
    crosswalk = graph.crosswalk("NCF", "DDaT")
    assert graph.export_sssom(path, "NCF", "DDaT") == len(crosswalk) > 0
    # SFIA's mappings wait for its licensed content.
    with pytest.raises(wg.FrameworkNotLoadedError):
        graph.export_sssom(tmp_path / "sfia.sssom.tsv", "NCF", "SFIA")
    graph.import_sfia(SFIA_CSV, progress=False)
    assert (
        graph.export_sssom(tmp_path / "sfia.sssom.tsv", "NCF", "SFIA")
        == len(graph.crosswalk("NCF", "SFIA"))
        > 0
    )


@pytest.mark.parametrize(
    ("old", "new", "kind", "lineno", "column"),
    [
        ("\t0.8\t", "\t1.8\t", "invalid_value", 10, "confidence"),
        ("other:analytics", "nope:analytics", "unknown_reference", 10, "object_id"),
        (
            "\tcomment\n",
            "\tcomment\n" + SSSOM.read_text().splitlines()[9] + "\n",
            "duplicate_id",
            11,
            "subject_id",
        ),
        ("subject_id\t", "subject\t", "missing_column", 9, "subject_id"),
        ("\tmapping_justification\t", "\tjustification\t", "missing_column", 9, "mapping_justification"),
        ("2025-03-30", "2025-13-30", "invalid_value", 10, "mapping_date"),
        (
            "# license: https://w3id.org/sssom/license/unspecified",
            "# license unspecified",
            "malformed",
            7,
            None,
        ),
        ("Analytics\tsemapv", "Analytics\textra\tsemapv", "malformed", 10, None),
    ],
)
def test_bad_sssom_files_change_nothing(
    tmp_path: pathlib.Path, old: str, new: str, kind: str, lineno: int | None, column: str | None
) -> None:
    path = broken_copy(SSSOM, tmp_path, old, new)
    graph = wg.Graph(bundled=False)
    graph.import_case(CASE)
    error = rejected_without_change(graph, lambda: graph.import_sssom(path), tmp_path)
    assert (error.kind, error.lineno, error.column) == (kind, lineno, column), error


@pytest.mark.parametrize(
    ("content", "kind"), [(b"", "empty"), (b"# curie_map:\n", "empty"), (b"subject_id\n\xff\n", "not_utf8")]
)
def test_empty_and_non_utf8_sssom_files(tmp_path: pathlib.Path, content: bytes, kind: str) -> None:
    path = tmp_path / "x.sssom.tsv"
    path.write_bytes(content)
    with pytest.raises(DataFormatError) as caught:
        wg.Graph(bundled=False).import_sssom(path)
    assert caught.value.kind == kind
