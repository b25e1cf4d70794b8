"""Career moves, next roles and evidence gaps, each checked against an answer computed here with
pandas from the graph's plain tables (not from the native engine)."""

from __future__ import annotations

import json
import random

import numpy as np
import pandas as pd
import pytest
import workforce_graph as wg
from workforce_graph.careers import read_moves

FRAME = "https://w3id.org/workforce-graph/id/hicp/coding-frame"


@pytest.fixture(scope="module")
def frame_table(bundled: wg.Graph) -> pd.DataFrame:
    return bundled.coding_frame()


def _axis(frame_table: pd.DataFrame, axis: str) -> pd.DataFrame:
    rows = frame_table[frame_table["axis"] == axis]
    return rows.drop_duplicates("concept")


def _random_moves(frame_table: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """Moves named the ways an analyst would: labels, other case, abbreviations, and gaps."""
    rng = random.Random(seed)
    areas = _axis(frame_table, "specialist_area")
    levels = _axis(frame_table, "seniority")
    area_names = list(areas["concept_label"])
    level_names = list(levels["concept_label"])
    rows = []
    for _ in range(n):
        row = {
            "from_area": rng.choice(area_names),
            "to_area": rng.choice(area_names) if rng.random() > 0.3 else None,
            "from_level": rng.choice(level_names),
            "to_level": rng.choice(level_names),
        }
        if row["to_area"] is None and rng.random() > 0.5:
            row["to_area"] = row["from_area"].upper()  # stays in the area, written in capitals
        if rng.random() < 0.1:
            row["from_level"] = None
        rows.append(row)
    return pd.DataFrame(rows)


def _expected_matrix(moves: pd.DataFrame, a: str, b: str, order: list[str]) -> pd.DataFrame:
    known = {name.lower(): name for name in order}
    coded = moves[[a, b]].dropna().apply(lambda column: column.str.lower().map(known))
    table = pd.crosstab(coded[a], coded[b]).reindex(index=order, columns=order, fill_value=0)
    return table.astype("int64")


def test_career_matrices_match_a_pandas_crosstab(bundled: wg.Graph, frame_table: pd.DataFrame) -> None:
    moves = _random_moves(frame_table, 400, seed=11)
    result = bundled.career_moves(moves)

    area_order = list(_axis(frame_table, "specialist_area").sort_values("list_position")["concept_label"])
    levels = _axis(frame_table, "seniority")
    level_order = list(levels.sort_values(["rank", "concept_label"], na_position="last")["concept_label"])
    expected_areas = _expected_matrix(moves, "from_area", "to_area", area_order)
    expected_levels = _expected_matrix(moves, "from_level", "to_level", level_order)

    assert list(result.areas.index) == area_order
    assert result.areas.index.name == "from" and result.areas.columns.name == "to"
    assert (result.areas.to_numpy() == expected_areas.to_numpy()).all()
    assert (result.seniority.to_numpy() == expected_levels.to_numpy()).all()
    assert result.areas.dtypes.unique().tolist() == [np.dtype("int64")]

    both = moves[["from_area", "to_area"]].dropna()
    within = (both["from_area"].str.lower() == both["to_area"].str.lower()).mean()
    assert result.within_area_share == pytest.approx(within)
    assert result.summary["moves"] == len(moves)
    assert result.summary["moves_with_areas"] == len(both)

    rank = dict(zip(levels["concept_label"].str.lower(), levels["rank"]))
    ranked = moves.dropna(subset=["from_level", "to_level"]).copy()
    ranked["a"] = ranked["from_level"].str.lower().map(rank)
    ranked["b"] = ranked["to_level"].str.lower().map(rank)
    ranked = ranked.dropna(subset=["a", "b"])
    assert result.summary["up"] == int((ranked["b"] > ranked["a"]).sum())
    assert result.summary["down"] == int((ranked["b"] < ranked["a"]).sum())
    assert result.summary["same_level"] == int((ranked["b"] == ranked["a"]).sum())


def test_moves_roll_up_to_groupings(bundled: wg.Graph, frame_table: pd.DataFrame) -> None:
    moves = _random_moves(frame_table, 200, seed=5)
    grouped = bundled.career_moves(moves, by="group")
    areas = _axis(frame_table, "specialist_area")
    group_of = dict(zip(areas["concept_label"].str.lower(), areas["grouping_label"]))
    groups = list(_axis(frame_table, "grouping").sort_values("list_position")["concept_label"])
    rolled = moves.assign(
        from_area=moves["from_area"].str.lower().map(group_of),
        to_area=moves["to_area"].str.lower().map(group_of),
    )
    expected = _expected_matrix(rolled, "from_area", "to_area", groups)
    assert list(grouped.areas.columns) == groups
    assert (grouped.areas.to_numpy() == expected.to_numpy()).all()
    # Every area move lands in exactly one grouping cell.
    assert int(grouped.areas.to_numpy().sum()) == int(bundled.career_moves(moves).areas.to_numpy().sum())


def test_moves_accept_abbreviations_iris_polars_and_dicts(bundled: wg.Graph) -> None:
    import polars as pl

    rows = [
        {"from_area": "BI", "to_area": "IG", "from_level": "apprentice", "to_level": "Standard Role"},
        {
            "from_area": "https://w3id.org/workforce-graph/id/hicp/area/clinical-coding",
            "to_area": "clinical coding",
            "from_level": None,
            "to_level": None,
        },
    ]
    for moves in (rows, pd.DataFrame(rows), pl.DataFrame(rows)):
        result = bundled.career_moves(moves)
        assert (
            int(result.areas.loc["Business Intelligence & Analysis", "Information Governance & Data Quality"])
            == 1
        )
        assert int(result.areas.loc["Clinical Coding", "Clinical Coding"]) == 1
        assert result.summary["up"] == 1
        assert result.moves["same_area"].tolist() == [False, True]


def test_custom_column_names(bundled: wg.Graph) -> None:
    moves = pd.DataFrame(
        {"was": ["BI"], "now": ["DW"], "grade_then": ["Manager"], "grade_now": ["Head of Service"]}
    )
    result = bundled.career_moves(moves, columns=("was", "now", "grade_then", "grade_now"))
    assert int(result.areas.loc["Business Intelligence & Analysis", "Data Warehousing"]) == 1


def test_unknown_codes_name_the_row_and_close_matches(bundled: wg.Graph) -> None:
    moves = [{"from_area": "BI", "to_area": "IG"}, {"from_area": "Bussiness Inteligence", "to_area": "BI"}]
    with pytest.raises(wg.UnknownNameError, match="row 1") as caught:
        bundled.career_moves(moves)
    assert "Business Intelligence & Analysis" in caught.value.suggestions
    with pytest.raises(wg.UnknownNameError):
        bundled.career_moves(moves[:1], frame="no such frame")
    with pytest.raises(ValueError, match="by="):
        bundled.career_moves(moves[:1], by="team")
    with pytest.raises(ValueError, match="missing"):
        bundled.career_moves(pd.DataFrame({"from": ["BI"], "to": ["IG"]}))


def test_moves_read_the_same_from_pandas_polars_and_dicts() -> None:
    """The facade reads a moves table into plain tuples: a cell with no value (None, NaN, NA, a
    column the rows lack) is None, whichever way the table was made."""
    import polars as pl

    rows = [
        {"from_area": "BI", "to_area": None, "from_level": "Manager", "to_level": "Manager"},
        {"from_area": "IG", "to_area": "IG", "from_level": None, "to_level": "Head of Service"},
    ]
    expected = [("BI", None, "Manager", "Manager"), ("IG", "IG", None, "Head of Service")]
    with_nan = pd.DataFrame(rows).fillna(np.nan)
    with_na = pd.DataFrame(rows).astype("string")
    assert with_na.isna().sum().sum() == 2
    for moves in (rows, pd.DataFrame(rows), with_nan, with_na, pl.DataFrame(rows), iter(rows)):
        assert read_moves(moves) == expected, type(moves)
    # A column the rows of a list lack reads as None; a table may lack both columns of one axis.
    assert read_moves([{"from_area": "BI"}]) == [("BI", None, None, None)]
    levels_only = pd.DataFrame({"from_level": ["Manager"], "to_level": ["Manager"]})
    assert read_moves(levels_only) == [(None, None, "Manager", "Manager")]
    renamed = pl.DataFrame({"was": ["BI"], "now": [None], "a": ["x"], "b": ["y"]})
    assert read_moves(renamed, ("was", "now", "a", "b")) == [("BI", None, "x", "y")]


@pytest.mark.parametrize(
    ("columns", "missing"),
    [
        (["from", "to"], '["from_area", "to_area", "from_level", "to_level"]'),
        (["from_area", "from_level"], '["to_area", "to_level"]'),
    ],
)
def test_a_moves_table_without_an_axis_names_the_missing_columns(
    bundled: wg.Graph, columns: list[str], missing: str
) -> None:
    import polars as pl

    for moves in (pd.DataFrame({c: ["BI"] for c in columns}), pl.DataFrame({c: ["BI"] for c in columns})):
        with pytest.raises(ValueError, match="needs the columns") as caught:
            bundled.career_moves(moves)
        assert f"missing {missing}" in str(caught.value)
        assert f"present {json.dumps(columns)}" in str(caught.value)


def test_cells_that_are_not_text_name_their_row_and_column(bundled: wg.Graph) -> None:
    moves = [{"from_area": "BI", "to_area": "IG"}, {"from_area": "BI", "to_area": "IG", "to_level": 3}]
    with pytest.raises(TypeError, match=r"row 1, column 'to_level': expected a code name \(text\), got 3"):
        bundled.career_moves(moves)
    with pytest.raises(TypeError, match="row 1 is a str, not a mapping"):
        bundled.career_moves([{"from_area": "BI"}, "BI"])
    with pytest.raises(TypeError, match="four column names"):
        bundled.career_moves(moves, columns=("a", "b"))  # type: ignore[arg-type]


def test_moves_on_a_users_own_frame() -> None:
    g = wg.Graph(bundled=False)
    g.load(
        """
        @prefix wg: <https://w3id.org/workforce-graph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix ex: <http://example.org/> .
        ex:frame a wg:CodingFrame ; skos:prefLabel "Finance frame" ;
            wg:hasSpecialistAreaScheme ex:areas ; wg:hasSeniorityScale ex:levels .
        ex:payroll a wg:SpecialistArea ; skos:inScheme ex:areas ; skos:prefLabel "Payroll" ; wg:listPosition 2 .
        ex:audit a wg:SpecialistArea ; skos:inScheme ex:areas ; skos:prefLabel "Audit" ; wg:listPosition 1 .
        ex:clerk a wg:SeniorityLevel ; skos:inScheme ex:levels ; skos:prefLabel "Clerk" ; wg:rank 1 .
        ex:lead a wg:SeniorityLevel ; skos:inScheme ex:levels ; skos:prefLabel "Lead" ; wg:rank 2 .
        """
    )
    result = g.career_moves(
        [{"from_area": "payroll", "to_area": "Audit", "from_level": "Clerk", "to_level": "Lead"}]
    )
    assert list(result.areas.index) == ["Audit", "Payroll"]
    assert result.areas.to_numpy().tolist() == [[0, 0], [1, 0]]
    assert result.seniority.to_numpy().tolist() == [[0, 1], [0, 0]]


# -- next roles -----------------------------------------------------------------------------------


def _seniority(requirements: pd.DataFrame) -> pd.Series:
    return requirements.groupby("role_level")["required_level_normalised"].mean()


def test_next_roles_follow_the_ladder_and_never_step_down(bundled: wg.Graph) -> None:
    levels = bundled.role_levels("DDaT")
    requirements = bundled.requirements("DDaT")
    seniority = _seniority(requirements)
    checked = 0
    for _, ladder in levels.groupby("role"):
        ladder = ladder.sort_values("rank")
        if len(ladder) < 2 or ladder["requirements"].min() == 0:
            continue
        start, promotion = ladder.iloc[0], ladder.iloc[1]
        suggestions = bundled.next_roles(start["role_level"], k=8)
        assert len(suggestions) > 0
        steps = dict(zip(suggestions["role"], suggestions["step"]))
        assert steps.get(promotion["role_level"]) == "promotion", (
            start["role_level_label"],
            suggestions[["role_label", "step"]],
        )
        own = seniority.get(start["role_level"])
        for _, row in suggestions.iterrows():
            assert row["role"] != start["role_level"]
            other = seniority.get(row["role"])
            if own is not None and other is not None and not np.isnan(own) and not np.isnan(other):
                same_role = row["role"] in set(ladder["role_level"])
                if not same_role:
                    assert other - own >= -0.05 - 1e-9, (
                        start["role_level_label"],
                        row["role_label"],
                        own,
                        other,
                    )
        # Scores combine transfer and similarity, scaled by the step's factor; transfer is the share
        # of the start's competencies the candidate needs too (DDaT requirements are all essential).
        factors = {"promotion": 1.0, "lateral": 0.6}
        mine = set(requirements.loc[requirements["role_level"] == start["role_level"], "competency"])
        for _, row in suggestions.iterrows():
            theirs = set(requirements.loc[requirements["role_level"] == row["role"], "competency"])
            assert row["transfer"] == pytest.approx(len(mine & theirs) / len(mine))
            if row["step"] in factors:
                assert row["score"] == pytest.approx(
                    factors[row["step"]] * (row["transfer"] + row["similarity"]) / 2
                )
        assert suggestions["score"].is_monotonic_decreasing
        checked += 1
    assert checked >= 30


def test_next_roles_similarity_agrees_with_similar_roles(bundled: wg.Graph) -> None:
    level = "https://w3id.org/workforce-graph/id/ddat/role/data-analyst/level/data-analyst"
    suggestions = bundled.next_roles(level, k=5)
    similar = bundled.similar_roles(level, k=400).set_index("role")["score"]
    for _, row in suggestions.iterrows():
        assert row["similarity"] == pytest.approx(similar[row["role"]])
    first = suggestions.iloc[0]
    assert (first["role_label"], first["step"]) == ("Senior data analyst", "promotion")
    needed = set(bundled.requirements("DDaT").query("role_level == @first.role")["competency"])
    assert set(first["shared_competencies"]) | set(first["competencies_to_gain"]) == needed


def test_next_roles_edge_cases(bundled: wg.Graph) -> None:
    g = wg.Graph(bundled=False)
    g.load(
        """@prefix wg: <https://w3id.org/workforce-graph/ontology#> .
           <http://example.org/lonely> a wg:RoleLevel ."""
    )
    with pytest.raises(wg.NoRequirementsError):
        g.next_roles("http://example.org/lonely")
    with pytest.raises(wg.UnknownNameError) as caught:
        bundled.next_roles("Data analsyt")
    assert "Data analyst" in caught.value.suggestions


# -- evidence gaps --------------------------------------------------------------------------------

CONCERNS = """
PREFIX wg: <https://w3id.org/workforce-graph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?item ?kind ?publication ?year ?own_year ?own_document WHERE {
  VALUES (?class ?kind) { (wg:Topic "topic") (wg:SpecialistArea "specialist_area") (wg:Framework "framework") }
  ?item a ?class .
  OPTIONAL { ?item wg:year ?own_year }
  OPTIONAL {
    { ?publication wg:concerns ?item } UNION { ?publication wg:concernsTopic ?item }
    UNION { ?publication wg:concernsRole ?item } UNION { ?publication wg:concernsFramework ?item }
    ?publication a wg:Publication .
    OPTIONAL { ?publication wg:year ?year }
    OPTIONAL { ?item dcterms:source ?publication BIND(true AS ?own_document) }
  }
}"""


@pytest.mark.parametrize("since", [None, 2015, 2020, 2024])
def test_evidence_gaps_match_an_independent_count(bundled: wg.Graph, since: int | None) -> None:
    rows = bundled.query(CONCERNS).to_pandas()
    expected = {}
    for item, group in rows.groupby("item"):
        publications = group.dropna(subset=["publication"]).drop_duplicates("publication")
        # A framework's own document listed without a date is as old as the framework.
        own = publications["own_document"].fillna(False).astype(bool)
        years = publications["year"].where(publications["year"].notna() | ~own, publications["own_year"])
        recent = years.dropna() >= since if since is not None else years.notna() | years.isna()
        if publications.empty:
            expected[item] = "no_evidence"
        elif not recent.any() and years.isna().any():
            expected[item] = "undated"
        elif not recent.any():
            expected[item] = "only_older"
        else:
            expected[item] = "evidenced"
    gaps = bundled.evidence_gaps(since=since, include_covered=True)
    assert dict(zip(gaps["item"], gaps["status"])) == expected
    only_gaps = bundled.evidence_gaps(since=since)
    assert set(only_gaps["item"]) == {item for item, status in expected.items() if status != "evidenced"}


def test_evidence_gaps_explain_themselves(bundled: wg.Graph) -> None:
    gaps = bundled.evidence_gaps(since=2020, include_covered=True).set_index("label")
    lks = gaps.loc["Library & Knowledge Services"]
    assert lks["status"] == "evidenced" and lks["publications"] >= 2
    assert any("Health Informatics Career Pathways" in title for title in lks["evidence"])
    coding = gaps.loc["Clinical Coding"]
    assert coding["status"] == "only_older" and coding["latest_year"] == 2019


def test_evidence_gaps_on_a_users_graph() -> None:
    g = wg.Graph(bundled=False)
    g.load(
        """@prefix wg: <https://w3id.org/workforce-graph/ontology#> .
           @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
           @prefix ex: <http://example.org/> .
           ex:t1 a wg:Topic ; skos:prefLabel "Rostering" . ex:t2 a wg:Topic ; skos:prefLabel "Payroll" .
           ex:p a wg:Publication ; wg:year 2016 ; wg:concerns ex:t1 ."""
    )
    gaps = g.evidence_gaps(since=2018).set_index("label")
    assert gaps.loc["Payroll", "status"] == "no_evidence"
    assert gaps.loc["Rostering", "status"] == "only_older"
    assert g.evidence_gaps().set_index("label")["status"].to_dict() == {"Payroll": "no_evidence"}
