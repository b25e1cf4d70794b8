"""The command line: each command against the Python API's answers, exit codes and stderr."""

from __future__ import annotations

import io
import json
import pathlib
import subprocess
import sys

import pandas as pd
import pytest
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
        [sys.executable, "-m", "workforce_graph", "report", "--store", str(blocker)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert run.stderr.startswith("workforce-graph: error:")
    assert run.stdout == ""


# -- query, validate, overlap, gaps, code-titles -------------------------------------------------

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


@pytest.mark.parametrize(
    "command",
    [
        "query",
        "validate",
        "overlap",
        "gaps",
        "code-titles",
        "report",
        "import",
        "import table",
        "import sfia",
        "import esco",
        "import case",
        "import sssom",
        "export",
        "export framework",
        "export case",
        "export sssom",
        "search",
        "frameworks",
        "roles",
        "import-ddat",
    ],
)
def test_every_command_has_help(command: str) -> None:
    run = _cli(*command.split(), "--help")
    assert run.returncode == 0
    assert run.stdout.startswith("usage: workforce-graph " + command)
    # Plain text with an example of the command itself; no reStructuredText markup.
    assert "example" in run.stdout and f"workforce-graph {command}" in run.stdout.split("example")[-1]
    assert "``" not in run.stdout and ":meth:" not in run.stdout


def test_required_options_are_shown_as_required() -> None:
    run = _cli("import", "table", "x.csv")
    assert run.returncode == 2
    assert "the following arguments are required: --framework, --id, --label" in run.stderr
    usage = _cli("import", "table", "--help").stdout.split("\n\n")[0]
    assert "--framework FRAMEWORK" in usage and "[--framework" not in usage


def test_bad_numbers_give_one_line_and_no_traceback() -> None:
    for args in (["gaps", "--max-bodies", "-1"], ["gaps", "--max-bodies", "two"], ["search", "x", "-k", "0"]):
        run = _cli(*args)
        assert run.returncode == 2, args
        assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) <= 3, run.stderr


def test_query_declares_the_usual_prefixes_and_names_an_undeclared_one() -> None:
    run = _cli("query", "-e", "SELECT ?code WHERE { ?f a wg:Framework ; skos:notation ?code }")
    assert run.returncode == 0, run.stderr
    assert "KSF" in run.stdout
    bad = _cli("query", "-e", "SELECT ?s WHERE { ?s ex:p ?o }")
    assert bad.returncode == 1
    assert bad.stderr.count("\n") == 1 and "the prefix ex: is not declared" in bad.stderr


def test_tables_on_a_terminal_show_labels_fit_and_print_counts_as_integers() -> None:
    from workforce_graph.__main__ import format_table

    frame = pd.DataFrame(
        {
            "name": ["A rather long competency name that will not fit on one line"],
            "roles": [3.0],
            "share": [0.25],
        }
    )
    text = format_table(frame, 40)
    assert all(len(line) <= 40 for line in text.splitlines())
    assert "3" in text and "3.0" not in text.replace("0.25", "")
    run = _cli("gaps", "--format", "table", "--max-bodies", "1")
    assert run.returncode == 0, run.stderr
    assert "https://" not in run.stdout and "essential_roles" in run.stdout and "item_label" in run.stdout
    assert ".0 " not in run.stdout
    picked = _cli("gaps", "--columns", "item_label,bodies")
    assert picked.stdout.splitlines()[0] == "item_label,bodies"
    unknown = _cli("gaps", "--columns", "nope")
    assert unknown.returncode == 2 and "the columns are kind" in unknown.stderr


def test_gaps_take_a_kind(bundled: wg.Graph) -> None:
    all_gaps = bundled.coverage_gaps(max_bodies=1)
    kind = str(all_gaps["kind"].iloc[0])
    run = _cli("gaps", "--max-bodies", "1", "--kind", kind)
    assert run.returncode == 0, run.stderr
    assert len(_csv(run.stdout)) == int((all_gaps["kind"] == kind).sum()) > 0
    bad = _cli("gaps", "--kind", "nonsense")
    assert bad.returncode == 2 and "the kinds are" in bad.stderr


def test_console_script_is_installed() -> None:
    script = pathlib.Path(sys.executable).parent / "workforce-graph"
    assert script.exists()
    run = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.startswith("workforce-graph ")


def test_query_csv_matches_the_api(bundled: wg.Graph) -> None:
    sparql = (
        "SELECT ?f ?n WHERE { ?f a <https://w3id.org/workforce-graph/ontology#Framework> ; "
        "<http://www.w3.org/2004/02/skos/core#notation> ?n } ORDER BY ?f"
    )
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
    warnings = int((bundled.validate()["severity"] != "violation").sum())
    assert f", {warnings} warning(s)" in clean.stderr
    broken = _cli("validate", "--load", str(INVALID))
    assert broken.returncode == 1
    violations = _csv(broken.stdout)
    graph = wg.Graph()
    graph.load(INVALID)
    expected = graph.validate()
    expected = expected[expected["severity"] == "violation"]
    assert len(violations) == len(expected) > 0
    assert set(violations["focus_node"]) == set(expected["focus_node"].astype(str))


