"""Each corrected figure of the coverage, overlap, mapping and evidence analyses, computed again here
independently (pandas over the requirement, coverage and mapping tables, or SPARQL), so a broken
analysis fails a test. Also the errors for wrong argument shapes."""

from __future__ import annotations

import pathlib

import pandas as pd
import pytest
import workforce_graph as wg

WG = "https://w3id.org/workforce-graph/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
EX = "http://example.org/"
STATUSES = {"direct", "via_broader", "uncovered", "not_recorded"}


@pytest.fixture(scope="module")
def coverage(bundled: wg.Graph) -> pd.DataFrame:
    return bundled.coverage_gaps(max_bodies=100)


def _covers(graph: wg.Graph) -> pd.DataFrame:
    """Every coverage triple, with the body behind it (the offer's body, or the subject itself)."""
    return graph.query(
        f"""SELECT ?target ?body WHERE {{
              ?subject <{WG}covers> ?target .
              OPTIONAL {{ ?subject <{WG}offeredBy> ?offered }}
              BIND(COALESCE(?offered, ?subject) AS ?body) }}"""
    ).to_pandas()


def _schemes(graph: wg.Graph) -> pd.DataFrame:
    return graph.query(
        f"SELECT ?node ?scheme WHERE {{ {{ ?node <{SKOS}inScheme> ?scheme }} UNION {{ ?node <{SKOS}topConceptOf> ?scheme }} }}"
    ).to_pandas()


def test_required_competencies_are_not_recorded_not_uncovered(
    bundled: wg.Graph, coverage: pd.DataFrame
) -> None:
    """Notebook 04 once said 188 competencies were "covered by no body": none of their frameworks has any
    coverage recorded, so the graph cannot tell; the analysis must say not_recorded and count it apart."""
    requirements = bundled.requirements()
    required = set(requirements["competency"])
    covers = _covers(bundled)
    schemes = _schemes(bundled)
    frameworks = schemes[schemes["node"].isin(required)].groupby("node")["scheme"].apply(set)
    # Frameworks with anything recorded: covered themselves, or holding a covered node.
    recorded = set(covers["target"]) | set(schemes.loc[schemes["node"].isin(set(covers["target"])), "scheme"])
    competencies = coverage[coverage["kind"] == "competency"].set_index("item")
    assert set(competencies.index) == required
    expected_not_recorded = {
        c for c in required if not (frameworks.get(c, set()) & recorded) and c not in set(covers["target"])
    }
    assert set(competencies.index[competencies["status"] == "not_recorded"]) == expected_not_recorded
    assert len(expected_not_recorded) == len(required) > 100, "DDaT skills: no body is recorded on DDaT"
    assert (competencies["bodies"] == 0).all() and not (competencies["status"] == "uncovered").any()
    # essential_roles and all_roles from the requirements table.
    holders = requirements.assign(holder=requirements["role_level"].fillna(requirements["role"]))
    all_roles = holders.groupby("competency")["holder"].nunique()
    essential = holders[holders["requirement_type"].fillna("essential").str.lower() == "essential"]
    assert (competencies["all_roles"] == all_roles.reindex(competencies.index)).all()
    assert (
        competencies["essential_roles"]
        == essential.groupby("competency")["holder"].nunique().reindex(competencies.index, fill_value=0)
    ).all()


def test_statuses_follow_the_coverage_triples(bundled: wg.Graph, coverage: pd.DataFrame) -> None:
    covers = _covers(bundled)
    direct = covers.groupby("target")["body"].apply(set)
    assert set(coverage["status"]) <= STATUSES
    for row in coverage.itertuples():
        bodies = direct.get(row.item, set())
        assert (row.status == "direct") == bool(bodies), row.item
        assert row.direct_bodies == len(bodies), row.item
        assert row.bodies == row.direct_bodies + row.via_bodies
        assert sorted(row.covered_by) == sorted(set(row.covered_by)) and len(row.covered_by) == row.bodies
    # Specialist areas: every one is direct or uncovered (coverage of areas is recorded), and the
    # uncovered ones are those nothing points at (checked with SPARQL).
    areas = coverage[coverage["kind"] == "specialist_area"]
    uncovered = bundled.query(
        f"SELECT ?a WHERE {{ ?a a <{WG}SpecialistArea> FILTER NOT EXISTS {{ ?x <{WG}covers> ?a }} }}"
    ).to_pandas()
    assert set(areas.loc[areas["status"] == "uncovered", "item"]) == set(uncovered["a"])
    assert set(areas["status"]) == {"direct", "uncovered"}


