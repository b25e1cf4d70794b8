"""The command line's report on the bundled graph."""

from __future__ import annotations

import subprocess
import sys

import workforce_graph as wg
from workforce_graph import report


def test_report_counts_match_sparql(bundled: wg.Graph) -> None:
    classes = report.by_class(bundled)
    assert (classes["instances"] > 0).all()
    total_typed = bundled.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?c WHERE { ?s a ?c } }")
    assert int(classes["instances"].sum()) == list(total_typed)[0][0]


def test_report_command_prints_the_summary(bundled: wg.Graph) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "workforce_graph", "report"], capture_output=True, text=True, check=True
    ).stdout
    assert f"{len(bundled)} triples" in out
    assert "By class" in out and "By framework" in out


def test_errors_go_to_stderr_with_exit_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    run = subprocess.run(
        [sys.executable, "-m", "workforce_graph", "report", "--store", str(blocker)], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert run.stderr.startswith("workforce-graph: error:")
    assert run.stdout == ""


# -- query, validate, overlap, gaps, code-titles -------------------------------------------------

import io  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
INVALID = ROOT / "ontology" / "examples" / "invalid" / "framework-without-source.ttl"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workforce_graph", *args], capture_output=True, text=True)


def _csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The API's table as the CLI writes it: list cells joined with "; "."""
    joined = frame.map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
    return _csv(joined.to_csv(index=False))


@pytest.mark.parametrize("command", ["query", "validate", "overlap", "gaps", "code-titles", "report"])
def test_every_command_has_help(command: str) -> None:
    run = _cli(command, "--help")
    assert run.returncode == 0
    assert run.stdout.startswith("usage: workforce-graph " + command)


def test_console_script_is_installed() -> None:
    script = pathlib.Path(sys.executable).parent / "workforce-graph"
    assert script.exists()
    run = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.startswith("workforce-graph ")


def test_query_csv_matches_the_api(bundled: wg.Graph) -> None:
    sparql = "SELECT ?f ?n WHERE { ?f a <https://w3id.org/workforce-graph/ontology#Framework> ; " \
        "<http://www.w3.org/2004/02/skos/core#notation> ?n } ORDER BY ?f"
    run = _cli("query", "-e", sparql)  # stdout is a pipe: CSV by default
    assert run.returncode == 0, run.stderr
    expected = bundled.query(sparql)
    assert not isinstance(expected, bool)
    assert _csv(run.stdout).equals(_as_text(expected.to_pandas()))
    assert len(_csv(run.stdout)) > 5


def test_query_file_formats_and_ask(tmp_path: pathlib.Path, bundled: wg.Graph) -> None:
    path = ROOT / "ontology" / "queries" / "competencies-per-framework.rq"
    expected = _csv((path.with_suffix(".expected.csv")).read_text())
    as_json = json.loads(_cli("query", str(path), "--format", "json").stdout)
    assert len(as_json) == len(expected) and list(as_json[0]) == list(expected.columns)
    tsv = _cli("query", str(path), "--format", "tsv").stdout
    assert tsv.splitlines()[0].split("\t") == list(expected.columns)
    table = _cli("query", str(path), "--format", "table").stdout
    assert all(column in table.splitlines()[0] for column in expected.columns)
    assert _cli("query", "-e", "ASK { ?s ?p ?o }").stdout == "true\n"
    assert _cli("query", "-e", "ASK { <urn:x> <urn:y> <urn:z> }").stdout == "false\n"
    extra = tmp_path / "extra.ttl"
    extra.write_text("<urn:x> <urn:y> <urn:z> .\n")
    assert _cli("query", "-e", "ASK { <urn:x> <urn:y> <urn:z> }", "--load", str(extra)).stdout == "true\n"


def test_query_errors() -> None:
    run = _cli("query")
    assert run.returncode == 2 and run.stderr.startswith("workforce-graph: error: give a query FILE")
    run = _cli("query", "-e", "SELECT nonsense")
    assert run.returncode == 1 and run.stderr.startswith("workforce-graph: error:") and run.stdout == ""
    run = _cli("query", "--format", "xml", "-e", "ASK {}")
    assert run.returncode == 2 and "invalid choice" in run.stderr
    assert _cli("no-such-command").returncode == 2


def test_validate_exit_codes(bundled: wg.Graph) -> None:
    clean = _cli("validate")
    assert clean.returncode == 0, clean.stdout
    assert clean.stderr.startswith("0 violation(s)")
    warnings = int((bundled.validate()["severity"] != "Violation").sum())
    assert f", {warnings} warning(s)" in clean.stderr
    broken = _cli("validate", "--load", str(INVALID))
    assert broken.returncode == 1
    violations = _csv(broken.stdout)
    graph = wg.Graph()
    graph.load(INVALID)
    expected = graph.validate()
    expected = expected[expected["severity"] == "Violation"]
    assert len(violations) == len(expected) > 0
    assert set(violations["focus_node"]) == set(expected["focus_node"].astype(str))


def test_overlap_matches_the_api(bundled: wg.Graph) -> None:
    run = _cli("overlap", "DDaT", "NCF")
    assert run.returncode == 0, run.stderr
    assert _csv(run.stdout).equals(_as_text(bundled.framework_overlap(["DDaT", "NCF"])))
    pairs = _cli("overlap", "DDaT", "NCF", "--pairs")
    assert len(_csv(pairs.stdout)) == len(bundled.crosswalk("DDaT", "NCF")) > 0
    unknown = _cli("overlap", "DDaT", "Nonesuch")
    assert unknown.returncode == 1 and unknown.stderr.startswith("workforce-graph: error:")


def test_gaps_match_the_api(bundled: wg.Graph) -> None:
    run = _cli("gaps", "--max-bodies", "1")
    assert run.returncode == 0, run.stderr
    assert _csv(run.stdout).equals(_as_text(bundled.coverage_gaps(max_bodies=1)))


def test_code_titles_from_text_and_csv(tmp_path: pathlib.Path, bundled: wg.Graph) -> None:
    titles = ["Head of Information Governance", "Ward Clerk", "Astronaut"]
    text = tmp_path / "titles.txt"
    text.write_text("\n".join(titles) + "\n\n")
    run = _cli("code-titles", str(text))
    assert run.returncode == 0, run.stderr
    coded = _csv(run.stdout)
    expected = bundled.code_job_titles(titles)
    assert coded["title"].tolist() == titles
    assert coded["area_label"].tolist() == ["Information Governance & Data Quality", "Other", ""]
    assert coded["seniority"].tolist() == expected["seniority"].fillna("").tolist()
    assert coded["area_words"].tolist() == ["Information Governance", "Ward Clerk", ""]
    table = tmp_path / "staff.csv"
    pd.DataFrame({"id": [1, 2, 3], "job": titles}).to_csv(table, index=False)
    from_csv = _cli("code-titles", str(table), "--column", "job")
    assert _csv(from_csv.stdout).equals(coded)
    missing = _cli("code-titles", str(table), "--column", "role")
    assert missing.returncode == 2 and "has no column 'role'" in missing.stderr
    absent = _cli("code-titles", str(tmp_path / "absent.txt"))
    assert absent.returncode == 1 and absent.stderr.startswith("workforce-graph: error:")
