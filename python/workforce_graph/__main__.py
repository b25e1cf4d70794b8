"""The workforce-graph command line (also python -m workforce_graph).

Every command has --help with an example. Tables go to standard output: a readable table on a
terminal (labels and codes; --iris adds the IRI columns), CSV otherwise, or --format
csv|tsv|json|table|xlsx (xlsx needs --output FILE). Errors are one line on standard error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import pathlib
import shutil
import sys
import textwrap
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

import workforce_graph as wg
from workforce_graph import report


def _open(args: argparse.Namespace, *, writes: bool = False) -> wg.Graph:
    """The graph a command works on. Only a command that writes (``import``) opens ``--store`` for
    writing (creating it if missing); the others open it read-only, and what ``--load`` adds goes
    into an in-memory copy that the command alone sees."""
    loads = getattr(args, "load", None) or []
    if not args.store:
        graph = wg.Graph(bundled=not getattr(args, "no_bundled", False))
    elif writes:
        graph = wg.Graph.open(args.store)
    else:
        graph = wg.Graph.open(args.store, read_only=True)
        if loads:
            with graph:
                graph = graph.copy()
    for path in loads:
        graph.load(path)
    return graph


FORMATS = ("csv", "tsv", "json", "table", "xlsx")
IRI_PREFIXES = ("http://", "https://", "urn:")


def _is_iri_column(column: pd.Series) -> bool:
    """A column whose values (or list values) are all IRIs, missing values and empty lists aside."""
    flat: list[Any] = []
    for value in column.tolist():
        if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
            flat.extend(value)
        else:
            flat.append(value)
    values = [v for v in flat if isinstance(v, str)]
    present = [
        v for v in flat if v is not None and v is not pd.NA and not (isinstance(v, float) and math.isnan(v))
    ]
    return bool(values) and len(values) == len(present) and all(v.startswith(IRI_PREFIXES) for v in values)


def _whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Float columns holding only whole numbers (counts, years with gaps) as integers."""
    frame = frame.copy()
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_float_dtype(column.dtype):
            present = column.dropna()
            if len(present) and (present == present.round()).all() and present.abs().max() < 2**53:
                frame[name] = column.astype("Int64")
    return frame


