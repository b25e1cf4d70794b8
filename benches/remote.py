#!/usr/bin/env python3
"""A shared graph over loopback: workforce-graph's SPARQL client against the Python clients an
analyst would otherwise use, and push against ``oxigraph load``.

On the ESCO-shaped graph of ``../shared/bench/gen_esco_like.py 3000`` (about 210,000 triples)
served by ``oxigraph serve`` on 127.0.0.1, the 60,000-row role-skill table query into a pandas
DataFrame through:

- ``Graph.connect(...).query(...).to_pandas()`` (this library: streamed SPARQL TSV into typed
  columns, Arrow into pandas);
- rdflib's ``SPARQLStore`` (a DataFrame built from its rows);
- ``SPARQLWrapper`` with JSON results and pandas (the recipe most tutorials give);
- the embedded graph (``Graph(bundled=False)`` with the same file loaded), for the ratio to local;
- the server's answer alone, read and thrown away, in each format it writes (TSV, the format
  ``Graph.connect`` asks ``oxigraph serve`` for, JSON, XML, CSV): the floor any client of that
  server stands on, so that the rest of a client's time is its own.

``Graph.connect``'s own time is split into the request (the server's answer, read and parsed into
typed columns as it arrives) and the conversion to pandas.

Then the analyses on a remote graph, on this graph and on the bundled one: ``role_overlap()`` and
``coverage_gaps()`` on a local copy of only the triples each reads (what ``RemoteGraph`` does)
against the same analysis on a copy of the server's whole default graph (``snapshot()``, what it
did before), with the number of triples each copy holds.

Then publishing the file: ``Graph.push`` (Graph Store Protocol, 50,000-triple chunks through a
staging graph) into a running server against ``oxigraph load`` into a stopped server's directory.
Each figure is the median of ``--runs`` runs. Prints seconds and ratios; ratios are what to compare
across machines. Not a test: ``make bench`` runs it.

usage: benches/remote.py [--size N] [--runs R]
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable

import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED_BENCH = ROOT.parent / "shared" / "bench"
sys.path.insert(0, str(ROOT / "tests"))

import workforce_graph as wg
from servers import OxigraphServer, oxigraph_command

FORMATS = {
    "TSV": "text/tab-separated-values",
    "JSON": "application/sparql-results+json",
    "XML": "application/sparql-results+xml",
    "CSV": "text/csv",
}
FLOOR = "server answer alone (TSV, dropped)"
CONNECT = "workforce-graph Graph.connect"
TABLE = (
    "PREFIX esco: <http://data.europa.eu/esco/model#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "SELECT ?o ?ol ?s ?sl WHERE {\n"
    "    ?o esco:hasEssentialSkill ?s . ?o skos:prefLabel ?ol . ?s skos:prefLabel ?sl }"
)


def median_seconds(run: Callable[[], object], runs: int) -> tuple[float, object]:
    times = []
    result: object = None
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def answer_alone(endpoint: str, media_type: str) -> int:
    """The bytes of the answer in ``media_type``, read in 1 MiB blocks and dropped."""
    request = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode({"query": TABLE}).encode(),
        headers={"Accept": media_type},
    )
    size = 0
    with urllib.request.urlopen(request) as response:
        while block := response.read(1 << 20):
            size += len(block)
    return size


def via_rdflib(endpoint: str) -> pd.DataFrame:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(endpoint, returnFormat="json")
    rows = store.query(TABLE)
    variables = [str(v) for v in rows.vars]
    frame = pd.DataFrame(
        [[None if v is None else v.toPython() for v in row] for row in rows], columns=variables
    )
    store.close()
    return frame


def via_sparqlwrapper(endpoint: str) -> pd.DataFrame:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(TABLE)
    client.setReturnFormat(JSON)
    answer = client.queryAndConvert()
    assert isinstance(answer, dict)
    variables = answer["head"]["vars"]
    records = [{v: b[v]["value"] for v in variables if v in b} for b in answer["results"]["bindings"]]
    return pd.DataFrame.from_records(records, columns=variables)


def analyses_on_a_copy(remote: wg.RemoteGraph, runs: int, what: str) -> None:
    """Prints ``role_overlap()`` and ``coverage_gaps()`` on ``remote``: on a copy of the whole
    default graph (before) and on a copy of what each reads (now), medians of ``runs``."""
    print(f"\nanalyses on the remote graph ({what}), median seconds:")
    print(f"  triples copied: whole graph {len(remote.snapshot()):,}", end="")
    for reads in ("roles", "coverage"):
        print(f", {reads} {len(remote._analysis_copy(reads)):,}", end="")
    print()
    for name in ("role_overlap", "coverage_gaps"):
        whole, expected = median_seconds(lambda name=name: getattr(remote.snapshot(), name)(), runs)
        part, answer = median_seconds(lambda name=name: getattr(remote, name)(), runs)
        assert isinstance(answer, pd.DataFrame) and isinstance(expected, pd.DataFrame)
        assert len(answer) == len(expected), (name, len(answer), len(expected))
        print(
            f"  {name:14} whole-graph copy {whole:7.3f}   copy of what it reads {part:7.3f}   ratio {part / whole:5.2f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size", type=int, default=3000, help="occupations in the generated graph (default 3000)"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per figure; the median counts (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wg-remote-bench-") as work:
        workdir = pathlib.Path(work)
        data = workdir / "esco.nt"
        subprocess.run(
            [sys.executable, str(SHARED_BENCH / "gen_esco_like.py"), str(args.size), str(data)], check=True
        )
        local = wg.Graph(bundled=False)
        local.load(data)
        print(f"graph: {len(local):,} triples ({args.size} occupations)")

        # Publishing: oxigraph load into a stopped server's directory, then Graph.push into a live one.
        loaded_dir = workdir / "loaded"
        loaded_dir.mkdir()  # oxigraph load creates the store directory, not its parents
        load_time, _ = median_seconds(
            lambda: subprocess.run(
                [
                    oxigraph_command(),
                    "load",
                    "--location",
                    str(loaded_dir / str(time.monotonic_ns())),
                    "--file",
                    str(data),
                ],
                check=True,
                capture_output=True,
            ),
            args.runs,
        )
        server = OxigraphServer(workdir / "served").start()
        try:
            remote = wg.Graph.connect(
                server.query, update_endpoint=server.update, store_endpoint=server.store
            )
            push_time, _ = median_seconds(lambda: local.push(remote, replace=True, progress=False), args.runs)
            assert len(remote) == len(local)

            frames: dict[str, pd.DataFrame] = {}
            parts: dict[str, list[float]] = {"request (read, parsed)": [], "to_pandas": []}

            def connect_in_parts() -> pd.DataFrame:
                started = time.perf_counter()
                result = remote.query(TABLE)
                answered = time.perf_counter()
                frame = result.to_pandas()
                parts["request (read, parsed)"].append(answered - started)
                parts["to_pandas"].append(time.perf_counter() - answered)
                return frame

            clients: dict[str, Callable[[], object]] = {
                "workforce-graph (local)": lambda: local.query(TABLE).to_pandas(),
                CONNECT: connect_in_parts,
                "SPARQLWrapper + pandas": lambda: via_sparqlwrapper(server.query),
                "rdflib SPARQLStore": lambda: via_rdflib(server.query),
            }
            for format_name, media_type in FORMATS.items():
                clients[f"server answer alone ({format_name}, dropped)"] = lambda media_type=media_type: (
                    answer_alone(server.query, media_type)
                )
            # Round by round, one run of each client per round, so that a change in the load of a
            # shared machine falls on all of them alike.
            runs: dict[str, list[float]] = {name: [] for name in clients}
            for round_ in range(args.runs):
                for name, run in clients.items():
                    # rdflib is slow: fewer runs keep the benchmark short without changing its median much.
                    if name.startswith("rdflib") and round_ >= max(1, args.runs // 2):
                        continue
                    took, result = median_seconds(run, 1)
                    runs[name].append(took)
                    if isinstance(result, pd.DataFrame):
                        frames[name] = result
            timings = {name: statistics.median(values) for name, values in runs.items()}
            analyses_on_a_copy(remote, args.runs, f"this graph, {len(local):,} triples")
        finally:
            server.stop()
        bundled = wg.Graph()
        server = OxigraphServer(workdir / "bundled").start()
        try:
            remote = wg.Graph.connect(
                server.query, update_endpoint=server.update, store_endpoint=server.store
            )
            bundled.push(remote, replace=True, progress=False)
            analyses_on_a_copy(remote, args.runs, f"the bundled graph, {len(bundled):,} triples")
        finally:
            server.stop()

    rows = {len(frame) for frame in frames.values()}
    assert len(rows) == 1, f"the clients disagree on the number of rows: {rows}"
    print(f"\n60,000-row table query into pandas ({rows.pop():,} rows), median seconds:")
    for name, seconds in timings.items():
        print(f"  {name:36} {seconds:8.3f}")
    for name, values in parts.items():
        print(f"    Graph.connect {name:20} {statistics.median(values):8.3f}")
    connect = timings[CONNECT]
    print("\nratios (Graph.connect time / other time; below 1 means Graph.connect is faster):")
    for name, seconds in timings.items():
        if name != CONNECT and not name.startswith("server answer alone"):
            print(f"  vs {name:29} {connect / seconds:8.2f}")
    print(
        f"  Graph.connect beyond the server's answer: {connect - timings[FLOOR]:.3f} s "
        f"(local query: {timings['workforce-graph (local)']:.3f} s)"
    )
    print(f"\npublishing {len(local):,} triples, median seconds:")
    print(f"  Graph.push (live server, staged)   {push_time:8.3f}")
    print(f"  oxigraph load (stopped server)     {load_time:8.3f}")
    print(f"  ratio push / oxigraph load         {push_time / load_time:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
