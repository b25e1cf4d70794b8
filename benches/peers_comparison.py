#!/usr/bin/env python3
"""Benchmarks against the tools an analyst would otherwise use, on the same data in one run.

On the ESCO-shaped graph from ``../shared/bench/gen_esco_like.py 3000`` (about 210,000 triples),
each tool runs in its own fresh process (so peak memory is comparable) and does:

- ``load``: read the N-Triples file into its store (pyoxigraph: ``Store.bulk_load``; rdflib:
  ``Graph.parse``; workforce-graph: ``Graph(bundled=False).load``);
- ``table``: the 60,000-row role-skill query of ``../shared/bench/peers.py`` into a pandas
  DataFrame (pyoxigraph and rdflib: a DataFrame built from Python objects, as in peers.py);
- peak resident memory of the whole process right after loading, before any query;
- the analyses of issue 4: all role pairs sharing at least 5 essential skills (workforce-graph's
  native engine, pyoxigraph's SPARQL self-join, and a hand-written scipy sparse product on
  already-parsed data), the 10 roles most like one role, and the essential skills no professional
  body covers with how many roles need each.

The figures of workforce-graph and pyoxigraph that vary most from one process to the next (the
load, peak memory, the table and ``similar_roles``, a call of well under a millisecond for
workforce-graph) are also taken in ``--process-runs`` more fresh processes of each, alternating
between the two, and the medians over all their processes are compared (with their range).

Prints each figure and the ratios; ratios are what to compare across machines.

usage: benches/peers_comparison.py [--size N] [--runs R] [--process-runs P] [--skip-slow] [--peers workforce-graph,pyoxigraph,scipy,rdflib]
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED_BENCH = ROOT.parent / "shared" / "bench"
sys.path.insert(0, str(SHARED_BENCH))

P = (
    "PREFIX esco: <http://data.europa.eu/esco/model#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX ex: <http://example.org/bench/>\n"
)
ALL_PAIRS = (
    P
    + """SELECT ?a ?b (COUNT(?s) AS ?shared) WHERE {
    ?a esco:hasEssentialSkill ?s . ?b esco:hasEssentialSkill ?s . FILTER(STR(?a) < STR(?b)) }
    GROUP BY ?a ?b HAVING (COUNT(?s) >= 5)"""
)
SIMILAR = (
    P
    + """SELECT ?o (COUNT(?s) AS ?shared) WHERE {
    <http://example.org/bench/occupation/7> esco:hasEssentialSkill ?s .
    ?o esco:hasEssentialSkill ?s . FILTER(?o != <http://example.org/bench/occupation/7>) }
    GROUP BY ?o ORDER BY DESC(?shared) LIMIT 10"""
)
GAPS = (
    P
    + """SELECT ?s (COUNT(?o) AS ?roles) WHERE {
    ?o esco:hasEssentialSkill ?s . FILTER NOT EXISTS { ?b ex:covers ?s } }
    GROUP BY ?s ORDER BY DESC(?roles) LIMIT 100"""
)
ROLE = "http://example.org/bench/occupation/7"

TABLE = (
    "PREFIX esco: <http://data.europa.eu/esco/model#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "SELECT ?o ?ol ?s ?sl WHERE {\n"
    "    ?o esco:hasEssentialSkill ?s . ?o skos:prefLabel ?ol . ?s skos:prefLabel ?sl }"
)


def data_file(size: int) -> pathlib.Path:
    cache = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"esco_like_{size}.nt"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(SHARED_BENCH / "gen_esco_like.py"), str(size), str(path)], check=True
        )
    return path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best(f, runs: int) -> tuple[float, int]:
    """Median seconds of ``runs`` calls of ``f`` and the size of its last result."""
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        size = f()
        times.append(time.perf_counter() - started)
    return statistics.median(times), size


# Calls of similar_roles timed per process (the median counts).
SIMILAR_RUNS = {"workforce-graph": 50, "pyoxigraph": 20}
# The figures main() takes from every process of workforce-graph and pyoxigraph.
PER_PROCESS = ("load_s", "load_peak_rss_mb", "table_s", "similar_roles")


def per_process_figures(
    peer: str, load: float, memory: float, table, similar, runs: int
) -> dict[str, object]:
    """The figures that vary most between processes (``PER_PROCESS``), in a worker's result shape."""
    table_s, rows = best(table, runs)
    return {
        "peer": peer,
        "load_s": load,
        "load_peak_rss_mb": memory,
        "table_s": table_s,
        "table_rows": rows,
        "analyses": {"similar_roles": best(similar, SIMILAR_RUNS[peer])},
    }


def worker(peer: str, path: str, runs: int, slow: bool, quick: bool = False) -> dict[str, object]:
    """One peer's figures, in this (fresh) process; with ``quick`` (workforce-graph and
    pyoxigraph only), just those that vary most between processes (``per_process_figures``)."""
    import pandas as pd

    analyses: dict[str, tuple[float, int]] = {}

    if peer == "workforce-graph":
        import workforce_graph as wg

        started = time.perf_counter()
        graph = wg.Graph(bundled=False)
        graph.load(path)
        load = time.perf_counter() - started
        memory = peak_rss_mb()
        size = len(graph)

        def table() -> int:
            return len(graph.query(TABLE).to_pandas())

        def similar() -> int:
            return len(graph.similar_roles(ROLE, k=10))

        if quick:
            similar()  # builds the requirement index once
            return per_process_figures(peer, load, memory, table, similar, runs)

        started = time.perf_counter()
        graph.role_overlap(min_shared=1000)  # builds the requirement index once
        analyses["index_build"] = (time.perf_counter() - started, 0)
        analyses["all_pairs"] = best(lambda: len(graph.role_overlap(min_shared=5, essential_only=True)), runs)
        analyses["similar_roles"] = best(similar, SIMILAR_RUNS[peer])
        covers = ["http://example.org/bench/covers"]

        def gaps() -> int:
            # The peers' rows: essential skills nothing covers (tests/test_analyses.py checks they agree).
            found = graph.coverage_gaps(predicates=covers)
            return int(((found["kind"] == "competency") & (found["essential_roles"] > 0)).sum())

        analyses["gaps"] = best(gaps, runs)

    elif peer == "pyoxigraph":
        import pyoxigraph as ox

        started = time.perf_counter()
        store = ox.Store()
        store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
        load = time.perf_counter() - started
        memory = peak_rss_mb()
        size = len(store)

        def run(query: str) -> int:
            result = store.query(query)
            names = [v.value for v in result.variables]
            rows = [[None if t is None else t.value for t in solution] for solution in result]
            return len(pd.DataFrame(rows, columns=names))

        def table() -> int:
            return run(TABLE)

        def similar() -> int:
            return run(SIMILAR)

        if quick:
            return per_process_figures(peer, load, memory, table, similar, runs)
        if slow:
            analyses["all_pairs"] = best(lambda: run(ALL_PAIRS), 1)
        analyses["similar_roles"] = best(similar, SIMILAR_RUNS[peer])
        analyses["gaps"] = best(lambda: run(GAPS.replace("LIMIT 100", "")), 3)

    elif peer == "rdflib":
        import rdflib

        started = time.perf_counter()
        rdf = rdflib.Graph()
        rdf.parse(path, format="nt")
        load = time.perf_counter() - started
        memory = peak_rss_mb()
        size = len(rdf)
        runs = 1  # about ten seconds a run

        def table() -> int:
            result = rdf.query(TABLE)
            rows = [[None if t is None else str(t) for t in row] for row in result]
            return len(pd.DataFrame(rows, columns=[str(v) for v in result.vars]))

    elif peer == "scipy":
        import numpy as np
        import scipy.sparse as sp

        started = time.perf_counter()
        df = pd.read_csv(path, sep=" ", header=None, usecols=[0, 1, 2], names=["s", "p", "o"], quoting=3)
        essential = df[df.p == "<http://data.europa.eu/esco/model#hasEssentialSkill>"]
        occupations = essential.s.astype("category")
        skills = essential.o.astype("category")
        matrix = sp.csr_matrix(
            (np.ones(len(essential), dtype=np.int32), (occupations.cat.codes, skills.cat.codes))
        )
        load = time.perf_counter() - started
        size = len(df)

        def pairs() -> int:
            product = sp.triu(matrix @ matrix.T, k=1).tocoo()
            return int((product.data >= 5).sum())

        analyses["all_pairs"] = best(pairs, runs)
        return {
            "peer": peer,
            "triples": size,
            "load_s": load,
            "load_peak_rss_mb": peak_rss_mb(),
            "table_s": None,
            "table_rows": None,
            "analyses": analyses,
        }
    else:
        raise SystemExit(f"unknown peer {peer}")
    times, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        rows = table()
        times.append(time.perf_counter() - started)
    return {
        "peer": peer,
        "triples": size,
        "load_s": load,
        "load_peak_rss_mb": memory,
        "table_s": statistics.median(times),
        "table_rows": rows,
        "analyses": analyses,
    }


def combine_processes(result: dict, others: list[dict]) -> dict[str, str]:
    """Puts in ``result`` (a peer's full run) the median of each ``PER_PROCESS`` figure over it and
    ``others`` (its quick runs); gives each time figure's spread, as printed."""
    processes = [result, *others]

    def figure(r: dict, name: str) -> float:
        return r["analyses"][name][0] if name in r["analyses"] else r[name]

    spreads = {}
    for name in PER_PROCESS:
        values = [figure(r, name) for r in processes]
        median = statistics.median(values)
        if name in result["analyses"]:
            result["analyses"][name] = (median, result["analyses"][name][1])
        else:
            result[name] = median
        if name != "load_peak_rss_mb":
            scale, unit = (1000, "ms") if name in result["analyses"] else (1, "s")
            spreads[name] = (
                f" (median of {len(values)} processes, {min(values) * scale:.3f} to"
                f" {max(values) * scale:.3f} {unit})"
            )
    return spreads


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=3000, help="occupations (3000 is ESCO scale)")
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each query (median reported)")
    parser.add_argument("--peers", default="workforce-graph,pyoxigraph,scipy,rdflib")
    parser.add_argument(
        "--skip-slow", action="store_true", help="skip pyoxigraph's all-pairs SPARQL (about 40 s)"
    )
    parser.add_argument(
        "--process-runs",
        type=int,
        default=5,
        help="more fresh processes of workforce-graph and pyoxigraph, alternating, for the figures "
        "that vary most between processes: load, peak memory, table, similar_roles (median reported)",
    )
    parser.add_argument("--quick", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.runs, not args.skip_slow, args.quick)))
        return

    path = data_file(args.size)
    print(f"data: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    peers = args.peers.split(",")

    def run_worker(peer: str, *extra: str) -> dict:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--worker",
                peer,
                "--data",
                str(path),
                "--runs",
                str(args.runs),
                *extra,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return json.loads(out.strip().splitlines()[-1])

    # Loads vary by 20 to 40% between processes here, and similar_roles (under a millisecond for
    # workforce-graph, a few for pyoxigraph) by up to 2x, so the two fast stores also run in
    # several fresh processes, alternating, and the medians over all of them are compared.
    extra: dict[str, list[dict]] = {peer: [] for peer in peers if peer in SIMILAR_RUNS}
    for _ in range(args.process_runs):
        for peer, runs in extra.items():
            runs.append(run_worker(peer, "--quick"))
    results = {}
    spreads: dict[str, dict[str, str]] = {}
    for peer in peers:
        results[peer] = r = run_worker(peer, *(["--skip-slow"] if args.skip_slow else []))
        spreads[peer] = {} if not extra.get(peer) else combine_processes(r, extra[peer])
        table = (
            f"table->pandas {r['table_s']:7.3f} s{spreads[peer].get('table_s', '')} ({r['table_rows']} rows)"
            if r["table_s"] is not None
            else ""
        )
        print(
            f"{peer:16s} load {r['load_s']:7.3f} s{spreads[peer].get('load_s', '')}"
            f"  peak RSS after load {r['load_peak_rss_mb']:7.1f} MB  {table}"
        )
        for task, (seconds, size) in r["analyses"].items():
            print(
                f"{'':16s}   {task:14s} {seconds * 1000:10.2f} ms  (result size {size})"
                f"{spreads[peer].get(task, '')}"
            )
    ours = results.get("workforce-graph")
    if not ours:
        return
    rows = {r["table_rows"] for r in results.values() if r["table_rows"] is not None}
    assert len(rows) == 1, f"peers disagree on the table's rows: {rows}"
    pairs = {
        peer: r["analyses"]["all_pairs"][1] for peer, r in results.items() if "all_pairs" in r["analyses"]
    }
    assert len(set(pairs.values())) <= 1, f"peers disagree on the number of role pairs: {pairs}"
    print("\nratios (peer time / workforce-graph time; above 1 means workforce-graph is faster):")
    for peer, r in results.items():
        if peer == "workforce-graph":
            continue
        parts = [f"load x{r['load_s'] / ours['load_s']:6.2f}"]
        if r["table_s"] is not None:
            parts.append(f"table->pandas x{r['table_s'] / ours['table_s']:6.2f}")
            parts.append(f"peak memory {ours['load_peak_rss_mb'] / r['load_peak_rss_mb']:.2f} of theirs")
        for task, (seconds, _) in r["analyses"].items():
            parts.append(f"{task} x{seconds / ours['analyses'][task][0]:7.1f}")
        print(f"  vs {peer:11s} " + "   ".join(parts))


if __name__ == "__main__":
    main()
