"""Overlap, gap and role analyses, each checked against an answer computed independently here."""

from __future__ import annotations

import itertools
import pathlib
import subprocess
import sys

import pandas as pd
import pytest
import workforce_graph as wg

SFIA_CSV = pathlib.Path(__file__).resolve().parent / "data" / "sfia" / "sfia-9-synthetic-skills.csv"

SHARED_BENCH = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
WG = "https://w3id.org/workforce-graph/ontology#"
ESCO = "http://data.europa.eu/esco/model#"


@pytest.fixture(scope="module")
def ddat_requirements(bundled: wg.Graph) -> pd.DataFrame:
    return bundled.requirements("DDaT")


def _holder_sets(requirements: pd.DataFrame) -> dict[str, set[str]]:
    holder = requirements["role_level"].fillna(requirements["role"])
    return requirements.assign(holder=holder).groupby("holder")["competency"].apply(set).to_dict()


def test_role_overlap_matches_pandas(bundled: wg.Graph, ddat_requirements: pd.DataFrame) -> None:
    sets = _holder_sets(ddat_requirements)
    expected = {
        (a, b, len(sets[a] & sets[b]))
        for a, b in itertools.combinations(sorted(sets), 2)
        if len(sets[a] & sets[b]) >= 5
    }
    result = bundled.role_overlap(min_shared=5, framework="DDaT")
    assert {(r.a, r.b, r.shared) for r in result.itertuples()} == expected
    assert len(expected) > 100


def esco_like_graph(tmp_path: pathlib.Path, occupations: int) -> tuple[wg.Graph, pathlib.Path]:
    """The benchmarks' ESCO-shaped graph (../shared/bench/gen_esco_like.py) at a test's size, and
    its N-Triples file (for checks computed from the triples themselves)."""
    path = tmp_path / "esco.nt"
    subprocess.run(
        [sys.executable, str(SHARED_BENCH / "gen_esco_like.py"), str(occupations), str(path)],
        check=True,
        capture_output=True,
    )
    graph = wg.Graph(bundled=False)
    graph.load(path)
    return graph, path


def test_role_overlap_on_an_esco_shaped_graph_matches_brute_force(tmp_path: pathlib.Path) -> None:
    graph, path = esco_like_graph(tmp_path, 150)
    triples = pd.read_csv(path, sep=" ", header=None, usecols=[0, 1, 2], names=["s", "p", "o"], quoting=3)
    essential = triples[triples.p == f"<{ESCO}hasEssentialSkill>"]
    sets = essential.assign(s=essential.s.str.strip("<>")).groupby("s")["o"].apply(set).to_dict()
    expected = {
        (a, b, len(sets[a] & sets[b]))
        for a, b in itertools.combinations(sorted(sets), 2)
        if len(sets[a] & sets[b]) >= 5
    }
    result = graph.role_overlap(min_shared=5, essential_only=True)
    assert {(r.a, r.b, r.shared) for r in result.itertuples()} == expected


def test_gaps_on_an_esco_shaped_graph_match_the_peers_sparql(tmp_path: pathlib.Path) -> None:
    """The benchmark compares coverage_gaps with the peers' SPARQL `gaps` query (../shared/bench/peers.py):
    the essential skills nothing covers, with how many occupations need each; the numbers must agree."""
    graph, _ = esco_like_graph(tmp_path, 200)
    sparql = graph.query(
        f"""PREFIX esco: <{ESCO}> PREFIX ex: <http://example.org/bench/>
        SELECT ?s (COUNT(?o) AS ?roles) WHERE {{
          ?o esco:hasEssentialSkill ?s . FILTER NOT EXISTS {{ ?b ex:covers ?s }} }} GROUP BY ?s"""
    ).to_pandas()
    gaps = graph.coverage_gaps(predicates=["http://example.org/bench/covers"])
    competencies = gaps[(gaps["kind"] == "competency") & (gaps["essential_roles"] > 0)]
    assert len(competencies) == len(sparql) > 0
    assert dict(zip(competencies["item"], competencies["essential_roles"].astype(int))) == dict(
        zip(sparql["s"], sparql["roles"])
    )


def test_similar_roles_explains_its_ranking(bundled: wg.Graph, ddat_requirements: pd.DataFrame) -> None:
    sets = _holder_sets(ddat_requirements)
    role = "https://w3id.org/workforce-graph/id/ddat/role/data-analyst/level/senior-data-analyst"
    similar = bundled.similar_roles(role, k=5)
    assert len(similar) == 5
    assert list(similar["score"]) == sorted(similar["score"], reverse=True)
    names = dict(zip(ddat_requirements["competency"], ddat_requirements["competency_label"]))
    for row in similar.itertuples():
        assert row.shared == len(sets[role] & sets[row.role])
        assert sorted(row.shared_competencies) == sorted(sets[role] & sets[row.role])
        assert row.shared_competencies_label == [names[c] for c in row.shared_competencies]
        assert sorted(row.missing_competencies) == sorted(sets[role] - sets[row.role])
    assert set(similar["query"]) == {role}
    assert role not in set(similar["role"])


def test_skill_gap_statuses_match_levels(bundled: wg.Graph, ddat_requirements: pd.DataFrame) -> None:
    base = "https://w3id.org/workforce-graph/id/ddat/role/data-analyst/level/"
    gap = bundled.skill_gap(base + "data-analyst", base + "senior-data-analyst")
    req = ddat_requirements.set_index(["role_level", "competency"])["required_level_rank"]
    target = req.loc[base + "senior-data-analyst"]
    assert set(gap["competency"]) == set(target.index)
    for row in gap.itertuples():
        have = req.get((base + "data-analyst", row.competency))
        if have is None or pd.isna(have):
            assert row.status == "gain"
        elif have < target[row.competency]:
            assert row.status == "raise"
        else:
            assert row.status == "met"
    assert {"gain", "raise"} & set(gap["status"])


