"""The ``workforce-graph`` command line (also ``python -m workforce_graph``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

import pandas as pd

import workforce_graph as wg
from workforce_graph import report


def _open(args: argparse.Namespace) -> wg.Graph:
    graph = wg.Graph.open(args.store) if args.store else wg.Graph()
    for path in getattr(args, "load", None) or []:
        graph.load(path)
    return graph


FORMATS = ("csv", "tsv", "json", "table")


def _write_table(frame: pd.DataFrame, output_format: str | None) -> None:
    """Writes a table to standard output: a table for a terminal, CSV otherwise, unless chosen."""
    chosen = output_format or ("table" if sys.stdout.isatty() else "csv")
    frame = frame.copy()
    for column in frame.columns:
        # List cells (matched words, shared items) read better joined in text formats.
        if chosen != "json" and frame[column].map(lambda v: isinstance(v, list)).any():
            frame[column] = frame[column].map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
    if chosen == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif chosen == "tsv":
        frame.to_csv(sys.stdout, index=False, sep="\t")
    elif chosen == "json":
        text = frame.to_json(orient="records", force_ascii=False, indent=1, date_format="iso")
        sys.stdout.write(text + "\n")
    else:
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200):
            sys.stdout.write((frame.to_string(index=False) if len(frame) else "(no rows)") + "\n")


def _query(args: argparse.Namespace) -> int:
    if args.expression is not None and args.file is not None:
        raise _UsageError("give a query FILE or -e SPARQL, not both")
    if args.expression is not None:
        sparql = args.expression
    elif args.file is not None:
        with open(args.file, encoding="utf-8") as handle:
            sparql = handle.read()
    else:
        raise _UsageError("give a query FILE or -e SPARQL")
    with _open(args) as graph:
        result = graph.query(sparql)
        if isinstance(result, bool):
            print("true" if result else "false")
        else:
            _write_table(result.to_pandas(), args.format)
    return 0


def _validate(args: argparse.Namespace) -> int:
    with _open(args) as graph:
        report = graph.validate()
    violations = report[report["severity"] == "violation"]
    shown = report if args.warnings else violations
    _write_table(shown, args.format)
    warnings = len(report) - len(violations)
    print(f"{len(violations)} violation(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if len(violations) else 0


def _overlap(args: argparse.Namespace) -> int:
    with _open(args) as graph:
        if args.pairs:
            table = graph.crosswalk(args.a, args.b)
        else:
            table = graph.framework_overlap([args.a, args.b], method=args.method, min_score=args.min_score)
    _write_table(table, args.format)
    return 0


def _gaps(args: argparse.Namespace) -> int:
    with _open(args) as graph:
        table = graph.coverage_gaps(by=args.by, predicates=args.predicate or None, max_bodies=args.max_bodies)
    _write_table(table, args.format)
    return 0


def _read_titles(path: str, column: str | None) -> list[str | None]:
    if column is None:
        with open(path, encoding="utf-8") as handle:
            return [line.strip() for line in handle if line.strip()]
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if column not in table.columns:
        raise _UsageError(f"{path} has no column {column!r} (columns: {', '.join(map(str, table.columns))})")
    return [value or None for value in table[column].tolist()]


def _code_titles(args: argparse.Namespace) -> int:
    titles = _read_titles(args.file, args.column)
    with _open(args) as graph:
        coded = graph.code_job_titles(titles, frame=args.frame, min_confidence=args.min_confidence)
    _write_table(coded, args.format or "csv")
    return 0


# import_table's column options: (flag, keyword, help). Each names a column of the table.
TABLE_COLUMNS = (
    ("--id", "id", "the column of item (or role) identifiers, unique within the framework"),
    ("--label", "label", "the column of names"),
    ("--definition", "definition", "the column of definitions"),
    ("--parent", "parent", "the column naming each item's broader item by its id"),
    ("--related", "related", "the column of related items' ids (separated by --list-sep)"),
    ("--level", "level", "role tables: the column of role levels"),
    ("--rank", "rank", "role tables: the column of each level's rank (1 = most junior)"),
    ("--family", "family", "role tables: the column of role families"),
    ("--competency", "competency", "role tables: the column naming the competency each row requires"),
    ("--required-level", "required_level", "role tables: the column of required proficiency levels"),
    ("--requirement-type", "requirement_type", "role tables: the column saying essential or optional"),
)


def _import_report(report: dict[str, Any]) -> None:
    for kind, count in (report.get("added") or {}).items():
        print(f"{kind:22s} {count:8d}", file=sys.stderr)
    for note in report.get("notes") or []:
        print(f"note: {note}", file=sys.stderr)
    print(f"{report.get('triples', 0)} triples added", file=sys.stderr)


def _import(args: argparse.Namespace) -> int:
    with _open(args) as graph:
        progress = not args.no_progress
        if args.kind == "table":
            if not args.framework or not args.id or not args.label:
                raise _UsageError("import table needs --framework, --id and --label")
            columns = {keyword: getattr(args, keyword) for _, keyword, _ in TABLE_COLUMNS}
            # A scale's name, or its levels in order.
            levels: str | list[str] | None = args.levels
            if args.levels and "," in args.levels:
                levels = [level.strip() for level in args.levels.split(",")]
            report = graph.import_table(
                args.path,
                framework=args.framework,
                kind=args.table_kind,
                levels=levels,
                competency_framework=args.competency_framework,
                sep=args.sep,
                sheet=int(args.sheet) if args.sheet and args.sheet.isdigit() else args.sheet,
                na_values=args.na_value,
                list_sep=args.list_sep,
                source=args.source,
                publisher=args.publisher,
                notation=args.notation,
                progress=progress,
                **columns,
            )
        elif args.kind == "esco":
            report = graph.import_esco(args.path, format=args.rdf_format, progress=progress)
        elif args.kind == "case":
            report = graph.import_case(args.path)
        else:
            report = graph.import_sssom(args.path)
        _import_report(report)
        if args.output:
            graph.save(args.output)
            print(f"graph written to {args.output}", file=sys.stderr)
        elif not args.store:
            print("checked: nothing was kept (give --store DIR or --output FILE to keep it)", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    with _open(args) as graph:
        if args.kind == "framework":
            written = graph.export(args.framework, args.path, format=args.format, kind=args.table_kind)
            print(f"{written} rows or triples written to {args.path}", file=sys.stderr)
        elif args.kind == "case":
            summary = graph.export_case(args.framework, args.path)
            print(f"{summary['items']} items, {summary['associations']} associations written to {args.path}",
                  file=sys.stderr)
        else:
            a, b = args.between or (None, None)
            written = graph.export_sssom(args.path, a, b)
            print(f"{written} mappings written to {args.path}", file=sys.stderr)
    return 0


def _add_exchange_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    importer = commands.add_parser(
        "import",
        help="import a framework or crosswalk file (table, ESCO, CASE, SSSOM)",
        description=(
            "Import a file into the graph, all or nothing. With --store the store keeps it; with --output "
            "the whole graph is written to a file; with neither the file is only checked."
        ),
    )
    kinds = importer.add_subparsers(dest="kind", required=True)
    table = kinds.add_parser(
        "table",
        help="a CSV, TSV, XLSX, XLS or ODS table (Graph.import_table)",
        description="Import a spreadsheet framework; each column option names a column of the table.",
    )
    table.add_argument("path", help="the table file")
    table.add_argument("--framework", help="the framework's name, code or IRI (new or existing)")
    for flag, keyword, text in TABLE_COLUMNS:
        table.add_argument(flag, dest=keyword, metavar="COLUMN", help=text)
    table.add_argument("--kind", dest="table_kind", choices=("competency", "role"), default="competency",
                       help="what the rows are (default: competency)")
    table.add_argument("--levels", help="role tables: the proficiency scale, a scale name or levels in order "
                       "separated by commas")
    table.add_argument("--competency-framework", help="role tables: the framework the competencies are in")
    table.add_argument("--sep", help="the separator of a text table (sniffed by default)")
    table.add_argument("--sheet", help="a workbook's sheet, by name or 0-based index (default: the first)")
    table.add_argument("--na-value", action="append", metavar="TEXT", help="a cell value meaning missing "
                       "(repeatable)")
    table.add_argument("--list-sep", default="|", help="the separator inside list cells (default: |)")
    table.add_argument("--source", help="the framework's source (a URL); the file name by default")
    table.add_argument("--publisher", help="the framework's publisher (name or IRI)")
    table.add_argument("--notation", help="the framework's short code")
    esco = kinds.add_parser("esco", help="an ESCO CSV release folder or SKOS-RDF file (Graph.import_esco)")
    esco.add_argument("path", help="the folder or RDF file")
    esco.add_argument("--rdf-format", help="the RDF format when the extension does not say")
    case = kinds.add_parser("case", help="a 1EdTech CASE CFPackage JSON file (Graph.import_case)")
    case.add_argument("path", help="the JSON file")
    sssom = kinds.add_parser("sssom", help="an SSSOM TSV crosswalk (Graph.import_sssom)")
    sssom.add_argument("path", help="the TSV file")
    for command in (table, esco, case, sssom):
        command.add_argument("--output", help="write the whole graph after the import to this RDF file")
        command.add_argument("--no-progress", action="store_true", help="no progress bar")
        _graph_options(command)
        command.set_defaults(run=_import)

    exporter = commands.add_parser(
        "export",
        help="export a framework (RDF, table, CASE) or the crosswalks (SSSOM)",
        description="Write a framework or the crosswalk mappings to a file.",
    )
    kinds = exporter.add_subparsers(dest="kind", required=True)
    framework = kinds.add_parser(
        "framework",
        help="one framework as Turtle, JSON-LD or a table in import table's columns (Graph.export)",
    )
    framework.add_argument("framework", help="the framework's name, code or IRI")
    framework.add_argument("path", help="the file to write (format from its extension)")
    framework.add_argument("--format", help="turtle, json-ld, csv, tsv... (default: from the extension)")
    framework.add_argument("--kind", dest="table_kind", choices=("competency", "role"), default="competency",
                           help="for a table: competencies or roles with their requirements")
    case_out = kinds.add_parser("case", help="one framework as a 1EdTech CASE CFPackage (Graph.export_case)")
    case_out.add_argument("framework", help="the framework's name, code or IRI")
    case_out.add_argument("path", help="the JSON file to write")
    sssom_out = kinds.add_parser("sssom", help="the crosswalk mappings as SSSOM TSV (Graph.export_sssom)")
    sssom_out.add_argument("path", help="the TSV file to write")
    sssom_out.add_argument("--between", nargs=2, metavar=("A", "B"), help="only mappings between two frameworks")
    for command in (framework, case_out, sssom_out):
        _graph_options(command)
        command.set_defaults(run=_export)


class _UsageError(Exception):
    """A command line that parses but cannot be run as given (exit code 2)."""


def _report(args: argparse.Namespace) -> int:
    with _open(args) as graph:
        print(report.render(graph, max_rows=args.max_rows))
    return 0


def _import_ddat(args: argparse.Namespace) -> int:
    from workforce_graph._core import ddat_turtle

    turtle, report = ddat_turtle(args.directory)
    header = (
        "# Generated by `workforce-graph import-ddat` from the official DDaT capability framework export\n"
        "# (https://ddat-capability-framework.service.gov.uk/download). Do not edit: regenerate.\n"
        "# Contains public sector information licensed under the Open Government Licence v3.0.\n"
    )
    if args.turtle:
        with open(args.turtle, "w", encoding="utf-8") as out:
            out.write(header + turtle)
    for kind, count in report["added"].items():
        print(f"{kind:14s} {count:6d}", file=sys.stderr)
    for note in report["notes"]:
        print(f"note: {note}", file=sys.stderr)
    if not args.turtle:
        sys.stdout.write(header + turtle)
    return 0


def _graph_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--store", help="a persistent store directory (default: the bundled in-memory graph)"
    )
    command.add_argument(
        "--load",
        action="append",
        metavar="FILE",
        help="load this RDF file first (repeatable; format from its extension)",
    )


def _format_option(command: argparse.ArgumentParser, default_text: str) -> None:
    command.add_argument("--format", choices=FORMATS, help=f"output format (default: {default_text})")


def _add_analysis_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    terminal = "a table on a terminal, CSV otherwise"
    query = commands.add_parser(
        "query",
        help="run a SPARQL query and print its results",
        description="Run a SPARQL query on the graph.",
    )
    query.add_argument("file", nargs="?", help="a file holding the query")
    query.add_argument("-e", "--expression", metavar="SPARQL", help="the query text instead of a file")
    _format_option(query, terminal + "; ASK prints true or false")
    _graph_options(query)
    query.set_defaults(run=_query)

    validate = commands.add_parser(
        "validate",
        help="check the graph against the bundled SHACL shapes",
        description="Check the graph against the bundled SHACL shapes; exit code 1 on violations.",
    )
    validate.add_argument("--warnings", action="store_true", help="list warnings as well as violations")
    _format_option(validate, terminal)
    _graph_options(validate)
    validate.set_defaults(run=_validate)

    overlap = commands.add_parser(
        "overlap",
        help="how far two frameworks overlap",
        description="Overlap of two frameworks (named by code, name or IRI): mapped items and a score.",
    )
    overlap.add_argument("a", help="the first framework")
    overlap.add_argument("b", help="the second framework")
    overlap.add_argument(
        "--pairs", action="store_true", help="list the crosswalk's item pairs instead of the summary"
    )
    overlap.add_argument("--method", choices=("crosswalk", "lexical", "both"), default="crosswalk",
                         help="curated mappings, computed label similarity or both (default: crosswalk)")
    overlap.add_argument(
        "--min-score", type=float, default=0.4, help="similarity threshold for lexical matches"
    )
    _format_option(overlap, terminal)
    _graph_options(overlap)
    overlap.set_defaults(run=_overlap)

    gaps = commands.add_parser(
        "gaps",
        help="competencies, areas and roles no professional body covers",
        description="Coverage gaps by professional body (as Graph.coverage_gaps).",
    )
    gaps.add_argument("--by", default="professional_body", choices=("professional_body",), help="grouping")
    gaps.add_argument("--predicate", action="append", metavar="IRI",
                      help="a coverage predicate (repeatable; default wg:covers)")
    gaps.add_argument("--max-bodies", type=int, default=0,
                      help="report items covered by at most this many bodies (default 0)")
    _format_option(gaps, terminal)
    _graph_options(gaps)
    gaps.set_defaults(run=_gaps)

    code = commands.add_parser(
        "code-titles",
        help="code job titles on the coding frame (area and seniority)",
        description="Code free-text job titles (one per line, or a CSV column) on a coding frame.",
    )
    code.add_argument("file", help="a text file with one title per line, or a CSV file with --column")
    code.add_argument("--column", help="read titles from this column of a CSV file")
    code.add_argument("--frame", help="the coding frame (default: the only one in the graph)")
    code.add_argument("--min-confidence", type=float, default=0.5,
                      help="confidence below which an axis stays uncoded (default 0.5)")
    _format_option(code, "csv")
    _graph_options(code)
    code.set_defaults(run=_code_titles)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit code."""
    parser = argparse.ArgumentParser(prog="workforce-graph", description=__doc__)
    parser.add_argument("--version", action="version", version=f"workforce-graph {wg.__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("report", help="print what the graph holds, by class and by framework")
    _graph_options(summary)
    summary.add_argument("--max-rows", type=int, default=40, help="classes to list (default 40)")
    summary.set_defaults(run=_report)
    ddat = commands.add_parser(
        "import-ddat", help="convert an official DDaT export folder (roles.csv, skills.csv) to Turtle"
    )
    ddat.add_argument("directory", help="the folder holding roles.csv and skills.csv")
    ddat.add_argument("--turtle", help="write the Turtle to this file (default: standard output)")
    ddat.set_defaults(run=_import_ddat)
    _add_analysis_commands(commands)
    _add_exchange_commands(commands)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except _UsageError as error:
        print(f"workforce-graph: error: {error}", file=sys.stderr)
        return 2
    except (wg.WorkforceGraphError, OSError, SyntaxError, ValueError) as error:
        print(f"workforce-graph: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
