"""ESCO import: the CSV release and SKOS-RDF, checked against answers computed in pandas."""

from __future__ import annotations

import itertools
import pathlib
import shutil
import subprocess
import sys

import pandas as pd
import pytest
import workforce_graph as wg
from workforce_graph.exceptions import DataFormatError

DATA = pathlib.Path(__file__).parent / "data" / "esco"
CSV = DATA / "csv"
SHARED_BENCH = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
ESCO = "http://data.europa.eu/esco/model#"
WG = "https://w3id.org/workforce-graph/ontology#"


def pairs_from_pandas(relations: pd.DataFrame, min_shared: int) -> set[tuple[str, str, int]]:
    """Role pairs (a < b by IRI) sharing at least ``min_shared`` skills, by a self-join."""
    joined = relations.merge(relations, on="skill")
    joined = joined[joined["role_x"] < joined["role_y"]]
    counts = joined.groupby(["role_x", "role_y"]).size()
    return {(a, b, int(n)) for (a, b), n in counts.items() if n >= min_shared}


def overlap_pairs(
    graph: wg.Graph, min_shared: int, essential_only: bool = False
) -> set[tuple[str, str, int]]:
    frame = graph.role_overlap(min_shared=min_shared, essential_only=essential_only)
    return {(str(r.a), str(r.b), int(r.shared)) for r in frame.itertuples()}


@pytest.fixture(scope="module")
def csv_graph() -> tuple[wg.Graph, dict[str, object]]:
    graph = wg.Graph(bundled=False)
    report = graph.import_esco(CSV, progress=False)
    return graph, report


@pytest.fixture(scope="module")
def relations() -> pd.DataFrame:
    table = pd.read_csv(CSV / "occupationSkillRelations_en.csv")
    return table.rename(columns={"occupationUri": "role", "skillUri": "skill"})


def test_csv_counts_match_the_files(
    csv_graph: tuple[wg.Graph, dict[str, object]], relations: pd.DataFrame
) -> None:
    graph, report = csv_graph
    added = report["added"]
    assert isinstance(added, dict)
    assert added["roles"] == len(pd.read_csv(CSV / "occupations_en.csv")) == 5
    assert added["competencies"] == len(pd.read_csv(CSV / "skills_en.csv")) == 8
    assert added["competency areas"] == 2
    assert added["role families"] == 4
    assert added["roles in a role family"] == 5
    assert added["requirements"] == len(relations) == 22
    assert added["essential requirements"] == int((relations["relationType"] == "essential").sum())
    counted = graph.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?r a <{WG}Requirement> ; <{WG}requirementType> <{WG}Optional> }}"
    ).to_pandas()
    assert int(counted["n"][0]) == int((relations["relationType"] == "optional").sum())


def test_csv_labels_codes_and_hierarchy(csv_graph: tuple[wg.Graph, dict[str, object]]) -> None:
    graph, _ = csv_graph
    occupation = "http://data.europa.eu/esco/occupation/00000001-fixture"
    rows = graph.query(
        "SELECT ?alt ?code ?family WHERE { ?o <http://www.w3.org/2004/02/skos/core#altLabel> ?alt ; "
        "<http://www.w3.org/2004/02/skos/core#notation> ?code ; "
        f"<{WG}belongsToRoleFamily> ?family }} ORDER BY ?alt",
        bindings={"o": wg.IRI(occupation)},
    ).to_pandas()
    assert list(rows["alt"]) == ["data wrangler", "machine learning specialist"]
    assert set(rows["code"]) == {"2511.4"}
    assert set(rows["family"]) == {"http://data.europa.eu/esco/isco/C25"}
    broader = graph.query(
        "ASK { <http://data.europa.eu/esco/skill/s7-fixture> <http://www.w3.org/2004/02/skos/core#broader> "
        "<http://data.europa.eu/esco/skill/group-g2> }"
    )
    assert broader


def test_csv_role_overlap_equals_pandas(
    csv_graph: tuple[wg.Graph, dict[str, object]], relations: pd.DataFrame
) -> None:
    graph, _ = csv_graph
    for min_shared in (1, 2, 3):
        assert overlap_pairs(graph, min_shared) == pairs_from_pandas(relations, min_shared)
    essential = relations[relations["relationType"] == "essential"]
    assert overlap_pairs(graph, 2, essential_only=True) == pairs_from_pandas(essential, 2)


