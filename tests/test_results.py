"""Query results: typed columns, Arrow, pandas, polars, Jupyter, CONSTRUCT and ASK."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
import workforce_graph as wg

EX = "http://example.com/"
XSD = "http://www.w3.org/2001/XMLSchema#"

DATA = f"""
@prefix ex: <{EX}> . @prefix xsd: <{XSD}> .
ex:a ex:n 1 ; ex:x 2.5 ; ex:d 1.0e3 ; ex:b true ; ex:day "2019-11-01"^^xsd:date ;
     ex:at "2019-11-01T10:00:00Z"^^xsd:dateTime ; ex:label "Analyst"@en ; ex:s "plain" ; ex:link ex:z .
ex:b ex:n 2 ; ex:label "Analyste"@fr .
ex:c ex:n 3 .
"""

TYPED = f"""PREFIX ex: <{EX}>
SELECT ?s ?n ?x ?d ?b ?day ?at ?label ?str ?link WHERE {{
  ?s ex:n ?n
  OPTIONAL {{ ?s ex:x ?x }} OPTIONAL {{ ?s ex:d ?d }} OPTIONAL {{ ?s ex:b ?b }}
  OPTIONAL {{ ?s ex:day ?day }} OPTIONAL {{ ?s ex:at ?at }} OPTIONAL {{ ?s ex:label ?label }}
  OPTIONAL {{ ?s ex:s ?str }} OPTIONAL {{ ?s ex:link ?link }}
}} ORDER BY ?n"""


@pytest.fixture
def graph() -> wg.Graph:
    g = wg.Graph(bundled=False)
    g.load(DATA)
    return g


def test_arrow_columns_are_typed(graph: wg.Graph) -> None:
    table = graph.query(TYPED).to_arrow()
    assert table.schema.types == [
        pa.string(),
        pa.int64(),
        pa.float64(),
        pa.float64(),
        pa.bool_(),
        pa.date32(),
        pa.timestamp("us", tz="UTC"),
        pa.string(),
        pa.string(),
        pa.string(),
    ]
    row = table.to_pylist()[0]
    assert row == {
        "s": EX + "a",
        "n": 1,
        "x": 2.5,
        "d": 1000.0,
        "b": True,
        "day": dt.date(2019, 11, 1),
        "at": dt.datetime(2019, 11, 1, 10, tzinfo=dt.UTC),
        "label": "Analyst",
        "str": "plain",
        "link": EX + "z",
    }
    assert table.column("x").null_count == 2, "unbound values are nulls"


def test_pandas_keeps_integers_and_booleans_nullable(graph: wg.Graph) -> None:
    df = graph.query(TYPED).to_pandas()
    assert str(df["n"].dtype) == "Int64"
    assert str(df["b"].dtype) == "boolean"
    assert df["b"].isna().sum() == 2
    assert pd.api.types.is_datetime64_any_dtype(df["at"])
    assert df["n"].tolist() == [1, 2, 3]


def test_polars_and_the_capsule_protocol(graph: wg.Graph) -> None:
    result = graph.query(TYPED)
    frame = result.to_polars()
    assert frame.schema["n"] == pl.Int64
    assert frame.schema["day"] == pl.Date
    assert frame.height == 3
    # consumers that know the Arrow PyCapsule interface take the result directly
    assert pa.table(result).num_rows == 3
    assert pl.DataFrame(result).height == 3
    assert pa.RecordBatchReader.from_stream(result).read_all().num_rows == 3


def test_language_tags_on_request(graph: wg.Graph) -> None:
    result = graph.query(TYPED)
    assert "label_lang" not in result.to_arrow().column_names
    tags = result.to_pandas(lang=True)["label_lang"].tolist()
    assert tags[:2] == ["en", "fr"] and pd.isna(tags[2])


def test_iteration_html_and_repr(graph: wg.Graph) -> None:
    result = graph.query(f"SELECT ?s ?n WHERE {{ ?s <{EX}n> ?n }} ORDER BY ?n")
    assert result.columns == ["s", "n"]
    assert len(result) == 3
    assert list(result) == [(EX + "a", 1), (EX + "b", 2), (EX + "c", 3)]
    html = result._repr_html_()
    assert html.count("<tr>") == 4 and "3 rows" in html
    assert repr(result) == "<QueryResult 3 rows x 2 columns: s, n>"


def test_html_escapes_values(empty: wg.Graph) -> None:
    empty.load(f'<{EX}a> <{EX}p> "<script>alert(1)</script>" .')
    html = empty.query("SELECT ?o WHERE { ?s ?p ?o }")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_ask_is_a_bool(graph: wg.Graph) -> None:
    assert graph.query(f"ASK {{ <{EX}a> <{EX}n> 1 }}") is True
    assert graph.query(f"ASK {{ <{EX}a> <{EX}n> 9 }}") is False


def test_construct_gives_triples_and_a_graph(graph: wg.Graph) -> None:
    result = graph.query(f"CONSTRUCT {{ ?s <{EX}count> ?n }} WHERE {{ ?s <{EX}n> ?n }}")
    assert result.columns == ["subject", "predicate", "object"]
    df = result.to_pandas()
    assert sorted(df["subject"]) == [EX + "a", EX + "b", EX + "c"]
    new = result.to_graph()
    assert isinstance(new, wg.Graph) and len(new) == 3
    assert new.query(f"ASK {{ <{EX}c> <{EX}count> 3 }}") is True
    with pytest.raises(TypeError):
        graph.query("SELECT * WHERE { ?s ?p ?o }").to_graph()


def test_describe_gives_triples(graph: wg.Graph) -> None:
    result = graph.query(f"DESCRIBE <{EX}c>")
    assert len(result) == 1


def test_empty_result_keeps_its_columns(graph: wg.Graph) -> None:
    df = graph.query("SELECT ?a ?b WHERE { ?a <http://nothing> ?b }").to_pandas()
    assert list(df.columns) == ["a", "b"] and len(df) == 0
