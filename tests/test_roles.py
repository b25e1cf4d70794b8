"""Role analyses name roles by one rule, over every role and role level the graph lists.

`similar_roles`, `skill_gap` and `next_roles` resolve a name by IRI, code or exact name; a role with
levels stands for every level with requirements; a role without requirements is an error that says
so; skill gaps are checked against pandas over `g.requirements()` and `g.mappings()`.
"""

from __future__ import annotations

import pandas as pd
import pytest
import workforce_graph as wg

WG = "https://w3id.org/workforce-graph/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
# A role level with requirements, used as the other end of the skill gaps in the walk.
TARGET = "https://w3id.org/workforce-graph/id/ddat/role/data-scientist/level/data-scientist"


@pytest.fixture(scope="module")
def requirements(bundled: wg.Graph) -> pd.DataFrame:
    return bundled.requirements()


def _holders_with_requirements(requirements: pd.DataFrame) -> set[str]:
    """Role levels with a requirement, and roles without levels with one (pandas, not the index)."""
    levels = set(requirements["role_level"].dropna())
    roles = set(requirements.loc[requirements["role_level"].isna(), "role"])
    return levels | roles


def _expected(graph: wg.Graph, requirements: pd.DataFrame) -> dict[str, set[str]]:
    """For each listed role and role level, the holders an analysis of it runs on."""
    analysable = _holders_with_requirements(requirements)
    levels = graph.role_levels()
    expected: dict[str, set[str]] = {}
    for row in graph.roles().itertuples():
        own = set(levels.loc[levels["role"] == row.role, "role_level"])
        expected[row.role] = (own or {row.role}) & analysable
    for row in levels.itertuples():
        expected[row.role_level] = {row.role_level} & analysable
    return expected


def _ways(graph: wg.Graph) -> list[tuple[str, str, str]]:
    """(item IRI, how, the name to pass) for every listed role and role level."""
    ways = []
    for table, label in [(graph.roles(), "role"), (graph.role_levels(), "role_level")]:
        for row in table.to_dict("records"):
            ways.append((row[label], "iri", row[label]))
            ways.append((row[label], "name", row[f"{label}_label"]))
            code = row.get(f"{label}_code")
            if isinstance(code, str) and code:
                ways.append((row[label], "code", code))
    return ways


def test_every_listed_role_and_level_resolves_in_every_role_analysis(
    bundled: wg.Graph, requirements: pd.DataFrame
) -> None:
    expected = _expected(bundled, requirements)
    roles = bundled.roles()
    role_names = {name.lower(): iri for iri, name in zip(roles["role"], roles["role_label"])}
    levels = bundled.role_levels().set_index("role_level")["role"]
    checked = 0
    for item, how, name in _ways(bundled):
        holders = expected[item]
        # A level named like its own role is reached by that name as part of the role.
        named_role = role_names.get(name.lower()) if how == "name" else None
        if item in levels.index and named_role == levels[item]:
            holders = expected[named_role]
            assert expected[item] <= holders, (item, name)
        if not holders:
            with pytest.raises(wg.NoRequirementsError) as caught:
                bundled.similar_roles(name)
            assert "DDaT" in caught.value.frameworks
            assert caught.value.missing, name
            continue
        gap = bundled.skill_gap(name, TARGET)
        assert set(gap["from_role"]) == holders, (item, how, name)
        back = bundled.skill_gap(TARGET, name)
        assert set(back["to_role"]) == holders, (item, how, name)
        similar = bundled.similar_roles(name, k=3)
        assert set(similar["query"]) <= holders and len(similar) > 0, (item, how, name)
        nxt = bundled.next_roles(name, k=2)
        assert set(nxt["query"]) <= holders, (item, how, name)
        checked += 1
    # Every DDaT role and level is analysable, in every way it is listed.
    ddat_items = len(bundled.roles("DDaT")) + len(bundled.role_levels("DDaT"))
    assert checked >= 2 * ddat_items