def _cell_text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return "; ".join(map(str, value))
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1 else f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def format_table(frame: pd.DataFrame, width: int) -> str:
    """A table that fits ``width`` columns: long cells wrap inside their column."""
    if not len(frame.columns):
        return "(no columns)"
    if not len(frame):
        return "(no rows)"
    header = [str(c) for c in frame.columns]
    cells = [[_cell_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    numeric = [
        pd.api.types.is_numeric_dtype(frame[c].dtype) and not pd.api.types.is_bool_dtype(frame[c].dtype)
        for c in frame.columns
    ]
    natural = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(header)]
    widths = list(natural)
    gap = 2
    budget = max(width, 20) - gap * (len(widths) - 1)
    # Headers stay whole (up to 16 characters); cells wrap.
    floor = [min(natural[i], max(min(len(h), 16), 6)) for i, h in enumerate(header)]
    while sum(widths) > budget:
        widest = max(range(len(widths)), key=lambda i: widths[i] - floor[i])
        if widths[widest] <= floor[widest]:
            break  # cannot narrow further: the terminal wraps what is left
        widths[widest] -= 1

    def lines(texts: Sequence[str]) -> list[str]:
        wrapped = [textwrap.wrap(t, widths[i], break_long_words=True) or [""] for i, t in enumerate(texts)]
        out = []
        for line in range(max(len(w) for w in wrapped)):
            parts = []
            for i, w in enumerate(wrapped):
                text = w[line] if line < len(w) else ""
                parts.append(text.rjust(widths[i]) if numeric[i] else text.ljust(widths[i]))
            out.append((" " * gap).join(parts).rstrip())
        return out

    rule = (" " * gap).join("-" * w for w in widths)
    body = [line for row in cells for line in lines(row)]
    return "\n".join(lines(header) + [rule] + body)


def _select(frame: pd.DataFrame, args: argparse.Namespace, preferred: Sequence[str] | None) -> pd.DataFrame:
    columns = getattr(args, "columns", None)
    if columns:
        wanted = [c.strip() for c in columns.split(",") if c.strip()]
        unknown = [c for c in wanted if c not in frame.columns]
        if unknown:
            raise _UsageError(
                f"no column {', '.join(map(repr, unknown))}; the columns are {', '.join(map(str, frame.columns))}"
            )
        return frame[wanted]
    if preferred is not None and not getattr(args, "iris", False):
        return frame[[c for c in preferred if c in frame.columns]]
    return frame


def _write_tables(
    tables: Mapping[str, pd.DataFrame],
    args: argparse.Namespace,
    preferred: Sequence[str] | None = None,
    default: str | None = None,
) -> None:
    """Writes tables (usually one) to standard output or --output, in the chosen format.

    On a terminal a table shows ``preferred`` columns (labels, codes, counts) when given, and no
    IRI columns unless --iris; --columns picks columns by name in any format."""
    output = getattr(args, "output", None)
    chosen = args.format or ("xlsx" if output and output.lower().endswith(".xlsx") else None) or default
    chosen = chosen or ("table" if sys.stdout.isatty() and not output else "csv")
    tables = {
        name: _select(frame, args, preferred if chosen == "table" else None) for name, frame in tables.items()
    }
    if chosen == "xlsx":
        if not output:
            raise _UsageError("--format xlsx writes a file: give --output FILE.xlsx")
        from workforce_graph.excel import write_excel

        write_excel({name: _whole_numbers(frame) for name, frame in tables.items()}, output)
        print(f"{sum(map(len, tables.values()))} rows written to {output}", file=sys.stderr)
        return
    with (
        open(output, "w", encoding="utf-8", newline="") if output else contextlib.nullcontext(sys.stdout)
    ) as stream:
        for position, (name, frame) in enumerate(tables.items()):
            if len(tables) > 1 and chosen in ("table", "csv", "tsv"):
                stream.write(("\n" if position else "") + f"# {name}\n")
            _write_one(frame, chosen, stream, getattr(args, "iris", False) or getattr(args, "columns", None))


def _json_value(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return [_json_value(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def _write_one(frame: pd.DataFrame, chosen: str, stream: Any, keep_iris: Any) -> None:
    if chosen == "json":
        records = [
            {str(k): _json_value(v) for k, v in zip(frame.columns, row)}
            for row in frame.itertuples(index=False, name=None)
        ]
        # json.dumps leaves "/" alone (pandas' to_json writes "\/").
        stream.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
        return
    if chosen == "table":
        if not keep_iris:
            frame = frame[[c for c in frame.columns if not _is_iri_column(frame[c])]]
        width = shutil.get_terminal_size((120, 24)).columns
        stream.write(format_table(_whole_numbers(frame), width) + "\n")
        return
    frame = frame.copy()
    for column in frame.columns:
        # List cells (matched words, shared items) read better joined in text formats.
        if frame[column].map(lambda v: isinstance(v, list)).any():
            frame[column] = frame[column].map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
    frame.to_csv(stream, index=False, sep="\t" if chosen == "tsv" else ",")


def _write_table(
    frame: pd.DataFrame, args: argparse.Namespace, preferred: Sequence[str] | None = None
) -> None:
    _write_tables({"Results": frame}, args, preferred)


def _search(args: argparse.Namespace) -> int:
    with _open(args) as graph:
        hits = graph.search(args.text, kind=args.kind, framework=args.framework, k=args.k)
    _write_table(
        hits, args, ["kind", "item_label", "item_code", "framework_code", "score", "matched", "matched_in"]
    )
    return 0


def _frameworks(args: argparse.Namespace) -> int:
    with _open(args) as graph:
        if args.all:
            table = report.by_scheme(graph)
            preferred = ["kind", "scheme_code", "scheme_label", "items"]
        else:
            table = graph.frameworks()
            preferred = [
                "framework_code",
                "framework_label",
                "publisher_label",
                "year",
                "competencies",
                "scale_label",
            ]
    _write_table(table, args, preferred)
    return 0


def _roles(args: argparse.Namespace) -> int:
    with _open(args) as graph:
        table = graph.roles(args.framework)
    _write_table(table, args, ["framework_label", "role_family_label", "role_label", "role_type", "levels"])
    return 0


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
            _write_table(result.to_pandas(), args)
    return 0


def _validate(args: argparse.Namespace) -> int:
    shapes = pathlib.Path(args.shapes) if args.shapes else None
    with _open(args) as graph:
        report = graph.validate(shapes, format=args.shapes_format, graph=args.graph)
    violations = report[report["severity"] == "violation"]
    shown = report if args.warnings else violations
    _write_table(shown, args)
    warnings = len(report) - len(violations)
    print(f"{len(violations)} violation(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if len(violations) else 0


def _overlap(args: argparse.Namespace) -> int:
    with _open(args) as graph:
        if args.pairs:
            table = graph.crosswalk(args.a, args.b)
        else:
            table = graph.framework_overlap([args.a, args.b], method=args.method, min_score=args.min_score)
    _write_table(table, args)
    return 0


def _gaps(args: argparse.Namespace) -> int:
    with _open(args) as graph:
        table = graph.coverage_gaps(by=args.by, predicates=args.predicate or None, max_bodies=args.max_bodies)
    if args.kind:
        # "role_level", "role level", "RoleLevel" and "role-level" name the same kind.
        def key(kind: str) -> str:
            return "".join(c for c in kind.lower() if c.isalnum())

        kinds = sorted(set(table["kind"].astype(str)))
        if key(args.kind) not in {key(k) for k in kinds}:
            raise _UsageError(f"no gaps of kind {args.kind!r}; the kinds are {', '.join(kinds)}")
        table = table[table["kind"].astype(str).map(key) == key(args.kind)].reset_index(drop=True)
    _write_table(table, args)
    return 0


def _read_titles(path: str, column: str | None) -> tuple[pd.DataFrame | None, list[str | None]]:
    """The input table (None for a plain list) and its titles. ``-`` is standard input; a CSV file
    (``--column``, or a ``.csv``/``.tsv`` name) is read with its first line as the header."""
    source: Any = sys.stdin if path == "-" else path
    is_table = column is not None or path.lower().endswith((".csv", ".tsv"))
    if not is_table:
        if path == "-":
            lines = sys.stdin.read().splitlines()
        else:
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        return None, [line.strip() for line in lines if line.strip()]
    sep = "\t" if path.lower().endswith(".tsv") else ","
    table = pd.read_csv(source, dtype=str, keep_default_na=False, sep=sep)
    name = path if path != "-" else "standard input"
    if column is None:
        if len(table.columns) != 1:
            raise _UsageError(
                f"{name} has several columns ({', '.join(map(str, table.columns))}): say which holds the titles "
                "with --column NAME"
            )
        column = str(table.columns[0])
    if column not in table.columns:
        raise _UsageError(f"{name} has no column {column!r} (columns: {', '.join(map(str, table.columns))})")
    return table, [value or None for value in table[column].tolist()]


def _code_titles(args: argparse.Namespace) -> int:
    table, titles = _read_titles(args.file, args.column)
    with _open(args) as graph:
        coded = graph.code_job_titles(titles, frame=args.frame, min_confidence=args.min_confidence)
    if table is not None:
        # Every input column stays, so the codes join back to staff ids; the coded columns go beside.
        added = coded.drop(columns=["title"])
        added.columns = [f"{c}_coded" if c in table.columns else c for c in added.columns]
        coded = pd.concat([table.reset_index(drop=True), added.reset_index(drop=True)], axis=1)
    total = sum(1 for t in titles if t)
    no_area = int(coded["area"].isna().sum()) - (len(titles) - total)
    no_level = int(coded["seniority"].isna().sum()) - (len(titles) - total)
    _write_tables({"Coded titles": coded}, args, default="csv")
    sys.stdout.flush()
    print(
        f"{total} titles: {no_area} could not be coded to a specialist area, {no_level} to a seniority level"
        + (f" ({len(titles) - total} empty rows left uncoded)" if len(titles) > total else ""),
        file=sys.stderr,
    )
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


def _sheet(text: str | None) -> str | int | None:
    """--sheet: a workbook's sheet by 0-based index when all digits, else by name."""
    return int(text) if text and text.isdigit() else text


def _print_counts(report: Mapping[str, Any], kind_width: int, count_width: int) -> None:
    """An import report's counts by kind, then its notes, on standard error."""
    for kind, count in (report.get("added") or {}).items():
        print(f"{kind:{kind_width}s} {count:{count_width}d}", file=sys.stderr)
    for note in report.get("notes") or []:
        print(f"note: {note}", file=sys.stderr)


def _import_report(report: dict[str, Any]) -> None:
    _print_counts(report, 22, 8)
    print(f"{report.get('triples', 0)} triples added", file=sys.stderr)


def _import(args: argparse.Namespace) -> int:
    with _open(args, writes=True) as graph:
        progress = not args.no_progress
        if args.kind == "table":
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
                sheet=_sheet(args.sheet),
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
        elif args.kind == "sfia":
            report = graph.import_sfia(
                args.path,
                sheet=_sheet(args.sheet),
                sep=args.sep,
                source=args.source,
                progress=progress,
            )
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
            print(
                f"{summary['items']} items, {summary['associations']} associations written to {args.path}",
                file=sys.stderr,
            )
        else:
            a, b = args.between or (None, None)
            written = graph.export_sssom(args.path, a, b)
            print(f"{written} mappings written to {args.path}", file=sys.stderr)
    return 0


def _add_exchange_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    importer = _command(
        commands,
        "import",
        "import a framework or crosswalk file (table, SFIA, ESCO, CASE, SSSOM)",
        "Import a file into the graph, all or nothing. With --store the store keeps it; with --output "
        "the whole graph is written to a file; with neither the file is only checked.",
        [
            "workforce-graph import table skills.csv --framework 'Acme skills' --id Code --label Skill "
            "--store workforce.db"
        ],
    )
    kinds = importer.add_subparsers(dest="kind", required=True)
    table = _command(
        kinds,
        "table",
        "a CSV, TSV, XLSX, XLS or ODS table (Graph.import_table)",
        "Import a spreadsheet framework; each column option names a column of the table.",
        [
            "workforce-graph import table skills.xlsx --sheet Skills --framework 'Acme skills' "
            "--publisher 'Acme Ltd' --id Code --label Skill --parent Area --output acme.ttl"
        ],
    )
    table.add_argument("path", help="the table file")
    table.add_argument(
        "--framework", required=True, help="the framework's name, code or IRI (new or existing)"
    )
    for flag, keyword, text in TABLE_COLUMNS:
        table.add_argument(
            flag, dest=keyword, metavar="COLUMN", help=text, required=keyword in ("id", "label")
        )
    table.add_argument(
        "--kind",
        dest="table_kind",
        choices=("competency", "role"),
        default="competency",
        help="what the rows are (default: competency)",
    )
    table.add_argument(
        "--levels",
        help="role tables: the proficiency scale, a scale name or levels in order separated by commas",
    )
    table.add_argument("--competency-framework", help="role tables: the framework the competencies are in")
    table.add_argument("--sep", help="the separator of a text table (sniffed by default)")
    table.add_argument("--sheet", help="a workbook's sheet, by name or 0-based index (default: the first)")
    table.add_argument(
        "--na-value", action="append", metavar="TEXT", help="a cell value meaning missing (repeatable)"
    )
    table.add_argument("--list-sep", default="|", help="the separator inside list cells (default: |)")
    table.add_argument("--source", help="the framework's source (a URL); the file name by default")
    table.add_argument("--publisher", help="the framework's publisher (name or IRI)")
    table.add_argument("--notation", help="the framework's short code")
    sfia = _command(
        kinds,
        "sfia",
        "your licensed SFIA download: the XLSX or a CSV of its skills sheet (Graph.import_sfia)",
        "Load your own SFIA copy into the bundled SFIA framework (SFIA's licence keeps it out of "
        "the bundle); the skills sheet is read by SFIA 9's column names.",
        ["workforce-graph import sfia sfia-9.xlsx --store workforce.db"],
    )
    sfia.add_argument("path", help="the XLSX workbook or CSV file")
    sfia.add_argument(
        "--sheet",
        help="the workbook's sheet, by name or 0-based index (default: the first "
        "with Code and Skill columns)",
    )
    sfia.add_argument("--sep", help="the separator of a CSV (sniffed by default)")
    sfia.add_argument("--source", help="the IRI to cite as the source (the file's URL by default)")
    esco = _command(
        kinds,
        "esco",
        "an ESCO CSV release folder or SKOS-RDF file (Graph.import_esco)",
        "Import ESCO occupations and skills.",
        ["workforce-graph import esco esco-v1.2/ --store esco.db"],
    )
    esco.add_argument("path", help="the folder or RDF file")
    esco.add_argument("--rdf-format", help="the RDF format when the extension does not say")
    case = _command(
        kinds,
        "case",
        "a 1EdTech CASE CFPackage JSON file (Graph.import_case)",
        "Import a 1EdTech CASE package.",
        ["workforce-graph import case framework.json --output f.ttl"],
    )
    case.add_argument("path", help="the JSON file")
    sssom = _command(
        kinds,
        "sssom",
        "an SSSOM TSV crosswalk (Graph.import_sssom)",
        "Import SSSOM mappings as curated crosswalk mappings.",
        ["workforce-graph import sssom crosswalk.sssom.tsv --store workforce.db"],
    )
    sssom.add_argument("path", help="the TSV file")
    for command in (table, sfia, esco, case, sssom):
        command.add_argument("--output", help="write the whole graph after the import to this RDF file")
        command.add_argument("--no-progress", action="store_true", help="no progress bar")
        _graph_options(command)
        command.set_defaults(run=_import)

    exporter = _command(
        commands,
        "export",
        "export a framework (RDF, table, Excel, CASE) or the crosswalks (SSSOM)",
        "Write a framework or the crosswalk mappings to a file.",
        ["workforce-graph export framework DDaT ddat.xlsx --kind role"],
    )
    kinds = exporter.add_subparsers(dest="kind", required=True)
    framework = _command(
        kinds,
        "framework",
        "one framework as Turtle, JSON-LD, CSV or Excel (Graph.export)",
        "Write one framework as RDF (Turtle, JSON-LD...) or a table in import table's columns (CSV, TSV, "
        "or an Excel workbook for .xlsx).",
        [
            "workforce-graph export framework KSF ksf.ttl",
            "workforce-graph export framework DDaT roles.xlsx --kind role",
        ],
    )
    framework.add_argument("framework", help="the framework's name, code or IRI")
    framework.add_argument("path", help="the file to write (format from its extension)")
    framework.add_argument(
        "--format", help="turtle, json-ld, csv, tsv, xlsx... (default: from the extension)"
    )
    framework.add_argument(
        "--kind",
        dest="table_kind",
        choices=("competency", "role"),
        default="competency",
        help="for a table: competencies or roles with their requirements",
    )
    case_out = _command(
        kinds,
        "case",
        "one framework as a 1EdTech CASE CFPackage (Graph.export_case)",
        "Write one framework as a CASE package.",
        ["workforce-graph export case KSF ksf.json"],
    )
    case_out.add_argument("framework", help="the framework's name, code or IRI")
    case_out.add_argument("path", help="the JSON file to write")
    sssom_out = _command(
        kinds,
        "sssom",
        "the crosswalk mappings as SSSOM TSV (Graph.export_sssom)",
        "Write the curated mappings as SSSOM TSV.",
        ["workforce-graph export sssom crosswalks.sssom.tsv --between DDaT NCF"],
    )
    sssom_out.add_argument("path", help="the TSV file to write")
    sssom_out.add_argument(
        "--between", nargs=2, metavar=("A", "B"), help="only mappings between two frameworks"
    )
    for command in (framework, case_out, sssom_out):
        _graph_options(command)
        command.set_defaults(run=_export)


def _connect(args: argparse.Namespace) -> wg.RemoteGraph:
    auth = None
    if args.user:
        # The password comes from the environment, never the command line (shell history, ps).
        password = os.environ.get("WORKFORCE_GRAPH_PASSWORD")
        if password is None:
            raise _UsageError(
                "--user needs the password in the WORKFORCE_GRAPH_PASSWORD environment variable"
            )
        auth = (args.user, password)
    return wg.Graph.connect(
        args.endpoint,
        update_endpoint=args.update_endpoint,
        store_endpoint=args.store_endpoint,
        auth=auth,
        timeout=args.timeout,
    )


def _push(args: argparse.Namespace) -> int:
    remote = _connect(args)
    with _open(args) as graph:
        pushed = graph.push(remote, args.graph, replace=args.replace, progress=not args.no_progress)
    where = f"graph <{args.graph}>" if args.graph else "the default graph"
    verb = "replaced" if args.replace else "added to"
    print(
        f"{pushed['triples']} triples {verb} {where} at {args.endpoint} in {pushed['chunks']} requests",
        file=sys.stderr,
    )
    return 0


def _pull(args: argparse.Namespace) -> int:
    remote = _connect(args)
    pulled = wg.Graph.pull(remote, args.graph)
    pulled.save(args.path, format=args.format)
    print(f"{len(pulled)} triples written to {args.path}", file=sys.stderr)
    return 0


def _add_server_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    push = _command(
        commands,
        "push",
        "publish the graph (or your framework file) to a SPARQL server (Graph.push)",
        "Send the graph's default graph to a SPARQL server's default graph or a named graph, in chunks, "
        "through a staging graph: if the push fails half-way the server's graph is as it was.",
        [
            "workforce-graph push http://localhost:7878/query --update-endpoint http://localhost:7878/update "
            "--store-endpoint http://localhost:7878/store --no-bundled --load acme.ttl "
            "--graph https://example.org/acme --replace"
        ],
    )
    push.add_argument("--graph", help="the named graph to write on the server (default: its default graph)")
    push.add_argument(
        "--replace", action="store_true", help="replace the server's graph instead of adding to it"
    )
    push.add_argument(
        "--no-bundled", action="store_true", help="start from an empty graph (push only --load files)"
    )
    push.add_argument("--no-progress", action="store_true", help="no progress bar")
    _graph_options(push)
    pull = _command(
        commands,
        "pull",
        "copy a graph from a SPARQL server into an RDF file (Graph.pull)",
        "Read the server's default graph, or a named graph, into a file (format from its extension).",
        [
            "workforce-graph pull http://localhost:7878/query shared.nt --store-endpoint http://localhost:7878/store"
        ],
    )
    for command, run in ((push, _push), (pull, _pull)):
        command.add_argument("endpoint", help="the server's SPARQL query URL")
        command.add_argument("--update-endpoint", help="its SPARQL Update URL (default: the query URL)")
        command.add_argument("--store-endpoint", help="its Graph Store Protocol URL (default: use SPARQL)")
        command.add_argument(
            "--user",
            help="user name for HTTP Basic authentication; the password is read "
            "from WORKFORCE_GRAPH_PASSWORD",
        )
        command.add_argument("--timeout", type=float, help="seconds each request may take")
        command.set_defaults(run=run)
    pull.add_argument("path", help="the RDF file to write")
    pull.add_argument("--graph", help="the named graph to read (default: the server's default graph)")
    pull.add_argument("--format", help="turtle, n-triples... (default: from the extension)")


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line (the usage itself is in --help), exit code 2."""

    def error(self, message: str) -> typing.NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class _UsageError(Exception):
    """A command line that parses but cannot be run as given (exit code 2)."""


def _report(args: argparse.Namespace) -> int:
    with _open(args) as graph:
        if args.html:
            from workforce_graph import html_report

            html_report.write_html(graph, args.html)
            print(f"report written to {args.html}", file=sys.stderr)
        else:
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
    _print_counts(report, 14, 6)
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


def _table_command_options(
    command: argparse.ArgumentParser, run: Callable[[argparse.Namespace], int], default_text: str
) -> None:
    """What every command that writes a table ends with: the output options, then the graph
    options (after the command's own, so --help lists those first), and the function it runs."""
    _format_option(command, default_text)
    _graph_options(command)
    command.set_defaults(run=run)


def _format_option(command: argparse.ArgumentParser, default_text: str) -> None:
    command.add_argument("--format", choices=FORMATS, help=f"output format (default: {default_text})")
    command.add_argument(
        "--output",
        metavar="FILE",
        help="write to this file instead of standard output (.xlsx: an Excel workbook)",
    )
    command.add_argument("--columns", metavar="A,B,...", help="only these columns, in this order")
    command.add_argument("--iris", action="store_true", help="tables on a terminal: include the IRI columns")


def _count(minimum: int) -> Any:
    """An argparse type: a whole number of at least ``minimum``, with a one-line error otherwise."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"{number} is less than {minimum}")
        return number

    return parse


def _command(
    commands: argparse._SubParsersAction[_Parser],
    name: str,
    help: str,
    description: str,
    examples: Sequence[str],
) -> _Parser:
    """A sub-command whose help ends with examples."""
    epilog = "example" + ("s" if len(examples) > 1 else "") + ":\n" + "\n".join(f"  {e}" for e in examples)
    return commands.add_parser(
        name,
        help=help,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _add_analysis_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    terminal = "a table on a terminal, CSV otherwise"
    search = _command(
        commands,
        "search",
        "find frameworks, competencies, roles, bodies, offers, publications by words",
        "Find items by the words of their labels, alternative labels, codes and definitions, best first "
        "(as Graph.search).",
        [
            'workforce-graph search "information governance"',
            'workforce-graph search "data analyst" --kind role --framework DDaT -k 5',
        ],
    )
    search.add_argument("text", help="the words to look for")
    search.add_argument(
        "--kind",
        help="only items of this kind (framework, competency, role, role_level, "
        "professional_body, offer, publication, specialist_area, ...)",
    )
    search.add_argument("--framework", help="only items in this framework (code, name or IRI)")
    search.add_argument("-k", type=_count(1), default=20, help="at most this many rows (default 20)")
    _table_command_options(search, _search, terminal)

    frameworks = _command(
        commands,
        "frameworks",
        "list the frameworks (or, with --all, every scheme with its kind)",
        "List the frameworks (wg:Framework, as Graph.frameworks). With --all, every concept scheme with its "
        "kind: framework, scale, coding frame or controlled vocabulary (as Graph.schemes).",
        ["workforce-graph frameworks", "workforce-graph frameworks --all --format json"],
    )
    frameworks.add_argument("--all", action="store_true", help="scales, coding frames and vocabularies too")
    _table_command_options(frameworks, _frameworks, terminal)

    roles = _command(
        commands,
        "roles",
        "list the roles, of every framework or of one",
        "List the roles with their family and number of levels (as Graph.roles).",
        ["workforce-graph roles --framework DDaT", "workforce-graph roles --format xlsx --output roles.xlsx"],
    )
    roles.add_argument("--framework", help="only this framework's roles (code, name or IRI)")
    _table_command_options(roles, _roles, terminal)

    query = _command(
        commands,
        "query",
        "run a SPARQL query and print its results",
        "Run a SPARQL query on the graph. The prefixes rdf, rdfs, owl, xsd, skos, dcterms, prov, org, "
        "schema, foaf, sh, wg and wgid are declared already.",
        [
            'workforce-graph query -e "SELECT ?f ?code WHERE { ?f a wg:Framework ; skos:notation ?code }"',
            "workforce-graph query ontology/queries/competencies-per-framework.rq --format json",
        ],
    )
    query.add_argument("file", nargs="?", help="a file holding the query")
    query.add_argument("-e", "--expression", metavar="SPARQL", help="the query text instead of a file")
    _table_command_options(query, _query, terminal + "; ASK prints true or false")

    validate = _command(
        commands,
        "validate",
        "check the graph against the bundled SHACL shapes, or your own",
        "Check the graph against SHACL Core shapes (the bundled ones unless --shapes is given); "
        "exit code 1 on violations.",
        [
            "workforce-graph validate --load my-roles.ttl --warnings",
            "workforce-graph validate --shapes mine.ttl",
        ],
    )
    validate.add_argument(
        "--shapes", metavar="FILE", help="validate against the SHACL shapes in this RDF file"
    )
    validate.add_argument(
        "--shapes-format", metavar="FORMAT", help="the format of --shapes (default: from its extension)"
    )
    validate.add_argument(
        "--graph", metavar="IRI", help="validate this named graph instead of the default graph"
    )
    validate.add_argument(
        "--no-bundled", action="store_true", help="start from an empty graph: validate only what --load reads"
    )
    validate.add_argument(
        "--warnings", action="store_true", help="list warnings and infos as well as violations"
    )
    _table_command_options(validate, _validate, terminal)

    overlap = _command(
        commands,
        "overlap",
        "how far two frameworks overlap",
        "Overlap of two frameworks (named by code, name or IRI): mapped items and a score.",
        [
            "workforce-graph overlap DDaT NCF",
            "workforce-graph overlap DDaT NCF --pairs --format xlsx --output pairs.xlsx",
        ],
    )
    overlap.add_argument("a", help="the first framework")
    overlap.add_argument("b", help="the second framework")
    overlap.add_argument(
        "--pairs", action="store_true", help="list the crosswalk's item pairs instead of the summary"
    )
    overlap.add_argument(
        "--method",
        choices=("crosswalk", "lexical", "both"),
        default="crosswalk",
        help="curated mappings, computed label similarity or both (default: crosswalk)",
    )
    overlap.add_argument(
        "--min-score", type=float, default=0.4, help="similarity threshold for lexical matches"
    )
    _table_command_options(overlap, _overlap, terminal)

    gaps = _command(
        commands,
        "gaps",
        "competencies, areas and roles no professional body covers",
        "Coverage gaps by professional body (as Graph.coverage_gaps).",
        ["workforce-graph gaps --max-bodies 1 --kind competency"],
    )
    gaps.add_argument("--by", default="professional_body", choices=("professional_body",), help="grouping")
    gaps.add_argument(
        "--predicate",
        action="append",
        metavar="IRI",
        help="a coverage predicate (repeatable; default wg:covers)",
    )
    gaps.add_argument(
        "--max-bodies",
        type=_count(0),
        default=0,
        help="report items covered by at most this many bodies (default 0)",
    )
    gaps.add_argument("--kind", help="only gaps of this kind (competency, role, specialist_area...)")
    _table_command_options(gaps, _gaps, terminal)

    code = _command(
        commands,
        "code-titles",
        "code job titles on the coding frame (area and seniority)",
        "Code free-text job titles on a coding frame: a text file with one title per line, or a CSV file "
        "(first line the header; --column names the titles' column when there are several). Every input "
        "column is kept and the coded columns are added beside them. FILE - reads standard input.",
        [
            "workforce-graph code-titles staff.csv --column job_title > coded.csv",
            "printf 'Senior BI Developer\\nEPR Trainer\\n' | workforce-graph code-titles -",
        ],
    )
    code.add_argument("file", help="a text file with one title per line, a CSV file, or - for standard input")
    code.add_argument("--column", help="the CSV column holding the titles")
    code.add_argument("--frame", help="the coding frame (default: the only one in the graph)")
    code.add_argument(
        "--min-confidence",
        type=float,
        default=0.5,
        help="confidence below which an axis stays uncoded (default 0.5)",
    )
    _table_command_options(code, _code_titles, "csv")


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit code."""
    parser = _Parser(
        prog="workforce-graph", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"workforce-graph {wg.__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = _command(
        commands,
        "report",
        "what the graph holds, printed, or as an HTML page to share (--html)",
        "Print what the graph holds: by class, frameworks, then scales, coding frames and controlled "
        "vocabularies. With --html, write one self-contained web page (overlap, coverage, gaps, evidence "
        "charts) that opens in any browser without a network.",
        ["workforce-graph report", "workforce-graph report --html build/report.html"],
    )
    _graph_options(summary)
    summary.add_argument("--max-rows", type=_count(1), default=40, help="classes to list (default 40)")
    summary.add_argument("--html", metavar="FILE", help="write the HTML report to this file")
    summary.set_defaults(run=_report)
    ddat = _command(
        commands,
        "import-ddat",
        "convert an official DDaT export folder (roles.csv, skills.csv) to Turtle",
        "Convert an official DDaT capability framework export folder to Turtle.",
        ["workforce-graph import-ddat ../shared/data/ddat --turtle ontology/data/ddat.ttl"],
    )
    ddat.add_argument("directory", help="the folder holding roles.csv and skills.csv")
    ddat.add_argument("--turtle", help="write the Turtle to this file (default: standard output)")
    ddat.set_defaults(run=_import_ddat)
    _add_analysis_commands(commands)
    _add_exchange_commands(commands)
    _add_server_commands(commands)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except _UsageError as error:
        print(f"workforce-graph: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("workforce-graph: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 (any error is one line on the terminal, never a traceback)
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"workforce-graph: error: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