def test_validate_with_other_shapes(tmp_path: pathlib.Path) -> None:
    data = tmp_path / "framework.ttl"
    data.write_text("<http://example.org/a> a <http://example.org/Competency> .\n")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<http://example.org/S> a sh:NodeShape ; sh:targetClass <http://example.org/Competency> ;\n"
        "  sh:property [ sh:path <http://example.org/label> ; sh:minCount 1 ] .\n"
    )
    run = _cli("validate", "--shapes", str(shapes), "--load", str(data))
    assert run.returncode == 1, run.stderr
    rows = _csv(run.stdout)
    assert list(rows["focus_node"]) == ["http://example.org/a"]
    assert list(rows["shapes_file"]) == [str(shapes)]
    assert run.stderr.startswith("1 violation(s), 0 warning(s)")
    alone = _cli("validate", "--shapes", str(shapes), "--no-bundled", "--load", str(data), "--format", "json")
    assert alone.returncode == 1 and len(json.loads(alone.stdout)) == 1
    # The bundled data has no competency of that class: it conforms to these shapes.
    clean = _cli("validate", "--shapes", str(shapes))
    assert clean.returncode == 0 and clean.stderr.startswith("0 violation(s)")
    missing = _cli("validate", "--shapes", str(tmp_path / "missing.ttl"))
    assert missing.returncode == 1 and missing.stderr.startswith("workforce-graph: error:")


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
    # Every input column is kept (so codes join back to staff ids) and the coded ones are beside them.
    joined = _csv(from_csv.stdout)
    assert joined.columns.tolist() == ["id", "job"] + coded.columns.tolist()[1:]
    assert joined["id"].tolist() == ["1", "2", "3"]
    assert joined.drop(columns=["id", "job"]).equals(coded.drop(columns=["title"]))
    assert "3 titles: 1 could not be coded to a specialist area" in from_csv.stderr
    # A one-column CSV's first line is its header, not a title; "-" reads standard input.
    single = tmp_path / "titles.csv"
    single.write_text("job_title\n" + "\n".join(titles) + "\n")
    assert _csv(_cli("code-titles", str(single)).stdout)["job_title"].tolist() == titles
    piped = subprocess.run(
        [sys.executable, "-m", "workforce_graph", "code-titles", "-"],
        input="\n".join(titles),
        capture_output=True,
        text=True,
    )
    assert _csv(piped.stdout)["title"].tolist() == titles
    several = _cli("code-titles", str(table))
    assert several.returncode == 2 and "--column" in several.stderr
    missing = _cli("code-titles", str(table), "--column", "role")
    assert missing.returncode == 2 and "has no column 'role'" in missing.stderr
    absent = _cli("code-titles", str(tmp_path / "absent.txt"))
    assert absent.returncode == 1 and absent.stderr.startswith("workforce-graph: error:")


# -- import and export -------------------------------------------------------------------------

SKILLS = """code,name,area
A,Analysis,
A1,Statistical modelling,A
A2,Dashboard design,A
"""


def _nquads(graph: wg.Graph, path: pathlib.Path) -> str:
    graph.save(path, format="nquads")
    return "\n".join(sorted(path.read_text(encoding="utf-8").splitlines()))


def test_import_table_into_a_store_then_query_it(tmp_path: pathlib.Path) -> None:
    table = tmp_path / "skills.csv"
    table.write_text(SKILLS, encoding="utf-8")
    store = tmp_path / "store"
    run = _cli(
        "import",
        "table",
        str(table),
        "--framework",
        "Tiny skills",
        "--publisher",
        "Acme Ltd",
        "--id",
        "code",
        "--label",
        "name",
        "--parent",
        "area",
        "--no-progress",
        "--store",
        str(store),
    )
    assert run.returncode == 0, run.stderr
    assert "triples added" in run.stderr
    with wg.Graph.open(store) as graph:
        items = graph.competencies("Tiny skills")
    assert sorted(items["competency_label"]) == ["Analysis", "Dashboard design", "Statistical modelling"]
    # The same import through the API gives the same framework.
    api = wg.Graph()
    api.import_table(
        table,
        framework="Tiny skills",
        publisher="Acme Ltd",
        id="code",
        label="name",
        parent="area",
        progress=False,
    )
    with wg.Graph.open(store) as graph:
        assert len(graph) == len(api)


