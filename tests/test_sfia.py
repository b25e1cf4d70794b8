"""SFIA is licensed: the bundle holds none of its skills, analyses that need it say so, and
``Graph.import_sfia`` loads a user's own copy in one call (tested on an invented file of SFIA 9's
layout, ``tests/data/sfia/``), after which the bundled crosswalks to SFIA work."""

from __future__ import annotations

import csv
import pathlib
import sys

import pytest
import workforce_graph as wg
from workforce_graph import DataFormatError, FrameworkNotLoadedError

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from test_import_table import write_xlsx

SFIA_CSV = pathlib.Path(__file__).resolve().parent / "data" / "sfia" / "sfia-9-synthetic-skills.csv"
SFIA = "https://w3id.org/workforce-graph/id/framework/sfia"
SKILL = "https://w3id.org/workforce-graph/id/sfia/skill/"


def fixture_rows() -> list[list[str]]:
    with SFIA_CSV.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def expected_counts() -> dict[str, int]:
    header, *rows = fixture_rows()
    column = {name: header.index(name) for name in ("Category", "Subcategory")}
    levels = sum(1 for row in rows for cell in row[1:8] if cell.strip())
    return {
        "skills": len(rows),
        "categories": len({r[column["Category"]] for r in rows}),
        "subcategories": len({(r[column["Category"]], r[column["Subcategory"]]) for r in rows}),
        "skill levels": levels,
    }


def sfia_mapping_statements(graph: wg.Graph) -> int:
    """Curated mapping nodes with an end among the bundled SFIA skill codes."""
    rows = graph.query(f"""PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX wg: <https://w3id.org/workforce-graph/ontology#>
        SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{
          ?m a wg:Mapping ; owl:annotatedSource|owl:annotatedTarget ?end .
          FILTER(STRSTARTS(STR(?end), "{SKILL}")) }}""")
    return int(list(rows)[0][0])


@pytest.fixture(scope="module")
def loaded() -> wg.Graph:
    graph = wg.Graph()
    graph.import_sfia(SFIA_CSV, progress=False)
    return graph


def test_before_loading_analyses_say_sfia_is_missing(bundled: wg.Graph) -> None:
    assert len(bundled.competencies("SFIA")) == 0
    assert sfia_mapping_statements(bundled) > 0  # the curated mappings are there, waiting
    for call in (
        lambda: bundled.crosswalk("NCF", "SFIA"),
        lambda: bundled.framework_overlap(["NCF", "SFIA"]),
        lambda: bundled.suggest_mappings("PKSB", "SFIA"),
    ):
        with pytest.raises(FrameworkNotLoadedError, match=r"SFIA is not loaded.*import_sfia"):
            call()
    # A LookupError, so generic handlers still work.
    with pytest.raises(LookupError):
        bundled.crosswalk("SFIA", "DDaT")


def test_import_sfia_loads_the_sheet_into_the_bundled_framework(loaded: wg.Graph) -> None:
    expected = expected_counts()
    graph = wg.Graph()
    before = len(graph)
    # The bundle already states the bare references of the SFIA codes the crosswalks cite (type,
    # notation, page); the import states the type and notation again for the codes its sheet holds.
    header, *rows = fixture_rows()
    cited_in_sheet = " ".join(f"<{SKILL}{r[header.index('Code')].lower()}>" for r in rows)
    restated = graph.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT (COUNT(*) AS ?n) WHERE "
        f"{{ VALUES ?s {{ {cited_in_sheet} }} {{ ?s a ?o }} UNION {{ ?s skos:notation ?o }} }}"
    )
    report = graph.import_sfia(SFIA_CSV, progress=False)
    assert report["framework"] == SFIA
    assert {k: report["added"][k] for k in expected} == expected
    assert "Guidance notes" in " ".join(report["notes"])
    assert len(graph) == before + report["triples"] - int(list(restated)[0][0])
    skills = loaded.competencies("SFIA")
    assert len(skills) == expected["skills"] + expected["categories"] + expected["subcategories"]
    # Skills are minted where the crosswalks point: code in lowercase under sfia/skill/.
    header, *rows = fixture_rows()
    codes = {r[header.index("Code")] for r in rows}
    assert {SKILL + c.lower() for c in codes} <= set(skills["competency"])


def test_once_loaded_the_bundled_crosswalks_to_sfia_work(loaded: wg.Graph) -> None:
    walked = loaded.crosswalk("NCF", "SFIA")
    assert len(walked) > 0 and walked["object_label"].str.len().gt(0).all()
    overlap = loaded.framework_overlap()
    with_sfia = overlap[(overlap["framework_a_code"] == "SFIA") | (overlap["framework_b_code"] == "SFIA")]
    # Every curated mapping to an SFIA code of the file now counts in the overlap table.
    assert with_sfia["curated_mappings"].sum() == sfia_mapping_statements(loaded)
    assert (loaded.validate()["severity"] == "Violation").sum() == 0
    levels = loaded.query("""PREFIX wg: <https://w3id.org/workforce-graph/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT (COUNT(*) AS ?n) WHERE {
          ?s wg:definedAtLevel ?l . ?l a wg:Level ;
             skos:inScheme <https://w3id.org/workforce-graph/id/scale/sfia-lor> }""")
    assert int(list(levels)[0][0]) == expected_counts()["skill levels"]


def test_the_xlsx_download_is_read_from_its_skills_sheet(tmp_path: pathlib.Path) -> None:
    rows: list[list[object]] = [list(r) for r in fixture_rows()]
    path = tmp_path / "sfia-9.xlsx"
    write_xlsx(path, {"Read me": [["Invented workbook for tests"]], "Skills": rows})
    graph = wg.Graph()
    report = graph.import_sfia(path, progress=False)
    assert report["added"]["skills"] == expected_counts()["skills"]


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "kind"),
    [
        (",DATS,", ",,", 2, "Code", "missing_value"),
        (
            "Synthetic category: people,Synthetic group: staff",
            ",Synthetic group: staff",
            13,
            "Category",
            "missing_value",
        ),
        ("1,,,,4,5,6,7,DATS", "1,,,,4,5,6,8,DATS", 2, "Levels", "invalid_value"),
        ("Subcategory,", "Sub category,", 1, "Subcategory", "missing_column"),
    ],
)
def test_a_bad_sheet_names_line_and_column_and_changes_nothing(
    tmp_path: pathlib.Path, old: str, new: str, line: int, column: str, kind: str
) -> None:
    text = SFIA_CSV.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "sfia.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    graph = wg.Graph()
    before = len(graph)
    with pytest.raises(DataFormatError) as caught:
        graph.import_sfia(path, progress=False)
    assert (caught.value.lineno, caught.value.column, caught.value.kind) == (line, column, kind)
    assert len(graph) == before
    with pytest.raises(FrameworkNotLoadedError):
        graph.crosswalk("NCF", "SFIA")


def test_loading_twice_is_refused(loaded: wg.Graph) -> None:
    before = len(loaded)
    with pytest.raises(DataFormatError) as caught:
        loaded.import_sfia(SFIA_CSV, progress=False)
    assert caught.value.kind == "duplicate_id"
    assert len(loaded) == before
