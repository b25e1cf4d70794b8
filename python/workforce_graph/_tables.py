"""The table convention every DataFrame of workforce-graph follows, and :func:`frame`, the one
function that makes those DataFrames: from the ready-made tables' query results
(``ontology/api/*.rq``) and from the analyses' Arrow tables (:func:`analysis_frame`) alike.

The convention
--------------
- ``x`` holds an IRI; ``x_label`` is its preferred label and ``x_code`` its code
  (``skos:notation``) where one exists. A ``x_label`` or ``x_code`` column always sits beside
  its ``x``.
- Several values are a list column (a Python list in each cell, never text joined by ``" | "``).
  A list of IRIs ``xs`` has its labels in ``xs_label``, in the same order.
- Counts and other whole numbers are ``int64`` (nullable ``Int64`` where a value can be missing,
  such as a year or a rank); shares, scores and 0-1 positions are ``float64``.
- Categorical columns (``kind``, ``status``, ``step``, ``axis``, ``severity``,
  ``requirement_type``) take snake_case values from one vocabulary shared by every table
  (``competency``, ``competency_area``, ``specialist_area``, ``role``, ``role_level``,
  ``gain``, ``partly_met``, ``promotion``, ``step_up``, ...).
- A column named ``date`` or ``*_date`` holds dates (``datetime.date``); a date published only
  as a year or a month is text in a column that says so (``issued``, ``reference_date``), with the
  year as an integer in ``year``.
- ``source`` is the IRI of the document a fact comes from.

Each method's docstring lists its columns and what they mean.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import gc
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import pyarrow

__all__ = ["analysis_frame", "arrow_to_pandas", "frame"]

_ITEM = "\x1e"
_PAIR = "\x1f"
PAIRS = "__pairs"
LIST = "__list"


def _split(cell: Any) -> list[str]:
    if not isinstance(cell, str) or not cell:
        return []
    return [part for part in cell.split(_ITEM) if part]


def _pairs(cell: Any) -> tuple[list[str], list[str | None]]:
    pairs = []
    for part in _split(cell):
        iri, _, label = part.partition(_PAIR)
        if not iri:
            # A pair built from an unbound IRI: a store that concatenates errors as empty text
            # (Virtuoso 7 does) sends it for a group with no values; there is no item to list.
            continue
        pairs.append((label or None, iri))
    pairs.sort(key=lambda p: ((p[0] or p[1]).lower(), p[1]))
    return [iri for _, iri in pairs], [label for label, _ in pairs]


def arrow_to_pandas(table: pyarrow.Table) -> pd.DataFrame:
    """An Arrow table as pandas, with the nullable ``Int64`` and ``boolean`` dtypes for integer
    and boolean columns, so unbound values stay missing without turning numbers into floats."""
    import pyarrow

    nullable = {pyarrow.int64(): pd.Int64Dtype(), pyarrow.bool_(): pd.BooleanDtype()}
    return table.to_pandas(types_mapper=nullable.get)


def _arrow_text_dtype() -> Any:
    """The dtype pandas gives a column of strings when it stores them in Arrow (pandas 3's
    ``str``), else ``None`` (pandas 2 keeps them as Python objects)."""
    inferred = pd.Series(["text"]).dtype
    return inferred if getattr(inferred, "storage", None) == "pyarrow" else None


_TEXT = _arrow_text_dtype()
_WHOLE = pd.Int64Dtype()


def analysis_frame(table: Any, index: Any = None) -> pd.DataFrame:
    """An analysis's table as a DataFrame of the convention. ``table`` is anything exporting an
    Arrow stream (``__arrow_c_stream__``): the native module's ``AnalysisTable``, whose columns
    the core declares with their types. Text becomes pandas' text dtype (missing values missing;
    a text column with no value, as in an empty table, is ``object``), counts ``int64``, nullable
    whole numbers ``Int64``, reals ``float64`` (missing ones NaN), flags ``bool`` (``object`` with
    ``None`` where one is unknown), lists Python lists and records dicts in each cell (an empty
    table keeps these types, lists as ``object``); then :func:`frame` applies the rest of the
    convention (dates) and builds the DataFrame from these arrays as they are (``declared``).
    """
    import pyarrow

    # One batch, always (also when empty): the native module sends the table whole.
    batch = pyarrow.RecordBatchReader.from_stream(table).read_next_batch()
    with _cells_without_collection():
        columns = {
            field.name: _declared_column(field, column)
            for field, column in zip(batch.schema, batch.columns, strict=True)
        }
    rows = pd.RangeIndex(batch.num_rows) if index is None else index
    if len(rows) != batch.num_rows:
        raise ValueError(f"an index of {len(rows)} labels for a table of {batch.num_rows} rows")
    return frame(columns, index=rows, declared=True)


def _declared_column(field: pyarrow.Field, column: pyarrow.Array) -> Any:
    """One column of an analysis's table (of an Arrow type the core declares,
    ``table::ColumnType``) as the array of its DataFrame column, of its final dtype."""
    import pyarrow

    kind = field.type
    if pyarrow.types.is_list(kind):
        # Lists of text, reals or records.
        return _objects(column.to_pylist())
    if pyarrow.types.is_integer(kind) and field.nullable:
        return _WHOLE.__from_arrow__(column)
    if (
        _TEXT is not None
        and pyarrow.types.is_string(kind)
        and column.null_count < len(column)
        and not _date_column(field.name)
    ):
        # Straight from Arrow, where pandas stores text anyway, rather than through a Python
        # string per cell (all-pairs role_overlap: 17 -> 14 ms). Dates are read from Python
        # strings (missing: None), as `frame` reads them.
        return _TEXT.__from_arrow__(column)
    # Text as Python strings (None where missing), counts int64, reals float64 with NaN, flags
    # bool (object with None where one is unknown).
    return column.to_numpy(zero_copy_only=False)


@contextlib.contextmanager
def _cells_without_collection() -> Iterator[None]:
    """Pauses Python's cyclic garbage collector while a table's cells are made. A list column
    makes one Python list per cell. Left running, the collector starts a young collection every
    700 new lists, and these in turn start full collections that walk every object the process
    holds. Over 20 ``coverage_gaps`` calls on the benchmark graph (78,000 list cells each, half
    the results kept), that was 12 full collections taking 573 ms in all. Paused, each call ends
    with one young collection that takes its new cells in a single pass, and no full collection
    ran (median call 101 -> 75 ms). The lists, dicts and strings made here hold no reference
    cycles, so the collector misses nothing. A collector the caller had paused stays paused."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _objects(values: list[Any]) -> np.ndarray:
    """Values (lists, dicts, dates) as an object array, one per cell: `fromiter` keeps lists of
    one length from becoming a second dimension."""
    return np.fromiter(values, dtype=object, count=len(values))


