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

import datetime
from collections.abc import Mapping
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
# Up to this many rows, text goes to pandas as Python strings (see `analysis_frame`).
_FEW = 64


def analysis_frame(table: Any, index: Any = None) -> pd.DataFrame:
    """An analysis's table as a DataFrame of the convention. ``table`` is anything exporting an
    Arrow stream (``__arrow_c_stream__``): the native module's ``AnalysisTable``, whose columns
    the core declares with their types. Text becomes Python strings (missing ones missing), counts
    ``int64``, nullable whole numbers ``Int64``, reals ``float64`` (missing ones NaN), flags
    ``bool`` (``object`` with ``None`` where one is unknown), lists Python lists and records dicts
    in each cell (an empty table keeps these types, text and lists as ``object``); then
    :func:`frame` applies the rest of the convention (dates).
    """
    import pyarrow

    # One batch, always (also when empty): the native module sends the table whole.
    batch = pyarrow.RecordBatchReader.from_stream(table).read_next_batch()
    columns: dict[str, Any] = {}
    for field, column in zip(batch.schema, batch.columns, strict=True):
        kind = field.type
        if pyarrow.types.is_list(kind):
            # An empty list of lists would make a float column.
            columns[field.name] = column.to_pylist() if len(column) else np.empty(0, dtype=object)
        elif pyarrow.types.is_integer(kind) and field.nullable:
            columns[field.name] = pd.array(column.to_pylist(), dtype="Int64")
        elif (
            _TEXT is not None
            and pyarrow.types.is_string(kind)
            and len(column) > _FEW
            and column.null_count < len(column)
        ):
            # Kept in Arrow, where pandas would store these strings anyway, instead of making a
            # Python string of each (all-pairs role_overlap: 17 -> 14 ms); the same dtype as
            # pandas infers for the Python strings, which cost less for a few rows.
            columns[field.name] = pd.array(column, dtype=_TEXT)
        else:
            # Text as Python strings (None where missing), counts int64, reals float64 with NaN,
            # flags bool (object with None where one is unknown).
            columns[field.name] = column.to_numpy(zero_copy_only=False)
    return frame(columns, index=index)


def frame(
    data: Mapping[str, Any] | pd.DataFrame,
    *,
    dtypes: Mapping[str, str] | None = None,
    index: Any = None,
) -> pd.DataFrame:
    """A DataFrame of the convention from columns (a mapping of column name to values, or a
    query's DataFrame): ``x__pairs`` (``iri<US>label`` items joined by ``<RS>``) becomes the list
    columns ``x`` and ``x_label``; ``x__list`` the list column ``x`` (sorted); ``date`` and
    ``*_date`` text becomes dates; ``dtypes`` are applied (so counts stay ``int64`` in an empty
    table); whole-number float columns with gaps (a year, a rank) become ``Int64``. Columns keep
    their names: an analysis names them as the table does. ``index`` is the rows' index (a
    query's DataFrame keeps its own).

    >>> table = frame({"skills__pairs": ["b\x1fBeta\x1ea\x1fAlpha", ""], "year": [2020, None]})
    >>> table.loc[0, "skills"], table.loc[0, "skills_label"], table["year"].tolist()
    (['a', 'b'], ['Alpha', 'Beta'], [2020, <NA>])
    """
    if isinstance(data, pd.DataFrame) and index is None:
        index = data.index
    columns: dict[str, Any] = {}
    for name, values in data.items():
        if name.endswith(PAIRS):
            base = name[: -len(PAIRS)]
            split = [_pairs(cell) for cell in values]
            columns[base] = [iris for iris, _ in split]
            columns[f"{base}_label"] = [labels for _, labels in split]
        elif name.endswith(LIST):
            columns[name[: -len(LIST)]] = [sorted(_split(cell), key=str.lower) for cell in values]
        elif (name == "date" or name.endswith("_date")) and any(isinstance(v, str) for v in values):
            columns[name] = pd.Series([_date(v) for v in values], index=index, dtype=object)
        else:
            columns[name] = values
    # The columns are ours alone, so pandas need not copy the arrays it builds from them (a fifth
    # of the time of a small frame).
    out = pd.DataFrame(columns, index=index, copy=False)
    if dtypes:
        out = out.astype(dict(dtypes))
    for name in out.columns:
        if not _whole_number_column(name):
            continue
        column = out[name]
        if column.dtype == "float64" and column.isna().any():
            present = column.dropna()
            if len(present) and (present == present.round()).all():
                out[name] = column.astype("Int64")
    return out


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
