#!/usr/bin/env python3
"""Benchmarks against the tools an analyst would otherwise use, on the same data in one run.

On the ESCO-shaped graph from ``../shared/bench/gen_esco_like.py 3000`` (about 210,000 triples),
each tool runs in its own fresh process (so peak memory is comparable) and does:

- ``load``: read the N-Triples file into its store (pyoxigraph: ``Store.bulk_load``; rdflib:
  ``Graph.parse``; workforce-graph: ``Graph(bundled=False).load``);
- ``table``: the 60,000-row role-skill query of ``../shared/bench/peers.py`` into a pandas
  DataFrame (pyoxigraph and rdflib: a DataFrame built from Python objects, as in peers.py);
- peak resident memory of the whole process after loading.

Prints each figure and the ratios; ratios are what to compare across machines.

usage: benches/peers_comparison.py [--size N] [--runs R] [--peers workforce-graph,pyoxigraph,rdflib]
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
        subprocess.run([sys.executable, str(SHARED_BENCH / "gen_esco_like.py"), str(size), str(path)], check=True)
    return path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(peer: str, path: str, runs: int) -> dict[str, object]:
    import pandas as pd

    if peer == "workforce-graph":
        import workforce_graph as wg

        started = time.perf_counter()
        graph = wg.Graph(bundled=False)
        graph.load(path)
        load = time.perf_counter() - started
        size = len(graph)

        def table() -> int:
            return len(graph.query(TABLE).to_pandas())

    elif peer == "pyoxigraph":
        import pyoxigraph as ox

        started = time.perf_counter()
        store = ox.Store()
        store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
        load = time.perf_counter() - started
        size = len(store)

        def table() -> int:
            result = store.query(TABLE)
            names = [v.value for v in result.variables]
            rows = [[None if t is None else t.value for t in solution] for solution in result]
            return len(pd.DataFrame(rows, columns=names))

    elif peer == "rdflib":
        import rdflib

        started = time.perf_counter()
        rdf = rdflib.Graph()
        rdf.parse(path, format="nt")
        load = time.perf_counter() - started
        size = len(rdf)
        runs = 1  # about ten seconds a run

        def table() -> int:
            result = rdf.query(TABLE)
            rows = [[None if t is None else str(t) for t in row] for row in result]
            return len(pd.DataFrame(rows, columns=[str(v) for v in result.vars]))

    else:
        raise SystemExit(f"unknown peer {peer}")
    memory = peak_rss_mb()
    times, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        rows = table()
        times.append(time.perf_counter() - started)
    return {"peer": peer, "triples": size, "load_s": load, "load_peak_rss_mb": memory,
            "table_s": statistics.median(times), "table_rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=3000, help="occupations (3000 is ESCO scale)")
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each query (median reported)")
    parser.add_argument("--peers", default="workforce-graph,pyoxigraph,rdflib")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.runs)))
        return

    path = data_file(args.size)
    print(f"data: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    results = {}
    for peer in args.peers.split(","):
        out = subprocess.run(
            [sys.executable, __file__, "--worker", peer, "--data", str(path), "--runs", str(args.runs)],
            capture_output=True, text=True, check=True,
        ).stdout
        results[peer] = json.loads(out.strip().splitlines()[-1])
        r = results[peer]
        print(f"{peer:16s} load {r['load_s']:7.3f} s  peak RSS {r['load_peak_rss_mb']:7.1f} MB  "
              f"table->pandas {r['table_s']:7.3f} s  ({r['table_rows']} rows, {r['triples']} triples)")
    ours = results.get("workforce-graph")
    if not ours:
        return
    rows = {r["table_rows"] for r in results.values()}
    assert len(rows) == 1, f"peers disagree on the table's rows: {rows}"
    print("\nratios (peer time / workforce-graph time; above 1 means workforce-graph is faster):")
    for peer, r in results.items():
        if peer == "workforce-graph":
            continue
        print(f"  vs {peer:11s} load x{r['load_s'] / ours['load_s']:6.2f}   "
              f"table->pandas x{r['table_s'] / ours['table_s']:6.2f}   "
              f"peak memory {ours['load_peak_rss_mb'] / r['load_peak_rss_mb']:.2f} of theirs")


if __name__ == "__main__":
    main()
