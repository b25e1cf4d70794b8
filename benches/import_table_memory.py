"""Memory and time of ``import_table`` on a one-million-row CSV, against loading the same triples as
N-Triples into the same kind of store.

Usage: ``.venv/bin/python benches/import_table_memory.py [--rows N] [--memory] [--keep DIR]``

Generates a competency table (id, label, definition, parent; about 67 bytes a row, 67 MB for a
million rows), then runs each step in a fresh child process and prints its wall time and peak
resident memory (``ru_maxrss`` of that child alone):

1. ``import_table`` into a new on-disk store (``Graph.open(..., bundled=False)``), then the store's
   triples written as N-Triples (not timed);
2. that N-Triples file loaded into another new on-disk store with ``Graph.load``.

``--memory`` runs both steps on in-memory graphs as well (oxigraph's in-memory store holds every
triple in several indexes, so memory there grows with the graph whatever the importer does).
Not a test: timings depend on the machine; run it by hand.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
import workforce_graph as wg

step, where, path, store, dump = sys.argv[1:6]
graph = wg.Graph.open(store, bundled=False) if where == "disk" else wg.Graph(bundled=False)
start = time.perf_counter()
if step == "import":
    report = graph.import_table(path, framework="Benchmark skills", id="id", label="label",
                                definition="definition", parent="parent", publisher="Example Body",
                                progress=False)
    triples = report["triples"]
else:
    graph.load(path)
    triples = len(graph)
seconds = time.perf_counter() - start
if dump != "-":
    graph.save(dump)
graph.close()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux
print(json.dumps({"seconds": seconds, "peak_bytes": peak, "triples": triples}))
"""


def generate(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("id,label,definition,parent\n")
        for i in range(rows):
            parent = f"c{i // 20}" if i >= 20 else ""
            out.write(f"c{i},Competency {i},What competency {i} is about,{parent}\n")


def run(step: str, where: str, path: Path, store: Path, dump: Path | None) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, step, where, str(path), str(store), str(dump) if dump else "-"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"{step} ({where}) failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--memory", action="store_true", help="also measure in-memory graphs")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep its files")
    args = parser.parse_args()
    directory = args.keep or Path(tempfile.mkdtemp(prefix="wg-import-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    table = directory / "competencies.csv"
    started = time.perf_counter()
    generate(table, args.rows)
    print(
        f"{args.rows} rows, {table.stat().st_size / 1e6:.1f} MB CSV ({time.perf_counter() - started:.1f} s to write)"
    )
    places = ["disk"] + (["memory"] if args.memory else [])
    for where in places:
        dump = directory / f"same-triples-{where}.nt"
        imported = run("import", where, table, directory / f"import-store-{where}", dump)
        loaded = run("load", where, dump, directory / f"load-store-{where}", None)
        print(f"\n{where}: {imported['triples']} triples ({dump.stat().st_size / 1e6:.0f} MB as N-Triples)")
        for name, figures in (("import_table (CSV)", imported), ("load (N-Triples)", loaded)):
            print(
                f"  {name:20s} {figures['seconds']:8.1f} s   peak RSS {figures['peak_bytes'] / 2**20:8.0f} MiB"
            )
        print(f"  import / load time: {imported['seconds'] / loaded['seconds']:.2f}")
    if not args.keep:
        import shutil

        shutil.rmtree(directory)


if __name__ == "__main__":
    main()
