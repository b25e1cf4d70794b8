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
