"""Finding things: search, one definition of a framework, unique codes, the notebook summary, and
the CLI's search, frameworks and roles commands."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
import workforce_graph as wg
from workforce_graph import report


def _cli(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workforce_graph", *args], capture_output=True, text=True, input=input
    )


SEARCH_COLUMNS = [
    "kind",
    "item",
    "item_label",
    "item_code",
    "framework",
    "framework_label",
    "framework_code",
    "score",
    "matched",
    "matched_in",
]


def test_search_ranks_labels_first_and_says_which_words_matched(bundled: wg.Graph) -> None:
    hits = bundled.search("data analyst")
    assert list(hits.columns) == SEARCH_COLUMNS
    assert 0 < len(hits) <= 20
    assert hits["score"].is_monotonic_decreasing
    top = hits.iloc[0]
    assert top["item_label"].lower() == "data analyst" and top["kind"] == "role"
    assert top["framework_code"] == "DDaT"
    assert sorted(top["matched"]) == ["analyst", "data"] and list(top["matched_in"]) == ["label"]
    assert top["score"] == 1.0


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("information governance", "specialist_area", "Information Governance & Data Quality"),
        ("KSF", "framework", "NHS Knowledge and Skills Framework"),
        ("CILIP", "professional_body", None),
        ("chartered", "offer", None),
        ("receptionists", "publication", None),
        ("head of service", "level", "Head of Service"),
    ],
)
def test_search_covers_every_kind(bundled: wg.Graph, text: str, kind: str, label: str | None) -> None:
    hits = bundled.search(text, kind=kind, k=5)
    assert len(hits) > 0 and set(hits["kind"]) == {kind}
    if label is not None:
        assert label in set(hits["item_label"])


def test_search_kinds_include_competencies_roles_and_role_levels(bundled: wg.Graph) -> None:
    kinds = set(bundled.search("data", k=500)["kind"])
    assert {"competency", "role", "role_level", "framework", "publication"} <= kinds


def test_search_filters_by_framework_and_finds_abbreviations(bundled: wg.Graph) -> None:
    in_ksf = bundled.search("communication", framework="KSF")
    assert len(in_ksf) > 0 and set(in_ksf["framework_code"].dropna()) == {"KSF"}
    ig = bundled.search("IG", kind="specialist_area")
    assert ig.iloc[0]["item_label"] == "Information Governance & Data Quality"


def test_search_rejects_bad_arguments_in_one_line(bundled: wg.Graph) -> None:
    with pytest.raises(ValueError, match="k must be at least 1, not -1"):
        bundled.search("data", k=-1)
    with pytest.raises(TypeError, match="k must be a whole number"):
        bundled.search("data", k="5")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="the kinds are framework"):
        bundled.search("data", kind="gadget")
    with pytest.raises(ValueError, match="no word to look for"):
        bundled.search("  the  ")
    with pytest.raises(wg.UnknownNameError):
        bundled.search("data", framework="Nonesuch")
    assert bundled.search("zzzyzzx").empty


def test_one_definition_of_a_framework(bundled: wg.Graph) -> None:
    schemes = bundled.schemes()
    assert set(schemes["kind"]) == {"framework", "scale", "coding_frame", "vocabulary"}
    frameworks = schemes[schemes["kind"] == "framework"]
    assert set(frameworks["scheme"]) == set(bundled.frameworks()["framework"])
    assert set(report.by_framework(bundled)["scheme"]) == set(bundled.frameworks()["framework"])
    # The controlled vocabularies are listed apart, not as frameworks.
    vocabularies = set(schemes.loc[schemes["kind"] == "vocabulary", "scheme_label"])
    assert {"units", "access types", "publication types", "offer types"} <= vocabularies
    assert not vocabularies & set(bundled.frameworks()["framework_label"])


def test_every_scheme_code_is_unique(bundled: wg.Graph) -> None:
    codes = bundled.schemes()["scheme_code"].dropna()
    assert codes.is_unique, codes[codes.duplicated(keep=False)].tolist()
    # SfH-CF is the framework; its level scale has its own code.
    assert bundled.competencies("SfH-CF").empty
    assert bundled.schemes().set_index("scheme_code").loc["SfH-CF", "kind"] == "framework"
    assert bundled.schemes().set_index("scheme_code").loc["SfH-CF-L", "kind"] == "scale"


def test_the_printed_report_counts_what_frameworks_lists(bundled: wg.Graph) -> None:
    out = _cli("report").stdout
    assert f"By framework ({len(bundled.frameworks())} frameworks):" in out
    assert "Controlled vocabularies (" in out and "Level scales (" in out
    framework_block = out.split("By framework")[1].split("Level scales")[0]
    assert "access types" not in framework_block and "units" not in framework_block


def test_repr_html_is_a_short_summary(bundled: wg.Graph) -> None:
    page = bundled._repr_html_()
    counts = report.counts(bundled)
    assert f"{len(bundled):,} triples" in page
    assert f"{counts['frameworks']} frameworks" in page and f"{counts['bodies']} professional bodies" in page
    assert f"{counts['publications']} publications" in page
    assert page.count("<tr>") == counts["frameworks"] + 1
    assert len(page) < 5000
    empty = wg.Graph(bundled=False)
    assert "0 triples" in empty._repr_html_()


def test_cli_search_frameworks_and_roles_print_the_api_answers(bundled: wg.Graph) -> None:
    run = _cli("search", "information governance", "--format", "json")
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    expected = bundled.search("information governance")
    assert [r["item"] for r in rows] == expected["item"].tolist()
    assert "\\/" not in run.stdout and "https://w3id.org/" in run.stdout  # slashes are not escaped
    table = _cli("search", "data analyst", "--format", "table", "-k", "3").stdout
    assert "Data analyst" in table and "https://" not in table
    assert "https://" in _cli("search", "data analyst", "--format", "table", "--iris").stdout
    frameworks = _cli("frameworks", "--format", "table").stdout
    for code in bundled.frameworks()["framework_code"]:
        assert code in frameworks
    assert "access types" not in frameworks and "access types" in _cli("frameworks", "--all").stdout
    roles = pd.read_csv(__import__("io").StringIO(_cli("roles", "--framework", "DDaT").stdout))
    assert len(roles) == len(bundled.roles("DDaT"))
    bad = _cli("search", "data", "-k", "-1")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda g: g.similar_roles("Data analyst", k=-1), ValueError, "k must be at least 1, not -1"),
        (lambda g: g.next_roles("Data analyst", k=-1), ValueError, "k must be at least 1, not -1"),
        (
            lambda g: g.similar_roles("Data analyst", k=2.5),
            TypeError,
            "k must be a whole number, not float 2.5",
        ),
        (lambda g: g.coverage_gaps(max_bodies=-1), ValueError, "max_bodies must be at least 0, not -1"),
        (lambda g: g.evidence_gaps(since="2020"), TypeError, "since must be a year as a whole number"),
    ],
)
def test_bad_arguments_give_one_clear_line(
    bundled: wg.Graph, call: object, error: type, message: str
) -> None:
    with pytest.raises(error) as raised:
        call(bundled)  # type: ignore[operator]
    text = str(raised.value)
    assert message in text and "\n" not in text and "PyInt" not in text and "unsigned" not in text


def test_defaults_still_apply(bundled: wg.Graph) -> None:
    # k defaults to 10 per query; the DDaT role "Data analyst" stands for each of its levels.
    similar = bundled.similar_roles("Data analyst")
    assert similar.groupby("query").size().eq(10).all() and similar["query"].nunique() > 1
    assert len(bundled.evidence_gaps(since=2020)) > 0
    assert len(bundled.coverage_gaps()) > 0