def test_a_role_with_levels_is_every_level_not_its_namesake_level(bundled: wg.Graph) -> None:
    role = "https://w3id.org/workforce-graph/id/ddat/role/data-analyst"
    levels = bundled.role_levels("DDaT")
    ladder = list(levels.loc[levels["role"] == role].sort_values("rank")["role_level"])
    assert len(ladder) > 1
    by_name = bundled.similar_roles("Data analyst", k=2)
    by_iri = bundled.similar_roles(role, k=2)
    pd.testing.assert_frame_equal(by_name, by_iri)
    assert list(dict.fromkeys(by_name["query"])) == [
        level for level in ladder if level in set(by_name["query"])
    ]
    # The level that shares the role's name is analysed alone through its IRI.
    namesake = levels.loc[
        (levels["role"] == role) & (levels["role_level_label"] == "Data analyst"), "role_level"
    ]
    alone = bundled.similar_roles(namesake.iloc[0], k=2)
    assert set(alone["query"]) == {namesake.iloc[0]}
    # Software developer has no level of that name; it used to be unknown.
    assert len(bundled.next_roles("Software developer", k=1)) > 0


def test_roles_resolve_by_code() -> None:
    g = wg.Graph(bundled=False)
    g.load(
        f"""@prefix wg: <{WG}> . @prefix skos: <{SKOS}> . @prefix ex: <http://example.org/> .
        ex:role a wg:Role ; skos:prefLabel "Analyst" ; skos:notation "AN" .
        ex:l1 a wg:RoleLevel ; wg:isLevelOf ex:role ; wg:rank 1 ; skos:prefLabel "Junior analyst" ; skos:notation "AN1" .
        ex:l2 a wg:RoleLevel ; wg:isLevelOf ex:role ; wg:rank 2 ; skos:prefLabel "Analyst" ; skos:notation "AN2" .
        ex:l1 wg:requiresCompetency ex:s1 . ex:l2 wg:requiresCompetency ex:s1 , ex:s2 ."""
    )
    assert set(g.skill_gap("an1", "AN2")["from_role"]) == {"http://example.org/l1"}
    assert set(g.skill_gap("AN", "AN2")["from_role"]) == {"http://example.org/l1", "http://example.org/l2"}


def test_roles_without_requirements_say_so_and_name_the_frameworks_that_have_them(bundled: wg.Graph) -> None:
    requirements = bundled.requirements()
    nhs = bundled.roles()
    nhs = nhs[~nhs["role"].isin(_holders_with_requirements(requirements)) & (nhs["levels"] == 0)]
    assert len(nhs) >= 10
    carrying = sorted(
        set(
            bundled.frameworks()
            .set_index("framework")
            .loc[sorted(set(requirements["framework"])), "framework_code"]
        )
    )
    for row in nhs.itertuples():
        for analysis in (bundled.similar_roles, bundled.next_roles):
            with pytest.raises(wg.NoRequirementsError) as caught:
                analysis(row.role_label)
            assert caught.value.missing == [row.role]
            assert caught.value.frameworks == carrying
            assert "no requirements" in str(caught.value)
        with pytest.raises(wg.NoRequirementsError):
            bundled.skill_gap(row.role, TARGET)
    with pytest.raises(wg.NoRequirementsError) as caught:
        bundled.role_overlap(framework="KSF")
    assert caught.value.frameworks == carrying


@pytest.mark.parametrize(
    ("title", "area"), [("Clinical coder", "Clinical Coding"), ("Medical secretary", "Other")]
)
def test_unknown_job_titles_say_where_the_coding_frame_puts_them(
    bundled: wg.Graph, title: str, area: str
) -> None:
    with pytest.raises(wg.UnknownNameError) as caught:
        bundled.similar_roles(title)
    message = str(caught.value)
    assert f'specialist area "{area}"' in message
    assert "frameworks with requirements: DDaT" in message


def test_close_matches_cover_every_framework(bundled: wg.Graph) -> None:
    with pytest.raises(wg.UnknownNameError) as caught:
        bundled.skill_gap("NHS finance staf", TARGET)
    assert "NHS finance staff" in caught.value.suggestions
    with pytest.raises(wg.UnknownNameError) as caught:
        bundled.next_roles("Sofware developer")
    assert "Software developer" in caught.value.suggestions