def test_a_bad_table_is_refused_and_the_store_keeps_what_it_had(tmp_path: pathlib.Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text(SKILLS + "A1,Duplicate,\n", encoding="utf-8")
    store = tmp_path / "store"
    with wg.Graph.open(store) as graph:
        before = _nquads(graph, tmp_path / "before.nq")
    run = _cli(
        "import",
        "table",
        str(table),
        "--framework",
        "Tiny",
        "--id",
        "code",
        "--label",
        "name",
        "--no-progress",
        "--store",
        str(store),
    )
    assert run.returncode == 1
    assert run.stderr.startswith("workforce-graph: error:")
    assert "bad.csv" in run.stderr and "A1" in run.stderr
    with wg.Graph.open(store) as graph:
        assert _nquads(graph, tmp_path / "after.nq") == before


def test_import_without_store_only_checks(tmp_path: pathlib.Path) -> None:
    run = _cli("import", "sssom", str(ROOT / "tests" / "data" / "sssom" / "demo.sssom.tsv"))
    assert run.returncode == 0, run.stderr
    assert "nothing was kept" in run.stderr
    missing = _cli(
        "import", "table", str(tmp_path / "nope.csv"), "--framework", "X", "--id", "a", "--label", "b"
    )
    assert missing.returncode == 1 and "nope.csv" in missing.stderr
    usage = _cli("import", "table", str(tmp_path / "nope.csv"))
    assert usage.returncode == 2 and "--framework" in usage.stderr


def test_overlap_says_when_sfia_is_missing() -> None:
    missing = _cli("overlap", "NCF", "SFIA")
    assert missing.returncode == 1 and "import_sfia" in missing.stderr


@pytest.mark.parametrize(
    ("kind", "source"),
    [("sfia", "sfia/sfia-9-synthetic-skills.csv"), ("esco", "esco/csv")],
)
def test_import_writes_the_graph_to_output(tmp_path: pathlib.Path, kind: str, source: str) -> None:
    # The command gives the graph the API gives: the bundled graph plus the import.
    out = tmp_path / "graph.nq"
    path = ROOT / "tests" / "data" / source
    run = _cli("import", kind, str(path), "--no-progress", "--output", str(out))
    assert run.returncode == 0, run.stderr
    expected = wg.Graph()
    getattr(expected, f"import_{kind}")(path, progress=False)
    written = wg.Graph(bundled=False)
    written.load(out)
    assert len(written) == len(expected)


def test_export_framework_and_sssom_match_the_api(tmp_path: pathlib.Path, bundled: wg.Graph) -> None:
    run = _cli("export", "framework", "DDaT", str(tmp_path / "cli.csv"))
    assert run.returncode == 0, run.stderr
    bundled.export("DDaT", tmp_path / "api.csv")
    assert (tmp_path / "cli.csv").read_text(encoding="utf-8") == (tmp_path / "api.csv").read_text(
        encoding="utf-8"
    )

    run = _cli("export", "sssom", str(tmp_path / "all.sssom.tsv"))
    assert run.returncode == 0, run.stderr
    rows = pd.read_csv(tmp_path / "all.sssom.tsv", sep="\t", comment="#")
    assert len(rows) == len(bundled.mappings().drop_duplicates("mapping"))
    assert f"{len(rows)} mappings written" in run.stderr


def test_export_case_round_trips_through_import(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "pksb.json"
    run = _cli("export", "case", "PKSB", str(path))
    assert run.returncode == 0, run.stderr
    package = json.loads(path.read_text(encoding="utf-8"))
    assert len(package["CFItems"]) > 0
    again = _cli("import", "case", str(path))
    assert again.returncode == 0, again.stderr


# -- commands that read never write ---------------------------------------------------------------


@pytest.mark.skipif(not wg.PERSISTENCE_AVAILABLE, reason="this build has no on-disk storage")
def test_a_reading_command_never_creates_or_changes_a_store(tmp_path: pathlib.Path) -> None:
    missing = tmp_path / "missing"
    run = _cli("query", "--store", str(missing), "-e", "ASK { ?s ?p ?o }")
    assert run.returncode == 1 and "no graph store" in run.stderr
    assert not missing.exists(), "query --store must not create the store"

    store = tmp_path / "store"
    with wg.Graph.open(store, bundled=False) as graph:
        graph.update("INSERT DATA { <http://example.com/a> <http://example.com/p> 1 }")
    extra = tmp_path / "extra.ttl"
    extra.write_text("<http://example.com/b> <http://example.com/p> 2 .\n")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    run = _cli("query", "--store", str(store), "--load", str(extra), "-e", count, "--format", "csv")
    assert run.returncode == 0, run.stderr
    assert _csv(run.stdout)["n"].tolist() == ["2"], "the command sees the store and the extra file"
    with wg.Graph.open(store, read_only=True) as graph:
        assert len(graph) == 1, "the extra file did not go into the store"
    # Only import writes to --store.
    table = tmp_path / "t.csv"
    table.write_text("id,label\nx,X\n")
    run = _cli(
        "import",
        "table",
        str(table),
        "--framework",
        "T",
        "--id",
        "id",
        "--label",
        "label",
        "--store",
        str(store),
        "--no-progress",
    )
    assert run.returncode == 0, run.stderr
    with wg.Graph.open(store, read_only=True) as graph:
        assert len(graph) > 1