def test_coverage_gaps_agree_with_sparql(bundled: wg.Graph) -> None:
    gaps = bundled.coverage_gaps()
    competencies = gaps[gaps["kind"] == "competency"]
    uncovered = bundled.query(
        f"""SELECT DISTINCT ?c WHERE {{ ?r a <{WG}Requirement> ; <{WG}requiredCompetency> ?c .
        FILTER NOT EXISTS {{ ?x <{WG}covers> ?c }} }}"""
    )
    assert set(competencies["item"]) == {c for (c,) in uncovered}
    assert (competencies["bodies"] == 0).all()
    assert competencies["all_roles"].is_monotonic_decreasing or len(competencies) < 2


def test_framework_overlap_counts_match_sparql(bundled: wg.Graph) -> None:
    overlap = bundled.framework_overlap(["DDaT", "NCF"])
    assert len(overlap) == 1
    mapped = bundled.query(
        """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
          ?x skos:exactMatch|skos:closeMatch|skos:broadMatch|skos:narrowMatch|skos:relatedMatch
             |^skos:exactMatch|^skos:closeMatch|^skos:broadMatch|^skos:narrowMatch|^skos:relatedMatch ?y .
          ?x skos:inScheme ?a . ?y skos:inScheme ?b .
          FILTER(?a = <https://w3id.org/workforce-graph/id/framework/ddat>) ?b skos:notation "NCF" }"""
    )
    row = overlap.iloc[0]
    assert row["framework_a_code"] == "DDaT", "the pair in the order asked"
    covered_ddat = row["covered_a"]
    assert covered_ddat == list(mapped)[0][0] > 0
    assert 0 < row["score"] <= 1


def test_crosswalk_suggestions_and_acceptance(bundled: wg.Graph) -> None:
    graph = wg.Graph()
    # SFIA is licensed and not bundled: load the invented file of SFIA's layout (tests/data/sfia).
    graph.import_sfia(SFIA_CSV, progress=False)
    # The invented SFIA names share fewer words with PKSB than SFIA's own do: 0.4 gives four pairs.
    suggestions = graph.suggest_mappings("PKSB", "SFIA", min_score=0.4)
    assert len(suggestions) >= 2 and (suggestions["score"] >= 0.4).all()
    assert suggestions["matched_words"].str.len().gt(0).all()
    before = len(graph.crosswalk("PKSB", "SFIA"))
    created = graph.accept_mappings(
        suggestions.head(1), author="https://example.org/reviewer", confidence=0.8
    )
    assert len(created) == 1
    assert len(graph.crosswalk("PKSB", "SFIA")) == before + 1
    # A plain name works too: it becomes a named agent, shown as the mapping's author.
    graph.accept_mappings(suggestions.iloc[1:2].assign(confidence=0.7), author="Jo Bloggs")
    walked = graph.crosswalk("PKSB", "SFIA")
    assert len(walked) == before + 2
    assert "Jo Bloggs" in set(walked["author_label"])
    assert (graph.validate()["severity"] == "violation").sum() == 0
    quality = bundled.mapping_quality([0.4])
    overall = quality[quality["code_a"] == "(all)"].iloc[0]
    assert 0 <= overall["precision"] <= 1 and 0 < overall["recall"] <= 1


def test_framework_gaps_give_paths(bundled: wg.Graph) -> None:
    gaps = bundled.framework_gaps("PKSB", "DDaT")
    assert len(gaps) > 0
    linked = gaps[gaps["strength"] > 0]
    assert (linked["hops"] >= 1).all() and linked["path"].str.len().gt(0).all()


def test_the_index_follows_updates() -> None:
    graph = wg.Graph(bundled=False)
    graph.load(
        f"""@prefix wg: <{WG}> . @prefix ex: <http://example.org/> .
        ex:a wg:requiresCompetency ex:s1, ex:s2 . ex:b wg:requiresCompetency ex:s1 ."""
    )
    assert len(graph.role_overlap(min_shared=2)) == 0
    graph.update(f"INSERT DATA {{ <http://example.org/b> <{WG}requiresCompetency> <http://example.org/s2> }}")
    assert list(graph.role_overlap(min_shared=2)["shared"]) == [2]


def test_unknown_names_list_close_matches(bundled: wg.Graph) -> None:
    with pytest.raises(wg.UnknownNameError) as caught:
        bundled.similar_roles("Senior data analist")
    assert "Senior data analyst" in caught.value.suggestions
    with pytest.raises(wg.UnknownNameError):
        bundled.framework_overlap(["DDaT", "Nonsense framework"])
    with pytest.raises(ValueError):
        bundled.coverage_gaps(by="employer")


def test_a_role_with_no_requirements() -> None:
    graph = wg.Graph(bundled=False)
    graph.load(
        f"""@prefix wg: <{WG}> . @prefix ex: <http://example.org/> .
        ex:empty a wg:Role . ex:a wg:requiresCompetency ex:s1 ."""
    )
    with pytest.raises(wg.NoRequirementsError) as caught:
        graph.similar_roles("http://example.org/empty")
    assert caught.value.missing == ["http://example.org/empty"]
    with pytest.raises(wg.NoRequirementsError):
        graph.skill_gap("http://example.org/empty", "http://example.org/a")