def test_csv_similar_roles_equal_weighted_jaccard(
    csv_graph: tuple[wg.Graph, dict[str, object]], relations: pd.DataFrame
) -> None:
    graph, _ = csv_graph
    weight = relations.assign(w=relations["relationType"].map({"essential": 1.0, "optional": 0.5}))
    by_role = {role: dict(zip(group["skill"], group["w"])) for role, group in weight.groupby("role")}
    query = "http://data.europa.eu/esco/occupation/00000001-fixture"
    expected = {}
    for other, skills in by_role.items():
        if other == query:
            continue
        shared = sum(min(by_role[query][s], skills[s]) for s in by_role[query].keys() & skills.keys())
        if shared > 0:
            union = sum(by_role[query].values()) + sum(skills.values()) - shared
            expected[other] = shared / union
    found = graph.similar_roles(query, k=10)
    assert dict(zip(found["role"], found["score"])) == pytest.approx(expected)
    assert found["role"].iloc[0] == max(expected, key=lambda r: expected[r])


def test_skos_rdf_fixture(tmp_path: pathlib.Path) -> None:
    graph = wg.Graph(bundled=False)
    report = graph.import_esco(DATA / "skos.ttl", progress=False)
    added = report["added"]
    assert isinstance(added, dict)
    assert (
        added["roles"],
        added["competencies"],
        added["requirements"],
        added["essential requirements"],
    ) == (3, 5, 11, 8)
    assert added["role families"] == 1 and added["competency areas"] == 1
    pairs = overlap_pairs(graph, 1)
    # Shared skills counted by hand from skos.ttl: r1 {k1 k2 k3 k4}, r2 {k1 k3 k4 k2}, r3 {k3 k5 k1}.
    occ = "http://data.europa.eu/esco/occupation/"
    assert pairs == {(occ + "r1", occ + "r2", 4), (occ + "r1", occ + "r3", 2), (occ + "r2", occ + "r3", 2)}
    assert overlap_pairs(graph, 2, essential_only=True) == {(occ + "r1", occ + "r2", 2)}
    # The file's own triples are kept (the German label too).
    assert graph.query('ASK { ?o ?p "Datenwissenschaftler"@de }')