def test_frameworks_covered_as_a_whole_reach_their_roles_and_items(
    bundled: wg.Graph, coverage: pd.DataFrame
) -> None:
    frameworks = coverage[coverage["kind"] == "framework"].set_index("item")
    covers = _covers(bundled)
    covered_frameworks = set(covers["target"]) & set(frameworks.index)
    assert (frameworks.loc[sorted(covered_frameworks), "status"] == "direct").all()
    ddat = "https://w3id.org/workforce-graph/id/framework/ddat"
    assert frameworks.loc[ddat, "status"] == "not_recorded"
    roles = coverage[coverage["kind"].isin(["role", "role_level"])]
    ddat_roles = roles[roles["frameworks"].map(lambda f: ddat in f)]
    assert len(ddat_roles) > 100 and (ddat_roles["status"] == "not_recorded").all()
    # Items listed under a covered framework are via_broader, naming that framework.
    for row in coverage[coverage["status"] == "via_broader"].itertuples():
        assert row.via and row.via_bodies > 0 and row.direct_bodies == 0


def test_max_bodies_counts_direct_and_broader_bodies(bundled: wg.Graph, coverage: pd.DataFrame) -> None:
    for limit in (0, 1, 2):
        gaps = bundled.coverage_gaps(max_bodies=limit)
        assert (gaps["bodies"] <= limit).all()
        assert len(gaps) == (coverage["bodies"] <= limit).sum()
    zero = bundled.coverage_gaps()
    assert set(zero["status"]) == {"uncovered", "not_recorded"}
    for column in ("bodies", "direct_bodies", "via_bodies", "essential_roles", "all_roles"):
        assert zero[column].dtype == "int64"


def test_coverage_through_a_broader_node_on_a_small_graph() -> None:
    graph = wg.Graph(bundled=False)
    graph.load(
        f"""@prefix wg: <{WG}> . @prefix skos: <{SKOS}> . @prefix ex: <{EX}> .
        ex:fw a wg:Framework ; skos:notation "FW" ; skos:prefLabel "Framework" .
        ex:other a wg:Framework ; skos:notation "OT" ; skos:prefLabel "Other" .
        ex:area a wg:CompetencyArea ; skos:inScheme ex:fw ; skos:prefLabel "Area" .
        ex:sql a wg:Competency ; skos:inScheme ex:fw ; skos:broader ex:area ; skos:prefLabel "SQL" .
        ex:stats a wg:Competency ; skos:inScheme ex:fw ; skos:prefLabel "Statistics" .
        ex:typing a wg:Competency ; skos:inScheme ex:other ; skos:prefLabel "Typing" .
        ex:analyst a wg:Role ; skos:prefLabel "Analyst" ; wg:requiresCompetency ex:sql , ex:stats , ex:typing .
        ex:body skos:prefLabel "Body" . ex:offer wg:offeredBy ex:body ; skos:prefLabel "Offer" ; wg:covers ex:area ."""
    )
    gaps = graph.coverage_gaps(max_bodies=1).set_index("item_label")
    assert gaps.loc["SQL", "status"] == "via_broader"
    assert list(gaps.loc["SQL", "via_label"]) == ["Area"] and list(gaps.loc["SQL", "covered_by_label"]) == [
        "Body"
    ]
    assert (gaps.loc["SQL", "direct_bodies"], gaps.loc["SQL", "via_bodies"], gaps.loc["SQL", "bodies"]) == (
        0,
        1,
        1,
    )
    assert gaps.loc["Statistics", "status"] == "uncovered"
    assert gaps.loc["Typing", "status"] == "not_recorded"
    assert list(gaps.loc["Typing", "frameworks_code"]) == ["OT"]
    matrix = graph.coverage_matrix("framework").set_index(["body_label", "framework_code"])
    assert matrix.loc[("Body", "FW"), "status"] == "partial"
    assert (matrix.loc[("Body", "FW"), "covered_items"], matrix.loc[("Body", "FW"), "items"]) == (1, 3)
    assert matrix.loc[("Body", "OT"), "status"] == "not_recorded"
    assert list(matrix.loc[("Body", "FW"), "through_label"]) == ["Offer"]


