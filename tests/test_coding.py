"""Job-title coding on the bundled coding frame: accuracy on a tuning set and on a held-out set,
the graph's words driving the result, and uncodable titles saying so."""

from __future__ import annotations

import pathlib

import pandas as pd
import pytest
import workforce_graph as wg

DATA = pathlib.Path(__file__).resolve().parent / "data"
FRAME = "https://w3id.org/workforce-graph/id/hicp/"


def _accuracy(graph: wg.Graph, name: str) -> tuple[float, float, pd.DataFrame]:
    gold = pd.read_csv(DATA / name, dtype=str)
    coded = graph.code_job_titles(gold["title"])
    area = (coded["area_label"] == gold["area"]).mean()
    seniority = (coded["seniority_label"] == gold["seniority"]).mean()
    found = coded[["area_label", "seniority_label", "area_words", "seniority_words"]]
    misses = pd.concat([gold, found], axis=1)
    wrong = (misses["area"] != misses["area_label"]) | (misses["seniority"] != misses["seniority_label"])
    misses = misses[wrong]
    return float(area), float(seniority), misses


@pytest.mark.parametrize("name", ["job_titles.csv", "job_titles_holdout.csv"])
def test_accuracy_on_both_axes(bundled: wg.Graph, name: str) -> None:
    gold = pd.read_csv(DATA / name, dtype=str)
    assert len(gold) >= (60 if name == "job_titles.csv" else 40)
    # Gold labels are the frame's own preferred labels.
    frame = bundled.coding_frame()
    assert set(gold["area"]) <= set(frame.loc[frame["axis"] == "specialist_area", "concept_label"])
    assert set(gold["seniority"]) <= set(frame.loc[frame["axis"] == "seniority", "concept_label"])
    area, seniority, misses = _accuracy(bundled, name)
    print(f"\n{name}: {len(gold)} titles, area accuracy {area:.3f}, seniority accuracy {seniority:.3f}")
    print(misses.to_string())
    assert area >= 0.85, misses.to_string()
    assert seniority >= 0.85, misses.to_string()


def test_the_coding_frame_lists_every_cue_the_coder_uses(bundled: wg.Graph) -> None:
    # Read the cues straight from the data, then find each in coding_frame()'s columns.
    cues = bundled.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "PREFIX wg: <https://w3id.org/workforce-graph/ontology#> "
        "SELECT ?concept ?cue ?fallback WHERE { ?concept skos:inScheme/a wg:CodingFrame . "
        "{ ?concept skos:altLabel|skos:hiddenLabel|wg:abbreviation ?cue BIND(false AS ?fallback) } "
        "UNION { ?concept wg:fallbackLabel ?cue BIND(true AS ?fallback) } }"
    ).to_pandas()
    assert cues["fallback"].sum() > 0 and (~cues["fallback"]).sum() > 50
    frame = bundled.coding_frame().set_index("concept")
    for row in cues.itertuples():
        listed = frame.loc[row.concept, "fallback_cues" if row.fallback else "synonyms"]
        assert row.cue in listed, (row.concept, row.cue)


def test_result_columns_and_words(bundled: wg.Graph) -> None:
    coded = bundled.code_job_titles(["PMO Officer", "Head of Information Governance", "EPR Trainer"])
    assert list(coded.columns) == [
        "title",
        "area",
        "area_label",
        "area_confidence",
        "area_words",
        "area_reason",
        "seniority",
        "seniority_label",
        "seniority_confidence",
        "seniority_words",
        "seniority_reason",
    ]
    assert coded.loc[0, "area"] == FRAME + "area/portfolio-and-programme-management"
    assert coded.loc[0, "area_words"] == ["PMO"]
    # No seniority word: the frame's unmarked level, with no words.
    assert coded.loc[0, "seniority_label"] == "Standard Role"
    assert coded.loc[0, "seniority_words"] == []
    assert coded.loc[1, "area_words"] == ["Information Governance"]
    assert coded.loc[1, "seniority_words"] == ["Head of"]
    assert coded.loc[1, "area_confidence"] == 1.0
    # The head noun decides: EPR (weight 1) against trainer (weight 1, doubled as the last cue).
    assert coded.loc[2, "area_label"] == "Education & Training"
    assert coded.loc[2, "area_confidence"] == pytest.approx(2 / 3, abs=1e-3)
    assert coded["area_reason"].isna().all()


