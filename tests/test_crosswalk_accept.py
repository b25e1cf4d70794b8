"""``Graph.accept_mappings`` reads the reviewed rows in the facade: a pandas or polars DataFrame
or a list of dicts, a table's gaps (None, NaN, NA) as absent values, and a clear error naming the
row for a missing subject, object or confidence, a value that is not a number, or a row that is
not a mapping. Nothing is stored when a row is refused."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import polars as pl
import pytest
import workforce_graph as wg


@pytest.fixture(scope="module")
def suggested() -> tuple[wg.Graph, pd.DataFrame]:
    graph = wg.Graph()
    suggestions = graph.suggest_mappings("FCI-CCF", "DDaT", min_score=0.3).head(3)
    assert len(suggestions) == 3
    return graph, suggestions


@pytest.fixture
def graph(suggested: tuple[wg.Graph, pd.DataFrame]) -> wg.Graph:
    return suggested[0].copy()


@pytest.fixture
def suggestions(suggested: tuple[wg.Graph, pd.DataFrame]) -> pd.DataFrame:
    return suggested[1]


def _stored(graph: wg.Graph, mappings: list[str]) -> pd.DataFrame:
    return graph.mappings().set_index("mapping").loc[mappings]


def test_a_polars_frame_is_read_like_a_pandas_one(graph: wg.Graph, suggestions: pd.DataFrame) -> None:
    rows = pl.from_pandas(suggestions[["subject", "object", "score"]].head(2))
    created = graph.accept_mappings(rows, author="Reviewer", confidence=0.9)
    stored = _stored(graph, created)
    assert list(stored["subject"]) == list(suggestions["subject"].head(2))
    assert list(stored["object"]) == list(suggestions["object"].head(2))
    assert list(stored["confidence"]) == [0.9, 0.9]
    expected = [round(float(s), 3) for s in suggestions["score"].head(2)]
    assert list(stored["similarity_score"]) == pytest.approx(expected)


def test_a_list_of_dicts_with_gaps_in_optional_columns(graph: wg.Graph, suggestions: pd.DataFrame) -> None:
    first, second = suggestions.iloc[0], suggestions.iloc[1]
    rows: list[dict[str, Any]] = [
        # NaN and None are absent values: the generated comment, the default predicate, the
        # reviewer confidence given to the call, no similarity score.
        {"subject": first["subject"], "object": first["object"], "comment": math.nan, "score": None},
        {
            "subject": second["subject"],
            "object": second["object"],
            "predicate": "exactMatch",
            "confidence": 0.6,
            "topic": "records",
        },
    ]
    created = graph.accept_mappings(rows, author="Reviewer", confidence=0.8)
    stored = _stored(graph, created)
    assert list(stored["confidence"]) == [0.8, 0.6]
    assert list(stored["predicate"].str.rsplit("#", n=1).str[1]) == ["closeMatch", "exactMatch"]
    assert stored["comment"].iloc[0] not in {"nan", "None"}
    assert pd.isna(stored["similarity_score"].iloc[0])
    assert stored["topic"].iloc[1] == "records"


def test_a_nullable_column_gap_takes_the_call_confidence(graph: wg.Graph, suggestions: pd.DataFrame) -> None:
    rows = (
        suggestions[["subject", "object"]].head(2).assign(confidence=pd.array([0.7, None], dtype="Float64"))
    )
    created = graph.accept_mappings(rows, author="Reviewer", confidence=0.5)
    assert list(_stored(graph, created)["confidence"]) == [0.7, 0.5]


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda rows: [rows[0], {**rows[1], "object": None}], ValueError, 'row 1: missing "object"'),
        (lambda rows: [rows[0], {**rows[1], "subject": math.nan}], ValueError, 'row 1: missing "subject"'),
        (lambda rows: [{**rows[0], "confidence": "high"}], ValueError, "row 0: confidence is not a number"),
        (lambda rows: [{**rows[0], "score": "0.5"}], ValueError, "row 0: score is not a number"),
        (lambda rows: [rows[0], ("a", "b")], TypeError, "row 1 is a tuple, not a mapping"),
        (lambda rows: rows[0], TypeError, "not a dict"),
        (lambda rows: "subject,object", TypeError, "not a str"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_stored(
    graph: wg.Graph, suggestions: pd.DataFrame, change: Any, error: type[Exception], message: str
) -> None:
    rows = [
        {"subject": s, "object": o, "confidence": 0.9}
        for s, o in zip(suggestions["subject"], suggestions["object"], strict=True)
    ]
    before = len(graph.mappings())
    with pytest.raises(error, match=message):
        graph.accept_mappings(change(rows), author="Reviewer")
    assert len(graph.mappings()) == before


def test_without_any_confidence_the_row_is_refused(graph: wg.Graph, suggestions: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="row 0: no reviewer confidence"):
        graph.accept_mappings(pl.from_pandas(suggestions.head(1)), author="Reviewer")