def test_coverage_matrix_matches_the_coverage_triples(bundled: wg.Graph) -> None:
    covers = _covers(bundled)
    matrix = bundled.coverage_matrix("area")
    areas = bundled.query(f"SELECT ?a WHERE {{ ?a a <{WG}SpecialistArea> }}").to_pandas()
    assert set(matrix["area"]) == set(areas["a"])
    assert len(matrix) == matrix["body"].nunique() * matrix["area"].nunique()
    direct = {(b, t) for b, t in zip(covers["body"], covers["target"])}
    for row in matrix.itertuples():
        assert (row.status == "direct") == ((row.body, row.area) in direct)
    frameworks = bundled.coverage_matrix("framework").set_index(["body_code", "framework_code"])
    assert frameworks.loc[("CILIP", "PKSB"), "status"] == "direct"
    assert frameworks.loc[("FCI", "FCI-CCF"), "status"] == "direct"
    assert (frameworks.xs("DDaT", level="framework_code")["status"] == "not_recorded").all()
    assert frameworks["items"].dtype == "int64" and frameworks["covered_items"].dtype == "int64"
    with pytest.raises(ValueError, match="area"):
        bundled.coverage_matrix("region")


def test_overlap_counts_behind_each_share(bundled: wg.Graph) -> None:
    """NCF "100% inside DDaT" is 3 items of 3: the table carries the counts and the pair order asked."""
    overlap = bundled.framework_overlap(["NCF", "DDaT", "FCI-CCF"])
    assert list(zip(overlap["framework_a_code"], overlap["framework_b_code"])) == [
        ("NCF", "DDaT"),
        ("NCF", "FCI-CCF"),
        ("DDaT", "FCI-CCF"),
    ]
    crosswalk = bundled.crosswalk("NCF", "DDaT")
    items = bundled.competencies("NCF")
    row = overlap.iloc[0]
    assert row["curated_a"] == crosswalk["subject"].nunique() == 3
    assert row["items_a"] == 3 and row["curated_share_a"] == 1.0
    assert row["curated_b"] == crosswalk["object"].nunique()
    assert row["curated_pairs"] == len(set(zip(crosswalk["subject"], crosswalk["object"])))
    kinds = crosswalk.drop_duplicates(["subject", "kind", "object"])["kind"].value_counts()
    for kind in ("exact", "close", "broad", "narrow", "related"):
        assert row[kind] == kinds.get(f"{kind}_match", 0)
        assert (
            row[f"mapped_a_{kind}"]
            == crosswalk.loc[crosswalk["kind"] == f"{kind}_match", "subject"].nunique()
        )
    assert len(items) >= row["items_a"]
    # The other way round, the kinds turn round too.
    back = bundled.framework_overlap(["DDaT", "NCF"]).iloc[0]
    assert (back["broad"], back["narrow"]) == (row["narrow"], row["broad"])
    assert (back["curated_a"], back["curated_b"]) == (row["curated_b"], row["curated_a"])
    for column in ("items_a", "items_b", "curated_a", "covered_a", "exact", "curated_pairs"):
        assert overlap[column].dtype == "int64"
    assert "suggested_pairs" not in overlap.columns, "the crosswalk method computes no suggestions"


def test_suggested_matches_are_counted_apart_from_curated(bundled: wg.Graph) -> None:
    both = bundled.framework_overlap(["DDaT", "NCF"], method="both").iloc[0]
    curated = bundled.framework_overlap(["DDaT", "NCF"]).iloc[0]
    suggested = bundled.suggest_mappings("DDaT", "NCF", min_score=0.4, include_mapped=True)
    assert both["suggested_pairs"] == len(suggested)
    assert both["suggested_a"] == suggested["subject"].nunique()
    assert both["curated_a"] == curated["curated_a"] == curated["covered_a"]
    union = set(zip(suggested["subject"], suggested["object"])) | set(
        zip(*[bundled.crosswalk("DDaT", "NCF")[c] for c in ("subject", "object")])
    )
    assert both["matched_pairs"] == len(union)
    assert both["covered_a"] == len({a for a, _ in union})
    assert both["method"] == "both"