def test_abbreviations_in_the_graph_drive_the_coding() -> None:
    graph = wg.Graph()
    before = graph.code_job_titles(["PMO Officer", "Information Analyst"])
    assert before["area_label"].tolist() == [
        "Portfolio & Programme Management",
        "Business Intelligence & Analysis",
    ]
    graph.update(
        f"""PREFIX wg: <https://w3id.org/workforce-graph/ontology#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            DELETE DATA {{
              <{FRAME}area/portfolio-and-programme-management> wg:abbreviation "PMO" .
              <{FRAME}area/business-intelligence-and-analysis> skos:altLabel "information analyst"@en .
            }}"""
    )
    after = graph.code_job_titles(["PMO Officer", "Information Analyst"])
    assert after["area_label"].isna().all()
    assert (after["area_reason"] == "no word of the title names a specialist area").all()
    # And a new word added as data codes a title that was uncoded.
    assert graph.code_job_titles(["Astronaut"])["area"].isna().all()
    graph.update(
        f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            INSERT DATA {{
              <{FRAME}area/academia-and-professional-bodies> skos:hiddenLabel "astronaut"@en
            }}"""
    )
    assert graph.code_job_titles(["Astronaut"])["area_label"].tolist() == ["Academia & Professional Bodies"]


def test_uncodable_titles_say_so(bundled: wg.Graph) -> None:
    coded = bundled.code_job_titles(["Astronaut", "", None, "Senior Manager"])
    assert coded["area"].isna().tolist() == [True, True, True, True]
    assert coded["area_reason"].tolist() == [
        "no word of the title names a specialist area",
        "empty title",
        "missing title",
        "no word of the title names a specialist area",
    ]
    assert coded["seniority"].isna().tolist() == [True, True, True, False]
    assert coded.loc[3, "seniority_label"] == "Deputy Head of Service or Senior Manager"
    assert coded.loc[0, "seniority_reason"].startswith("no seniority cue")


def test_low_confidence_is_uncoded_with_the_competing_codes(bundled: wg.Graph) -> None:
    coded = bundled.code_job_titles(["EPR Trainer"], min_confidence=0.8)
    assert pd.isna(coded.loc[0, "area"])
    assert coded.loc[0, "area_reason"] == (
        "confidence 0.67 below 0.80: Education & Training 0.67, Clinical Systems 0.33"
    )
    assert coded.loc[0, "area_words"] == ["EPR", "Trainer"]


def test_series_keeps_its_index(bundled: wg.Graph) -> None:
    titles = pd.Series(["Ward Clerk", "Clinical Coder"], index=["a", "b"], name="job")
    coded = bundled.code_job_titles(titles)
    assert coded.index.tolist() == ["a", "b"]
    assert coded.loc["b", "area_label"] == "Clinical Coding"


def test_bad_arguments(bundled: wg.Graph) -> None:
    with pytest.raises(wg.UnknownNameError):
        bundled.code_job_titles(["IT Manager"], frame="no such frame")
    with pytest.raises(ValueError):
        bundled.code_job_titles(["IT Manager"], min_confidence=1.5)
    with pytest.raises(TypeError):
        bundled.code_job_titles("IT Manager")
    with pytest.raises(TypeError, match=r"expected a job title \(text\), got 3"):
        bundled.code_job_titles([3])


def test_missing_titles_read_the_same_from_any_column(bundled: wg.Graph) -> None:
    """None, NaN, pandas' NA and a polars null are each a missing title: a row with no codes."""
    import polars as pl

    for titles in (
        ["Clinical Coder", None],
        pd.Series(["Clinical Coder", float("nan")]),
        pd.Series(["Clinical Coder", None], dtype="string"),
        pl.Series(["Clinical Coder", None]),
    ):
        coded = bundled.code_job_titles(titles)
        assert coded["area_label"].tolist()[0] == "Clinical Coding", type(titles)
        assert coded["area"].isna().tolist() == [False, True], type(titles)


def test_coding_ten_thousand_titles_keeps_each_title(bundled: wg.Graph) -> None:
    """Every title gets a row in its own order (the speed is measured in benches/coding.py)."""
    gold = pd.read_csv(DATA / "job_titles.csv", dtype=str)
    titles = (gold["title"].tolist() * (10_000 // len(gold) + 1))[:10_000]
    coded = bundled.code_job_titles(titles)
    assert len(coded) == 10_000
    assert coded["title"].tolist() == titles
