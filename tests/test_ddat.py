"""The DDaT importer and the bundled DDaT data, checked against the official export with pandas."""

from __future__ import annotations

import pathlib

import pandas as pd
import pytest
import workforce_graph as wg
from workforce_graph._core import ddat_turtle

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXPORT = ROOT.parent / "shared" / "data" / "ddat"
BUNDLED_TTL = ROOT / "ontology" / "data" / "ddat.ttl"
WG = "https://w3id.org/workforce-graph/ontology#"
DDAT = "https://w3id.org/workforce-graph/id/framework/ddat"


@pytest.fixture(scope="module")
def export() -> pd.DataFrame:
    """The role-content export as an analyst would clean it: trimmed, exact duplicates dropped."""
    rows = pd.read_csv(EXPORT / "roles.csv", dtype=str)
    for column in ["Role Family", "Role", "Role Level", "Skill Name", "Skill Level"]:
        rows[column] = rows[column].str.strip()
    return rows.drop_duplicates(["Role", "Role Level", "Skill Name", "Skill Level"])


def _count(graph: wg.Graph, cls: str) -> int:
    sparql = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{WG}{cls}> ; <http://www.w3.org/2004/02/skos/core#inScheme> ?f }}"
    return list(graph.query(sparql, bindings={"f": wg.IRI(DDAT)}))[0][0]


def test_bundled_counts_equal_the_export(bundled: wg.Graph, export: pd.DataFrame) -> None:
    levelled = export[export["Role Level"] != "NOT IN USE"]
    assert _count(bundled, "RoleFamily") == export["Role Family"].nunique() == 8
    assert _count(bundled, "Role") == export["Role"].nunique() == 52
    assert _count(bundled, "RoleLevel") == len(levelled[["Role", "Role Level"]].drop_duplicates()) == 201
    assert _count(bundled, "Competency") == export["Skill Name"].nunique() == 188
    requirements = bundled.query(
        f"SELECT (COUNT(?r) AS ?n) WHERE {{ ?r a <{WG}Requirement> ; <{WG}forRole> ?role . "
        f"?role <http://www.w3.org/2004/02/skos/core#inScheme> <{DDAT}> }}"
    )
    assert list(requirements)[0][0] == len(export) == 1809


def test_every_requirement_and_its_level_is_in_the_graph(bundled: wg.Graph, export: pd.DataFrame) -> None:
    graph_rows = bundled.query(
        f"""PREFIX wg: <{WG}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?role ?level ?skill ?required WHERE {{
          ?r a wg:Requirement ; wg:forRole ?ro ; wg:requiredCompetency ?sk .
          ?ro skos:inScheme <{DDAT}> ; skos:prefLabel ?role . ?sk skos:prefLabel ?skill .
          OPTIONAL {{ ?r wg:forRoleLevel/skos:prefLabel ?level }}
          OPTIONAL {{ ?r wg:requiredLevel/skos:prefLabel ?required }}
        }}"""
    ).to_pandas()
    ours = {
        (
            r.role,
            r.level if isinstance(r.level, str) else "NOT IN USE",
            r.skill,
            r.required.lower() if isinstance(r.required, str) else "not in use",
        )
        for r in graph_rows.itertuples()
    }
    theirs = {
        (r["Role"], r["Role Level"], r["Skill Name"], r["Skill Level"].lower()) for _, r in export.iterrows()
    }
    assert ours == theirs


def test_the_bundled_file_is_what_the_importer_makes_from_the_export() -> None:
    turtle, report = ddat_turtle(EXPORT)
    fresh, committed = wg.Graph(bundled=False), wg.Graph(bundled=False)
    fresh.load(turtle, format="turtle")
    committed.load(BUNDLED_TTL)
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    assert list(fresh.query(everything)) == list(committed.query(everything)), "run `make ddat` to regenerate"
    assert report["triples"] == len(fresh)


def test_import_reports_counts_and_quirks() -> None:
    graph = wg.Graph(bundled=False)
    report = graph.import_ddat(EXPORT)
    assert report["added"] == {
        "role families": 8,
        "roles": 52,
        "role levels": 201,
        "skills": 188,
        "requirements": 1809,
    }
    assert report["triples"] == len(graph)
    notes = " | ".join(report["notes"])
    assert "dropped 16 exact duplicate rows" in notes
    assert "'End user computing engineer '" in notes or '"End user computing engineer "' in notes
    assert "4 roles have no levels" in notes
    assert '41 skills have a blank or "MISSING" description' in notes


@pytest.mark.parametrize(
    ("role", "ladder"),
    [
        # numbered on the framework's role pages
        (
            "content-designer",
            [
                "Associate content designer",
                "Junior content designer",
                "Content designer",
                "Senior content designer",
                "Lead content designer",
                "Head of content design",
            ],
        ),
        (
            "service-desk-manager",
            [
                "Service desk analyst",
                "Senior service desk analyst",
                "Service desk manager",
                "Head of service desk",
            ],
        ),
        (
            "change-and-release-manager",
            ["Configuration analyst", "Change and release analyst", "Change and release manager"],
        ),
    ],
)
def test_role_levels_are_in_ladder_order(bundled: wg.Graph, role: str, ladder: list[str]) -> None:
    rows = bundled.query(
        f"""SELECT ?label WHERE {{ ?level <{WG}isLevelOf> ?role ; <{WG}rank> ?rank ;
              <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }} ORDER BY ?rank""",
        bindings={"role": wg.IRI(f"https://w3id.org/workforce-graph/id/ddat/role/{role}")},
    )
    assert [label for (label,) in rows] == ladder


HEADER = "Role Family,Role,Role Description,Role Level,Role Level Description,Skill Name,Skill Description,Skill Level,Skill Level Description,Role Type\n"


@pytest.mark.parametrize(
    ("content", "lineno", "column"),
    [
        ("Role Family,Role\nData,Analyst\n", 1, "Role Level"),
        (HEADER + "Data,Data analyst,d,Data analyst,d,SQL,d,Guru,d,\n", 2, "Skill Level"),
        (
            HEADER
            + "Data,Data analyst,d,Data analyst,d,SQL,d,Working,d,\nData,Data analyst,d,Data analyst,d,SQL,d,Expert,d,\n",
            3,
            "Skill Level",
        ),
        (HEADER + 'Data,Data analyst,"d,Data analyst\n', 2, "Role Description"),
        (HEADER, 1, None),
    ],
    ids=["missing column", "bad level", "conflicting duplicate", "unterminated quote", "no rows"],
)
def test_bad_exports_are_refused_and_change_nothing(
    tmp_path: pathlib.Path, content: str, lineno: int | None, column: str | None
) -> None:
    (tmp_path / "roles.csv").write_text(content)
    graph = wg.Graph(bundled=False)
    graph.load('<http://example.com/a> <http://example.com/b> "c" .')
    with pytest.raises(wg.DataFormatError) as caught:
        graph.import_ddat(tmp_path)
    assert caught.value.filename == str(tmp_path / "roles.csv")
    assert caught.value.lineno == lineno
    assert caught.value.column == column
    assert isinstance(caught.value, ValueError)
    assert len(graph) == 1


def test_a_missing_export_is_file_not_found(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FileNotFoundError):
        wg.Graph(bundled=False).import_ddat(tmp_path)
