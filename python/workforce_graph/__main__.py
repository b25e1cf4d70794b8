"""The ``workforce-graph`` command line (also ``python -m workforce_graph``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import workforce_graph as wg
from workforce_graph import report


def _open(args: argparse.Namespace) -> wg.Graph:
    if args.store:
        return wg.Graph.open(args.store)
    return wg.Graph()


def _report(args: argparse.Namespace) -> int:
    with _open(args) as graph:
        print(report.render(graph, max_rows=args.max_rows))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit code."""
    parser = argparse.ArgumentParser(prog="workforce-graph", description=__doc__)
    parser.add_argument("--version", action="version", version=f"workforce-graph {wg.__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("report", help="print what the graph holds, by class and by framework")
    summary.add_argument("--store", help="a persistent store directory (default: the bundled in-memory graph)")
    summary.add_argument("--max-rows", type=int, default=40, help="classes to list (default 40)")
    summary.set_defaults(run=_report)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except (wg.WorkforceGraphError, OSError, SyntaxError, ValueError) as error:
        print(f"workforce-graph: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
