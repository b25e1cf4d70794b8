#!/usr/bin/env python3
"""Job-title coding speed: 10,000 titles through ``Graph.code_job_titles``, DataFrame included.

The titles are the tuning set (``tests/data/job_titles.csv``) repeated to 10,000. Prints the best
and median of ``--runs`` timings in one process, after one warm-up call that builds the coder.

usage: benches/coding.py [--runs R] [--titles N]
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import time

import pandas as pd
import workforce_graph as wg

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--titles", type=int, default=10_000)
    args = parser.parse_args()
    gold = pd.read_csv(ROOT / "tests" / "data" / "job_titles.csv", dtype=str)
    titles = (gold["title"].tolist() * (args.titles // len(gold) + 1))[: args.titles]
    graph = wg.Graph()
    graph.code_job_titles(titles[:10])
    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        coded = graph.code_job_titles(titles)
        timings.append(time.perf_counter() - start)
    assert len(coded) == len(titles)
    print(
        f"code_job_titles, {len(titles):,} titles: best {min(timings):.3f} s, "
        f"median {statistics.median(timings):.3f} s over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
