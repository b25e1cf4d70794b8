"""Defects found while writing the analysis notebooks, each pinned by a test of the behaviour the
documentation promises (now fixed; the tests keep them fixed)."""

from __future__ import annotations

import workforce_graph as wg

WG = "https://w3id.org/workforce-graph/ontology#"
EX = "http://example.org/"


def _coverage_graph(body_label: str | None) -> wg.Graph:
    """A role needing two competencies; one offer of one body covers one of them and an area."""
    label = f'skos:prefLabel "{body_label}"' if body_label else f"a <{WG}ProfessionalBody>"
    graph = wg.Graph(bundled=False)
    graph.load(
        f"""@prefix wg: <{WG}> . @prefix ex: <{EX}> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ex:analyst a wg:Role ; skos:prefLabel "Analyst" ; wg:requiresCompetency ex:sql, ex:stats .
        ex:body {label} .
        ex:offer wg:offeredBy ex:body ; wg:covers ex:sql, ex:area .
        ex:sql skos:prefLabel "SQL" . ex:stats skos:prefLabel "Statistics" .
        ex:area a wg:SpecialistArea ; skos:prefLabel "Area" .
        ex:unnamed a wg:SpecialistArea ."""
    )
    return graph


def test_frameworks_has_one_row_per_framework(bundled: wg.Graph) -> None:
    frameworks = bundled.frameworks()
    repeated = frameworks[frameworks["framework"].duplicated(keep=False)]
    assert repeated.empty, sorted(set(repeated["code"]))


def test_coverage_gaps_names_bodies_the_same_way_on_every_row() -> None:
    gaps = _coverage_graph("Body One").coverage_gaps(max_bodies=1).set_index("item_label")
    assert list(gaps.loc["Area", "covered_by_label"]) == ["Body One"]
    assert list(gaps.loc["SQL", "covered_by_label"]) == ["Body One"]
    assert list(gaps.loc["SQL", "covered_by"]) == [EX + "body"]


def test_coverage_gaps_unlabelled_body_is_a_plain_iri() -> None:
    gaps = _coverage_graph(None).coverage_gaps(max_bodies=1).set_index("item")
    assert list(gaps.loc[EX + "area", "covered_by_label"]) == [EX + "body"]


def test_coverage_gaps_unlabelled_items_fall_back_to_their_iri_like_competencies() -> None:
    graph = _coverage_graph("Body One")
    graph.update(f"DELETE WHERE {{ <{EX}stats> ?p ?o }}")
    gaps = graph.coverage_gaps(max_bodies=1).set_index("item")
    assert gaps.loc[EX + "stats", "item_label"] == EX + "stats"  # competencies already do this
    assert gaps.loc[EX + "unnamed", "item_label"] == EX + "unnamed"