@pytest.mark.parametrize(
    ("frameworks", "error", "message"),
    [
        ("DDaT", TypeError, "list of two or more frameworks"),
        (["DDaT"], ValueError, "two or more"),
        ([], ValueError, "two or more"),
        (["DDaT", 3], TypeError, "not int"),
        (42, TypeError, "not int"),
    ],
)
def test_framework_overlap_wrong_shapes(
    bundled: wg.Graph, frameworks: object, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        bundled.framework_overlap(frameworks)  # type: ignore[arg-type]


def test_framework_overlap_accepts_tuples(bundled: wg.Graph) -> None:
    assert len(bundled.framework_overlap(("DDaT", "NCF"))) == 1


def test_accepted_mapping_keeps_confidence_and_similarity_score_apart(tmp_path: pathlib.Path) -> None:
    graph = wg.Graph()
    suggestions = graph.suggest_mappings("FCI-CCF", "DDaT", min_score=0.3).head(1)
    assert len(suggestions) == 1
    with pytest.raises(ValueError, match="reviewer confidence"):
        graph.accept_mappings(suggestions, author="Reviewer")
    before = len(graph.mappings())
    [mapping] = graph.accept_mappings(suggestions, author="Reviewer", confidence=0.9)
    stored = graph.mappings().set_index("mapping").loc[mapping]
    assert len(graph.mappings()) == before + 1
    assert stored["confidence"] == 0.9
    assert stored["similarity_score"] == pytest.approx(round(float(suggestions["score"].iloc[0]), 3))
    walked = graph.crosswalk("FCI-CCF", "DDaT").set_index("mapping").loc[mapping]
    assert (walked["confidence"], walked["similarity_score"]) == (
        stored["confidence"],
        stored["similarity_score"],
    )
    # SSSOM keeps them apart too, and reads them back.
    path = tmp_path / "accepted.sssom.tsv"
    graph.export_sssom(path, "FCI-CCF", "DDaT")
    table = pd.read_csv(path, sep="\t", comment="#")
    exported = table.dropna(subset=["similarity_score"])
    assert list(exported["confidence"]) == [0.9]
    assert list(exported["similarity_score"]) == [stored["similarity_score"]]
    again = wg.Graph(bundled=False)
    again.load(pathlib.Path(__file__).parent.parent / "ontology" / "mappings.ttl")
    again.import_sssom(path)
    scores = again.query(
        f"SELECT ?c ?s WHERE {{ ?m <{WG}confidence> ?c ; <{WG}similarityScore> ?s }}"
    ).to_pandas()
    assert [(float(c), float(s)) for c, s in zip(scores["c"], scores["s"])] == [
        (0.9, stored["similarity_score"])
    ]


def test_evidence_gaps_report_undated_and_use_the_framework_year(bundled: wg.Graph) -> None:
    gaps = bundled.evidence_gaps(since=2020, include_covered=True).set_index("label")
    ncf = gaps.loc["National Competency Framework for Data Professionals in Health and Care"]
    year = bundled.frameworks().set_index("framework_code").loc["NCF", "year"]
    assert ncf["own_year"] == year >= 2020
    assert ncf["status"] == "evidenced", "the NCF's own document is as recent as the framework"
    # Undated publications: counted, and an item whose evidence is all undated or older is undated.
    evidence = bundled.evidence().drop_duplicates("publication")
    undated_publications = set(evidence.loc[evidence["year"].isna(), "title"])
    assert undated_publications
    for row in gaps.itertuples():
        titles = [t.rsplit(" (", 1)[0] for t in row.evidence]
        assert row.undated == sum(t.endswith("(undated)") for t in row.evidence)
        assert row.publications == len(titles)
        if row.status == "undated":
            assert row.undated > 0 and row.recent == 0
        if row.status == "only_older":
            assert row.undated == 0 and row.recent == 0
    assert (gaps["undated"] > 0).any()