def _expected_gap(requirements: pd.DataFrame, mappings: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The skill gap from holder a to holder b, computed with pandas only."""

    def needs(holder: str) -> pd.DataFrame:
        rows = requirements[
            (requirements["role_level"] == holder)
            | (requirements["role_level"].isna() & (requirements["role"] == holder))
        ]
        # Several requirement nodes for one competency: the highest stated level counts.
        return (
            rows.sort_values("required_level_normalised", na_position="first")
            .drop_duplicates("competency", keep="last")
            .set_index("competency")
        )

    have, need = needs(a), needs(b)
    links = pd.concat(
        [
            mappings.rename(columns={"subject": "x", "object": "y"}),
            mappings.rename(columns={"object": "x", "subject": "y"}),
        ]
    )
    strength = {"exactMatch": 0, "closeMatch": 1, "broadMatch": 2, "narrowMatch": 2}
    rows = []
    for competency, target in need.iterrows():
        current = have.loc[competency] if competency in have.index else None
        status, via, level = "gain", None, None
        if current is None:
            candidates = links[(links["y"] == competency) & links["x"].isin(have.index)].copy()
            if len(candidates):
                candidates["strength"] = (
                    candidates["predicate"].str.rsplit("#", n=1).str[-1].map(strength).fillna(3)
                )
                best = candidates.sort_values(["strength", "mapping"]).iloc[0]
                status, via, level = "partly_met", best["x"], have.loc[best["x"], "required_level_label"]
        else:
            level = current["required_level_label"]
            held, wanted = current["required_level_normalised"], target["required_level_normalised"]
            status = "raise" if pd.notna(held) and pd.notna(wanted) and held + 1e-9 < wanted else "met"
        rows.append(
            {
                "competency": competency,
                "status": status,
                "via": via,
                "required_level_label": target["required_level_label"],
                "required_level_normalised": target["required_level_normalised"],
                "current_level_label": level,
            }
        )
    return pd.DataFrame(rows).set_index("competency").sort_index()


def test_skill_gap_agrees_with_pandas() -> None:
    # Another framework with levels and a crosswalk to DDaT, so that partly met gaps appear too.
    graph = wg.Graph()
    graph.load(
        f"""@prefix wg: <{WG}> . @prefix skos: <{SKOS}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix ex: <http://example.org/> . @prefix ddat: <https://w3id.org/workforce-graph/id/ddat/skill/> .
        ex:fw a wg:Framework , skos:ConceptScheme ; skos:prefLabel "Trust framework" ; skos:notation "TRUST" .
        ex:role a wg:Role ; skos:inScheme ex:fw ; skos:prefLabel "Trust analyst" .
        ex:level a wg:RoleLevel ; skos:inScheme ex:fw ; wg:isLevelOf ex:role ; wg:rank 1 ; skos:prefLabel "Trust analyst I" .
        ex:stats a wg:Competency ; skos:inScheme ex:fw ; skos:prefLabel "Statistics" .
        ex:req a wg:Requirement ; wg:forRole ex:role ; wg:forRoleLevel ex:level ; wg:requiredCompetency ex:stats ;
            wg:requiredLevel <https://w3id.org/workforce-graph/id/scale/ddat/expert> .
        ex:m a wg:Mapping ; owl:annotatedSource ex:stats ; owl:annotatedProperty skos:closeMatch ;
            owl:annotatedTarget ddat:applied-maths-statistics-and-scientific-practices ; wg:confidence 0.8 ."""
    )
    requirements = graph.requirements()
    mappings = graph.query(
        f"""SELECT ?mapping ?subject ?predicate ?object WHERE {{ ?mapping a <{WG}Mapping> ;
        <http://www.w3.org/2002/07/owl#annotatedSource> ?subject ;
        <http://www.w3.org/2002/07/owl#annotatedProperty> ?predicate ;
        <http://www.w3.org/2002/07/owl#annotatedTarget> ?object }}"""
    ).to_pandas()
    levels = sorted(set(requirements["role_level"].dropna()))
    pairs = [(levels[i], levels[(i * 7 + 3) % len(levels)]) for i in range(0, len(levels), 9)]
    pairs.append(("http://example.org/level", TARGET))
    statuses: set[str] = set()
    for a, b in pairs:
        got = graph.skill_gap(a, b).set_index("competency").sort_index()
        expected = _expected_gap(requirements, mappings, a, b)
        assert list(got.index) == list(expected.index), (a, b)
        assert list(got["status"]) == list(expected["status"]), (a, b)
        assert list(got["via"].fillna("")) == list(expected["via"].fillna("")), (a, b)
        for column in ["required_level_label", "current_level_label"]:
            assert list(got[column].fillna("")) == list(expected[column].fillna("")), (a, b, column)
        assert got["required_level_normalised"].fillna(-1).tolist() == pytest.approx(
            expected["required_level_normalised"].fillna(-1).tolist()
        )
        statuses |= set(got["status"])
        partly = got[got["status"] == "partly_met"]
        assert partly["mapping"].notna().all() and partly["mapping_predicate"].notna().all()
    assert {"gain", "raise", "met", "partly_met"} <= statuses
