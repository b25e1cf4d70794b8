"""wg.plot: each chart is titled and labelled, draws one mark per data item, writes the values it
shows, respects ``ax=`` and names the columns it misses."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import workforce_graph as wg
from matplotlib.collections import LineCollection
from matplotlib.image import AxesImage
from workforce_graph import plot


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _texts(ax: plt.Axes) -> list[str]:
    return [text.get_text() for text in ax.texts]


def _image(ax: plt.Axes) -> np.ndarray:
    images = [child for child in ax.get_children() if isinstance(child, AxesImage)]
    assert len(images) == 1
    return np.ma.filled(images[0].get_array(), np.nan)


def _same_names(shown: list[str], names: list[str]) -> bool:
    """Tick labels are the names, long ones cut short with an ellipsis."""
    return len(shown) == len(names) and all(
        s == n or (s.endswith("…") and n.startswith(s[:-1]) and len(s) >= 30) for s, n in zip(shown, names)
    )


def _labelled(ax: plt.Axes) -> None:
    assert ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel()


# --- overlap_heatmap -------------------------------------------------------------------------

OVERLAP = pd.DataFrame(
    {
        "framework_a_code": ["A", "A", "B"],
        "framework_b_code": ["B", "C", "C"],
        "items_a": [4, 4, 1000],
        "covered_a": [2, 0, 123],
        "items_b": [8, 500, 3],
        "covered_b": [2, 1, 3],
        "share_a": [0.5, 0.0, 0.123],
        "share_b": [0.25, 0.002, 1.0],
        "score": [0.4, 0.001, 0.3],
    }
)


def test_overlap_heatmap_shares_read_row_to_column() -> None:
    ax = plot.overlap_heatmap(OVERLAP)
    _labelled(ax)
    grid = _image(ax)
    assert grid.shape == (3, 3)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B", "C"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B", "C"]
    # Row A, column B: the share of A's items mapped to B; row B, column A: the other way.
    assert grid[0, 1] == 0.5 and grid[1, 0] == 0.25
    assert grid[1, 2] == 0.123 and grid[2, 1] == 1.0
    assert np.isnan(np.diag(grid)).all()
    # One annotation per off-diagonal cell, at its cell, with its value.
    shown = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    assert shown == {
        (0, 1): "2/4\n50%",
        (1, 0): "2/8\n25%",
        (0, 2): "0/4\n0%",
        (2, 0): "1/500\n<1%",
        (1, 2): "123/1000\n12%",
        (2, 1): "3/3\n100%",
    }
    colorbar_label = ax.figure.axes[-1].get_ylabel()
    assert "row" in colorbar_label and "column" in colorbar_label


def test_overlap_heatmap_score_is_symmetric() -> None:
    ax = plot.overlap_heatmap(OVERLAP, value="score", title="Overlap")
    grid = _image(ax)
    off_diagonal = ~np.eye(3, dtype=bool)
    assert np.array_equal(grid[off_diagonal], grid.T[off_diagonal])
    assert sorted(_texts(ax)) == sorted(["0.40", "0.40", "0.00", "0.00", "0.30", "0.30"])
    assert ax.get_title() == "Overlap"
    assert "score" in ax.figure.axes[-1].get_ylabel()


def test_overlap_heatmap_from_the_graph(bundled: wg.Graph) -> None:
    overlap = bundled.framework_overlap()
    codes = set(overlap["framework_a_code"]) | set(overlap["framework_b_code"])
    ax = plot.overlap_heatmap(overlap)
    assert _image(ax).shape == (len(codes), len(codes))
    assert len(ax.texts) == len(codes) * (len(codes) - 1)
    row = overlap[(overlap["framework_a_code"] == "DDaT") & (overlap["framework_b_code"] == "NCF")].iloc[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    grid = _image(ax)
    assert grid[labels.index("NCF"), labels.index("DDaT")] == row["share_b"]
    assert grid[labels.index("DDaT"), labels.index("NCF")] == row["share_a"]
    shown = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    cell = shown[(labels.index("NCF"), labels.index("DDaT"))]
    assert cell.startswith(f"{row['covered_b']}/{row['items_b']}\n"), cell
    assert "curated" in ax.get_title()


def test_overlap_heatmap_keeps_the_order_asked(bundled: wg.Graph) -> None:
    ax = plot.overlap_heatmap(bundled.framework_overlap(["NCF", "DDaT", "FCI-CCF"]))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["NCF", "DDaT", "FCI-CCF"]


def test_overlap_heatmap_names_a_scheme_without_code_by_its_iri() -> None:
    df = OVERLAP.assign(
        framework_a=["http://x/a", "http://x/a", "http://x/b"],
        framework_b=["http://x/b", "http://x/c", "http://x/c"],
        framework_a_code=["A", "A", None],
    )
    ax = plot.overlap_heatmap(df)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "b", "B", "C"]
    assert _image(ax).shape == (4, 4)


def test_overlap_heatmap_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="'share_a'.*'share_b'"):
        plot.overlap_heatmap(OVERLAP.drop(columns=["share_a", "share_b"]))
    with pytest.raises(ValueError, match="'score'"):
        plot.overlap_heatmap(OVERLAP.drop(columns=["score"]), value="score")
    with pytest.raises(ValueError, match="value"):
        plot.overlap_heatmap(OVERLAP, value="jaccard")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least one"):
        plot.overlap_heatmap(OVERLAP.iloc[0:0])


# --- coverage_gaps and coverage_summary ------------------------------------------------------

COVERAGE = pd.DataFrame(
    {
        "kind": ["competency", "competency", "competency", "specialist_area", "role"],
        "item_label": ["Ethics", "Coding", "Audit", "Clinical Coding", "Analyst"],
        "status": ["uncovered", "not_recorded", "via_broader", "direct", "not_recorded"],
        "bodies": [0, 0, 1, 1, 0],
        "essential_roles": [1, 4, 2, 0, 0],
        "all_roles": [5, 4, 9, 0, 0],
    }
)


def test_coverage_gaps_ranks_uncovered_competencies_first() -> None:
    ax = plot.coverage_gaps(COVERAGE)
    _labelled(ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Ethics", "Coding", "Audit"]
    total, essential = ax.containers
    assert [bar.get_width() for bar in total] == [5, 4, 9]
    assert [bar.get_width() for bar in essential] == [1, 4, 2]
    assert _texts(ax) == ["5", "4", "9"]
    assert total[0].get_facecolor()[:3] != total[2].get_facecolor()[:3], "one body is drawn apart from none"
    assert total[0].get_facecolor()[:3] != total[1].get_facecolor()[:3], (
        "not recorded is drawn apart from uncovered"
    )
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("not recorded" in t for t in legend) and any("no body" in t for t in legend)


def test_coverage_gaps_top_and_ax(bundled: wg.Graph) -> None:
    gaps = bundled.coverage_gaps()
    competencies = gaps[gaps["kind"] == "competency"]
    _, (left, right) = plt.subplots(1, 2)
    returned = plot.coverage_gaps(gaps, top=7, ax=right, title="Gaps")
    assert returned is right and not left.has_data()
    assert right.get_title() == "Gaps"
    assert len(right.containers[0]) == 7
    expected = competencies.sort_values("all_roles", ascending=False, kind="stable")["all_roles"].head(7)
    assert [bar.get_width() for bar in right.containers[0]] == list(expected)


def test_coverage_gaps_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="'essential_roles'.*'all_roles'"):
        plot.coverage_gaps(COVERAGE.drop(columns=["essential_roles", "all_roles"]))
    with pytest.raises(ValueError, match="no competency"):
        plot.coverage_gaps(COVERAGE[COVERAGE["kind"] != "competency"])


def test_coverage_summary_counts_items_by_status() -> None:
    ax = plot.coverage_summary(COVERAGE)
    _labelled(ax)
    # Most items first; ties keep alphabetical order.
    assert [t.get_text() for t in ax.get_yticklabels()] == ["competency", "role", "specialist area"]
    uncovered, not_recorded, via, direct = ax.containers
    assert [bar.get_width() for bar in uncovered] == [1, 0, 0]
    assert [bar.get_width() for bar in not_recorded] == [1, 1, 0]
    assert [bar.get_width() for bar in via] == [1, 0, 0]
    assert [bar.get_width() for bar in direct] == [0, 0, 1]
    with pytest.raises(ValueError, match="'status'"):
        plot.coverage_summary(COVERAGE.drop(columns=["status"]))
    with pytest.raises(ValueError, match="at least one"):
        plot.coverage_summary(COVERAGE.iloc[0:0])


def test_coverage_matrix_from_the_graph(bundled: wg.Graph) -> None:
    matrix = bundled.coverage_matrix("area")
    ax = plot.coverage_matrix(matrix)
    assert ax.get_title()
    areas = [t.get_text() for t in ax.get_xticklabels()]
    covered = matrix[matrix["status"] != "not_recorded"].groupby("area_label")["body"].nunique()
    nobody = {area for area in matrix["area_label"] if covered.get(area, 0) == 0}
    red = {label.get_text() for label in ax.get_xticklabels() if label.get_color() == "#b2182b"}
    assert red == {a if len(a) <= 34 else a[:33].rstrip() + "…" for a in nobody} and nobody
    assert len(areas) == matrix["area"].nunique()
    by_framework = plot.coverage_matrix(bundled.coverage_matrix("framework"))
    assert "framework" in by_framework.get_title()


# --- skill_gap -------------------------------------------------------------------------------

SKILLS = pd.DataFrame(
    {
        "competency_label": ["SQL", "Ethics", "Python", "Statistics"],
        "status": ["raise", "gain", "met", "raise"],
        "current_level_normalised": [0.25, np.nan, 0.75, 0.5],
        "required_level_normalised": [0.75, 1.0, 0.5, 0.75],
    }
)


def _segments(ax: plt.Axes) -> list[np.ndarray]:
    lines = [child for child in ax.get_children() if isinstance(child, LineCollection)]
    assert len(lines) == 1
    return lines[0].get_segments()


def test_skill_gap_draws_a_dumbbell_per_competency_to_gain_or_raise() -> None:
    ax = plot.skill_gap(SKILLS)
    _labelled(ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Ethics", "SQL", "Statistics"]
    segments = _segments(ax)
    assert [(s[0][0], s[1][0]) for s in segments] == [(0.0, 1.0), (0.25, 0.75), (0.5, 0.75)]
    assert [s[0][1] for s in segments] == [0, 1, 2]


def test_skill_gap_include_met_and_ax(bundled: wg.Graph) -> None:
    ax = plot.skill_gap(SKILLS, include_met=True)
    assert len(_segments(ax)) == 4
    base = "https://w3id.org/workforce-graph/id/ddat/role/data-analyst/level/"
    gap = bundled.skill_gap(base + "data-analyst", base + "senior-data-analyst")
    _, given = plt.subplots()
    assert plot.skill_gap(gap, ax=given) is given
    to_do = gap[gap["status"].isin(["gain", "partly_met", "raise"])]
    assert len(_segments(given)) == len(to_do) > 0
    assert _same_names(
        sorted(t.get_text() for t in given.get_yticklabels()), sorted(to_do["competency_label"])
    )


def test_skill_gap_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="'required_level_normalised'"):
        plot.skill_gap(SKILLS.drop(columns=["required_level_normalised"]))
    with pytest.raises(TypeError, match="DataFrame"):
        plot.skill_gap([{"competency_label": "SQL"}])  # type: ignore[arg-type]
    # A role-to-role gap holds every pair of levels: one move must be chosen first.
    two = pd.concat([SKILLS.assign(from_role="a", to_role="b"), SKILLS.assign(from_role="a", to_role="c")])
    with pytest.raises(ValueError, match="2 moves"):
        plot.skill_gap(two)


# --- career_heatmap --------------------------------------------------------------------------

AREAS = ["Clinical Coding", "Health Records", "Information Governance & Data Quality"]
MOVES = pd.DataFrame(
    [[4, 2, 0], [1, 0, 0], [0, 3, 5]],
    index=pd.Index(AREAS, name="from"),
    columns=pd.Index(AREAS, name="to"),
    dtype="int64",
)


def test_career_heatmap_counts() -> None:
    ax = plot.career_heatmap(MOVES)
    _labelled(ax)
    assert np.array_equal(_image(ax), MOVES.to_numpy())
    assert _same_names([t.get_text() for t in ax.get_yticklabels()], AREAS)
    assert _same_names([t.get_text() for t in ax.get_xticklabels()], AREAS)
    # Non-zero cells are annotated with their counts, in reading order.
    assert _texts(ax) == ["4", "2", "1", "3", "5"]
    assert "15 moves" in ax.get_title()
    assert ax.figure.axes[-1].get_ylabel() == "moves"
    outlined = [p for p in ax.patches if not p.get_fill()]
    assert sorted(p.get_xy() for p in outlined) == [(i - 0.5, i - 0.5) for i in range(3)]


@pytest.mark.parametrize(
    ("normalise", "expected", "texts"),
    [
        ("row", [[4 / 6, 2 / 6, 0], [1, 0, 0], [0, 3 / 8, 5 / 8]], ["67%", "33%", "100%", "38%", "62%"]),
        (
            "all",
            [[4 / 15, 2 / 15, 0], [1 / 15, 0, 0], [0, 3 / 15, 5 / 15]],
            ["27%", "13%", "7%", "20%", "33%"],
        ),
    ],
)
def test_career_heatmap_normalised(
    normalise: plot.Normalise, expected: list[list[float]], texts: list[str]
) -> None:
    ax = plot.career_heatmap(MOVES, normalise=normalise)
    assert np.allclose(_image(ax), expected)
    assert _texts(ax) == texts
    assert "share" in ax.figure.axes[-1].get_ylabel()


def test_career_heatmap_row_without_moves_stays_zero_and_ax_is_used() -> None:
    moves = MOVES.copy()
    moves.loc["Health Records"] = 0
    _, given = plt.subplots()
    ax = plot.career_heatmap(moves, normalise="row", ax=given, title="Moves")
    assert ax is given and ax.get_title() == "Moves"
    assert not np.isnan(_image(ax)).any()
    assert (_image(ax)[1] == 0).all()


def test_career_heatmap_follows_row_order_when_columns_are_shuffled() -> None:
    shuffled = MOVES[list(reversed(AREAS))]
    assert np.array_equal(_image(plot.career_heatmap(shuffled)), MOVES.to_numpy())


def test_career_heatmap_rejects_bad_matrices() -> None:
    with pytest.raises(ValueError, match="square"):
        plot.career_heatmap(MOVES.iloc[:, :2])
    with pytest.raises(ValueError, match="only in columns: Other"):
        plot.career_heatmap(MOVES.rename(columns={"Health Records": "Other"}))
    with pytest.raises(ValueError, match="zero or more"):
        plot.career_heatmap(MOVES - 1)
    with pytest.raises(ValueError, match="numeric"):
        plot.career_heatmap(MOVES.astype(str))
    with pytest.raises(ValueError, match="normalise"):
        plot.career_heatmap(MOVES, normalise="column")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least one"):
        plot.career_heatmap(pd.DataFrame())


def test_importing_the_package_does_not_import_matplotlib() -> None:
    code = "import sys, workforce_graph as wg; wg.plot.career_heatmap; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_plot_module_type_checks() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "-m", "workforce_graph.plot"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