@pytest.fixture(scope="module")
def esco_like(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    if not (SHARED_BENCH / "gen_esco_like.py").exists():
        pytest.skip("the shared bench generator is not beside the repository")
    path = tmp_path_factory.mktemp("esco") / "esco_like_120.nt"
    subprocess.run(
        [sys.executable, str(SHARED_BENCH / "gen_esco_like.py"), "120", str(path)],
        check=True,
        capture_output=True,
    )
    return path


def test_generated_esco_like_overlap_equals_pandas(esco_like: pathlib.Path) -> None:
    graph = wg.Graph(bundled=False)
    report = graph.import_esco(esco_like, progress=False)
    added = report["added"]
    assert isinstance(added, dict)
    assert added["roles"] == 120 and added["requirements"] == 120 * 40
    # Independently: parse the N-Triples lines with pandas and self-join.
    triples = pd.read_csv(
        esco_like, sep=" ", header=None, usecols=[0, 1, 2], names=["s", "p", "o"], quoting=3, dtype=str
    )
    links = triples[triples["p"].isin([f"<{ESCO}hasEssentialSkill>", f"<{ESCO}hasOptionalSkill>"])]
    links = pd.DataFrame(
        {
            "role": links["s"].str.strip("<>"),
            "skill": links["o"].str.strip("<>"),
            "essential": links["p"] == f"<{ESCO}hasEssentialSkill>",
        }
    )
    assert overlap_pairs(graph, 3) == pairs_from_pandas(links, 3)
    assert overlap_pairs(graph, 2, essential_only=True) == pairs_from_pandas(links[links["essential"]], 2)
    # The same answers as loading the file as it is (the analyses read ESCO's own shortcuts).
    raw = wg.Graph(bundled=False)
    raw.load(esco_like)
    assert overlap_pairs(raw, 3) == overlap_pairs(graph, 3)


def test_coverage_gaps_work_on_imported_esco(esco_like: pathlib.Path) -> None:
    graph = wg.Graph(bundled=False)
    graph.import_esco(esco_like, progress=False)
    found = graph.coverage_gaps(predicates=["http://example.org/bench/covers"])
    uncovered = found[(found["kind"] == "competency") & (found["essential_roles"] > 0)]
    expected = graph.query(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?o <http://data.europa.eu/esco/model#hasEssentialSkill> ?s . "
        "FILTER NOT EXISTS { ?b <http://example.org/bench/covers> ?s } }"
    ).to_pandas()
    assert len(uncovered) == int(expected["n"][0]) > 0


def nquads(graph: wg.Graph, path: pathlib.Path) -> str:
    graph.save(path, format="nq")
    return "".join(sorted(path.read_text().splitlines(keepends=True)))


def broken_release(tmp_path: pathlib.Path, name: str, old: str, new: str) -> pathlib.Path:
    folder = tmp_path / "release"
    shutil.copytree(CSV, folder)
    target = folder / name
    target.write_text(target.read_text().replace(old, new, 1))
    return folder


@pytest.mark.parametrize(
    ("name", "old", "new", "kind", "lineno", "column"),
    [
        (
            "occupationSkillRelations_en.csv",
            "skill/s4-fixture",
            "skill/s99-fixture",
            "unknown_reference",
            4,
            "skillUri",
        ),
        ("occupationSkillRelations_en.csv", "essential", "sometimes", "invalid_value", 2, "relationType"),
        ("occupationSkillRelations_en.csv", "skillUri", "skill", "missing_column", 1, "skillUri"),
        ("skills_en.csv", "skill/s2-fixture", "skill/s1-fixture", "duplicate_id", 3, "conceptUri"),
        ("occupations_en.csv", ",released,", ',"released,', "malformed", 3, "status"),
        (
            "broaderRelationsSkillPillar_en.csv",
            "skill/s1-fixture,SkillGroup,http://data.europa.eu/esco/skill/group-g1",
            "skill/group-g1,SkillGroup,http://data.europa.eu/esco/skill/s2-fixture",
            "cycle",
            None,
            "broaderUri",
        ),
    ],
)
def test_bad_csv_releases_change_nothing(
    tmp_path: pathlib.Path, name: str, old: str, new: str, kind: str, lineno: int | None, column: str | None
) -> None:
    folder = broken_release(tmp_path, name, old, new)
    graph = wg.Graph(bundled=False)
    graph.import_esco(DATA / "skos.ttl", progress=False)
    before, size = nquads(graph, tmp_path / "before.nq"), len(graph)
    with pytest.raises(DataFormatError) as caught:
        graph.import_esco(folder, progress=False)
    assert caught.value.kind == kind, caught.value
    if lineno is not None:
        assert caught.value.lineno == lineno, caught.value
    assert caught.value.column == column
    assert pathlib.Path(str(caught.value.filename)).parent == folder or caught.value.filename == str(folder)
    assert len(graph) == size
    assert nquads(graph, tmp_path / "after.nq") == before


@pytest.mark.parametrize(
    ("content", "kind", "lineno"),
    [
        (b"", "empty", None),
        (b'<http://e.org/a> <http://e.org/p> "\xff" .\n', "not_utf8", 1),
        (b"<http://e.org/a> <http://e.org/p> <http://e.org/b> .\n<http://e.org/a> nope .\n", "malformed", 2),
        (b"<http://e.org/a> <http://e.org/p> <http://e.org/b> .\n", "empty", None),
    ],
)
def test_bad_rdf_files_change_nothing(
    tmp_path: pathlib.Path, content: bytes, kind: str, lineno: int | None
) -> None:
    path = tmp_path / "esco.nt"
    path.write_bytes(content)
    graph = wg.Graph(bundled=False)
    with pytest.raises(DataFormatError) as caught:
        graph.import_esco(path, progress=False)
    assert caught.value.kind == kind
    assert caught.value.lineno == lineno
    assert len(graph) == 0


def test_a_missing_release_is_an_os_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FileNotFoundError):
        wg.Graph(bundled=False).import_esco(tmp_path / "nowhere", progress=False)
    with pytest.raises(FileNotFoundError):
        wg.Graph(bundled=False).import_esco(tmp_path, progress=False)


def test_progress_is_optional() -> None:
    # With or without the progress module, progress=True must not fail.
    graph = wg.Graph(bundled=False)
    assert graph.import_esco(DATA / "skos.ttl")["added"]["roles"] == 3  # type: ignore[index]


def test_pairs_helper_is_right() -> None:
    # The pandas reference itself, on a table small enough to check by eye.
    table = pd.DataFrame({"role": ["a", "a", "b", "b", "c"], "skill": ["x", "y", "x", "y", "x"]})
    assert pairs_from_pandas(table, 1) == {("a", "b", 2), ("a", "c", 1), ("b", "c", 1)}
    assert list(itertools.combinations("ab", 2)) == [("a", "b")]