@functools.lru_cache(maxsize=256)
def _column_labels(names: tuple[str, ...]) -> pd.Index:
    return pd.Index(list(names))


def _column_index(names: tuple[str, ...]) -> pd.Index:
    """The columns' labels as a DataFrame of these columns has them: made once per list of names
    (a tenth of a small frame's time), each frame given its own view, so that naming one frame's
    columns (``columns.name``) leaves the others'."""
    return _column_labels(names).view()


def frame(
    data: Mapping[str, Any] | pd.DataFrame,
    *,
    dtypes: Mapping[str, str] | None = None,
    index: Any = None,
    declared: bool = False,
) -> pd.DataFrame:
    """A DataFrame of the convention from columns (a mapping of column name to values, or a
    query's DataFrame): ``x__pairs`` (``iri<US>label`` items joined by ``<RS>``) becomes the list
    columns ``x`` and ``x_label``; ``x__list`` the list column ``x`` (sorted); ``date`` and
    ``*_date`` text becomes dates; ``dtypes`` are applied (so counts stay ``int64`` in an empty
    table); whole-number float columns with gaps (a year, a rank) become ``Int64``. Columns keep
    their names: an analysis names them as the table does. ``index`` is the rows' index (a
    query's DataFrame keeps its own). With ``declared`` (:func:`analysis_frame`), the columns are
    arrays of their final dtypes, as long as ``index``: pandas takes them as they are, without
    inferring types or copying (two thirds of a small frame's time).

    >>> table = frame({"skills__pairs": ["b\x1fBeta\x1ea\x1fAlpha", ""], "year": [2020, None]})
    >>> table.loc[0, "skills"], table.loc[0, "skills_label"], table["year"].tolist()
    (['a', 'b'], ['Alpha', 'Beta'], [2020, <NA>])
    """
    if isinstance(data, pd.DataFrame) and index is None:
        index = data.index
    columns: dict[str, Any] = {}
    with _cells_without_collection():
        for name, values in data.items():
            if name.endswith(PAIRS):
                base = name[: -len(PAIRS)]
                split = [_pairs(cell) for cell in values]
                columns[base] = _objects([iris for iris, _ in split])
                columns[f"{base}_label"] = _objects([labels for _, labels in split])
            elif name.endswith(LIST):
                columns[name[: -len(LIST)]] = _objects(
                    [sorted(_split(cell), key=str.lower) for cell in values]
                )
            elif _date_column(name) and any(isinstance(v, str) for v in values):
                columns[name] = _objects([_date(v) for v in values])
            else:
                columns[name] = values
    if declared:
        out = pd.DataFrame._from_arrays(
            list(columns.values()),
            columns=_column_index(tuple(columns)),
            index=index,
            verify_integrity=False,
        )
    else:
        # The columns are ours alone, so pandas need not copy the arrays it builds from them (a
        # fifth of the time of a small frame).
        out = pd.DataFrame(columns, index=index, copy=False)
    if dtypes:
        out = out.astype(dict(dtypes))
    for name in columns:
        if not _whole_number_column(name):
            continue
        column = out[name]
        if column.dtype == "float64" and column.isna().any():
            present = column.dropna()
            if len(present) and (present == present.round()).all():
                out[name] = column.astype("Int64")
    return out


def _date_column(name: str) -> bool:
    """Columns that hold dates by their name (a date published only as a year or a month is in a
    column that says so, ``issued``)."""
    return name == "date" or name.endswith("_date")


def _date(value: Any) -> Any:
    """An ISO date text as a ``datetime.date`` (anything else unchanged)."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


def _whole_number_column(name: str) -> bool:
    """Columns that hold whole numbers by their meaning (a year, a rank, a position, a count)."""
    return name in {"year", "founded", "dissolved", "rank", "list_position"} or name.endswith(
        ("_rank", "_year")
    )
