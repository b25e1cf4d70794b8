"""The graph and query results of workforce-graph: Python classes holding the native ones
(``workforce_graph._core``), as polars' ``DataFrame`` holds a ``PyDataFrame``.

The native classes run the work in Rust with the GIL released and hand back raw data: a query's
Arrow table, or an analysis's Arrow table. These classes own the rest: signatures, defaults and
documentation, argument coercion, the DataFrames (built by :func:`workforce_graph._tables.frame`,
so every table follows one convention), progress display and result objects.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self, TypeAlias

from workforce_graph import _core, _progress, _rows, _tables, excel, report
from workforce_graph._core import IRI, Literal
from workforce_graph._native import Wraps
from workforce_graph.careers import CareerMoves, count_matrix, read_moves

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

    from workforce_graph.remote import RemoteGraph

__all__ = ["Graph", "QueryResult"]

BindingValue: TypeAlias = str | int | float | bool | Decimal | date | datetime | IRI | Literal


def _progress_start(enabled: bool) -> Callable[[int | None, str, str], _progress.Progress] | None:
    """What the native importers call to start a progress display, or ``None`` for none."""
    return _progress.start if enabled else None


def _frame(table: _core.AnalysisTable, index: Any = None) -> pandas.DataFrame:
    """An analysis's table (Arrow, its columns declared in the core) as a DataFrame of the table
    convention."""
    return _tables.analysis_frame(table, index=index)


def _accepted_rows(rows: Any, confidence: float | None) -> list[dict[str, Any]]:
    """The rows of :meth:`Graph.accept_mappings` as its native method takes them: every field
    present (``None`` where the row has no value), text as ``str`` and numbers as ``float``, with
    the predicate's and the reviewer confidence's defaults filled in."""
    return [
        _accepted_row(index, row, confidence)
        for index, row in enumerate(_rows.records(rows, "accept_mappings()"))
    ]


def _accepted_row(index: int, row: dict[Any, Any], confidence: float | None) -> dict[str, Any]:
    """Row ``index`` of :func:`_accepted_rows` (its errors name the row, counted from 0)."""

    def text(key: str) -> str | None:
        value = row.get(key)
        return None if value is None else str(value)

    def number(key: str) -> float | None:
        value = row.get(key)
        if value is None:
            return None
        try:
            if isinstance(value, str | bytes):
                raise TypeError
            return float(value)
        except (TypeError, ValueError):
            raise ValueError(f"row {index}: {key} is not a number") from None

    def required(key: str) -> str:
        value = text(key)
        if value is None:
            raise ValueError(f'row {index}: missing "{key}"')
        return value

    # A SKOS mapping property: IRI, `skos:` CURIE or local name (the core's `MappingKind::parse`).
    predicate = text("predicate")
    reviewed = number("confidence")
    if reviewed is None:
        reviewed = confidence
    if reviewed is None:
        raise ValueError(
            f'row {index}: no reviewer confidence: add a "confidence" column or pass '
            "confidence=...; a suggestion's score is stored as its similarity score, not as "
            "the reviewer's confidence"
        )
    accepted: dict[str, Any] = {
        "subject": required("subject"),
        "object": required("object"),
        "predicate": "skos:closeMatch" if predicate is None else predicate,
        "confidence": reviewed,
        "author": text("author"),
        "justification": text("justification"),
        "date": text("date"),
        "comment": text("comment"),
        "topic": text("topic"),
    }
    # The matcher's score, under the suggestion table's name or SSSOM's (both read, so a bad
    # value in either is refused).
    similarity, score = number("similarity_score"), number("score")
    accepted["score"] = score if similarity is None else similarity
    return accepted


def ready_table(result: _core.QueryResult) -> pandas.DataFrame:
    """A ready-made table's query result (local or remote) as a DataFrame of the table
    convention."""
    return _tables.frame(_tables.arrow_to_pandas(result.to_arrow(False)))


class QueryResult(Wraps[_core.QueryResult]):
    """The result of a SELECT, CONSTRUCT or DESCRIBE query: a typed table.

    Columns are typed from the RDF terms: integers ``int64``, decimals and doubles ``float64``,
    booleans ``bool``, ``xsd:date`` dates, ``xsd:dateTime`` timestamps, and IRIs and strings
    ``str``; unbound values are nulls. A CONSTRUCT or DESCRIBE result has the columns
    ``subject``, ``predicate`` and ``object``, and :meth:`to_graph` turns it into a new graph.

    It implements the Arrow PyCapsule interface (``__arrow_c_stream__``), so
    ``pyarrow.table(result)`` and ``polars.DataFrame(result)`` read it directly.

    >>> g = Graph(bundled=False)
    >>> g.load('<http://example.com/a> <http://example.com/n> 2 .', format="turtle")
    >>> result = g.query("SELECT ?s ?n WHERE { ?s ?n2 ?n }")
    >>> result.columns
    ['s', 'n']
    >>> len(result)
    1
    >>> list(result)
    [('http://example.com/a', 2)]
    >>> result.to_pandas().dtypes["n"]
    Int64Dtype()
    """

    __slots__ = ("_result",)
    _native_slot = "_result"
    _result: _core.QueryResult

    @property
    def columns(self) -> list[str]:
        """The column names (the query's variables, without ``?``)."""
        return self._result.columns

    def __len__(self) -> int:
        """The number of rows (solutions, or triples)."""
        return len(self._result)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        """The rows as tuples of Python values."""
        return iter(self._result)

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """Exports the result as an Arrow stream (the Arrow PyCapsule interface).

        :param requested_schema: ignored; the schema is the inferred one.
        :rtype: object
        """
        return self._result.__arrow_c_stream__(requested_schema)

    def to_arrow(self, *, lang: bool = False) -> pyarrow.Table:
        """The result as a ``pyarrow.Table``.

        :param lang: add a ``<column>_lang`` column with the language tags of every column that
            holds language-tagged literals.
        :rtype: pyarrow.Table
        """
        return self._result.to_arrow(lang)

    def to_pandas(self, *, lang: bool = False) -> pandas.DataFrame:
        """The result as a ``pandas.DataFrame``. Integer and boolean columns use pandas' nullable
        ``Int64`` and ``boolean`` dtypes, so unbound values stay missing without turning numbers
        into floats.

        :param lang: as in :meth:`to_arrow`.
        :rtype: pandas.DataFrame
        """
        return _tables.arrow_to_pandas(self._result.to_arrow(lang))

    def to_polars(self, *, lang: bool = False) -> polars.DataFrame:
        """The result as a ``polars.DataFrame``.

        :param lang: as in :meth:`to_arrow`.
        :rtype: polars.DataFrame
        """
        import polars

        frame = polars.from_arrow(self._result.to_arrow(lang))
        assert isinstance(frame, polars.DataFrame)  # a Table gives a DataFrame, never a Series
        return frame

    def to_graph(self) -> Graph:
        """The triples of a CONSTRUCT or DESCRIBE result as a new in-memory graph.

        :rtype: Graph
        :raises TypeError: for a SELECT result.
        """
        return Graph._from_native(self._result.to_graph())

    def _repr_html_(self) -> str:
        return self._result._repr_html_()

    def __repr__(self) -> str:
        return repr(self._result)


def query_outcome(outcome: _core.QueryResult | bool) -> QueryResult | bool:
    """A native query's answer with its table wrapped."""
    return outcome if isinstance(outcome, bool) else QueryResult._from_native(outcome)


class Graph(Wraps[_core.Graph]):
    """A workforce knowledge graph: an RDF store with the bundled ontology and NHS workforce data.

    ``Graph()`` is an in-memory graph holding the bundled ontology and data, compiled into the
    library. ``Graph(bundled=False)`` is an empty one. :meth:`Graph.open` opens a persistent
    graph on disk.

    :param bundled: load the bundled ontology and data.

    >>> g = Graph(bundled=False)
    >>> len(g)
    0
    >>> g.load('@prefix ex: <http://example.com/> . ex:analyst ex:needs ex:sql .')
    >>> len(g)
    1
    >>> g.query("ASK { ?role <http://example.com/needs> ?skill }")
    True
    """

    __slots__ = ("_graph",)
    _native_slot = "_graph"
    _graph: _core.Graph

    def __init__(self, *, bundled: bool = True) -> None:
        self._graph = _core.Graph(bundled)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, bundled: bool = True, read_only: bool = False) -> Self:
        """Opens a persistent graph stored on disk (oxigraph's RocksDB storage), creating it if the
        directory is missing or empty. A new store receives the bundled data unless
        ``bundled=False``. The directory is an ordinary oxigraph store of the release given by
        ``workforce_graph.OXIGRAPH_VERSION``: ``pyoxigraph.Store.read_only(path)`` and
        ``oxigraph serve-read-only --location path`` of that release can read it once it is closed.

        Use it as a context manager, or call :meth:`close`, so that another process can open it.

        Creating a store is all or nothing: if the process dies while the bundled data goes in,
        the next open finishes it. A directory that holds other files is refused, never turned
        into a store.

        With ``read_only=True`` nothing is created or written: the store must exist, several
        processes can read it at once, and :meth:`load`, :meth:`update` and the importers fail.
        :meth:`copy` gives an in-memory graph to add to without touching the store.

        :param path: the store directory.
        :param bundled: load the bundled data into a new store.
        :param read_only: open an existing store for reading only.
        :rtype: Graph
        :raises StorageError: if the store is locked by another process or damaged.
        :raises FileExistsError: if the directory holds files and is not a graph store.
        :raises FileNotFoundError: with ``read_only=True``, if there is no store at ``path``.
        :raises PersistenceUnavailableError: if this build has no on-disk storage.

        >>> import tempfile, os
        >>> with Graph.open(os.path.join(tempfile.mkdtemp(), "store"), bundled=False) as g:
        ...     g.update("INSERT DATA { <http://example.com/a> <http://example.com/b> 'c' }")
        ...     len(g)
        1
        """
        return cls._from_native(_core.Graph.open(path, bundled, read_only))

    def copy(self) -> Graph:
        """An in-memory copy of the graph (every quad, named graphs included). Changes to the copy
        leave this graph, and its store on disk, as they are.

        :rtype: Graph

        >>> g = Graph(bundled=False)
        >>> g.load('<http://example.com/a> <http://example.com/b> "c" .', format="nt")
        >>> copy = g.copy()
        >>> copy.update("INSERT DATA { <http://example.com/x> <http://example.com/y> 'z' }")
        >>> len(g), len(copy)
        (1, 2)
        """
        return Graph._from_native(self._graph.copy())

    def close(self) -> None:
        """Closes the graph; a persistent store is flushed and released. Further use raises
        ``GraphClosedError``. Closing twice is harmless.
        """
        self._graph.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called."""
        return self._graph.closed

    @property
    def path(self) -> pathlib.Path | None:
        """The store directory of a persistent graph, ``None`` in memory.

        :rtype: pathlib.Path | None
        """
        location = self._graph.path
        return None if location is None else pathlib.Path(location)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_args: object) -> None:
        self.close()

    def load(
        self,
        source: str | bytes | os.PathLike[str],
        format: str | None = None,
        graph: str | None = None,
    ) -> None:
        """Loads RDF into the graph, all or nothing: if the input is malformed half-way, the graph
        is left exactly as it was.

        :param source: a path (``pathlib.Path``, or a one-line string naming a file) or RDF text.
        :param format: ``"turtle"``, ``"trig"``, ``"n-triples"``, ``"n-quads"``, ``"rdf/xml"``,
            ``"json-ld"``, a file extension or a media type; by default taken from the file
            extension, or Turtle for text.
        :param graph: the IRI of a named graph to load into, instead of the default graph.
        :raises SyntaxError: for malformed RDF, with ``filename``, ``lineno`` and ``offset``.
        :raises FileNotFoundError: if the file does not exist.
        :raises ValueError: for an unknown format or an invalid graph IRI.

        >>> g = Graph(bundled=False)
        >>> g.load('<http://example.com/a> <http://example.com/b> "c" .', format="nt", graph="http://example.com/g")
        >>> g.named_graphs()
        ['http://example.com/g']
        >>> g.load('<http://example.com/a> <http://example.com/b> .')
        Traceback (most recent call last):
          ...
        SyntaxError: <string>:1:47: ...
        """
        self._graph.load(source, format, graph)

    def save(self, path: str | os.PathLike[str], format: str | None = None, graph: str | None = None) -> None:
        """Saves the graph to a file. Dataset formats (TriG, N-Quads) hold the whole store; graph
        formats (Turtle, N-Triples, RDF/XML, JSON-LD) hold the default graph, or the named graph
        ``graph``. The file is written under a temporary name and renamed when complete.

        :param path: the file to write.
        :param format: as in :meth:`load`; by default from the file extension.
        :param graph: the IRI of one named graph to save.
        :raises ValueError: for an unknown format, or a graph format while named graphs exist.
        :raises OSError: if the file cannot be written.
        """
        self._graph.save(path, format, graph)

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, BindingValue] | None = None,
        timeout: float | None = None,
    ) -> QueryResult | bool:
        """Runs a SPARQL 1.1 query.

        :param sparql: the query.
        :param bindings: values for variables, bound as RDF terms (never pasted into the text):
            ``str`` becomes a string literal, ``int``, ``float``, ``bool``, ``Decimal``, ``date``
            and ``datetime`` typed literals; use :class:`IRI` for a resource and :class:`Literal`
            for anything else.
        :param timeout: seconds after which the query is cancelled.
        :return: a :class:`QueryResult` for SELECT, CONSTRUCT and DESCRIBE; a ``bool`` for ASK.
        :rtype: QueryResult | bool
        :raises SyntaxError: for malformed SPARQL, with ``lineno`` and ``offset``.
        :raises QueryTimeoutError: when the timeout is reached.
        :raises ValueError: for an invalid binding name or timeout.

        >>> g = Graph(bundled=False)
        >>> g.load('<http://example.com/a> <http://www.w3.org/2000/01/rdf-schema#label> "Analyst" .')
        >>> g.query("SELECT ?s WHERE { ?s ?p ?label }", bindings={"label": "Analyst"}).to_pandas()["s"][0]
        'http://example.com/a'
        """
        given = None if bindings is None else dict(bindings)
        return query_outcome(self._graph.query(sparql, given, timeout))

    def update(self, sparql: str, timeout: float | None = None) -> None:
        """Runs a SPARQL 1.1 update, atomically: if any part fails, nothing changes.

        :param sparql: the update.
        :param timeout: seconds after which the update is cancelled; nothing is written then.
        :raises SyntaxError: for malformed SPARQL.
        :raises UpdateTimeoutError: when the timeout is reached.
        :raises UpdateEvaluationError: if the update fails while running.
        :raises ValueError: for an invalid timeout.
        """
        self._graph.update(sparql, timeout)

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted.

        :rtype: list[str]
        """
        return self._graph.named_graphs()

    def __len__(self) -> int:
        """The number of triples in all graphs."""
        return len(self._graph)

    def __repr__(self) -> str:
        return repr(self._graph)

    def _repr_html_(self) -> str:
        """A short HTML summary for Jupyter: triples, frameworks with their item counts, professional
        bodies and publications (``workforce_graph.report.summary_html``).
        """
        return report.summary_html(self)

    # Importers and exporters.

    def import_ddat(self, directory: str | os.PathLike[str]) -> dict[str, Any]:
        """Imports the official DDaT capability framework export: a folder holding ``roles.csv``
        ("Role content") and, optionally, ``skills.csv`` ("Skill description content"), as
        downloaded from https://ddat-capability-framework.service.gov.uk/download. Names, levels and
        structure are imported, descriptions are not. All or nothing.

        The bundled graph already holds the October 2025 export; use this on an empty graph
        (``Graph(bundled=False)``) or to compare a newer export.

        :param directory: the folder.
        :return: what was added (``added``: counts by kind; ``triples``) and how the export's
            quirks were handled (``notes``).
        :rtype: dict[str, object]
        :raises DataFormatError: for a malformed file, a missing column or a bad value, with
            ``filename``, ``lineno`` and ``column``.
        :raises FileNotFoundError: if ``roles.csv`` is missing.
        """
        return self._graph.import_ddat(directory)

    def import_esco(
        self, path: str | os.PathLike[str], *, format: str | None = None, progress: bool = True
    ) -> dict[str, Any]:
        r"""Imports ESCO (European Skills, Competences, Qualifications and Occupations): the official
        CSV release (a folder holding ``occupations_en.csv``, ``skills_en.csv``,
        ``occupationSkillRelations_en.csv`` and, when present, ``skillGroups_en.csv``,
        ``ISCOGroups_en.csv``, ``broaderRelationsOccPillar_en.csv``,
        ``broaderRelationsSkillPillar_en.csv``; ESCO v1.2 columns) or the SKOS-RDF release (one file
        in any RDF format).

        Occupations become roles, skills competencies, skill groups competency areas and ISCO groups
        role families, keeping their ESCO IRIs; each occupation-skill relation becomes a requirement
        (essential or optional) with the shortcut ``wg:requiresCompetency``; broader relations become
        ``skos:broader``. The role analyses (``role_overlap``, ``similar_roles``, ``skill_gap``,
        ``coverage_gaps``) then work on ESCO. All or nothing.

        :param path: the CSV folder or the RDF file.
        :param format: the RDF format, when the file's extension does not tell it.
        :param progress: show a progress bar (when ``workforce_graph._progress`` is available).
        :return: ``added`` (counts by kind), ``notes`` (what was merged or skipped, and why),
            ``triples``, ``source``.
        :rtype: dict[str, object]
        :raises DataFormatError: for a malformed file, a missing column, a duplicated concept, a
            relation to an unknown occupation or skill, a looping hierarchy, non-UTF-8 or empty
            input, with ``filename``, ``lineno``, ``offset``, ``column`` and ``kind``.

        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "esco.nt"
        >>> _ = path.write_text(
        ...     "<http://example.org/o/1> <http://data.europa.eu/esco/model#hasEssentialSkill> <http://example.org/s/1> .\n"
        ...     "<http://example.org/o/1> <http://data.europa.eu/esco/model#hasOptionalSkill> <http://example.org/s/2> .\n")
        >>> g = Graph(bundled=False)
        >>> report = g.import_esco(path, progress=False)
        >>> report["added"]["requirements"], report["added"]["essential requirements"]
        (2, 1)
        """
        return self._graph.import_esco(path, format, _progress_start(progress))

    def import_case(self, path: str | os.PathLike[str]) -> dict[str, Any]:
        """Imports a 1EdTech CASE ``CFPackage`` (JSON with ``CFDocument``, ``CFItems`` and
        ``CFAssociations``): the document becomes a framework, items its competencies, ``isChildOf``
        the hierarchy, and the other association types links or mappings as the ontology's README
        documents (``exactMatchOf``/``isRelatedTo`` as SKOS mappings with a ``wg:Mapping`` node,
        ``isPeerOf`` as ``skos:related``, ``precedes`` as ranks, ``replacedBy``, ``exemplar``,
        ``hasSkillLevel`` as a requirement with a level). A match may point to a concept the graph
        already holds. All or nothing.

        :param path: the JSON file.
        :return: ``added`` (counts by kind), ``notes``, ``triples``, ``source``.
        :rtype: dict[str, object]
        :raises DataFormatError: for malformed JSON (with ``lineno`` and ``offset``), a missing
            field, a duplicated identifier, an association to an unknown item, a looping
            ``isChildOf`` hierarchy, non-UTF-8 or empty input.

        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "lcf.json"
        >>> Graph().export_case("LCF", path)["items"]
        6
        >>> report = Graph().import_case(path)  # its crosswalk links need the other frameworks' items
        >>> report["added"]["competencies"], report["added"]["isRelatedTo associations"]
        (6, ...)
        """
        return self._graph.import_case(path)

    def export_case(self, framework: str, path: str | os.PathLike[str]) -> dict[str, Any]:
        """Writes a framework as a 1EdTech CASE ``CFPackage`` (JSON) that ``import_case`` reads back
        to the same triples.

        :param framework: the framework's code, name or IRI.
        :param path: the JSON file to write.
        :return: ``items`` and ``associations`` written, and ``path``.
        :rtype: dict[str, object]
        :raises UnknownNameError: if no framework has that code or name.

        >>> import json, pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "lcf.json"
        >>> written = Graph().export_case("LCF", path)
        >>> len(json.loads(path.read_text())["CFItems"]) == written["items"]
        True
        """
        return self._graph.export_case(framework, path)

    def import_sssom(self, path: str | os.PathLike[str]) -> dict[str, Any]:
        """Imports an SSSOM TSV mapping set (the ``#`` YAML header with its ``curie_map``, then the
        columns ``subject_id``, ``predicate_id``, ``object_id``, ``mapping_justification`` and
        optionally ``subject_label``, ``object_label``, ``confidence``, ``author_id``,
        ``mapping_date``, ``mapping_source``, ``comment``) as curated mappings with provenance:
        the SKOS mapping triple plus a ``wg:Mapping`` node, as in the bundled crosswalks. Rows whose
        predicate is not one of the five SKOS mapping properties are skipped (see ``notes``);
        concepts unknown to the graph are added with their labels. All or nothing.

        :param path: the TSV file.
        :return: ``added`` (``mappings``, ``authors``), ``notes``, ``triples``, ``source``.
        :rtype: dict[str, object]
        :raises DataFormatError: for a malformed header or table, a missing column, a CURIE with
            an unknown prefix, a repeated mapping, a confidence outside 0..1, a bad date, non-UTF-8
            or empty input.

        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "crosswalks.sssom.tsv"
        >>> rows = Graph().export_sssom(path)
        >>> Graph(bundled=False).import_sssom(path)["added"]["mappings"] == rows
        True
        """
        return self._graph.import_sssom(path)

    def export_sssom(self, path: str | os.PathLike[str], a: str | None = None, b: str | None = None) -> int:
        """Writes the graph's curated mappings (``wg:Mapping`` nodes) as an SSSOM TSV file: all of
        them, those between frameworks ``a`` and ``b``, or those touching ``a``. Naming SFIA before
        its licensed content is loaded (:meth:`import_sfia`) raises :class:`FrameworkNotLoadedError`.

        :param path: the TSV file to write.
        :param a: a framework's code, name or IRI.
        :param b: another framework.
        :return: the number of mapping rows written.
        :rtype: int

        >>> import pathlib, tempfile
        >>> g = Graph()
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "crosswalks.sssom.tsv"
        >>> g.export_sssom(path) == len(g.mappings())
        True
        """
        return self._graph.export_sssom(path, a, b)

    def import_table(
        self,
        path: str | os.PathLike[str],
        *,
        framework: str,
        id: str,
        label: str,
        definition: str | None = None,
        parent: str | None = None,
        related: str | None = None,
        level: str | None = None,
        rank: str | None = None,
        family: str | None = None,
        competency: str | None = None,
        required_level: str | None = None,
        requirement_type: str | None = None,
        levels: str | list[str] | None = None,
        competency_framework: str | None = None,
        kind: str = "competency",
        sep: str | None = None,
        sheet: str | int | None = None,
        na_values: list[str] | None = None,
        list_sep: str = "|",
        source: str | None = None,
        publisher: str | None = None,
        notation: str | None = None,
        progress: bool = True,
    ) -> dict[str, Any]:
        r"""Imports a framework held in a table, given only which columns hold what: a CSV or TSV file
        (UTF-8, with or without a BOM; the separator is sniffed unless ``sep`` is given) or a sheet of
        an XLSX, XLS or ODS workbook. All or nothing: every row is checked before the graph changes.

        With ``kind="competency"`` each row is one item; with ``kind="role"`` a role may take
        several rows, one per role level (``level``) and required competency (``competency``,
        ``required_level``, ``requirement_type``), as in DDaT's ``roles.csv``. Items are
        ``skos:Concept`` in the framework's ``skos:ConceptScheme``, their id kept as ``skos:notation``
        and each citing the file (``source``) with ``dcterms:source``; the analyses
        (``framework_overlap``, ``similar_roles``, ``skill_gap``...) work on them at once.

        Several calls may build one framework: a ``parent`` or ``competency`` may name an item of an
        earlier call (by id, IRI or unique label). Blank rows are skipped (and reported); cells are
        trimmed; cells equal to one of ``na_values`` count as blank.

        :param path: the file.
        :param framework: an existing framework's code, name or IRI, or the name (or IRI) of a new one.
        :param id: the column of item ids (unique per framework and kind).
        :param label: the column of labels.
        :param definition: the column of definitions.
        :param parent: the column of the broader item's id.
        :param related: the column of related items' ids, separated by ``list_sep``.
        :param level: role tables: the column of role-level names (seniority steps of the role).
        :param rank: role tables: the column of role-level ranks (1 = most junior); without it,
            levels are ranked in the order they first appear for their role.
        :param family: role tables: the column of role-family names.
        :param competency: role tables: the column naming a required competency (id, IRI or label).
        :param required_level: role tables: the column of the level the competency is needed at.
        :param requirement_type: role tables: the column saying ``essential`` (the default when
            blank) or ``optional``.
        :param levels: the proficiency scale of ``required_level``: an existing scale's code, name or
            IRI (``"DDaT-SL"``), or level names lowest first to make the framework's own scale;
            the framework's scale when ``None``.
        :param competency_framework: role tables: the framework of the competencies named (this one
            when ``None``).
        :param kind: ``"competency"`` or ``"role"``.
        :param sep: the field separator of a text table (e.g. ``"\t"``).
        :param sheet: a workbook's sheet, by name or 0-based index (the first when ``None``). A
            name finds the sheet written so, else the one sheet that is the same name as columns
            are matched (case, spacing and ``and``/``&`` aside); two such sheets are refused.
        :param na_values: cell values meaning "missing" (e.g. ``["NOT IN USE", "n/a"]``).
        :param list_sep: the separator of several ids in one cell.
        :param source: where the file comes from (a URL); the file's ``file://`` URL when ``None``.
        :param publisher: a new framework's publisher: an organisation's IRI or name.
        :param notation: a new framework's short code (its name when ``None``).
        :param progress: show a progress bar (tqdm when installed, else a counter on stderr).
        :return: ``framework`` (its IRI), ``added`` (counts by kind), ``notes`` (rows skipped or
            changed, with reasons), ``triples`` and ``source``.
        :rtype: dict[str, object]
        :raises DataFormatError: with ``filename``, ``lineno``, ``column``, ``offset`` and ``kind``
            (``missing_column``, ``duplicate_id``, ``unknown_reference`` for a parent,
            competency or level named nowhere, ``cycle``, ``not_utf8``, ``empty``...: the kinds
            every importer shares, listed on :class:`DataFormatError`); the graph is unchanged.
        :raises FileNotFoundError: if the file does not exist.
        :raises ValueError: for inconsistent arguments.

        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "skills.csv"
        >>> _ = path.write_text("code,name,broader\nD,Data,\nD1,\"Data quality, assurance\",D\n")
        >>> g = Graph(bundled=False)
        >>> report = g.import_table(path, framework="Acme skills", id="code", label="name",
        ...                         parent="broader", publisher="Acme Ltd", progress=False)
        >>> report["added"]
        {'competencies': 2, 'frameworks': 1}
        >>> g.competencies("Acme skills")["competency_label"].tolist()
        ['Data', 'Data quality, assurance']
        """
        # Every keyword argument by its name, read by the native options struct (`TableOptions`),
        # so the signature is written here only.
        options = dict(locals())
        del options["self"], options["path"]
        options["progress"] = _progress_start(progress)
        return self._graph.import_table(path, options)

    def import_sfia(
        self,
        path: str | os.PathLike[str],
        *,
        sheet: str | int | None = None,
        sep: str | None = None,
        source: str | None = None,
        progress: bool = True,
    ) -> dict[str, Any]:
        r"""Loads your own licensed copy of SFIA into the bundled SFIA framework node in one call.

        SFIA's licence does not allow the bundle to include its skills, so the bundled graph holds
        only the SFIA framework node, the seven levels of responsibility and the skill codes its
        curated crosswalks cite; analyses naming SFIA raise :class:`FrameworkNotLoadedError` until
        this is called. SFIA publishes its framework to registered users as an XLSX workbook (and a
        CSV of its skills sheet); pass that file. The skills sheet is read by SFIA 9's column names:
        ``Code``, ``Skill``, ``Category`` and ``Subcategory`` (required), ``Overall description``
        (kept as the definition), ``URL`` (kept as ``foaf:page``) and ``Levels`` with the six
        blank-headed columns after it (the levels at which the skill is defined, linked with
        ``wg:definedAtLevel`` to the bundled levels of responsibility). ``Guidance notes`` and the
        level descriptions are not imported. It is :meth:`import_table` with this mapping written
        out: categories and subcategories become grouping items, and skills are minted at
        ``https://w3id.org/workforce-graph/id/sfia/skill/{code in lowercase}``, the IRIs the
        bundled crosswalks (and offers) point at, so those work as soon as SFIA is loaded.

        :param path: the workbook (``.xlsx``) or the CSV of its skills sheet.
        :param sheet: the workbook's sheet, by name or 0-based index; the first sheet with ``Code``
            and ``Skill`` columns when ``None``.
        :param sep: the field separator of a CSV (sniffed when ``None``).
        :param source: the IRI to cite as ``dcterms:source`` (e.g. your licence's download page); the
            file's ``file://`` URL when ``None``.
        :param progress: show a progress bar.
        :return: ``framework``, ``added`` (``categories``, ``subcategories``, ``skills``,
            ``skill levels``), ``notes`` (columns not imported), ``triples`` and ``source``.
        :rtype: dict[str, object]
        :raises DataFormatError: with ``filename``, ``lineno``, ``column`` and ``kind`` (e.g.
            ``missing_column``, ``missing_value``, ``invalid_value`` for a level outside 1-7,
            ``duplicate_id`` when SFIA is already loaded); the graph is unchanged.
        :raises FileNotFoundError: if the file does not exist.

        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "skills.csv"  # invented rows in SFIA 9's layout
        >>> _ = path.write_text(
        ...     "#,Levels,,,,,,,Code,URL,Skill,Category,Subcategory,Overall description\n"
        ...     "1,,,3,4,5,,,DATS,,Invented data skill,Invented category,Invented group,Made up.\n")
        >>> g = Graph()
        >>> report = g.import_sfia(path, progress=False)
        >>> report["added"]["skills"], report["added"]["skill levels"]
        (1, 3)
        >>> "Invented data skill" in set(g.crosswalk("NCF", "SFIA")["object_label"])
        True
        """
        return self._graph.import_sfia(path, sheet, sep, source, _progress_start(progress))

    def export(
        self,
        framework: str,
        path: str | os.PathLike[str],
        format: str | None = None,
        kind: str = "competency",
    ) -> int:
        r"""Writes one framework to a file: Turtle (``.ttl``), JSON-LD (``.jsonld``) or any RDF format
        ``save`` knows, with everything about the framework, its items, roles, requirements and
        scale; or a CSV/TSV table in :meth:`import_table`'s columns, so that importing it with those
        column names gives the same framework back. Competency tables have the columns
        ``id,label,definition,parent,related``; role tables (``kind="role"``) add
        ``family,level,rank,competency,required_level,requirement_type``, one row per requirement.
        An Excel workbook (``.xlsx``, needs ``openpyxl``: ``pip install workforce-graph[excel]``)
        holds the same table on one sheet (``Competencies`` or ``Roles``) with readable headers;
        :meth:`import_table` reads it back with ``sheet=`` and those headers.

        :param framework: the framework's code, name or IRI.
        :param path: the file to write (replaced whole, never half-written).
        :param format: ``"turtle"``, ``"json-ld"``, ``"csv"``, ``"tsv"``, ``"xlsx"``...; from the extension when ``None``.
        :param kind: for a table: ``"competency"`` or ``"role"``.
        :return: the rows (table) or triples (RDF) written.
        :rtype: int
        :raises UnknownNameError: if no framework has that code or name.
        :raises ValueError: for an unknown format.

        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "in.csv").write_text("id,label\nA,Alpha\nB,Beta\n")
        >>> g = Graph(bundled=False)
        >>> _ = g.import_table(folder / "in.csv", framework="Tiny", id="id", label="label",
        ...                    publisher="Acme Ltd", progress=False)
        >>> g.export("Tiny", folder / "out.csv")
        2
        >>> print((folder / "out.csv").read_text())
        id,label,definition,parent,related
        A,Alpha,,,
        B,Beta,,,
        <BLANKLINE>
        """
        chosen = format if format is not None else os.path.splitext(os.fspath(path))[1].lstrip(".")
        if chosen.strip().lower() == "xlsx":
            sheet, header, rows = self._graph._framework_table(framework, kind)
            _core.write_file(path, excel.rows_workbook(sheet, header, rows))
            return len(rows)
        return self._graph.export(framework, path, format, kind)

    # Ready-made tables (`ontology/api/*.rq`).

    def frameworks(self) -> pandas.DataFrame:
        """The frameworks: one row per ``wg:Framework`` (a published set of competencies or roles;
        level scales, coding frames and controlled vocabularies are not frameworks, and
        :meth:`schemes` lists them all with their kind), with code, name,
        publisher, year, homepage, ``licence`` (an open licence's IRI, where the publisher states
        one), ``rights`` (the terms in a sentence, where it does not), ``bundled`` (what the bundle
        holds of the framework and why that is allowed), scale, number of competencies and a source.
        A framework whose content is licensed (SFIA) has 0 competencies until its owner's copy is
        loaded (:meth:`import_sfia`).

        Columns: ``framework``: IRI of the framework; ``framework_code``: short code (skos:notation), e.g.
        DDaT, KSF; ``framework_label``: preferred name; ``publisher``: IRIs of the publishing organisations
        (list), publisher_label their names (list, same order); ``year``: year of issue, if known;
        ``homepage``: framework web page, if known; ``licence``: licence IRI, if stated; ``scale``: IRI of
        the level scale it uses, if any; ``scale_label``: name of that scale; ``competencies``: number of
        competencies (including grouping areas) in the framework; ``source``: one source IRI (the smallest,
        for a stable value).

        :rtype: pandas.DataFrame
        """
        return ready_table(self._graph._table("frameworks", None))

    def schemes(self) -> pandas.DataFrame:
        """Every concept scheme, with what kind it is: ``framework`` (a ``wg:Framework``, the rows of
        :meth:`frameworks`), ``scale`` (a level scale), ``coding_frame`` (a coding frame or its
        specialist-area scheme) or ``vocabulary`` (any other scheme: units, access types,
        publication types, offer types, topics...).

        Columns: ``kind``, ``scheme`` (IRI), ``scheme_code``, ``scheme_label``, ``items`` (members
        by ``skos:inScheme``).

        :rtype: pandas.DataFrame

        >>> g = Graph()
        >>> sorted(set(g.schemes()["kind"]))
        ['coding_frame', 'framework', 'scale', 'vocabulary']
        """
        return ready_table(self._graph._table("schemes", None))

    def competencies(self, framework: str | None = None) -> pandas.DataFrame:
        """The competencies of all frameworks, or of one.

        Columns: ``framework``: IRI of the framework; ``framework_code``: short code of the framework;
        ``competency``: IRI of the competency; ``competency_code``: the framework's own code for it
        (skos:notation), if any; ``competency_label``: preferred name; ``is_area``: true when the item
        mainly groups narrower competencies (domain, category, dimension group); ``broader``: IRI of the
        parent competency, if any; ``broader_label``: name of the parent competency; ``source``: one source
        IRI.

        :param framework: a framework's code (``"DDaT"``), name or IRI.
        :rtype: pandas.DataFrame
        :raises UnknownNameError: if no framework has that code or name (it lists close matches).
        """
        return ready_table(self._graph._table("competencies", framework))

    def roles(self, framework: str | None = None) -> pandas.DataFrame:
        """The roles of all frameworks, or of one.

        Columns: ``framework``: IRI of the framework or role scheme the role belongs to; ``framework_code``:
        its short code, if any; ``framework_label``: its name; ``role_family``: IRI of the role family, if
        any; ``role_family_label``: name of the role family; ``role``: IRI of the role; ``role_code``: its
        code (skos:notation), if any; ``role_label``: preferred name of the role; ``role_type``: category
        given by the framework (e.g. Senior Civil Service), if any; ``levels``: number of role levels on the
        role's ladder (0 when the role has none); ``source``: one source IRI.

        :param framework: a framework's code, name or IRI.
        :rtype: pandas.DataFrame
        """
        return ready_table(self._graph._table("roles", framework))

    def role_levels(self, framework: str | None = None) -> pandas.DataFrame:
        """The role levels, with their rank on their role's ladder.

        Columns: ``framework``: IRI of the framework; ``role``: IRI of the role; ``role_label``: name of the
        role; ``role_level``: IRI of the role level; ``role_level_code``: its code (skos:notation), if any;
        ``role_level_label``: name of the role level; ``rank``: integer position on the role's ladder (1 =
        most junior); ``is_management_track``: true for the people-management variant of a level;
        ``requirements``: number of competencies the level requires; ``source``: one source IRI.

        :param framework: a framework's code, name or IRI.
        :rtype: pandas.DataFrame
        """
        return ready_table(self._graph._table("role_levels", framework))

    def requirements(self, framework: str | None = None) -> pandas.DataFrame:
        """The requirements: which role (level) needs which competency, at which level.

        Columns: ``framework``: IRI of the framework the role belongs to; ``requirement``: IRI of the
        requirement node; ``role``: IRI of the role; ``role_label``: name of the role; ``role_level``: IRI
        of the role level (empty for roles without levels); ``role_level_label``: name of the role level;
        ``role_level_rank``: rank of the role level on its ladder; ``competency``: IRI of the required
        competency; ``competency_label``: its name; ``required_level``: IRI of the required level, if
        stated; ``required_level_label``: its name on the framework's own scale (e.g. Practitioner);
        ``required_level_rank``: its integer rank on its scale; ``required_level_normalised``: its position
        on a comparable 0-1 scale; ``requirement_type``: essential or optional; ``source``: one source IRI.

        :param framework: a framework's code, name or IRI.
        :rtype: pandas.DataFrame

        >>> g = Graph()
        >>> ddat = g.requirements("DDaT")
        >>> len(ddat)
        1809
        """
        return ready_table(self._graph._table("requirements", framework))

    def professional_bodies(self) -> pandas.DataFrame:
        """The professional bodies.

        Columns: ``body``: IRI of the body; ``body_abbreviation``: short name (e.g. BCS), if any;
        ``body_label``: full name; ``homepage``: web site, if known; ``founded``: founding year, if
        recorded; ``dissolved``: year closed, if the body is historic; ``replaced_by``: IRI of the body that
        replaced it, if any; ``replaced_by_label``: its name; ``licensed_by``: IRI of an umbrella body that
        licenses it (e.g. FEDIP), if any; ``licensed_by_label``: its name; ``offers``: number of offers
        recorded; ``covers``: IRIs of the areas, frameworks or levels the body covers (list), covers_label
        their names (list); ``source``: one source IRI.

        :rtype: pandas.DataFrame
        """
        return ready_table(self._graph._table("professional_bodies", None))

    def offers(self) -> pandas.DataFrame:
        """What professional bodies offer (membership grades, registration, accreditation, CPD,
        qualifications) and what each offer covers.

        Columns: ``offer``: IRI of the offer; ``offer_label``: name of the offer (e.g. Chartered IT
        Professional); ``post_nominal``: letters holders may use, if any; ``offer_type``: IRI of the kind of
        offer (membership grade, registration, accreditation, CPD scheme, ...); ``offer_type_label``: its
        name; ``body``: IRI of the offering body; ``body_label``: name of the offering body;
        ``body_abbreviation``: short name of the body; ``requires``: IRI of an offer that must be held
        first, if any; ``requires_label``: its name; ``is_closed``: true when the offer is closed;
        ``covers``: IRIs of the areas, roles, competencies or frameworks it covers (list), covers_label
        their names (list); ``source``: one source IRI.

        :rtype: pandas.DataFrame
        """
        return ready_table(self._graph._table("offers", None))

    def coding_frame(self) -> pandas.DataFrame:
        """The Health Informatics Career Pathways coding frame: seniority levels and specialist areas,
        with the cues :meth:`code_job_titles` matches (``synonyms``; ``fallback_cues`` count only
        when nothing else matches).

        Columns: ``coding_frame``: IRI of the coding frame; ``axis``: seniority, specialist_area or
        grouping; ``concept``: IRI of the concept; ``concept_label``: preferred name; ``rank``: seniority
        rank (1 = most junior), for ranked seniority levels; ``normalised_level``: rank rescaled to 0..1,
        for ranked seniority levels; ``list_position``: position in the source list or table; ``grouping``:
        IRI of the grouping a specialist area belongs to; ``grouping_label``: name of that grouping;
        ``synonyms``: alternative and hidden labels and abbreviations, the cues code_job_titles() matches
        (list); ``fallback_cues``: generic cues that count only when no other cue matches, wg:fallbackLabel
        (list); ``source``: one source IRI.

        :rtype: pandas.DataFrame
        """
        return ready_table(self._graph._table("coding_frame", None))

    def evidence(self) -> pandas.DataFrame:
        """The evidence: publications with their access, date and topics.

        Columns: ``publication``: IRI of the publication; ``title``: title; ``publisher``: IRIs of the
        publishing organisations (list), publisher_label their names (list); ``journal``: journal, book or
        conference series, if any; ``volume_issue``: volume/issue as listed, if any; ``issued``: date of
        issue as published (year, year-month or full date), text; ``year``: year of issue as an integer;
        ``publication_type``: IRI of the kind of publication, publication_type_label its name (report,
        journal article, ...); ``access``: IRI of the access kind, access_label its name (free, OpenAthens,
        abstract only, not stated); ``section``: IRI of the evidence brief section listing it (empty for
        other sources), section_label its name; ``topics``: IRIs of the topics it concerns (list),
        topics_label their names (list); ``roles``: IRIs of the roles it concerns (list), roles_label their
        names (list); ``frameworks``: IRIs of the frameworks it concerns (list), frameworks_label their
        names (list); ``url``: web address, if recorded.

        :rtype: pandas.DataFrame
        """
        return ready_table(self._graph._table("evidence", None))

    def statistics(self) -> pandas.DataFrame:
        """The statistics: figures with their unit, date and source publication.

        Columns: ``statistic``: IRI of the statistic; ``statistic_label``: short label; ``value``: numeric
        value; ``qualifier``: qualifier of the value as reported (e.g. "more than"), if any; ``unit``: IRI
        of the unit, unit_label its name (percent, count, full-time equivalent, ...); ``measures``: what the
        figure measures and for whom (curators' words); ``reference_date``: reference date as published
        (year, year-month or full date), text; ``year``: reference year as an integer; ``category``: IRI of
        the subgroup it counts (e.g. a seniority level), if any; ``category_label``: name of that subgroup;
        ``publication``: IRI of the publication it comes from; ``publication_label``: title of that
        publication; ``source``: one source IRI.

        :rtype: pandas.DataFrame
        """
        return ready_table(self._graph._table("statistics", None))

    def mappings(self) -> pandas.DataFrame:
        """The curated crosswalk mappings between frameworks, with their provenance. A mapping to a
        framework whose licensed content is not bundled (an SFIA skill before :meth:`import_sfia`)
        is listed with the item's code followed by ``" (not loaded)"`` as its name.

        Columns: ``mapping``: IRI of the mapping node; ``subject``: IRI of the subject concept;
        ``subject_label``: its name; ``subject_framework``: IRI of the subject's scheme (the smallest, when
        it is in several); ``subject_framework_code``: its short code; ``predicate``: SKOS mapping property
        IRI (exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch); ``object``: IRI of the object
        concept; ``object_label``: its name; ``object_framework``: IRI of the object's scheme;
        ``object_framework_code``: its short code; ``justification``: IRI of the SEMAPV justification;
        ``confidence``: curators' confidence 0..1; ``similarity_score``: the matcher's score 0..1 when a
        program proposed the mapping, else empty; ``author``: IRI of the author; ``author_label``: the
        author's name, if recorded; ``date``: date of the mapping; ``topic``: crosswalk theme (e.g. data and
        analysis); ``comment``: reason for the mapping.

        :rtype: pandas.DataFrame
        """
        return ready_table(self._graph._table("mappings", None))

    # Analyses.

    def search(
        self, text: str, kind: str | None = None, framework: str | None = None, k: int = 20
    ) -> pandas.DataFrame:
        """Finds items by words: ranked matches over the labels, alternative labels, codes and
        definitions of frameworks, competencies, roles, role levels, role families, professional
        bodies, offers, publications, coding-frame entries (specialist areas, their groups and
        seniority levels), level-scale levels and topics.

        Words are matched as the crosswalk matches them (lowercased, stemmed, British spelling,
        abbreviations curated in the graph expanded). The score is the share of the search's words,
        weighted by rarity, found in the item: in full in its label or a code, two thirds in an
        alternative label, one third in its definition.

        Columns: ``kind`` (``framework``, ``competency``, ``role``, ``role_level``,
        ``role_family``, ``professional_body``, ``offer``, ``publication``, ``specialist_area``,
        ``area_group``, ``level``, ``topic``), ``item`` (IRI), ``item_label``, ``item_code``,
        ``framework`` (IRI of the framework, coding frame or scale it is in), ``framework_label``,
        ``framework_code``, ``score`` (0-1), ``matched`` (list of the item's words that matched) and
        ``matched_in`` (list of fields: ``label``, ``code``, ``alt_label``, ``definition``).

        :param text: the words to look for.
        :param kind: only items of this kind.
        :param framework: only items in this framework (code, name or IRI), and the framework.
        :param k: at most this many rows, best first.
        :rtype: pandas.DataFrame
        :raises ValueError: for an unknown kind, a negative ``k`` or a text with no word in it.
        :raises UnknownNameError: if no framework has that code or name.

        >>> g = Graph()
        >>> hits = g.search("information governance", kind="specialist_area")
        >>> hits.loc[0, "item_label"], hits.loc[0, "framework_code"], list(hits.loc[0, "matched"])
        ('Information Governance & Data Quality', 'HICP-CF', ['governance', 'information'])
        """
        return _frame(self._graph.search(text, kind, framework, k))

    def validate(
        self,
        shapes: str | bytes | os.PathLike[str] | Graph | None = None,
        format: str | None = None,
        graph: str | None = None,
    ) -> pandas.DataFrame:
        '''Validates the graph against SHACL Core shapes: the bundled ones (violations and warnings),
        or any others, such as a professional body's own shapes for a framework it receives.

        :param shapes: ``None`` for the bundled shapes; a path (``pathlib.Path``, or a one-line
            string naming a file) or RDF text holding shapes; or a :class:`Graph` whose default
            graph holds them (possibly this graph).
        :param format: the format of ``shapes`` as in :meth:`load`; by default from the file
            extension, or Turtle for text.
        :param graph: the IRI of a named graph to validate instead of the default graph.
        :return: one row per result (``focus_node``, ``path``, ``value``, ``constraint``,
            ``severity``, ``shape``, ``message``, ``shapes_file``); empty when the data conforms.
            ``report.attrs["conforms"]`` is ``sh:conforms``: true when there is no result of
            any severity.
        :rtype: pandas.DataFrame
        :raises SyntaxError: for malformed shapes RDF, with ``filename``, ``lineno`` and ``offset``.
        :raises FileNotFoundError: if the shapes file does not exist.
        :raises ValueError: for shapes that are not well-formed SHACL, an unknown format, or an
            unknown or invalid graph name.

        >>> report = Graph().validate()
        >>> int((report["severity"] == "violation").sum())
        0
        >>> g = Graph(bundled=False)
        >>> g.load('<http://example.com/a> a <http://example.com/Role> .')
        >>> shapes = """@prefix sh: <http://www.w3.org/ns/shacl#> .
        ... <http://example.com/S> a sh:NodeShape ; sh:targetClass <http://example.com/Role> ;
        ...     sh:property [ sh:path <http://example.com/title> ; sh:minCount 1 ] ."""
        >>> report = g.validate(shapes)
        >>> report.attrs["conforms"], report.loc[0, "focus_node"], report.loc[0, "constraint"]
        (False, 'http://example.com/a', 'http://www.w3.org/ns/shacl#MinCountConstraintComponent')
        '''
        given = shapes._graph if isinstance(shapes, Graph) else shapes
        raw, conforms = self._graph.validate(given, format, graph)
        found = _frame(raw)
        found.attrs["conforms"] = conforms
        return found

    def framework_overlap(
        self, frameworks: Sequence[str] | None = None, method: str = "crosswalk", min_score: float = 0.4
    ) -> pandas.DataFrame:
        """For each ordered pair of frameworks (A then B, in the order given, never swapped): how many
        of A's items map to B and how, with the counts behind every share. Curated mappings
        (recorded by people, with provenance) and suggested matches (computed from wording) are
        counted in separate columns; ``covered_*``, ``share_*`` and ``score`` count what ``method``
        names (for ``"both"``: the union, each item pair once).

        Columns:

        - ``framework_a``, ``framework_a_label``, ``framework_a_code`` and ``framework_b``,
          ``framework_b_label``, ``framework_b_code``: the pair;
        - ``method``: ``crosswalk``, ``lexical`` or ``both``;
        - ``items_a``, ``items_b``: items of each framework (the denominators);
        - ``exact``, ``close``, ``broad``, ``narrow``, ``related``: curated mappings of each kind,
          read from A (B broader than an A item is ``broad``); ``curated_mappings`` their sum and
          ``curated_pairs`` the distinct item pairs;
        - ``mapped_a_exact``, ``mapped_a_close``, ``mapped_a_broad``, ``mapped_a_narrow``,
          ``mapped_a_related``: items of A with a curated mapping of that kind;
        - ``curated_a``, ``curated_b``: items with at least one curated mapping, and
          ``curated_share_a`` (curated_a / items_a), ``curated_share_b``;
        - ``suggested_pairs``, ``suggested_new_pairs`` (not curated), ``suggested_a``,
          ``suggested_b``: wording matches at ``min_score`` (only for ``"lexical"`` and ``"both"``);
        - ``matched_pairs``, ``covered_a``, ``covered_b``: pairs and items counted under ``method``;
        - ``share_a`` (covered_a / items_a), ``share_b``, and ``score`` ((covered_a + covered_b) /
          (items_a + items_b)).

        Every count is int64; shares are floats from 0 to 1.

        :param frameworks: a list of two or more codes, names or IRIs (default: every framework
            with mappings, in IRI order, pairs without any match left out).
        :param method: ``"crosswalk"`` (curated mappings), ``"lexical"`` (suggested wording
            matches) or ``"both"``.
        :param min_score: the similarity threshold for suggested matches.
        :rtype: pandas.DataFrame
        :raises TypeError: for a single name instead of a list, or a name that is not a string.
        :raises ValueError: for fewer than two frameworks or an unknown method.

        >>> g = Graph()
        >>> row = g.framework_overlap(["NCF", "DDaT"]).iloc[0]
        >>> (row["framework_a_code"], int(row["curated_a"]), int(row["items_a"]))
        ('NCF', 3, 3)
        """
        return _frame(self._graph.framework_overlap(frameworks, method, min_score))

    def crosswalk(self, a: str, b: str) -> pandas.DataFrame:
        """The item-level mappings between two frameworks, in either direction, with their
        provenance (justification, confidence, author, date).

        Columns: ``subject``, ``subject_label`` (the item of ``a``); ``predicate`` (the SKOS mapping
        property read from ``a`` to ``b``); ``kind`` (``exact_match``, ``close_match``,
        ``broad_match``, ``narrow_match``, ``related_match``); ``object``, ``object_label`` (the item
        of ``b``); ``inverted`` (the mapping was stated from ``b`` to ``a``); ``mapping`` (the
        ``wg:Mapping`` node); ``justification`` (SEMAPV IRI); ``confidence`` (curators', 0-1);
        ``similarity_score`` (the matcher's score 0-1 for a program's proposal, else empty);
        ``author``, ``author_label``; ``date``; ``topic``; ``comment``; ``sources`` (list of IRIs).

        :rtype: pandas.DataFrame
        """
        return _frame(self._graph.crosswalk(a, b))

    def suggest_mappings(
        self, a: str, b: str, min_score: float = 0.4, synonyms: bool = True, include_mapped: bool = False
    ) -> pandas.DataFrame:
        """Candidate mappings between two frameworks by TF-IDF cosine similarity of labels and
        definitions, with abbreviations and synonyms taken from the graph; each with its score and
        the words that matched. Pairs already mapped are left out unless ``include_mapped``.

        Columns: ``subject``, ``subject_label`` (item of ``a``); ``object``, ``object_label`` (item
        of ``b``); ``score`` (cosine, 0-1); ``matched_words`` (list of the words that contributed
        most) with ``matched_weights`` (list of their contributions); ``already_mapped`` (the SKOS
        property of a curated mapping of the pair, if any).

        :rtype: pandas.DataFrame
        """
        return _frame(self._graph.suggest_mappings(a, b, min_score, synonyms, include_mapped))

    def accept_mappings(
        self, rows: Any, author: str | None = None, confidence: float | None = None
    ) -> list[str]:
        """Stores mappings a person accepted (e.g. rows of :meth:`suggest_mappings`) as curated
        mappings with provenance. Columns: ``subject``, ``object`` and optionally ``predicate``
        (default ``skos:closeMatch``), ``confidence`` (the reviewer's confidence, 0 to 1),
        ``score`` or ``similarity_score`` (the matcher's score that proposed the pair, stored
        apart as ``wg:similarityScore``, SSSOM's ``similarity_score``), ``author``,
        ``justification``, ``comment``, ``topic``, ``date``. All or nothing.

        :param rows: a pandas or polars DataFrame, or an iterable of dicts, with those columns
            (keys); a missing value (``None``, NaN, ``NA``) is as if the column were absent.
        :param author: the author of rows without one: an IRI (``wgid:`` abbreviates the data
            namespace), or a plain name, which becomes an agent of that name in the data namespace.
        :param confidence: the reviewer's confidence for rows without a ``confidence`` value; a
            row with neither is refused (the matcher's score is never taken for it).
        :return: the IRIs of the new mapping nodes.
        :rtype: list[str]
        :raises ValueError: for a row without subject, object or confidence, or a bad value
            (the message names the row, counted from 0).
        :raises TypeError: if ``rows`` is not a table or an iterable of dicts.
        """
        return self._graph.accept_mappings(_accepted_rows(rows, confidence), author)

    def mapping_quality(self, thresholds: Sequence[float] = (0.2, 0.3, 0.4, 0.5)) -> pandas.DataFrame:
        """Precision and recall of :meth:`suggest_mappings` against the curated crosswalks, per
        framework pair and overall (``code_a == "(all)"``), at each threshold.

        Columns: ``min_score``; ``code_a``, ``code_b`` (framework codes, ``(all)`` for the overall
        row); ``curated_pairs`` (curated mappings of the pair); ``precision``, ``recall``, ``f1``;
        ``true_positives``, ``false_positives``, ``false_negatives`` (counts).

        :rtype: pandas.DataFrame
        """
        return _frame(self._graph.mapping_quality(list(thresholds)))

    def framework_gaps(self, a: str, b: str, max_hops: int = 4) -> pandas.DataFrame:
        """The items of framework ``a`` with no direct mapping to ``b``; where one is reachable
        through other frameworks or the hierarchy, the strongest path and its strength.

        Columns: ``item``, ``item_label`` (the item of ``a``); ``target``, ``target_label`` (the
        item of ``b`` reached, if any); ``path`` (the path written out); ``strength`` (0-1, 0 when
        nothing is reached); ``hops`` (number of steps); ``steps`` (list of the steps, each a dict).

        :rtype: pandas.DataFrame
        """
        return _frame(self._graph.framework_gaps(a, b, max_hops))

    def role_overlap(
        self, min_shared: int = 5, framework: str | None = None, essential_only: bool = False
    ) -> pandas.DataFrame:
        """Every pair of roles (or role levels: whatever carries requirements) sharing at least
        ``min_shared`` competencies, computed by the native engine on both cores.

        Columns: ``a``, ``a_label``, ``b``, ``b_label`` (the two role levels, or roles without
        levels; ``a`` sorts before ``b``); ``shared`` (number of competencies both need).

        :param framework: keep pairs within this framework (code, name or IRI).
        :rtype: pandas.DataFrame
        :raises NoRequirementsError: when no role of ``framework`` has requirements.
        """
        return _frame(self._graph.role_overlap(min_shared, framework, essential_only))

    def similar_roles(self, role: str, k: int = 10) -> pandas.DataFrame:
        """The ``k`` roles most like ``role`` by shared requirements (weighted Jaccard: essential 1,
        optional 0.5, times level agreement), with the shared and missing competencies.

        How a role is named, in every role analysis (:meth:`similar_roles`, :meth:`skill_gap`,
        :meth:`next_roles`): by IRI, by code (``skos:notation``) or by exact name (ignoring case).
        Requirements belong to role levels ("Senior data analyst"); a role with levels ("Data
        analyst", the role) stands for every one of its levels, and each level gets its own rows
        (``query`` says which). A role's name wins over a level with the same name: pass the
        level's IRI (from :meth:`role_levels`) to analyse that level alone.

        Columns: ``query`` (IRI of the role level compared; its label and role are in
        :meth:`role_levels`); ``role``, ``role_label`` (a similar role level, or role without
        levels); ``score`` (0-1); ``shared`` (number of shared competencies);
        ``shared_competencies``, ``missing_competencies`` (lists of IRIs: needed by both, needed by
        the query only) with ``shared_competencies_label``, ``missing_competencies_label``.

        :param role: an IRI, code or exact name of a role or role level.
        :rtype: pandas.DataFrame
        :raises UnknownNameError: for an unknown name (it lists close matches across every
            framework, and where the coding frame places the name as a job title).
        :raises NoRequirementsError: when the role has no requirements in the graph (it names the
            frameworks that have some).

        >>> g = Graph()
        >>> similar = g.similar_roles("Senior data analyst", k=3)
        >>> len(similar), similar["query"].iloc[0].rsplit("/", 1)[-1]
        (3, 'senior-data-analyst')
        """
        return _frame(self._graph.similar_roles(role, k))

    def skill_gap(self, from_role: str, to_role: str) -> pandas.DataFrame:
        """What moving from one role (level) to another asks for: one row per competency the target
        needs, with the required and current levels by their names on the framework's own scale
        and their 0-1 positions beside them. Roles are named as in :meth:`similar_roles`; a role
        with levels stands for each of its levels, so two such roles give every pair of levels
        (``from_role`` and ``to_role`` say which).

        ``status`` is ``gain`` (the current role does not need it), ``partly_met`` (it does not,
        but needs a competency a curated crosswalk maps to it: ``via`` and ``mapping`` name them),
        ``raise`` (needed at a lower level) or ``met`` (at the same or a higher level, or one of the
        levels is not stated: see ``levels_compared``).

        Columns: ``from_role``, ``from_role_label``, ``to_role``, ``to_role_label``;
        ``competency``, ``competency_label``; ``status``; ``essential``; ``required_level``,
        ``required_level_label``, ``required_level_normalised`` (0-1); ``current_level``,
        ``current_level_label``, ``current_level_normalised`` (for ``partly_met``, the level of the
        mapped competency); ``levels_compared``; ``via``, ``via_label`` (the current role's mapped
        competency); ``mapping`` (the curated mapping's IRI), ``mapping_predicate`` (its SKOS
        property).

        :rtype: pandas.DataFrame
        :raises UnknownNameError: for an unknown name.
        :raises NoRequirementsError: when either role has no requirements in the graph.

        >>> g = Graph()
        >>> gap = g.skill_gap("Senior data analyst", "Lead data scientist")
        >>> sorted(set(gap["status"]))
        ['gain', 'raise']
        >>> gap.loc[gap["status"] == "raise", ["current_level_label", "required_level_label"]].iloc[0].tolist()
        ['Practitioner', 'Expert']
        """
        return _frame(self._graph.skill_gap(from_role, to_role))

    def coverage_gaps(
        self, by: str = "professional_body", predicates: list[str] | None = None, max_bodies: int = 0
    ) -> pandas.DataFrame:
        """What professional bodies cover, item by item, and what has no coverage recorded: required
        competencies, specialist areas, frameworks, roles and role levels covered by at most
        ``max_bodies`` bodies.

        A body covers an item **directly** when it (or one of its offers: a registration, a
        qualification, a membership grade...) is recorded as covering the item itself, and **through
        a broader node** when it covers something the item sits under: the item's framework, an
        ancestor area (``skos:broader``) or, for a role level, its role. The bundled data records
        coverage of whole frameworks and specialist areas, never of single DDaT skills, so most
        DDaT rows are ``not_recorded``: the graph cannot say whether a body covers them.

        Columns (one row per item):

        - ``kind``: ``competency`` (required by a role), ``specialist_area``, ``framework``,
          ``role``, ``role_level`` or ``other`` (e.g. a seniority or scale level a body covers);
        - ``item``, ``item_label``: its IRI and label;
        - ``status``: ``direct``, ``via_broader`` (covered only through a broader node),
          ``uncovered`` (no body, although coverage is recorded for other items of its framework)
          or ``not_recorded`` (no body, and nothing in its framework has any coverage recorded);
        - ``frameworks``, ``frameworks_label``, ``frameworks_code``: lists, the frameworks (schemes)
          it is in (a framework is its own);
        - ``bodies`` (int64): distinct bodies covering it, ``direct_bodies + via_bodies``;
        - ``direct_bodies`` (int64): bodies covering the item itself;
        - ``via_bodies`` (int64): bodies covering it only through a broader node (a body doing
          both counts as direct);
        - ``covered_by``, ``covered_by_label``: lists, the IRIs and names of those bodies;
        - ``via``, ``via_label``: lists, the broader nodes through which it is covered;
        - ``essential_roles``, ``all_roles`` (int64): role levels (or roles) needing a competency
          as essential, and at all; 0 for other kinds.

        :param by: only ``"professional_body"``.
        :param predicates: the coverage predicates (default ``wg:covers``).
        :param max_bodies: keep items whose ``bodies`` (direct and through broader nodes, each body
            counted once) is at most this; 0 keeps the ``uncovered`` and ``not_recorded`` rows.
        :rtype: pandas.DataFrame

        >>> gaps = Graph().coverage_gaps()
        >>> sorted(set(gaps["status"]))
        ['not_recorded', 'uncovered']
        """
        return _frame(self._graph.coverage_gaps(by, predicates, max_bodies))

    def coverage_matrix(self, by: str = "area", predicates: list[str] | None = None) -> pandas.DataFrame:
        """Which body covers which specialist area (``by="area"``) or framework (``by="framework"``):
        one row per body that covers anything and per area or framework, every pair present, so
        overlaps (several bodies on one column) and blanks (a column of ``not_recorded``) both show.

        Columns:

        - ``body``, ``body_label``, ``body_code``: the body's IRI, name and abbreviation;
        - ``area``, ``area_label``, ``area_code`` (or ``framework``, ``framework_label``,
          ``framework_code``): the column;
        - ``status``: ``direct`` (the body or an offer covers it itself), ``via_broader`` (covers a
          broader node it sits under), ``partial`` (frameworks only: covers some items inside it,
          not the whole) or ``not_recorded`` (the graph records no coverage of it by this body);
        - ``covered_items``, ``items`` (int64, frameworks only): items inside the framework the
          body covers directly, and the framework's items (as counted by
          :meth:`framework_overlap`);
        - ``through``, ``through_label``: lists, the offers (or the body itself) whose coverage
          makes the cell.

        :param by: ``"area"`` or ``"framework"``.
        :param predicates: the coverage predicates (default ``wg:covers``).
        :rtype: pandas.DataFrame

        >>> m = Graph().coverage_matrix("framework")
        >>> m.set_index(["body_code", "framework_code"]).loc[("CILIP", "PKSB"), "status"]
        'direct'
        """
        return _frame(self._graph.coverage_matrix(by, predicates))

    def career_moves(
        self,
        moves: Any,
        *,
        frame: str | None = None,
        by: str = "area",
        columns: tuple[str, str, str, str] | None = None,
    ) -> CareerMoves:
        """Career moves counted on a coding frame: the specialist-area by specialist-area and the
        seniority by seniority matrices that the Health Informatics Career Pathways report drew as
        its heatmap, with the share of moves that stay within an area.

        Each move is a row with the earlier and later job's specialist area and seniority level,
        named by label, alternative label, abbreviation, notation or IRI (case does not matter); a
        missing value leaves that move out of that axis only. An unknown name fails the call,
        naming the row and listing close matches.

        :param moves: a pandas or polars DataFrame, or an iterable of dicts.
        :param frame: the coding frame (IRI, label or notation); the only one in the graph by default.
        :param by: ``"area"`` (the 19 areas of the bundled frame) or ``"group"`` (their groupings).
        :param columns: the column names for (from area, to area, from level, to level); by default
            ``("from_area", "to_area", "from_level", "to_level")``.
        :rtype: workforce_graph.careers.CareerMoves
        :raises UnknownNameError: for a name that matches no code.

        ``areas`` and ``seniority`` are count matrices whose index and columns are the codes'
        labels; ``moves`` is a table with the columns ``from_area``, ``to_area``, ``from_level``,
        ``to_level`` (IRIs of the codes each name resolved to), ``same_area`` (bool) and
        ``seniority_change`` (``up``, ``same_level``, ``down``, or null when not comparable).

        >>> g = Graph()
        >>> moves = [
        ...     {"from_area": "BI", "to_area": "Data Warehousing", "from_level": "Standard Role", "to_level": "Manager"},
        ...     {"from_area": "IG", "to_area": "IG", "from_level": "Manager", "to_level": "Manager"},
        ... ]
        >>> result = g.career_moves(moves)
        >>> int(result.areas.loc["Business Intelligence & Analysis", "Data Warehousing"])
        1
        >>> result.within_area_share
        0.5
        """
        parts = self._graph.career_moves(read_moves(moves, columns), frame, by)
        return CareerMoves(
            areas=count_matrix(*parts["areas"]),
            seniority=count_matrix(*parts["seniority"]),
            within_area_share=parts["within_area_share"],
            summary=parts["summary"],
            moves=_frame(parts["moves"]),
        )

    def next_roles(self, role: str, k: int = 5) -> pandas.DataFrame:
        """The ``k`` most plausible next roles for ``role``: roles (or role levels) that share its
        requirements and are not a step down, scored by ``factor * (transfer + similarity) / 2``:
        ``transfer`` is the share of the role's requirements the next role also needs,
        ``similarity`` the weighted score of :meth:`similar_roles`. The next level of the same role is
        a ``promotion`` (factor 1); another role whose seniority (mean normalised required level) is
        higher is a ``step_up`` (0.8, or 0.5 for a jump of more than 0.3 or past the next level of
        the same role); about the same seniority, or unknown, is ``lateral`` (0.6). Each row lists
        the shared competencies and those to gain.

        ``role`` is named as in :meth:`similar_roles`: a role with levels stands for every one of
        its levels, and each gets its own ``k`` rows (``query`` says which).

        Columns: ``query``, ``query_label`` (the role level the row starts from); ``role``,
        ``role_label`` (the next role level, or role without levels); ``level_of``,
        ``level_of_label`` (the role it is a level of); ``step`` (``promotion``, ``step_up``,
        ``lateral``); ``score``, ``similarity``, ``transfer`` (0-1); ``seniority_from``,
        ``seniority_to`` (mean normalised required level, 0-1, null when no level is stated);
        ``shared``, ``to_gain`` (counts); ``shared_competencies``, ``competencies_to_gain`` (lists of
        IRIs) with ``shared_competencies_label``, ``competencies_to_gain_label``.

        :param role: an IRI, code or exact name of a role or role level.
        :rtype: pandas.DataFrame
        :raises UnknownNameError: for an unknown name (it lists close matches).
        :raises NoRequirementsError: when the role has no requirements in the graph.

        >>> g = Graph()
        >>> next_roles = g.next_roles("Associate data analyst", k=3)
        >>> next_roles.loc[0, "role_label"], next_roles.loc[0, "step"]
        ('Data analyst', 'promotion')
        """
        return _frame(self._graph.next_roles(role, k))

    def evidence_gaps(self, since: int | None = None, include_covered: bool = False) -> pandas.DataFrame:
        """Topics, specialist areas and frameworks with no evidence, evidence without a year, or
        (with ``since``) only evidence older than that year, from the publications that concern
        them (``wg:concerns`` and its sub-properties). Each row lists the publications found, newest
        first, so it can be checked. A publication without a year that a framework cites as its
        own source (the framework document) takes the framework's year.

        Columns: ``kind`` (``topic``, ``specialist_area``, ``framework``); ``item``, ``label``;
        ``status``: ``no_evidence``, ``undated`` (publications concern it, none known to be from
        ``since`` or later, some have no year: the graph cannot tell), ``only_older`` (all dated,
        all older) or ``evidenced``; ``publications``, ``recent`` (from ``since`` on), ``undated``
        (no year): int64 counts; ``own_year``: a framework's own year; ``latest_year``: the newest
        publication year; ``evidence``: a list of "title (year)" strings, "(undated)" when no
        year is known.

        :param since: a year; items whose newest publication is older are gaps too.
        :param include_covered: also list the items that are not gaps.
        :rtype: pandas.DataFrame

        >>> g = Graph()
        >>> gaps = g.evidence_gaps(since=2020)
        >>> sorted(set(gaps["status"]))
        ['no_evidence', 'only_older']
        >>> ncf = g.evidence_gaps(since=2020, include_covered=True).set_index("item").loc[
        ...     "https://w3id.org/workforce-graph/id/framework/ncf-data-professionals"]
        >>> (ncf["status"], int(ncf["own_year"]), ncf["evidence"][0].endswith("(2023, the framework's year)"))
        ('evidenced', 2023, True)
        """
        return _frame(self._graph.evidence_gaps(since, include_covered))

    def code_job_titles(
        self, titles: Any, *, frame: str | None = None, min_confidence: float = 0.5
    ) -> pandas.DataFrame:
        """Codes free-text job titles on a coding frame: each title's specialist area and seniority
        level, how sure the coding is, and the words that decided it.

        The words are the graph's: each code's labels, alternative and hidden labels and
        abbreviations (``BI``, ``IG``, ``PMO``, ``EPR``, ``IM&T``, ``CCIO`` ...), with
        ``wg:fallbackLabel`` cues that count only when nothing more specific is named and the frame's
        ``wg:unmarkedLevel`` for a title without a seniority word. Edit those triples to change the
        coding. The area follows the title's last cue word (``EPR Trainer`` is a trainer), the
        seniority its first (``Senior Project Manager`` is senior); the confidence is the winner's
        share of all the cue weight on that axis. A title below ``min_confidence`` on an axis, or
        without any cue, stays uncoded there and the ``*_reason`` column says why.

        :param titles: job titles: a list, a pandas Series (the result keeps its index) or any
            iterable of text; missing values (None, NaN) come back uncoded.
        :param frame: the coding frame (IRI, label or notation); the only one in the graph by default.
        :param min_confidence: the share (0 to 1) below which an axis stays uncoded.
        :rtype: pandas.DataFrame
        :raises UnknownNameError: for an unknown coding frame.

        Columns: ``title``; ``area`` (IRI), ``area_label``, ``area_confidence``, ``area_words``,
        ``area_reason``; ``seniority`` (IRI), ``seniority_label``, ``seniority_confidence``,
        ``seniority_words``, ``seniority_reason``.

        >>> g = Graph()
        >>> coded = g.code_job_titles(["Head of Information Governance", "Senior BI Developer", "Astronaut"])
        >>> for row in coded.head(2).itertuples():
        ...     print(f"{row.area_label} | {row.seniority_label}")
        Information Governance & Data Quality | Head of Service
        Business Intelligence & Analysis | Senior or Specialist Role
        >>> coded["area"].isna().tolist()
        [False, False, True]
        >>> coded.loc[1, "area_words"], coded.loc[1, "seniority_words"]
        (['BI Developer'], ['Senior'])
        >>> coded.loc[2, "area_reason"]
        'no word of the title names a specialist area'
        """
        if isinstance(titles, str):
            raise TypeError("code_job_titles takes a list or Series of titles, not one string")
        # A pandas Series keeps its index (it has an index and a dtype; a list has an `index`
        # method only).
        index = titles.index if hasattr(titles, "index") and hasattr(titles, "dtype") else None
        values = [_rows.text_cell(title, "a job title") for title in titles]
        return _frame(self._graph.code_job_titles(values, frame, min_confidence), index=index)

    # Shared graphs on SPARQL servers.

    @staticmethod
    def connect(
        endpoint: str,
        *,
        update_endpoint: str | None = None,
        store_endpoint: str | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        headers: Mapping[str, str] | None = None,
        default_graph: str | None = None,
    ) -> RemoteGraph:
        """Connects to a SPARQL server (Virtuoso, GraphDB, Fuseki, Neptune, QLever, ``oxigraph
        serve``...): the same ``query``, ``update``, ``len``, ``named_graphs``, ready-made tables
        and analyses, run against the shared graph. Nothing is sent until the first request.

        :param endpoint: the query URL (``http://host:7878/query`` for ``oxigraph serve``).
        :param update_endpoint: the SPARQL Update URL; by default ``endpoint``
            (``http://host:7878/update`` for ``oxigraph serve``).
        :param store_endpoint: the Graph Store Protocol URL (``http://host:7878/store``).
        :param auth: ``(user, password)`` for HTTP Basic authentication.
        :param timeout: seconds each request may take.
        :param headers: extra HTTP headers for every request.
        :param default_graph: the graph queries read as their default graph
            (``default-graph-uri``), also the one push and pull use when given no graph and the one
            ``len()`` counts; needed on Virtuoso, whose default graph is the union of all its graphs.
            As the SPARQL protocol says, those queries then see no named graphs: query ``GRAPH``
            patterns through a connection without it.
        :rtype: workforce_graph.RemoteGraph
        :raises ValueError: if an endpoint is not an http(s) URL.

        >>> remote = Graph.connect("http://127.0.0.1:7878/query", update_endpoint="http://127.0.0.1:7878/update")
        >>> remote.update_endpoint
        'http://127.0.0.1:7878/update'
        """
        from workforce_graph.remote import RemoteGraph

        return RemoteGraph(
            endpoint,
            update_endpoint=update_endpoint,
            store_endpoint=store_endpoint,
            auth=auth,
            timeout=timeout,
            headers=headers,
            default_graph=default_graph,
        )

    @classmethod
    def pull(cls, source: RemoteGraph | str, graph: str | None = None) -> Self:
        """Fetches the default graph of a SPARQL server, or its named graph ``graph``, into a new
        in-memory graph, in one streamed request; nothing is kept if it fails half-way.

        :param source: a :class:`RemoteGraph` from :meth:`connect`, or a query endpoint URL.
        :param graph: the IRI of a named graph on the server.
        :rtype: Graph
        :raises EndpointUnreachableError: when the server cannot be reached.
        """
        return cls._from_native(_core.Graph.pull(_endpoint(source), graph))

    def push(
        self,
        destination: RemoteGraph | str,
        graph: str | None = None,
        *,
        replace: bool = False,
        progress: bool = True,
    ) -> dict[str, int]:
        """Publishes this graph's default graph to a SPARQL server: into the server's default graph,
        or its named graph ``graph``, added to what is there or, with ``replace=True``, replacing
        it. Sent in chunks of 50,000 triples with a progress bar, into a staging graph that one
        SPARQL Update then puts in place, writing only the triples that changed: a push that fails
        half-way leaves the server's target graph as it was.

        :param destination: a :class:`RemoteGraph` from :meth:`connect` (with ``store_endpoint``
            for the Graph Store Protocol), or a URL that takes queries and updates.
        :param graph: the IRI of the named graph to write on the server.
        :param replace: replace the target graph instead of adding to it.
        :param progress: show a progress bar.
        :return: ``triples`` sent and ``chunks`` (requests) used.
        :rtype: dict[str, int]
        :raises EndpointUnreachableError: when the server cannot be reached.
        :raises HTTPStatusError: when the server refuses a request.
        """
        return self._graph.push(_endpoint(destination), graph, replace, _progress_start(progress))


def _endpoint(server: RemoteGraph | str) -> _core.RemoteEndpoint | str:
    """The native endpoint of a :class:`RemoteGraph`; a URL as it is (anything else is refused
    by the native side with a ``TypeError``)."""
    from workforce_graph.remote import RemoteGraph

    return server._remote if isinstance(server, RemoteGraph) else server
