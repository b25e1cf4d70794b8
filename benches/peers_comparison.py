#!/usr/bin/env python3
"""Benchmarks against the tools an analyst would otherwise use, on the same data in one run.

On the ESCO-shaped graph from ``../shared/bench/gen_esco_like.py 3000`` (about 210,000 triples),
each tool runs in its own fresh process (so peak memory is comparable) and does:

- ``load``: read the N-Triples file into its store (pyoxigraph: ``Store.bulk_load``; rdflib:
  ``Graph.parse``; workforce-graph: ``Graph(bundled=False).load``); workforce-graph and pyoxigraph
  load ``--load-runs`` more times, alternating, each in a fresh process, and the medians count;
- ``table``: the 60,000-row role-skill query of ``../shared/bench/peers.py`` into a pandas
  DataFrame (pyoxigraph and rdflib: a DataFrame built from Python objects, as in peers.py);
- peak resident memory of the whole process right after loading, before any query;
- the analyses of issue 4: all role pairs sharing at least 5 essential skills (workforce-graph's
  native engine, pyoxigraph's SPARQL self-join, and a hand-written scipy sparse product on
  already-parsed data), the 10 roles most like one role, and the essential skills no professional
  body covers with how many roles need each.

Prints each figure and the ratios; ratios are what to compare across machines.

usage: benches/peers_comparison.py [--size N] [--runs R] [--load-runs L] [--skip-slow] [--peers workforce-graph,pyoxigraph,scipy,rdflib]
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


def worker(peer: str, path: str, runs: int, slow: bool, load_only: bool = False) -> dict[str, object]:
    """One peer's figures, in this (fresh) process; with ``load_only`` (workforce-graph and
    pyoxigraph only), just the load and the peak resident memory right after it."""
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
        if load_only:
            return {"peer": peer, "load_s": load, "load_peak_rss_mb": memory}

        def table() -> int:
            return len(graph.query(TABLE).to_pandas())

        started = time.perf_counter()
        graph.role_overlap(min_shared=1000)  # builds the requirement index once
        analyses["index_build"] = (time.perf_counter() - started, 0)
        analyses["all_pairs"] = best(lambda: len(graph.role_overlap(min_shared=5, essential_only=True)), runs)
        analyses["similar_roles"] = best(lambda: len(graph.similar_roles(ROLE, k=10)), 50)
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
        if load_only:
            return {"peer": peer, "load_s": load, "load_peak_rss_mb": memory}

        def run(query: str) -> int:
            result = store.query(query)
            names = [v.value for v in result.variables]
            rows = [[None if t is None else t.value for t in solution] for solution in result]
            return len(pd.DataFrame(rows, columns=names))

        def table() -> int:
            return run(TABLE)

        if slow:
            analyses["all_pairs"] = best(lambda: run(ALL_PAIRS), 1)
        analyses["similar_roles"] = best(lambda: run(SIMILAR), 20)
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
        "--load-runs",
        type=int,
        default=5,
        help="fresh processes per peer for the load and its memory, alternating peers (median reported)",
    )
    parser.add_argument("--load-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.runs, not args.skip_slow, args.load_only)))
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

    # Loads vary by 20 to 40% between processes here, so the two fast stores load several times,
    # alternating, each in a fresh process, and the medians are compared.
    loads: dict[str, list[dict]] = {peer: [] for peer in peers if peer in ("workforce-graph", "pyoxigraph")}
    for _ in range(args.load_runs):
        for peer, runs in loads.items():
            runs.append(run_worker(peer, "--load-only"))
    results = {}
    for peer in peers:
        results[peer] = run_worker(peer, *(["--skip-slow"] if args.skip_slow else []))
        r = results[peer]
        if loads.get(peer):
            runs = loads[peer] + [{"load_s": r["load_s"], "load_peak_rss_mb": r["load_peak_rss_mb"]}]
            r["load_s"] = statistics.median(x["load_s"] for x in runs)
            r["load_peak_rss_mb"] = statistics.median(x["load_peak_rss_mb"] for x in runs)
            r["load_range"] = (min(x["load_s"] for x in runs), max(x["load_s"] for x in runs), len(runs))
        table = (
            f"table->pandas {r['table_s']:7.3f} s ({r['table_rows']} rows)"
            if r["table_s"] is not None
            else ""
        )
        spread = ""
        if "load_range" in r:
            low, high, n = r["load_range"]
            spread = f" (median of {n}, {low:.3f} to {high:.3f})"
        print(
            f"{peer:16s} load {r['load_s']:7.3f} s{spread}  peak RSS after load {r['load_peak_rss_mb']:7.1f} MB  {table}"
        )
        for task, (seconds, size) in r["analyses"].items():
            print(f"{'':16s}   {task:14s} {seconds * 1000:10.2f} ms  (result size {size})")
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
